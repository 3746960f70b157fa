"""Architecture / objective classification from real published config.json files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llm_advisor.catalog.loader import Catalog
from llm_advisor.modelinfo import classify as classify_module
from llm_advisor.modelinfo.classify import (
    ARCHITECTURES,
    CONFIDENCES,
    OBJECTIVES,
    Classification,
    classify,
    model_types,
)

CONFIGS = Path(__file__).parents[1] / "fixtures" / "configs"
TABLE_FILE = Path(classify_module.__file__).with_name("model_types.json")
VERSION = model_types().transformers_version

# Where each fixture came from. The Hub's docs corpus mostly serves copies (duplicates, fine-tunes,
# quantised mirrors) of the official file; shapes and class names are identical to the original,
# and fields that only a fine-tune adds (id2label, _name_or_path, quantization_config) were dropped.
SOURCES: dict[str, str] = {
    "meta-llama__Llama-3.1-8B": "https://huggingface.co/NbAiLab/nb-llama-3.1-8B/blob/main/config.json",
    "meta-llama__Llama-3.2-1B": "https://huggingface.co/ariG23498/layer-skip-v0/blame/ab64ee42adea0da8e188087514b90d79aceccfb7/config.json",
    "meta-llama__Llama-3.2-11B-Vision-Instruct": "https://huggingface.co/bababababooey/llama-3.2-11b-vision-instruct-stheno-abliterated/blob/main/config.json",
    "google-bert__bert-base-uncased": "https://huggingface.co/rayTest/bert-base-uncased/blob/main/config.json",
    "FacebookAI__roberta-base": "https://huggingface.co/snibbles22/roberta-base/blob/main/config.json",
    "distilbert__distilbert-base-uncased": "https://huggingface.co/codewithdark/model-cache/commit/3d933924e8388d280238532c6adee3c0bf981290",
    "microsoft__deberta-v3-base": "https://huggingface.co/gur509/deberta_rubric_scorer/commit/8155182444a2627155163794ead5d33aca9c48b5",
    "answerdotai__ModernBERT-base": "https://huggingface.co/estrogen/ModernBERT-base-sbert-initialized/blob/d80f2f10df59065d673fa4d9ef890aae3cbf4b68/config.json",
    "google__electra-base-discriminator": "https://huggingface.co/syabusyabu0141/tc_el_insdel/blame/main/config.json",
    "sentence-transformers__all-MiniLM-L6-v2": "https://huggingface.co/leliuga/all-MiniLM-L6-v2-GGUF/blob/ddf2e25d5b8530422e7b14aa39f33a657ff9aec0/config.json",
    "xlnet__xlnet-base-cased": "https://huggingface.co/quim-motger/reviewXLNet-base/blame/main/config.json",
    "openai-community__gpt2": "https://huggingface.co/cambridgeltl/mle_one_billion_word/commit/cbcca8468d854bc68787568b8ef0353cb193b522",
    "facebook__opt-1.3b": "https://huggingface.co/facebook/opt-1.3b/blob/8c7b10754972749675d22364c25c428b29face51/config.json",
    "bigscience__bloom-560m": "https://huggingface.co/bigscience/bloom-560m/blame/ac2ae5fab2ce3f9f40dc79b5ca9f637430d24971/onnx/config.json",
    "tiiuae__falcon-7b": "https://huggingface.co/ybelkada/falcon-7b-sharded-bf16/blob/e486a3b87ff20d70293084fdfaad8ff34ba291d6/config.json",
    "EleutherAI__pythia-1b": "https://huggingface.co/lomahony/pythia-1b-helpful-sft/blob/main/config.json",
    "mistralai__Mistral-7B-Instruct-v0.3": "https://huggingface.co/mistralai/Mistral-7B-Instruct-v0.3/blob/c170c708c41dac9275d15a8fff4eca08d52bab71/config.json",
    "mistralai__Mixtral-8x7B-Instruct-v0.1": "https://huggingface.co/mistralai/Mixtral-8x7B-Instruct-v0.1/blob/eba92302a2861cdc0098cc54bc9f17cb2c47eb61/config.json",
    "Qwen__Qwen2.5-7B-Instruct": "https://huggingface.co/CarbonLover/krx_qwen2.5_it_test/blob/16a84c949674f98b43237c01e96cd9895eb1c509/config.json",
    "Qwen__Qwen2.5-0.5B-Instruct": "https://huggingface.co/Jonathanmann/qwen-sms-3400/blob/main/config.json",
    "Qwen__Qwen3-8B": "https://huggingface.co/thejaminator/qwen-hook-layer-9/commit/478fb720f1f3ced834fce0275b55b2732d438edc",
    # Shapes from the Qwen3-Coder-30B-A3B config (same backbone) and MindSpeed's qwen3_30b_a3b.yaml.
    "Qwen__Qwen3-30B-A3B": "https://huggingface.co/RTP-LLM/Qwen3-Coder-30B-A3B-Instruct-RTPurbo/blob/main/config.json",
    "google__gemma-2-2b": "https://huggingface.co/indiebot-community/gemma-2-2b-it-bnb-4bit/commit/21852ba0f9f542d3cb7aa97876ca30fd4e9adaef",
    "google__gemma-3-4b-it": "https://huggingface.co/mlx-community/gemma-3-4b-it-bf16/blob/main/config.json",
    "microsoft__Phi-3-mini-4k-instruct": "https://huggingface.co/Alignment-Lab-AI/idfkphi4kiguess/blob/main/config.json",
    "deepseek-ai__DeepSeek-V3": "https://huggingface.co/amd/DeepSeek-R1-0528-MXFP4-MTP-MoEFP4/blob/main/config.json",
    "state-spaces__mamba-2.8b-hf": "https://huggingface.co/KyomaP/Mamba_Code/blob/main/config.json",
    "RWKV__rwkv-4-430m-pile": "https://huggingface.co/RWKV/rwkv-4-430m-pile/blob/main/config.json",
    "google-t5__t5-small": "https://huggingface.co/cometrain/stocks-news-t5/commit/da49dcd24defb7ff189dda3f165bb1ccbe9894a3",
    "google-t5__t5-small-legacy": "https://huggingface.co/google-t5/t5-small/blob/c9c2c8f7fe6aa9ce37f61418d82a01d25cfac393/config.json",
    "google__flan-t5-base": "https://huggingface.co/reeddg/T5sum/commit/ecce9eee84e7b4e8c88a2c0c3b37ece894554a2d",
    "google__mt5-base": "https://huggingface.co/yongsun-yoon/mt5-base-korquad/commit/95be27d051f35e7d7cd7df86a011c0ea40351caf",
    "facebook__bart-large": "https://huggingface.co/Pyke/bart-finetuned-on-patent-Deepspeed-Test3/commit/b5064edb075e23bf488085beb7bf8c03da8a207c",
    "facebook__mbart-large-50": "https://huggingface.co/RicardoMG1/mbart-neutralization/blame/639a85ad4a6ed55de089ad39389d70187abd5c1a/config.json",
    "google__pegasus-xsum": "https://huggingface.co/gcesare/pegasus-xsum-samsum-fsl/commit/69a64c54daa02a746eeabe47c1c3cd5ec261028c",
    "Helsinki-NLP__opus-mt-en-de": "https://huggingface.co/enimai/opus-mt-en-de-finetuned-en-to-de/blame/3d5632e29acffaf43c6e799a790226dfc6b4786c/config.json",
    "facebook__nllb-200-distilled-600M": "https://huggingface.co/Miguelanruiz/facebook-nllb/blob/main/config.json",
    "openai__whisper-small": "https://huggingface.co/kimbochen/whisper-small-jp/blame/main/config.json",
    "microsoft__speecht5_tts": "https://huggingface.co/Salama1429/TTS_German_Speecht5_finetuned_voxpopuli_nl/blame/main/config.json",
    "llava-hf__llava-1.5-7b-hf": "https://huggingface.co/mohitsha/llava-1.5-7b-hf/blob/main/config.json",
    "Qwen__Qwen2-VL-7B-Instruct": "https://huggingface.co/pbarker/Qwen2-VL-7B-sk-googleflights-full-750-47ep/blame/main/config.json",
    "google__paligemma-3b-pt-224": "https://huggingface.co/merve/paligemma_vqav2/commit/bdfd23259ad505cf5aa51d6bb90b2a53d9e1fef9",
    "google__vit-base-patch16-224-in21k": "https://huggingface.co/adhisetiawan/test-vit/blob/0f12dbdc1db57a1d1835494f27f2bddc94d12f28/config.json",
    "facebook__dinov2-base": "https://huggingface.co/facebook/dinov2-base/blob/refs%2Fpr%2F3/config.json",
    "microsoft__swin-base-patch4-window7-224": "https://huggingface.co/wbxlala/swin-base-har/blob/main/config.json",
    "openai__clip-vit-base-patch32": "https://huggingface.co/Qdrant/clip-ViT-B-32-text/blob/7daff83d82d00503801dee6a3cf86a330761b98d/config.json",
    "microsoft__resnet-50": "https://huggingface.co/mruby/reef_classifier_resnet-50_version_1/blob/main/config.json",
    "facebook__convnext-base-224": "https://huggingface.co/anthony2261/convnext-base-224-paddy-disease/blob/075a9bfaa019f44da5568aea6b902e14609eb262/config.json",
    "facebook__detr-resnet-50": "https://huggingface.co/nickmuchi/detr-resnet50-finetuned-license-plate-detection/blame/68a34ca21b7bb2027d13da3ea8cd722988c102cf/config.json",
    "facebook__wav2vec2-base-960h": "https://huggingface.co/facebook/wav2vec2-base-960h/blame/main/config.json",
    "facebook__hubert-base-ls960": "https://huggingface.co/balaji1312/hubert_myst/commit/6795835e6acfcd791498e5d66541df2267d60057",
    "stable-diffusion-v1-5__stable-diffusion-v1-5-unet": "https://huggingface.co/MirageML/lowpoly-environment/blame/1c5e9fc15dde51743e17fed7b813618c0617ac29/unet/config.json",
    "black-forest-labs__FLUX.1-dev-transformer": "https://huggingface.co/rangwani-harsh/logs/blob/main/transformer/config.json",
}


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CONFIGS / f"{name}.json").read_text(encoding="utf-8"))
    return data


ENC, DEC, ED = "encoder-only", "decoder-only", "encoder-decoder"

# fixture -> (architecture, objective, confidence, Hub tags passed along)
EXPECTED: dict[str, tuple[str, str, str, list[str]]] = {
    # BERT-likes
    "google-bert__bert-base-uncased": (ENC, "masked-lm", "high", []),
    "FacebookAI__roberta-base": (ENC, "masked-lm", "high", []),
    "distilbert__distilbert-base-uncased": (ENC, "masked-lm", "high", []),
    "microsoft__deberta-v3-base": (ENC, "replaced-token-detection", "high", ["deberta-v3", "deberta"]),
    "answerdotai__ModernBERT-base": (ENC, "masked-lm", "high", []),
    "google__electra-base-discriminator": (ENC, "replaced-token-detection", "high", []),
    "sentence-transformers__all-MiniLM-L6-v2": (ENC, "contrastive-text", "high", ["sentence-transformers"]),
    "xlnet__xlnet-base-cased": (ENC, "permutation-lm", "high", []),
    # decoders
    "openai-community__gpt2": (DEC, "causal-lm", "high", []),
    "facebook__opt-1.3b": (DEC, "causal-lm", "high", []),
    "bigscience__bloom-560m": (DEC, "causal-lm", "high", []),
    "tiiuae__falcon-7b": (DEC, "causal-lm", "high", []),
    "EleutherAI__pythia-1b": (DEC, "causal-lm", "high", []),
    "meta-llama__Llama-3.1-8B": (DEC, "causal-lm", "high", []),
    "meta-llama__Llama-3.2-1B": (DEC, "causal-lm", "high", []),
    "mistralai__Mistral-7B-Instruct-v0.3": (DEC, "causal-lm", "high", []),
    "mistralai__Mixtral-8x7B-Instruct-v0.1": (DEC, "causal-lm", "high", []),
    "Qwen__Qwen2.5-7B-Instruct": (DEC, "causal-lm", "high", []),
    "Qwen__Qwen2.5-0.5B-Instruct": (DEC, "causal-lm", "high", []),
    "Qwen__Qwen3-8B": (DEC, "causal-lm", "high", []),
    "Qwen__Qwen3-30B-A3B": (DEC, "causal-lm", "high", []),
    "google__gemma-2-2b": (DEC, "causal-lm", "high", []),
    "microsoft__Phi-3-mini-4k-instruct": (DEC, "causal-lm", "high", []),
    "deepseek-ai__DeepSeek-V3": (DEC, "causal-lm", "high", []),
    "state-spaces__mamba-2.8b-hf": ("state-space", "causal-lm", "high", []),
    "RWKV__rwkv-4-430m-pile": ("state-space", "causal-lm", "high", []),
    # vision-language *ForConditionalGeneration models that are decoders, not seq2seq
    "llava-hf__llava-1.5-7b-hf": (DEC, "causal-lm", "high", []),
    "Qwen__Qwen2-VL-7B-Instruct": (DEC, "causal-lm", "high", []),
    "google__paligemma-3b-pt-224": (DEC, "causal-lm", "high", []),
    "google__gemma-3-4b-it": (DEC, "causal-lm", "high", []),
    "meta-llama__Llama-3.2-11B-Vision-Instruct": (DEC, "causal-lm", "high", []),
    # seq2seq *ForConditionalGeneration
    "google-t5__t5-small": (ED, "span-corruption", "high", []),
    "google__flan-t5-base": (ED, "span-corruption", "high", []),
    "google__mt5-base": (ED, "span-corruption", "high", []),
    "facebook__bart-large": (ED, "denoising-autoencoding", "high", []),
    "facebook__mbart-large-50": (ED, "denoising-autoencoding", "high", []),
    "google__pegasus-xsum": (ED, "denoising-autoencoding", "high", []),
    "Helsinki-NLP__opus-mt-en-de": (ED, "supervised", "high", []),
    "facebook__nllb-200-distilled-600M": (ED, "supervised", "high", []),
    "openai__whisper-small": (ED, "speech-seq2seq", "high", []),
    "microsoft__speecht5_tts": (ED, "denoising-autoencoding", "high", []),
    # vision
    "google__vit-base-patch16-224-in21k": (ENC, "supervised", "high", []),
    "facebook__dinov2-base": (ENC, "self-distillation", "high", []),
    "microsoft__swin-base-patch4-window7-224": (ENC, "supervised", "high", []),
    "openai__clip-vit-base-patch32": (ENC, "contrastive-image-text", "high", []),
    "microsoft__resnet-50": ("convolutional", "supervised", "high", []),
    "facebook__convnext-base-224": ("convolutional", "supervised", "high", []),
    "facebook__detr-resnet-50": (ED, "supervised", "high", []),
    # audio
    "facebook__wav2vec2-base-960h": (ENC, "ctc", "high", []),
    "facebook__hubert-base-ls960": (ENC, "masked-audio-modeling", "high", []),
    # diffusers components
    "stable-diffusion-v1-5__stable-diffusion-v1-5-unet": ("diffusion", "diffusion-denoising", "high", []),
    "black-forest-labs__FLUX.1-dev-transformer": ("diffusion", "flow-matching", "high", []),
    # no model_type, no architectures: only T5's key names give it away
    "google-t5__t5-small-legacy": (ED, "span-corruption", "low", []),
}


def test_every_fixture_is_classified_and_sourced() -> None:
    names = {p.stem for p in CONFIGS.glob("*.json")}
    assert names == set(EXPECTED)
    assert names == set(SOURCES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_configs(name: str) -> None:
    arch, objective, confidence, tags = EXPECTED[name]
    result = classify(load(name), tags=tags)
    assert (result.architecture, result.objective, result.confidence) == (arch, objective, confidence)
    assert result.evidence, "every answer names the facts it used"


def test_bert_like_with_causal_lm_head_stays_encoder_only() -> None:
    for name, head in [
        ("FacebookAI__roberta-base", "RobertaForCausalLM"),
        ("google-bert__bert-base-uncased", "BertLMHeadModel"),
        ("google__electra-base-discriminator", "ElectraForCausalLM"),
    ]:
        config = load(name) | {"architectures": [head]}
        result = classify(config)
        assert result.architecture == ENC, name
        assert any("stays encoder-only" in e for e in result.evidence)


def test_conditional_generation_without_model_type() -> None:
    # Strip model_type and rename the class, so only the config's shape is left to judge by.
    llava = {k: v for k, v in load("llava-hf__llava-1.5-7b-hf").items() if k != "model_type"}
    llava["architectures"] = ["BrandNewVLMForConditionalGeneration"]
    result = classify(llava)
    assert result.architecture == DEC and result.confidence == "medium"
    assert "text_config.model_type = llama" in result.evidence
    assert "vision_config present" in result.evidence

    qwen_vl = {k: v for k, v in load("Qwen__Qwen2-VL-7B-Instruct").items() if k != "model_type"}
    assert classify(qwen_vl).architecture == DEC

    for name in ("facebook__bart-large", "openai__whisper-small", "google__flan-t5-base"):
        seq2seq = {k: v for k, v in load(name).items() if k != "model_type"}
        result = classify(seq2seq)
        assert result.architecture == ED, name
        assert "config.is_encoder_decoder = true" in result.evidence


def test_known_class_name_without_model_type() -> None:
    result = classify({"architectures": ["BlenderbotForConditionalGeneration"]})
    assert (result.architecture, result.confidence) == (ED, "medium")
    assert any(
        e.startswith("BlenderbotForConditionalGeneration is a blenderbot class") for e in result.evidence
    )


def test_evidence_reads_like_facts() -> None:
    result = classify(load("google-t5__t5-small"))
    assert result.evidence[:2] == ["architectures[0] = T5ForConditionalGeneration", "model_type = t5"]
    assert classify(load("black-forest-labs__FLUX.1-dev-transformer")).evidence == [
        "_class_name = FluxTransformer2DModel"
    ]


# Minimal excerpts (model_type and head class only) of published configs for families without a
# fixture above; the model_type is the registry key transformers itself dispatches on.
EXCERPTS = [
    ({"model_type": "led", "architectures": ["LEDForConditionalGeneration"]}, ED, "denoising-autoencoding"),
    (
        {"model_type": "longt5", "architectures": ["LongT5ForConditionalGeneration"]},
        ED,
        "denoising-autoencoding",
    ),
    ({"model_type": "m2m_100", "architectures": ["M2M100ForConditionalGeneration"]}, ED, "supervised"),
    ({"model_type": "rt_detr", "architectures": ["RTDetrForObjectDetection"]}, ED, "supervised"),
    (
        {"model_type": "mask2former", "architectures": ["Mask2FormerForUniversalSegmentation"]},
        ED,
        "supervised",
    ),
    ({"model_type": "idefics3", "architectures": ["Idefics3ForConditionalGeneration"]}, DEC, "causal-lm"),
    ({"model_type": "qwen2_5_vl", "architectures": ["Qwen2_5_VLForConditionalGeneration"]}, DEC, "causal-lm"),
    ({"model_type": "gptj", "architectures": ["GPTJForCausalLM"]}, DEC, "causal-lm"),
    ({"model_type": "gemma", "architectures": ["GemmaForCausalLM"]}, DEC, "causal-lm"),
    ({"model_type": "phi", "architectures": ["PhiForCausalLM"]}, DEC, "causal-lm"),
    ({"model_type": "deit", "architectures": ["DeiTForImageClassificationWithTeacher"]}, ENC, "supervised"),
    ({"model_type": "beit", "architectures": ["BeitForImageClassification"]}, ENC, "masked-image-modeling"),
    ({"model_type": "siglip", "architectures": ["SiglipModel"]}, ENC, "contrastive-image-text"),
    (
        {"model_type": "efficientnet", "architectures": ["EfficientNetForImageClassification"]},
        "convolutional",
        "supervised",
    ),
    (
        {"model_type": "mobilenet_v2", "architectures": ["MobileNetV2ForImageClassification"]},
        "convolutional",
        "supervised",
    ),
    ({"model_type": "xlm-roberta", "architectures": ["XLMRobertaForCausalLM"]}, ENC, "masked-lm"),
    ({"model_type": "albert", "architectures": ["AlbertForMaskedLM"]}, ENC, "masked-lm"),
    ({"model_type": "mpnet", "architectures": ["MPNetForMaskedLM"]}, ENC, "masked-lm"),
]


@pytest.mark.parametrize(
    ("config", "arch", "objective"), EXCERPTS, ids=[c["model_type"] for c, _, _ in EXCERPTS]
)
def test_family_excerpts(config: dict[str, Any], arch: str, objective: str) -> None:
    result = classify(config)
    assert (result.architecture, result.objective, result.confidence) == (arch, objective, "high")


def test_unknown_config_reports_what_it_looked_at() -> None:
    result = classify({"model_type": "totally_new_arch", "hidden_size": 64})
    assert result.architecture is None and result.objective is None and result.confidence == "low"
    assert "model_type = totally_new_arch" in result.evidence
    assert (
        f"model_type 'totally_new_arch' is not in the family table (transformers {VERSION})"
        in result.evidence
    )
    assert result.evidence[-1] == "no rule matched: architecture unknown"

    empty = classify(None)
    assert (empty.architecture, empty.confidence) == (None, "low")
    assert "no config.json content" in empty.evidence


def test_unknown_model_type_falls_back_to_head_name() -> None:
    result = classify({"model_type": "brand_new_lm", "architectures": ["BrandNewForCausalLM"]})
    assert (result.architecture, result.objective, result.confidence) == (DEC, "causal-lm", "medium")
    ctc = classify({"architectures": ["FancySpeechForCTC"]})
    assert (ctc.architecture, ctc.objective) == (ENC, "ctc")


def test_tags_and_pipeline_when_config_is_silent() -> None:
    assert classify({}, tags=["xgboost", "tabular-classification"]).architecture == "tree-ensemble"
    assert classify(None, tags=["stable-baselines3", "reinforcement-learning"]).architecture == "mlp"
    assert classify({}, pipeline_tag="text-generation").architecture == DEC
    fill = classify(None, pipeline_tag="fill-mask")
    assert (fill.architecture, fill.objective, fill.confidence) == (ENC, "masked-lm", "low")
    assert classify({}, pipeline_tag="image-classification").architecture is None


def test_sentence_similarity_pipeline_marks_an_embedder() -> None:
    bert = load("google-bert__bert-base-uncased")
    assert classify(bert).objective == "masked-lm"
    result = classify(bert, pipeline_tag="sentence-similarity")
    assert result.objective == "contrastive-text"
    assert "sentence-similarity: trained as a contrastive text embedder" in result.evidence
    # Decoders keep their objective even when used for embeddings.
    assert classify(load("Qwen__Qwen3-8B"), tags=["sentence-transformers"]).objective == "causal-lm"


def test_deberta_v2_model_type_without_v3_tag_is_less_certain() -> None:
    result = classify(load("microsoft__deberta-v3-base"))
    assert (result.objective, result.confidence) == ("replaced-token-detection", "medium")


def test_diffusers_autoencoder_is_not_the_denoiser() -> None:
    vae = classify({"_class_name": "AutoencoderKL", "latent_channels": 4})
    assert vae.architecture == "convolutional" and vae.objective is None


def test_ctc_head_decides_speech_objective() -> None:
    base = load("facebook__wav2vec2-base-960h") | {"architectures": ["Wav2Vec2Model"]}
    assert classify(base).objective == "masked-audio-modeling"
    hubert_ctc = load("facebook__hubert-base-ls960") | {"architectures": ["HubertForCTC"]}
    assert classify(hubert_ctc).objective == "ctc"


def test_as_dict_and_immutability() -> None:
    result = classify(load("openai-community__gpt2"))
    assert result.as_dict() == {
        "architecture": DEC,
        "objective": "causal-lm",
        "confidence": "high",
        "evidence": [
            "architectures[0] = GPT2LMHeadModel",
            "model_type = gpt2",
            f"model_type gpt2: decoder-only in the transformers {VERSION} table (causal-LM mapping)",
        ],
    }
    assert json.loads(json.dumps(result.as_dict())) == result.as_dict()
    with pytest.raises(AttributeError):
        result.architecture = "encoder-only"  # type: ignore[misc]
    assert hash(result) == hash(classify(load("openai-community__gpt2")))
    assert isinstance(result, Classification)


def test_vocabularies_match_the_catalog(catalog: Catalog) -> None:
    assert set(ARCHITECTURES) == set(catalog.architectures)
    assert set(OBJECTIVES) == set(catalog.objectives)


def test_family_table_uses_only_known_ids() -> None:
    raw = json.loads(TABLE_FILE.read_text(encoding="utf-8"))
    assert raw["families"] and set(raw["families"]) <= set(ARCHITECTURES)
    for model_type, row in raw["types"].items():
        assert row["family"] is None or row["family"] in ARCHITECTURES, model_type
        assert row["objective"] is None or row["objective"] in OBJECTIVES, model_type
    assert len(model_types().types) == len(raw["types"])


_keys = st.sampled_from(
    [
        "model_type",
        "architectures",
        "is_encoder_decoder",
        "text_config",
        "vision_config",
        "encoder",
        "decoder",
        "_class_name",
        "d_kv",
        "num_heads",
        "n_embd",
        "n_layer",
        "state_size",
        "time_step_rank",
        "hidden_size",
    ]
)
_leaves = st.none() | st.booleans() | st.integers(-3, 10**6) | st.text(max_size=30)
_values = st.recursive(
    _leaves | st.sampled_from(["llama", "t5", "bert", "LlamaForCausalLM", "UNet2DModel"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(config=st.dictionaries(_keys, _values, max_size=8), tags=st.lists(st.text(max_size=12), max_size=3))
def test_never_crashes_and_stays_in_vocabulary(config: dict[str, Any], tags: list[str]) -> None:
    result = classify(config, tags=tags)
    assert result.architecture is None or result.architecture in ARCHITECTURES
    assert result.objective is None or result.objective in OBJECTIVES
    assert result.confidence in CONFIDENCES
    assert result.evidence
