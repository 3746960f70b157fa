"""scripts/catalog_candidates.py against the fake Hub (a real local HTTP server): first-party models the catalog
lacks, facts pre-filled from config.json and safetensors, a draft that `catalog validate` rejects until a person
completes it; and the same from a synced Hub cache, offline."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from scripts.catalog_candidates import main

from tests.conftest import run
from tests.fakehub import FakeHub, fake_hub_fixture  # noqa: F401

NEW = "Qwen/Qwen9-7B-Instruct"  # test-only ids: a first-party release the catalog lacks ...
ANONYMOUS = "someone/qwen2.5-7b-finetune"  # ... an anonymous fine-tune with more downloads ...
QUANTIZED = "Qwen/Qwen9-7B-Instruct-AWQ"  # ... and a quantized copy


def add_copy(hub: FakeHub, model_id: str, downloads: int) -> None:
    """A model with Qwen2.5-7B-Instruct's real config.json and safetensors metadata under another id
    (download counts are test values)."""
    doc = copy.deepcopy(hub.models["Qwen/Qwen2.5-7B-Instruct"])
    doc["info"].update(id=model_id, modelId=model_id, author=model_id.split("/")[0], downloads=downloads)
    hub.models[model_id] = doc


@pytest.fixture
def hub(fake_hub: FakeHub) -> FakeHub:
    add_copy(fake_hub, NEW, 9_000_000)
    add_copy(fake_hub, ANONYMOUS, 20_000_000)
    add_copy(fake_hub, QUANTIZED, 10_000_000)
    return fake_hub


def draft_models(path: Path) -> list[dict[str, Any]]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    models: list[dict[str, Any]] = doc["models"]
    return models


def test_lists_first_party_models_the_catalog_lacks_with_facts_prefilled(
    hub: FakeHub, tmp_path: Path
) -> None:
    out = tmp_path / "draft" / "candidates.yaml"
    assert main(["--task", "text-generation", "--output", str(out)]) == 0
    (entry,) = draft_models(
        out
    )  # curated Qwen2.5 / Llama 3.1 are known; the fine-tune and the AWQ copy are not first-party entries
    assert entry["id"] == NEW
    assert entry["params"] == 7_615_616_512  # safetensors metadata
    assert entry["config"] == {
        "layers": 28, "hidden_size": 3584, "attention_heads": 28, "kv_heads": 4, "head_dim": 128,
        "vocab_size": 152064, "intermediate_size": 18944,
    }  # fmt: skip
    assert (
        entry["context_length"] == 32768
        and entry["architecture"] == "decoder-only"
        and entry["license"] == "apache-2.0"
    )
    assert entry["tasks"] == [{"id": "text-generation", "tier": "good", "editorial": "TODO: evidence"}]
    assert entry["release_date"] is None and entry["source"] == f"https://huggingface.co/{NEW}"
    text = out.read_text(encoding="utf-8")
    assert (
        "DRAFT" in text and f"# text-generation: {NEW} · 9000000 downloads · params from safetensors" in text
    )
    paths = (
        hub.paths()
    )  # HF_ENDPOINT reached HfApi: the listing, then the candidate's metadata and config.json
    assert "GET /api/models" in paths and f"GET /api/models/{NEW}" in paths
    assert any(p.startswith(f"GET /{NEW}/resolve/") and p.endswith("/config.json") for p in paths)
    assert not any(
        "/api/models/someone/" in p or "AWQ" in p for p in paths
    )  # rejected candidates are not fetched

    # more orgs on request; a use case lists under its pipeline tag
    again = tmp_path / "more.yaml"
    assert main(["--task", "coding", "--org", "someone", "--top", "5", "--output", str(again)]) == 0
    assert [m["id"] for m in draft_models(again)] == [ANONYMOUS, NEW]
    assert {t["id"] for m in draft_models(again) for t in m["tasks"]} == {"coding"}


def test_catalog_validate_rejects_the_draft_until_a_person_completes_it(hub: FakeHub, tmp_path: Path) -> None:
    out = tmp_path / "draft" / "candidates.yaml"
    assert main(["--task", "text-generation", "--output", str(out)]) == 0
    result = run("catalog", "validate", str(out.parent), "--format", "json")
    assert result.exit_code == 2
    mine = [p for p in json.loads(result.stdout)["problems"] if p["file"] == str(out)]
    line = next(
        i
        for i, row in enumerate(out.read_text(encoding="utf-8").splitlines(), 1)
        if row.strip() == f"- id: {NEW}"
    )
    assert {p["line"] for p in mine} == {line}
    messages = sorted(p["message"].split(": ", 1)[1] for p in mine)
    assert messages == [
        "family is a draft placeholder",
        "limits is a draft placeholder",
        "release_date is missing (from the model card, paper or the repo's first commit)",
        "strengths is a draft placeholder",
        "task 'text-generation': the tier's editorial is a placeholder ('TODO: evidence'); cite an eval or justify it",
    ]  # schema and cross-references pass: only what a person must decide is left


def test_reads_a_synced_hub_cache_offline(
    hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced = run("sync", "--task", "text-generation", "--format", "json")
    assert synced.exit_code == 0, synced.stderr
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    before = len(hub.requests)
    out = tmp_path / "cached.yaml"
    assert main(["--from-cache", "--task", "text-generation", "--output", str(out)]) == 0
    assert len(hub.requests) == before  # nothing asked of the Hub
    (entry,) = draft_models(out)
    assert (
        entry["id"] == NEW
        and entry["params"] == 7_615_616_512
        and entry["tasks"][0]["editorial"] == "TODO: evidence"
    )


def test_no_candidates_is_an_empty_draft(fake_hub: FakeHub, tmp_path: Path) -> None:
    out = tmp_path / "none.yaml"
    assert main(["--task", "summarization", "--output", str(out)]) == 0  # bart-large-cnn is curated already
    assert yaml.safe_load(out.read_text(encoding="utf-8")) == {"models": []}
