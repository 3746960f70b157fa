"""`compare MODEL...`: models side by side — what they are, what they need at a context, and what they cost.

Pure: returns a JSON-ready document whose user-facing texts are message codes (`render/messages_compare.py`).
Sizing and pricing are the ones `recommend` and `check` use (`recommend.fit`, `recommend.estimates`), so the
three commands never disagree. Models are catalog entries; a name the catalog does not know is resolved the
way `info` resolves it offline (a local folder, the Hub cache, the Hugging Face cache) and sized from its
config.json shape.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from llm_advisor.catalog.loader import Catalog, Entry
from llm_advisor.catalog.vocab import CONFIG_KEYS
from llm_advisor.errors import UnknownName, UsageError
from llm_advisor.msg import Msg, m
from llm_advisor.recommend import estimates
from llm_advisor.recommend.fit import TOKEN_ARCHS, Fit, cost_estimate, fit_memory, is_token_model

SCHEMA_VERSION = 1
DEFAULT_PRECISIONS = ("bf16", "int8", "int4")
DEFAULT_CONTEXT = 8192
MAX_MODELS = 12
SHAPE_KEYS = CONFIG_KEYS  # the catalog model `config` keys (one list: catalog/vocab.py)


# ---------------------------------------------------------------------------------------------- models


def resolve_model(catalog: Catalog, name: str) -> Entry:
    """A catalog entry, else a catalog-shaped entry built from what `info` finds offline (UnknownName if nothing)."""
    try:
        entry = dict(catalog.model(name))
        entry.setdefault("params_source", "catalog" if entry.get("params") else None)
        entry.setdefault("origin", "catalog")
        return entry
    except UnknownName as exc:
        from llm_advisor.modelinfo.info import info_doc

        try:
            doc = info_doc(catalog, name, live=False)
        except UnknownName:
            raise exc from None
    shape = _shape(name, doc)
    stored = doc.get("weights") or {}
    return {
        "id": doc["model_id"],
        "aliases": [],
        "family": None,
        "architecture": doc.get("architecture"),
        "objective": doc.get("objective"),
        "params": doc.get("params"),
        "active_params": doc.get("active_params"),
        "params_source": doc.get("params_source"),
        "config": {k: shape.get(k) for k in SHAPE_KEYS} if shape else None,
        "context_length": doc.get("context_length"),
        "license": doc.get("license"),
        "languages": list(doc.get("languages") or []),
        "tasks": [{"id": t, "tier": None} for t in doc.get("suited_tasks") or []],
        "gated": doc.get("gated"),
        "hosted": False,
        "pricing": None,
        "diffusion_steps": None,
        "origin": doc["source"],
        "stored_gib": stored.get("stored_gib"),
        "stored_precision": stored.get("precision"),
        "quantized": bool(stored.get("quantized")),
        "revision": doc.get("revision"),
    }


def _shape(name: str, doc: dict[str, Any]) -> dict[str, Any] | None:
    """The sizing shape (catalog `config` keys) of a non-catalog model: its config.json or the Hub record's."""
    from llm_advisor.hub.client import config_shape
    from llm_advisor.modelinfo import hfcache, localdir, weights

    folder: Path | None = None
    if doc["source"] == "local":
        path = Path(name).expanduser()
        if path.suffix == ".gguf":
            return dict(config_shape(weights.gguf_config(weights.read_gguf(path))))
        folder = path if path.is_dir() else path.parent
        if path.is_file() and path.suffix == ".json":
            config = localdir.read_json(path)
            return dict(config_shape(config)) if config else None
    elif doc["source"] == "hf-cache":
        found = hfcache.find_model(name)
        folder = found.snapshot if found else None
    elif doc["source"] == "hub":
        from llm_advisor.modelinfo.info import _cached

        record = _cached(name) or {}
        return record.get("config")
    if folder is None:
        return None
    config = localdir.read_json(folder / "config.json")
    if config is None:
        summary = weights.folder_weights(folder)
        config = weights.gguf_config(summary) if summary is not None and summary.format == "gguf" else None
    return dict(config_shape(config)) if config else None


