"""`info MODEL` from the catalog, a local directory and a local config.json; the JSON contract; errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import REPO, run

CONTRACT = {
    "schema_version",
    "model_id",
    "architecture",
    "objective",
    "architecture_evidence",
    "params",
    "params_source",
    "active_params",
    "memory_gb",
    "kv_cache_gb_per_1k_tokens",
    "license",
    "languages",
    "gated",
    "pipeline_tag",
    "downloads",
    "likes",
    "card",
    "eval_results",
    "suited_tasks",
    "source",
}
CONFIGS = REPO / "tests" / "fixtures" / "configs"


def info(*args: str) -> dict:  # type: ignore[type-arg]
    result = run("info", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_catalog_model_by_id_and_old_alias() -> None:
    doc = info("bert-base-uncased")
    assert CONTRACT <= set(doc)
    assert doc["model_id"] == "google-bert/bert-base-uncased" and doc["source"] == "catalog"
    assert (doc["architecture"], doc["objective"], doc["params_source"]) == (
        "encoder-only",
        "masked-lm",
        "catalog",
    )
    assert doc["kv_cache_gb_per_1k_tokens"] is None  # encoders keep no KV cache
    assert doc["memory_gb"]["fp32"] == 2 * doc["memory_gb"]["fp16"]


def test_catalog_decoder_has_kv_cache_per_1k_tokens() -> None:
    doc = info("meta-llama/Llama-3.1-8B-Instruct")
    # 2 x 32 layers x 8 KV heads x 128 x 1000 tokens x 2 bytes = 0.122 GiB
    assert abs(doc["kv_cache_gb_per_1k_tokens"] - 0.1221) < 0.001
    assert doc["gated"] is True and "text-generation" in doc["suited_tasks"]


def test_local_directory_and_config_file(tmp_path: Path) -> None:
    model_dir = tmp_path / "my-llama"
    model_dir.mkdir()
    shutil.copy(CONFIGS / "meta-llama__Llama-3.1-8B.json", model_dir / "config.json")
    for target in (str(model_dir), str(model_dir / "config.json")):
        doc = info(target)
        assert doc["source"] == "local" and doc["architecture"] == "decoder-only"
        assert doc["params_source"] == "config-estimate"
        assert abs(doc["params"] - 8_030_261_248) / 8_030_261_248 < 0.01
        assert doc["architecture_evidence"] and "text-generation" in doc["suited_tasks"]
    t5 = info(str(CONFIGS / "google-t5__t5-small.json"))
    assert t5["architecture"] == "encoder-decoder" and t5["kv_cache_gb_per_1k_tokens"] > 0


def test_text_and_chinese_rendering() -> None:
    text = run("info", "openai/whisper-small")
    assert text.exit_code == 0 and "encoder-decoder" in text.stdout and "suited tasks" in text.stdout
    zh = run("info", "openai/whisper-small", "--lang", "zh")
    assert "适合的任务" in zh.stdout


def test_errors(tmp_path: Path) -> None:
    unknown = run("info", "no-such-org/no-such-model")
    assert unknown.exit_code == 2 and "unknown model" in unknown.stderr and "--live" in unknown.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "has no config.json" in run("info", str(empty)).stderr
    bad = tmp_path / "config.json"
    bad.write_text("{not json")
    result = run("info", str(bad))
    assert result.exit_code == 2 and "not a readable JSON config" in result.stderr
    assert "Traceback" not in result.stderr
