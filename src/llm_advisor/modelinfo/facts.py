"""The facts `info` builds for one model from its config: memory, KV cache, suited tasks, the config document.
Shared by `info` (catalog, Hub) and `localdir` (folders, .gguf files, the Hugging Face cache)."""

from __future__ import annotations

from typing import Any

from llm_advisor.catalog.loader import Catalog
from llm_advisor.errors import UsageError
from llm_advisor.recommend import estimates

SCHEMA_VERSION = 1


def _memory(params: int | None) -> dict[str, float] | None:
    return estimates.memory_table(params) if params else None


def _kv_per_1k(config: dict[str, Any] | None, architecture: str | None) -> float | None:
    """KV cache per 1k tokens (bf16, batch 1); only generative families keep one."""
    if architecture not in ("decoder-only", "encoder-decoder"):
        return None
    kv = estimates.model_kv_cache_gb(config, 1000, 1, "bf16")
    return None if kv is None else round(kv, 4)


def config_modality(config: dict[str, Any]) -> str:
    """What a config.json takes as input: a vision tower makes it multimodal; mel bins, audio; pixels, vision."""
    keys = set(config)
    model_type = str(config.get("model_type", "")).lower()
    if keys & {"vision_config", "image_token_index", "image_token_id", "vision_tower"}:
        return "multimodal"
    if keys & {"num_mel_bins", "feat_extract_norm", "conv_dim"} or any(
        w in model_type for w in ("whisper", "wav2vec", "hubert", "speech", "audio")
    ):
        return "audio"
    if keys & {"image_size", "num_channels", "patch_size"} and "vocab_size" not in keys:
        return "vision"
    return "text"


def suited_tasks(
    catalog: Catalog, architecture: str | None, pipeline_tag: str | None, modality: str | None = None
) -> list[str]:
    """The model's own pipeline tag first, then tasks its architecture family fits best (weight >= 0.8)
    among the tasks of its input modality (a text model is not offered text-to-speech)."""
    out = [pipeline_tag] if pipeline_tag and pipeline_tag in catalog.tasks else []
    allowed = {"text", "multimodal"} if modality == "multimodal" else {modality} if modality else None
    if architecture:
        fitting = [
            (f["weight"], task_id)
            for task_id, task in catalog.tasks.items()
            for f in task["architectures"]
            if f["id"] == architecture
            and f["weight"] >= 0.8
            and task_id not in out
            and (allowed is None or task["modality"] in allowed)
        ]
        out += [task_id for _, task_id in sorted(fitting, key=lambda x: (-x[0], x[1]))[:8]]
    return out


def from_config(catalog: Catalog, config: dict[str, Any], model_id: str) -> dict[str, Any]:
    """A local config.json: architecture by the classifier, parameters by the config estimator."""
    from llm_advisor.hub.client import config_shape, context_length
    from llm_advisor.modelinfo.classify import classify
    from llm_advisor.modelinfo.params import estimate_params

    config, ignored = _bounded(config, model_id)
    cls = classify(config)
    est = estimate_params(config)
    shape = config_shape(config)
    return {
        "model_id": model_id,
        "architecture": cls.architecture,
        "objective": cls.objective,
        "architecture_evidence": list(cls.evidence),
        "architecture_confidence": cls.confidence,
        "params": est.total if est else None,
        "params_source": "config-estimate" if est else None,
        "params_basis": est.basis if est else None,
        "active_params": est.active if est else None,
        "memory_gb": _memory(est.total if est else None),
        "kv_cache_gb_per_1k_tokens": _kv_per_1k(shape, cls.architecture),
        "license": None,
        "languages": [],
        "gated": None,
        "pipeline_tag": None,
        "downloads": None,
        "likes": None,
        "card": {"summary": None, "intended_uses": None, "limitations": None},
        "eval_results": [],
        "suited_tasks": suited_tasks(catalog, cls.architecture, None, config_modality(config)),
        "context_length": context_length(config),
        "source": "local",
        **({"warnings": [_ignored_warning(ignored)]} if ignored else {}),
    }


def _ignored_warning(paths: list[str]) -> str:
    shown = ", ".join(paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")
    return f"config.json: ignored {len(paths)} number(s) too large to be a model shape ({shown})"


def _bounded(config: dict[str, Any], model_id: str) -> tuple[dict[str, Any], list[str]]:
    """The config with absurd numbers (beyond ±10^18, or not finite) dropped, so no arithmetic overflows;
    UsageError when it is nested deeper than any real config."""
    from llm_advisor.safeio import InputRefused, bounded_json, printable

    try:
        bounded, ignored = bounded_json(config)
    except InputRefused as exc:
        raise UsageError(f"{printable(model_id)}: config {exc}") from None
    return bounded, ignored
