"""`check`: a repository's model choices (manifest entries and code references) against its policy -> findings.

The constraint rules are `recommend.rules` — the same functions `recommend` excludes candidates with —
so a model `recommend` would exclude under a policy is a `check` finding under that policy, with the same
message code. `better-pick` uses the same ranking. Nothing here prints or writes a sentence: findings carry
message codes that `render/` writes in the chosen language.
"""

from __future__ import annotations

import functools
import importlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from llm_advisor.catalog.loader import Catalog, Entry
from llm_advisor.check.manifest import SHA_RE, LoadedManifest, ManifestError, ModelChoice, Policy
from llm_advisor.check.rules import SEVERITY
from llm_advisor.check.scan import Reference, ScanResult
from llm_advisor.errors import Problem, UnknownName
from llm_advisor.msg import Msg, m
from llm_advisor.recommend.constraints import Constraints, expand_licenses
from llm_advisor.recommend.rules import Limits, all_verdicts
from llm_advisor.recommend.rules import Subject as RuleSubject

SCHEMA_VERSION = 2
Severity = Literal["error", "warning", "note"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "note": 2}
DEFAULT_CONTEXT = 8192  # the KV cache is sized at this when the policy states no context (as in `recommend`)
DEFAULT_MARGIN = 0.1
EVERYTHING = 10**6  # `top` that keeps every ranked candidate


class Finding(BaseModel):
    rule: str
    severity: Severity
    message: dict[str, Any] = Field(description="{code, params}; the JSON output adds its text")
    file: str | None = None
    line: int | None = None
    choice: str | None = Field(
        default=None, description="the manifest entry's name, or the model id for a code reference"
    )
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
class Effective(Limits):
    """A policy with defaults applied and every name resolved against the catalog: the shared rule
    limits plus what only `check` has."""

    margin: float = DEFAULT_MARGIN
    ignore: frozenset[str] = frozenset()


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
    catalog: Catalog,
    policy: Policy,
    origin: dict[str, Sequence[str | int]],
    loaded: LoadedManifest,
    problems: set[Problem],
) -> Effective:
    """Names checked against the catalog; an unknown one becomes a manifest problem at the line that set it."""
    eff = Effective(include_hosted=True)

    def bad(name: str, exc: UnknownName) -> None:
        loc = origin.get(name, ["policy", name])
        problems.add(loaded.problem(loc, f"{'.'.join(str(p) for p in loc)}: {exc}"))

    if policy.licenses is not None:
        try:
            eff.licenses = list(_expanded_licenses(tuple(policy.licenses), catalog))
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
            eff.required_architectures = ids
        else:
            eff.forbidden_architectures = ids
    eff.max_params = policy.max_params
    eff.memory_gb = policy.memory
    eff.precision = policy.precision or "auto"
    eff.context = policy.context or DEFAULT_CONTEXT
    eff.context_required = policy.context is not None
    eff.batch = policy.batch or 1
    eff.languages = sorted({lang.strip().lower() for lang in policy.languages or [] if lang.strip()})
    eff.allow_gated = policy.allow_gated is not False
    eff.max_cost = policy.max_cost
    eff.margin = DEFAULT_MARGIN if policy.better_pick_margin is None else policy.better_pick_margin
    eff.ignore = frozenset(policy.ignore or [])
    return eff


@functools.lru_cache(maxsize=64)
def _expanded_licenses(values: tuple[str, ...], catalog: Catalog) -> tuple[str, ...]:
    """expand_licenses once per distinct list: every entry of a 1,000-entry manifest repeats the default's."""
    return tuple(expand_licenses(list(values), catalog.licenses)[0])


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
    return run_check(catalog, loaded, scanned, strict=strict, live=live)


def run_check(
    catalog: Catalog,
    loaded: LoadedManifest,
    scanned: ScanResult | None = None,
    *,
    strict: bool = False,
    live: bool = False,
) -> Report:
    """Every rule for every manifest entry and (with a scan) every unlisted code reference."""
    checker = Checker(catalog)
    manifest = loaded.manifest
    problems: set[Problem] = set()
    defaults = resolve_policy(catalog, manifest.policy, _origin(Policy(), -1), loaded, problems)
    subjects: list[Subject] = []
    for i, entry in enumerate(manifest.models):
        subjects.append(_entry_subject(catalog, loaded, i, entry, problems))
    if problems:
        raise ManifestError(sorted(problems, key=lambda p: (p.file, p.line or 0, p.message)))

    findings: list[Finding] = verify_on_hub(subjects, loaded.path) if live else []
    choices: list[Choice] = []
    for s in subjects:
        findings.extend(checker.evaluate(s))
        choices.append(
            Choice(
                name=s.choice,
                model_id=checker.canonical(s.model_ref),
                task=s.task_id,
                source="manifest",
                file=s.file,
                line=s.line,
            )
        )

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
                        rule="unlisted-reference",
                        severity="error",
                        file=ref.file,
                        line=ref.line,
                        choice=model_id,
                        model_id=model_id,
                        message=m(
                            "check.unlisted_reference", model=ref.model, call=ref.call, manifest=loaded.path
                        ),
                    )
                    for ref in refs
                )
            subject = Subject(model_id, first.model, task_id, first.file, first.line, defaults, "code")
            findings.extend(checker.evaluate(subject))
            choices.append(
                Choice(
                    name=model_id,
                    model_id=model_id,
                    task=task_id,
                    source="code",
                    file=first.file,
                    line=first.line,
                )
            )
        findings.extend(
            Finding(
                rule="scan-error",
                severity="warning",
                file=e.file,
                line=e.line,
                message=m("check.scan_error", error=e.message),
            )
            for e in scanned.errors
        )
    return build_report(findings, choices, strict)


