"""The constraint rules, written once: `recommend` excludes candidates with them, `check` reports findings.

Each rule has the id `check` reports (and a manifest's `ignore:` accepts), the constraint name that
`recommend`'s `excluded` list and `--why-not` show, a default severity and a function that returns its
verdicts for one model under one set of limits. A verdict with `unknown=True` means the data needed to
decide is missing: `recommend` excludes the model (missing data is never an advantage), `check` warns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from llm_advisor.catalog.loader import Catalog, Entry
from llm_advisor.msg import Msg, m
from llm_advisor.recommend import estimates
from llm_advisor.recommend.fit import (
    TOKEN_ARCHS,
    Fit,
    cost_estimate,
    fit_memory,
    is_token_model,
    usable_speed,
)

Severity = Literal["error", "warning", "note"]
LANGUAGE_MODALITIES = ("text", "multimodal")
ONE_PASS_MAX_SECONDS = 2.0  # the "responsive" latency class: slower one-pass answers are batch jobs  # tasks whose models must state the languages they cover


@dataclass
class Limits:
    """What a user (flags) or a policy (manifest) allows; both commands build one and apply the same rules."""

    licenses: list[str] | None = None  # allowed licence ids, groups already expanded
    license_text: list[str] = field(default_factory=list)  # as written, for messages
    max_params: int | None = None
    min_params: int | None = None
    hardware: Entry | None = None
    memory_gb: float | None = None
    precision: str = "auto"
    kv_dtype: str = "auto"
    context: int = 8192
    context_required: bool = False  # the user asked for a context window (filter, not just KV sizing)
    batch: int = 1
    languages: list[str] = field(default_factory=list)
    allow_gated: bool = True
    max_cost: float | None = None
    include_hosted: bool = True
    required_architectures: list[str] = field(default_factory=list)
    forbidden_architectures: list[str] = field(default_factory=list)

    enforce_speed: bool = True  # recommend relaxes it when no candidate reaches the usable speed

    @property
    def budget(self) -> float | None:
        """Memory a model may use: a profile's usable memory (all of a GPU's, Apple's GPU share, a CPU's RAM
        minus the OS), or --memory / the policy's memory as given."""
        if self.hardware:
            return estimates.usable_memory_gb(self.hardware)
        return self.memory_gb


@dataclass(frozen=True)
class Verdict:
    rule: str
    message: Msg
    unknown: bool = False  # the data to decide is missing
    constraint: str | None = None  # when it differs from the rule's (min_params)


class Subject:
    """One model under one set of limits; fit and cost are computed once, on first use."""

    def __init__(self, model: Entry, task: Entry | None, limits: Limits, catalog: Catalog) -> None:
        self.model, self.task, self.limits, self.catalog = model, task, limits, catalog
        self._fit: Fit | None = None
        self._cost: dict[str, Any] | None = None
        self._costed = False

    @property
    def token(self) -> bool:
        if self.task is not None:
            return is_token_model(self.model, self.task)
        return self.model["architecture"] in TOKEN_ARCHS

    @property
    def fit(self) -> Fit | None:
        """None for hosted models and models without a parameter count."""
        if self._fit is None and not self.model["hosted"] and self.model["params"] is not None:
            lim = self.limits
            self._fit = fit_memory(
                self.model,
                self.token,
                lim.context,
                lim.batch,
                lim.precision,
                lim.hardware,
                lim.budget,
                lim.kv_dtype,
            )
        return self._fit

    @property
    def cost(self) -> dict[str, Any] | None:
        if not self._costed:
            self._costed = True
            fit = self.fit
            if self.task is not None and (fit is None or fit.fits or self.limits.budget is None):
                precision = (
                    fit.precision
                    if fit
                    else (self.limits.precision if self.limits.precision != "auto" else "bf16")
                )
                self._cost = cost_estimate(
                    self.model,
                    self.task,
                    precision,
                    fit.need_gb if fit else None,
                    fit.kv_gb if fit else None,
                    self.limits.batch,
                    self.limits.hardware,
                    self.catalog,
                    context=fit.context if fit else self.limits.context,
                    memory_budget=self.limits.budget,
                )
        return self._cost


def _hosted(s: Subject) -> list[Verdict]:
    if s.model["hosted"] and not s.limits.include_hosted:
        return [Verdict("hosted-not-included", m("rule.hosted"))]
    return []


