"""Bounded input: files named by the user are read only when regular, never past a size cap and never
blocking (a FIFO or /dev/zero given as a config is refused, not read); parsed JSON is bounded in depth
and its numbers kept finite and sane before any arithmetic sees them."""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path
from typing import Any

MB = 1024 * 1024
MAX_CATALOG_FILE_BYTES = 5 * MB  # one catalog YAML file; the built-in ones are ~100 KB
MAX_CONFIG_BYTES = 10 * MB  # a model's config.json; real ones are a few KB (multimodal ones ~100 KB)
MAX_JSON_DEPTH = 64
MAX_CONFIG_INT = 10**18  # larger than any real shape or count; beyond it floats overflow in sizing


class InputRefused(Exception):
    """A file or document we will not read; `str()` is one sentence naming it."""


def read_regular(path: Path | str, limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes; InputRefused (a sentence without the file
    name, which the caller adds) for anything else.

    Opened non-blocking, then checked with fstat (no race between the check and the open), so a FIFO,
    a device or a socket never blocks or streams forever. OSError (missing, unreadable, name too long)
    propagates for the caller to word.
    """
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    )
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputRefused("not a regular file (a pipe, device or socket is never read)")
        if info.st_size > limit:
            raise InputRefused(f"larger than the {what} limit of {_size(limit)}")
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, MB))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:  # grew while we read it
        raise InputRefused(f"larger than the {what} limit of {_size(limit)}")
    return data


def _size(limit: int) -> str:
    return f"{limit / MB:g} MB" if limit >= MB else f"{limit} bytes"


def printable(text: str) -> str:
    """Text that every encoder accepts: bytes the OS handed over as lone surrogates (non-UTF-8 file names
    and environment values) are shown as \\xNN escapes, any other lone surrogate as \\uNNNN."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def bounded_json(
    value: Any, *, max_depth: int = MAX_JSON_DEPTH, max_int: int = MAX_CONFIG_INT
) -> tuple[Any, list[str]]:
    """A copy of parsed JSON with integers beyond ±max_int and non-finite floats replaced by None.

    Returns (copy, the dotted paths of the replaced numbers). InputRefused when nested deeper than
    `max_depth` (checked iteratively, so depth never costs the Python stack).
    """
    dropped: list[str] = []
    root: list[Any] = [None]
    # (container to fill, key in it, value to copy, path, depth)
    stack: list[tuple[Any, Any, Any, str, int]] = [(root, 0, value, "", 0)]
    while stack:
        parent, key, item, where, depth = stack.pop()
        if isinstance(item, dict):
            if depth >= max_depth:
                raise InputRefused(f"nested deeper than {max_depth} levels")
            copy: dict[str, Any] = {}
            parent[key] = copy
            for k, v in item.items():
                copy[k] = None
                stack.append((copy, k, v, f"{where}.{k}" if where else str(k), depth + 1))
        elif isinstance(item, list):
            if depth >= max_depth:
                raise InputRefused(f"nested deeper than {max_depth} levels")
            items: list[Any] = [None] * len(item)
            parent[key] = items
            for i, v in enumerate(item):
                stack.append((items, i, v, f"{where}[{i}]", depth + 1))
        elif isinstance(item, bool) or item is None or isinstance(item, str):
            parent[key] = item
        elif isinstance(item, int):
            if -max_int <= item <= max_int:
                parent[key] = item
            else:
                parent[key] = None
                dropped.append(where)
        elif isinstance(item, float):
            if math.isfinite(item):
                parent[key] = item
            else:
                parent[key] = None
                dropped.append(where)
        else:
            parent[key] = item
    return root[0], sorted(dropped)


def load_json_object(
    path: Path, limit: int, what: str = "config.json", bound: bool = True
) -> tuple[dict[str, Any], list[str]]:
    """A JSON object file, bounded: regular, at most `limit` bytes, at most MAX_JSON_DEPTH deep, numbers
    sane (see bounded_json; with bound=False the parsed object as is, for callers that bound it later).
    InputRefused with one sentence otherwise; OSError propagates."""
    import json

    try:
        raw = read_regular(path, limit, what)
    except InputRefused as exc:
        raise InputRefused(f"{printable(str(path))}: {exc}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise InputRefused(f"{printable(str(path))}: nested deeper than {MAX_JSON_DEPTH} levels") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputRefused(f"{printable(str(path))}: not a readable JSON config ({exc})") from None
    if not isinstance(data, dict):
        raise InputRefused(f"{printable(str(path))}: a {what} must be a JSON object")
    if not bound:
        return data, []
    try:
        cleaned, dropped = bounded_json(data)
    except InputRefused as exc:
        raise InputRefused(f"{printable(str(path))}: {exc}") from None
    return cleaned, dropped
