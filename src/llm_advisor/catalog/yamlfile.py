"""Read YAML keeping node line numbers, so problems can be reported as file:line.

Hostile input is bounded before anything walks or validates it: files are read only when regular and
under a size cap (`read_text`), and aliases (`*name`, which let 500 bytes expand to gigabytes — the
"billion laughs") are measured right after composing, while each node still exists exactly once, and
refused when they more than double the document.
libyaml itself caps nesting depth (a syntax error past 1,000 levels).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

try:  # the C loader is ~10x faster; fall back when PyYAML was built without libyaml
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class YamlSyntaxError(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


def read_text(path: Path, limit: int | None = None) -> str:
    """A YAML file's text: regular files of at most `limit` bytes only (YamlSyntaxError, without a line,
    otherwise). UnicodeDecodeError propagates so callers can say "not UTF-8"."""
    from llm_advisor.safeio import MAX_CATALOG_FILE_BYTES, InputRefused, read_regular

    try:
        raw = read_regular(path, MAX_CATALOG_FILE_BYTES if limit is None else limit, "catalog file")
    except InputRefused as exc:
        raise YamlSyntaxError(None, str(exc)) from None
    except OSError as exc:
        raise YamlSyntaxError(None, f"cannot read this file ({exc.strerror or exc})") from None
    return raw.decode("utf-8")


@dataclass
class YamlDoc:
    """A parsed document plus its node tree (for line lookups)."""

    data: Any
    node: yaml.Node | None

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """1-based line of the deepest node on the path `loc` (pydantic-style location).

        A mapping field reports the line of its key, so a missing or wrong field names the line
        where the user wrote (or should have written) it.
        """
        node = self.node
        line = node.start_mark.line + 1 if node is not None else None
        for part in loc:
            step = _child(node, part)
            if step is None:
                break
            node, line = step
        return line

    def duplicate_keys(self) -> list[tuple[int, str]]:
        """(line, key) for every mapping key that appears twice in one mapping."""
        found: list[tuple[int, str]] = []
        stack = [self.node] if self.node is not None else []
        visited: set[int] = set()  # an aliased value is one node: look at it once
        while stack:
            node = stack.pop()
            if id(node) in visited:
                continue
            visited.add(id(node))
            if isinstance(node, yaml.MappingNode):
                seen: set[str] = set()
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode):
                        if key.value in seen:
                            found.append((key.start_mark.line + 1, str(key.value)))
                        seen.add(key.value)
                    stack.append(value)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
        return sorted(found)


def _child(node: yaml.Node | None, part: str | int) -> tuple[yaml.Node, int] | None:
    """The child node at `part` and the line to report for it."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return value, key.start_mark.line + 1
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        child: yaml.Node = node.value[part]
        return child, child.start_mark.line + 1
    return None


def parse(text: str) -> YamlDoc:
    """Parse one YAML document; raise YamlSyntaxError with a 1-based line."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        refused = _expansion_problem(node) if node is not None and "*" in text else None  # no "*", no alias
        if refused:
            raise YamlSyntaxError(_first_alias_line(text), refused)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise YamlSyntaxError(line, f"invalid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(None, f"invalid YAML: {exc}") from None
    except (
        ValueError,
        OverflowError,
    ) as exc:  # a scalar Python cannot convert: a 5,000-digit int, 2026-13-45
        raise YamlSyntaxError(*_bad_scalar(node, exc)) from None
    finally:
        loader.dispose()
    return YamlDoc(data, node)


MAX_ALIAS_GROWTH = 10_000  # nodes aliases may add beyond doubling the document


def _expansion_problem(root: yaml.Node) -> str | None:
    """Why the aliases in a composed document are refused, or None.

    The composer hands out the anchored node itself for every alias, so the node graph is small even
    when its expansion is astronomical (500 bytes of nested aliases expand to ~10^9 nodes: the
    "billion laughs"). Counted here without expanding: each distinct node once, its expanded size from
    its children's (iterative, memoised). Allowed: aliases that at most double the document (plus
    MAX_ALIAS_GROWTH nodes), as in hand-shared lists; refused: more, and recursive aliases.
    """
    size: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            active.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in _children(node))
            continue
        if key in size:
            continue
        if key in active:
            return "a YAML alias refers to a value that contains it (a recursive alias)"
        active.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in active:
                return "a YAML alias refers to a value that contains it (a recursive alias)"
            if id(child) not in size:
                stack.append((child, False))
    distinct, expanded = len(size), size[id(root)]
    if expanded > 2 * distinct + MAX_ALIAS_GROWTH:
        return (
            f"YAML aliases expand this document from {distinct:,} to {expanded:,} values; "
            "at most double is accepted: write the values out in full"
        )
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _first_alias_line(text: str) -> int | None:
    """The 1-based line of the first alias, from the event stream (only on the error path)."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1 if event.start_mark is not None else None
    return None


def _bad_scalar(root: yaml.Node | None, exc: Exception) -> tuple[int | None, str]:
    """(line, message) for the first scalar the constructor cannot convert (only on the error path)."""
    from yaml.constructor import SafeConstructor

    constructor = SafeConstructor()
    stack = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            try:
                constructor.construct_object(node)
            except (ValueError, OverflowError) as bad:
                line = node.start_mark.line + 1
                if node.tag.endswith(":int"):
                    return line, f"a number too long to read ({len(node.value):,} characters)"
                shown = node.value if len(node.value) <= 40 else node.value[:40] + "…"
                return line, f"invalid value {shown!r}: {bad}"
            continue
        stack.extend(reversed(_children(node)))
    return None, f"invalid YAML value: {exc}"
