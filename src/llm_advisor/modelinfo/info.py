"""`info MODEL`: one model's facts from the catalog, a local directory / config.json, or the Hub (cached)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from llm_advisor.catalog.loader import Catalog, Entry
from llm_advisor.errors import UnknownName, UsageError
from llm_advisor.recommend import estimates

SCHEMA_VERSION = 1


def _memory(params: int | None) -> dict[str, float] | None:
    return estimates.memory_table(params) if params else None


def _kv_per_1k(config: dict[str, Any] | None, architecture: str | None) -> float | None:
    """KV cache per 1k tokens (bf16, batch 1); only generative families keep one."""
    if architecture not in ("decoder-only", "encoder-decoder"):
        return None
    kv = estimates.model_kv_cache_gb(config, 1000, 1, "bf16")
    return None if kv is None else round(kv, 4)


def config_modality(config: dict[str, Any]) -> str:
    """What a config.json takes as input: a vision tower makes it multimodal; mel bins, audio; pixels, vision."""
    keys = set(config)
    model_type = str(config.get("model_type", "")).lower()
    if keys & {"vision_config", "image_token_index", "image_token_id", "vision_tower"}:
        return "multimodal"
    if keys & {"num_mel_bins", "feat_extract_norm", "conv_dim"} or any(w in model_type for w in ("whisper", "wav2vec", "hubert", "speech", "audio")):
        return "audio"
    if keys & {"image_size", "num_channels", "patch_size"} and "vocab_size" not in keys:
        return "vision"
    return "text"


def suited_tasks(catalog: Catalog, architecture: str | None, pipeline_tag: str | None, modality: str | None = None) -> list[str]:
    """The model's own pipeline tag first, then tasks its architecture family fits best (weight >= 0.8)
    among the tasks of its input modality (a text model is not offered text-to-speech)."""
    out = [pipeline_tag] if pipeline_tag and pipeline_tag in catalog.tasks else []
    allowed = {"text", "multimodal"} if modality == "multimodal" else {modality} if modality else None
    if architecture:
        fitting = [
            (f["weight"], task_id)
            for task_id, task in catalog.tasks.items()
            for f in task["architectures"]
            if f["id"] == architecture and f["weight"] >= 0.8 and task_id not in out
            and (allowed is None or task["modality"] in allowed)
        ]
        out += [task_id for _, task_id in sorted(fitting, key=lambda x: (-x[0], x[1]))[:8]]
    return out


def from_catalog(catalog: Catalog, m: Entry, lang: str) -> dict[str, Any]:
    from llm_advisor.render.i18n import tr

    evals = [
        {"task": t["id"], "dataset": t["eval"]["benchmark"], "metric": t["eval"]["metric"], "value": t["eval"]["value"]}
        for t in m["tasks"]
        if t.get("eval")
    ]
    return {
        "model_id": m["id"],
        "architecture": m["architecture"],
        "objective": m["objective"],
        "architecture_evidence": [f"curated catalog entry ({m['source']})"],
        "params": m["params"],
        "params_source": "catalog" if m["params"] else None,
        "active_params": m["active_params"],
        "memory_gb": _memory(m["params"]),
        "kv_cache_gb_per_1k_tokens": _kv_per_1k(m["config"], m["architecture"]),
        "license": m["license"],
        "languages": list(m["languages"]),
        "gated": m["gated"],
        "pipeline_tag": m["tasks"][0]["id"],
        "downloads": None,
        "likes": None,
        "card": {"summary": tr(m["strengths"], lang), "intended_uses": None, "limitations": tr(m["limits"], lang)},
        "eval_results": evals,
        "suited_tasks": [t["id"] for t in m["tasks"]],
        "context_length": m["context_length"],
        "source": "catalog",
    }


def from_config(catalog: Catalog, config: dict[str, Any], model_id: str) -> dict[str, Any]:
    """A local config.json: architecture by the classifier, parameters by the config estimator."""
    from llm_advisor.hub.client import config_shape, context_length
    from llm_advisor.modelinfo.classify import classify
    from llm_advisor.modelinfo.params import estimate_params

    cls = classify(config)
    est = estimate_params(config)
    shape = config_shape(config)
    return {
        "model_id": model_id,
        "architecture": cls.architecture,
        "objective": cls.objective,
        "architecture_evidence": list(cls.evidence),
        "architecture_confidence": cls.confidence,
        "params": est.total if est else None,
        "params_source": "config-estimate" if est else None,
        "params_basis": est.basis if est else None,
        "active_params": est.active if est else None,
        "memory_gb": _memory(est.total if est else None),
        "kv_cache_gb_per_1k_tokens": _kv_per_1k(shape, cls.architecture),
        "license": None,
        "languages": [],
        "gated": None,
        "pipeline_tag": None,
        "downloads": None,
        "likes": None,
        "card": {"summary": None, "intended_uses": None, "limitations": None},
        "eval_results": [],
        "suited_tasks": suited_tasks(catalog, cls.architecture, None, config_modality(config)),
        "context_length": context_length(config),
        "source": "local",
    }


def load_local(path: Path) -> dict[str, Any] | None:
    """config.json from a model directory or a path to the file itself; None when `path` is not local."""
    target = path / "config.json" if path.is_dir() else path
    if not target.exists():
        if path.is_dir():
            raise UsageError(f"{path} has no config.json")
        return None
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"{target}: not a readable JSON config ({exc})") from None
    if not isinstance(data, dict):
        raise UsageError(f"{target}: a config.json must be a JSON object")
    return data


def info_doc(catalog: Catalog, name: str, lang: str = "en", live: bool = False) -> dict[str, Any]:
    """The documented JSON contract of `info` (docs/json.md)."""
    path = Path(name)
    looks_local = name.endswith(".json") or path.is_dir() or name.startswith((".", "/", "~"))
    if looks_local:
        config = load_local(path.expanduser())
        if config is None:
            raise UsageError(f"no such file or directory: {name}")
        doc = from_config(catalog, config, str(path))
    elif live:
        from llm_advisor.hub.client import HubError, HubGated, HubNotFound, fetch_model

        try:
            record = fetch_model(name)
        except (HubNotFound, HubGated):
            raise
        except HubError as exc:  # a network fault: fall back to what we know, and say so once
            doc = _offline(catalog, name, lang)
            doc["warnings"] = [f"Hub not reached ({exc}); showing {doc['source']} data"]
        else:
            _remember(record)
            doc = hub_doc(catalog, record)
    else:
        doc = _offline(catalog, name, lang)
    return {"schema_version": SCHEMA_VERSION, **doc, "lang": lang}


def _offline(catalog: Catalog, name: str, lang: str) -> dict[str, Any]:
    """The catalog entry, else the Hub cache's copy, else an unknown-model error."""
    try:
        return from_catalog(catalog, catalog.model(name), lang)
    except UnknownName as exc:
        cached = _cached(name)
        if cached is None:
            exc.hint = "not in the catalog or the Hub cache: add --live to ask the Hub, or `llm-advisor sync`"
            raise
        return hub_doc(catalog, cached)


