"""How one model is sized and costed on a budget: the precision chosen, the memory needed, speed and price.

The arithmetic lives in `estimates`; this module applies it to catalog entries, so `recommend`'s
filters and scores and `check`'s rules size a model the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from llm_advisor.catalog.loader import Catalog, Entry
from llm_advisor.msg import Msg, m
from llm_advisor.recommend import estimates

TOKEN_ARCHS = ("decoder-only", "encoder-decoder", "state-space")
REQUEST_TOKENS = 256  # a typical request for one-pass models (heuristic, stated in every estimate)
DIFFUSION_LATENT_TOKENS = 4096  # latent tokens of a 1024x1024 image
DEFAULT_DIFFUSION_STEPS = 30  # when the catalog does not state the model's own step count


def is_token_model(model: Entry, task: Entry) -> bool:
    return bool(task["generative"] and model["architecture"] in TOKEN_ARCHS)


# CPUs and unified-memory machines decode from memory bandwidth: a generative model runs there in the
# 4-bit GGUF format people use (llama.cpp / Ollama / LM Studio default Q4_K_M keeps quality within ~1% perplexity),
# so fit, speed and the "realistic" verdict all use it; Q8_0 when asked for more quality, Q3_K_M as a last resort.
LOCAL_TOKEN_ORDER = ["q4_k_m", "q8_0", "q3_k_m"]


def precision_order(hw: Entry | None, requested: str, token: bool = False) -> list[str]:
    """Explicit precision, or auto: the highest precision that fits, in the order the hardware supports
    (on CPUs and unified memory, generative models default to the fastest format that keeps quality)."""
    if requested != "auto":
        return [requested]
    if hw is not None and hw["kind"] in ("cpu", "unified") and token:
        return LOCAL_TOKEN_ORDER
    if hw is not None and hw["kind"] == "cpu":
        return ["fp32", "bf16", "int8", "int4"]
    if hw is not None and hw["kind"] == "gpu" and hw["bf16_tflops"] is None and hw["fp16_tflops"] is not None:
        return ["fp16", "int8", "int4"]  # e.g. T4: no bf16 support
    return ["bf16", "int8", "int4"]


@dataclass(frozen=True)
class Fit:
    """How a model is sized: the precision chosen, what it needs there, and whether that fits."""

    fits: bool
    precision: str
    need_gb: float
    kv_gb: float | None
    context: int  # the context the KV cache was sized at (capped at the model's window)


def fit_memory(
    model: Entry,
    token: bool,
    context: int,
    batch: int,
    precision: str,
    hw: Entry | None,
    budget: float | None,
    kv_dtype: str = "auto",
) -> Fit:
    """Weights + runtime overhead + KV cache (in `kv_dtype`: auto = 16-bit, fp8, q8_0, q4_0…) at the highest
    precision in `precision_order` that fits
    `budget` (the first one when there is no budget); `fits` is False when even the last does not."""
    params = model["params"]
    ctx = min(context, model["context_length"]) if model["context_length"] else context
    fit = Fit(False, "", 0.0, None, ctx)
    kind = hw["kind"] if hw else "gpu"
    cfg = model["config"]
    for p in precision_order(hw, precision, token):
        kv = estimates.model_kv_cache_gb(cfg, ctx, batch, p, kv_dtype=kv_dtype) if token else None
        need = estimates.serving_memory_gb(
            params, p, config=cfg, context=ctx, batch=batch, device_kind=kind
        ) + (kv or 0.0)
        fit = Fit(budget is None or need <= budget, p, need, kv, ctx)
        if fit.fits:
            break
    return fit


def cost_hardware(need: float | None, hw: Entry | None, catalog: Catalog) -> Entry | None:
    """The hardware a cost is quoted on: the user's, else the cheapest priced accelerator that fits."""
    if hw is not None:
        return hw
    if need is None:
        return None
    priced = [
        h
        for h in catalog.hardware.values()
        if h["price_usd_per_hour"] is not None and h["kind"] != "cpu" and h["memory_gb"] >= need
    ]
    return min(priced, key=lambda h: (h["price_usd_per_hour"], h["id"])) if priced else None