def checkpoint_precision(model: Entry) -> str | None:
    """A quantized checkpoint runs in its stored format (AWQ, GPTQ, FP8, GGUF k-quants): that precision, not auto."""
    return (
        str(model["stored_precision"]) if model.get("quantized") and model.get("stored_precision") else None
    )


def fit_model(
    model: Entry,
    token: bool,
    context: int,
    batch: int,
    precision: str,
    hw: Entry | None,
    budget: float | None,
) -> Fit:
    """recommend's `fit_memory`, except that a checkpoint sized in its own stored format counts the weights at
    their real size from the headers instead of the format's formula."""
    fit = fit_memory(model, token, context, batch, precision, hw, budget)
    stored_p, stored_gib = model.get("stored_precision"), model.get("stored_gib")
    if stored_gib is None or fit.precision != stored_p or model.get("params") is None:
        return fit
    need = (
        fit.need_gb
        - estimates.weight_memory_gb(model["params"], fit.precision, config=model["config"])
        + stored_gib
    )
    return Fit(budget is None or need <= budget, fit.precision, need, fit.kv_gb, fit.context)


def primary_task(catalog: Catalog, model: Entry) -> Entry:
    """The model's first catalog task; without one, a stand-in that says whether it generates tokens."""
    for t in model.get("tasks") or []:
        if t["id"] in catalog.tasks:
            return catalog.tasks[t["id"]]
    return {"id": None, "generative": model.get("architecture") in TOKEN_ARCHS, "modality": "text"}


def license_kind(catalog: Catalog, license_id: str | None) -> str | None:
    lic = catalog.licenses.get(license_id or "")
    if lic is None:
        return None
    return "permissive" if lic["permissive"] else "commercial_ok" if lic["commercial_ok"] else "restricted"


def hardware_summary(hw: Entry) -> dict[str, Any]:
    return {
        "id": hw["id"],
        "name": hw["name"],
        "kind": hw["kind"],
        "memory_gb": hw["memory_gb"],
        "usable_gb": round(estimates.usable_memory_gb(hw), 1),
        "memory_bandwidth_gbps": hw["memory_bandwidth_gbps"],
        "price_usd_per_hour": hw["price_usd_per_hour"],
    }


def check_precisions(precisions: list[str] | None) -> list[str]:
    chosen = precisions or list(DEFAULT_PRECISIONS)
    unknown = [p for p in chosen if p not in estimates.BYTES_PER_PARAM]
    if unknown:
        raise UsageError(f"unknown precision {unknown[0]!r}; known: {', '.join(estimates.PRECISIONS)}")
    return list(dict.fromkeys(p.strip().lower() for p in chosen))


# ---------------------------------------------------------------------------------------------- compare


def compare_doc(
    catalog: Catalog,
    names: list[str],
    *,
    context: int = DEFAULT_CONTEXT,
    batch: int = 1,
    hardware: str | None = None,
    precisions: list[str] | None = None,
) -> dict[str, Any]:
    """The documented `compare --format json` contract (docs/json.md), without `lang` (the CLI adds it)."""
    if not names:
        raise UsageError("name at least one model to compare")
    if len(names) > MAX_MODELS:
        raise UsageError(f"compare at most {MAX_MODELS} models at a time")
    if context < 1 or batch < 1:
        raise UsageError("--context and --batch must be positive")
    hw = catalog.hardware_profile(hardware) if hardware else None
    chosen = check_precisions(precisions)
    models = [resolve_model(catalog, n) for n in names]
    notes: list[Msg] = []
    if hw is None:
        notes.append(m("compare.no_hardware"))
    seen: set[str] = set()
    for model in models:
        if model["id"] in seen:
            notes.append(m("compare.duplicate", model=model["id"]))
        seen.add(model["id"])
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "compare",
        "context": context,
        "batch": batch,
        "hardware": hardware_summary(hw) if hw else None,
        "precisions": chosen,
        "models": [
            model_row(catalog, model, context=context, batch=batch, hw=hw, precisions=chosen)
            for model in models
        ],
        "notes": notes,
    }


