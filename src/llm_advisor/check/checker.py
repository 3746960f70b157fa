"""`check`: a repository's model choices (manifest entries and code references) against its policy -> findings.

Rules reuse the recommender's own semantics: the architecture fits in tasks.yaml and the scoring's
`min_task_fit`, licence groups (`constraints.expand_licenses`), the memory model of `sizing`
(weights + 20% overhead + KV cache at the stated context) and the engine's cost estimate and ranking
(`engine.recommend`). Nothing here prints; the CLI renders the returned `Report`.
"""

from __future__ import annotations

import functools
import importlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from llm_advisor.catalog.loader import Catalog, Entry
from llm_advisor.check.manifest import SHA_RE, LoadedManifest, ManifestError, ModelChoice, Policy
from llm_advisor.check.scan import Reference, ScanResult
from llm_advisor.errors import Problem, UnknownName
from llm_advisor.recommend import estimates
from llm_advisor.recommend.constraints import Constraints, expand_licenses
from llm_advisor.recommend.ranking import TOKEN_ARCHS, fit_memory, human, is_token_model, recommend
from llm_advisor.render.i18n import both

SCHEMA_VERSION = 1
Severity = Literal["error", "warning", "note"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "note": 2}
DEFAULT_CONTEXT = 8192  # the KV cache is sized at this when the policy states no context (as in `recommend`)
DEFAULT_MARGIN = 0.1
EVERYTHING = 10**6  # `top` that keeps every ranked candidate

# Rule id -> (default severity, one-line description). The order is the SARIF rule index.
RULES: dict[str, tuple[Severity, str]] = {
    "unknown-model": ("error", "The model is neither in the catalog nor in the Hub cache."),
    "unsuited-architecture": ("error", "The model's architecture suits the declared task poorly, or the policy does not allow it."),
    "license-not-allowed": ("error", "The model's licence is not among the licences the policy allows."),
    "too-large": ("error", "The model has more parameters than the policy's max_params."),
    "does-not-fit": ("error", "Weights + 20% overhead + KV cache at the stated context do not fit the target hardware at the stated precision."),
    "context-too-short": ("error", "The model's context window is shorter than the policy's context."),
    "language-not-covered": ("error", "The model does not cover a language the policy requires."),
    "gated-forbidden": ("error", "The model is gated on the Hub and the policy forbids gated models."),
    "over-cost": ("error", "The estimated USD per 1M tokens (or requests) exceeds the policy's max_cost."),
    "revision-not-pinned": ("warning", "The model choice does not pin a 40-hex commit revision."),
    "better-pick": ("note", "A catalog model ranks clearly higher for the task under the same policy."),
    "unlisted-reference": ("error", "The code loads a model that the manifest does not list."),
    "not-on-hub": ("error", "With --live: the Hub has no such model, or not at the pinned revision."),
    "live-unavailable": ("warning", "With --live: the Hub could not be reached, so models were checked offline only."),
    "invalid-manifest": ("error", "The manifest cannot be read or does not validate."),
    "scan-error": ("warning", "A Python file could not be parsed while scanning for model references."),
}


_t = both


class Finding(BaseModel):
    rule: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    choice: str | None = Field(default=None, description="the manifest entry's name, or the model id for a code reference")
    model_id: str | None = None
    suggestion: str | None = Field(default=None, description="better-pick: the suggested model id")


class Choice(BaseModel):
    name: str
    model_id: str
    task: str | None
    source: Literal["manifest", "code"]
    file: str
    line: int | None


class Summary(BaseModel):
    errors: int
    warnings: int
    notes: int
    models: int


class Report(BaseModel):
    """The JSON contract of `check --format json` (docs/ci.md)."""

    schema_version: int = SCHEMA_VERSION
    ok: bool
    summary: Summary
    findings: list[Finding]
    choices: list[Choice]


