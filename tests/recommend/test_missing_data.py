"""Missing data is never an advantage, MoE speed counts active parameters, and with no --language the top
pick covers English (properties of the ranking, over many catalog models)."""

from __future__ import annotations

import pytest

from llm_advisor.catalog.loader import Catalog
from llm_advisor.recommend.constraints import Constraints
from llm_advisor.recommend.ranking import merged_models, rank

TASKS = [
    "text-generation",
    "feature-extraction",
    "automatic-speech-recognition",
    "object-detection",
    "summarization",
]


def scores(catalog: Catalog, task: str, extra: list[dict], **constraints: object) -> dict[str, float]:
    models = merged_models(catalog, [])
    for e in extra:
        models[e["id"]] = e
    ranked, _, _ = rank(catalog, Constraints(task=task, top=10**6, show_variants=True, **constraints), models)  # type: ignore[arg-type]
    return {c.id: c.score for c in ranked}


@pytest.mark.parametrize("task", TASKS)
def test_an_unknown_date_or_licence_never_ranks_above_the_same_model_known(
    catalog: Catalog, task: str
) -> None:
    listed = [
        m for m in catalog.models.values() if not m["hosted"] and any(t["id"] == task for t in m["tasks"])
    ][:12]
    assert listed
    for model in listed:
        undated = {**model, "id": model["id"] + "-undated", "release_date": None, "base_model": None}
        unlicensed = {**model, "id": model["id"] + "-unlicensed", "license": "unknown", "base_model": None}
        s = scores(catalog, task, [undated, unlicensed])
        known = s[model["id"]]
        assert s[undated["id"]] <= known and s[unlicensed["id"]] <= known, model["id"]
        if model.get("release_date"):
            assert s[undated["id"]] < known, model["id"]


def test_mixture_of_experts_decodes_from_active_parameters(catalog: Catalog) -> None:
    dense = catalog.models["Qwen/Qwen3-32B"]
    moe = {**dense, "id": "test/Qwen3-32B-as-moe", "active_params": 3_000_000_000, "base_model": None}
    models = merged_models(catalog, [])
    models[moe["id"]] = moe
    ranked, _, _ = rank(
        catalog,
        Constraints(task="text-generation", hardware="apple-m-series", top=10**6, show_variants=True),
        models,
    )
    by_id = {c.id: c for c in ranked}
    assert by_id[moe["id"]].memory_gb == pytest.approx(
        by_id[dense["id"]].memory_gb
    )  # memory: all experts resident
    assert (
        by_id[moe["id"]].cost["tokens_per_s"] > 2 * by_id[dense["id"]].cost["tokens_per_s"]
    )  # speed: active ones
    assert by_id[moe["id"]].components["efficiency"] > by_id[dense["id"]].components["efficiency"]


@pytest.mark.parametrize(
    "task",
    [
        "feature-extraction",
        "text-generation",
        "chat",
        "text-ranking",
        "automatic-speech-recognition",
        "summarization",
        "ocr",
    ],
)
def test_with_no_language_the_top_pick_covers_english(catalog: Catalog, task: str) -> None:
    ranked, _, _ = rank(catalog, Constraints(task=task), merged_models(catalog, []))
    langs = ranked[0].model["languages"] or []
    assert not langs or "en" in langs or "mul" in langs, (ranked[0].id, langs)


@pytest.mark.parametrize("memory", ["8GB", "24GB", "80GB"])
def test_with_a_memory_budget_every_pick_fits(catalog: Catalog, memory: str) -> None:
    from llm_advisor.recommend.constraints import parse_memory

    budget = parse_memory(memory)
    for task in TASKS:
        ranked, _, _ = rank(
            catalog, Constraints(task=task, memory_gb=budget, top=10**6), merged_models(catalog, [])
        )
        assert all(
            c.model["hosted"] or (c.memory_gb is not None and c.memory_gb <= budget) for c in ranked
        ), task
