"""Text: a readable rendering for terminals; colour and styles only on a real terminal."""

from __future__ import annotations

from typing import Any

from llm_advisor.i18n import label
from llm_advisor.output import Output, clean, wrap
from llm_advisor.render.markdown_format import _sections, cell, list_columns

# Short id lists read better on one line than as bullets.
INLINE = {"objectives", "tasks", "examples", "architectures", "metrics", "related", "modality", "family_kind", "generative"}


def explain(doc: dict[str, Any], out: Output) -> None:
    lang = doc["lang"]
    out.line((clean(doc["name"]), "bold cyan"), "  ", (f"[{label(doc['kind'], lang)}: {doc['id']}]", "dim"))
    if doc["aliases"]:
        hanging(out, clean(", ".join(doc["aliases"])), label("aliases", lang) + ": ", "dim")
    if doc.get("resolved_from"):
        out.line((label("via", lang) + ": ", "dim"), clean(doc["resolved_from"]))
    out.line()
    hanging(out, clean(doc["summary"]), "")
    for key, value in _sections(doc):
        if isinstance(value, list) and not value:
            continue
        out.line()
        if key in INLINE:
            shown = ", ".join(value) if isinstance(value, list) else str(value)
            hanging(out, clean(shown), label(key, lang) + ": ", "bold")
            continue
        out.line((label(key, lang), "bold"))
        for item in value if isinstance(value, list) else [value]:
            hanging(out, clean(str(item)), "  • " if isinstance(value, list) else "  ")


def hanging(out: Output, text: str, first: str, first_style: str = "") -> None:
    """`text` wrapped to the output width after `first`, continuation lines indented under it."""
    from llm_advisor.output import cell_width

    indent = cell_width(first) if len(first) <= 6 else 2
    lines = wrap(text, max(20, out.width - max(indent, cell_width(first))))
    for i, line in enumerate(lines):
        lead = (first, first_style) if i == 0 else " " * indent
        out.line(lead, line)


def listing(doc: dict[str, Any], out: Output) -> None:
    from rich.table import Table

    lang = doc["lang"]
    columns = list_columns(doc["kind"])
    table = Table(show_lines=False, header_style="bold")
    for c in columns:
        table.add_column(label(c, lang), overflow="fold")
    for item in doc["items"]:
        table.add_row(*(clean(cell(item, c)) for c in columns))
    out.console.print(table)
    out.err.print(f"{len(doc['items'])} {doc['kind']}", style="dim")