def cost_estimate(
    model: Entry,
    task: Entry,
    precision: str,
    memory_gb: float | None,
    kv_gb: float | None,
    batch: int,
    hw: Entry | None,
    catalog: Catalog,
    *,
    context: int = 4096,
    memory_budget: float | None = None,
) -> dict[str, Any] | None:
    """Speed and USD per 1M tokens (generative) or requests (one-pass), with the basis as a message."""
    if model["hosted"]:
        pricing = model["pricing"]
        return {
            "unit": "tokens",
            "usd_per_1m": pricing["output_usd_per_1m"],
            "usd_per_1m_input": pricing["input_usd_per_1m"],
            "hardware": None,
            "basis": m("basis.api_price", date=pricing["date"], source=pricing["source"]),
            "confidence": "published",
        }
    params = model["params"]
    if params is None:
        return None
    active = model["active_params"] or params
    target = cost_hardware(memory_gb, hw, catalog)
    if target is None:
        return None
    tflops = estimates.peak_tflops(target)
    price = target["price_usd_per_hour"]
    doc: dict[str, Any]
    if is_token_model(model, task):
        cfg = model["config"]
        tps = estimates.decode_estimate(
            active, precision, target, config=cfg, params=params, kv_gb=kv_gb or 0.0, batch=batch
        ).value
        prefill = estimates.prefill_tokens_per_s(active, tflops)
        serving = estimates.serving_costs(
            params, active, precision, target, config=cfg, context=context, memory_gb=memory_budget
        )
        doc = {
            "unit": "tokens",
            "tokens_per_s": round(tps, 1),
            "prefill_tokens_per_s": None if prefill is None else round(prefill),
            "usd_per_1m": round(estimates.usd_per_million(tps, price), 4) if price else None,
            "hardware": target["id"],
            "batch": batch,
            "serving": serving["serving"],  # {batch, tokens_per_s, usd_per_1m} at a continuous-batching batch
            "usable_floor_tokens_per_s": estimates.MIN_USABLE_DECODE_TOKENS_PER_S,
            "basis": m(
                "basis.decode",
                active=active,
                precision=precision,
                efficiency=estimates.BANDWIDTH_EFFICIENCY
                * (estimates.MOE_DECODE_FACTOR if model["active_params"] else 1.0),
                bandwidth_gbps=target["memory_bandwidth_gbps"],
                batch=batch,
                serving_batch=serving["serving_batch"],
                prefill_mfu=estimates.PREFILL_MFU if tflops else None,
                price=price,
                price_date=target.get("price_date"),
                compute_published=bool(tflops),
            ),
            "confidence": "estimated",
        }
    else:
        diffusion = model["architecture"] == "diffusion"
        steps = estimates.diffusion_steps(model)[0]
        work = DIFFUSION_LATENT_TOKENS * steps if diffusion else REQUEST_TOKENS
        rps = estimates.encoder_requests_per_s(active, work, tflops, target["memory_bandwidth_gbps"])
        workload = (
            m("basis.workload_image", steps=steps)
            if diffusion
            else m("basis.workload_pass", tokens=REQUEST_TOKENS)
        )
        doc = {
            "unit": "requests",
            "requests_per_s": round(rps, 2),
            "latency_class": estimates.latency_class(
                1 / rps
            ),  # a stable English key; localised by the renderers
            "usd_per_1m": round(estimates.usd_per_million(rps, price), 2) if price else None,
            "hardware": target["id"],
            "basis": m(
                "basis.one_pass" if tflops else "basis.one_pass_bandwidth",
                workload=workload,
                mfu=estimates.PREFILL_MFU,
                hardware=target["id"],
                efficiency=estimates.BANDWIDTH_EFFICIENCY,
                bandwidth_gbps=target["memory_bandwidth_gbps"],
            ),
            "confidence": "heuristic",
        }
    doc["cpu_only_realistic"] = cpu_realistic(
        model, task, catalog, precision if target["kind"] == "cpu" else None
    )
    return doc


def cpu_realistic(model: Entry, task: Entry, catalog: Catalog, precision: str | None = None) -> bool | None:
    """Fits the reference CPU's usable RAM and generates at least the usable decode floor there (at the
    precision shown when the user's hardware is a CPU, else the CPU default format), or, for one-pass
    models, answers a request in under a second. The same test `recommend` applies on CPUs."""
    cpu = catalog.hardware.get(catalog.scoring.get("cpu_reference_hardware") or "cpu")
    if cpu is None or model["params"] is None:
        return None
    active = model["active_params"] or model["params"]
    token = is_token_model(model, task)
    p = precision or (LOCAL_TOKEN_ORDER[0] if token else "fp32")
    cfg = model["config"]
    if estimates.serving_memory_gb(
        model["params"], p, config=cfg, device_kind="cpu"
    ) > estimates.usable_memory_gb(cpu):
        return False
    if token:
        return estimates.reaches_usable_speed(active, p, cpu, config=cfg, params=model["params"]).usable
    return (
        estimates.encoder_requests_per_s(
            active, REQUEST_TOKENS, estimates.peak_tflops(cpu), cpu["memory_bandwidth_gbps"]
        )
        >= 1
    )


def usable_speed(
    model: Entry, task: Entry, precision: str, hw: Entry | None, context: int
) -> tuple[bool, float] | None:
    """(reaches the usable decode floor, tokens/s) for a generative model on the user's hardware; None when
    it does not apply (no hardware profile, one-pass model, hosted, size unknown)."""
    if hw is None or model["hosted"] or model["params"] is None or not is_token_model(model, task):
        return None
    active = model["active_params"] or model["params"]
    speed = estimates.reaches_usable_speed(
        active, precision, hw, config=model["config"], params=model["params"], context=context
    )
    return speed.usable, speed.tokens_per_s


def memory_basis(fit: Fit, batch: int) -> Msg:
    return m("basis.memory", precision=fit.precision, context=fit.context, batch=batch)


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
