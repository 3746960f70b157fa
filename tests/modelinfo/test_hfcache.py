"""Models already in the Hugging Face cache (a fake HF_HOME/hub laid out as huggingface_hub writes it), offline."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from llm_advisor.catalog.loader import Catalog
from llm_advisor.modelinfo import hfcache
from tests.conftest import run
from tests.modelinfo.test_weights import TINY_LLAMA, write_sharded_llama

COMMIT = "0123456789abcdef0123456789abcdef01234567"
OLDER = "fedcba9876543210fedcba9876543210fedcba98"


def cache_model(
    hub: Path, repo_id: str, commit: str, *, ref: str | None = "main", readme: str | None = None
) -> int:
    """blobs/ + snapshots/<commit>/ symlinks + refs/<ref>, as hf_hub_download leaves them; returns the param count."""
    repo = hub / ("models--" + repo_id.replace("/", "--"))
    staging = repo / "staging"
    total = write_sharded_llama(staging, TINY_LLAMA)
    if readme is not None:
        (staging / "README.md").write_text(readme)
    snapshot = repo / "snapshots" / commit
    snapshot.mkdir(parents=True)
    (repo / "blobs").mkdir(exist_ok=True)
    for i, file in enumerate(sorted(staging.iterdir())):
        blob = repo / "blobs" / f"{commit[:8]}{i:032x}"
        file.rename(blob)
        os.symlink(os.path.relpath(blob, snapshot), snapshot / file.name)
    staging.rmdir()
    if ref:
        (repo / "refs").mkdir(exist_ok=True)
        (repo / "refs" / ref).write_text(commit)
    return total


def test_info_finds_a_downloaded_model_offline_with_its_revision(isolated_env: Path) -> None:
    hub = isolated_env / "hf-home" / "hub"
    total = cache_model(
        hub,
        "acme/tiny-llama",
        COMMIT,
        readme="---\nlicense: mit\nlanguage: fr\n---\n# Tiny\n\nA tiny model.\n",
    )
    found = hfcache.find_model("acme/tiny-llama")
    assert found is not None and (found.revision, found.refs) == (COMMIT, ("main",))

    result = run("info", "acme/tiny-llama", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["source"], doc["revision"], doc["refs"], doc["model_id"]) == (
        "hf-cache",
        COMMIT,
        ["main"],
        "acme/tiny-llama",
    )
    assert (doc["params"], doc["params_source"]) == (total, "safetensors-header")
    assert (doc["license"], doc["languages"]) == ("mit", ["fr"])
    text = run("info", "acme/tiny-llama")
    assert text.exit_code == 0 and "hf-cache" in text.stdout


def test_a_snapshot_without_refs_is_found_by_scanning_and_by_commit(isolated_env: Path) -> None:
    hub = isolated_env / "hf-home" / "hub"
    cache_model(hub, "acme/pinned", OLDER, ref=None)
    found = hfcache.find_model("acme/pinned")
    assert found is not None and found.revision == OLDER and found.refs == ()
    assert hfcache.find_model("acme/pinned", revision=OLDER[:10]) is not None
    assert [m.repo_id for m in hfcache.cached_models()] == ["acme/pinned"]
    assert json.loads(run("info", "acme/pinned", "--format", "json").stdout)["revision"] == OLDER


def test_uncached_names_stay_unknown_and_hf_hub_cache_wins(isolated_env: Path, monkeypatch: object) -> None:
    assert hfcache.find_model("acme/absent") is None
    assert hfcache.find_model("../etc") is None
    result = run("info", "acme/absent")
    assert result.exit_code == 2 and "unknown model" in result.stderr
    other = isolated_env / "elsewhere"
    cache_model(other, "acme/elsewhere", COMMIT)
    assert hfcache.find_model("acme/elsewhere") is None
    env_result = run("info", "acme/elsewhere", "--format", "json", env={"HF_HUB_CACHE": str(other)})
    assert env_result.exit_code == 0 and json.loads(env_result.stdout)["source"] == "hf-cache"


def test_check_knows_a_downloaded_model_offline(isolated_env: Path, catalog: Catalog) -> None:
    from llm_advisor.check.checker import run_check
    from llm_advisor.check.manifest import load_manifest
    from tests.conftest import write

    cache_model(
        isolated_env / "hf-home" / "hub",
        "acme/tiny-llama",
        COMMIT,
        readme="---\nlicense: cc-by-nc-4.0\n---\n",
    )
    repo = isolated_env / "repo"
    manifest = write(
        repo / "llm-advisor.yaml",
        "policy:\n  licenses: [permissive]\nmodels:\n"
        f"  - name: chat\n    task: text-generation\n    model: acme/tiny-llama\n    revision: {COMMIT}\n"
        f"  - name: other\n    task: text-generation\n    model: acme/not-downloaded\n    revision: {COMMIT}\n",
    )
    report = run_check(catalog, load_manifest(manifest, repo))
    found = {(f.rule, f.model_id) for f in report.findings}
    assert ("unknown-model", "acme/not-downloaded") in found
    assert ("unknown-model", "acme/tiny-llama") not in found
    assert ("license-not-allowed", "acme/tiny-llama") in found  # the rules apply to what the cached card says


def test_check_scan_knows_downloaded_models(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import write

    cache_model(isolated_env / "hf-home" / "hub", "acme/tiny-llama", COMMIT)
    repo = isolated_env / "repo"
    write(
        repo / "llm-advisor.yaml",
        f"models:\n  - name: chat\n    task: text-generation\n    model: acme/tiny-llama\n    revision: {COMMIT}\n",
    )
    write(
        repo / "src" / "app.py",
        'from transformers import AutoModel\nAutoModel.from_pretrained("acme/tiny-llama")\nAutoModel.from_pretrained("acme/gone")\n',
    )
    monkeypatch.chdir(repo)
    result = run("check", "--scan", "src", "--format", "json")
    found = {(f["rule"], f["model_id"]) for f in json.loads(result.stdout)["findings"]}
    assert ("unknown-model", "acme/gone") in found and ("unlisted-reference", "acme/gone") in found
    assert not any(
        model == "acme/tiny-llama" and rule in ("unknown-model", "unlisted-reference")
        for rule, model in found
    )