def verify_on_hub(subjects: list[Subject], manifest_file: str) -> list[Finding]:
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
            findings.append(
                Finding(
                    rule="not-on-hub",
                    severity="error",
                    file=s.file,
                    line=s.revision_line or s.line,
                    choice=s.choice,
                    model_id=s.model_ref,
                    message=m("check.not_on_hub", where=where, error=str(exc)),
                )
            )
        except HubError as exc:
            findings.append(
                Finding(
                    rule="live-unavailable",
                    severity="warning",
                    file=manifest_file,
                    line=None,
                    message=m("check.live_unavailable", error=str(exc)),
                )
            )
            break
    return findings


def _entry_subject(
    catalog: Catalog, loaded: LoadedManifest, i: int, entry: ModelChoice, problems: set[Problem]
) -> Subject:
    policy = merge(loaded.manifest.policy, entry.policy)
    eff = resolve_policy(catalog, policy, _origin(entry.policy, i), loaded, problems)
    task_id = None
    try:
        task_id = catalog.task(entry.task).id
    except UnknownName as exc:
        problems.add(loaded.problem(["models", i, "task"], f"models.{i}.task: {exc}"))
    revision_line = loaded.line_of(["models", i, "revision"]) if entry.revision is not None else None
    return Subject(
        entry.name,
        entry.model,
        task_id,
        loaded.path,
        loaded.line_of(["models", i, "model"]),
        eff,
        "manifest",
        entry.revision,
        revision_line,
    )


def build_report(findings: list[Finding], choices: list[Choice], strict: bool) -> Report:
    # messages are dicts (not orderable): two findings alike up to their message compare by its JSON
    findings = sorted(
        findings,
        key=lambda f: (
            f.file or "",
            f.line or 0,
            SEVERITY_ORDER[f.severity],
            f.rule,
            f.choice or "",
            json.dumps(f.message, sort_keys=True, default=str),
        ),
    )
    counts = {sev: sum(1 for f in findings if f.severity == sev) for sev in SEVERITY_ORDER}
    ok = counts["error"] == 0 and not (strict and counts["warning"] > 0)
    summary = Summary(
        errors=counts["error"], warnings=counts["warning"], notes=counts["note"], models=len(choices)
    )
    return Report(
        ok=ok,
        summary=summary,
        findings=findings,
        choices=sorted(choices, key=lambda c: (c.file, c.line or 0, c.name)),
    )


def manifest_error_report(err: ManifestError) -> Report:
    """Manifest problems as findings, so every output format (annotations, SARIF, JUnit) shows them."""
    findings = [
        Finding(
            rule="invalid-manifest",
            severity="error",
            file=p.file,
            line=p.line,
            message=m("check.invalid_manifest", problem=p.message),
        )
        for p in err.problems
    ]
    return build_report(findings, [], strict=False)


