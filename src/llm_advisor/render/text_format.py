"""Text: a readable rich rendering for terminals (colour off when piped or with NO_COLOR)."""

from __future__ import annotations

from typing import Any

from llm_advisor.i18n import label
from llm_advisor.output import Output, clean
from llm_advisor.render.markdown_format import _sections, cell, list_columns

# Short id lists read better on one line than as bullets.
INLINE = {"objectives", "tasks", "examples", "architectures", "metrics", "related", "modality", "family_kind", "generative"}


def explain(doc: dict[str, Any], out: Output) -> None:
    from rich.text import Text

    lang = doc["lang"]
    con = out.console
    con.print(Text.assemble((clean(doc["name"]), "bold cyan"), "  ", (f"[{label(doc['kind'], lang)}: {doc['id']}]", "dim")))
    if doc["aliases"]:
        con.print(Text.assemble((label("aliases", lang) + ": ", "dim"), clean(", ".join(doc["aliases"]))))
    if doc.get("resolved_from"):
        con.print(Text.assemble((label("via", lang) + ": ", "dim"), clean(doc["resolved_from"])))
    con.print()
    con.print(Text(clean(doc["summary"])))
    for key, value in _sections(doc):
        if isinstance(value, list) and not value:
            continue
        con.print()
        if key in INLINE:
            shown = ", ".join(value) if isinstance(value, list) else str(value)
            con.print(Text.assemble((label(key, lang) + ": ", "bold"), clean(shown)))
            continue
        con.print(Text(label(key, lang), style="bold"))
        for item in value if isinstance(value, list) else [value]:
            _hanging(out, str(item), "  • " if isinstance(value, list) else "  ")


def _hanging(out: Output, text: str, first: str) -> None:
    """Print `text` wrapped to the console width with a hanging indent (CJK-width aware)."""
    from rich.text import Text

    con = out.console
    indent = " " * len(first)
    for i, line in enumerate(Text(clean(text)).wrap(con, max(20, con.width - len(indent)))):
        line.rstrip()
        con.print(Text(first if i == 0 else indent) + line)


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
