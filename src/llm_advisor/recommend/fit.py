"""How one model is sized and costed on a budget: the precision chosen, the memory needed, speed and price.

The arithmetic lives in `estimates`; this module applies it to catalog entries, so `recommend`'s
filters and scores and `check`'s rules size a model the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
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


def precision_order(hw: Entry | None, requested: str) -> list[str]:
    """Explicit precision, or auto: the highest precision that fits, in the order the hardware supports."""
    if requested != "auto":
        return [requested]
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
    model: Entry, token: bool, context: int, batch: int, precision: str, hw: Entry | None, budget: float | None
) -> Fit:
    """Weights + runtime overhead + KV cache at the highest precision in `precision_order` that fits
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


def cost_hardware(need: float | None, hw: Entry | None, catalog: Catalog) -> Entry | None:
    """The hardware a cost is quoted on: the user's, else the cheapest priced accelerator that fits."""
    if hw is not None:
        return hw
    if need is None:
        return None
    priced = [h for h in catalog.hardware.values() if h["price_usd_per_hour"] is not None and h["kind"] != "cpu" and h["memory_gb"] >= need]
    return min(priced, key=lambda h: (h["price_usd_per_hour"], h["id"])) if priced else None


def cost_estimate(
    model: Entry, task: Entry, precision: str, memory_gb: float | None, kv_gb: float | None, batch: int, hw: Entry | None, catalog: Catalog
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
        tps = estimates.decode_tokens_per_s(active, precision, target["memory_bandwidth_gbps"], tflops, kv_gb or 0.0, batch)
        prefill = estimates.prefill_tokens_per_s(active, tflops)
        doc = {
            "unit": "tokens",
            "tokens_per_s": round(tps, 1),
            "prefill_tokens_per_s": None if prefill is None else round(prefill),
            "usd_per_1m": round(estimates.usd_per_million(tps, price), 4) if price else None,
            "hardware": target["id"],
            "batch": batch,
            "basis": m(
                "basis.decode", active=active, precision=precision, efficiency=estimates.BANDWIDTH_EFFICIENCY,
                bandwidth_gbps=target["memory_bandwidth_gbps"], batch=batch,
                prefill_mfu=estimates.PREFILL_MFU if tflops else None, price=price, price_date=target.get("price_date"),
                compute_published=bool(tflops),
            ),
            "confidence": "estimated",
        }
    else:
        diffusion = model["architecture"] == "diffusion"
        steps = model.get("diffusion_steps") or DEFAULT_DIFFUSION_STEPS
        work = DIFFUSION_LATENT_TOKENS * steps if diffusion else REQUEST_TOKENS
        rps = estimates.encoder_requests_per_s(active, work, tflops, target["memory_bandwidth_gbps"])
        workload = m("basis.workload_image", steps=steps) if diffusion else m("basis.workload_pass", tokens=REQUEST_TOKENS)
        doc = {
            "unit": "requests",
            "requests_per_s": round(rps, 2),
            "latency_class": estimates.latency_class(1 / rps),  # a stable English key; localised by the renderers
            "usd_per_1m": round(estimates.usd_per_million(rps, price), 2) if price else None,
            "hardware": target["id"],
            "basis": m(
                "basis.one_pass" if tflops else "basis.one_pass_bandwidth", workload=workload, mfu=estimates.PREFILL_MFU,
                hardware=target["id"], efficiency=estimates.BANDWIDTH_EFFICIENCY, bandwidth_gbps=target["memory_bandwidth_gbps"],
            ),
            "confidence": "heuristic",
        }
    doc["cpu_only_realistic"] = cpu_realistic(model, task, catalog)
    return doc


def cpu_realistic(model: Entry, task: Entry, catalog: Catalog) -> bool | None:
    """Fits the reference CPU's RAM at int4 and generates >= 5 tokens/s (reading speed) there, or, for
    one-pass models, answers a request in under a second."""
    cpu = catalog.hardware.get(catalog.scoring.get("cpu_reference_hardware") or "cpu")
    if cpu is None or model["params"] is None:
        return None
    active = model["active_params"] or model["params"]
    if estimates.serving_memory_gb(model["params"], "int4") > cpu["memory_gb"]:
        return False
    if is_token_model(model, task):
        return estimates.decode_tokens_per_s(active, "int4", cpu["memory_bandwidth_gbps"], estimates.peak_tflops(cpu)) >= 5
    return estimates.encoder_requests_per_s(active, REQUEST_TOKENS, estimates.peak_tflops(cpu), cpu["memory_bandwidth_gbps"]) >= 1


def memory_basis(fit: Fit, batch: int) -> Msg:
    return m("basis.memory", precision=fit.precision, context=fit.context, batch=batch)
