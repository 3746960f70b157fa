"""The rule-based recommender: the constraint rules exclude, scored components rank, variants collapse.

Rules and weights live in the catalog (tasks.yaml architecture fits, model tiers, scoring.yaml) and in
`rules.py` (the constraint rules `check` shares). `recommend()` returns data: every reason, warning and
basis is a message code with parameters (`llm_advisor.msg`); `render/` writes the sentences.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from llm_advisor import __version__
from llm_advisor.catalog.loader import Catalog, Entry
from llm_advisor.msg import Msg, m
from llm_advisor.recommend import estimates
from llm_advisor.recommend.constraints import Constraints
from llm_advisor.recommend.fit import Candidate
from llm_advisor.recommend.rules import Limits, Subject, first_violation

SCHEMA_VERSION = 2


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
        kv_dtype=c.kv_dtype,
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


def rank(
    catalog: Catalog, c: Constraints, models: dict[str, Entry]
) -> tuple[list[Candidate], list[dict[str, Any]], bool]:
    """Every candidate for the task that passes the rules, best first, every exclusion with its rule, and
    whether the usable-speed rule had to be relaxed because no candidate reached it."""
    hw = catalog.hardware_profile(c.hardware) if c.hardware else None
    limits = limits_of(c, hw)
    candidates, excluded = _rank(catalog, c, models, hw, limits)
    if not candidates and any(e["rule"] == "too-slow" for e in excluded):
        limits.enforce_speed = False
        candidates, excluded = _rank(catalog, c, models, hw, limits)
        return candidates, excluded, True
    return candidates, excluded, False


def _rank(
    catalog: Catalog, c: Constraints, models: dict[str, Entry], hw: Entry | None, limits: Limits
) -> tuple[list[Candidate], list[dict[str, Any]]]:
    task_ref = catalog.task(c.task)
    task = task_ref.entry
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
            excluded.append(
                {
                    "model_id": model["id"],
                    "rule": rule.id,
                    "constraint": verdict.constraint or rule.constraint,
                    "unknown": verdict.unknown,
                    "reason": verdict.message,
                }
            )
            continue
        cand = Candidate(
            model,
            entry["tier"],
            entry.get("eval"),
            fits.get(model["architecture"], {}).get("weight", 0.0),
            needs_finetuning=bool(entry.get("fine_tune_required")),
            editorial=entry.get("editorial"),
        )
        fit = subject.fit
        if fit is not None:
            cand.precision, cand.memory_gb, cand.kv_gb = fit.precision, fit.need_gb, fit.kv_gb
        elif not model["hosted"]:
            cand.precision = c.precision if c.precision != "auto" else "bf16"
        cand.cost = subject.cost
        candidates.append(cand)
    with_downloads = any(x.model.get("downloads") is not None for x in candidates)
    for cand in candidates:
        cand.components = _components(cand, catalog, scoring, c, hw, with_downloads)
        # readiness multiplies: a base that must be fine-tuned first is only as useful as the labelled data you have
        cand.score = round(
            _weighted(cand.components, scoring["weights"]) * (cand.components["readiness"] or 1.0), 4
        )
        if c.language is None and _single_language(cand.model, task):
            cand.score = round(cand.score * scoring["single_language_penalty"], 4)
    candidates.sort(key=lambda x: (-x.score, x.id))
    return candidates, sorted(excluded, key=lambda e: e["model_id"])


def _single_language(model: Entry, task: Entry) -> bool:
    """A model that covers one language other than English (for a task where language matters)."""
    langs = [x for x in model["languages"] or [] if x]
    if task["modality"] not in ("text", "multimodal", "audio") or task.get("needs_language"):
        return False
    return len(langs) == 1 and langs[0] not in ("en", "mul")


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
    candidates, excluded, relaxed = rank(catalog, c, models)
    groups = (
        candidates
        if c.show_variants
        else _collapse(candidates, models, scoring.get("variant_size_tolerance", 0.1))
    )
    picks = groups[: c.top]
    warnings = _warnings(hw, budget, bool(extra_models), hub_info)
    if relaxed and hw is not None:
        warnings.append(
            m("warn.none_reach_speed", floor=estimates.MIN_USABLE_DECODE_TOKENS_PER_S, hardware=hw["id"])
        )
    if task.get("needs_language") and c.language is None:
        warnings.append(m("warn.needs_language", task=task_ref.id))
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "task": {
            "id": task_ref.id,
            "name": task["name"],
            "modality": task["modality"],
            "resolved_from": task_ref.via,
        },
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
    if task.get("use_case") and task_ref.id == "rag":
        doc["pipeline"] = _pipeline(catalog, c, hw, models, task)
        doc["picks"] = [stage["pick"] for stage in doc["pipeline"]["stages"] if stage["pick"]]
        picks = doc["picks"]
    if not picks:
        doc["empty_reason"] = _empty_reason(excluded)
    if why_not:
        doc["why_not"] = _why_not(
            why_not, catalog, models, candidates, groups[: c.top], excluded, task_ref.id
        )
    return doc


PIPELINE_ROLES = ("embedding", "reranker", "generator")


def _pipeline(
    catalog: Catalog, c: Constraints, hw: Entry | None, models: dict[str, Entry], task: Entry
) -> dict[str, Any]:
    """RAG: the best embedding model, reranker and generator that fit the budget together. Retrieval
    models are small and chosen first; the generator gets what memory is left."""
    from dataclasses import replace

    budget = estimates.usable_memory_gb(hw) if hw else c.memory_gb
    left = budget
    stages: list[dict[str, Any]] = []
    for role, stage_task in zip(PIPELINE_ROLES, task["pipeline_tags"], strict=False):
        sc = replace(c, task=stage_task, top=1, show_variants=True)
        if role == "generator" and left is not None:
            sc = replace(sc, hardware=None, memory_gb=max(0.1, left))
        ranked, _, _ = rank(catalog, sc, models)
        best = ranked[0] if ranked else None
        pick = None
        if best is not None:
            stage_ref = catalog.task(stage_task).entry
            pick = {
                **_pick_doc(
                    len(stages) + 1, best, stage_ref, sc, hw if role != "generator" else None, catalog
                ),
                "role": role,
                "stage_task": stage_task,
            }
            if left is not None and best.memory_gb is not None:
                left -= best.memory_gb
        stages.append({"role": role, "task": stage_task, "pick": pick})
    total = sum(s["pick"]["memory_needed_gb"] or 0.0 for s in stages if s["pick"])
    return {
        "stages": stages,
        "memory_needed_gb": round(total, 2),
        "budget_gb": budget,
        "fits": budget is None or total <= budget,
        "reason": m("pipeline.rag", total_gib=round(total, 1), budget_gib=budget),
    }


def _components(
    cand: Candidate, catalog: Catalog, scoring: Entry, c: Constraints, hw: Entry | None, with_downloads: bool
) -> dict[str, float | None]:
    """Each component in [0, 1]. Missing data is never an advantage: an unknown licence, date or size scores
    as the worst case, and popularity counts only when some candidate has it (then a missing count is 0)."""
    model = cand.model
    lic = catalog.licenses.get(model["license"])
    if lic is not None and lic["permissive"]:
        license_score = scoring["license_scores"]["permissive"]
    elif lic is not None and lic["commercial_ok"]:
        license_score = scoring["license_scores"]["commercial_ok"]
    elif lic is not None:
        license_score = scoring["license_scores"]["restricted"]
    else:
        license_score = 0.0
    # quality: the evidence behind the model's own tier; the family prior only where there is none
    evidenced = bool(cand.eval or cand.editorial)
    tier = scoring["tier_scores"][cand.tier]
    quality = tier if evidenced else tier * cand.fit * scoring["unevidenced_quality_factor"]
    popularity: float | None = None
    if with_downloads:
        sat = scoring["popularity_saturation_downloads"]
        popularity = min(1.0, math.log10(1 + (model.get("downloads") or 0)) / math.log10(1 + sat))
    recency = 0.0
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
        elif c.examples is not None and c.examples >= scoring["min_finetune_examples"]:
            readiness = scoring["readiness"]["fine_tune_with_examples"]
        else:
            readiness = scoring["readiness"]["fine_tune_without_examples"]
    return {
        "task_fit": round(cand.fit, 4),
        "readiness": readiness,
        "quality": round(quality, 4),
        "efficiency": round(_efficiency(cand, scoring, c, hw), 4),
        "popularity": None if popularity is None else round(popularity, 4),
        "recency": round(recency, 4),
        "license": license_score,
    }


def _efficiency(cand: Candidate, scoring: Entry, c: Constraints, hw: Entry | None) -> float:
    """Cheap to run for what it is. Within a budget, a model that fits comfortably scores 1 (it is not beaten
    by a smaller, weaker one merely for being smaller); with no budget, memory against a reference size.
    Speed uses active parameters (mixture-of-experts decode), memory total ones. Hosted models: their price."""
    model, cost = cand.model, cand.cost or {}
    if model["hosted"]:
        usd = cost.get("usd_per_1m")
        ref = float(scoring["hosted_reference_usd_per_1m"])
        return 0.0 if usd is None else ref / (ref + float(usd))
    if cand.memory_gb is None:
        return 0.0  # size unknown: the worst case
    budget = estimates.usable_memory_gb(hw) if hw else c.memory_gb
    if budget:
        used = cand.memory_gb / budget
        memory = (
            1.0
            if used <= scoring["comfortable_fraction"]
            else max(0.0, 1.0 - (used - scoring["comfortable_fraction"]))
        )
    else:
        ref = scoring["efficiency_reference_gb"]
        memory = ref / (ref + cand.memory_gb)
    tps = cost.get("tokens_per_s")
    if tps is None:
        rps = cost.get("requests_per_s")
        if rps is None:
            return float(memory)
        return (memory + min(1.0, float(rps) / float(scoring["speed_reference_requests_per_s"]))) / 2
    speed = min(1.0, float(tps) / float(scoring["speed_reference_tokens_per_s"]))
    return (memory + speed) / 2


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


def _collapse(ranked: list[Candidate], models: dict[str, Entry], tolerance: float = 0.1) -> list[Candidate]:
    """Quantized copies and fine-tunes of the same base AND the same size fold into the best of them;
    distinct sizes and distillations (a different parameter count) stay separate picks."""
    heads: dict[tuple[str, int | None], Candidate] = {}
    out: list[Candidate] = []
    for cand in ranked:
        root = _root(cand.id, models)
        params = cand.model["params"]
        head = next(
            (
                h
                for (r, _), h in heads.items()
                if r == root and _same_size(h.model["params"], params, tolerance)
            ),
            None,
        )
        if head is None:
            heads[(root, params)] = cand
            out.append(cand)
        else:
            head.variants.append(cand.id)
    return out


def _same_size(a: int | None, b: int | None, tolerance: float) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tolerance * max(a, b)


def _constraints_doc(c: Constraints, hw: Entry | None) -> dict[str, Any]:
    d = c.as_dict()
    d["hardware"] = hw["id"] if hw else None
    d["memory_gb"] = hw["memory_gb"] if hw else c.memory_gb
    return d


def _pick_doc(
    rank: int, p: Candidate, task: Entry, c: Constraints, hw: Entry | None, catalog: Catalog
) -> dict[str, Any]:
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
        out.append(
            m(
                "reason.fits_task",
                architecture=model["architecture"],
                architecture_name=_arch_name(catalog, model["architecture"]),
                weight=fit["weight"],
                rationale=fit["rationale"],
            )
        )
    if p.needs_finetuning:
        out.append(m("reason.needs_finetuning"))
    elif model.get("base_model") and not model["hosted"]:
        out.append(m("reason.fine_tuned_from", base=model["base_model"]))
    if p.eval:
        ev = p.eval
        out.append(
            m(
                "reason.quality_eval",
                tier=p.tier,
                benchmark=ev["benchmark"],
                metric=ev["metric"],
                value=ev["value"],
                date=ev.get("date"),
            )
        )
    elif p.editorial:
        out.append(m("reason.quality_editorial", tier=p.tier, why=p.editorial))
    else:
        out.append(m("reason.quality", tier=p.tier))
    if p.memory_gb is not None:
        budget = hw["memory_gb"] if hw else c.memory_gb
        if budget:
            out.append(
                m(
                    "reason.fits_budget",
                    hardware=hw["name"] if hw else None,
                    hardware_id=hw["id"] if hw else None,
                    precision=p.precision,
                    need_gib=round(p.memory_gb, 1),
                    budget_gib=budget,
                )
            )
        else:
            out.append(m("reason.needs_memory", precision=p.precision, need_gib=round(p.memory_gb, 1)))
            largest = max((h["memory_gb"] for h in catalog.hardware.values()), default=0)
            if p.memory_gb > largest:
                out.append(m("reason.multi_gpu", largest_gib=largest))
    cost = p.cost or {}
    if hw is not None and cost.get("tokens_per_s") is not None and cost.get("hardware") == hw["id"]:
        out.append(
            m(
                "reason.speed",
                tokens_per_s=cost["tokens_per_s"],
                precision=p.precision,
                hardware=hw["id"],
                floor=estimates.MIN_USABLE_DECODE_TOKENS_PER_S,
            )
        )
    lic = catalog.licenses.get(model["license"])
    if lic is None:
        out.append(m("reason.license_unknown", license=model["license"]))
    else:
        kind = (
            "permissive" if lic["permissive"] else "commercial_ok" if lic["commercial_ok"] else "restricted"
        )
        out.append(m("reason.license", license=model["license"], kind=kind))
    if not model.get("release_date"):
        out.append(m("reason.recency_unknown"))
    if c.language is None and _single_language(model, task):
        out.append(m("reason.single_language", languages=model["languages"]))
    if c.language and model["languages"]:
        out.append(
            m("reason.language", language=c.language, multilingual=c.language not in model["languages"])
        )
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
        costs = [
            m("cost.api", input=cost["usd_per_1m_input"], output=cost["usd_per_1m"], basis=cost["basis"])
        ]
    elif cost["unit"] == "tokens":
        costs = [
            m(
                "cost.tokens",
                tokens_per_s=cost["tokens_per_s"],
                usd=cost["usd_per_1m"],
                hardware=cost["hardware"],
                batch=cost.get("batch", 1),
                serving=cost.get("serving"),
            )
        ]
    else:
        costs = [
            m(
                "cost.requests",
                requests_per_s=cost["requests_per_s"],
                latency=cost["latency_class"],
                usd=cost["usd_per_1m"],
                hardware=cost["hardware"],
            )
        ]
    if cost is not None and cost.get("cpu_only_realistic") is not None:
        costs.append(m("cost.cpu_realistic" if cost["cpu_only_realistic"] else "cost.cpu_unrealistic"))
    objective: list[Msg] = []
    obj = catalog.objectives.get(model["objective"]) if model["objective"] else None
    if obj is not None:
        objective.append(m("objective.pretrained", objective=obj["name"], implications=obj["implications"]))
    # the contrast that matters for this task: the best-fitting *other* family and why
    others = sorted(
        (f for f in task["architectures"] if f["id"] != model["architecture"] and f["weight"] > 0),
        key=lambda f: (-f["weight"], f["id"]),
    )
    if others:
        alt = others[0]
        objective.append(
            m(
                "objective.versus",
                architecture=alt["id"],
                architecture_name=_arch_name(catalog, alt["id"]),
                weight=alt["weight"],
                rationale=alt["rationale"],
            )
        )
    return {"size": size, "cost": costs, "objective": objective}


def _arch_name(catalog: Catalog, arch: str) -> Any:
    """The architecture's display name ({en, zh}) so renderers can show it beside the id."""
    entry = catalog.architectures.get(arch)
    return entry["name"] if entry else arch


