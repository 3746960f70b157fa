"""Classify a Hugging Face model's architecture family and pre-training objective from its config.json.

Pure functions: no network, no printing. The input is the parsed `config.json` (or a diffusers
component config), optionally the Hub tags and pipeline tag. The answer carries the facts it used
(`evidence`) so the CLI can show *why* a model was classified the way it was.

Order of precedence, strongest first:
1. diffusers `_class_name` (UNet / DiT / Flux ...) -> diffusion;
2. `model_type` looked up in `_FAMILIES` (the transformers registry name; most reliable);
3. nested configs (`text_config` + `vision_config` without `is_encoder_decoder` -> a decoder LLM
   with a vision tower; `encoder` + `decoder` -> encoder-decoder);
4. head class names in `architectures` and `is_encoder_decoder`;
5. key signatures (`n_embd`, `d_kv`, `state_size` ...), tags and the pipeline tag.

Head class names are deliberately *not* trusted for BERT-like families: `RobertaForCausalLM` is a
RoBERTa encoder with a causal mask bolted on, and `*ForConditionalGeneration` means seq2seq for T5
but "generate text conditioned on an image" for LLaVA-style models.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

ARCHITECTURES = (
    "encoder-only",
    "decoder-only",
    "encoder-decoder",
    "convolutional",
    "recurrent",
    "state-space",
    "diffusion",
    "tree-ensemble",
    "graph-neural-network",
    "mlp",
)
OBJECTIVES = (
    "masked-lm",
    "causal-lm",
    "span-corruption",
    "denoising-autoencoding",
    "replaced-token-detection",
    "permutation-lm",
    "contrastive-text",
    "contrastive-image-text",
    "ctc",
    "speech-seq2seq",
    "masked-image-modeling",
    "masked-audio-modeling",
    "diffusion-denoising",
    "flow-matching",
    "supervised",
    "self-distillation",
)
CONFIDENCES = ("high", "medium", "low")

_ENC, _DEC, _ED = "encoder-only", "decoder-only", "encoder-decoder"
_CONV, _SSM, _RNN, _DIFF, _MLP = "convolutional", "state-space", "recurrent", "diffusion", "mlp"


@dataclass(frozen=True)
class Classification:
    """Architecture family and pre-training objective, with the facts that led there."""

    architecture: str | None
    objective: str | None
    confidence: str  # high | medium | low
    # Excluded from hashing: a list is not hashable, and the facts do not change identity.
    evidence: list[str] = field(default_factory=list, hash=False)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# model_type (transformers registry name) -> (architecture, default pre-training objective).
# Objectives are the *pre-training* objective of the family; fine-tuned checkpoints keep it.
_FAMILIES: dict[str, tuple[str, str | None]] = {
    # --- BERT-like encoders (encoder-only even when `architectures` lists a causal-LM head) ---
    "bert": (_ENC, "masked-lm"),
    "roberta": (_ENC, "masked-lm"),
    "xlm-roberta": (_ENC, "masked-lm"),
    "xlm-roberta-xl": (_ENC, "masked-lm"),
    "camembert": (_ENC, "masked-lm"),
    "distilbert": (_ENC, "masked-lm"),
    "albert": (_ENC, "masked-lm"),
    "modernbert": (_ENC, "masked-lm"),
    "mpnet": (_ENC, "masked-lm"),
    "electra": (_ENC, "replaced-token-detection"),
    "deberta": (_ENC, "masked-lm"),
    # deberta-v2 is shared by DeBERTa-v2 (MLM) and DeBERTa-v3 (RTD); see _adjust_objective.
    "deberta-v2": (_ENC, "replaced-token-detection"),
    "xlnet": (_ENC, "permutation-lm"),
    "ernie": (_ENC, "masked-lm"),
    "nezha": (_ENC, "masked-lm"),
    "roformer": (_ENC, "masked-lm"),
    "convbert": (_ENC, "replaced-token-detection"),
    "funnel": (_ENC, "replaced-token-detection"),
    "longformer": (_ENC, "masked-lm"),
    "big_bird": (_ENC, "masked-lm"),
    "megatron-bert": (_ENC, "masked-lm"),
    "mobilebert": (_ENC, "masked-lm"),
    "squeezebert": (_ENC, "masked-lm"),
    "canine": (_ENC, "masked-lm"),
    "rembert": (_ENC, "masked-lm"),
    "luke": (_ENC, "masked-lm"),
    "flaubert": (_ENC, "masked-lm"),
    "xlm": (_ENC, "masked-lm"),
    "ibert": (_ENC, "masked-lm"),
    "data2vec-text": (_ENC, "masked-lm"),
    "xmod": (_ENC, "masked-lm"),
    "nomic_bert": (_ENC, "contrastive-text"),
    "new": (_ENC, "masked-lm"),  # Alibaba gte "NewModel"
    "esm": (_ENC, "masked-lm"),
    "tapas": (_ENC, "masked-lm"),
    "layoutlm": (_ENC, "masked-lm"),
    "layoutlmv2": (_ENC, "masked-lm"),
    "layoutlmv3": (_ENC, "masked-lm"),
    "markuplm": (_ENC, "masked-lm"),
    "vilt": (_ENC, "masked-lm"),
    # --- decoder-only language models ---
    "gpt2": (_DEC, "causal-lm"),
    "openai-gpt": (_DEC, "causal-lm"),
    "gptj": (_DEC, "causal-lm"),
    "gpt_neo": (_DEC, "causal-lm"),
    "gpt_neox": (_DEC, "causal-lm"),
    "gpt_neox_japanese": (_DEC, "causal-lm"),
    "gpt_bigcode": (_DEC, "causal-lm"),
    "gpt_oss": (_DEC, "causal-lm"),
    "codegen": (_DEC, "causal-lm"),
    "ctrl": (_DEC, "causal-lm"),
    "xglm": (_DEC, "causal-lm"),
    "biogpt": (_DEC, "causal-lm"),
    "opt": (_DEC, "causal-lm"),
    "bloom": (_DEC, "causal-lm"),
    "falcon": (_DEC, "causal-lm"),
    "RefinedWeb": (_DEC, "causal-lm"),
    "RefinedWebModel": (_DEC, "causal-lm"),
    "mpt": (_DEC, "causal-lm"),
    "llama": (_DEC, "causal-lm"),
    "llama4": (_DEC, "causal-lm"),
    "llama4_text": (_DEC, "causal-lm"),
    "mistral": (_DEC, "causal-lm"),
    "mistral3": (_DEC, "causal-lm"),
    "mixtral": (_DEC, "causal-lm"),
    "qwen": (_DEC, "causal-lm"),
    "qwen2": (_DEC, "causal-lm"),
    "qwen2_moe": (_DEC, "causal-lm"),
    "qwen3": (_DEC, "causal-lm"),
    "qwen3_moe": (_DEC, "causal-lm"),
    "gemma": (_DEC, "causal-lm"),
    "gemma2": (_DEC, "causal-lm"),
    "gemma3_text": (_DEC, "causal-lm"),
    "phi": (_DEC, "causal-lm"),
    "phi3": (_DEC, "causal-lm"),
    "phimoe": (_DEC, "causal-lm"),
    "deepseek_v2": (_DEC, "causal-lm"),
    "deepseek_v3": (_DEC, "causal-lm"),
    "glm": (_DEC, "causal-lm"),
    "glm4": (_DEC, "causal-lm"),
    "chatglm": (_DEC, "causal-lm"),
    "starcoder2": (_DEC, "causal-lm"),
    "olmo": (_DEC, "causal-lm"),
    "olmo2": (_DEC, "causal-lm"),
    "olmoe": (_DEC, "causal-lm"),
    "cohere": (_DEC, "causal-lm"),
    "cohere2": (_DEC, "causal-lm"),
    "stablelm": (_DEC, "causal-lm"),
    "granite": (_DEC, "causal-lm"),
    "granitemoe": (_DEC, "causal-lm"),
    "dbrx": (_DEC, "causal-lm"),
    "internlm": (_DEC, "causal-lm"),
    "internlm2": (_DEC, "causal-lm"),
    "baichuan": (_DEC, "causal-lm"),
    "exaone": (_DEC, "causal-lm"),
    "minicpm": (_DEC, "causal-lm"),
    "nemotron": (_DEC, "causal-lm"),
    "persimmon": (_DEC, "causal-lm"),
    "smollm3": (_DEC, "causal-lm"),
    "jamba": (_DEC, "causal-lm"),  # hybrid attention + Mamba layers; generates like a decoder
    "musicgen": (_DEC, "causal-lm"),
    "bark": (_DEC, "causal-lm"),
    "timesfm": (_DEC, "causal-lm"),
    "decision_transformer": (_DEC, "supervised"),
    # --- vision-language models: a decoder LLM reading image tokens (not seq2seq) ---
    "llava": (_DEC, "causal-lm"),
    "llava_next": (_DEC, "causal-lm"),
    "llava_next_video": (_DEC, "causal-lm"),
    "llava_onevision": (_DEC, "causal-lm"),
    "paligemma": (_DEC, "causal-lm"),
    "qwen2_vl": (_DEC, "causal-lm"),
    "qwen2_5_vl": (_DEC, "causal-lm"),
    "qwen2_audio": (_DEC, "causal-lm"),
    "qwen2_5_omni": (_DEC, "causal-lm"),
    "idefics": (_DEC, "causal-lm"),
    "idefics2": (_DEC, "causal-lm"),
    "idefics3": (_DEC, "causal-lm"),
    "smolvlm": (_DEC, "causal-lm"),
    "gemma3": (_DEC, "causal-lm"),
    "gemma3n": (_DEC, "causal-lm"),
    "mllama": (_DEC, "causal-lm"),
    "blip-2": (_DEC, "causal-lm"),
    "instructblip": (_DEC, "causal-lm"),
    "kosmos-2": (_DEC, "causal-lm"),
    "fuyu": (_DEC, "causal-lm"),
    "chameleon": (_DEC, "causal-lm"),
    "git": (_DEC, "causal-lm"),
    "internvl": (_DEC, "causal-lm"),
    "aya_vision": (_DEC, "causal-lm"),
    "phi4_multimodal": (_DEC, "causal-lm"),
    # --- encoder-decoder (seq2seq) ---
    "t5": (_ED, "span-corruption"),
    "mt5": (_ED, "span-corruption"),
    "umt5": (_ED, "span-corruption"),
    "longt5": (_ED, "denoising-autoencoding"),  # gap-sentence pre-training, PEGASUS-style
    "switch_transformers": (_ED, "span-corruption"),
    "bart": (_ED, "denoising-autoencoding"),
    "mbart": (_ED, "denoising-autoencoding"),
    "plbart": (_ED, "denoising-autoencoding"),
    "pegasus": (_ED, "denoising-autoencoding"),
    "pegasus_x": (_ED, "denoising-autoencoding"),
    "bigbird_pegasus": (_ED, "denoising-autoencoding"),
    "led": (_ED, "denoising-autoencoding"),  # initialised from BART
    "prophetnet": (_ED, "denoising-autoencoding"),
    "marian": (_ED, "supervised"),  # trained on parallel text from scratch
    "m2m_100": (_ED, "supervised"),  # also NLLB-200
    "nllb-moe": (_ED, "supervised"),
    "fsmt": (_ED, "supervised"),
    "whisper": (_ED, "speech-seq2seq"),
    "speech_to_text": (_ED, "speech-seq2seq"),
    "speecht5": (_ED, "denoising-autoencoding"),
    "seamless_m4t": (_ED, "supervised"),
    "seamless_m4t_v2": (_ED, "supervised"),
    "encoder-decoder": (_ED, None),
    "vision-encoder-decoder": (_ED, None),
    "speech-encoder-decoder": (_ED, None),
    "blip": (_ED, "causal-lm"),
    "florence2": (_ED, "supervised"),
    "pix2struct": (_ED, "supervised"),
    "donut-swin": (_ENC, "supervised"),
    "detr": (_ED, "supervised"),
    "conditional_detr": (_ED, "supervised"),
    "deformable_detr": (_ED, "supervised"),
    "dab-detr": (_ED, "supervised"),
    "rt_detr": (_ED, "supervised"),
    "rt_detr_v2": (_ED, "supervised"),
    "table-transformer": (_ED, "supervised"),
    "maskformer": (_ED, "supervised"),
    "mask2former": (_ED, "supervised"),
    "oneformer": (_ED, "supervised"),
    "grounding-dino": (_ED, "contrastive-image-text"),
    "sam": (_ED, "supervised"),
    "sam2": (_ED, "supervised"),
    "time_series_transformer": (_ED, "supervised"),
    "informer": (_ED, "supervised"),
    "autoformer": (_ED, "supervised"),
    # --- vision / audio / multimodal encoders ---
    "vit": (_ENC, "supervised"),
    "deit": (_ENC, "supervised"),
    "swin": (_ENC, "supervised"),
    "swinv2": (_ENC, "supervised"),
    "swin2sr": (_ENC, "supervised"),
    "beit": (_ENC, "masked-image-modeling"),
    "data2vec-vision": (_ENC, "masked-image-modeling"),
    "vit_mae": (_ENC, "masked-image-modeling"),
    "videomae": (_ENC, "masked-image-modeling"),
    "dinov2": (_ENC, "self-distillation"),
    "dinov2_with_registers": (_ENC, "self-distillation"),
    "timesformer": (_ENC, "supervised"),
    "yolos": (_ENC, "supervised"),
    "segformer": (_ENC, "supervised"),
    "dpt": (_ENC, "supervised"),
    "depth_anything": (_ENC, "supervised"),
    "vitpose": (_ENC, "supervised"),
    "clip": (_ENC, "contrastive-image-text"),
    "clip_vision_model": (_ENC, "contrastive-image-text"),
    "clip_text_model": (_ENC, "contrastive-image-text"),
    "siglip": (_ENC, "contrastive-image-text"),
    "siglip2": (_ENC, "contrastive-image-text"),
    "siglip_vision_model": (_ENC, "contrastive-image-text"),
    "chinese_clip": (_ENC, "contrastive-image-text"),
    "owlvit": (_ENC, "contrastive-image-text"),
    "owlv2": (_ENC, "contrastive-image-text"),
    "align": (_ENC, "contrastive-image-text"),
    "wav2vec2": (_ENC, "masked-audio-modeling"),
    "wav2vec2-conformer": (_ENC, "masked-audio-modeling"),
    "wav2vec2-bert": (_ENC, "masked-audio-modeling"),
    "hubert": (_ENC, "masked-audio-modeling"),
    "wavlm": (_ENC, "masked-audio-modeling"),
    "data2vec-audio": (_ENC, "masked-audio-modeling"),
    "unispeech": (_ENC, "masked-audio-modeling"),
    "unispeech-sat": (_ENC, "masked-audio-modeling"),
    "sew": (_ENC, "masked-audio-modeling"),
    "sew-d": (_ENC, "masked-audio-modeling"),
    "audio-spectrogram-transformer": (_ENC, "supervised"),
    "patchtst": (_ENC, "supervised"),
    "graphormer": (_ENC, "supervised"),
    # --- convolutional networks ---
    "resnet": (_CONV, "supervised"),
    "convnext": (_CONV, "supervised"),
    "convnextv2": (_CONV, "masked-image-modeling"),  # FCMAE pre-training
    "efficientnet": (_CONV, "supervised"),
    "mobilenet_v1": (_CONV, "supervised"),
    "mobilenet_v2": (_CONV, "supervised"),
    "regnet": (_CONV, "supervised"),
    "van": (_CONV, "supervised"),
    "bit": (_CONV, "supervised"),
    "superpoint": (_CONV, None),
    "encodec": (_CONV, None),
    "vits": (_CONV, "supervised"),  # VITS / MMS-TTS
    # --- non-transformer sequence models ---
    "mamba": (_SSM, "causal-lm"),
    "mamba2": (_SSM, "causal-lm"),
    "falcon_mamba": (_SSM, "causal-lm"),
    "rwkv": (_SSM, "causal-lm"),  # linear recurrence, grouped with SSMs
    "rwkv5": (_SSM, "causal-lm"),
    "rwkv6": (_SSM, "causal-lm"),
    "rwkv7": (_SSM, "causal-lm"),
    "recurrent_gemma": (_SSM, "causal-lm"),
    "xlstm": (_RNN, "causal-lm"),
    "patchtsmixer": (_MLP, "supervised"),
    "tinytimemixer": (_MLP, "supervised"),
}

# Fine-tuned heads tell the objective only for speech encoders (a CTC head is trained with CTC).
_SPEECH_ENCODERS = frozenset(
    m for m, (a, o) in _FAMILIES.items() if a == _ENC and o == "masked-audio-modeling"
)

# diffusers component classes (`_class_name` in unet/ or transformer/ config.json).
_DIFFUSERS_FLOW_MATCHING = (
    "FluxTransformer2DModel",
    "SD3Transformer2DModel",
    "WanTransformer3DModel",
    "LTXVideoTransformer3DModel",
    "HunyuanVideoTransformer3DModel",
    "SanaTransformer2DModel",
    "Lumina2Transformer2DModel",
    "HiDreamImageTransformer2DModel",
    "FluxPipeline",
    "StableDiffusion3Pipeline",
    "WanPipeline",
    "WanImageToVideoPipeline",
    "LTXPipeline",
    "HunyuanVideoPipeline",
    "SanaPipeline",
)
_DIFFUSERS_DENOISING = (
    "UNet2DConditionModel",
    "UNet2DModel",
    "UNet3DConditionModel",
    "UNetSpatioTemporalConditionModel",
    "PixArtTransformer2DModel",
    "DiTTransformer2DModel",
    "CogVideoXTransformer3DModel",
    "Transformer2DModel",
    "PriorTransformer",
    "StableDiffusionPipeline",
    "StableDiffusionXLPipeline",
    "StableVideoDiffusionPipeline",
    "DDPMPipeline",
    "CogVideoXPipeline",
    "PixArtAlphaPipeline",
    "ShapEPipeline",
)
# Tags that name the library a tree ensemble or a small policy network was saved with.
_TREE_TAGS = frozenset({"xgboost", "lightgbm", "catboost"})
_MLP_TAGS = frozenset({"stable-baselines3"})
_CONTRASTIVE_TEXT_TAGS = frozenset({"sentence-transformers", "sentence-similarity"})


def classify(
    config: Mapping[str, Any] | None,
    tags: list[str] | None = None,
    pipeline_tag: str | None = None,
) -> Classification:
    """Classify a model from its config.json (and, when given, Hub tags and pipeline tag)."""
    tag_set = {t.lower() for t in tags or [] if isinstance(t, str)}
    evidence: list[str] = []
    cfg: Mapping[str, Any] = config if isinstance(config, Mapping) else {}
    if not cfg:
        evidence.append("no config.json content")

    result = _classify_config(cfg, evidence)
    arch, objective, confidence = result if result else (None, None, "low")

    if arch is None:
        arch, objective, confidence = _from_tags(tag_set, pipeline_tag, evidence)

    # The pipeline tag counts like a tag here ("sentence-similarity" marks embedding models).
    hints = tag_set | ({pipeline_tag} if isinstance(pipeline_tag, str) else set())
    objective = _adjust_objective(cfg, arch, objective, hints, evidence)
    if _model_type(cfg) == "deberta-v2" and "deberta-v3" not in tag_set and confidence == "high":
        confidence = "medium"  # v2 (MLM) and v3 (RTD) share the model_type
    if arch is None:
        evidence.append("no rule matched: architecture unknown")
    return Classification(arch, objective, confidence if arch else "low", evidence)


def _classify_config(cfg: Mapping[str, Any], evidence: list[str]) -> tuple[str, str | None, str] | None:
    """The config-only part of the decision; None when the config says nothing recognisable."""
    class_name = cfg.get("_class_name")
    if isinstance(class_name, str):
        evidence.append(f"_class_name = {class_name}")
        return _from_diffusers(class_name, evidence)

    archs = _architectures(cfg)
    if archs:
        evidence.append(f"architectures[0] = {archs[0]}")
    model_type = _model_type(cfg)
    if model_type:
        evidence.append(f"model_type = {model_type}")
        family = _FAMILIES.get(model_type) or _FAMILIES.get(model_type.lower())
        if family:
            arch, objective = family
            if archs and arch == _ENC and _is_decoder_head(archs[0]):
                evidence.append(
                    f"{archs[0]} is a causal-LM head on a {model_type} encoder: stays encoder-only"
                )
            if arch == _DEC and _has_vision(cfg):
                evidence.append("vision tower + decoder LLM without is_encoder_decoder: decoder-only")
            return arch, objective, "high"
        evidence.append(f"model_type {model_type!r} is not in the family table")

    nested = _from_nested(cfg, evidence)
    if nested:
        return nested
    if archs:
        from_head = _from_head(archs[0], cfg, evidence)
        if from_head:
            return from_head
    if cfg.get("is_encoder_decoder") is True:
        evidence.append("config.is_encoder_decoder = true")
        return _ED, None, "medium"
    return _from_keys(cfg, evidence)


def _from_diffusers(class_name: str, evidence: list[str]) -> tuple[str, str | None, str]:
    if class_name in _DIFFUSERS_FLOW_MATCHING:
        return _DIFF, "flow-matching", "high"
    if class_name in _DIFFUSERS_DENOISING:
        return _DIFF, "diffusion-denoising", "high"
    if class_name.startswith("Autoencoder") or class_name.startswith("VQModel"):
        evidence.append("a diffusers autoencoder (VAE), not the denoiser")
        return _CONV, None, "medium"
    if "UNet" in class_name:
        return _DIFF, "diffusion-denoising", "medium"
    evidence.append("unlisted diffusers class: objective unknown")
    return _DIFF, None, "medium"


def _architectures(cfg: Mapping[str, Any]) -> list[str]:
    value = cfg.get("architectures")
    return [a for a in value if isinstance(a, str)] if isinstance(value, list) else []


def _model_type(cfg: Mapping[str, Any]) -> str | None:
    value = cfg.get("model_type")
    return value if isinstance(value, str) and value else None


def _has_vision(cfg: Mapping[str, Any]) -> bool:
    return isinstance(cfg.get("vision_config"), Mapping)


def _from_nested(cfg: Mapping[str, Any], evidence: list[str]) -> tuple[str, str | None, str] | None:
    """Composite configs whose model_type is unknown: judge by their sub-configs."""
    if isinstance(cfg.get("encoder"), Mapping) and isinstance(cfg.get("decoder"), Mapping):
        evidence.append("encoder and decoder sub-configs")
        return _ED, None, "medium"
    text = cfg.get("text_config")
    if isinstance(text, Mapping):
        text_type = text.get("model_type")
        if isinstance(text_type, str):
            evidence.append(f"text_config.model_type = {text_type}")
        family = _FAMILIES.get(text_type) if isinstance(text_type, str) else None
        towers = [k for k in ("vision_config", "audio_config") if isinstance(cfg.get(k), Mapping)]
        evidence.extend(f"{k} present" for k in towers)
        if cfg.get("is_encoder_decoder") is True:
            evidence.append("config.is_encoder_decoder = true")
            return _ED, None, "medium"
        if family and family[0] == _DEC:
            return _DEC, "causal-lm", "medium"
        if family and family[0] == _ENC and towers:
            # A text encoder next to a vision tower and no decoder: a dual encoder (CLIP-like).
            return _ENC, "contrastive-image-text", "medium"
    return None


def _is_decoder_head(name: str) -> bool:
    return name.endswith(("ForCausalLM", "LMHeadModel"))


def _from_head(name: str, cfg: Mapping[str, Any], evidence: list[str]) -> tuple[str, str | None, str] | None:
    """Infer from the head class when the family is unknown (weaker than model_type)."""
    if name.endswith("ForConditionalGeneration"):
        if cfg.get("is_encoder_decoder") is True:
            evidence.append("config.is_encoder_decoder = true")
            return _ED, None, "medium"
        # Without is_encoder_decoder, *ForConditionalGeneration is a multimodal decoder (LLaVA-style).
        evidence.append("ForConditionalGeneration without is_encoder_decoder")
        return _DEC, "causal-lm", "low"
    if _is_decoder_head(name):
        return _DEC, "causal-lm", "medium"
    if name.endswith("ForMaskedLM"):
        return _ENC, "masked-lm", "medium"
    if name.endswith("ForCTC"):
        return _ENC, "ctc", "medium"
    if name.endswith(("ForSeq2SeqLM", "MTModel")):
        return _ED, None, "medium"
    return None


def _from_keys(cfg: Mapping[str, Any], evidence: list[str]) -> tuple[str, str | None, str] | None:
    """Last resort for configs without model_type: characteristic key names."""
    keys = set(cfg)
    if {"state_size", "time_step_rank"} <= keys:
        evidence.append("keys state_size + time_step_rank (selective state-space layer)")
        return _SSM, "causal-lm", "low"
    if {"d_kv", "num_heads"} <= keys:
        evidence.append("keys d_kv + num_heads (T5-style)")
        return _ED, "span-corruption", "low"
    if {"encoder_layers", "decoder_layers"} <= keys:
        evidence.append("keys encoder_layers + decoder_layers")
        return _ED, None, "low"
    if {"n_embd", "n_layer"} <= keys:
        evidence.append("keys n_embd + n_layer (GPT-style)")
        return _DEC, "causal-lm", "low"
    if {"depths", "hidden_sizes"} <= keys:
        evidence.append("keys depths + hidden_sizes (staged CNN)")
        return _CONV, "supervised", "low"
    return None


def _from_tags(
    tags: set[str], pipeline_tag: str | None, evidence: list[str]
) -> tuple[str | None, str | None, str]:
    if tags & _TREE_TAGS:
        evidence.append(f"tag {sorted(tags & _TREE_TAGS)[0]}")
        return "tree-ensemble", "supervised", "medium"
    if tags & _MLP_TAGS:
        evidence.append("tag stable-baselines3")
        return _MLP, None, "low"
    if "diffusers" in tags or pipeline_tag in ("text-to-image", "unconditional-image-generation"):
        evidence.append("tag diffusers" if "diffusers" in tags else f"pipeline_tag = {pipeline_tag}")
        return _DIFF, None, "low"
    if pipeline_tag == "fill-mask":
        evidence.append("pipeline_tag = fill-mask")
        return _ENC, "masked-lm", "low"
    if pipeline_tag == "text-generation":
        evidence.append("pipeline_tag = text-generation")
        return _DEC, "causal-lm", "low"
    if pipeline_tag:
        evidence.append(f"pipeline_tag = {pipeline_tag} (not decisive)")
    return None, None, "low"


def _adjust_objective(
    cfg: Mapping[str, Any], arch: str | None, objective: str | None, tags: set[str], evidence: list[str]
) -> str | None:
    model_type = _model_type(cfg)
    archs = _architectures(cfg)
    if model_type in _SPEECH_ENCODERS:
        if any(a.endswith("ForCTC") for a in archs):
            evidence.append("CTC head: objective ctc")
            return "ctc"
        return "masked-audio-modeling"
    if model_type == "deberta-v2":
        # Only the tag tells v3 (RTD) from v2 (MLM); v3 checkpoints are the common case.
        if "deberta-v3" in tags:
            evidence.append("tag deberta-v3")
        else:
            evidence.append("deberta-v2 model_type without a deberta-v3 tag: assuming v3 (RTD)")
    if (
        arch == _ENC
        and tags & _CONTRASTIVE_TEXT_TAGS
        and objective in ("masked-lm", "replaced-token-detection", None)
    ):
        hint = sorted(tags & _CONTRASTIVE_TEXT_TAGS)[0]
        evidence.append(f"{hint}: trained as a contrastive text embedder")
        return "contrastive-text"
    return objective
