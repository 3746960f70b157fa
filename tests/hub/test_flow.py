"""End to end over real HTTP (the fake Hub): sync, then recommend and info use the cache offline."""

from __future__ import annotations

import copy
import json

import pytest

from tests.conftest import run
from tests.fakehub import FakeHub, fake_hub_fixture  # noqa: F401

SAMSUM = "philschmid/bart-large-cnn-samsum"


def add_samsum(hub: FakeHub) -> None:
    """A real fine-tune of facebook/bart-large-cnn (same shapes); its card declares no base_model.
    Download/like counts here are test values, not live ones."""
    doc = copy.deepcopy(hub.models["facebook/bart-large-cnn"])
    info = doc["info"]
    info.update(id=SAMSUM, modelId=SAMSUM, author="philschmid", downloads=150_000, likes=250)
    info["cardData"] = {"language": ["en"], "license": "mit", "tags": ["bart", "seq2seq", "summarization"]}
    hub.models[SAMSUM] = doc


def test_sync_then_recommend_shows_hub_models_beside_curated_ones(
    fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_samsum(fake_hub)
    synced = run("sync", "--task", "summarization", "--format", "json")
    assert synced.exit_code == 0, synced.stderr
    report = json.loads(synced.stdout)
    assert (
        report["tasks"] == [{"task": "summarization", "models": 2, "fetched": 2}] and report["failed"] == []
    )

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # from here on, everything comes from the cache
    before = len(fake_hub.requests)
    doc = json.loads(
        run("recommend", "--task", "summarization", "--top", "100", "-f", "json").stdout
    )  # 580 catalog models now
    assert len(fake_hub.requests) == before
    by_id = {p["model_id"]: p for p in doc["picks"]}
    assert by_id[SAMSUM]["source"] == "hub" and by_id[SAMSUM]["architecture"] == "encoder-decoder"
    assert by_id[SAMSUM]["params"] == 406_290_432 and by_id[SAMSUM]["tier"] == "baseline"
    curated = by_id["facebook/bart-large-cnn"]
    assert curated["source"] == "catalog" and curated["score_components"]["popularity"] is not None
    assert doc["data"]["hub_cache"]["models"] == 2
    assert not any("popularity not used" in w for w in doc["warnings"])

    info = json.loads(run("info", SAMSUM, "-f", "json").stdout)
    assert info["source"] == "hub" and info["params_source"] == "safetensors" and info["license"] == "mit"
    cache_info = json.loads(run("cache", "info", "-f", "json").stdout)
    assert cache_info["models"] == 2
    assert run("cache", "clear").stdout.strip() == "removed 2 cached model(s)"


def test_info_live_reads_the_hub_and_caches(fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    live = json.loads(run("info", "Qwen/Qwen2.5-7B-Instruct", "--live", "-f", "json").stdout)
    assert (
        live["source"] == "hub" and live["params"] == 7_615_616_512 and live["params_source"] == "safetensors"
    )
    assert live["architecture"] == "decoder-only" and live["kv_cache_gb_per_1k_tokens"] > 0
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    again = run("info", "Qwen/Qwen2.5-7B-Instruct", "--live", "-f", "json")
    assert again.exit_code == 0 and "Hub not reached" in again.stderr  # falls back, warns once
    assert again.stderr.count("Hub not reached") == 1


def test_gated_and_missing_models_are_clear_errors(fake_hub: FakeHub) -> None:
    gated = run("info", "meta-llama/Llama-3.1-8B-Instruct", "--live", "-f", "json")
    assert gated.exit_code == 0  # the metadata is public; the files are not
    doc = json.loads(gated.stdout)
    assert doc["gated"] is True and doc["params"] == 8_030_261_248 and doc["architecture"] == "decoder-only"
    assert doc["warnings"] and "gated" in gated.stderr.lower()
    missing = run("info", "nobody/nothing-here", "--live")
    assert missing.exit_code == 2 and "Traceback" not in missing.stderr


def test_sync_fails_cleanly_when_the_hub_is_down(fake_hub: FakeHub) -> None:
    fake_hub.fault(r"^/api/models", status=500, times=100)
    result = run("sync", "--task", "summarization")
    assert result.exit_code == 2 and "summarization" in result.stderr and "Traceback" not in result.stderr


def test_recommend_live_falls_back_and_warns_once(fake_hub: FakeHub) -> None:
    fake_hub.fault(r"^/api/models", status=503, times=100)
    result = run("recommend", "--task", "summarization", "--live", "-f", "json")
    assert result.exit_code == 0
    assert result.stderr.count("Hub not reached") == 1
    offline = run("recommend", "--task", "summarization", "-f", "json")
    assert (
        json.loads(result.stdout)["picks"] == json.loads(offline.stdout)["picks"]
    )  # the catalog still answers


def test_card_text_is_shown_literally(fake_hub: FakeHub) -> None:
    card = (
        "---\nlicense: apache-2.0\nlanguage: en\n---\n# BERT base\n\n"
        "## Intended uses & limitations\n\n"
        "Use it for [bold red]classification[/bold red] \x1b[31mand more\x1b[0m.\x07\n"
    )
    fake_hub.set_file("google-bert/bert-base-uncased", "README.md", card)
    result = run("info", "google-bert/bert-base-uncased", "--live")
    assert result.exit_code == 0, result.stderr
    assert "[bold red]classification[/bold red]" in result.stdout  # markup is text, not style
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout  # escapes are dropped
    assert "and more" in result.stdout


def test_sync_keeps_what_succeeded_and_reports_what_failed(fake_hub: FakeHub) -> None:
    fake_hub.fault(r"^/api/models$", query=r"pipeline_tag=translation", status=500)
    result = run("sync", "--task", "summarization", "--task", "translation", "-f", "json")
    assert result.exit_code == 0  # partial success
    report = json.loads(result.stdout)
    assert [t["task"] for t in report["tasks"]] == ["summarization"]
    assert [f["task"] for f in report["failed"]] == ["translation"]
    assert "translation" in result.stderr
    assert json.loads(run("cache", "info", "-f", "json").stdout)["models"] >= 1


def _manifest(tmp_path, models: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "llm-advisor.yaml"
    path.write_text("policy:\n  licenses: [permissive]\nmodels:\n" + models, encoding="utf-8")
    return path


def test_check_live_verifies_models_and_revisions(fake_hub: FakeHub, tmp_path) -> None:  # type: ignore[no-untyped-def]
    add_samsum(fake_hub)
    sha = fake_hub.models["google-bert/bert-base-uncased"]["info"]["sha"]
    samsum_sha = fake_hub.models[SAMSUM]["info"]["sha"]
    manifest = _manifest(
        tmp_path,
        f"  - name: classify\n    task: text-classification\n    model: google-bert/bert-base-uncased\n    revision: {sha}\n"
        f"  - name: stale-pin\n    task: text-classification\n    model: google-bert/bert-base-uncased\n    revision: {'0a' * 20}\n"
        f"  - name: typo\n    task: summarization\n    model: nobody/no-such-model\n    revision: {'1b' * 20}\n"
        f"  - name: dialogue\n    task: summarization\n    model: {SAMSUM}\n    revision: {samsum_sha}\n",
    )
    offline = json.loads(run("check", str(manifest), "-f", "json").stdout)
    assert {f["rule"] for f in offline["findings"] if f["model_id"] == SAMSUM} == {"unknown-model"}

    result = run("check", str(manifest), "--live", "-f", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    not_on_hub = sorted((f["choice"], f["line"]) for f in report["findings"] if f["rule"] == "not-on-hub")
    assert not_on_hub == [("stale-pin", 11), ("typo", 15)]  # each at its `revision:` line
    # the Hub-only fine-tune was fetched and cached, so the offline rules know it now
    assert not any(f["rule"] == "unknown-model" and f["model_id"] == SAMSUM for f in report["findings"])
    assert not any(
        f["rule"] == "not-on-hub" and f["choice"] in ("classify", "dialogue") for f in report["findings"]
    )


def test_check_live_without_network_warns_once_and_checks_offline(
    fake_hub: FakeHub, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    manifest = _manifest(
        tmp_path,
        "  - name: classify\n    task: text-classification\n    model: google-bert/bert-base-uncased\n",
    )
    result = run("check", str(manifest), "--live", "-f", "json")
    report = json.loads(result.stdout)
    assert [f["rule"] for f in report["findings"]].count("live-unavailable") == 1
    assert result.exit_code == 0  # a warning, not an error, unless --strict
    assert run("check", str(manifest), "--live", "--strict").exit_code == 1
