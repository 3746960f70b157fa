"""`compare` and `plan`: the JSON contracts, agreement with recommend's sizing, every format, errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from llm_advisor.catalog.loader import Catalog
from llm_advisor.modelinfo.compare import compare_doc
from llm_advisor.modelinfo.plan import bandwidth_for, plan_doc
from llm_advisor.recommend import estimates
from llm_advisor.recommend.fit import fit_memory
from llm_advisor.render import Format
from tests.conftest import run
from tests.modelinfo.test_hfcache import COMMIT, cache_model
from tests.modelinfo.test_weights import write_gguf, write_sharded_llama

COMPARE_KEYS = {
    "schema_version",
    "kind",
    "context",
    "batch",
    "hardware",
    "precisions",
    "models",
    "notes",
    "lang",
}
COMPARE_MODEL_KEYS = {
    "model_id",
    "source",
    "revision",
    "family",
    "architecture",
    "objective",
    "params",
    "active_params",
    "params_source",
    "stored_gib",
    "stored_precision",
    "context_length",
    "context",
    "license",
    "license_kind",
    "languages",
    "gated",
    "hosted",
    "tasks",
    "generates_tokens",
    "memory",
    "kv_gib_per_1k_tokens",
    "on_hardware",
    "notes",
}
PLAN_KEYS = {
    "schema_version",
    "kind",
    "model",
    "context",
    "batch",
    "precision",
    "target_tps",
    "hardware",
    "summary",
    "context_plan",
    "target_plan",
    "notes",
    "lang",
}
PLAN_ROW_KEYS = {
    "id",
    "name",
    "kind",
    "memory_gb",
    "usable_gb",
    "memory_bandwidth_gbps",
    "price_usd_per_hour",
    "fits",
    "precision",
    "need_gib",
    "short_by_gib",
    "kv_gib",
    "max_context",
    "unit",
    "tokens_per_s",
    "requests_per_s",
    "usd_per_1m",
    "serving_usd_per_1m",
    "usable",
    "reaches_target",
    "basis",
}
LLAMA, QWEN, BERT = "meta-llama/Llama-3.1-8B-Instruct", "Qwen/Qwen3-32B", "bert-base-uncased"


def json_of(*args: str) -> dict[str, Any]:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_compare_json_contract_and_sizing_agrees_with_fit(catalog: Catalog) -> None:
    doc = json_of("compare", LLAMA, QWEN, BERT, "--hardware", "rtx-4090", "--context", "32768")
    assert set(doc) == COMPARE_KEYS and doc["kind"] == "compare" and doc["lang"] == "en"
    assert doc["hardware"]["id"] == "rtx-4090" and doc["precisions"] == ["bf16", "int8", "int4"]
    llama, qwen, bert = doc["models"]
    assert all(set(r) == COMPARE_MODEL_KEYS for r in doc["models"])
    assert (llama["architecture"], bert["architecture"], llama["params_source"]) == (
        "decoder-only",
        "encoder-only",
        "catalog",
    )
    # the same numbers recommend and check use
    entry = catalog.model(LLAMA)
    budget = estimates.usable_memory_gb(catalog.hardware["rtx-4090"])
    for row in llama["memory"]:
        fit = fit_memory(entry, True, 32768, 1, row["precision"], catalog.hardware["rtx-4090"], budget)
        assert row["total_gib"] == round(fit.need_gb, 3) and row["kv_gib"] == round(fit.kv_gb or 0, 3)
    assert llama["on_hardware"]["fits"] is True and llama["on_hardware"]["cost"]["tokens_per_s"] > 5
    assert (
        qwen["on_hardware"]["fits"] is False and qwen["on_hardware"]["cost"] is None
    )  # 32B does not fit 24 GB at 32k
    assert bert["kv_gib_per_1k_tokens"] is None and bert["on_hardware"]["cost"]["unit"] == "requests"
    assert bert["notes"][0]["code"] == "compare.context_capped" and bert["notes"][0]["text"]
    assert {"id": "text-generation", "tier": "good"} in llama["tasks"]
    assert (llama["license_kind"], qwen["license_kind"]) == ("commercial_ok", "permissive")
    assert [r["stored"] for r in llama["memory"]] == [False, False, False]


def test_compare_without_hardware_quotes_the_cheapest_fitting_gpu(catalog: Catalog) -> None:
    doc = compare_doc(catalog, [LLAMA, "anthropic/claude-fable-5-1"], precisions=["q4_k_m", "fp8"])
    assert doc["hardware"] is None and doc["notes"][0]["code"] == "compare.no_hardware"
    llama, hosted = doc["models"]
    assert [r["precision"] for r in llama["memory"]] == ["q4_k_m", "fp8"] and llama["memory"][0][
        "fits"
    ] is None
    assert (
        llama["on_hardware"]["hardware"] in catalog.hardware
        and llama["on_hardware"]["cost"]["usd_per_1m"] > 0
    )
    assert (
        hosted["hosted"]
        and hosted["memory"] == []
        and hosted["on_hardware"]["cost"]["confidence"] == "published"
    )


def test_plan_json_contract_target_and_context(catalog: Catalog) -> None:
    doc = json_of("plan", QWEN, "--context", "32768", "--target-tps", "40")
    assert set(doc) == PLAN_KEYS and doc["kind"] == "plan" and len(doc["hardware"]) == len(catalog.hardware)
    assert all(set(r) == PLAN_ROW_KEYS for r in doc["hardware"])
    fitting = [r for r in doc["hardware"] if r["fits"]]
    # fitting profiles first; every fitting row names a precision that really fits its usable memory
    assert doc["hardware"][: len(fitting)] == fitting and fitting
    for r in fitting:
        assert r["need_gib"] <= r["usable_gb"] + 0.01 and r["precision"] and r["tokens_per_s"] > 0
        assert r["max_context"] >= 32768
    for r in doc["hardware"][len(fitting) :]:
        assert r["short_by_gib"] > 0 and r["precision"] is None
    rtx4090 = next(r for r in doc["hardware"] if r["id"] == "rtx-4090")
    assert rtx4090["fits"] is False  # 32B at 32k tokens does not fit 24 GB even at 4-bit
    summary = doc["summary"]
    assert summary["fits_on"] == len(fitting) and summary["cheapest"] in {r["id"] for r in fitting}
    target = doc["target_plan"]
    assert target["reached_on"] == [r["id"] for r in doc["hardware"] if r["reaches_target"]]
    assert all(next(r for r in fitting if r["id"] == i)["tokens_per_s"] >= 40 for i in target["reached_on"])
    assert [n["precision"] for n in target["needs"]] == ["bf16", "int8", "int4"]
    assert doc["context_plan"]["memory"]["int4"]["kv_gib"] == pytest.approx(8.0, abs=0.01)


def test_the_bandwidth_a_target_needs_gives_that_speed(catalog: Catalog) -> None:
    model = catalog.model(LLAMA)
    gbps = bandwidth_for(model, "int8", 4096, 80.0)
    assert gbps is not None
    kv = estimates.model_kv_cache_gb(model["config"], 4096, 1, "int8") or 0.0
    speed = estimates.decode_estimate(
        model["params"],
        "int8",
        {"memory_bandwidth_gbps": gbps, "kind": "gpu"},
        config=model["config"],
        params=model["params"],
        kv_gb=kv,
    )
    assert speed.value == pytest.approx(80.0, rel=0.01)
    assert bandwidth_for(model, "int8", 4096, 1000.0) is None  # the per-step overhead alone is slower


def test_plan_notes_for_hosted_encoders_and_windows(catalog: Catalog) -> None:
    hosted = plan_doc(catalog, "anthropic/claude-fable-5-1")
    assert hosted["hardware"] == [] and hosted["notes"][0]["code"] == "plan.hosted"
    bert = plan_doc(catalog, BERT, context=4096, target_tps=20)
    codes = [n["code"] for n in bert["notes"]]
    assert "plan.beyond_window" in codes and "plan.target_not_token" in codes and bert["target_plan"] is None
    assert bert["hardware"][0]["unit"] == "requests" and bert["hardware"][0]["usable"] is None


def test_local_and_hf_cache_models_compare_and_plan(tmp_path: Path) -> None:
    folder = tmp_path / "tiny"
    total = write_sharded_llama(folder)
    doc = json_of("compare", str(folder), LLAMA)
    local = doc["models"][0]
    assert (local["source"], local["params"], local["params_source"]) == (
        "local",
        total,
        "safetensors-header",
    )
    assert local["kv_gib_per_1k_tokens"] > 0 and local["on_hardware"]["cost"]["tokens_per_s"] > 0
    plan = json_of("plan", str(folder))
    assert plan["model"]["params"] == total and plan["summary"]["fits_on"] == len(plan["hardware"])
    cache_model(tmp_path / "hf-home" / "hub", "acme/tiny-llama", COMMIT)
    cached = json_of("compare", "acme/tiny-llama", BERT)["models"][0]
    assert (cached["source"], cached["revision"], cached["params"]) == ("hf-cache", COMMIT, total)
    assert cached["kv_gib_per_1k_tokens"] == local["kv_gib_per_1k_tokens"]
    assert json_of("plan", "acme/tiny-llama")["model"]["source"] == "hf-cache"


@pytest.mark.parametrize("fmt", list(Format))
def test_every_format_renders_compare_and_plan(fmt: Format) -> None:
    for args in (
        ("compare", LLAMA, BERT, "--hardware", "t4"),
        ("plan", LLAMA, "--context", "16384", "--target-tps", "30"),
    ):
        result = run(*args, "--format", fmt.value)
        assert result.exit_code == 0, result.stderr
        assert LLAMA in result.stdout or "Llama-3.1-8B-Instruct" in result.stdout
        if fmt is Format.json:
            json.loads(result.stdout)
        again = run(*args, "--format", fmt.value)
        assert again.stdout == result.stdout  # byte-stable


def test_chinese_text_and_markdown() -> None:
    zh = run("plan", LLAMA, "--target-tps", "30", "--lang", "zh")
    assert zh.exit_code == 0 and "的硬件规划" in zh.stdout and "若要单路每秒解码" in zh.stdout
    md = run("compare", LLAMA, BERT, "--format", "markdown", "--lang", "zh")
    assert md.stdout.startswith("| 模型 |") and "apache-2.0（宽松许可）" in md.stdout
    text = run("compare", LLAMA, BERT)
    assert "no --hardware given" in text.stderr and "memory at 8192 tokens · bf16" in text.stdout


def test_errors() -> None:
    unknown = run("compare", LLAMA, "no-such/model")
    assert unknown.exit_code == 2 and "unknown model" in unknown.stderr
    hw = run("plan", LLAMA, "--precision", "int3")
    assert hw.exit_code == 2 and "unknown precision" in hw.stderr
    bad_hw = run("compare", LLAMA, "--hardware", "rtx-9999")
    assert bad_hw.exit_code == 2 and "Traceback" not in bad_hw.stderr
    assert run("compare", LLAMA, "--precision", "bogus").exit_code == 2


def test_a_quantized_checkpoint_is_sized_in_its_stored_format(tmp_path: Path) -> None:
    path = tmp_path / "tiny-Q4_K_M.gguf"
    write_gguf(path)
    doc = json_of("compare", str(path), "--hardware", "rtx-4090")
    row = doc["models"][0]
    assert (row["params_source"], row["stored_precision"]) == ("gguf-header", "q4_k_m")
    first = row["memory"][0]
    assert (first["precision"], first["stored"], first["weights_gib"]) == ("q4_k_m", True, row["stored_gib"])
    assert [r["precision"] for r in row["memory"][1:]] == ["bf16", "int8", "int4"]
    assert row["on_hardware"]["precision"] == "q4_k_m"
    plan = json_of("plan", str(path))
    assert plan["precision"] == "q4_k_m" and plan["notes"][0]["code"] == "plan.stored_precision"
    assert {r["precision"] for r in plan["hardware"] if r["fits"]} == {"q4_k_m"}
    assert run("plan", str(path), "--precision", "bf16", "--format", "json").exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ("compare", "Qwen/Qwen3-8B", "--context", "9" * 15),
        ("plan", "Qwen/Qwen3-8B", "--context", "9" * 15),
        ("plan", "Qwen/Qwen3-8B", "--target-tps", "1e30"),
    ],
)
def test_absurd_compare_and_plan_numbers_are_usage_errors(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
