"""The one object that writes: data to stdout, hints and warnings to stderr."""

from __future__ import annotations

import json
import math
import os
import re
import sys
import unicodedata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

from llm_advisor.errors import AdvisorError
from llm_advisor.safeio import printable
from llm_advisor.sanitize import clean, one_line

__all__ = ["Output", "OutputError", "cell_width", "clean", "finite", "one_line", "wrap"]


class OutputError(AdvisorError):
    """stdout cannot be written (a full disk, /dev/full, a closed descriptor): not a bug, and nothing more
    will be written there."""


def finite(doc: Any) -> tuple[Any, int]:
    """A copy of a JSON document with every non-finite float (inf, -inf, nan) as None, and how many."""
    count = 0

    def walk(value: Any) -> Any:
        nonlocal count
        if isinstance(value, float):
            if math.isfinite(value):
                return value
            count += 1
            return None
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [walk(v) for v in value]
        return value

    return walk(doc), count


def cell_width(text: str) -> int:
    """Terminal cells a string occupies (CJK ideographs and full-width forms take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_WIDE = "\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef"  # CJK, Hangul, full-width forms: breakable anywhere
_TOKENS = re.compile(rf"[{_WIDE}]|[^\s{_WIDE}]+|\s+")


_NO_LINE_START = set("。，、；：！？）」』】》〉’”…,.;:!?)]}")


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
        if used + w > width and line.strip() and token[0] in _NO_LINE_START:
            # CJK rule: a line never starts with closing punctuation; it hangs at the end of this one
            line, used = line + token[0], used + cell_width(token[0])
            token, w = token[1:], cell_width(token[1:])
            if not token:
                continue
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

            # piped or captured stderr (CI logs): one message per line, never hard-wrapped at 80 columns
            styled = self._err_styled()
            self._err = Console(
                stderr=True,
                highlight=False,
                soft_wrap=not sys.stderr.isatty(),
                no_color=not styled,
                color_system="auto" if styled else None,
                force_terminal=True if styled and os.environ.get("FORCE_COLOR") else None,
            )
        return self._err

    @property
    def styled(self) -> bool:
        """Colour and styles only on a real terminal, never with a non-empty NO_COLOR or TERM=dumb; a non-empty
        FORCE_COLOR turns them on even when piped (the no-color.org / force-color.org conventions)."""
        if os.environ.get("NO_COLOR"):
            return False
        if os.environ.get("FORCE_COLOR"):
            return True
        return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"

    @staticmethod
    def _err_styled() -> bool:
        if os.environ.get("NO_COLOR"):
            return False
        if os.environ.get("FORCE_COLOR"):
            return True
        return sys.stderr.isatty() and os.environ.get("TERM") != "dumb"

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
            self._write("".join(s if isinstance(s, str) else s[0] for s in segments) + "\n")

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

        self._write("\n".join(fmt(r) for r in cells) + "\n")

    def json(self, doc: Any) -> None:
        """Strict JSON, never through rich (byte-stable, pipe-safe): a non-finite number is written as null,
        with a note on stderr, so no `Infinity` or `NaN` ever reaches a parser. When stdout cannot encode
        the text (PYTHONIOENCODING=ascii, non-UTF-8 file names), it is written with \\u escapes instead."""
        try:
            body = json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False)
        except ValueError:
            doc, count = finite(doc)
            body = json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False)
            from llm_advisor.msg import m
            from llm_advisor.render.i18n import default_lang
            from llm_advisor.render.messages import text as msg_text

            self.note(msg_text(m("cli.json_not_finite", count=count), default_lang()), style="yellow")
        try:
            body.encode("utf-8")  # lone surrogates (non-UTF-8 file names) would make it invalid UTF-8
            self._write(body + "\n", escape=False)
        except UnicodeEncodeError:
            self._write(json.dumps(doc, ensure_ascii=True, indent=2, allow_nan=False) + "\n")
        self._flush()

    def raw(self, text: str) -> None:
        self._write(text if text.endswith("\n") else text + "\n")
        self._flush()

    def _write(self, text: str, escape: bool = True) -> None:
        """Write to stdout. Lone surrogates (non-UTF-8 file names, environment values) are shown as \\x
        escapes when the text cannot be encoded as is; an encoding that cannot show the text at all raises
        UnicodeEncodeError (mapped to one sentence by the CLI); an I/O failure is an OutputError."""
        try:
            try:
                sys.stdout.write(text)
            except UnicodeEncodeError:
                safe = printable(text)
                if not escape or safe == text:
                    raise
                sys.stdout.write(safe)
        except OSError as exc:
            if isinstance(exc, BrokenPipeError):
                raise
            raise self._write_failed(exc) from None

    def _flush(self) -> None:
        try:
            sys.stdout.flush()
        except OSError as exc:
            if isinstance(exc, BrokenPipeError):
                raise
            raise self._write_failed(exc) from None

    @staticmethod
    def _write_failed(exc: OSError) -> OutputError:
        """Point stdout at the null device (what is still buffered cannot be written either, and Python
        would report it again at exit) and describe the failure."""
        try:
            fd = os.open(os.devnull, os.O_WRONLY)
            os.dup2(fd, sys.stdout.fileno())
            os.close(fd)
        except (OSError, ValueError):  # no real descriptor behind stdout (tests, embedding)
            pass
        return OutputError(f"cannot write the output: {exc.strerror or exc}")

    def note(self, message: str, style: str = "dim") -> None:
        """A status line on stderr (counts, summaries, data footers): plain text, never markup."""
        from rich.text import Text

        self.err.print(Text(clean(message), style=style))

    lang: str | None = None  # the --lang of the command; else the environment's default

    def _prefix(self, key: str) -> str:
        from llm_advisor.render.i18n import default_lang

        zh = (self.lang or default_lang()) == "zh"
        return {"warning": "警告：", "error": "错误：", "hint": "提示："}[key] if zh else f"{key}: "

    def warn(self, message: str) -> None:
        from rich.text import Text

        self.err.print(Text.assemble((self._prefix("warning"), "yellow bold"), clean(message)))

    def error(self, message: str, hint: str | None = None) -> None:
        from rich.text import Text

        self.err.print(Text.assemble((self._prefix("error"), "red bold"), clean(message)))
        if hint:
            self.err.print(Text.assemble((self._prefix("hint"), "dim"), clean(hint)))
