"""Glue for `recommend`: turn raw option values into Constraints, run the engine, merge the Hub cache."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from llm_advisor.errors import UsageError


def run_recommend(
    *,
    catalog_dirs: list[Path] | None,
    lang: str,
    task: str | None,
    describe: str | None,
    max_params: str | None = None,
    min_params: str | None = None,
    hardware: str | None = None,
    memory: str | None = None,
    precision: str = "auto",
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
) -> dict[str, Any]:
    from llm_advisor.catalog import load_catalog
    from llm_advisor.constraints import Constraints, expand_licenses, parse_memory, parse_params
    from llm_advisor.engine import recommend

    catalog = load_catalog(catalog_dirs)
    described = None
    if describe:
        from llm_advisor.describe import describe_need

        described = describe_need(catalog, describe)
        task = task or described["task"]
        language = language or described["language"]
        hardware = hardware or (described["hardware"] if memory is None else None)
        if task is None:
            raise UsageError(f"could not tell the task from {describe!r}; name it with --task (see `llm-advisor list tasks`)")
    if task is None:
        raise UsageError("give --task TASK (or --describe \"what you need\"); `llm-advisor list tasks` shows every task")
    if hardware and memory:
        raise UsageError("give --hardware or --memory, not both")
    if hardware:
        catalog.hardware_profile(hardware)  # unknown names fail early with suggestions
    lic_ids, groups = expand_licenses(licenses, catalog.licenses) if licenses else (None, [])
    c = Constraints(
        task=task,
        max_params=parse_params(max_params) if max_params else None,
        min_params=parse_params(min_params) if min_params else None,
        hardware=catalog.hardware_profile(hardware)["id"] if hardware else None,
        memory_gb=parse_memory(memory) if memory else None,
        precision=precision,
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
    doc = recommend(catalog, c, lang, why_not=why_not)
    if described is not None:
        doc["described"] = {"text": describe, **described}
    return doc
