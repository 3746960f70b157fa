"""`plan MODEL`: which catalog hardware runs a model, at which precision and context, how fast and at what price —
and what it would take to reach a decode speed (`--target-tps`) or a context length.

Pure: a JSON-ready document with message codes. Each profile is sized with `recommend.fit.fit_memory` (through
`compare.fit_model`, which counts a checkpoint's own format at its real size) at its usable memory (precision
`auto`: the highest precision in the order that hardware supports; a quantized checkpoint: its format), priced with
`recommend.fit.cost_estimate`; "usable" is the reading-speed floor of `estimates.MIN_USABLE_DECODE`.
The bandwidth a target speed needs inverts `estimates.decode_estimate` (memory-bound decode, batch 1).
"""

from __future__ import annotations

from typing import Any

from llm_advisor.catalog.loader import Catalog, Entry
from llm_advisor.errors import UsageError
from llm_advisor.modelinfo.compare import (
    DEFAULT_CONTEXT,
    checkpoint_precision,
    fit_model,
    hardware_summary,
    primary_task,
    resolve_model,
)
from llm_advisor.msg import Msg, m
from llm_advisor.recommend import estimates
from llm_advisor.recommend.fit import cost_estimate, is_token_model

SCHEMA_VERSION = 1
TARGET_PRECISIONS = ("bf16", "int8", "int4")
MAX_SEARCH_CONTEXT = 10_000_000


def plan_doc(
    catalog: Catalog,
    name: str,
    *,
    context: int | None = None,
    batch: int = 1,
    target_tps: float | None = None,
    precision: str = "auto",
) -> dict[str, Any]:
    """The documented `plan --format json` contract (docs/json.md), without `lang` (the CLI adds it)."""
    if (context is not None and context < 1) or batch < 1 or (target_tps is not None and target_tps <= 0):
        raise UsageError("--context, --batch and --target-tps must be positive")
    if precision != "auto":
        try:
            precision = estimates.canonical_precision(precision)
        except KeyError:
            raise UsageError(
                f"unknown precision {precision!r}; known: auto, {', '.join(estimates.PRECISIONS)}"
            ) from None
    model = resolve_model(catalog, name)
    stored = checkpoint_precision(model)
    if stored and precision == "auto":
        precision = stored
    task = primary_task(catalog, model)
    token = is_token_model(model, task)
    window = model.get("context_length")
    ctx = context or (min(DEFAULT_CONTEXT, window) if window else DEFAULT_CONTEXT)
    notes: list[Msg] = []
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "kind": "plan",
        "model": {
            "id": model["id"],
            "source": model.get("origin", "catalog"),
            "architecture": model.get("architecture"),
            "params": model.get("params"),
            "active_params": model.get("active_params"),
            "params_source": model.get("params_source"),
            "context_length": window,
            "generates_tokens": token,
            "hosted": model["hosted"],
        },
        "context": ctx,
        "batch": batch,
        "precision": precision,
        "target_tps": target_tps,
        "hardware": [],
        "summary": {"fits_on": 0, "usable_on": 0, "cheapest": None, "fastest": None, "smallest": None},
        "context_plan": None,
        "target_plan": None,
        "notes": notes,
    }
    if model["hosted"]:
        notes.append(m("plan.hosted", model=model["id"]))
        return doc
    if model.get("params") is None:
        notes.append(m("plan.no_params", model=model["id"]))
        return doc
    if stored and precision == stored:
        notes.append(m("plan.stored_precision", precision=stored))
    if window and ctx > window:
        notes.append(m("plan.beyond_window", context=ctx, window=window))
    rows = [
        _row(catalog, model, task, token, ctx, batch, precision, hw, target_tps)
        for hw in catalog.hardware.values()
    ]
    rows.sort(key=_order)
    doc["hardware"] = rows
    doc["summary"] = _summary(rows)
    if not doc["summary"]["fits_on"]:
        notes.append(m("plan.no_fit", context=ctx))
    if context is not None:
        doc["context_plan"] = _context_plan(model, token, ctx, batch, rows)
    if target_tps is not None:
        if token:
            doc["target_plan"] = _target_plan(model, ctx, target_tps, rows)
            if not doc["target_plan"]["reached_on"]:
                notes.append(
                    m(
                        "plan.target_unreached",
                        target=target_tps,
                        best=doc["target_plan"]["best_tokens_per_s"],
                    )
                )
        else:
            notes.append(m("plan.target_not_token", model=model["id"]))
    return doc


def _row(
    catalog: Catalog,
    model: Entry,
    task: Entry,
    token: bool,
    ctx: int,
    batch: int,
    precision: str,
    hw: Entry,
    target_tps: float | None,
) -> dict[str, Any]:
    budget = estimates.usable_memory_gb(hw)
    fit = fit_model(model, token, ctx, batch, precision, hw, budget)
    row: dict[str, Any] = {
        **hardware_summary(hw),
        "fits": fit.fits,
        "precision": fit.precision if fit.fits else None,
        "need_gib": round(fit.need_gb, 2),
        "short_by_gib": None if fit.fits else round(fit.need_gb - budget, 2),
        "kv_gib": None if fit.kv_gb is None else round(fit.kv_gb, 3),
        "max_context": None,
        "unit": None,
        "tokens_per_s": None,
        "requests_per_s": None,
        "usd_per_1m": None,
        "serving_usd_per_1m": None,
        "usable": None,
        "reaches_target": None,
        "basis": None,
    }
    if not fit.fits:
        return row
    cost = cost_estimate(
        model,
        task,
        fit.precision,
        fit.need_gb,
        fit.kv_gb,
        batch,
        hw,
        catalog,
        context=fit.context,
        memory_budget=budget,
    )
    if cost is not None:
        row["unit"] = cost["unit"]
        row["tokens_per_s"] = cost.get("tokens_per_s")
        row["requests_per_s"] = cost.get("requests_per_s")
        row["usd_per_1m"] = cost.get("usd_per_1m")
        row["serving_usd_per_1m"] = (cost.get("serving") or {}).get("usd_per_1m")
        row["basis"] = cost.get("basis")
    if token and row["tokens_per_s"] is not None:
        row["usable"] = row["tokens_per_s"] >= estimates.MIN_USABLE_DECODE_TOKENS_PER_S
        if target_tps is not None:
            row["reaches_target"] = row["tokens_per_s"] >= target_tps
        row["max_context"] = max_context(model, token, batch, fit.precision, hw, budget)
    return row


