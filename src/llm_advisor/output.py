"""The one object that writes: data to stdout, hints and warnings to stderr."""

from __future__ import annotations

import json
import re
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]|\x1b\[[0-9;?]*[A-Za-z]")


def clean(text: str) -> str:
    """Drop terminal control sequences from text we did not write (Hub cards, user catalogs)."""
    return _CONTROL.sub("", text)


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

    def json(self, doc: Any) -> None:
        # JSON never passes through rich: byte-stable and pipe-safe.
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")

    def raw(self, text: str) -> None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")

    def warn(self, message: str) -> None:
        from rich.text import Text

        self.err.print(Text.assemble(("warning: ", "yellow bold"), clean(message)))

    def error(self, message: str, hint: str | None = None) -> None:
        from rich.text import Text

        self.err.print(Text.assemble(("error: ", "red bold"), clean(message)))
        if hint:
            self.err.print(Text.assemble(("hint: ", "dim"), clean(hint)))