@dataclass
class Effective:
    """A policy with defaults applied and every name resolved against the catalog."""

    licenses: list[str] | None = None
    license_text: list[str] = field(default_factory=list)
    max_params: int | None = None
    hardware: Entry | None = None
    memory_gb: float | None = None
    precision: str = "auto"
    context: int | None = None
    batch: int = 1
    languages: list[str] = field(default_factory=list)
    allow_gated: bool = True
    max_cost: float | None = None
    required: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    margin: float = DEFAULT_MARGIN
    ignore: frozenset[str] = frozenset()

    @property
    def budget(self) -> float | None:
        return float(self.hardware["memory_gb"]) if self.hardware else self.memory_gb


@dataclass
class Subject:
    """One model choice to evaluate: a manifest entry, or a model referenced from code."""

    choice: str
    model_ref: str
    task_id: str | None
    file: str
    line: int | None
    policy: Effective
    source: Literal["manifest", "code"]
    revision: str | None = None
    revision_line: int | None = None


def merge(defaults: Policy, override: Policy) -> Policy:
    """Field-by-field override; hardware and memory replace each other."""
    data = defaults.model_dump(exclude_unset=True)
    update = override.model_dump(exclude_unset=True)
    if "hardware" in update:
        data.pop("memory", None)
    if "memory" in update:
        data.pop("hardware", None)
    data.update(update)
    return Policy.model_validate(data)


def resolve_policy(
    catalog: Catalog, policy: Policy, origin: dict[str, Sequence[str | int]], loaded: LoadedManifest, problems: set[Problem]
) -> Effective:
    """Names checked against the catalog; an unknown one becomes a manifest problem at the line that set it."""
    eff = Effective()

    def bad(name: str, exc: UnknownName) -> None:
        loc = origin.get(name, ["policy", name])
        problems.add(loaded.problem(loc, f"{'.'.join(str(p) for p in loc)}: {exc}"))

    if policy.licenses is not None:
        try:
            eff.licenses, _ = expand_licenses(policy.licenses, catalog.licenses)
            eff.license_text = list(policy.licenses)
        except UnknownName as exc:
            bad("licenses", exc)
    if policy.hardware is not None:
        try:
            eff.hardware = catalog.hardware_profile(policy.hardware)
        except UnknownName as exc:
            bad("hardware", exc)
    for name in ("required_architectures", "forbidden_architectures"):
        report = functools.partial(bad, name)
        ids = [a for a in (_arch_id(catalog, arch, report) for arch in getattr(policy, name) or []) if a]
        if name == "required_architectures":
            eff.required = ids
        else:
            eff.forbidden = ids
    eff.max_params = policy.max_params
    eff.memory_gb = policy.memory
    eff.precision = policy.precision or "auto"
    eff.context = policy.context
    eff.batch = policy.batch or 1
    eff.languages = sorted({lang.strip().lower() for lang in policy.languages or [] if lang.strip()})
    eff.allow_gated = policy.allow_gated is not False
    eff.max_cost = policy.max_cost
    eff.margin = DEFAULT_MARGIN if policy.better_pick_margin is None else policy.better_pick_margin
    eff.ignore = frozenset(policy.ignore or [])
    return eff


def _arch_id(catalog: Catalog, name: str, on_error: Callable[[UnknownName], None]) -> str | None:
    try:
        return str(catalog.architecture(name)["id"])
    except UnknownName as exc:
        on_error(exc)
        return None


def _origin(override: Policy, index: int) -> dict[str, Sequence[str | int]]:
    out: dict[str, Sequence[str | int]] = {name: ["policy", name] for name in Policy.model_fields}
    for name in override.model_fields_set:
        out[name] = ["models", index, "policy", name]
    return out


def check_repository(
    manifest_path: Path,
    *,
    root: Path,
    scan_paths: Sequence[Path] = (),
    catalog_dirs: list[Path] | None = None,
    lang: str = "en",
    strict: bool = False,
    live: bool = False,
) -> Report:
    """Load the manifest (ManifestError on any problem), scan the code, and check everything."""
    from llm_advisor.catalog.loader import load_catalog
    from llm_advisor.check.manifest import load_manifest
    from llm_advisor.check.scan import scan

    loaded = load_manifest(manifest_path, root)
    catalog = load_catalog(catalog_dirs)
    scanned = scan(scan_paths, root) if scan_paths else None
    return run_check(catalog, loaded, scanned, lang=lang, strict=strict, live=live)


