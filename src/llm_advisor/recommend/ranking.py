"""The rule-based recommender: the constraint rules exclude, scored components rank, variants collapse.

Rules and weights live in the catalog (tasks.yaml architecture fits, model tiers, scoring.yaml) and in
`rules.py` (the constraint rules `check` shares). `recommend()` returns data: every reason, warning and
basis is a message code with parameters (`llm_advisor.msg`); `render/` writes the sentences.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from llm_advisor import __version__
from llm_advisor.catalog.loader import Catalog, Entry
from llm_advisor.msg import Msg, m
from llm_advisor.recommend import estimates
from llm_advisor.recommend.constraints import Constraints
from llm_advisor.recommend.rules import Limits, Subject, first_violation

SCHEMA_VERSION = 2


@dataclass
class Candidate:
    model: Entry
    tier: str
    eval: dict[str, Any] | None
    fit: float
    precision: str = "bf16"
    memory_gb: float | None = None  # weights + overhead + KV at the chosen precision
    kv_gb: float | None = None
    cost: dict[str, Any] | None = None
    needs_finetuning: bool = False
    editorial: str | None = None
    components: dict[str, float | None] = field(default_factory=dict)
    score: float = 0.0
    variants: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        model_id: str = self.model["id"]
        return model_id


def limits_of(c: Constraints, hw: Entry | None) -> Limits:
    """The recommend flags as the shared rule limits."""
    return Limits(
        licenses=c.licenses,
        license_text=[*c.license_groups, *(c.licenses or [])] if c.license_groups else list(c.licenses or []),
        max_params=c.max_params,
        min_params=c.min_params,
        hardware=hw,
        memory_gb=None if hw else c.memory_gb,
        precision=c.precision,
        context=c.context,
        context_required=c.context_required,
        batch=c.batch,
        languages=[c.language] if c.language else [],
        allow_gated=not c.exclude_gated,
        max_cost=c.max_cost,
        include_hosted=c.include_hosted,
    )


def merged_models(catalog: Catalog, extra_models: list[Entry] | None) -> dict[str, Entry]:
    models: dict[str, Entry] = dict(catalog.models)
    for x in extra_models or []:
        curated = models.get(x["id"])
        if curated is not None:  # curated facts win; the Hub only adds its popularity signal
            models[x["id"]] = {**curated, "downloads": x.get("downloads"), "likes": x.get("likes")}
        else:
            models[x["id"]] = x
    return models


def rank(catalog: Catalog, c: Constraints, models: dict[str, Entry]) -> tuple[list[Candidate], list[dict[str, Any]]]:
    """Every candidate for the task that passes the rules, best first, and every exclusion with its rule."""
    task_ref = catalog.task(c.task)
    task = task_ref.entry
    hw = catalog.hardware_profile(c.hardware) if c.hardware else None
    limits = limits_of(c, hw)
    fits = {f["id"]: f for f in task["architectures"]}
    scoring = catalog.scoring
    candidates: list[Candidate] = []
    excluded: list[dict[str, Any]] = []
    for model in models.values():
        entry = next((t for t in model["tasks"] if t["id"] == task_ref.id), None)
        if entry is None:
            continue
        subject = Subject(model, task, limits, catalog)
        broken = first_violation(subject)
        if broken is not None:
            rule, verdict = broken
            excluded.append({
                "model_id": model["id"], "rule": rule.id, "constraint": verdict.constraint or rule.constraint,
                "unknown": verdict.unknown, "reason": verdict.message,
            })
            continue
        cand = Candidate(
            model, entry["tier"], entry.get("eval"), fits.get(model["architecture"], {}).get("weight", 0.0),
            needs_finetuning=bool(entry.get("fine_tune_required")), editorial=entry.get("editorial"),
        )
        fit = subject.fit
        if fit is not None:
            cand.precision, cand.memory_gb, cand.kv_gb = fit.precision, fit.need_gb, fit.kv_gb
        elif not model["hosted"]:
            cand.precision = c.precision if c.precision != "auto" else "bf16"
        cand.cost = subject.cost
        cand.components = _components(cand, catalog, scoring, c.examples)
        cand.score = _weighted(cand.components, scoring["weights"])
        candidates.append(cand)
    candidates.sort(key=lambda x: (-x.score, x.id))
    return candidates, sorted(excluded, key=lambda e: e["model_id"])


def recommend(
    catalog: Catalog,
    c: Constraints,
    extra_models: list[Entry] | None = None,
    hub_info: dict[str, Any] | None = None,
    why_not: str | None = None,
) -> dict[str, Any]:
    """Rank models for `c.task` under every constraint; the JSON contract of `recommend` (messages unrendered)."""
    from llm_advisor.recommend.approach import approach

    task_ref = catalog.task(c.task)
    task = task_ref.entry
    hw = catalog.hardware_profile(c.hardware) if c.hardware else None
    budget = hw["memory_gb"] if hw else c.memory_gb
    scoring = catalog.scoring
    models = merged_models(catalog, extra_models)
    candidates, excluded = rank(catalog, c, models)
    groups = candidates if c.show_variants else _collapse(candidates, models)
    picks = groups[: c.top]
    warnings = _warnings(hw, budget, bool(extra_models), hub_info)
    if task.get("needs_language") and c.language is None:
        warnings.append(m("warn.needs_language", task=task_ref.id))
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "task": {"id": task_ref.id, "name": task["name"], "modality": task["modality"], "resolved_from": task_ref.via},
        "constraints": _constraints_doc(c, hw),
        "picks": [_pick_doc(i + 1, p, task, c, hw, catalog) for i, p in enumerate(picks)],
        "excluded": excluded,
        "approach": approach(catalog, task, c, hw, candidates),
        "warnings": warnings,
        "data": {
            "catalog": {"version": __version__, "digest": catalog.digest[:12], "models": len(catalog.models)},
            "hub_cache": hub_info,
            "scoring": {"weights": scoring["weights"], "as_of": scoring["as_of"]},
        },
    }
    if not picks:
        doc["empty_reason"] = _empty_reason(excluded)
    if why_not:
        doc["why_not"] = _why_not(why_not, catalog, models, candidates, groups[: c.top], excluded, task_ref.id)
    return doc


def _components(cand: Candidate, catalog: Catalog, scoring: Entry, examples: int | None = None) -> dict[str, float | None]:
    model = cand.model
    lic = catalog.licenses.get(model["license"])
    if lic is not None and lic["permissive"]:
        license_score = scoring["license_scores"]["permissive"]
    elif lic is not None and lic["commercial_ok"]:
        license_score = scoring["license_scores"]["commercial_ok"]
    else:
        license_score = scoring["license_scores"]["restricted"]
    efficiency = None
    if cand.memory_gb is not None:
        ref = scoring["efficiency_reference_gb"]
        efficiency = ref / (ref + cand.memory_gb)
    popularity = None
    if model.get("downloads") is not None:
        sat = scoring["popularity_saturation_downloads"]
        popularity = min(1.0, math.log10(1 + model["downloads"]) / math.log10(1 + sat))
    recency = None
    if model.get("release_date"):
        as_of = date.fromisoformat(scoring["as_of"])
        parts = [int(p) for p in model["release_date"].split("-")] + [1]
        released = date(parts[0], parts[1], parts[2] if len(parts) > 3 else 1)
        years = max(0.0, (as_of - released).days / 365.25)
        recency = 0.5 ** (years / scoring["recency_half_life_years"])
    readiness = None
    if scoring.get("readiness"):
        if not cand.needs_finetuning:
            readiness = scoring["readiness"]["ready"]
        elif examples is not None and examples >= scoring["min_finetune_examples"]:
            readiness = scoring["readiness"]["fine_tune_with_examples"]
        else:
            readiness = scoring["readiness"]["fine_tune_without_examples"]
    return {
        "task_fit": round(cand.fit, 4),
        "readiness": readiness,
        "quality": scoring["tier_scores"][cand.tier],
        "efficiency": None if efficiency is None else round(efficiency, 4),
        "popularity": None if popularity is None else round(popularity, 4),
        "recency": None if recency is None else round(recency, 4),
        "license": license_score,
    }


def _weighted(components: dict[str, float | None], weights: dict[str, float]) -> float:
    used = {k: v for k, v in components.items() if v is not None and weights.get(k, 0) > 0}
    total = sum(weights[k] for k in used)
    return round(sum(weights[k] * v for k, v in used.items()) / total, 4) if total else 0.0


def _root(model_id: str, models: dict[str, Entry]) -> str:
    """The base a model descends from (fine-tunes, distillations, quantized copies), following base_model."""
    seen = {model_id}
    current = models.get(model_id)
    root = model_id
    while current is not None and current.get("base_model"):
        root = current["base_model"]
        if root in seen:
            break
        seen.add(root)
        current = models.get(root)
    return root


def _collapse(ranked: list[Candidate], models: dict[str, Entry]) -> list[Candidate]:
    heads: dict[str, Candidate] = {}
    out: list[Candidate] = []
    for cand in ranked:
        root = _root(cand.id, models)
        head = heads.get(root)
        if head is None:
            heads[root] = cand
            out.append(cand)
        else:
            head.variants.append(cand.id)
    return out


def _constraints_doc(c: Constraints, hw: Entry | None) -> dict[str, Any]:
    d = c.as_dict()
    d["hardware"] = hw["id"] if hw else None
    d["memory_gb"] = hw["memory_gb"] if hw else c.memory_gb
    return d


def _pick_doc(rank: int, p: Candidate, task: Entry, c: Constraints, hw: Entry | None, catalog: Catalog) -> dict[str, Any]:
    model = p.model
    params = model["params"]
    return {
        "rank": rank,
        "model_id": model["id"],
        "family": model["family"],
        "architecture": model["architecture"],
        "objective": model["objective"],
        "params": params,
        "active_params": model["active_params"],
        "license": model["license"],
        "languages": list(model["languages"]),
        "context_length": model["context_length"],
        "gated": model["gated"],
        "hosted": model["hosted"],
        "release_date": model.get("release_date"),
        "tier": p.tier,
        "evidence": p.eval,
        "editorial": p.editorial,
        "precision": None if model["hosted"] else p.precision,
        "memory_gb": estimates.memory_table(params) if params else None,
        "memory_needed_gb": None if p.memory_gb is None else round(p.memory_gb, 2),
        "kv_cache_gb": None if p.kv_gb is None else round(p.kv_gb, 3),
        "cost": p.cost,
        "score": p.score,
        "score_components": p.components,
        "reasons": _reasons(p, task, c, hw, catalog),
        "tradeoffs": _tradeoffs(p, task, c, catalog),
        "variants": p.variants,
        "source": model.get("source_kind", "catalog"),
        "url": model["source"],
    }


def _reasons(p: Candidate, task: Entry, c: Constraints, hw: Entry | None, catalog: Catalog) -> list[Msg]:
    model = p.model
    fit = next((f for f in task["architectures"] if f["id"] == model["architecture"]), None)
    out: list[Msg] = []
    if fit is not None:
        out.append(m("reason.fits_task", architecture=model["architecture"], weight=fit["weight"], rationale=fit["rationale"]))
    if p.needs_finetuning:
        out.append(m("reason.needs_finetuning"))
    elif model.get("base_model") and not model["hosted"]:
        out.append(m("reason.fine_tuned_from", base=model["base_model"]))
    if p.eval:
        ev = p.eval
        out.append(m("reason.quality_eval", tier=p.tier, benchmark=ev["benchmark"], metric=ev["metric"], value=ev["value"], date=ev.get("date")))
    elif p.editorial:
        out.append(m("reason.quality_editorial", tier=p.tier, why=p.editorial))
    else:
        out.append(m("reason.quality", tier=p.tier))
    if p.memory_gb is not None:
        budget = hw["memory_gb"] if hw else c.memory_gb
        if budget:
            out.append(m("reason.fits_budget", hardware=hw["name"] if hw else None, precision=p.precision, need_gib=round(p.memory_gb, 1), budget_gib=budget))
        else:
            out.append(m("reason.needs_memory", precision=p.precision, need_gib=round(p.memory_gb, 1)))
            largest = max((h["memory_gb"] for h in catalog.hardware.values()), default=0)
            if p.memory_gb > largest:
                out.append(m("reason.multi_gpu", largest_gib=largest))
    lic = catalog.licenses.get(model["license"])
    kind = "permissive" if lic and lic["permissive"] else "commercial_ok" if lic and lic["commercial_ok"] else "restricted"
    out.append(m("reason.license", license=model["license"], kind=kind))
    if c.language and model["languages"]:
        out.append(m("reason.language", language=c.language, multilingual=c.language not in model["languages"]))
    if model["hosted"]:
        out.append(m("reason.hosted"))
    if p.variants:
        out.append(m("reason.variants", variants=p.variants))
    return out


def _tradeoffs(p: Candidate, task: Entry, c: Constraints, catalog: Catalog) -> dict[str, list[Msg]]:
    model = p.model
    params = model["params"]
    size: list[Msg]
    if model["hosted"]:
        size = [m("size.hosted")]
    elif params is None:
        size = [m("size.unknown")]
    else:
        mem = estimates.memory_table(params)
        size = [m("size.params", params=params, active=model["active_params"])]
        size.append(m("size.weights", fp32=mem["fp32"], fp16=mem["fp16"], int8=mem["int8"], int4=mem["int4"]))
        if p.kv_gb is not None:
            ctx = min(c.context, model["context_length"]) if model["context_length"] else c.context
            size.append(m("size.kv", kv_gib=round(p.kv_gb, 2), context=ctx, batch=c.batch))
        size.append(m("size.disk", gib=round(mem["fp16"], 1)))
    cost = p.cost
    costs: list[Msg]
    if cost is None:
        costs = [m("cost.unknown")]
    elif cost["unit"] == "tokens" and model["hosted"]:
        costs = [m("cost.api", input=cost["usd_per_1m_input"], output=cost["usd_per_1m"], basis=cost["basis"])]
    elif cost["unit"] == "tokens":
        costs = [m("cost.tokens", tokens_per_s=cost["tokens_per_s"], usd=cost["usd_per_1m"], hardware=cost["hardware"], batch=cost.get("batch", 1))]
    else:
        costs = [m("cost.requests", requests_per_s=cost["requests_per_s"], latency=cost["latency_class"], usd=cost["usd_per_1m"], hardware=cost["hardware"])]
    if cost is not None and cost.get("cpu_only_realistic") is not None:
        costs.append(m("cost.cpu_realistic" if cost["cpu_only_realistic"] else "cost.cpu_unrealistic"))
    objective: list[Msg] = []
    obj = catalog.objectives.get(model["objective"]) if model["objective"] else None
    if obj is not None:
        objective.append(m("objective.pretrained", objective=obj["name"], implications=obj["implications"]))
    # the contrast that matters for this task: the best-fitting *other* family and why
    others = sorted((f for f in task["architectures"] if f["id"] != model["architecture"] and f["weight"] > 0), key=lambda f: (-f["weight"], f["id"]))
    if others:
        alt = others[0]
        objective.append(m("objective.versus", architecture=alt["id"], weight=alt["weight"], rationale=alt["rationale"]))
    return {"size": size, "cost": costs, "objective": objective}


def _warnings(hw: Entry | None, budget: float | None, have_hub: bool, hub_info: dict[str, Any] | None) -> list[Msg]:
    out = []
    if hw is None and budget is None:
        out.append(m("warn.no_budget"))
    if not have_hub:
        out.append(m("warn.no_hub_cache"))
    if hub_info and hub_info.get("age_hint"):
        out.append(hub_info["age_hint"])
    return out


def _empty_reason(excluded: list[dict[str, Any]]) -> Msg:
    if not excluded:
        return m("empty.no_models")
    counts: dict[str, int] = {}
    for e in excluded:
        counts[e["constraint"]] = counts.get(e["constraint"], 0) + 1
    by = [{"constraint": k, "count": n} for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return m("empty.all_excluded", excluded=len(excluded), by=by)


def _why_not(
    name: str, catalog: Catalog, models: dict[str, Entry], ranked: list[Candidate], picks: list[Candidate], excluded: list[dict[str, Any]], task_id: str
) -> dict[str, Any]:
    model_id = name if name in models else catalog.model(name)["id"]
    for e in excluded:
        if e["model_id"] == model_id:
            return {"model_id": model_id, "status": "excluded", "rule": e["rule"], "constraint": e["constraint"], "reason": e["reason"]}
    for i, cand in enumerate(ranked):
        if cand.id == model_id:
            head = next((p for p in picks if model_id in p.variants), None)
            if head is not None:
                return {"model_id": model_id, "status": "variant", "of": head.id, "reason": m("why_not.variant", of=head.id)}
            last = picks[-1] if picks else None
            picked = any(p.id == model_id for p in picks)
            if picked:
                reason = m("why_not.picked")
            elif last is not None:
                gaps = {k: round((last.components.get(k) or 0.0) - (v or 0.0), 4) for k, v in cand.components.items()}
                decisive = max(gaps, key=lambda k: gaps[k] * catalog.scoring["weights"].get(k, 0)) if gaps else None
                reason = m("why_not.ranked_lower", rank=i + 1, score=cand.score, last=last.id, last_score=last.score, component=decisive)
            else:
                reason = m("why_not.no_picks")
            return {"model_id": model_id, "status": "picked" if picked else "ranked-lower", "rank": i + 1, "score": cand.score, "score_components": cand.components, "reason": reason}
    return {"model_id": model_id, "status": "not-a-candidate", "reason": m("why_not.not_candidate", task=task_id)}
