"""JSON: the documented, versioned contract (docs/json.md), written as-is."""

from __future__ import annotations

from typing import Any

from llm_advisor.render.output import Output


def explain(doc: dict[str, Any], out: Output) -> None:
    out.json(doc)


def listing(doc: dict[str, Any], out: Output) -> None:
    out.json(doc)


def recommend(doc: dict[str, Any], out: Output) -> None:
    out.json(doc)


def info(doc: dict[str, Any], out: Output) -> None:
    out.json(doc)