def hub_doc(catalog: Catalog, m: dict[str, Any]) -> dict[str, Any]:
    """A normalised Hub record (hub.fetch_model / the cache) in the `info` contract."""
    keys = (
        "architecture", "objective", "architecture_evidence", "params", "params_source", "active_params", "license",
        "languages", "gated", "pipeline_tag", "downloads", "likes", "card", "eval_results", "context_length",
    )
    doc: dict[str, Any] = {"model_id": m["id"], **{k: m.get(k) for k in keys}}
    doc["architecture_evidence"] = list(doc["architecture_evidence"] or [])
    doc["languages"] = list(doc["languages"] or [])
    doc["eval_results"] = list(doc["eval_results"] or [])
    doc["card"] = doc["card"] or {"summary": None, "intended_uses": None, "limitations": None}
    doc["memory_gb"] = _memory(m.get("params"))
    doc["kv_cache_gb_per_1k_tokens"] = _kv_per_1k(m.get("config"), m.get("architecture"))
    tag = m.get("pipeline_tag")
    modality = catalog.tasks[tag]["modality"] if tag in catalog.tasks else None
    doc["suited_tasks"] = suited_tasks(catalog, m.get("architecture"), tag, modality)
    doc["fetched_at"] = m.get("fetched_at")
    doc["source"] = "hub"
    if m.get("warnings"):
        doc["warnings"] = list(m["warnings"])
    return doc


def _cached(name: str) -> dict[str, Any] | None:
    try:
        from llm_advisor.hub import cache
    except ImportError:  # pragma: no cover - the cache module ships with the package
        return None
    found: dict[str, Any] | None = cache.get_model(name)
    return found


def _remember(record: dict[str, Any]) -> None:
    """Best effort: a fetched model is kept so `info` and `recommend` work offline next time."""
    try:
        from llm_advisor.hub import cache

        cache.put_models(record.get("pipeline_tag") or "", [record])
    except Exception:  # noqa: BLE001 - caching must never break a successful lookup
        pass
