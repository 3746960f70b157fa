"""Expert scenarios: realistic requests, each with what a practitioner would accept near the top and what
they would reject anywhere in the top five. Written against properties (dates, families, formats, speed)
rather than one exact id, so the catalog can improve without the tests going stale — but a regression in
the rules (a 2019 checkpoint ahead of current models, a CPU pick that crawls, a single-language model
first) fails them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from llm_advisor.recommend.service import run_recommend

Pick = dict[str, Any]


def recommend(**kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("top", 5)
    return run_recommend(**kwargs)


def current(p: Pick) -> bool:
    return (p.get("release_date") or "") >= "2025"


def speed(p: Pick) -> float:
    return float((p["cost"] or {}).get("tokens_per_s") or 0.0)


def covers(p: Pick, lang: str) -> bool:
    langs = p["languages"] or []
    return not langs or lang in langs or "mul" in langs


def evidenced(p: Pick) -> bool:
    return bool(p["evidence"] or p["editorial"])


# (scenario id, request, check of the top 3, check of every pick in the top 5)
Check = Callable[[list[Pick]], bool]
SCENARIOS: list[tuple[str, dict[str, Any], Check, Check]] = [
    (
        "coding on a 24 GB GPU puts a current code model in the top 3",
        {"task": "coding", "hardware": "rtx-4090"},
        lambda top: any(
            current(p) and any(w in p["model_id"].lower() for w in ("coder", "devstral", "codestral"))
            for p in top
        ),
        lambda p: p["memory_needed_gb"] <= 24,
    ),
    (
        "coding with 80 GB uses the budget: a model above 20B in the top 3",
        {"task": "coding", "memory": "80GB"},
        lambda top: any((p["params"] or 0) > 20e9 for p in top),
        lambda p: p["memory_needed_gb"] <= 80,
    ),
    (
        "CPU chat: every pick reaches the usable speed floor",
        {"task": "chat", "hardware": "cpu"},
        lambda top: all(speed(p) >= 5 for p in top),
        lambda p: speed(p) >= 5 and p["precision"] in {"q4_k_m", "q8_0", "q3_k_m"},
    ),
    (
        "CPU text generation: GGUF 4-bit and usable speed",
        {"task": "text-generation", "hardware": "cpu"},
        lambda top: all(p["precision"] == "q4_k_m" for p in top),
        lambda p: speed(p) >= 5,
    ),
    (
        "16 GB laptop chat: small current models that fit and are usable",
        {"task": "chat", "hardware": "laptop"},
        lambda top: any(current(p) for p in top),
        lambda p: p["memory_needed_gb"] <= 16 and speed(p) >= 5,
    ),
    (
        "Mac M3 Max chat: a mixture-of-experts or mid-size model, fast enough",
        {"task": "chat", "hardware": "apple-m-series"},
        lambda top: any((p["params"] or 0) >= 12e9 for p in top),
        lambda p: speed(p) >= 5,
    ),
    (
        "80 GB + permissive licence uses the budget",
        {"task": "text-generation", "memory": "80GB", "licenses": ["permissive"]},
        lambda top: any((p["params"] or 0) >= 20e9 for p in top),
        lambda p: p["memory_needed_gb"] <= 80,
    ),
    (
        "embeddings with no language: multilingual or English first, no speech model",
        {"task": "feature-extraction"},
        lambda top: covers(top[0], "en"),
        lambda p: (
            p["architecture"] != "convolutional"
            and "whisper" not in p["model_id"].lower()
            and "wav2vec" not in p["model_id"].lower()
        ),
    ),
    (
        "Chinese embeddings cover Chinese",
        {"task": "feature-extraction", "language": "zh"},
        lambda top: all(covers(p, "zh") for p in top),
        lambda p: covers(p, "zh"),
    ),
    (
        "reranking: a current reranker leads",
        {"task": "text-ranking"},
        lambda top: current(top[0]),
        lambda p: evidenced(p),
    ),
    (
        "ASR: a 2025-2026 model in the top 3, with evidence",
        {"task": "automatic-speech-recognition"},
        lambda top: any(current(p) for p in top),
        lambda p: evidenced(p),
    ),
    (
        "Chinese ASR covers Chinese",
        {"task": "automatic-speech-recognition", "language": "zh"},
        lambda top: all(covers(p, "zh") for p in top),
        lambda p: covers(p, "zh"),
    ),
    (
        "TTS: current models, not SpeechT5",
        {"task": "text-to-speech"},
        lambda top: any(current(p) for p in top),
        lambda p: "speecht5" not in p["model_id"].lower(),
    ),
    (
        "detection: current detectors, not the 2020 DETR",
        {"task": "object-detection"},
        lambda top: any(current(p) for p in top),
        lambda p: p["model_id"] != "facebook/detr-resnet-50",
    ),
    (
        "open-vocabulary detection leads with a current model",
        {"task": "zero-shot-object-detection"},
        lambda top: current(top[0]),
        lambda p: evidenced(p),
    ),
    (
        "depth: Depth Anything V2 or later, never V1 first",
        {"task": "depth-estimation"},
        lambda top: "depth-anything-large-hf" not in top[0]["model_id"].lower() and current(top[0]),
        lambda p: evidenced(p),
    ),
    (
        "VLM on a 4090: a current VLM that fits",
        {"task": "image-text-to-text", "hardware": "rtx-4090"},
        lambda top: any(current(p) for p in top),
        lambda p: p["memory_needed_gb"] <= 24,
    ),
    (
        "VQA never offers a pre-training-only checkpoint as the first, ready pick",
        {"task": "visual-question-answering"},
        lambda top: "-pt-" not in top[0]["model_id"],
        lambda p: (
            "-pt-" not in p["model_id"] or any(r["code"] == "reason.needs_finetuning" for r in p["reasons"])
        ),
    ),
    (
        "OCR on a 4090: current document models",
        {"task": "ocr", "hardware": "rtx-4090"},
        lambda top: all(current(p) for p in top),
        lambda p: p["memory_needed_gb"] <= 24,
    ),
    (
        "German translation covers German",
        {"task": "translation", "language": "de"},
        lambda top: all(covers(p, "de") for p in top),
        lambda p: covers(p, "de"),
    ),
    (
        "translation into Chinese on a 4090: a current MT or LLM model that fits",
        {"task": "translation", "language": "zh", "hardware": "rtx-4090"},
        lambda top: current(top[0]),
        lambda p: p["memory_needed_gb"] <= 24 and covers(p, "zh"),
    ),
    (
        "summarisation on an A10G: evidence, not the family, decides; a current model leads",
        {"task": "summarization", "hardware": "a10g"},
        lambda top: current(top[0]) and evidenced(top[0]),
        lambda p: p["memory_needed_gb"] <= 24,
    ),
    (
        "text-to-image on a 4090 is led by a diffusion model that fits",
        {"task": "text-to-image", "hardware": "rtx-4090"},
        lambda top: top[0]["architecture"] == "diffusion",
        lambda p: p["memory_needed_gb"] <= 24,
    ),
    (
        "time series: a current foundation model leads",
        {"task": "time-series-forecasting"},
        lambda top: current(top[0]),
        lambda p: evidenced(p),
    ),
    (
        "reasoning on an H100: a reasoning-capable model that fits",
        {"task": "reasoning", "hardware": "h100"},
        lambda top: any(current(p) for p in top),
        lambda p: p["memory_needed_gb"] <= 80,
    ),
    (
        "tool-calling agent on a 4090: current models that fit",
        {"task": "agent", "hardware": "rtx-4090"},
        lambda top: all(current(p) for p in top),
        lambda p: p["memory_needed_gb"] <= 24,
    ),
    (
        "NER with no labelled data: a ready model leads, not a base to fine-tune",
        {"task": "ner"},
        lambda top: top[0]["score_components"]["readiness"] == 1.0,
        lambda p: evidenced(p),
    ),
    (
        "zero-shot classification: NLI or zero-shot checkpoints lead",
        {"task": "zero-shot-classification"},
        lambda top: top[0]["architecture"] == "encoder-only",
        lambda p: evidenced(p),
    ),
    (
        "text classification on a CPU: an encoder leads (an LLM classifier is too slow there)",
        {"task": "text-classification", "hardware": "cpu"},
        lambda top: top[0]["architecture"] == "encoder-only",
        lambda p: p["precision"] is not None,
    ),
    (
        "hosted under $1 per 1M tokens: every pick within the price",
        {"task": "chat", "include_hosted": True, "max_cost": 1.0},
        lambda top: bool(top),
        lambda p: (p["cost"] or {}).get("usd_per_1m") is not None and p["cost"]["usd_per_1m"] <= 1.0,
    ),
]


@pytest.mark.parametrize(("name", "request_", "top3", "each"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_expert_scenario(name: str, request_: dict[str, Any], top3: Check, each: Check) -> None:
    picks = recommend(**request_)["picks"]
    assert picks, name
    assert top3(picks[:3]), [(p["model_id"], p.get("release_date"), p["score"]) for p in picks[:3]]
    bad = [p["model_id"] for p in picks[:5] if not each(p)]
    assert not bad, bad


def test_there_are_at_least_25_scenarios() -> None:
    assert len(SCENARIOS) >= 25


def test_rag_is_a_pipeline_that_fits_the_budget() -> None:
    doc = recommend(task="rag", memory="24GB")
    pipeline = doc["pipeline"]
    assert [s["role"] for s in pipeline["stages"]] == ["embedding", "reranker", "generator"]
    assert all(s["pick"] is not None and s["pick"]["reasons"] for s in pipeline["stages"])
    assert pipeline["fits"] and pipeline["memory_needed_gb"] <= 24
    assert [p["stage_task"] for p in doc["picks"]] == [
        "feature-extraction",
        "text-ranking",
        "text-generation",
    ]
