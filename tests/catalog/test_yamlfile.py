"""Line lookups and syntax errors of the YAML reader."""

from __future__ import annotations

import pytest

from llm_advisor.catalog.yamlfile import YamlSyntaxError, parse

DOC = """\
tasks:
  - id: a
    name:
      en: A
  - id: b
    weights: [1, 2]
"""


def test_line_of_follows_pydantic_locations() -> None:
    doc = parse(DOC)
    assert doc.line_of(["tasks", 0]) == 2
    assert doc.line_of(["tasks", 0, "name", "en"]) == 4
    assert doc.line_of(["tasks", 1, "weights", 1]) == 6
    # a missing field points at its nearest existing parent
    assert doc.line_of(["tasks", 1, "summary"]) == 5


def test_syntax_error_has_a_line() -> None:
    with pytest.raises(YamlSyntaxError) as info:
        parse("a: [1, 2\nb: 3\n")
    assert info.value.line == 2


def test_duplicate_keys() -> None:
    assert parse("a: 1\nb: {c: 1, c: 2}\na: 3\n").duplicate_keys() == [(2, "c"), (3, "a")]
