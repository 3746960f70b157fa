"""The recommend service: raw option values -> Constraints, the Hub cache merged in, the ranking run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from llm_advisor.errors import UsageError
from llm_advisor.msg import Msg, m


def run_recommend(
    *,
    catalog_dirs: list[Path] | None = None,
    task: str | None = None,
    describe: str | None = None,
    max_params: str | None = None,
    min_params: str | None = None,
    hardware: str | None = None,
    memory: str | None = None,
    precision: str = "auto",
    kv_dtype: str = "auto",
    context: int | None = None,
    batch: int = 1,
    licenses: list[str] | None = None,
    language: str | None = None,
    exclude_gated: bool = False,
    include_hosted: bool = False,
    max_cost: float | None = None,
    examples: int | None = None,
    top: int = 5,
    why_not: str | None = None,
    show_variants: bool = False,
    live: bool = False,
) -> dict[str, Any]:
    from llm_advisor.catalog.loader import load_catalog
    from llm_advisor.recommend.constraints import (
        Constraints,
        check_kv_dtype,
        check_precision,
        expand_licenses,
        parse_memory,
        parse_params,
    )
    from llm_advisor.recommend.ranking import recommend

    catalog = load_catalog(catalog_dirs)
    described = None
    if describe:
        from llm_advisor.recommend.describe import describe_need

        described = describe_need(catalog, describe)
        task = task or described["task"]
        language = language or described["language"]
        if hardware is None and memory is None:  # flags win; the description fills in what they left out
            hardware = described["hardware"]
            memory = f"{described['memory_gb']:g}GB" if hardware is None and described["memory_gb"] else None
        licenses = licenses or described["licenses"] or None
        max_cost = max_cost if max_cost is not None else described["max_cost"]
        if task is None and described["candidates"]:
            names = ", ".join(described["candidates"])
            unsure = UsageError(f"{describe!r} could be any of these tasks: {names}; name one with --task")
            unsure.hint = f"e.g. --task {described['candidates'][0]}; `llm-advisor explain TASK` says what each one covers"
            raise unsure
        if task is None:
            raise UsageError(
                f"could not tell the task from {describe!r}; name it with --task (see `llm-advisor list tasks`)"
            )
    if task is None:
        raise UsageError(
            'give --task TASK (or --describe "what you need"); `llm-advisor list tasks` shows every task'
        )
    local_note: dict[str, Any] | None = None
    if hardware and hardware.strip().lower() == "local":
        from llm_advisor.recommend.localhw import detect_local

        found = detect_local()
        catalog.add_hardware(
            {
                k: v
                for k, v in found.items()
                if k not in ("detected", "bandwidth_assumed", "bandwidth_basis", "memory_source")
            }
        )
        local_note = m(
            "hint.local_hardware",
            name=found["name"],
            memory_gib=found["memory_gb"],
            bandwidth_gbps=found["memory_bandwidth_gbps"],
            basis=found.get("bandwidth_basis"),
            kind=found["kind"],
        )
        hardware = "local"
    if hardware and memory:
        # a profile with your memory size: its bandwidth and compute, your memory (e.g. a 64 GB Mac of a family)
        profile = dict(catalog.hardware_profile(hardware))
        size = parse_memory(memory)
        catalog.add_hardware({**profile, "memory_gb": size, "name": f"{profile['name']} with {size:g} GiB"})
        hardware, memory = profile["id"], None
    if hardware:
        catalog.hardware_profile(hardware)  # unknown names fail early with suggestions
    lic_ids, groups = expand_licenses(licenses, catalog.licenses) if licenses else (None, [])
    c = Constraints(
        task=task,
        max_params=parse_params(max_params) if max_params else None,
        min_params=parse_params(min_params) if min_params else None,
        hardware=catalog.hardware_profile(hardware)["id"] if hardware else None,
        memory_gb=parse_memory(memory) if memory else None,
        precision=check_precision(precision),
        kv_dtype=check_kv_dtype(kv_dtype),
        context=context or 8192,
        context_required=context is not None,
        batch=batch,
        licenses=lic_ids,
        license_groups=groups,
        language=language.lower() if language else None,
        exclude_gated=exclude_gated,
        include_hosted=include_hosted,
        max_cost=max_cost,
        examples=examples,
        top=top,
        show_variants=show_variants,
    )
    if c.max_params is not None and c.min_params is not None and c.min_params > c.max_params:
        raise UsageError("--min-params is larger than --max-params")
    task_id = catalog.task(task).id
    extra, hub_info, hub_warnings = hub_models(task_id, live)
    doc = recommend(catalog, c, extra_models=extra, hub_info=hub_info, why_not=why_not)
    doc["warnings"] = ([local_note] if local_note else []) + hub_warnings + doc["warnings"]
    if described is not None:
        doc["described"] = {"text": describe, **described}
    return doc


HUB_CANDIDATES = (
    200  # cached Hub models per task that recommend scores: the most downloaded; the rest cannot rank
)


def hub_models(task_id: str, live: bool) -> tuple[list[dict[str, Any]], dict[str, Any] | None, list[Msg]]:
    """Cached Hub models for a task in the catalog's model shape (after a live refresh when asked).

    A network fault during `--live` is one warning and a fall back to the cache, never a failure.
    """
    from llm_advisor.hub import cache

    warnings: list[Msg] = []
    if live:
        from llm_advisor.hub.client import HubError, list_task_models

        try:
            cache.put_models(task_id, list_task_models(task_id, limit=50), replace=True)
        except HubError as exc:
            warnings.append(m("warn.hub_unreachable", error=str(exc)))
    rows = cache.models_for_task(task_id, limit=HUB_CANDIDATES)  # the most downloaded: all that can rank
    if not rows:
        return [], None, warnings
    models = [to_catalog_shape(r, task_id) for r in rows if r.get("architecture")]
    skipped = len(rows) - len(models)
    if skipped:
        warnings.append(m("warn.hub_skipped", count=skipped))
    stats = cache.info()
    info = {
        "models": len(rows),
        "task_fetched_at": cache.task_fetched_at(task_id),
        "newest": stats.get("newest"),
        "oldest": stats.get("oldest"),
        "age_hint": cache.age_hint(task=task_id),
    }
    return models, info, warnings


def to_catalog_shape(r: dict[str, Any], task_id: str | None) -> dict[str, Any]:
    """A normalised Hub record as an uncurated catalog entry (tier baseline; popularity from downloads)."""
    config = {k: (r.get("config") or {}).get(k) for k in CONFIG_KEYS} if r.get("config") else None
    return {
        "id": r["id"],
        "aliases": [],
        "family": r["id"].rsplit("/", 1)[-1],
        "architecture": r["architecture"],
        "objective": r.get("objective"),
        "params": r.get("params"),
        "active_params": r.get("active_params"),
        "config": config,
        "context_length": r.get("context_length"),
        "license": r.get("license") or "unknown",
        "languages": list(r.get("languages") or []),
        "tasks": [{"id": task_id, "tier": "baseline", "eval": None}] if task_id else [],
        "gated": bool(r.get("gated")),
        "hosted": False,
        "pricing": None,
        "base_model": r.get("base_model"),
        "release_date": None,
        "source": f"https://huggingface.co/{r['id']}",
        "source_kind": "hub",
        "downloads": r.get("downloads"),
        "likes": r.get("likes"),
    }


def _config_keys() -> tuple[str, ...]:
    from llm_advisor.catalog.vocab import CONFIG_KEYS

    return CONFIG_KEYS


CONFIG_KEYS = _config_keys()