def run_check(
    catalog: Catalog, loaded: LoadedManifest, scanned: ScanResult | None = None, *, lang: str = "en", strict: bool = False, live: bool = False
) -> Report:
    """Every rule for every manifest entry and (with a scan) every unlisted code reference."""
    checker = Checker(catalog, lang)
    manifest = loaded.manifest
    problems: set[Problem] = set()
    defaults = resolve_policy(catalog, manifest.policy, _origin(Policy(), -1), loaded, problems)
    subjects: list[Subject] = []
    for i, entry in enumerate(manifest.models):
        subjects.append(_entry_subject(catalog, loaded, i, entry, problems))
    if problems:
        raise ManifestError(sorted(problems, key=lambda p: (p.file, p.line or 0, p.message)))

    findings: list[Finding] = verify_on_hub(subjects, loaded.path, lang) if live else []
    choices: list[Choice] = []
    for s in subjects:
        findings.extend(checker.evaluate(s))
        choices.append(Choice(name=s.choice, model_id=checker.canonical(s.model_ref), task=s.task_id, source="manifest", file=s.file, line=s.line))

    if scanned is not None:
        listed = {checker.canonical(e.model) for e in manifest.models}
        unlisted: dict[str, list[Reference]] = {}
        for ref in scanned.references:
            model_id = checker.canonical(ref.model)
            if model_id not in listed:
                unlisted.setdefault(model_id, []).append(ref)
        for model_id, refs in sorted(unlisted.items()):
            first = refs[0]
            task_id = checker.task_id(next((r.task for r in refs if r.task), None))
            if "unlisted-reference" not in defaults.ignore:
                findings.extend(
                    Finding(
                        rule="unlisted-reference", severity="error", file=ref.file, line=ref.line, choice=model_id, model_id=model_id,
                        message=_t(lang, f"{ref.model} is loaded here ({ref.call}) but the manifest {loaded.path} does not list it", f"此处（{ref.call}）加载了 {ref.model}，但清单 {loaded.path} 中没有列出"),
                    )
                    for ref in refs
                )
            subject = Subject(model_id, first.model, task_id, first.file, first.line, defaults, "code")
            findings.extend(checker.evaluate(subject))
            choices.append(Choice(name=model_id, model_id=model_id, task=task_id, source="code", file=first.file, line=first.line))
        findings.extend(Finding(rule="scan-error", severity="warning", file=e.file, line=e.line, message=e.message) for e in scanned.errors)
    return build_report(findings, choices, strict)


def verify_on_hub(subjects: list[Subject], manifest_file: str, lang: str) -> list[Finding]:
    """`--live`: each (model, revision) once against the Hub. Found models are cached, so the offline
    rules then apply to Hub-only models too; a network fault is one warning and an offline check."""
    from llm_advisor.hub import cache
    from llm_advisor.hub.client import HubError, HubGated, HubNotFound, fetch_model

    findings: list[Finding] = []
    seen: set[tuple[str, str | None]] = set()
    for s in subjects:
        if (s.model_ref, s.revision) in seen or "not-on-hub" in s.policy.ignore:
            continue
        seen.add((s.model_ref, s.revision))
        try:
            cache.put_model(fetch_model(s.model_ref, s.revision))
        except HubGated:
            continue  # it exists; whether this CI may download it is the gated-forbidden rule's business
        except HubNotFound as exc:
            where = f"{s.model_ref}@{s.revision}" if s.revision else s.model_ref
            findings.append(Finding(
                rule="not-on-hub", severity="error", file=s.file, line=s.revision_line or s.line, choice=s.choice, model_id=s.model_ref,
                message=_t(lang, f"the Hub has no {where} ({exc})", f"Hub 上没有 {where}（{exc}）"),
            ))
        except HubError as exc:
            findings.append(Finding(
                rule="live-unavailable", severity="warning", file=manifest_file, line=None,
                message=_t(lang, f"Hub not reached ({exc}); models were checked offline (catalog + Hub cache) only", f"无法连接 Hub（{exc}）；仅做了离线检查（目录 + Hub 缓存）"),
            ))
            break
    return findings


