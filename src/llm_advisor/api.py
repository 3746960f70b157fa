"""The Python API: `recommend`, `explain`, `info` and `check` for notebooks and scripts, returning typed results.

Keyword arguments mirror the CLI flags (`--max-params` is `max_params=`, `--license` is `license=`); every
result is a frozen dataclass whose fields are the keys of the command's `--format json` document
(docs/json.md), with every message carrying its `code`, `params` and `text` in the language asked for.
`result.to_dict()` is that JSON document. Errors are the CLI's: `UsageError`, `UnknownName`, `CatalogError`,
`ManifestError` (all `llm_advisor.errors.AdvisorError`, with `.exit_code` and `.hint`).

Nothing heavy is imported here: each function imports its service when called.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

__all__ = [
    "ArchitectureFit",
    "ArchitectureTopic",
    "CheckChoice",
    "CheckFinding",
    "CheckReport",
    "CheckSummary",
    "Cost",
    "Excluded",
    "Message",
    "ModelCard",
    "ModelInfo",
    "ObjectiveTopic",
    "Pick",
    "Recommendation",
    "TaskTopic",
    "TermTopic",
    "Topic",
    "Tradeoffs",
    "WhyNot",
    "check",
    "explain",
    "info",
    "recommend",
]

PathLike = str | os.PathLike[str]
LANGS = ("en", "zh")
T = TypeVar("T")


# ---------------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Message:
    """A reason, warning, basis or finding: a stable `code`, its `params`, and the `text` in the chosen language."""

    code: str
    params: dict[str, Any]
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Cost:
    """Speed and USD per 1M generated tokens (`unit="tokens"`) or per 1M requests (`unit="requests"`)."""

    unit: str
    usd_per_1m: float | None
    hardware: str | None
    basis: Message
    confidence: str  # published | estimated | heuristic
    tokens_per_s: float | None = None
    prefill_tokens_per_s: float | None = None
    requests_per_s: float | None = None
    latency_class: str | None = None
    usd_per_1m_input: float | None = None  # hosted models
    batch: int | None = None
    serving: dict[str, Any] | None = None  # batch, tokens_per_s, usd_per_1m at a continuous-batching batch
    usable_floor_tokens_per_s: float | None = None  # slower decoding than this is not usable
    cpu_only_realistic: bool | None = None


@dataclass(frozen=True)
class Tradeoffs:
    size: list[Message]
    cost: list[Message]
    objective: list[Message]


@dataclass(frozen=True)
class Pick:
    """One ranked model (`recommend(...).picks[0].model_id`)."""

    rank: int
    model_id: str
    family: str
    architecture: str
    objective: str | None
    params: int | None
    active_params: int | None
    license: str
    languages: list[str]
    context_length: int | None
    gated: bool
    hosted: bool
    release_date: str | None
    tier: str
    evidence: (
        dict[str, Any] | None
    )  # the published evaluation behind the tier: benchmark, metric, value, source, date
    editorial: str | None  # why the tier is a judgement when no benchmark fits
    precision: str | None
    memory_gb: dict[str, float] | None  # weights only, GiB per precision
    memory_needed_gb: float | None
    kv_cache_gb: float | None
    cost: Cost | None
    score: float
    score_components: dict[str, float | None]
    reasons: list[Message]
    tradeoffs: Tradeoffs
    variants: list[str]
    source: str
    url: str | None


@dataclass(frozen=True)
class Excluded:
    """A candidate a constraint rule left out (`rule` is the id `check` reports)."""

    model_id: str
    rule: str
    constraint: str
    unknown: bool  # excluded because a needed fact (e.g. the parameter count) is not published
    reason: Message


@dataclass(frozen=True)
class WhyNot:
    """The answer to `why_not=MODEL`: `status` is excluded, variant, picked, ranked-lower or not-a-candidate."""

    model_id: str
    status: str
    reason: Message
    rule: str | None = None
    constraint: str | None = None
    rank: int | None = None
    score: float | None = None
    score_components: dict[str, float | None] | None = None
    of: str | None = None  # status "variant": the pick it was collapsed into


@dataclass(frozen=True)
class Recommendation:
    """What `recommend` returns: the picks, what was excluded and why, the approach advice and warnings."""

    schema_version: int
    lang: str
    task: dict[str, Any]  # id, name, modality, resolved_from
    constraints: dict[str, Any]
    picks: list[Pick]
    excluded: list[Excluded]
    approach: dict[str, Any]
    warnings: list[Message]
    data: dict[str, Any]  # catalog version and digest, Hub cache, scoring weights
    empty_reason: Message | None = None
    why_not: WhyNot | None = None
    described: dict[str, Any] | None = None
    document: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The `recommend --format json` document."""
        return self.document


