"""Facts in the curated catalog hold together: coverage, licences, sources, shapes, hardware, docs table."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from llm_advisor.catalog.loader import Catalog, norm

DOCS = Path(__file__).resolve().parents[2] / "docs" / "catalog.md"
Entry = dict[str, Any]

# Issue 6: families the catalog must always include. Each is matched against a model's `family`
# (at the start, not followed by a letter, so "BERT" does not match "BERTje" and "ViT" not "ViTPose")
# or, for the few families better known by their repo names, against an id substring.
REQUIRED_FAMILIES: dict[str, tuple[str, ...]] = {
    "BERT": ("BERT",),
    "RoBERTa": ("RoBERTa",),
    "DistilBERT": ("DistilBERT",),
    "ALBERT": ("ALBERT",),
    "ELECTRA": ("ELECTRA",),
    "DeBERTa": ("DeBERTa",),
    "ModernBERT": ("ModernBERT",),
    "T5/Flan-T5": ("T5", "Flan-T5"),
    "mT5": ("mT5",),
    "BART": ("BART",),
    "Pegasus": ("Pegasus",),
    "MarianMT (opus-mt)": ("MarianMT", "id:Helsinki-NLP/opus-mt-"),
    "M2M100": ("M2M100",),
    "NLLB": ("NLLB",),
    "GPT-2": ("GPT-2",),
    "BLOOM": ("BLOOM",),
    "OPT": ("OPT",),
    "Falcon": ("Falcon",),
    "Llama": ("Llama",),
    "Mistral/Mixtral": ("Mistral", "Mixtral"),
    "Gemma": ("Gemma",),
    "Qwen": ("Qwen",),
    "Phi": ("Phi",),
    "DeepSeek": ("DeepSeek",),
    "Sentence-Transformers": ("Sentence-Transformers", "id:sentence-transformers/"),
    "BGE": ("BGE",),
    "E5": ("E5",),
    "ViT": ("ViT",),
    "DeiT": ("DeiT",),
    "ResNet": ("ResNet",),
    "ConvNeXt": ("ConvNeXt",),
    "Swin": ("Swin",),
    "DETR": ("DETR",),
    "YOLOS": ("YOLOS",),
    "SegFormer": ("SegFormer",),
    "Mask2Former": ("Mask2Former",),
    "SAM": ("SAM",),
    "Wav2Vec2": ("Wav2Vec2",),
    "HuBERT": ("HuBERT",),
    "Whisper": ("Whisper",),
    "CLIP": ("CLIP",),
    "SigLIP": ("SigLIP",),
    "ViLT": ("ViLT",),
    "BLIP": ("BLIP",),
    "GIT": ("GIT",),
    "LLaVA": ("LLaVA",),
    "Stable Diffusion": ("Stable Diffusion",),
    "FLUX": ("FLUX",),
}

GENERATIVE_TEXT_TASKS = {"text-generation", "summarization", "translation"}

# Generative text models whose config cannot feed the standard per-head KV-cache formula, and why.
KV_SHAPE_EXCEPTIONS: dict[str, str] = {
    "state-spaces/mamba-2.8b-hf": "Mamba is a state-space model: no attention heads and no KV cache, a fixed-size state",
    "deepseek-ai/DeepSeek-V3": "MLA caches a 512+64-dim latent per layer, far below kv_heads x head_dim",
    "deepseek-ai/DeepSeek-R1": "MLA caches a 512+64-dim latent per layer, far below kv_heads x head_dim",
}

# Dense decoders whose MLP is a plain up/down projection (2 matrices) rather than a gated one (3).
NON_GATED_MLP_FAMILIES = {"GPT-2", "BLOOM", "BLOOMZ", "OPT", "Falcon"}


def open_models(catalog: Catalog) -> list[Entry]:
    return [m for m in catalog.models.values() if not m["hosted"]]


def open_counts(catalog: Catalog) -> Counter[str]:
    return Counter(t["id"] for m in open_models(catalog) for t in m["tasks"])


# ---------------------------------------------------------------------------------- coverage


def test_at_least_200_models(catalog: Catalog) -> None:
    assert len(catalog.models) >= 200


def test_every_task_has_enough_open_models(catalog: Catalog) -> None:
    counts = open_counts(catalog)
    short = []
    for task_id, task in catalog.tasks.items():
        if task["no_models_reason"] is not None:
            continue
        need = 4 if task["modality"] == "text" else 2
        if counts[task_id] < need:
            short.append(f"{task_id}: {counts[task_id]} open models, need {need}")
    assert short == []


def test_tasks_exempted_from_coverage_really_have_no_models(catalog: Catalog) -> None:
    counts = open_counts(catalog)
    exempt = [t for t, task in catalog.tasks.items() if task["no_models_reason"] is not None]
    assert [t for t in exempt if counts[t]] == [], "drop no_models_reason from tasks that now have models"


def family_present(catalog: Catalog, needles: tuple[str, ...]) -> bool:
    for needle in needles:
        if needle.startswith("id:"):
            if any(needle[3:].casefold() in mid.casefold() for mid in catalog.models):
                return True
        else:
            pattern = re.compile(rf"^{re.escape(needle)}(?![a-z])", re.IGNORECASE)
            if any(pattern.match(m["family"]) for m in catalog.models.values()):
                return True
    return False


def test_required_families_are_present(catalog: Catalog) -> None:
    missing = [name for name, needles in REQUIRED_FAMILIES.items() if not family_present(catalog, needles)]
    assert missing == []


def test_family_matcher_is_not_too_loose(catalog: Catalog) -> None:
    assert not family_present(catalog, ("No-Such-Family",))
    assert not family_present(catalog, ("Vi",))  # a prefix of ViT / ViLT is not a family


# ---------------------------------------------------------------------------------- licences


def test_every_model_licence_is_known(catalog: Catalog) -> None:
    unknown = {m["id"]: m["license"] for m in catalog.models.values() if m["license"] not in catalog.licenses}
    assert unknown == {}


def test_licence_groups_are_sane(catalog: Catalog) -> None:
    for lic_id, lic in catalog.licenses.items():
        if lic["permissive"]:
            assert lic["commercial_ok"], f"{lic_id}: permissive but not commercial_ok"
        if re.search(r"(^|-)nc(-|$)", lic_id):
            assert not lic["commercial_ok"] and not lic["permissive"], f"{lic_id}: a NonCommercial licence"
        assert lic["source"].startswith("https://"), lic_id
    for lic_id in ("apache-2.0", "mit", "bsd-3-clause"):
        assert catalog.licenses[lic_id]["permissive"]
    for lic_id in ("llama3.1", "gemma", "openrail++", "gpl-3.0"):
        assert catalog.licenses[lic_id]["commercial_ok"] and not catalog.licenses[lic_id]["permissive"]


# ---------------------------------------------------------------------------------- sources, hosting, gating


def test_every_model_source_is_https(catalog: Catalog) -> None:
    bad = [m["id"] for m in catalog.models.values() if not re.match(r"^https://\S+$", m["source"])]
    assert bad == []


def test_open_hub_models_cite_their_repo_or_a_paper(catalog: Catalog) -> None:
    # A Hub model's source is its card (or a paper / the publisher's own page): never a blog aggregator.
    allowed = ("https://huggingface.co/", "https://arxiv.org/", "https://github.com/")
    bad = [(m["id"], m["source"]) for m in open_models(catalog) if not m["source"].startswith(allowed)]
    assert bad == []


def test_hosted_models_are_priced_and_have_no_weights(catalog: Catalog) -> None:
    hosted = [m for m in catalog.models.values() if m["hosted"]]
    assert hosted, "the catalog lists hosted API models"
    for m in hosted:
        pricing = m["pricing"]
        assert pricing is not None, m["id"]
        assert re.match(r"^\d{4}-\d{2}(-\d{2})?$", pricing["date"]), m["id"]
        assert pricing["source"].startswith("https://"), m["id"]
        assert pricing["output_usd_per_1m"] >= pricing["input_usd_per_1m"] > 0, m["id"]
        assert m["params"] is None and m["active_params"] is None, (
            f"{m['id']}: hosted weights are not published"
        )
        assert m["context_length"], f"{m['id']}: a hosted model states its context window"
        assert not m["gated"], m["id"]
    assert all(m["pricing"] is None for m in open_models(catalog)), "pricing is for hosted APIs only"


def test_gated_publishers_are_marked_gated(catalog: Catalog) -> None:
    should = [
        mid
        for mid, m in catalog.models.items()
        if mid.startswith(("meta-llama/", "google/gemma")) and not m["gated"]
    ]
    assert should == []


def test_moe_active_params_below_total(catalog: Catalog) -> None:
    moe = [m for m in catalog.models.values() if m["active_params"] is not None]
    assert moe, "the catalog has mixture-of-experts models"
    for m in moe:
        assert m["params"] is not None and m["active_params"] < m["params"], m["id"]


def test_languages_and_evals_are_well_formed(catalog: Catalog) -> None:
    for m in catalog.models.values():
        assert all(re.fullmatch(r"[a-z]{2,3}", code) for code in m["languages"]), m["id"]
        for task in m["tasks"]:
            ev = task["eval"]
            if ev is not None:
                assert ev["source"] and ev["source"].startswith("https://"), f"{m['id']}: unsourced eval"


# ---------------------------------------------------------------------------------- shapes for sizing


def generative_text_models(catalog: Catalog) -> list[Entry]:
    return [
        m
        for m in open_models(catalog)
        if m["architecture"] in ("decoder-only", "encoder-decoder", "state-space")
        and GENERATIVE_TEXT_TASKS & {t["id"] for t in m["tasks"]}
    ]


def test_generative_text_models_have_kv_cache_shape(catalog: Catalog) -> None:
    missing = []
    for m in generative_text_models(catalog):
        if m["id"] in KV_SHAPE_EXCEPTIONS:
            continue
        cfg = m["config"] or {}
        have = all(cfg.get(k) for k in ("layers", "attention_heads", "kv_heads")) and bool(
            cfg.get("head_dim") or cfg.get("hidden_size")
        )
        if not have:
            missing.append(m["id"])
    assert missing == []


def test_kv_shape_exceptions_are_current(catalog: Catalog) -> None:
    ids = {m["id"] for m in generative_text_models(catalog)}
    assert set(KV_SHAPE_EXCEPTIONS) <= ids, "an exception names a model that is gone or no longer generative"


def test_seq2seq_models_state_their_decoder_depth(catalog: Catalog) -> None:
    missing = [
        m["id"]
        for m in generative_text_models(catalog)
        if m["architecture"] == "encoder-decoder" and not (m["config"] or {}).get("decoder_layers")
    ]
    assert missing == []


def test_config_shapes_are_coherent(catalog: Catalog) -> None:
    for m in catalog.models.values():
        cfg = m["config"]
        if not cfg:
            continue
        heads, kv = cfg["attention_heads"], cfg["kv_heads"]
        if heads and kv:
            assert heads % kv == 0, f"{m['id']}: {heads} heads cannot share {kv} KV heads"
        if heads and cfg["hidden_size"] and cfg["head_dim"] is None:
            # Without an explicit head_dim the estimators use hidden_size / heads, which must divide.
            assert cfg["hidden_size"] % heads == 0, m["id"]
        if cfg["decoder_layers"]:
            assert m["architecture"] == "encoder-decoder", f"{m['id']}: decoder_layers is for seq2seq models"


def approx_decoder_params(cfg: Entry, gated_mlp: bool, tied: bool) -> int:
    """embedding (+ untied LM head) + layers * (Q, K, V, O with GQA + MLP); norms and biases ignored."""
    hidden, heads, inter = cfg["hidden_size"], cfg["attention_heads"], cfg["intermediate_size"]
    kv = cfg["kv_heads"] or heads
    head_dim = cfg["head_dim"] or hidden // heads
    attention = hidden * heads * head_dim * 2 + hidden * kv * head_dim * 2
    mlp = hidden * inter * (3 if gated_mlp else 2)
    embedding = cfg["vocab_size"] * hidden * (1 if tied else 2)
    return int(embedding + cfg["layers"] * (attention + mlp))


def dense_text_decoders(catalog: Catalog) -> list[Entry]:
    full = ("layers", "hidden_size", "attention_heads", "vocab_size", "intermediate_size")
    return [
        m
        for m in open_models(catalog)
        if m["architecture"] == "decoder-only"
        and m["active_params"] is None
        and m["params"] is not None
        and m["config"]
        and all(m["config"][k] for k in full)
        # Vision-language models carry a vision tower the text formula does not count.
        and all(catalog.tasks[t["id"]]["modality"] == "text" for t in m["tasks"])
    ]


def params_mismatch(m: Entry) -> str | None:
    """Why `params` disagrees with the config estimate by more than 10%, or None when it agrees."""
    gated = m["family"] not in NON_GATED_MLP_FAMILIES
    # Whether the LM head is tied is not in the config schema: accept either reading.
    estimates = [approx_decoder_params(m["config"], gated, tied) for tied in (True, False)]
    if any(abs(m["params"] - e) <= 0.10 * m["params"] for e in estimates):
        return None
    return f"{m['id']}: params {m['params']:,} vs config estimate {estimates[0]:,} (tied) / {estimates[1]:,}"


def test_params_match_config_estimate(catalog: Catalog) -> None:
    decoders = dense_text_decoders(catalog)
    assert len(decoders) >= 30, "the consistency check should cover most dense decoders"
    assert [why for m in decoders if (why := params_mismatch(m))] == []


def test_params_check_catches_a_wrong_count(catalog: Catalog) -> None:
    m = catalog.models["meta-llama/Llama-3.1-8B-Instruct"]
    assert params_mismatch(m) is None
    assert params_mismatch({**m, "params": 80_302_612_480}) is not None  # a digit too many
    assert params_mismatch({**m, "config": {**m["config"], "layers": 28}}) is not None


def test_param_formula_on_a_known_model() -> None:
    # Llama-3.1-8B config.json: 32 layers, 4096 hidden, 32/8 heads, 14336 MLP, 128256 vocab, untied head.
    cfg = {"layers": 32, "hidden_size": 4096, "attention_heads": 32, "kv_heads": 8, "head_dim": 128,
           "vocab_size": 128256, "intermediate_size": 14336}  # fmt: skip
    estimate = approx_decoder_params(cfg, gated_mlp=True, tied=False)
    assert abs(estimate - 8_030_261_248) < 0.001 * 8_030_261_248


# ---------------------------------------------------------------------------------- hardware


REQUIRED_HARDWARE = (
    "cpu",
    "apple-m-series",
    "t4",
    "l4",
    "a10g",
    "rtx-3090",
    "rtx-4090",
    "a100-40gb",
    "a100-80gb",
    "h100",
    "h200",
)


def test_hardware_profiles_are_sourced(catalog: Catalog) -> None:
    for hw_id, hw in catalog.hardware.items():
        assert hw["memory_gb"] > 0 and hw["memory_bandwidth_gbps"] > 0, hw_id
        assert hw["source"].startswith("https://"), hw_id
        if hw["price_usd_per_hour"] is not None:
            assert hw["price_date"] and hw["price_source"].startswith("https://"), hw_id
        if hw["kind"] == "gpu":
            assert hw["bf16_tflops"] or hw["fp16_tflops"] or hw["notes"], (
                f"{hw_id}: no throughput and no note why"
            )
    assert set(REQUIRED_HARDWARE) <= set(catalog.hardware)
    assert any(hw["vendor"] == "AMD" and hw["kind"] != "cpu" for hw in catalog.hardware.values())


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("4090", "rtx-4090"), ("RTX 4090", "rtx-4090"), ("a100", "a100-80gb"), ("A100", "a100-80gb"),
     ("a100-40gb", "a100-40gb"), ("h100-80gb", "h100"), ("3090", "rtx-3090"), ("mi300x", "mi300x"),
     ("mac", "apple-m-series"), ("cpu", "cpu")],
)  # fmt: skip
def test_hardware_aliases_resolve(catalog: Catalog, typed: str, expected: str) -> None:
    assert catalog.hardware_profile(typed)["id"] == expected


def test_hardware_memory_is_consistent_with_the_name(catalog: Catalog) -> None:
    for hw_id, hw in catalog.hardware.items():
        stated = re.search(r"(\d+)\s*GB", hw["name"])
        if stated and hw["kind"] != "cpu":
            assert float(stated.group(1)) == hw["memory_gb"], hw_id


# ---------------------------------------------------------------------------------- names


def test_no_duplicate_model_names(catalog: Catalog) -> None:
    # Within one entry, case variants of the same alias are harmless; across entries they are ambiguous.
    names = Counter(
        name for mid, m in catalog.models.items() for name in {norm(n) for n in [mid, *m["aliases"]]}
    )
    assert [n for n, k in names.items() if k > 1] == []


# ---------------------------------------------------------------------------------- docs table


def counts_table(catalog: Catalog) -> str:
    """The per-task table in docs/catalog.md, exactly as it should read."""
    hosted = Counter(t["id"] for m in catalog.models.values() if m["hosted"] for t in m["tasks"])
    counts = open_counts(catalog)
    lines = ["| task | modality | open models | hosted |", "| --- | --- | ---: | ---: |"]
    for task_id, task in sorted(catalog.tasks.items(), key=lambda kv: (kv[1]["modality"], kv[0])):
        shown = str(counts[task_id]) if counts[task_id] or task["no_models_reason"] is None else "0 (exempt)"
        lines.append(f"| `{task_id}` | {task['modality']} | {shown} | {hosted[task_id]} |")
    total_open = len(open_models(catalog))
    lines.append(f"| **all models** | | **{total_open}** | **{len(catalog.models) - total_open}** |")
    return "\n".join(lines)


COUNTS_BLOCK = re.compile(r"(<!-- counts:start -->\n)(.*?)(<!-- counts:end -->)", re.DOTALL)


def test_docs_counts_table_is_current(catalog: Catalog) -> None:
    found = COUNTS_BLOCK.search(DOCS.read_text(encoding="utf-8"))
    assert found, "docs/catalog.md lacks the <!-- counts:start --> / <!-- counts:end --> markers"
    expected = counts_table(catalog)
    assert found.group(2).strip() == expected, (
        "docs/catalog.md counts table is stale: run `python -m tests.catalog.test_catalog_facts`, or paste:\n"
        + expected
    )


if __name__ == "__main__":
    # Regenerate the counts table in docs/catalog.md from the built-in catalog (no user layers).
    import os

    from llm_advisor.catalog.loader import load_catalog

    os.environ.pop("LLM_ADVISOR_CATALOG", None)

    text = DOCS.read_text(encoding="utf-8")
    table = counts_table(load_catalog(use_cache=False))
    DOCS.write_text(COUNTS_BLOCK.sub(lambda m: f"{m.group(1)}{table}\n{m.group(3)}", text), encoding="utf-8")
    print(f"updated {DOCS}")