def _entry_subject(catalog: Catalog, loaded: LoadedManifest, i: int, entry: ModelChoice, problems: set[Problem]) -> Subject:
    policy = merge(loaded.manifest.policy, entry.policy)
    eff = resolve_policy(catalog, policy, _origin(entry.policy, i), loaded, problems)
    task_id = None
    try:
        task_id = catalog.task(entry.task).id
    except UnknownName as exc:
        problems.add(loaded.problem(["models", i, "task"], f"models.{i}.task: {exc}"))
    revision_line = loaded.line_of(["models", i, "revision"]) if entry.revision is not None else None
    return Subject(entry.name, entry.model, task_id, loaded.path, loaded.line_of(["models", i, "model"]), eff, "manifest", entry.revision, revision_line)


def build_report(findings: list[Finding], choices: list[Choice], strict: bool) -> Report:
    findings = sorted(findings, key=lambda f: (f.file or "", f.line or 0, SEVERITY_ORDER[f.severity], f.rule, f.choice or "", f.message))
    counts = {sev: sum(1 for f in findings if f.severity == sev) for sev in SEVERITY_ORDER}
    ok = counts["error"] == 0 and not (strict and counts["warning"] > 0)
    summary = Summary(errors=counts["error"], warnings=counts["warning"], notes=counts["note"], models=len(choices))
    return Report(ok=ok, summary=summary, findings=findings, choices=sorted(choices, key=lambda c: (c.file, c.line or 0, c.name)))


def manifest_error_report(err: ManifestError) -> Report:
    """Manifest problems as findings, so every output format (annotations, SARIF, JUnit) shows them."""
    findings = [Finding(rule="invalid-manifest", severity="error", file=p.file, line=p.line, message=p.message) for p in err.problems]
    return build_report(findings, [], strict=False)


