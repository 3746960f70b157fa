"""Every rule `check` reports, in one registry: the constraint rules shared with `recommend`
(`recommend.rules`), then the rules only a repository check has. `ignore:`, the SARIF rule index and the
rules table in docs/ci.md are all derived from this list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True)
class CheckRule:
    id: str
    severity: Severity
    shared: bool  # also a `recommend` exclusion rule (recommend.rules.RULES)


def _registry() -> tuple[CheckRule, ...]:
    from llm_advisor.recommend.rules import RULES

    shared = [CheckRule(r.id, r.severity, True) for r in RULES if r.in_check]
    own = [
        CheckRule("unknown-model", "error", False),
        CheckRule("revision-not-pinned", "warning", False),
        CheckRule("better-pick", "note", False),
        CheckRule("unlisted-reference", "error", False),
        CheckRule("not-on-hub", "error", False),
        CheckRule("live-unavailable", "warning", False),
        CheckRule("invalid-manifest", "error", False),
        CheckRule("scan-error", "warning", False),
    ]
    return (own[0], *shared, *own[1:])


CHECK_RULES: tuple[CheckRule, ...] = _registry()
RULE_IDS: tuple[str, ...] = tuple(r.id for r in CHECK_RULES)
SEVERITY: dict[str, Severity] = {r.id: r.severity for r in CHECK_RULES}