def _warnings(
    hw: Entry | None, budget: float | None, have_hub: bool, hub_info: dict[str, Any] | None
) -> list[Msg]:
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
    name: str,
    catalog: Catalog,
    models: dict[str, Entry],
    ranked: list[Candidate],
    picks: list[Candidate],
    excluded: list[dict[str, Any]],
    task_id: str,
) -> dict[str, Any]:
    model_id = name if name in models else catalog.model(name)["id"]
    for e in excluded:
        if e["model_id"] == model_id:
            return {
                "model_id": model_id,
                "status": "excluded",
                "rule": e["rule"],
                "constraint": e["constraint"],
                "reason": e["reason"],
            }
    for i, cand in enumerate(ranked):
        if cand.id == model_id:
            head = next((p for p in picks if model_id in p.variants), None)
            if head is not None:
                return {
                    "model_id": model_id,
                    "status": "variant",
                    "of": head.id,
                    "reason": m("why_not.variant", of=head.id),
                }
            last = picks[-1] if picks else None
            picked = any(p.id == model_id for p in picks)
            if picked:
                reason = m("why_not.picked")
            elif last is not None:
                gaps = {
                    k: round((last.components.get(k) or 0.0) - (v or 0.0), 4)
                    for k, v in cand.components.items()
                }
                decisive = (
                    max(gaps, key=lambda k: gaps[k] * catalog.scoring["weights"].get(k, 0)) if gaps else None
                )
                reason = m(
                    "why_not.ranked_lower",
                    rank=i + 1,
                    score=cand.score,
                    last=last.id,
                    last_score=last.score,
                    component=decisive,
                )
            else:
                reason = m("why_not.no_picks")
            return {
                "model_id": model_id,
                "status": "picked" if picked else "ranked-lower",
                "rank": i + 1,
                "score": cand.score,
                "score_components": cand.components,
                "reason": reason,
            }
    return {
        "model_id": model_id,
        "status": "not-a-candidate",
        "reason": m("why_not.not_candidate", task=task_id),
    }