def model_row(
    catalog: Catalog, model: Entry, *, context: int, batch: int, hw: Entry | None, precisions: list[str]
) -> dict[str, Any]:
    """One model's column: facts, memory per precision at `context`, and speed / cost on `hw`."""
    task = primary_task(catalog, model)
    token = is_token_model(model, task)
    budget = estimates.usable_memory_gb(hw) if hw else None
    notes: list[Msg] = []
    memory: list[dict[str, Any]] = []
    kv_per_1k = None
    ctx = min(context, model["context_length"]) if model.get("context_length") else context
    if model.get("context_length") and context > model["context_length"]:
        notes.append(m("compare.context_capped", context=context, window=model["context_length"]))
    sized = not model["hosted"] and model.get("params") is not None
    if sized:
        stored_p = model.get("stored_precision") if model.get("stored_gib") is not None else None
        rows = ([stored_p] if stored_p and stored_p not in precisions else []) + list(precisions)
        for p in rows:
            fit = fit_model(model, token, context, batch, p, hw, budget)
            stored = p == stored_p  # the checkpoint at hand: its real size from the headers
            weights_gib = (
                model["stored_gib"]
                if stored
                else estimates.weight_memory_gb(model["params"], p, config=model["config"])
            )
            memory.append(
                {
                    "precision": p,
                    "stored": stored,
                    "weights_gib": round(weights_gib, 3),
                    "kv_gib": None if fit.kv_gb is None else round(fit.kv_gb, 3),
                    "total_gib": round(fit.need_gb, 3),
                    "fits": fit.fits if budget is not None else None,
                }
            )
        if token:
            kv = estimates.model_kv_cache_gb(model["config"], 1000, 1, "bf16")
            kv_per_1k = None if kv is None else round(kv, 4)
    elif not model["hosted"]:
        notes.append(m("compare.no_params"))
    return {
        "model_id": model["id"],
        "source": model.get("origin", "catalog"),
        "revision": model.get("revision"),
        "family": model.get("family"),
        "architecture": model.get("architecture"),
        "objective": model.get("objective"),
        "params": model.get("params"),
        "active_params": model.get("active_params"),
        "params_source": model.get("params_source"),
        "stored_gib": model.get("stored_gib"),
        "stored_precision": model.get("stored_precision"),
        "context_length": model.get("context_length"),
        "context": ctx,
        "license": model.get("license"),
        "license_kind": license_kind(catalog, model.get("license")),
        "languages": list(model.get("languages") or []),
        "gated": model.get("gated"),
        "hosted": model["hosted"],
        "tasks": [{"id": t["id"], "tier": t.get("tier")} for t in model.get("tasks") or []],
        "generates_tokens": token,
        "memory": memory,
        "kv_gib_per_1k_tokens": kv_per_1k,
        "on_hardware": _on_hardware(catalog, model, task, token, context, batch, hw, budget),
        "notes": notes,
    }


def _on_hardware(
    catalog: Catalog,
    model: Entry,
    task: Entry,
    token: bool,
    context: int,
    batch: int,
    hw: Entry | None,
    budget: float | None,
) -> dict[str, Any] | None:
    """Best precision that fits `hw` (auto order), its speed and $/1M; without `hw`, quoted on the cheapest
    priced accelerator that fits (recommend's rule). None when the model cannot be sized."""
    if model["hosted"]:
        cost = cost_estimate(model, task, "bf16", None, None, batch, None, catalog, context=context)
        return {
            "hardware": None,
            "precision": None,
            "need_gib": None,
            "fits": None,
            "usable": None,
            "cost": cost,
        }
    if model.get("params") is None:
        return None
    fit = fit_model(model, token, context, batch, checkpoint_precision(model) or "auto", hw, budget)
    cost = None
    if fit.fits or budget is None:
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
    usable = None
    if cost is not None and cost.get("unit") == "tokens" and cost.get("tokens_per_s") is not None:
        usable = cost["tokens_per_s"] >= estimates.MIN_USABLE_DECODE_TOKENS_PER_S
    return {
        "hardware": cost["hardware"] if cost else (hw["id"] if hw else None),
        "precision": fit.precision,
        "need_gib": round(fit.need_gb, 3),
        "fits": fit.fits if budget is not None else None,
        "usable": usable,
        "cost": cost,
    }
