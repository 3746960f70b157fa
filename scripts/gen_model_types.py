#!/usr/bin/env python3
"""Generate llm_advisor's model-type -> architecture-family table from transformers' auto mappings.

Maintainer script; the product never imports transformers. Run it with a Python that has
transformers installed (torch is NOT needed: the auto mappings are plain name tables and the
configuration classes import without torch):

    python3 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install transformers
    /tmp/tfvenv/bin/python scripts/gen_model_types.py

It writes
- src/llm_advisor/modelinfo/model_types.json: every `model_type` transformers knows, with its
  family (an id of catalog/architectures.yaml), default pre-training objective, the rule that
  decided it, its model classes, whether it is a *text* model type, and a note for ambiguous types;
- tests/fixtures/model_types/text_configs.json: the default config of every text model type as
  `save_pretrained` would write it (`to_diff_dict()`), with `architectures` set to the type's
  representative class -- the "full config" half of tests/modelinfo/test_model_types.py.

Decision order for one model type (first that applies wins):
1. CURATED: hand-checked families and objectives (the BERT-likes that carry a causal-LM head,
   pre-training objectives, vision/audio families the mappings cannot tell apart);
2. ATTENTION_FREE: Mamba / RWKV / xLSTM keep their own family (state-space / recurrent);
3. structure of the default config: `is_encoder_decoder`, encoder + decoder sub-configs, a
   `text_config` wrapper (the family of the wrapped text model);
4. the auto mappings: seq2seq / speech-seq2seq -> encoder-decoder; causal-LM only -> decoder-only;
   masked-LM -> encoder-only; image-text-to-text / multimodal-LM -> decoder-only; text heads only
   (sequence/token classification, QA, multiple choice, text encoding) -> encoder-only;
5. vision / audio heuristics (attention heads in the config or not), marked as such.
Types where these signals disagree are flagged `ambiguous` with the reason.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "src" / "llm_advisor" / "modelinfo" / "model_types.json"
FIXTURE = ROOT / "tests" / "fixtures" / "model_types" / "text_configs.json"

ENC, DEC, ED = "encoder-only", "decoder-only", "encoder-decoder"
CONV, SSM, RNN, MLP = "convolutional", "state-space", "recurrent", "mlp"

# Mappings whose members are text model types (the population the classifier targets are measured on).
TEXT_MAPPINGS = (
    "MODEL_FOR_CAUSAL_LM",
    "MODEL_FOR_MASKED_LM",
    "MODEL_FOR_SEQ_TO_SEQ_CAUSAL_LM",
    "MODEL_FOR_SPEECH_SEQ_2_SEQ",
    "MODEL_FOR_IMAGE_TEXT_TO_TEXT",
    "MODEL_FOR_MULTIMODAL_LM",
    "MODEL_FOR_SEQUENCE_CLASSIFICATION",
    "MODEL_FOR_TOKEN_CLASSIFICATION",
    "MODEL_FOR_QUESTION_ANSWERING",
    "MODEL_FOR_MULTIPLE_CHOICE",
    "MODEL_FOR_TEXT_ENCODING",
    "MODEL_FOR_NEXT_SENTENCE_PREDICTION",
    "MODEL_FOR_TABLE_QUESTION_ANSWERING",
    "MODEL_FOR_DOCUMENT_QUESTION_ANSWERING",
)
# Which class stands for the type in a Hub config.json (`architectures[0]`), best first.
HEAD_PRIORITY = (
    "MODEL_FOR_SEQ_TO_SEQ_CAUSAL_LM",
    "MODEL_FOR_SPEECH_SEQ_2_SEQ",
    "MODEL_FOR_IMAGE_TEXT_TO_TEXT",
    "MODEL_FOR_MULTIMODAL_LM",
    "MODEL_FOR_CAUSAL_LM",
    "MODEL_FOR_MASKED_LM",
    "MODEL_FOR_PRETRAINING",
    "MODEL_FOR_TEXT_TO_WAVEFORM",
    "MODEL_FOR_CTC",
    "MODEL_FOR_SEQUENCE_CLASSIFICATION",
    "MODEL_FOR_TOKEN_CLASSIFICATION",
    "MODEL_FOR_QUESTION_ANSWERING",
    "MODEL_FOR_IMAGE_CLASSIFICATION",
    "MODEL_FOR_OBJECT_DETECTION",
    "MODEL",
)
HEAD_MAPPINGS_ENC = (
    "MODEL_FOR_SEQUENCE_CLASSIFICATION",
    "MODEL_FOR_TOKEN_CLASSIFICATION",
    "MODEL_FOR_QUESTION_ANSWERING",
    "MODEL_FOR_MULTIPLE_CHOICE",
    "MODEL_FOR_TEXT_ENCODING",
    "MODEL_FOR_NEXT_SENTENCE_PREDICTION",
    "MODEL_FOR_TABLE_QUESTION_ANSWERING",
    "MODEL_FOR_DOCUMENT_QUESTION_ANSWERING",
)

# Hand-checked (family, objective). Objectives are the family's *pre-training* objective.
CURATED: dict[str, tuple[str, str | None]] = {
    # BERT-like encoders (encoder-only even though transformers offers a causal-LM head for them)
    "bert": (ENC, "masked-lm"),
    "roberta": (ENC, "masked-lm"),
    "roberta-prelayernorm": (ENC, "masked-lm"),
    "xlm-roberta": (ENC, "masked-lm"),
    "xlm-roberta-xl": (ENC, "masked-lm"),
    "camembert": (ENC, "masked-lm"),
    "distilbert": (ENC, "masked-lm"),
    "albert": (ENC, "masked-lm"),
    "modernbert": (ENC, "masked-lm"),
    "mpnet": (ENC, "masked-lm"),
    "electra": (ENC, "replaced-token-detection"),
    "deberta": (ENC, "masked-lm"),
    "deberta-v2": (ENC, "replaced-token-detection"),
    "xlnet": (ENC, "permutation-lm"),
    "ernie": (ENC, "masked-lm"),
    "nezha": (ENC, "masked-lm"),
    "roformer": (ENC, "masked-lm"),
    "convbert": (ENC, "replaced-token-detection"),
    "funnel": (ENC, "replaced-token-detection"),
    "longformer": (ENC, "masked-lm"),
    "big_bird": (ENC, "masked-lm"),
    "megatron-bert": (ENC, "masked-lm"),
    "mobilebert": (ENC, "masked-lm"),
    "squeezebert": (ENC, "masked-lm"),
    "canine": (ENC, "masked-lm"),
    "rembert": (ENC, "masked-lm"),
    "luke": (ENC, "masked-lm"),
    "mluke": (ENC, "masked-lm"),
    "flaubert": (ENC, "masked-lm"),
    "xlm": (ENC, "masked-lm"),
    "ibert": (ENC, "masked-lm"),
    "data2vec-text": (ENC, "masked-lm"),
    "xmod": (ENC, "masked-lm"),
    "nomic_bert": (ENC, "contrastive-text"),
    "new": (ENC, "masked-lm"),
    "esm": (ENC, "masked-lm"),
    "tapas": (ENC, "masked-lm"),
    "layoutlm": (ENC, "masked-lm"),
    "layoutlmv2": (ENC, "masked-lm"),
    "layoutlmv3": (ENC, "masked-lm"),
    "markuplm": (ENC, "masked-lm"),
    "vilt": (ENC, "masked-lm"),
    "bros": (ENC, "masked-lm"),
    "lilt": (ENC, "masked-lm"),
    "lxmert": (ENC, "masked-lm"),
    "visual_bert": (ENC, "masked-lm"),
    "splinter": (ENC, None),  # recurring span selection
    "bert-generation": (ENC, "masked-lm"),  # BERT weights used as encoder or decoder of a seq2seq
    "qdqbert": (ENC, "masked-lm"),
    "realm": (ENC, "masked-lm"),
    "nystromformer": (ENC, "masked-lm"),
    "yoso": (ENC, "masked-lm"),
    "mra": (ENC, "masked-lm"),
    "fnet": (ENC, "masked-lm"),
    "perceiver": (ENC, "masked-lm"),
    # decoder-only language models and decoders with a vision or audio tower
    "reformer": (DEC, "causal-lm"),  # published checkpoints are causal LMs (is_decoder: true)
    "jamba": (DEC, "causal-lm"),
    "bark": (DEC, "causal-lm"),
    "timesfm": (DEC, "causal-lm"),
    "decision_transformer": (DEC, "supervised"),
    "blip-2": (DEC, "causal-lm"),
    "instructblip": (DEC, "causal-lm"),
    "kosmos-2": (DEC, "causal-lm"),
    "git": (DEC, "causal-lm"),
    "fuyu": (DEC, "causal-lm"),
    "idefics": (DEC, "causal-lm"),
    "qwen2_audio": (DEC, "causal-lm"),
    "kyutai_speech_to_text": (DEC, "causal-lm"),  # one decoder over text + Mimi audio tokens
    "voxtral_realtime": (DEC, "causal-lm"),  # audio encoder + streaming LLM decoder
    "blt": (DEC, "causal-lm"),  # byte-level local encoder/decoder around a global causal transformer
    # encoder-decoder (seq2seq)
    "t5": (ED, "span-corruption"),
    "mt5": (ED, "span-corruption"),
    "umt5": (ED, "span-corruption"),
    "longt5": (ED, "denoising-autoencoding"),
    "switch_transformers": (ED, "span-corruption"),
    "bart": (ED, "denoising-autoencoding"),
    "mbart": (ED, "denoising-autoencoding"),
    "mvp": (ED, "denoising-autoencoding"),
    "plbart": (ED, "denoising-autoencoding"),
    "pegasus": (ED, "denoising-autoencoding"),
    "pegasus_x": (ED, "denoising-autoencoding"),
    "bigbird_pegasus": (ED, "denoising-autoencoding"),
    "led": (ED, "denoising-autoencoding"),
    "prophetnet": (ED, "denoising-autoencoding"),
    "blenderbot": (ED, "supervised"),
    "blenderbot-small": (ED, "supervised"),
    "marian": (ED, "supervised"),
    "m2m_100": (ED, "supervised"),
    "nllb-moe": (ED, "supervised"),
    "fsmt": (ED, "supervised"),
    "t5gemma": (ED, "causal-lm"),  # adapted from a decoder-only Gemma checkpoint
    "t5gemma2": (ED, "causal-lm"),
    "udop": (ED, "span-corruption"),
    "whisper": (ED, "speech-seq2seq"),
    "moonshine": (ED, "speech-seq2seq"),
    "speech_to_text": (ED, "speech-seq2seq"),
    "speecht5": (ED, "denoising-autoencoding"),
    "seamless_m4t": (ED, "supervised"),
    "seamless_m4t_v2": (ED, "supervised"),
    "musicgen": (ED, "causal-lm"),  # T5 text encoder + causal audio-token decoder
    "musicgen_melody": (ED, "causal-lm"),
    "encoder-decoder": (ED, None),
    "vision-encoder-decoder": (ED, None),
    "speech-encoder-decoder": (ED, None),
    "blip": (ED, "causal-lm"),
    "florence2": (ED, "supervised"),
    "pix2struct": (ED, "supervised"),
    "donut-swin": (ENC, "supervised"),
    "detr": (ED, "supervised"),
    "conditional_detr": (ED, "supervised"),
    "deformable_detr": (ED, "supervised"),
    "dab-detr": (ED, "supervised"),
    "rt_detr": (ED, "supervised"),
    "rt_detr_v2": (ED, "supervised"),
    "table-transformer": (ED, "supervised"),
    "maskformer": (ED, "supervised"),
    "mask2former": (ED, "supervised"),
    "oneformer": (ED, "supervised"),
    "grounding-dino": (ED, "contrastive-image-text"),
    "sam": (ED, "supervised"),
    "sam2": (ED, "supervised"),
    "time_series_transformer": (ED, "supervised"),
    "informer": (ED, "supervised"),
    "autoformer": (ED, "supervised"),
    # vision / audio / multimodal encoders
    "vit": (ENC, "supervised"),
    "deit": (ENC, "supervised"),
    "swin": (ENC, "supervised"),
    "swinv2": (ENC, "supervised"),
    "swin2sr": (ENC, "supervised"),
    "beit": (ENC, "masked-image-modeling"),
    "data2vec-vision": (ENC, "masked-image-modeling"),
    "vit_mae": (ENC, "masked-image-modeling"),
    "videomae": (ENC, "masked-image-modeling"),
    "dinov2": (ENC, "self-distillation"),
    "dinov2_with_registers": (ENC, "self-distillation"),
    "timesformer": (ENC, "supervised"),
    "yolos": (ENC, "supervised"),
    "segformer": (ENC, "supervised"),
    "dpt": (ENC, "supervised"),
    "depth_anything": (ENC, "supervised"),
    "vitpose": (ENC, "supervised"),
    "clip": (ENC, "contrastive-image-text"),
    "clip_vision_model": (ENC, "contrastive-image-text"),
    "clip_text_model": (ENC, "contrastive-image-text"),
    "siglip": (ENC, "contrastive-image-text"),
    "siglip2": (ENC, "contrastive-image-text"),
    "siglip_vision_model": (ENC, "contrastive-image-text"),
    "chinese_clip": (ENC, "contrastive-image-text"),
    "owlvit": (ENC, "contrastive-image-text"),
    "owlv2": (ENC, "contrastive-image-text"),
    "align": (ENC, "contrastive-image-text"),
    "wav2vec2": (ENC, "masked-audio-modeling"),
    "wav2vec2-conformer": (ENC, "masked-audio-modeling"),
    "wav2vec2-bert": (ENC, "masked-audio-modeling"),
    "hubert": (ENC, "masked-audio-modeling"),
    "wavlm": (ENC, "masked-audio-modeling"),
    "data2vec-audio": (ENC, "masked-audio-modeling"),
    "unispeech": (ENC, "masked-audio-modeling"),
    "unispeech-sat": (ENC, "masked-audio-modeling"),
    "sew": (ENC, "masked-audio-modeling"),
    "sew-d": (ENC, "masked-audio-modeling"),
    "audio-spectrogram-transformer": (ENC, "supervised"),
    "patchtst": (ENC, "supervised"),
    "graphormer": (ENC, "supervised"),
    # convolutional networks
    "resnet": (CONV, "supervised"),
    "convnext": (CONV, "supervised"),
    "convnextv2": (CONV, "masked-image-modeling"),
    "efficientnet": (CONV, "supervised"),
    "mobilenet_v1": (CONV, "supervised"),
    "mobilenet_v2": (CONV, "supervised"),
    "regnet": (CONV, "supervised"),
    "van": (CONV, "supervised"),
    "bit": (CONV, "supervised"),
    "superpoint": (CONV, None),
    "encodec": (CONV, None),
    "vits": (CONV, "supervised"),
    "recurrent_gemma": (SSM, "causal-lm"),
    "patchtsmixer": (MLP, "supervised"),
    "tinytimemixer": (MLP, "supervised"),
}
# Attention-free causal language models: their own family, not decoder-only.
ATTENTION_FREE: dict[str, str] = {
    "mamba": SSM,
    "mamba2": SSM,
    "falcon_mamba": SSM,
    "rwkv": SSM,  # linear recurrence, grouped with SSMs by the catalog
    "rwkv5": SSM,
    "rwkv6": SSM,
    "rwkv7": SSM,
    "xlstm": RNN,
}
# Attention + SSM / linear-attention hybrids: generate like decoders, so decoder-only.
HYBRIDS = frozenset(
    {
        "jamba",
        "zamba",
        "zamba2",
        "bamba",
        "falcon_h1",
        "granitemoehybrid",
        "nemotron_h",
        "olmo_hybrid",
        "qwen3_next",
        "kimi_linear",
        "bailing_hybrid",
        "lfm2",
        "lfm2_moe",
        "lfm3",
        "minimax",
        "recurrent_gemma",
    }
)
NOTES: dict[str, str] = {
    "bert-generation": "BERT weights used as the encoder or the decoder of a seq2seq model; "
    "BertGenerationDecoder adds a causal mask to a BERT encoder",
    "reformer": "ReformerConfig defaults to is_decoder=false, but the published checkpoints are causal LMs",
    "deberta-v2": "shared by DeBERTa-v2 (masked-LM) and DeBERTa-v3 (replaced-token detection)",
    "musicgen": "MusicgenForCausalLM is the audio decoder alone; the full model is text-encoder + decoder",
    "musicgen_melody": "MusicgenMelodyForCausalLM is the audio decoder alone",
    "blip": "BLIP's captioning model is an image encoder + text decoder; its retrieval model is a dual encoder",
    "kyutai_speech_to_text": "listed in transformers' speech-seq2seq mapping, but a single decoder",
    "voxtral_realtime": "listed in transformers' seq2seq mappings, but an audio tower feeding an LLM decoder",
    "blt": "encoder and decoder sub-configs are byte-level patchers around a causal global transformer",
    "openai_privacy_filter": "a GPT-OSS-style backbone published only with a token-classification head",
    "xlnet": "permutation LM with a two-stream encoder; generates autoregressively but is classed encoder-only",
}
ENCODER_HINT_KEYS = ("type_vocab_size",)


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, str)]
    return []


def main() -> int:
    warnings.filterwarnings("ignore")
    import transformers
    import transformers.models.auto.modeling_auto as modeling_auto
    from transformers.models.auto.configuration_auto import CONFIG_MAPPING, CONFIG_MAPPING_NAMES

    transformers.logging.set_verbosity_error()
    mappings: dict[str, dict[str, list[str]]] = {
        name[: -len("_MAPPING_NAMES")]: {t: _names(v) for t, v in table.items()}
        for name, table in vars(modeling_auto).items()
        if name.endswith("_MAPPING_NAMES") and name != "CONFIG_MAPPING_NAMES" and isinstance(table, dict)
    }
    text_types = set().union(*(mappings.get(m, {}) for m in TEXT_MAPPINGS))

    def build(model_type: str) -> dict[str, Any] | None:
        try:
            config = CONFIG_MAPPING[model_type]()
        except Exception:  # a few configs cannot be built with defaults (missing sub-config types)
            return None
        return {"full": config.to_dict(), "diff": config.to_diff_dict()}

    configs = {model_type: build(model_type) for model_type in sorted(CONFIG_MAPPING_NAMES)}

    def member(model_type: str, *names: str) -> bool:
        return any(model_type in mappings.get(n, {}) for n in names)

    def attention_heads(cfg: dict[str, Any]) -> bool:
        for key, value in cfg.items():
            if isinstance(value, dict) and attention_heads(value):
                return True
            if not isinstance(key, str):
                continue
            if "head" in key and ("attention" in key or key in ("num_heads", "n_head", "n_heads")):
                return True
        return False

    # text sub-config type -> wrapper types (molmo2 wraps molmo2_text ...)
    text_parents: dict[str, set[str]] = {}
    for wrapper, built in configs.items():
        for key in ("text_config", "language_config", "llm_config"):
            inner = (built or {}).get("full", {}).get(key)
            if isinstance(inner, dict) and isinstance(inner.get("model_type"), str):
                text_parents.setdefault(inner["model_type"], set()).add(wrapper)

    def decoder_wrapper(wrapper: str) -> bool:
        built = configs.get(wrapper)
        if built is None or built["full"].get("is_encoder_decoder") is True:
            return False
        return member(
            wrapper, "MODEL_FOR_IMAGE_TEXT_TO_TEXT", "MODEL_FOR_MULTIMODAL_LM", "MODEL_FOR_CAUSAL_LM"
        )

    entries: dict[str, dict[str, Any]] = {}

    def decide(model_type: str, depth: int = 0) -> tuple[str | None, str | None, str, list[str]]:
        """(family, objective, rule, conflicts)."""
        conflicts: list[str] = []
        built = configs.get(model_type)
        cfg = built["full"] if built else {}
        seq2seq = member(model_type, "MODEL_FOR_SEQ_TO_SEQ_CAUSAL_LM", "MODEL_FOR_SPEECH_SEQ_2_SEQ")
        causal = member(model_type, "MODEL_FOR_CAUSAL_LM")
        masked = member(model_type, "MODEL_FOR_MASKED_LM")
        multimodal = member(model_type, "MODEL_FOR_IMAGE_TEXT_TO_TEXT", "MODEL_FOR_MULTIMODAL_LM")
        speech = member(model_type, "MODEL_FOR_SPEECH_SEQ_2_SEQ")
        if causal and masked and model_type not in CURATED:
            conflicts.append("has both a causal-LM and a masked-LM head")
        if model_type in HYBRIDS:
            conflicts.append("hybrid of attention and recurrent/state-space layers")
        sub = {k: v for k, v in cfg.items() if isinstance(v, dict) and "model_type" in v}
        text_sub = next(
            (sub[k] for k in ("text_config", "language_config", "llm_config", "decoder_config") if k in sub),
            None,
        )
        structural: str | None = None
        if cfg.get("is_encoder_decoder") is True:
            structural, why = ED, "default config is_encoder_decoder = true"
        elif ("encoder" in sub and "decoder" in sub) or ("encoder_config" in sub and "decoder_config" in sub):
            structural, why = ED, "encoder and decoder sub-configs"
        elif text_sub is not None and depth < 3 and text_sub["model_type"] != model_type:
            inner = decide(text_sub["model_type"], depth + 1)[0]
            if inner in (DEC, ED, SSM, RNN):
                structural, why = inner, f"text_config wraps {text_sub['model_type']} ({inner})"
            elif inner == ENC and not multimodal and not causal:
                structural, why = (
                    ENC,
                    f"text_config wraps {text_sub['model_type']} ({inner}) without a decoder",
                )
        if seq2seq and structural not in (None, ED):
            conflicts.append(f"in a seq2seq mapping but {why}")

        if model_type in CURATED:
            family, objective = CURATED[model_type]
            if structural and structural != family and not conflicts:
                conflicts.append(f"curated {family}, but {why}")
            return family, objective, "curated", conflicts
        if model_type in ATTENTION_FREE:
            return ATTENTION_FREE[model_type], "causal-lm", "attention-free causal LM", conflicts
        if structural:
            objective = {DEC: "causal-lm", SSM: "causal-lm", RNN: "causal-lm"}.get(structural)
            if structural == ED and speech:
                objective = "speech-seq2seq"
            return structural, objective, why, conflicts
        if seq2seq:
            return ED, "speech-seq2seq" if speech else None, "seq2seq mapping", conflicts
        if causal and not masked:
            return DEC, "causal-lm", "causal-LM mapping", conflicts
        if masked:
            return ENC, "masked-lm", "masked-LM mapping", conflicts
        if multimodal:
            return DEC, "causal-lm", "image-text-to-text mapping", conflicts
        wrappers = sorted(w for w in text_parents.get(model_type, ()) if decoder_wrapper(w))
        if wrappers:
            return DEC, "causal-lm", f"text model of the {wrappers[0]} decoder", conflicts
        if member(model_type, *HEAD_MAPPINGS_ENC):
            if any(k in cfg for k in ENCODER_HINT_KEYS) or not cfg.get("is_decoder"):
                return ENC, None, "text classification / QA heads only", conflicts
        if member(model_type, "MODEL_FOR_CTC", "MODEL_FOR_AUDIO_CLASSIFICATION", "MODEL_FOR_AUDIO_XVECTOR"):
            return (
                ENC,
                "masked-audio-modeling",
                "speech encoder heads (CTC / audio classification)",
                conflicts,
            )
        if member(model_type, "MODEL_FOR_ZERO_SHOT_IMAGE_CLASSIFICATION"):
            return ENC, "contrastive-image-text", "zero-shot image classification mapping", conflicts
        if member(model_type, "MODEL_FOR_MASKED_IMAGE_MODELING"):
            return ENC, "masked-image-modeling", "masked image modelling mapping", conflicts
        if cfg.get("encoder_layers") and cfg.get("decoder_layers"):
            return ED, None, "encoder_layers + decoder_layers in the default config", conflicts
        if cfg:
            if attention_heads(cfg):
                return ENC, None, "attention heads, no decoder (heuristic)", conflicts
            if member(model_type, "MODEL_FOR_IMAGE_CLASSIFICATION", "MODEL_FOR_BACKBONE"):
                return CONV, "supervised", "image model without attention heads (heuristic)", conflicts
        return None, None, "no rule", conflicts

    for model_type in sorted(CONFIG_MAPPING_NAMES):
        family, objective, rule, conflicts = decide(model_type)
        classes: list[str] = []
        priority: tuple[str, ...] = HEAD_PRIORITY
        if family == ENC:  # a BERT-like's Hub config names its masked-LM head, not the causal one
            priority = ("MODEL_FOR_MASKED_LM", *HEAD_PRIORITY)
        elif family == ED:  # an encoder-decoder's causal-LM class is its decoder alone
            priority = tuple(m for m in HEAD_PRIORITY if m != "MODEL_FOR_CAUSAL_LM") + (
                "MODEL_FOR_CAUSAL_LM",
            )
        for mapping in priority + tuple(sorted(mappings)):
            for name in mappings.get(mapping, {}).get(model_type, []):
                if name not in classes:
                    classes.append(name)
        entry: dict[str, Any] = {"family": family, "objective": objective, "rule": rule}
        if model_type in text_types:
            entry["text"] = True
        if classes:
            entry["classes"] = classes
        note = "; ".join(filter(None, [NOTES.get(model_type), *conflicts]))
        if note:
            entry["ambiguous"] = note
        entries[model_type] = entry

    families = sorted({e["family"] for e in entries.values() if e["family"]})
    header = {
        "generated_by": "scripts/gen_model_types.py (do not edit by hand)",
        "transformers_version": transformers.__version__,
        "text_mappings": list(TEXT_MAPPINGS),
        "families": families,
    }
    lines = ["{"]
    lines.extend(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in header.items())
    lines.append('  "types": {')
    rows = [f"    {json.dumps(t)}: {json.dumps(e, ensure_ascii=False)}" for t, e in entries.items()]
    lines.append(",\n".join(rows))
    lines.extend(["  }", "}", ""])
    TABLE.write_text("\n".join(lines), encoding="utf-8")

    fixture: dict[str, Any] = {}
    for model_type in sorted(text_types):
        built = configs.get(model_type)
        if not built:
            continue
        cfg = {
            k: v
            for k, v in built["diff"].items()
            if k not in ("id2label", "label2id", "transformers_version")
        }
        cfg["model_type"] = model_type
        classes = entries[model_type].get("classes", [])
        cfg["architectures"] = classes[:1]
        fixture[model_type] = cfg
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(
        json.dumps(
            {"transformers_version": transformers.__version__, "configs": fixture},
            sort_keys=True,
            separators=(",", ":"),
            default=str,
        )
        + "\n",
        encoding="utf-8",
    )
    unknown = sorted(t for t, e in entries.items() if e["family"] is None)
    print(
        f"transformers {transformers.__version__}: {len(entries)} model types, {len(text_types)} text types,"
        f" {len(fixture)} full text configs; no family for {len(unknown)}: {' '.join(unknown)}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