def _architecture(s: Subject) -> list[Verdict]:
    arch, lim, out = s.model["architecture"], s.limits, []
    if arch is None:
        return []  # a Hub model whose architecture could not be classified: nothing to judge
    if s.task is not None:
        fits = {f["id"]: f["weight"] for f in s.task["architectures"]}
        fit, floor = fits.get(arch, 0.0), s.catalog.scoring["min_task_fit"]
        if fit < floor:
            best = sorted(
                (f for f in s.task["architectures"] if f["weight"] >= floor),
                key=lambda f: (-f["weight"], f["id"]),
            )
            alt = {"id": best[0]["id"], "weight": best[0]["weight"]} if best else None
            out.append(
                Verdict(
                    "unsuited-architecture",
                    m(
                        "rule.task_fit",
                        architecture=arch,
                        task=s.task["id"],
                        fit=fit,
                        floor=floor,
                        alternative=alt,
                    ),
                )
            )
    if lim.required_architectures and arch not in lim.required_architectures:
        out.append(
            Verdict(
                "unsuited-architecture",
                m("rule.arch_required", architecture=arch, required=lim.required_architectures),
            )
        )
    if arch in lim.forbidden_architectures:
        out.append(Verdict("unsuited-architecture", m("rule.arch_forbidden", architecture=arch)))
    return out


def _size(s: Subject) -> list[Verdict]:
    lim, params = s.limits, s.model["params"]
    if lim.max_params is None and lim.min_params is None:
        return []
    limit = {"max_params": lim.max_params, "min_params": lim.min_params}
    if params is None:
        which = "max_params" if lim.max_params is not None else "min_params"
        return [Verdict("too-large", m("rule.params_unknown", **limit), unknown=True, constraint=which)]
    if lim.max_params is not None and params > lim.max_params:
        return [Verdict("too-large", m("rule.too_large", params=params, max_params=lim.max_params))]
    if lim.min_params is not None and params < lim.min_params:
        return [
            Verdict(
                "too-large",
                m("rule.too_small", params=params, min_params=lim.min_params),
                constraint="min_params",
            )
        ]
    return []


def _license(s: Subject) -> list[Verdict]:
    lim = s.limits
    if lim.licenses is not None and s.model["license"] not in lim.licenses:
        return [
            Verdict(
                "license-not-allowed", m("rule.license", license=s.model["license"], allowed=lim.license_text)
            )
        ]
    return []


def _language(s: Subject) -> list[Verdict]:
    lim = s.limits
    if not lim.languages:
        return []
    langs = list(s.model["languages"] or [])
    if not langs:
        if s.task is None or s.task["modality"] in LANGUAGE_MODALITIES:
            return [
                Verdict(
                    "language-not-covered", m("rule.languages_unknown", required=lim.languages), unknown=True
                )
            ]
        return []  # an image or audio model that states no language is language-neutral
    if "mul" in langs:  # multilingual counts as covering every language
        return []
    missing = [code for code in lim.languages if code not in langs]
    if missing:
        return [Verdict("language-not-covered", m("rule.language", missing=missing, covers=langs))]
    return []


def _gated(s: Subject) -> list[Verdict]:
    if not s.limits.allow_gated and s.model["gated"]:
        return [Verdict("gated-forbidden", m("rule.gated"))]
    return []


def _context(s: Subject) -> list[Verdict]:
    lim = s.limits
    if not lim.context_required or (s.task is not None and s.task["modality"] not in LANGUAGE_MODALITIES):
        return []
    ctx = s.model["context_length"]
    if ctx is None:
        return [Verdict("context-too-short", m("rule.context_unknown", context=lim.context), unknown=True)]
    if ctx < lim.context:
        return [Verdict("context-too-short", m("rule.context", window=ctx, context=lim.context))]
    return []


def _memory(s: Subject) -> list[Verdict]:
    budget = s.limits.budget
    if budget is None or s.model["hosted"]:
        return []
    where = s.limits.hardware["id"] if s.limits.hardware else None
    if s.model["params"] is None:
        return [
            Verdict("does-not-fit", m("rule.fit_unknown", budget_gib=budget, hardware=where), unknown=True)
        ]
    fit = s.fit
    assert fit is not None
    if fit.fits:
        return []
    return [
        Verdict(
            "does-not-fit",
            m(
                "rule.fit",
                need_gib=round(fit.need_gb, 2),
                precision=fit.precision,
                weights_gib=round(estimates.weight_memory_gb(s.model["params"], fit.precision), 2),
                kv_gib=round(fit.kv_gb or 0.0, 2),
                context=fit.context,
                batch=s.limits.batch,
                budget_gib=budget,
                hardware=where,
            ),
        )
    ]