def _order(row: dict[str, Any]) -> tuple[Any, ...]:
    """Fitting profiles first; among them usable, then cheapest per 1M (unpriced last), then fastest."""
    speed = row["tokens_per_s"] or row["requests_per_s"] or 0.0
    price = row["usd_per_1m"]
    return (
        not row["fits"],
        row["usable"] is False,
        price is None,
        price or 0.0,
        -speed,
        row["memory_gb"],
        row["id"],
    )


def max_context(
    model: Entry, token: bool, batch: int, precision: str, hw: Entry, budget: float
) -> int | None:
    """The longest context (up to the model's window) whose KV cache still fits at `precision`."""
    window = model.get("context_length") or MAX_SEARCH_CONTEXT
    if fit_model(model, token, window, batch, precision, hw, budget).fits:
        return int(window)
    lo, hi = 0, int(window)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if fit_model(model, token, mid, batch, precision, hw, budget).fits:
            lo = mid
        else:
            hi = mid
    return lo or None


def _summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    fits = [r for r in rows if r["fits"]]
    usable = [r for r in fits if r["usable"] is not False]
    priced = [r for r in usable if r["usd_per_1m"] is not None]
    speed = [r for r in fits if (r["tokens_per_s"] or r["requests_per_s"])]
    return {
        "fits_on": len(fits),
        "usable_on": len([r for r in fits if r["usable"]]),
        "cheapest": min(priced, key=lambda r: (r["usd_per_1m"], r["id"]))["id"] if priced else None,
        "fastest": max(speed, key=lambda r: (r["tokens_per_s"] or r["requests_per_s"], r["id"]))["id"]
        if speed
        else None,
        "smallest": min(fits, key=lambda r: (r["memory_gb"], r["id"]))["id"] if fits else None,
    }


def _context_plan(
    model: Entry, token: bool, ctx: int, batch: int, rows: list[dict[str, Any]]
) -> dict[str, Any]:
    """What a context length needs: memory at each precision, and the profiles that hold it."""
    window = model.get("context_length")
    sized = min(ctx, window) if window else ctx
    memory = {}
    for p in TARGET_PRECISIONS:
        fit = fit_model(model, token, sized, batch, p, None, None)
        memory[p] = {
            "total_gib": round(fit.need_gb, 2),
            "kv_gib": None if fit.kv_gb is None else round(fit.kv_gb, 3),
        }
    return {
        "requested": ctx,
        "window": window,
        "beyond_window": bool(window and ctx > window),
        "memory": memory,
        "fits_on": [r["id"] for r in rows if r["fits"]],
    }


def _target_plan(model: Entry, ctx: int, target: float, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """What a decode speed needs: which profiles reach it, the cheapest, and the bandwidth it takes per precision."""
    reached = [r for r in rows if r["reaches_target"]]
    priced = [r for r in reached if r["price_usd_per_hour"] is not None]
    speeds = [r["tokens_per_s"] for r in rows if r["tokens_per_s"] is not None]
    needs = []
    for p in TARGET_PRECISIONS:
        gbps = bandwidth_for(model, p, ctx, target)
        fit = fit_model(model, True, ctx, 1, p, None, None)
        needs.append(
            {
                "precision": p,
                "bandwidth_gbps": None if gbps is None else round(gbps, 1),
                "memory_gib": round(fit.need_gb, 2),
            }
        )
    return {
        "tokens_per_s": target,
        "reached_on": [r["id"] for r in reached],
        "cheapest": min(
            priced, key=lambda r: (r["usd_per_1m"] if r["usd_per_1m"] is not None else float("inf"), r["id"])
        )["id"]
        if priced
        else None,
        "best_tokens_per_s": max(speeds) if speeds else None,
        "needs": needs,
    }


def bandwidth_for(model: Entry, precision: str, ctx: int, target: float) -> float | None:
    """Memory bandwidth (GB/s) at which one stream decodes `target` tokens/s (decode_estimate solved for the
    bandwidth, no compute bound); None when the fixed per-step overhead alone is slower than the target."""
    params, cfg = model["params"], model["config"]
    active = model.get("active_params") or params
    allowed = 1 / target - estimates.DECODE_STEP_OVERHEAD_S
    if allowed <= 0:
        return None
    step = (
        estimates.decode_step_bytes(active, precision, cfg, params)
        if cfg
        else active * estimates.BYTES_PER_PARAM[precision]
    )
    kv = (estimates.model_kv_cache_gb(cfg, ctx, 1, precision) or 0.0) * estimates.GIB
    moe = bool((cfg and cfg.get("num_experts")) or active < params)
    eff = estimates.BANDWIDTH_EFFICIENCY * (estimates.MOE_DECODE_FACTOR if moe else 1.0)
    return (step + kv) / (allowed * eff) / 1e9