@dataclass(frozen=True)
class Topic:
    """What `explain` returns; the subclass says the kind (`ArchitectureTopic`, `ObjectiveTopic`, `TaskTopic`, `TermTopic`)."""

    schema_version: int
    kind: str
    id: str
    lang: str
    name: str
    aliases: list[str]
    summary: str
    resolved_from: str | None = None
    document: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The `explain --format json` document."""
        return self.document


@dataclass(frozen=True)
class ArchitectureTopic(Topic):
    family_kind: str = ""
    objectives: list[str] = field(default_factory=list)
    attention: str = ""
    inference_cost: str = ""
    strengths: list[str] = field(default_factory=list)
    limits: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    fine_tuning: str = ""


@dataclass(frozen=True)
class ObjectiveTopic(Topic):
    trains: str = ""
    implications: str = ""
    architectures: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ArchitectureFit:
    id: str
    weight: float
    rationale: str


@dataclass(frozen=True)
class TaskTopic(Topic):
    modality: str = ""
    generative: bool = False
    architectures: list[ArchitectureFit] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    models: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TermTopic(Topic):
    details: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ModelCard:
    summary: str | None
    intended_uses: str | None
    limitations: str | None


@dataclass(frozen=True)
class ModelInfo:
    """What `info` returns: one model's facts (`source` is catalog, hub or local)."""

    schema_version: int
    lang: str
    model_id: str
    architecture: str | None
    objective: str | None
    architecture_evidence: list[str]
    params: int | None
    params_source: str | None  # safetensors | catalog | config-estimate
    active_params: int | None
    memory_gb: dict[str, float] | None
    kv_cache_gb_per_1k_tokens: float | None
    context_length: int | None
    license: str | None
    languages: list[str]
    gated: bool | None
    pipeline_tag: str | None
    downloads: int | None
    likes: int | None
    card: ModelCard
    eval_results: list[dict[str, Any]]
    suited_tasks: list[str]
    source: str
    architecture_confidence: str | None = None  # local sources
    params_basis: str | None = None  # config-estimate: the formula
    fetched_at: str | None = None  # hub
    warnings: list[str] = field(default_factory=list)
    document: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The `info --format json` document."""
        return self.document


@dataclass(frozen=True)
class CheckFinding:
    rule: str
    severity: str  # error | warning | note
    message: Message
    file: str | None
    line: int | None
    choice: str | None
    model_id: str | None
    suggestion: str | None  # better-pick: the suggested model id


@dataclass(frozen=True)
class CheckChoice:
    name: str
    model_id: str
    task: str | None
    source: str  # manifest | code
    file: str
    line: int | None


@dataclass(frozen=True)
class CheckSummary:
    errors: int
    warnings: int
    notes: int
    models: int


@dataclass(frozen=True)
class CheckReport:
    """What `check` returns; `ok` is what the CLI turns into exit code 0 (else 1)."""

    schema_version: int
    ok: bool
    summary: CheckSummary
    findings: list[CheckFinding]
    choices: list[CheckChoice]
    document: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The `check --format json` document."""
        return self.document


# ---------------------------------------------------------------------------------------------- functions