def _speed(s: Subject) -> list[Verdict]:
    """On the user's hardware, a generative model must decode at least the usable floor (estimates.MIN_USABLE_DECODE)."""
    if not s.limits.enforce_speed or s.task is None or s.limits.hardware is None:
        return []
    fit = s.fit
    if fit is None or not fit.fits:
        return []
    speed = usable_speed(s.model, s.task, fit.precision, s.limits.hardware, fit.context)
    if speed is None:
        # one-pass models: a request that takes longer than ONE_PASS_MAX_SECONDS is not an interactive service
        rps = (s.cost or {}).get("requests_per_s")
        if (
            rps is not None
            and not s.model["hosted"]
            and 1 / max(float(rps), 1e-9) > ONE_PASS_MAX_SECONDS
            and s.model["architecture"] != "diffusion"
        ):
            return [
                Verdict(
                    "too-slow",
                    m(
                        "rule.too_slow_request",
                        seconds=round(1 / max(float(rps), 1e-9), 1),
                        limit=ONE_PASS_MAX_SECONDS,
                        precision=fit.precision,
                        hardware=s.limits.hardware["id"],
                    ),
                )
            ]
        return []
    if speed[0]:
        return []
    return [
        Verdict(
            "too-slow",
            m(
                "rule.too_slow",
                tokens_per_s=round(speed[1], 1),
                floor=estimates.MIN_USABLE_DECODE_TOKENS_PER_S,
                precision=fit.precision,
                hardware=s.limits.hardware["id"],
            ),
        )
    ]


def _cost(s: Subject) -> list[Verdict]:
    lim = s.limits
    if lim.max_cost is None or s.task is None:
        return []
    fit = s.fit
    if fit is not None and not fit.fits and lim.budget is not None:
        return []  # does-not-fit reports it
    cost = s.cost
    usd = cost.get("usd_per_1m") if cost else None
    if usd is None:
        return [Verdict("over-cost", m("rule.cost_unknown", max_cost=lim.max_cost), unknown=True)]
    assert cost is not None
    if usd > lim.max_cost:
        return [
            Verdict(
                "over-cost",
                m(
                    "rule.cost",
                    usd=usd,
                    unit=cost["unit"],
                    hardware=cost.get("hardware"),
                    max_cost=lim.max_cost,
                ),
            )
        ]
    return []


@dataclass(frozen=True)
class Rule:
    id: str  # what `check` reports and `ignore:` accepts
    constraint: str  # what `recommend` shows in `excluded` and --why-not
    severity: Severity
    evaluate: Callable[[Subject], list[Verdict]]
    in_check: bool = True  # hosted-not-included is a recommend-only convenience, not a policy


# In the order `recommend` applies them: the first failing rule is the reason a model is excluded.
RULES: tuple[Rule, ...] = (
    Rule("hosted-not-included", "include_hosted", "error", _hosted, in_check=False),
    Rule("unsuited-architecture", "task_fit", "error", _architecture),
    Rule("too-large", "max_params", "error", _size),
    Rule("license-not-allowed", "license", "error", _license),
    Rule("language-not-covered", "language", "error", _language),
    Rule("gated-forbidden", "exclude_gated", "error", _gated),
    Rule("context-too-short", "context", "error", _context),
    Rule("does-not-fit", "memory", "error", _memory),
    Rule("too-slow", "speed", "warning", _speed),
    Rule("over-cost", "max_cost", "error", _cost),
)
BY_ID = {r.id: r for r in RULES}


def first_violation(s: Subject) -> tuple[Rule, Verdict] | None:
    """The first rule the model breaks (recommend's exclusion), or None when it passes them all."""
    for rule in RULES:
        verdicts = rule.evaluate(s)
        if verdicts:
            return rule, verdicts[0]
    return None


def all_verdicts(s: Subject, ignore: frozenset[str] = frozenset()) -> list[tuple[Rule, Verdict]]:
    """Every verdict of every check rule not ignored (check's findings)."""
    return [(rule, v) for rule in RULES if rule.in_check and rule.id not in ignore for v in rule.evaluate(s)]
