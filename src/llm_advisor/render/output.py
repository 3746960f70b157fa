"""The one object that writes: data to stdout, hints and warnings to stderr."""

from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

from llm_advisor.sanitize import clean, one_line

__all__ = ["Output", "cell_width", "clean", "one_line", "wrap"]


def cell_width(text: str) -> int:
    """Terminal cells a string occupies (CJK ideographs and full-width forms take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_WIDE = "\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef"  # CJK, Hangul, full-width forms: breakable anywhere
_TOKENS = re.compile(rf"[{_WIDE}]|[^\s{_WIDE}]+|\s+")


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap by terminal cells; CJK text may break between any two characters."""
    lines: list[str] = []
    line, used = "", 0
    for token in _TOKENS.findall(text):
        if token.isspace():
            if line:
                line, used = line + " ", used + 1
            continue
        w = cell_width(token)
        if used + w > width and line.strip():
            lines.append(line.rstrip())
            line, used = "", 0
        line, used = line + token, used + w
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


class Output:
    """Owns the rich consoles, created on first use so NO_COLOR, piping and test widths apply."""

    def __init__(self) -> None:
        self._console: Console | None = None
        self._err: Console | None = None

    @property
    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(highlight=False, soft_wrap=False)
        return self._console

    @property
    def err(self) -> Console:
        if self._err is None:
            from rich.console import Console

            self._err = Console(stderr=True, highlight=False)
        return self._err

    @property
    def styled(self) -> bool:
        """Colour and styles only on a real terminal, and never with NO_COLOR or TERM=dumb."""
        return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"

    @property
    def width(self) -> int:
        if self.styled:
            return self.console.width
        try:
            return max(40, int(os.environ.get("COLUMNS", "")))
        except ValueError:
            return 80

    def line(self, *segments: str | tuple[str, str]) -> None:
        """One line of text; a segment is plain text or (text, rich style). Styles only when styled."""
        if self.styled:
            from rich.text import Text

            self.console.print(Text.assemble(*segments))
        else:
            sys.stdout.write("".join(s if isinstance(s, str) else s[0] for s in segments) + "\n")

    def table(self, headers: list[str], rows: list[list[str]], right: set[int] | None = None) -> None:
        """A rich table on a terminal; plain aligned columns (no wrapping) when piped."""
        right = right or set()
        if self.styled:
            from rich.table import Table
            from rich.text import Text

            table = Table(header_style="bold")
            for i, h in enumerate(headers):
                table.add_column(Text(h), overflow="fold", justify="right" if i in right else "left")
            for row in rows:
                table.add_row(*(Text(clean(c)) for c in row))  # Text: cells are data, never markup
            self.console.print(table)
            return
        cells = [headers] + [[clean(c) for c in row] for row in rows]
        widths = [max(cell_width(r[i]) for r in cells) for i in range(len(headers))]

        def fmt(row: list[str]) -> str:
            parts = []
            for i, c in enumerate(row):
                pad = " " * (widths[i] - cell_width(c))
                parts.append(pad + c if i in right else c + pad)
            return "  ".join(parts).rstrip()

        sys.stdout.write("\n".join(fmt(r) for r in cells) + "\n")

    def json(self, doc: Any) -> None:
        # JSON never passes through rich: byte-stable and pipe-safe.
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        sys.stdout.flush()

    def raw(self, text: str) -> None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()

    def note(self, message: str, style: str = "dim") -> None:
        """A status line on stderr (counts, summaries, data footers): plain text, never markup."""
        from rich.text import Text

        self.err.print(Text(clean(message), style=style))

    def warn(self, message: str) -> None:
        from rich.text import Text

        self.err.print(Text.assemble(("warning: ", "yellow bold"), clean(message)))

    def error(self, message: str, hint: str | None = None) -> None:
        from rich.text import Text

        self.err.print(Text.assemble(("error: ", "red bold"), clean(message)))
        if hint:
            self.err.print(Text.assemble(("hint: ", "dim"), clean(hint)))
