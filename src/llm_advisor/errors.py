"""Domain errors, each mapped once (in the CLI) to a sentence and an exit code."""

from __future__ import annotations

from dataclasses import dataclass, field

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class AdvisorError(Exception):
    """Base class: `str(err)` is the one-line message users see."""

    exit_code = EXIT_USAGE
    hint: str | None = None


@dataclass(frozen=True)
class Problem:
    """One catalog problem with its location."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


@dataclass
class CatalogError(AdvisorError):
    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"the catalog has {n} problem{'s' if n != 1 else ''}"
        return head + "".join(f"\n  {p}" for p in self.problems)


class UnknownName(AdvisorError):
    def __init__(self, kind: str, name: str, suggestions: list[str]) -> None:
        self.kind, self.name, self.suggestions = kind, name, suggestions
        msg = f"unknown {kind} {name!r}"
        if suggestions:
            msg += "; did you mean " + ", ".join(repr(s) for s in suggestions) + "?"
        super().__init__(msg)
        self.hint = _HINTS.get(kind, f"`llm-advisor list {kind}s` shows every {kind}")


class UsageError(AdvisorError):
    """Bad option values that the argument parser cannot catch."""


_HINTS = {
    "topic": "`llm-advisor list tasks` (or architectures, objectives, terms) shows every topic",
    "hardware": "`llm-advisor list hardware` shows every hardware profile",
    "licence": "`llm-advisor list licenses` shows every licence id; the groups permissive and commercial-ok also work",
    "modality": "modalities: text, vision, audio, multimodal, tabular, time-series, reinforcement-learning, robotics, graph, other",
}
