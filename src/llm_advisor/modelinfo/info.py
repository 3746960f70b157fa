"""`info MODEL`: one model's facts from the catalog, a local directory / config.json, or the Hub (cached)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from llm_advisor.catalog.loader import Catalog, Entry
from llm_advisor.errors import UnknownName, UsageError
from llm_advisor.modelinfo.facts import (  # noqa: F401  (re-exported: callers and tests use them from here)
    SCHEMA_VERSION,
    _bounded,
    _ignored_warning,
    _kv_per_1k,
    _memory,
    config_modality,
    from_config,
    suited_tasks,
)


def from_catalog(catalog: Catalog, m: Entry) -> dict[str, Any]:

    evals = [
        {
            "task": t["id"],
            "dataset": t["eval"]["benchmark"],
            "metric": t["eval"]["metric"],
            "value": t["eval"]["value"],
        }
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
        # the Hub's tag is what the checkpoint does as-is: the first task it is ready for (fill-mask for a base BERT)
        "pipeline_tag": next(
            (t["id"] for t in m["tasks"] if not t.get("fine_tune_required")), m["tasks"][0]["id"]
        ),
        "downloads": None,
        "likes": None,
        "card": {"summary": m["strengths"], "intended_uses": None, "limitations": m["limits"]},
        "eval_results": evals,
        "suited_tasks": [t["id"] for t in m["tasks"]],
        "context_length": m["context_length"],
        "source": "catalog",
    }


def load_local(path: Path) -> dict[str, Any] | None:
    """config.json from a model directory or a path to the file itself; None when `path` is not local."""
    from llm_advisor.safeio import MAX_CONFIG_BYTES, InputRefused, load_json_object, printable

    try:
        target = path / "config.json" if path.is_dir() else path
        if not os.path.lexists(target):
            if path.is_dir():
                raise UsageError(f"{printable(str(path))} has no config.json")
            return None
        data, _ = load_json_object(target, MAX_CONFIG_BYTES, bound=False)  # from_config bounds it
    except InputRefused as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(
            f"cannot read {printable(str(exc.filename or path))}: {exc.strerror or exc}"
        ) from None
    return data


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long for the file system, no permission to look: not a local folder
        return False


def info_doc(catalog: Catalog, name: str, live: bool = False) -> dict[str, Any]:
    """The documented JSON contract of `info` (docs/json.md)."""
    path = Path(name)
    looks_local = name.endswith((".json", ".gguf")) or _is_dir(path) or name.startswith((".", "/", "~"))
    if looks_local:
        doc = _local(catalog, path.expanduser(), str(path))
    elif live:
        from llm_advisor.hub.client import HubError, HubGated, HubNotFound, fetch_model

        try:
            record = fetch_model(name)
        except (HubNotFound, HubGated):
            raise
        except HubError as exc:  # a network fault: fall back to what we know, and say so once
            try:
                doc = _offline(catalog, name)
            except UnknownName:
                raise exc from None  # known nowhere offline: the honest error is that the Hub was not reached
            doc["warnings"] = [f"Hub not reached ({exc}); showing {doc['source']} data"]
        else:
            _remember(record)
            doc = hub_doc(catalog, record)
    else:
        doc = _offline(catalog, name)
    return {"schema_version": SCHEMA_VERSION, **doc}


def _offline(catalog: Catalog, name: str) -> dict[str, Any]:
    """The catalog entry, else the Hub cache's copy, else an unknown-model error."""
    try:
        return from_catalog(catalog, catalog.model(name))
    except UnknownName as exc:
        cached = _cached(name)
        if cached is None:
            from llm_advisor.modelinfo.localdir import hf_cached_doc

            downloaded = hf_cached_doc(catalog, name)
            if downloaded is not None:
                return downloaded
            exc.hint = "not in the catalog or the Hub cache: add --live to ask the Hub, or `llm-advisor sync`"
            raise
        return hub_doc(catalog, cached)


def _local(catalog: Catalog, path: Path, model_id: str) -> dict[str, Any]:
    """A model folder (config, weight headers, README, generation config), a .gguf file or a config.json."""
    from llm_advisor.modelinfo import localdir

    if _is_dir(path):
        return localdir.folder_doc(catalog, path, model_id)
    if path.suffix == ".gguf" and os.path.isfile(path):
        return localdir.gguf_file_doc(catalog, path, model_id)
    config = load_local(path)
    if config is None:
        raise UsageError(f"no such file or directory: {model_id}")
    return from_config(catalog, config, model_id)


def hub_doc(catalog: Catalog, m: dict[str, Any]) -> dict[str, Any]:
    """A normalised Hub record (hub.fetch_model / the cache) in the `info` contract."""
    keys = (
        "architecture",
        "objective",
        "architecture_evidence",
        "params",
        "params_source",
        "active_params",
        "license",
        "languages",
        "gated",
        "pipeline_tag",
        "downloads",
        "likes",
        "card",
        "eval_results",
        "context_length",
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
