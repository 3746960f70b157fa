"""Estimator coverage for the families issue 13 names: phi, ALBERT, vision-language wrappers
(LLaVA, LLaVA-NeXT, PaliGemma, Gemma 3, Qwen2-VL, Qwen2.5-VL), DeepSeek MLA and speech seq2seq.

Configs in tests/fixtures/params/ are the published config.json files of the named repositories
(shape keys kept as published; keys that do not change shapes may be dropped). EXACT counts are
`sum(p.numel() for p in model.parameters())` of the transformers model, as recorded in public code
and model metadata (found by searching for the exact integer next to the model's name); CLOSE
ones are the model card's rounded figure and must match within 1%. As in test_params.py, the count
is the base model's (ALBERT: AlbertModel, without the pre-training heads the checkpoint also stores).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from llm_advisor.modelinfo.params import estimate_params

FIXTURES = Path(__file__).parents[1] / "fixtures" / "params"

# fixture -> (count, exact?, kind)
COUNTS: dict[str, tuple[int, bool, str]] = {
    "microsoft__phi-2": (2_779_683_840, True, "dense-decoder"),
    "microsoft__phi-1_5": (1_418_270_720, True, "dense-decoder"),
    "albert__albert-base-v2": (11_683_584, True, "encoder"),
    "albert__albert-large-v2": (17_683_968, True, "encoder"),
    "albert__albert-xxlarge-v2": (222_595_584, True, "encoder"),
    "llava-hf__llava-v1.6-mistral-7b-hf": (7_570_000_000, False, "dense-decoder"),  # card: 7.57B
    "Qwen__Qwen2-VL-2B-Instruct": (2_208_985_600, True, "dense-decoder"),
    "Qwen__Qwen2-VL-72B-Instruct": (73_405_560_320, True, "dense-decoder"),
    "Qwen__Qwen2.5-VL-7B-Instruct": (8_292_166_656, True, "dense-decoder"),
    "Qwen__Qwen2.5-VL-3B-Instruct": (3_754_622_976, True, "dense-decoder"),
    "google__gemma-3-1b-it": (999_885_952, True, "dense-decoder"),
    "google__gemma-3-12b-it": (12_187_325_040, True, "dense-decoder"),
    "google__gemma-3-27b-it": (27_432_406_640, True, "dense-decoder"),
    "deepseek-ai__DeepSeek-V2-Lite": (15_706_484_224, True, "moe-decoder"),
    "UsefulSensors__moonshine-tiny": (27_092_736, True, "seq2seq"),
    "UsefulSensors__moonshine-base": (61_500_000, False, "seq2seq"),  # catalog: 61.5M
}


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return data


def test_every_fixture_has_a_count() -> None:
    assert {p.stem for p in FIXTURES.glob("*.json")} == set(COUNTS)


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_count(name: str) -> None:
    expected, exact, kind = COUNTS[name]
    estimate = estimate_params(load(name))
    assert estimate is not None
    assert estimate.kind == kind
    if exact:
        assert estimate.total == expected
    else:
        assert abs(estimate.total - expected) / expected <= 0.01, estimate.total
    assert estimate.basis and "\n" not in estimate.basis


def test_phi2_is_not_read_as_llama() -> None:
    # Before phi had a formula, the llama fallback counted a gated 3-matrix MLP: 3.62B.
    estimate = estimate_params(load("microsoft__phi-2"))
    assert estimate is not None and "LM head with bias" in estimate.basis
    with_qk_norm = estimate_params(load("microsoft__phi-2") | {"qk_layernorm": True})
    assert with_qk_norm is not None
    assert with_qk_norm.total - estimate.total == 32 * 2 * 2 * (2560 // 32)  # q/k LayerNorms per layer


def test_albert_defaults_and_groups() -> None:
    base = load("albert__albert-base-v2")
    without_embedding_size = {k: v for k, v in base.items() if k != "embedding_size"}
    assert estimate_params(without_embedding_size) == estimate_params(base)  # AlbertConfig default 128
    two_groups = estimate_params(base | {"num_hidden_groups": 2})
    one_group = estimate_params(base)
    assert two_groups is not None and one_group is not None
    layer = 4 * (768 * 768 + 768) + 2 * 2 * 768 + (768 * 3072 + 3072) + (3072 * 768 + 768)
    assert two_groups.total - one_group.total == layer


def test_wrapper_sub_configs_use_class_defaults() -> None:
    # llava-1.5's text_config names only model_type, vocab size and context: LlamaConfig's 7B defaults.
    config = json.loads((FIXTURES.parent / "configs" / "llava-hf__llava-1.5-7b-hf.json").read_text())
    estimate = estimate_params(config)
    assert estimate is not None and estimate.total == 7_063_427_072
    assert "clip_vision_model tower (24 x 1024)" in estimate.basis
    # An unknown vision tower gives no estimate rather than the text model alone.
    odd = config | {"vision_config": {"model_type": "brand_new_vit", "hidden_size": 1024}}
    assert estimate_params(odd) is None
    # LLaVA-NeXT adds one image_newline vector of the text width.
    next_config = config | {"model_type": "llava_next"}
    next_estimate = estimate_params(next_config)
    assert next_estimate is not None and next_estimate.total - estimate.total == 4096


def test_mla_without_a_known_model_type() -> None:
    lite = load("deepseek-ai__DeepSeek-V2-Lite")
    renamed = lite | {"model_type": "brand_new_mla", "architectures": ["BrandNewMLAForCausalLM"]}
    estimate = estimate_params(renamed)
    assert estimate is not None and estimate.basis.startswith("assumed DeepSeek MLA layout")
    assert estimate.total == 15_706_484_224
    # A dense MLA decoder (no routed experts) is counted without experts.
    dense = {k: v for k, v in renamed.items() if k not in ("n_routed_experts", "n_shared_experts")}
    dense_estimate = estimate_params(dense)
    assert dense_estimate is not None and dense_estimate.active is None
    assert dense_estimate.kind == "dense-decoder"


def test_deepseek_v32_indexer_adds_its_projections() -> None:
    v3 = json.loads((FIXTURES.parent / "configs" / "deepseek-ai__DeepSeek-V3.json").read_text())
    v32 = v3 | {"model_type": "deepseek_v32", "index_n_heads": 64, "index_head_dim": 128, "index_topk": 2048}
    base, indexed = estimate_params(v3), estimate_params(v32)
    assert base is not None and indexed is not None
    per_layer = 1536 * 64 * 128 + 7168 * 128 + 2 * 128 + 7168 * 64
    assert indexed.total - base.total == 61 * per_layer
