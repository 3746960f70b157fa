"""The user's own model folders (and Hugging Face cache snapshots): config.json, weight headers, README, generation config.

The `info` document of a folder starts from its config.json (classifier + estimator, `info.from_config`), then
takes the exact parameter count and stored dtypes from the weight headers (`weights`), licence, languages,
pipeline tag, base model and card text from the README's front matter (parsed by huggingface_hub's
`ModelCard`, after our sanitiser), and sampling defaults from generation_config.json.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from llm_advisor.catalog.loader import Catalog
from llm_advisor.errors import UsageError

MAX_TEXT_BYTES = 2_000_000
GENERATION_KEYS = (
    "max_length",
    "max_new_tokens",
    "temperature",
    "top_p",
    "top_k",
    "do_sample",
    "repetition_penalty",
)


def read_json(path: Path) -> dict[str, Any] | None:
    """A small JSON object file, else None (missing, too large, or not an object)."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_TEXT_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: nested thousands deep
        return None
    return data if isinstance(data, dict) else None


def read_card(folder: Path) -> tuple[dict[str, Any], str] | None:
    """(front-matter metadata, Markdown body) of README.md via huggingface_hub's card parser; None without one."""
    path = folder / "README.md"
    try:
        if not path.is_file() or path.stat().st_size > MAX_TEXT_BYTES:
            return None
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    from huggingface_hub import ModelCard

    from llm_advisor.hub.client import sanitize

    text = sanitize(text)  # before parsing, so escapes cannot shape the text
    try:
        card = ModelCard(text, ignore_metadata_errors=True)
        to_dict: Any = card.data.to_dict  # untyped in huggingface_hub
        meta = to_dict()
        body = str(card.text)
    except Exception:  # noqa: BLE001 - a card is free-form; a broken one leaves its body only
        return {}, text
    return (meta if isinstance(meta, dict) else {}), body


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v), None)
    return value if isinstance(value, str) and value else None


def folder_doc(catalog: Catalog, folder: Path, model_id: str) -> dict[str, Any]:
    """The `info` document of a local model folder."""
    from llm_advisor.modelinfo import weights
    from llm_advisor.modelinfo.facts import from_config

    config = read_json(folder / "config.json")
    warnings: list[str] = []
    try:
        summary = weights.folder_weights(folder, config)
    except weights.WeightsError as exc:
        summary = None
        warnings.append(f"weights not read: {exc}")
    if config is None and summary is not None and summary.format == "gguf":
        config = weights.gguf_config(summary)
    if config is None:
        if (folder / "config.json").exists():
            raise UsageError(f"{folder / 'config.json'}: not a readable JSON config")
        raise UsageError(f"{folder} has no config.json")
    doc = from_config(catalog, config, model_id)
    if summary is not None:
        apply_weights(doc, summary)
    card = read_card(folder)
    if card is not None:
        _apply_card(doc, catalog, *card, config)
    generation = read_json(folder / "generation_config.json")
    if generation:
        doc["generation_config"] = {
            k: generation[k] for k in GENERATION_KEYS if isinstance(generation.get(k), (int, float, bool))
        }
    if warnings:
        doc["warnings"] = warnings
    return doc


def apply_weights(doc: dict[str, Any], summary: Any) -> None:
    """Exact counts from the headers replace the estimate (kept as `params_estimate` for comparison)."""
    from llm_advisor.recommend import estimates

    doc["params_estimate"] = doc.get("params")
    doc["params"] = summary.params
    doc["params_source"] = summary.source
    doc["params_basis"] = None
    doc["weights"] = summary.as_dict()
    table = estimates.memory_table(summary.params) if summary.params else {}
    doc["memory_gb"] = {**table, "stored": round(summary.stored_gib, 3)}


def _apply_card(
    doc: dict[str, Any], catalog: Catalog, meta: dict[str, Any], body: str, config: dict[str, Any]
) -> None:
    from llm_advisor.hub.client import card_sections, eval_results
    from llm_advisor.modelinfo.facts import config_modality, suited_tasks

    lic = _first(meta.get("license"))
    if lic == "other":
        lic = _first(meta.get("license_name")) or lic
    doc["license"] = lic
    langs = meta.get("language")
    doc["languages"] = (
        [langs]
        if isinstance(langs, str)
        else [v for v in langs if isinstance(v, str)]
        if isinstance(langs, list)
        else []
    )
    tag = _first(meta.get("pipeline_tag"))
    doc["pipeline_tag"] = tag
    doc["base_model"] = _first(meta.get("base_model"))
    doc["card"] = card_sections(body)
    doc["eval_results"] = eval_results(meta.get("model-index"))
    modality = catalog.tasks[tag]["modality"] if tag in catalog.tasks else config_modality(config)
    doc["suited_tasks"] = suited_tasks(catalog, doc.get("architecture"), tag, modality)


def gguf_file_doc(catalog: Catalog, path: Path, model_id: str) -> dict[str, Any]:
    """The `info` document of one .gguf file: config from its metadata, counts and type mix from its header."""
    from llm_advisor.modelinfo import weights
    from llm_advisor.modelinfo.facts import from_config

    try:
        summary = weights.read_gguf(path)
    except weights.WeightsError as exc:
        raise UsageError(str(exc)) from None
    doc = from_config(catalog, weights.gguf_config(summary), model_id)
    apply_weights(doc, summary)
    return doc


def hf_cache_record(catalog: Catalog, name: str) -> dict[str, Any] | None:
    """A model downloaded into the Hugging Face cache as a Hub-record-shaped dict (what `check` sizes and
    applies its rules to, like a Hub cache record); None when it is not cached or cannot be read. Never fails."""
    from llm_advisor.hub.client import config_shape
    from llm_advisor.modelinfo import hfcache, weights

    try:
        doc = hf_cached_doc(catalog, name)
        found = hfcache.find_model(name) if doc is not None else None
        if doc is None or found is None:
            return None
        config = read_json(found.snapshot / "config.json")
        if config is None:
            summary = weights.folder_weights(found.snapshot)
            config = (
                weights.gguf_config(summary) if summary is not None and summary.format == "gguf" else None
            )
    except (OSError, ValueError, UsageError):
        return None
    keys = (
        "architecture",
        "objective",
        "params",
        "params_source",
        "active_params",
        "context_length",
        "license",
        "languages",
        "gated",
        "pipeline_tag",
        "base_model",
        "revision",
        "weights",
    )
    return {
        "id": doc["model_id"],
        **{k: doc.get(k) for k in keys},
        "config": dict(config_shape(config)) if config else None,
        "source": "hf-cache",
    }


def hf_cached_doc(catalog: Catalog, name: str) -> dict[str, Any] | None:
    """A model already downloaded into the Hugging Face cache (HF_HOME/hub), read offline from its snapshot."""
    from llm_advisor.modelinfo import hfcache

    found = hfcache.find_model(name)
    if found is None:
        return None
    try:
        doc = folder_doc(catalog, found.snapshot, found.repo_id)
    except UsageError:  # a snapshot without config.json or weights we can read
        return None
    doc.update(source="hf-cache", revision=found.revision, refs=list(found.refs))
    return doc