class Checker:
    """Evaluates subjects; keeps the engine's rankings per (model, task, constraints) for reuse."""

    def __init__(self, catalog: Catalog, lang: str = "en") -> None:
        self.catalog, self.lang = catalog, lang
        self._ranked: dict[str, dict[str, Any]] = {}

    # --- lookups -------------------------------------------------------------------------------

    def model(self, name: str) -> Entry | None:
        """Catalog (id or alias) first, then the Hub cache when that module is present."""
        try:
            return self.catalog.model(name)
        except UnknownName:
            pass
        record = _hub_cached(name)
        return _hub_entry(record) if record else None

    def canonical(self, name: str) -> str:
        m = self.model(name)
        return str(m["id"]) if m else name

    def task_id(self, name: str | None) -> str | None:
        if not name:
            return None
        try:
            return self.catalog.task(name).id
        except UnknownName:
            return None  # a task named in code that the catalog does not know: check what does not need it

    # --- rules ---------------------------------------------------------------------------------

    def evaluate(self, s: Subject) -> list[Finding]:
        lang = self.lang
        out: list[Finding] = []

        def add(rule: str, message: str, severity: Severity | None = None, line: int | None = None, suggestion: str | None = None, model_id: str | None = None) -> None:
            if rule not in s.policy.ignore:
                out.append(Finding(
                    rule=rule, severity=severity or RULES[rule][0], message=message, file=s.file, line=line or s.line,
                    choice=s.choice, model_id=model_id or s.model_ref, suggestion=suggestion,
                ))

        if s.source == "manifest":
            self._revision(s, add)
        m = self.model(s.model_ref)
        if m is None:
            close = self.catalog.suggest(s.model_ref, ("models",))
            hint = _t(lang, f"; did you mean {', '.join(close)}?", f"；你是不是想用 {', '.join(close)}？") if close else ""
            add("unknown-model", _t(lang, f"{s.model_ref} is neither in the catalog nor in the Hub cache (run `llm-advisor sync`, or add it to a catalog layer){hint}", f"{s.model_ref} 既不在目录中，也不在 Hub 缓存中（运行 `llm-advisor sync`，或把它加入目录层）{hint}"), model_id=s.model_ref)
            return out
        model_id = str(m["id"])

        def add_m(rule: str, message: str, severity: Severity | None = None, suggestion: str | None = None) -> None:
            add(rule, message, severity, suggestion=suggestion, model_id=model_id)

        for finding in out:
            finding.model_id = model_id
        task = self.catalog.tasks[s.task_id] if s.task_id else None
        p = s.policy
        self._architecture(m, task, s, add_m)
        if p.licenses is not None and m["license"] not in p.licenses:
            add_m("license-not-allowed", _t(lang, f"licence {m['license']} is not allowed (policy: {', '.join(p.license_text)})", f"许可证 {m['license']} 不被允许（策略：{', '.join(p.license_text)}）"))
        if p.max_params is not None and not m["hosted"]:
            if m["params"] is None:
                add_m("too-large", _t(lang, f"parameter count not published: cannot check max_params {human(p.max_params)}", f"参数量未公开，无法检查 max_params {human(p.max_params)}"), "warning")
            elif m["params"] > p.max_params:
                add_m("too-large", _t(lang, f"{human(m['params'])} parameters > max_params {human(p.max_params)}", f"参数量 {human(m['params'])} 超过 max_params {human(p.max_params)}"))
        fits = self._fit(m, task, p, add_m)
        self._context(m, task, p, add_m)
        self._languages(m, task, p, add_m)
        if not p.allow_gated and m["gated"]:
            add_m("gated-forbidden", _t(lang, "gated on the Hub (terms must be accepted) and the policy sets allow_gated: false", "在 Hub 上需申请访问（gated），而策略设置了 allow_gated: false"))
        if task is not None and s.task_id is not None:
            if p.max_cost is not None and fits:
                self._cost(m, s.task_id, p, add_m)
            self._better(m, s.task_id, p, add_m)
        return out

    def _revision(self, s: Subject, add: Any) -> None:
        lang = self.lang
        if s.revision is None:
            add("revision-not-pinned", _t(lang, "no revision pinned: add `revision: <40-hex commit sha>` so the weights cannot change under you", "未固定版本：添加 `revision: <40 位十六进制提交 sha>`，以免权重在你不知情时变化"))
        elif not SHA_RE.match(s.revision.lower()):
            add("revision-not-pinned", _t(lang, f"revision {s.revision!r} is a branch or tag, not a 40-hex commit sha", f"revision {s.revision!r} 是分支或标签，不是 40 位十六进制提交 sha"), line=s.revision_line)

    def _architecture(self, m: Entry, task: Entry | None, s: Subject, add: Any) -> None:
        lang, arch, p = self.lang, m["architecture"], s.policy
        if arch is None:
            return  # a Hub model whose architecture could not be classified: nothing to judge
        if task is not None:
            fits = {f["id"]: f["weight"] for f in task["architectures"]}
            fit = fits.get(arch, 0.0)
            floor = self.catalog.scoring["min_task_fit"]
            if fit < floor:
                best = sorted((f for f in task["architectures"] if f["weight"] >= floor), key=lambda f: (-f["weight"], f["id"]))
                alt = _t(lang, f"; use {best[0]['id']} (fit {best[0]['weight']:.2f})", f"；请改用 {best[0]['id']}（适配度 {best[0]['weight']:.2f}）") if best else ""
                add("unsuited-architecture", _t(lang, f"{arch} architecture suits {s.task_id} poorly (fit {fit:.2f} < min_task_fit {floor:.2f}){alt}", f"{arch} 架构不适合 {s.task_id}（适配度 {fit:.2f} < min_task_fit {floor:.2f}）{alt}"))
        if p.required and arch not in p.required:
            add("unsuited-architecture", _t(lang, f"{arch} architecture is not among the required: {', '.join(p.required)}", f"{arch} 架构不在要求的架构中：{', '.join(p.required)}"))
        if arch in p.forbidden:
            add("unsuited-architecture", _t(lang, f"{arch} architecture is forbidden by the policy", f"策略禁止 {arch} 架构"))

    def _fit(self, m: Entry, task: Entry | None, p: Effective, add: Any) -> bool:
        """False when the model cannot fit; sized exactly as `recommend` sizes it (engine._size)."""
        lang, budget = self.lang, p.budget
        if budget is None or m["hosted"]:
            return True
        where = p.hardware["id"] if p.hardware else f"{budget:g} GB"
        params = m["params"]
        if params is None:
            add("does-not-fit", _t(lang, f"parameter count not published: cannot check it fits {where}", f"参数量未公开，无法确认能否放进 {where}"), "warning")
            return True
        token = is_token_model(m, task) if task is not None else m["architecture"] in TOKEN_ARCHS
        fit = fit_memory(m, token, p.context or DEFAULT_CONTEXT, p.batch, p.precision, p.hardware, budget)
        if fit.fits:
            return True
        weights = estimates.weight_memory_gb(params, fit.precision)
        kv = fit.kv_gb or 0.0
        add("does-not-fit", _t(
            lang,
            f"needs ~{fit.need_gb:.1f} GB at {fit.precision} (weights {weights:.1f} GB + 20% overhead + KV cache {kv:.1f} GB at {fit.context} tokens x batch {p.batch}) > {budget:g} GB of {where}",
            f"在 {fit.precision} 精度下约需 {fit.need_gb:.1f} GB（权重 {weights:.1f} GB + 20% 开销 + {fit.context} 词元 × 批量 {p.batch} 的 KV 缓存 {kv:.1f} GB），超过 {where} 的 {budget:g} GB",
        ))
        return False

    def _context(self, m: Entry, task: Entry | None, p: Effective, add: Any) -> None:
        lang = self.lang
        if p.context is None or (task is not None and task["modality"] not in ("text", "multimodal")):
            return
        ctx = m["context_length"]
        if ctx is None:
            if task is not None:
                add("context-too-short", _t(lang, f"context window not published: cannot check context {p.context}", f"上下文窗口未公开，无法检查 context {p.context}"), "warning")
        elif ctx < p.context:
            add("context-too-short", _t(lang, f"context window {ctx} < required context {p.context}", f"上下文窗口 {ctx} 小于要求的 {p.context}"))

    def _languages(self, m: Entry, task: Entry | None, p: Effective, add: Any) -> None:
        lang = self.lang
        if not p.languages:
            return
        langs = list(m["languages"] or [])
        if not langs:
            if task is not None and task["modality"] in ("text", "multimodal"):
                add("language-not-covered", _t(lang, f"languages not stated: cannot check {', '.join(p.languages)}", f"未说明支持的语言，无法检查 {', '.join(p.languages)}"), "warning")
            return
        if "mul" in langs:  # multilingual counts as covering every language, as in `recommend`
            return
        missing = [code for code in p.languages if code not in langs]
        if missing:
            add("language-not-covered", _t(lang, f"does not cover {', '.join(missing)} (covers {', '.join(langs)})", f"不支持 {', '.join(missing)}（支持 {', '.join(langs)}）"))

    # --- engine-backed rules ---------------------------------------------------------------------

    def _rank(self, m: Entry, task_id: str, c: Constraints) -> dict[str, Any]:
        """engine.recommend with every candidate kept; the model is made a candidate for the task even
        when the catalog does not list it there (at baseline tier), so it can be costed and compared."""
        key = json.dumps([m["id"], task_id, c.as_dict()], sort_keys=True, default=str)
        if key not in self._ranked:
            catalog, extra = self.catalog, []
            listed = any(t["id"] == task_id for t in m["tasks"])
            entry = m if listed else {**m, "tasks": [*m["tasks"], {"id": task_id, "tier": "baseline", "eval": None}]}
            if m["id"] in catalog.models:
                if not listed:
                    catalog = Catalog({**catalog.data, "models": {**catalog.models, m["id"]: entry}}, catalog.digest, catalog.dirs)
            else:
                extra = [entry]
            self._ranked[key] = recommend(catalog, c, self.lang, extra_models=extra)
        return self._ranked[key]

    def _constraints(self, task_id: str, p: Effective, m: Entry, full: bool) -> Constraints:
        c = Constraints(
            task=task_id,
            hardware=p.hardware["id"] if p.hardware else None,
            memory_gb=p.memory_gb,
            precision=p.precision,
            context=p.context or DEFAULT_CONTEXT,
            batch=p.batch,
            include_hosted=bool(m["hosted"]),
            top=EVERYTHING,
            show_variants=True,
        )
        if full:  # the whole policy, as `recommend` would apply it
            c.max_params = p.max_params
            c.licenses = p.licenses
            c.language = p.languages[0] if len(p.languages) == 1 else None
            c.exclude_gated = not p.allow_gated
            c.context_required = p.context is not None
            c.max_cost = p.max_cost
        return c

    def _cost(self, m: Entry, task_id: str, p: Effective, add: Any) -> None:
        lang = self.lang
        doc = self._rank(m, task_id, self._constraints(task_id, p, m, full=False))
        pick = next((x for x in doc["picks"] if x["model_id"] == m["id"]), None)
        if pick is None:
            return  # excluded for its architecture or memory, which other rules report
        cost = pick["cost"] or {}
        usd = cost.get("usd_per_1m")
        assert p.max_cost is not None
        if usd is None:
            add("over-cost", _t(lang, f"cost cannot be estimated (no priced hardware, or size unknown): cannot check max_cost ${p.max_cost:g}", f"无法估算成本（没有带价格的硬件或规模未知），无法检查 max_cost ${p.max_cost:g}"), "warning")
        elif usd > p.max_cost:
            unit = cost.get("unit", "tokens")
            where = f" on {cost['hardware']}" if cost.get("hardware") else ""
            add("over-cost", _t(lang, f"estimated ~${usd:.2f} per 1M {unit}{where} > max_cost ${p.max_cost:g}", f"估算每百万{unit}约 ${usd:.2f}{where}，超过 max_cost ${p.max_cost:g}"))

    def _better(self, m: Entry, task_id: str, p: Effective, add: Any) -> None:
        lang = self.lang
        doc = self._rank(m, task_id, self._constraints(task_id, p, m, full=True))
        own = next((x for x in doc["picks"] if x["model_id"] == m["id"]), None)
        if own is None:
            return  # the model breaks the policy: the errors say so
        for pick in doc["picks"]:
            if pick["model_id"] == m["id"] or pick["source"] != "catalog" or not self._allowed(pick, p):
                continue
            lead = pick["score"] - own["score"]
            if lead >= p.margin:
                add("better-pick", _t(lang, f"{pick['model_id']} ranks clearly higher for {task_id} under this policy (score {pick['score']:.2f} vs {own['score']:.2f}); consider it", f"在此策略下 {pick['model_id']} 在 {task_id} 上明显更优（得分 {pick['score']:.2f} 对 {own['score']:.2f}），建议考虑"), suggestion=pick["model_id"])
            return

    @staticmethod
    def _allowed(pick: dict[str, Any], p: Effective) -> bool:
        """The policy rules the engine's filters do not apply: several languages, architecture lists."""
        langs = pick["languages"] or []
        if p.languages and "mul" not in langs and any(code not in langs for code in p.languages):
            return False
        if p.required and pick["architecture"] not in p.required:
            return False
        return pick["architecture"] not in p.forbidden


def _hub_cached(name: str) -> dict[str, Any] | None:
    """The Hub cache record for a model, when the cache module exists and has it; never fails."""
    try:
        cache = importlib.import_module("llm_advisor.hub.cache")
    except ImportError:
        return None
    get_model = getattr(cache, "get_model", None)
    if get_model is None:
        return None
    try:
        record: Any = get_model(name)
    except (OSError, ValueError):  # an unreadable cache only means the model is not known offline
        return None
    return record if isinstance(record, dict) and record.get("id") else None


def _hub_entry(record: dict[str, Any]) -> Entry:
    """A normalised Hub record in the catalog's model shape, so every rule applies to it."""
    from llm_advisor.recommend.service import to_catalog_shape

    return to_catalog_shape(record, record.get("pipeline_tag"))
