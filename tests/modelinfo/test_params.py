"""Parameter estimates from real config.json files against published parameter counts.

Tolerance: totals must be within 1% (REL_TOL) of the published figure; where that figure is an
exact Hub safetensors count the estimate must match it to the parameter. Mixture-of-experts
*active* counts are published rounded to two significant figures (12.9B, 3.3B, 37B), so they are
checked within 2% (ACTIVE_TOL).

Expected counts are the Hub safetensors totals recorded in catalog/models/*.yaml (verified by the
catalog authors), the model cards, or papers where named. Where a repository stores more than the
base model (bert-base-uncased also stores its MLM head), the figure is the base model's.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llm_advisor.modelinfo.params import ParamEstimate, estimate_params, params_from_safetensors

CONFIGS = Path(__file__).parents[1] / "fixtures" / "configs"
REL_TOL = 0.01
ACTIVE_TOL = 0.02


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CONFIGS / f"{name}.json").read_text(encoding="utf-8"))
    return data


# fixture -> (published total, exact?, kind)
TOTALS: dict[str, tuple[int, bool, str]] = {
    # encoders
    "google-bert__bert-base-uncased": (109_482_240, True, "encoder"),
    "FacebookAI__roberta-base": (124_645_632, True, "encoder"),
    "distilbert__distilbert-base-uncased": (66_362_880, True, "encoder"),
    "microsoft__deberta-v3-base": (184_000_000, False, "encoder"),  # model card: 184M
    "answerdotai__ModernBERT-base": (149_000_000, False, "encoder"),  # model card: 149M
    "google__electra-base-discriminator": (108_891_648, True, "encoder"),
    "sentence-transformers__all-MiniLM-L6-v2": (22_713_216, True, "encoder"),
    "google__vit-base-patch16-224-in21k": (86_389_248, True, "encoder"),
    "facebook__dinov2-base": (86_600_000, False, "encoder"),  # model card: 86.6M
    "openai__clip-vit-base-patch32": (151_277_313, True, "dual-encoder"),
    # dense decoders
    "openai-community__gpt2": (124_439_808, True, "dense-decoder"),
    "facebook__opt-1.3b": (1_315_758_080, True, "dense-decoder"),
    "bigscience__bloom-560m": (559_214_592, True, "dense-decoder"),
    "tiiuae__falcon-7b": (6_921_720_704, True, "dense-decoder"),
    "EleutherAI__pythia-1b": (1_011_781_632, True, "dense-decoder"),  # Pythia paper, Table 1
    "meta-llama__Llama-3.1-8B": (8_030_261_248, True, "dense-decoder"),
    "meta-llama__Llama-3.2-1B": (1_235_814_400, True, "dense-decoder"),
    "mistralai__Mistral-7B-Instruct-v0.3": (7_248_023_552, True, "dense-decoder"),
    "Qwen__Qwen2.5-7B-Instruct": (7_615_616_512, True, "dense-decoder"),
    "Qwen__Qwen2.5-0.5B-Instruct": (494_032_768, True, "dense-decoder"),
    "Qwen__Qwen3-8B": (8_190_735_360, True, "dense-decoder"),
    "google__gemma-2-2b": (2_614_341_888, True, "dense-decoder"),
    "microsoft__Phi-3-mini-4k-instruct": (3_821_079_552, True, "dense-decoder"),
    # mixture of experts
    "mistralai__Mixtral-8x7B-Instruct-v0.1": (46_702_792_704, True, "moe-decoder"),
    "Qwen__Qwen3-30B-A3B": (30_532_122_624, True, "moe-decoder"),
    "deepseek-ai__DeepSeek-V3": (671_000_000_000, False, "moe-decoder"),  # paper: 671B (MTP excluded)
    # state space
    "state-spaces__mamba-2.8b-hf": (2_768_345_600, True, "state-space"),
    # seq2seq
    "google-t5__t5-small": (60_506_624, True, "seq2seq"),
    "google__flan-t5-base": (247_577_856, True, "seq2seq"),
    "google__mt5-base": (582_401_280, True, "seq2seq"),
    "facebook__bart-large": (406_291_456, True, "seq2seq"),
    "facebook__mbart-large-50": (610_879_488, True, "seq2seq"),  # same shapes as -many-to-many-mmt
    "google__pegasus-xsum": (568_699_904, True, "seq2seq"),
    "Helsinki-NLP__opus-mt-en-de": (73_886_208, True, "seq2seq"),
    "facebook__nllb-200-distilled-600M": (615_073_792, True, "seq2seq"),
    "openai__whisper-small": (244_000_000, False, "seq2seq"),  # OpenAI's table: 244M
    # vision-language wrappers: text decoder + vision tower + projector (exact sum(p.numel()) counts)
    "llava-hf__llava-1.5-7b-hf": (7_063_427_072, True, "dense-decoder"),
    "Qwen__Qwen2-VL-7B-Instruct": (8_291_375_616, True, "dense-decoder"),
    "google__paligemma-3b-pt-224": (2_923_466_480, True, "dense-decoder"),
    "google__gemma-3-4b-it": (4_300_079_472, True, "dense-decoder"),
}

# fixture -> published active parameters per token
ACTIVE: dict[str, int] = {
    "mistralai__Mixtral-8x7B-Instruct-v0.1": 12_900_000_000,
    "Qwen__Qwen3-30B-A3B": 3_300_000_000,
    "deepseek-ai__DeepSeek-V3": 37_000_000_000,
}

# Families without a formula: other multimodal wrappers, CNNs, detectors, speech encoders, diffusers.
UNSUPPORTED = [
    "meta-llama__Llama-3.2-11B-Vision-Instruct",
    "microsoft__resnet-50",
    "facebook__convnext-base-224",
    "microsoft__swin-base-patch4-window7-224",
    "facebook__detr-resnet-50",
    "facebook__wav2vec2-base-960h",
    "facebook__hubert-base-ls960",
    "microsoft__speecht5_tts",
    "RWKV__rwkv-4-430m-pile",
    "xlnet__xlnet-base-cased",
    "stable-diffusion-v1-5__stable-diffusion-v1-5-unet",
    "black-forest-labs__FLUX.1-dev-transformer",
    "google-t5__t5-small-legacy",
]


def test_every_fixture_is_covered() -> None:
    names = {p.stem for p in CONFIGS.glob("*.json")}
    assert names == set(TOTALS) | set(UNSUPPORTED)


@pytest.mark.parametrize("name", sorted(TOTALS))
def test_total_matches_published_count(name: str) -> None:
    expected, exact, kind = TOTALS[name]
    estimate = estimate_params(load(name))
    assert estimate is not None
    assert estimate.kind == kind
    if exact:
        assert estimate.total == expected
    else:
        assert abs(estimate.total - expected) / expected <= REL_TOL, estimate.total
    assert (estimate.active is not None) == (kind == "moe-decoder")


@pytest.mark.parametrize("name", sorted(ACTIVE))
def test_moe_active_parameters(name: str) -> None:
    estimate = estimate_params(load(name))
    assert estimate is not None and estimate.active is not None
    assert abs(estimate.active - ACTIVE[name]) / ACTIVE[name] <= ACTIVE_TOL, estimate.active
    assert estimate.active < estimate.total


@pytest.mark.parametrize("name", UNSUPPORTED)
def test_unsupported_families_give_no_estimate(name: str) -> None:
    assert estimate_params(load(name)) is None


def _total(config: dict[str, Any]) -> int:
    estimate = estimate_params(config)
    assert estimate is not None
    return estimate.total


def test_untying_the_head_adds_one_embedding_matrix() -> None:
    tied = load("meta-llama__Llama-3.2-1B")
    untied = tied | {"tie_word_embeddings": False}
    assert _total(untied) - _total(tied) == 128_256 * 2048


def test_grouped_query_attention_shrinks_k_and_v() -> None:
    gqa = load("meta-llama__Llama-3.1-8B")  # 8 kv heads of 128 dims
    mha = gqa | {"num_key_value_heads": 32}
    assert _total(mha) - _total(gqa) == 32 * 2 * 4096 * (32 - 8) * 128


def test_qwen2_counts_its_qkv_biases() -> None:
    qwen = load("Qwen__Qwen2.5-0.5B-Instruct")  # 14 heads x 64, 2 kv heads x 64, 24 layers
    as_llama = qwen | {"model_type": "llama"}
    assert _total(qwen) - _total(as_llama) == 24 * (896 + 2 * 128)


def test_t5_gated_ffn_adds_a_third_matrix() -> None:
    relu = load("google-t5__t5-small")
    gated = relu | {"feed_forward_proj": "gated-gelu"}
    assert _total(gated) - _total(relu) == (6 + 6) * 512 * 2048


def test_unknown_causal_lm_falls_back_to_llama_layout() -> None:
    fork = load("meta-llama__Llama-3.1-8B") | {
        "model_type": "my_llama_fork",
        "architectures": ["ForkForCausalLM"],
    }
    estimate = estimate_params(fork)
    assert estimate is not None
    assert estimate.total == 8_030_261_248
    assert estimate.basis.startswith("assumed llama-style layout:")


def test_missing_or_nonsense_shapes_give_none() -> None:
    llama = load("meta-llama__Llama-3.1-8B")
    assert estimate_params({k: v for k, v in llama.items() if k != "hidden_size"}) is None
    assert estimate_params(llama | {"num_attention_heads": 0}) is None
    assert estimate_params(llama | {"hidden_size": -4096}) is None
    assert estimate_params({}) is None
    assert estimate_params({"model_type": "bert"}) is None
    assert estimate_params("not a config") is None  # type: ignore[arg-type]


def test_basis_is_one_readable_line() -> None:
    for name in TOTALS:
        estimate = estimate_params(load(name))
        assert estimate is not None
        assert estimate.basis and "\n" not in estimate.basis, name


def test_as_dict() -> None:
    estimate = estimate_params(load("mistralai__Mixtral-8x7B-Instruct-v0.1"))
    assert isinstance(estimate, ParamEstimate)
    data = estimate.as_dict()
    assert set(data) == {"total", "active", "basis", "kind"}
    assert (data["total"], data["kind"]) == (46_702_792_704, "moe-decoder")
    assert json.loads(json.dumps(data)) == data


def test_params_from_safetensors() -> None:
    assert (
        params_from_safetensors({"parameters": {"BF16": 8_030_261_248}, "total": 8_030_261_248})
        == 8_030_261_248
    )
    # No total: sum the per-dtype counts (mixed-precision checkpoints list several).
    assert params_from_safetensors({"parameters": {"F32": 1_000, "BF16": 24}}) == 1_024
    assert params_from_safetensors(SimpleNamespace(parameters={"F16": 7}, total=7)) == 7
    for empty in (None, {}, {"total": 0}, {"total": True}, {"parameters": {}}, {"parameters": {"F32": "x"}}):
        assert params_from_safetensors(empty) is None


def test_params_from_huggingface_hub_object() -> None:
    from huggingface_hub.hf_api import SafeTensorsInfo

    info = SafeTensorsInfo(parameters={"BF16": 124_439_808}, total=124_439_808)
    assert params_from_safetensors(info) == 124_439_808


_shape = (
    st.none()
    | st.booleans()
    | st.integers(-2, 4096)
    | st.text(max_size=5)
    | st.lists(st.integers(0, 4), max_size=3)
)


@settings(max_examples=300, deadline=None)
@given(
    base=st.sampled_from(sorted(TOTALS)),
    overrides=st.dictionaries(
        st.sampled_from(
            [
                "hidden_size",
                "num_attention_heads",
                "num_key_value_heads",
                "head_dim",
                "intermediate_size",
                "vocab_size",
                "tie_word_embeddings",
                "mlp_only_layers",
                "q_lora_rank",
                "d_kv",
                "feed_forward_proj",
                "text_config",
            ]
        ),
        _shape,
        max_size=3,
    ),
)
def test_never_crashes_and_never_negative(base: str, overrides: dict[str, Any]) -> None:
    estimate = estimate_params(load(base) | overrides)
    if estimate is not None:
        assert estimate.total > 0
        assert estimate.active is None or 0 < estimate.active