class Checker:
    """Evaluates subjects with the shared rules; keeps rankings per (model, task, constraints) for reuse."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._ranked: dict[tuple[str, str, str], list[Any]] = {}
        self._models: dict[str, Entry | None] = {}  # each name is looked up once (a manifest repeats them)

    # --- lookups -------------------------------------------------------------------------------

    def model(self, name: str) -> Entry | None:
        """Catalog (id or alias) first, then the Hub cache when that module is present."""
        if name not in self._models:
            self._models[name] = self._find_model(name)
        return self._models[name]

    def _find_model(self, name: str) -> Entry | None:
        found = self.catalog.find_model(name)  # no "did you mean" for a miss: only a finding shows one
        if found is not None:
            return found
        record = _hub_cached(name)
        if record is None:  # a model already downloaded into the Hugging Face cache (HF_HOME/hub)
            from llm_advisor.modelinfo.localdir import hf_cache_record

            record = hf_cache_record(self.catalog, name)
        return _hub_entry(record) if record else None

    def canonical(self, name: str) -> str:
        found = self.model(name)
        return str(found["id"]) if found else name

    def task_id(self, name: str | None) -> str | None:
        if not name:
            return None
        try:
            return self.catalog.task(name).id
        except UnknownName:
            return None  # a task named in code that the catalog does not know: check what does not need it

    # --- rules ---------------------------------------------------------------------------------

    def evaluate(self, s: Subject) -> list[Finding]:
        out: list[Finding] = []

        def add(
            rule: str,
            message: Msg,
            severity: Severity | None = None,
            line: int | None = None,
            suggestion: str | None = None,
            model_id: str | None = None,
        ) -> None:
            if rule not in s.policy.ignore:
                out.append(
                    Finding(
                        rule=rule,
                        severity=severity or SEVERITY[rule],
                        message=message,
                        file=s.file,
                        line=line or s.line,
                        choice=s.choice,
                        model_id=model_id or s.model_ref,
                        suggestion=suggestion,
                    )
                )

        if s.source == "manifest":
            self._revision(s, add)
        model = self.model(s.model_ref)
        if model is None:
            # suggestions only for what is shown: one lookup per unknown model, never a scan of every name
            add(
                "unknown-model",
                m(
                    "check.unknown_model",
                    model=s.model_ref,
                    suggestions=self.catalog.suggest(s.model_ref, ("models",)),
                ),
            )
            return out
        model_id = str(model["id"])
        for finding in out:
            finding.model_id = model_id
        task = self.catalog.tasks[s.task_id] if s.task_id else None
        for rule, verdict in all_verdicts(RuleSubject(model, task, s.policy, self.catalog), s.policy.ignore):
            add(rule.id, verdict.message, "warning" if verdict.unknown else rule.severity, model_id=model_id)
        if task is not None and s.task_id is not None and "better-pick" not in s.policy.ignore:
            self._better(model, s.task_id, s.policy, add)
        return out

    def _revision(self, s: Subject, add: Any) -> None:
        if s.revision is None:
            add("revision-not-pinned", m("check.revision_missing"))
        elif not SHA_RE.match(s.revision.lower()):
            add("revision-not-pinned", m("check.revision_not_sha", revision=s.revision), line=s.revision_line)

    # --- ranking-backed rule -------------------------------------------------------------------

    def _better(self, model: Entry, task_id: str, p: Effective, add: Any) -> None:
        from llm_advisor.recommend.ranking import merged_models, rank

        c = Constraints(
            task=task_id,
            hardware=p.hardware["id"] if p.hardware else None,
            memory_gb=p.memory_gb,
            precision=p.precision,
            context=p.context,
            context_required=p.context_required,
            batch=p.batch,
            max_params=p.max_params,
            licenses=p.licenses,
            language=p.languages[0] if len(p.languages) == 1 else None,
            exclude_gated=not p.allow_gated,
            include_hosted=bool(model["hosted"]),
            max_cost=p.max_cost,
            top=EVERYTHING,
            show_variants=True,
        )
        # a catalog model listed for the task leaves the candidate set as it is: one ranking per (task,
        # constraints) serves every such model; any other model joins the set, so it gets its own
        shared = self.catalog.models.get(model["id"]) is model and any(
            t["id"] == task_id for t in model["tasks"]
        )
        key = ("" if shared else model["id"], task_id, repr(sorted(c.as_dict().items())))
        if key not in self._ranked:
            listed = any(t["id"] == task_id for t in model["tasks"])
            # the model is made a candidate for the task even when the catalog does not list it there
            # (at baseline tier), so it can be compared
            entry = (
                model
                if listed
                else {**model, "tasks": [*model["tasks"], {"id": task_id, "tier": "baseline", "eval": None}]}
            )
            models = merged_models(self.catalog, [])
            models[model["id"]] = entry
            self._ranked[key] = rank(self.catalog, c, models)[0]
        ranked = self._ranked[key]
        own = next((x for x in ranked if x.id == model["id"]), None)
        if own is None:
            return  # the model breaks the policy: the errors say so
        for cand in ranked:
            if (
                cand.id == model["id"]
                or cand.model.get("source_kind", "catalog") != "catalog"
                or not self._allowed(cand.model, p)
            ):
                continue
            if cand.score - own.score >= p.margin:
                add(
                    "better-pick",
                    m(
                        "check.better_pick",
                        model=cand.id,
                        task=task_id,
                        score=cand.score,
                        own_score=own.score,
                    ),
                    suggestion=cand.id,
                )
            return

    @staticmethod
    def _allowed(model: Entry, p: Effective) -> bool:
        """The policy rules the ranking's single-language filter does not apply: several languages, architecture lists."""
        langs = model["languages"] or []
        if p.languages and "mul" not in langs and any(code not in langs for code in p.languages):
            return False
        if p.required_architectures and model["architecture"] not in p.required_architectures:
            return False
        return model["architecture"] not in p.forbidden_architectures


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