def recommend(
    task: str | None = None,
    *,
    describe: str | None = None,
    max_params: str | int | None = None,
    min_params: str | int | None = None,
    hardware: str | None = None,
    memory: str | float | None = None,
    precision: str = "auto",
    kv_dtype: str = "auto",
    context: int | None = None,
    batch: int = 1,
    license: str | Sequence[str] | None = None,  # mirrors --license
    language: str | None = None,
    exclude_gated: bool = False,
    include_hosted: bool = False,
    max_cost: float | None = None,
    examples: int | None = None,
    top: int = 5,
    why_not: str | None = None,
    show_variants: bool = False,
    live: bool = False,
    catalog: PathLike | Sequence[PathLike] | None = None,
    lang: str = "en",
) -> Recommendation:
    """Ranked picks for a task, as `llm-advisor recommend` (sizes as "7B" or 7_000_000_000, memory as "24GB" or 24)."""
    from llm_advisor.errors import UsageError
    from llm_advisor.recommend.constraints import check_precision
    from llm_advisor.recommend.service import run_recommend

    _check_lang(lang)
    check_precision(precision)
    for name, value, low in (
        ("context", context, 1),
        ("batch", batch, 1),
        ("top", top, 1),
        ("examples", examples, 0),
        ("max_cost", max_cost, 0),
    ):
        if value is not None and value < low:
            raise UsageError(f"{name} must be at least {low}, not {value!r}")
    doc = run_recommend(
        catalog_dirs=_dirs(catalog),
        task=task,
        describe=describe,
        max_params=_count(max_params),
        min_params=_count(min_params),
        hardware=hardware,
        memory=memory if memory is None or isinstance(memory, str) else f"{memory}GB",
        precision=precision,
        kv_dtype=kv_dtype,
        context=context,
        batch=batch,
        licenses=[license] if isinstance(license, str) else None if license is None else list(license),
        language=language,
        exclude_gated=exclude_gated,
        include_hosted=include_hosted,
        max_cost=max_cost,
        examples=examples,
        top=top,
        why_not=why_not,
        show_variants=show_variants,
        live=live,
    )
    return _recommendation({**_localize(doc, lang), "lang": lang})


def explain(topic: str, *, catalog: PathLike | Sequence[PathLike] | None = None, lang: str = "en") -> Topic:
    """An architecture, pre-training objective, task or glossary term, as `llm-advisor explain`."""
    from llm_advisor.catalog.loader import load_catalog
    from llm_advisor.catalog.topics import explain_doc

    _check_lang(lang)
    doc = {**_localize(explain_doc(load_catalog(_dirs(catalog)), topic), lang), "lang": lang}
    cls: type[Topic] = {
        "architecture": ArchitectureTopic,
        "objective": ObjectiveTopic,
        "task": TaskTopic,
        "term": TermTopic,
    }.get(doc["kind"], Topic)
    extra: dict[str, Any] = {}
    if cls is TaskTopic:
        extra["architectures"] = [_build(ArchitectureFit, a) for a in doc.get("architectures", [])]
    return _build(cls, doc, document=doc, **extra)


def info(
    model: str, *, live: bool = False, catalog: PathLike | Sequence[PathLike] | None = None, lang: str = "en"
) -> ModelInfo:
    """One model's facts (a catalog or Hub id, a local model directory or a config.json), as `llm-advisor info`."""
    from llm_advisor.catalog.loader import load_catalog
    from llm_advisor.modelinfo.info import info_doc

    _check_lang(lang)
    doc = {**_localize(info_doc(load_catalog(_dirs(catalog)), model, live=live), lang), "lang": lang}
    return _build(
        ModelInfo,
        doc,
        document=doc,
        architecture_evidence=[_text(e) for e in doc.get("architecture_evidence") or []],
        card=_build(
            ModelCard, doc.get("card") or {"summary": None, "intended_uses": None, "limitations": None}
        ),
        params_basis=None if doc.get("params_basis") is None else _text(doc["params_basis"]),
        warnings=[_text(w) for w in doc.get("warnings") or []],
    )


