"""The rule-based recommender: hard filters, scored components, variants collapsed, reasons shown.

Rules and weights live in the catalog (tasks.yaml architecture fits, model tiers, scoring.yaml);
this module applies them. `recommend()` returns the documented JSON contract (docs/recommend.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from llm_advisor import __version__
from llm_advisor.catalog.loader import Catalog, Entry
from llm_advisor.recommend import estimates
from llm_advisor.recommend.constraints import Constraints
from llm_advisor.render.i18n import both, tr
from llm_advisor.units import human_count

SCHEMA_VERSION = 1
LATENCY_ZH = {
    "real-time (<20 ms)": "实时（<20 毫秒）",
    "interactive (<200 ms)": "交互级（<200 毫秒）",
    "responsive (<2 s)": "可接受（<2 秒）",
    "batch (>2 s)": "批处理（>2 秒）",
}
TOKEN_ARCHS = ("decoder-only", "encoder-decoder", "state-space")
REQUEST_TOKENS = 256  # a typical request for one-pass models (heuristic, stated in every estimate)
DIFFUSION_WORK = 4096 * 30  # latent tokens of a 1024x1024 image x 30 denoising steps (heuristic)


_t = both


def human(n: float | None) -> str:
    return human_count(n, "?")


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
    components: dict[str, float | None] = field(default_factory=dict)
    score: float = 0.0
    variants: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        model_id: str = self.model["id"]
        return model_id


class Excluded(Exception):
    def __init__(self, constraint: str, reason: str) -> None:
        super().__init__(reason)
        self.constraint, self.reason = constraint, reason


def precision_order(hw: Entry | None, requested: str) -> list[str]:
    """Explicit precision, or auto: the highest precision that fits, in the order the hardware supports."""
    if requested != "auto":
        return [requested]
    if hw is not None and hw["kind"] == "cpu":
        return ["fp32", "bf16", "int8", "int4"]
    if hw is not None and hw["kind"] == "gpu" and hw["bf16_tflops"] is None and hw["fp16_tflops"] is not None:
        return ["fp16", "int8", "int4"]  # e.g. T4: no bf16 support
    return ["bf16", "int8", "int4"]


def is_token_model(model: Entry, task: Entry) -> bool:
    return bool(task["generative"] and model["architecture"] in TOKEN_ARCHS)


def recommend(
    catalog: Catalog,
    c: Constraints,
    lang: str = "en",
    extra_models: list[Entry] | None = None,
    hub_info: dict[str, Any] | None = None,
    why_not: str | None = None,
) -> dict[str, Any]:
    """Rank models for `c.task` under every constraint; the JSON contract of `recommend`."""
    task_ref = catalog.task(c.task)
    task = task_ref.entry
    hw = catalog.hardware_profile(c.hardware) if c.hardware else None
    budget = hw["memory_gb"] if hw else c.memory_gb
    fits = {f["id"]: f for f in task["architectures"]}
    scoring = catalog.scoring

    models: dict[str, Entry] = dict(catalog.models)
    for m in extra_models or []:
        curated = models.get(m["id"])
        if curated is not None:  # curated facts win; the Hub only adds its popularity signal
            models[m["id"]] = {**curated, "downloads": m.get("downloads"), "likes": m.get("likes")}
        else:
            models[m["id"]] = m
    candidates: list[Candidate] = []
    excluded: list[dict[str, Any]] = []
    for m in models.values():
        entry = next((t for t in m["tasks"] if t["id"] == task_ref.id), None)
        if entry is None:
            continue
        fit = fits.get(m["architecture"], {}).get("weight", 0.0)
        cand = Candidate(m, entry["tier"], entry.get("eval"), fit, needs_finetuning=bool(entry.get("fine_tune_required")))
        try:
            _filter(cand, task, c, hw, budget, catalog, lang)
        except Excluded as exc:
            excluded.append({"model_id": m["id"], "constraint": exc.constraint, "reason": exc.reason})
            continue
        cand.components = _components(cand, catalog, scoring, c.examples)
        cand.score = _weighted(cand.components, scoring["weights"])
        candidates.append(cand)

    candidates.sort(key=lambda x: (-x.score, x.id))
    groups = candidates if c.show_variants else _collapse(candidates, models)
    picks = groups[: c.top]
    warnings = _warnings(c, hw, budget, lang, bool(extra_models), hub_info)
    if task_ref.id == "translation" and c.language is None:
        warnings.append(_t(lang, "translation models are often language-pair specific (e.g. opus-mt-en-de): add --language for the language you need", "翻译模型往往只支持特定语言对（如 opus-mt-en-de）：请用 --language 指定需要的语言"))
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "task": {"id": task_ref.id, "name": tr(task["name"], lang), "modality": task["modality"], "resolved_from": task_ref.via},
        "constraints": _constraints_doc(c, hw),
        "picks": [_pick_doc(i + 1, p, task, c, hw, catalog, lang) for i, p in enumerate(picks)],
        "excluded": sorted(excluded, key=lambda e: e["model_id"]),
        "approach": _approach(catalog, task, c, hw, candidates, lang),
        "warnings": warnings,
        "data": {
            "catalog": {"version": __version__, "digest": catalog.digest[:12], "models": len(catalog.models)},
            "hub_cache": hub_info,
            "scoring": {"weights": scoring["weights"], "as_of": scoring["as_of"]},
        },
        "lang": lang,
    }
    if not picks:
        doc["empty_reason"] = _empty_reason(excluded, lang)
    if why_not:
        doc["why_not"] = _why_not(why_not, catalog, models, candidates, groups[: c.top], excluded, task_ref.id, lang)
    return doc


def _approach(catalog: Catalog, task: Entry, c: Constraints, hw: Entry | None, ranked: list[Candidate], lang: str) -> dict[str, Any]:
    from llm_advisor.recommend.approach import approach

    return approach(catalog, task, c, hw, ranked, lang)


def _filter(
    cand: Candidate, task: Entry, c: Constraints, hw: Entry | None, budget: float | None, catalog: Catalog, lang: str
) -> None:
    m = cand.model
    scoring = catalog.scoring
    if m["hosted"] and not c.include_hosted:
        raise Excluded("include_hosted", _t(lang, "hosted API model (add --include-hosted to consider it)", "托管 API 模型（加 --include-hosted 才会考虑）"))
    if cand.fit < scoring["min_task_fit"]:
        raise Excluded(
            "task_fit",
            _t(lang, f"{m['architecture']} architecture suits this task poorly (fit {cand.fit:.2f})", f"{m['architecture']} 架构不适合此任务（适配度 {cand.fit:.2f}）"),
        )
    params = m["params"]
    if c.max_params is not None or c.min_params is not None:
        if params is None:
            raise Excluded("max_params" if c.max_params else "min_params", _t(lang, "parameter count not published", "参数量未公开"))
        if c.max_params is not None and params > c.max_params:
            raise Excluded("max_params", _t(lang, f"{human(params)} parameters > --max-params {human(c.max_params)}", f"参数量 {human(params)} 超过 --max-params {human(c.max_params)}"))
        if c.min_params is not None and params < c.min_params:
            raise Excluded("min_params", _t(lang, f"{human(params)} parameters < --min-params {human(c.min_params)}", f"参数量 {human(params)} 低于 --min-params {human(c.min_params)}"))
    if c.licenses is not None and m["license"] not in c.licenses:
        raise Excluded("license", _t(lang, f"licence {m['license']} is not allowed", f"许可证 {m['license']} 不在允许列表中"))
    if c.language:
        langs = m["languages"]
        if task["modality"] in ("text", "multimodal") or langs:
            if not langs:
                raise Excluded("language", _t(lang, "languages not stated", "未说明支持的语言"))
            if c.language not in langs and "mul" not in langs:
                raise Excluded("language", _t(lang, f"does not cover language {c.language!r} ({', '.join(langs)})", f"不支持语言 {c.language!r}（{', '.join(langs)}）"))
    if c.exclude_gated and m["gated"]:
        raise Excluded("exclude_gated", _t(lang, "gated on the Hub (terms must be accepted)", "在 Hub 上需申请访问（gated）"))
    if c.context_required and task["modality"] in ("text", "multimodal"):
        ctx = m["context_length"]
        if ctx is None:
            raise Excluded("context", _t(lang, "context window not published", "上下文窗口未公开"))
        if ctx < c.context:
            raise Excluded("context", _t(lang, f"context window {ctx} < --context {c.context}", f"上下文窗口 {ctx} 小于 --context {c.context}"))
    if not m["hosted"]:
        _size(cand, task, c, hw, budget, lang)
    cand.cost = _cost(cand, task, c, hw, catalog, lang)
    if c.max_cost is not None:
        usd = cand.cost.get("usd_per_1m") if cand.cost else None
        if usd is None:
            raise Excluded("max_cost", _t(lang, "cost cannot be estimated (no priced hardware fits)", "无法估算成本（没有合适的带价格硬件）"))
        if usd > c.max_cost:
            unit = cand.cost["unit"] if cand.cost else ""
            raise Excluded("max_cost", _t(lang, f"~${usd:.2f} per 1M {unit} > --max-cost ${c.max_cost:g}", f"每百万{unit}约 ${usd:.2f}，超过 --max-cost ${c.max_cost:g}"))


@dataclass(frozen=True)
class Fit:
    """How a model is sized: the precision chosen, what it needs there, and whether that fits."""

    fits: bool
    precision: str
    need_gb: float
    kv_gb: float | None
    context: int  # the context the KV cache was sized at (capped at the model's window)


def fit_memory(
    model: Entry, token: bool, context: int, batch: int, precision: str, hw: Entry | None, budget: float | None
) -> Fit:
    """Weights + RUNTIME_OVERHEAD + KV cache at the highest precision in `precision_order` that fits
    `budget` (the first one when there is no budget); `fits` is False when even the last does not."""
    params = model["params"]
    ctx = min(context, model["context_length"]) if model["context_length"] else context
    fit = Fit(False, "", 0.0, None, ctx)
    for p in precision_order(hw, precision):
        kv = estimates.model_kv_cache_gb(model["config"], ctx, batch, p) if token else None
        need = estimates.serving_memory_gb(params, p) + (kv or 0.0)
        fit = Fit(budget is None or need <= budget, p, need, kv, ctx)
        if fit.fits:
            break
    return fit


def _size(cand: Candidate, task: Entry, c: Constraints, hw: Entry | None, budget: float | None, lang: str) -> None:
    m = cand.model
    if m["params"] is None:
        if budget is not None:
            raise Excluded("memory", _t(lang, f"parameter count not published: cannot check it fits in {budget:g} GB", f"参数量未公开，无法确认能否放进 {budget:g} GB"))
        cand.precision = c.precision if c.precision != "auto" else "bf16"
        return
    fit = fit_memory(m, is_token_model(m, task), c.context, c.batch, c.precision, hw, budget)
    if not fit.fits:
        raise Excluded(
            "memory",
            _t(lang, f"needs ~{fit.need_gb:.1f} GB at {fit.precision} (weights + 20% overhead + KV cache at {fit.context} tokens) > {budget:g} GB", f"在 {fit.precision} 精度下约需 {fit.need_gb:.1f} GB（权重 + 20% 开销 + {fit.context} 词元 KV 缓存），超过 {budget:g} GB"),
        )
    cand.precision, cand.memory_gb, cand.kv_gb = fit.precision, fit.need_gb, fit.kv_gb


def cost_hardware(need: float | None, hw: Entry | None, catalog: Catalog) -> Entry | None:
    if hw is not None:
        return hw
    if need is None:
        return None
    priced = [h for h in catalog.hardware.values() if h["price_usd_per_hour"] is not None and h["kind"] != "cpu" and h["memory_gb"] >= need]
    return min(priced, key=lambda h: (h["price_usd_per_hour"], h["id"])) if priced else None


def _cost(cand: Candidate, task: Entry, c: Constraints, hw: Entry | None, catalog: Catalog, lang: str) -> dict[str, Any] | None:
    m = cand.model
    if m["hosted"]:
        pricing = m["pricing"]
        return {
            "unit": "tokens",
            "usd_per_1m": pricing["output_usd_per_1m"],
            "usd_per_1m_input": pricing["input_usd_per_1m"],
            "hardware": None,
            "basis": f"published API price as of {pricing['date']} ({pricing['source']})",
            "confidence": "exact",
        }
    params = m["params"]
    if params is None:
        return None
    active = m["active_params"] or params
    target = cost_hardware(cand.memory_gb, hw, catalog)
    if target is None:
        return None
    tflops = estimates.peak_tflops(target)
    unpublished = "" if tflops else "; peak compute not published: no compute bound (optimistic)"
    confidence = "exact" if m["active_params"] is None else "estimated"
    price = target["price_usd_per_hour"]
    if is_token_model(m, task):
        tps = estimates.decode_tokens_per_s(active, cand.precision, target["memory_bandwidth_gbps"], tflops, cand.kv_gb or 0.0, c.batch)
        prefill = estimates.prefill_tokens_per_s(active, tflops)
        doc: dict[str, Any] = {
            "unit": "tokens",
            "tokens_per_s": round(tps, 1),
            "prefill_tokens_per_s": None if prefill is None else round(prefill),
            "usd_per_1m": round(estimates.usd_per_million(tps, price), 4) if price else None,
            "hardware": target["id"],
            "basis": (
                f"estimate: decode reads {human(active)} active params at {cand.precision} per step at "
                f"{estimates.BANDWIDTH_EFFICIENCY:.0%} of {target['memory_bandwidth_gbps']:g} GB/s, batch {c.batch}; "
                + (f"prefill at {estimates.PREFILL_MFU:.0%} of peak; " if tflops else "")
                + f"price ${price}/h" + (f" ({target['price_date']})" if price else "")
                + unpublished
            ),
            "confidence": confidence if m["params"] else "heuristic",
        }
    else:
        work = DIFFUSION_WORK if m["architecture"] == "diffusion" else REQUEST_TOKENS
        rps = estimates.encoder_requests_per_s(active, work, tflops, target["memory_bandwidth_gbps"])
        doc = {
            "unit": "requests",
            "requests_per_s": round(rps, 2),
            "latency_class": estimates.latency_class(1 / rps),  # stable English key in JSON; localised in text
            "usd_per_1m": round(estimates.usd_per_million(rps, price), 2) if price else None,
            "hardware": target["id"],
            "basis": (
                "estimate (heuristic workload): "
                + ("a 1024x1024 image, 30 denoising steps" if work == DIFFUSION_WORK else f"one forward pass of {REQUEST_TOKENS} tokens")
                + (
                    f" at {estimates.PREFILL_MFU:.0%} of {target['id']} peak compute"
                    if tflops
                    else f", bounded only by reading the weights at {estimates.BANDWIDTH_EFFICIENCY:.0%} of "
                    f"{target['memory_bandwidth_gbps']:g} GB/s ({target['id']} peak compute not published; optimistic)"
                )
            ),
            "confidence": "heuristic",
        }
    doc["cpu_only_realistic"] = _cpu_ok(cand, task, catalog)
    return doc


def _cpu_ok(cand: Candidate, task: Entry, catalog: Catalog) -> bool | None:
    cpu = catalog.hardware.get("cpu")
    m = cand.model
    if cpu is None or m["params"] is None:
        return None
    active = m["active_params"] or m["params"]
    # realistic = fits the CPU profile's RAM at int4 and generates >= 5 tokens/s (reading speed) there,
    # or, for one-pass models, answers a request in under a second
    if estimates.serving_memory_gb(m["params"], "int4") > cpu["memory_gb"]:
        return False
    if is_token_model(m, task):
        return estimates.decode_tokens_per_s(active, "int4", cpu["memory_bandwidth_gbps"], estimates.peak_tflops(cpu)) >= 5
    return estimates.encoder_requests_per_s(active, REQUEST_TOKENS, estimates.peak_tflops(cpu), cpu["memory_bandwidth_gbps"]) >= 1


def _components(cand: Candidate, catalog: Catalog, scoring: Entry, examples: int | None = None) -> dict[str, float | None]:
    m = cand.model
    lic = catalog.licenses.get(m["license"])
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
    if m.get("downloads") is not None:
        sat = scoring["popularity_saturation_downloads"]
        popularity = min(1.0, math.log10(1 + m["downloads"]) / math.log10(1 + sat))
    recency = None
    if m.get("release_date"):
        as_of = date.fromisoformat(scoring["as_of"])
        parts = [int(p) for p in m["release_date"].split("-")] + [1]
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


def _pick_doc(rank: int, p: Candidate, task: Entry, c: Constraints, hw: Entry | None, catalog: Catalog, lang: str) -> dict[str, Any]:
    m = p.model
    params = m["params"]
    return {
        "rank": rank,
        "model_id": m["id"],
        "family": m["family"],
        "architecture": m["architecture"],
        "objective": m["objective"],
        "params": params,
        "active_params": m["active_params"],
        "license": m["license"],
        "languages": list(m["languages"]),
        "context_length": m["context_length"],
        "gated": m["gated"],
        "hosted": m["hosted"],
        "tier": p.tier,
        "precision": None if m["hosted"] else p.precision,
        "memory_gb": estimates.memory_table(params) if params else None,
        "memory_needed_gb": None if p.memory_gb is None else round(p.memory_gb, 2),
        "kv_cache_gb": None if p.kv_gb is None else round(p.kv_gb, 3),
        "cost": p.cost,
        "score": p.score,
        "score_components": p.components,
        "reasons": _reasons(p, task, c, hw, catalog, lang),
        "tradeoffs": _tradeoffs(p, task, c, catalog, lang),
        "variants": p.variants,
        "source": m.get("source_kind", "catalog"),
        "url": m["source"],
    }


def _reasons(p: Candidate, task: Entry, c: Constraints, hw: Entry | None, catalog: Catalog, lang: str) -> list[str]:
    m = p.model
    fit = next((f for f in task["architectures"] if f["id"] == m["architecture"]), None)
    out = []
    if fit is not None:
        out.append(_t(lang, f"{m['architecture']} fits this task (weight {fit['weight']:.2f}): ", f"{m['architecture']} 适合此任务（权重 {fit['weight']:.2f}）：") + tr(fit["rationale"], lang))
    if p.needs_finetuning:
        out.append(_t(
            lang,
            "a pre-trained base with no head for this task: fine-tune it on labelled examples first (see the approach advice, --examples N)",
            "这是没有该任务输出头的预训练基座：需先用标注数据微调（参见方法建议，--examples N）",
        ))
    elif m.get("base_model") and not m["hosted"]:
        out.append(_t(lang, f"a checkpoint fine-tuned from {m['base_model']}: ready to use", f"基于 {m['base_model']} 微调的检查点：可直接使用"))
    tier_txt = {"top": ("top tier", "顶级"), "strong": ("strong", "强"), "good": ("good", "良好"), "baseline": ("baseline", "基线")}[p.tier]
    line = _t(lang, f"curated quality for this task: {tier_txt[0]}", f"精选评级：{tier_txt[1]}")
    if p.eval:
        line += f" ({p.eval['benchmark']} {p.eval['metric']} {p.eval['value']:g})"
    out.append(line)
    if p.memory_gb is not None:
        budget = hw["memory_gb"] if hw else c.memory_gb
        where = hw["name"] if hw else (f"{budget:g} GB" if budget else None)
        if where:
            out.append(_t(lang, f"fits {where} at {p.precision}: ~{p.memory_gb:.1f} GB needed of {budget:g} GB", f"在 {where} 上以 {p.precision} 运行：约需 {p.memory_gb:.1f} GB / {budget:g} GB"))
        else:
            out.append(_t(lang, f"needs ~{p.memory_gb:.1f} GB at {p.precision} (weights + overhead + KV cache)", f"以 {p.precision} 运行约需 {p.memory_gb:.1f} GB（权重 + 开销 + KV 缓存）"))
            largest = max((h["memory_gb"] for h in catalog.hardware.values()), default=0)
            if p.memory_gb > largest:
                out.append(_t(lang, f"more than any single catalog accelerator ({largest:g} GB): plan for multi-GPU serving or quantization", f"超过目录中任何单个加速器（{largest:g} GB）：需要多卡部署或量化"))
    lic = catalog.licenses.get(m["license"])
    kind = (
        _t(lang, "permissive", "宽松许可") if lic and lic["permissive"]
        else _t(lang, "commercial use allowed with conditions", "允许有条件商用") if lic and lic["commercial_ok"]
        else _t(lang, "restricted or unclear terms", "限制性或条款不明")
    )
    out.append(_t(lang, f"licence {m['license']}: {kind}", f"许可证 {m['license']}：{kind}"))
    if c.language and m["languages"]:
        multilingual = c.language not in m["languages"]
        out.append(_t(lang, f"covers language {c.language}" + (" (multilingual model)" if multilingual else ""), f"支持语言 {c.language}" + ("（多语言模型）" if multilingual else "")))
    if m["hosted"]:
        out.append(_t(lang, "hosted API: no weights to run; data leaves your infrastructure", "托管 API：无需自行部署权重，但数据会离开你的基础设施"))
    if p.variants:
        out.append(_t(lang, "related variants (same base model): ", "同一基座的相关变体：") + ", ".join(p.variants))
    return out


def _tradeoffs(p: Candidate, task: Entry, c: Constraints, catalog: Catalog, lang: str) -> dict[str, str]:
    m = p.model
    params = m["params"]
    if m["hosted"]:
        size = _t(lang, "size not published (hosted API)", "规模未公开（托管 API）")
    elif params is None:
        size = _t(lang, "parameter count not published: memory not estimated", "参数量未公开，未估算内存")
    else:
        mem = estimates.memory_table(params)
        moe = ""
        if m["active_params"]:
            moe = _t(lang, f" (mixture-of-experts: {human(m['active_params'])} active per token; all experts must be resident)", f"（混合专家：每个词元激活 {human(m['active_params'])}，但所有专家都须常驻内存）")
        size = _t(
            lang,
            f"{human(params)} parameters{moe}; weights {mem['fp32']:.2f} GB fp32 / {mem['fp16']:.2f} GB fp16 / {mem['int8']:.2f} GB int8 / {mem['int4']:.2f} GB int4",
            f"{human(params)} 参数{moe}；权重 fp32 {mem['fp32']:.2f} GB / fp16 {mem['fp16']:.2f} GB / int8 {mem['int8']:.2f} GB / int4 {mem['int4']:.2f} GB",
        )
        if p.kv_gb is not None:
            ctx = min(c.context, m["context_length"]) if m["context_length"] else c.context
            size += _t(lang, f"; KV cache {p.kv_gb:.2f} GB at {ctx} tokens x batch {c.batch}", f"；KV 缓存 {p.kv_gb:.2f} GB（{ctx} 词元 × 批量 {c.batch}）")
        size += _t(lang, f"; disk ~{mem['fp16']:.1f} GB in 16-bit safetensors", f"；磁盘约 {mem['fp16']:.1f} GB（16 位 safetensors）")
    cost = p.cost
    if cost is None:
        cost_txt = _t(lang, "cost not estimated (size unknown or no priced hardware fits)", "未估算成本（规模未知或没有合适的带价格硬件）")
    elif cost["unit"] == "tokens" and m["hosted"]:
        cost_txt = _t(lang, f"${cost['usd_per_1m_input']:g} / ${cost['usd_per_1m']:g} per 1M input / output tokens ({cost['basis']})", f"每百万输入/输出词元 ${cost['usd_per_1m_input']:g} / ${cost['usd_per_1m']:g}（{cost['basis']}）")
    elif cost["unit"] == "tokens":
        usd = "—" if cost["usd_per_1m"] is None else f"${cost['usd_per_1m']:.3g}"
        cost_txt = _t(lang, f"~{cost['tokens_per_s']:g} tokens/s and {usd} per 1M generated tokens on {cost['hardware']} (estimate)", f"在 {cost['hardware']} 上约 {cost['tokens_per_s']:g} 词元/秒，每百万生成词元 {usd}（估算）")
    else:
        usd = "—" if cost["usd_per_1m"] is None else f"${cost['usd_per_1m']:.3g}"
        latency = LATENCY_ZH.get(cost["latency_class"], cost["latency_class"]) if lang == "zh" else cost["latency_class"]
        cost_txt = _t(lang, f"~{cost['requests_per_s']:g} requests/s, {latency}; {usd} per 1M requests on {cost['hardware']} (estimate)", f"在 {cost['hardware']} 上约 {cost['requests_per_s']:g} 请求/秒（{latency}）；每百万请求 {usd}（估算）")
    if cost is not None and cost.get("cpu_only_realistic") is not None:
        cost_txt += _t(lang, "; CPU-only is realistic" if cost["cpu_only_realistic"] else "; CPU-only is not realistic", "；纯 CPU 运行可行" if cost["cpu_only_realistic"] else "；纯 CPU 运行不现实")
    objective = m["objective"]
    obj = catalog.objectives.get(objective) if objective else None
    obj_txt = ""
    if obj is not None:
        obj_txt = _t(lang, f"pre-trained with {tr(obj['name'], lang)}: ", f"预训练目标为{tr(obj['name'], lang)}：") + tr(obj["implications"], lang)
    # the contrast that matters for this task: the best-fitting *other* family and why
    others = sorted((f for f in task["architectures"] if f["id"] != m["architecture"] and f["weight"] > 0), key=lambda f: (-f["weight"], f["id"]))
    if others:
        alt = others[0]
        obj_txt += _t(lang, f" Versus {alt['id']} (fit {alt['weight']:.2f}): ", f" 对比 {alt['id']}（适配度 {alt['weight']:.2f}）：") + tr(alt["rationale"], lang)
    return {"size": size, "cost": cost_txt, "objective": obj_txt.strip()}


def _warnings(c: Constraints, hw: Entry | None, budget: float | None, lang: str, have_hub: bool, hub_info: dict[str, Any] | None) -> list[str]:
    out = []
    if hw is None and budget is None:
        out.append(_t(lang, "no --hardware or --memory given: fit not checked; costs are estimated on the cheapest catalog GPU that fits each model", "未指定 --hardware 或 --memory：未检查能否放下；成本按能放下该模型的最便宜目录 GPU 估算"))
    if not have_hub:
        out.append(_t(lang, "popularity not used: no Hub cache (run `llm-advisor sync`)", "未使用热度指标：没有 Hub 缓存（运行 `llm-advisor sync`）"))
    if hub_info and hub_info.get("age_hint"):
        out.append(str(hub_info["age_hint"]))
    return out


def _empty_reason(excluded: list[dict[str, Any]], lang: str) -> str:
    if not excluded:
        return _t(lang, "no curated model declares this task", "没有精选模型声明支持此任务")
    counts: dict[str, int] = {}
    for e in excluded:
        counts[e["constraint"]] = counts.get(e["constraint"], 0) + 1
    parts = ", ".join(f"{n} by {k}" for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return _t(lang, f"no model satisfies every constraint: {len(excluded)} excluded ({parts})", f"没有模型满足所有约束：排除了 {len(excluded)} 个（{parts}）")


def _why_not(
    name: str, catalog: Catalog, models: dict[str, Entry], ranked: list[Candidate], picks: list[Candidate], excluded: list[dict[str, Any]], task_id: str, lang: str
) -> dict[str, Any]:
    model_id = name if name in models else catalog.model(name)["id"]
    for e in excluded:
        if e["model_id"] == model_id:
            return {"model_id": model_id, "status": "excluded", "constraint": e["constraint"], "reason": e["reason"]}
    for i, cand in enumerate(ranked):
        if cand.id == model_id:
            head = next((p for p in picks if model_id in p.variants), None)
            if head is not None:
                return {"model_id": model_id, "status": "variant", "of": head.id, "reason": _t(lang, f"collapsed into {head.id} (same base model); use --show-variants", f"已合并到 {head.id}（同一基座模型）；使用 --show-variants 查看")}
            last = picks[-1] if picks else None
            picked = any(p.id == model_id for p in picks)
            reason = (
                _t(lang, "it is one of the picks", "它已在推荐列表中") if picked
                else _t(lang, f"ranked {i + 1} with score {cand.score:.3f}, below the last pick {last.id} ({last.score:.3f})", f"排名第 {i + 1}，得分 {cand.score:.3f}，低于最后一个推荐 {last.id}（{last.score:.3f}）") if last
                else ""
            )
            return {"model_id": model_id, "status": "picked" if picked else "ranked-lower", "rank": i + 1, "score": cand.score, "score_components": cand.components, "reason": reason}
    return {"model_id": model_id, "status": "not-a-candidate", "reason": _t(lang, f"the catalog does not list {task_id} among its tasks", f"目录中该模型未声明支持 {task_id}")}
