"""What the catalog loader and compiler share: name normalisation and the walk over a layer's YAML files."""

from __future__ import annotations

import os
from pathlib import Path

from llm_advisor.errors import CatalogError, Problem
from llm_advisor.safeio import printable


def norm(name: str) -> str:
    """Case-, space- and underscore-insensitive form of a name (Chinese is unaffected)."""
    return "-".join(name.casefold().replace("_", " ").split())


MAX_DEPTH = 32  # directory levels under a catalog layer


def catalog_files(directory: Path) -> list[Path]:
    """Every *.yaml / *.yml regular file under `directory` (symlinked directories are not followed).

    Walked with an explicit stack, so depth never costs the Python stack; a tree deeper than MAX_DEPTH
    is a CatalogError (no catalog is laid out like that). Unreadable subdirectories are skipped.
    """
    found: list[Path] = []
    stack: list[tuple[str, int]] = [(os.fspath(directory), 0)]
    while stack:
        top, depth = stack.pop()
        try:
            with os.scandir(top) as entries:
                for entry in entries:
                    kind = _kind(entry)
                    if kind == "dir":
                        if depth + 1 > MAX_DEPTH:
                            message = f"catalog directory nested more than {MAX_DEPTH} levels deep ({printable(entry.path[:200])}…)"
                            raise CatalogError([Problem(printable(str(directory)), None, message)])
                        stack.append((entry.path, depth + 1))
                    elif kind == "yaml":
                        found.append(Path(entry.path))
        except OSError:
            if depth == 0:
                raise
            continue
    return sorted(found)


def _kind(entry: os.DirEntry[str]) -> str | None:
    try:
        if entry.is_dir(follow_symlinks=False):
            return "dir"
        if entry.name.endswith((".yaml", ".yml")) and entry.is_file():
            return "yaml"
    except OSError:
        pass
    return None


def layer_problem(directory: Path) -> str | None:
    """Why `directory` cannot be a catalog layer (missing, not a directory, unreadable), else None."""
    try:
        if directory.is_dir():
            os.scandir(directory).close()
            return None
        return "catalog directory not found"
    except OSError as exc:
        return f"cannot read the catalog directory ({exc.strerror or exc})"