def check(
    manifest: PathLike | None = None,
    *,
    scan: PathLike | Sequence[PathLike] | None = None,
    strict: bool = False,
    live: bool = False,
    catalog: PathLike | Sequence[PathLike] | None = None,
    lang: str = "en",
) -> CheckReport:
    """A repository's model choices against its policy, as `llm-advisor check` (paths relative to the
    current directory, like the CLI). A manifest problem raises `ManifestError` (the CLI's exit 2)."""
    from llm_advisor.check.checker import check_repository
    from llm_advisor.check.manifest import find_manifest
    from llm_advisor.errors import UsageError

    _check_lang(lang)
    root = Path.cwd()
    path = Path(manifest) if manifest is not None else root
    if path.is_dir():
        found = find_manifest(path)
        if found is None:
            raise UsageError(
                f"no llm-advisor.yaml, llm-advisor.yml or pyproject.toml with [tool.llm-advisor] in {path}; pass the manifest path"
            )
        path = found
    if not path.is_file():
        raise UsageError(f"no such manifest: {path}")
    scan_paths = _dirs(scan) or []
    for scan_path in scan_paths:
        if not scan_path.exists():
            raise UsageError(f"scan: no such file or directory: {scan_path}")
    report = check_repository(
        path, root=root, scan_paths=scan_paths, catalog_dirs=_dirs(catalog), strict=strict, live=live
    )
    doc = _localize(report.model_dump(mode="json"), lang)
    return _build(
        CheckReport,
        doc,
        document=doc,
        summary=_build(CheckSummary, doc["summary"]),
        findings=[_build(CheckFinding, f, message=_message(f["message"])) for f in doc["findings"]],
        choices=[_build(CheckChoice, c) for c in doc["choices"]],
    )


# ---------------------------------------------------------------------------------------------- helpers


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        from llm_advisor.errors import UsageError

        raise UsageError(f"lang must be 'en' or 'zh', not {lang!r}")


def _dirs(value: PathLike | Sequence[PathLike] | None) -> list[Path] | None:
    if value is None:
        return None
    if isinstance(value, (str, os.PathLike)):
        return [Path(value)]
    return [Path(v) for v in value]


def _count(value: str | int | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return str(int(value))


def _localize(doc: dict[str, Any], lang: str) -> dict[str, Any]:
    from llm_advisor.render.messages import localize

    out: dict[str, Any] = localize(doc, lang)
    return out


def _text(value: Any) -> str:
    """A localised message's text, or a plain string as it is."""
    return str(value["text"]) if isinstance(value, dict) and "text" in value else str(value)


def _message(value: dict[str, Any]) -> Message:
    return Message(code=value["code"], params=value["params"], text=value["text"])


def _build(cls: type[T], doc: dict[str, Any], **converted: Any) -> T:
    """`cls` from the document's keys that are its fields (converted ones given); other keys stay in the document."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    values = {k: v for k, v in doc.items() if k in names}
    values.update(converted)
    return cls(**values)


def _recommendation(doc: dict[str, Any]) -> Recommendation:
    def msgs(items: list[dict[str, Any]]) -> list[Message]:
        return [_message(x) for x in items]

    def pick(p: dict[str, Any]) -> Pick:
        cost = p.get("cost")
        return _build(
            Pick,
            p,
            cost=None if cost is None else _build(Cost, cost, basis=_message(cost["basis"])),
            reasons=msgs(p["reasons"]),
            tradeoffs=_build(Tradeoffs, {k: msgs(v) for k, v in p["tradeoffs"].items()}),
        )

    why_not = doc.get("why_not")
    return _build(
        Recommendation,
        doc,
        document=doc,
        picks=[pick(p) for p in doc["picks"]],
        excluded=[_build(Excluded, e, reason=_message(e["reason"])) for e in doc["excluded"]],
        warnings=msgs(doc["warnings"]),
        empty_reason=_message(doc["empty_reason"]) if doc.get("empty_reason") else None,
        why_not=None if why_not is None else _build(WhyNot, why_not, reason=_message(why_not["reason"])),
    )
