"""The Hub cache at scale: streamed listings over pagination, stale rows pruned, honest counts,
top-K and filters in SQL, a version-1 cache upgraded in place, ISO timestamps."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import datetime
from typing import Any

import pytest

from llm_advisor.hub import cache
from tests.conftest import run
from tests.fakehub import FakeHub, fake_hub_fixture  # noqa: F401

TASK = "text-generation"


def _ids(rows: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in rows]


def test_sync_streams_pages_prunes_stale_rows_and_counts_honestly(fake_hub: FakeHub) -> None:
    fake_hub.add_synthetic(TASK, 2600)
    result = run("sync", "--task", TASK, "--limit", "2500", "-f", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["tasks"] == [{"task": TASK, "models": 2500, "fetched": 2500}] and report["models"] == 2500
    pages = [r for r in fake_hub.requests if r.path == "/api/models"]
    assert len(pages) == 3  # 1000 + 1000 + 500, following the Hub's Link header
    assert cache.count_for_task(TASK) == 2500 and cache.info()["models"] == 2500

    # Rankings churn: a smaller listing replaces the task and the models no listing names are pruned.
    assert json.loads(run("sync", "--task", TASK, "--limit", "700", "-f", "json").stdout)["models"] == 700
    assert cache.count_for_task(TASK) == 700 and cache.info()["models"] == 700


def test_limit_up_to_100k_is_accepted_and_bounded() -> None:
    accepted = run(
        "sync", "--task", TASK, "--limit", "100000", "-f", "json"
    )  # offline in tests: the Hub is not asked
    assert "HF_HUB_OFFLINE is set" in accepted.stderr and "--limit" not in accepted.stderr
    refused = run("sync", "--task", TASK, "--limit", "100001")
    assert refused.exit_code == 2 and "--limit" in refused.stderr


def _model(i: int, **extra: Any) -> dict[str, Any]:
    return {"id": f"org/m{i:05d}", "architecture": "decoder-only", "params": (i % 50 + 1) * 10**9, "downloads": 10_000 - i,
            "license": ("apache-2.0", "mit", "other")[i % 3], "languages": ["en"] if i % 2 else ["zh"], "gated": i % 7 == 0,
            **extra}  # fmt: skip


def test_top_k_and_filters_run_in_sql() -> None:
    models = [_model(i) for i in range(3000)]
    assert cache.replace_task(TASK, iter(models)) == 3000
    top = cache.models_for_task(TASK, limit=5)
    assert _ids(top) == [f"org/m{i:05d}" for i in range(5)]  # most downloaded first
    assert len(cache.models_for_task(TASK)) == 3000  # the old call still returns every model
    small = cache.models_for_task(TASK, limit=50, max_params=3 * 10**9, licenses=["mit"], exclude_gated=True)
    assert small and all(
        m["params"] <= 3 * 10**9 and m["license"] == "mit" and not m.get("gated") for m in small
    )
    zh = cache.models_for_task(TASK, limit=20, languages=["zh"])
    assert zh and all("zh" in m["languages"] for m in zh)
    assert cache.models_for_task(TASK, limit=10, architectures=["encoder-only"]) == []


def test_age_hint_reads_no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    cache.replace_task(TASK, iter([_model(i) for i in range(10)]))
    now = time.time()
    assert cache.age_hint(task=TASK, now=now) is None
    assert cache.age_hint(task=TASK, now=now + 40 * 86400) is not None
    # Corrupt every model's JSON: the hint only needs the fetch times (SQL MIN), so it still works.
    with sqlite3.connect(cache.db_path()) as conn:
        conn.execute("UPDATE models SET data = 'not json'")
    assert cache.age_hint(task=TASK, now=now + 40 * 86400) is not None
    assert cache.models_for_task(TASK) == []  # unreadable rows are skipped, never a crash


def test_a_concurrent_clear_gives_an_honest_count() -> None:
    def listing() -> Any:
        for i in range(2500):
            if i == 1500:
                cache.clear()  # another shell runs `cache clear` half-way through the sync
            yield _model(i)

    stored = cache.replace_task(TASK, listing())
    assert stored == cache.count_for_task(TASK) < 2500


def test_a_failed_stream_keeps_the_previous_listing() -> None:
    cache.replace_task(TASK, iter([_model(i) for i in range(5)]))

    def broken() -> Any:
        yield from (_model(i + 100) for i in range(1200))
        raise RuntimeError("the Hub went away")

    with pytest.raises(RuntimeError):
        cache.replace_task(TASK, broken())
    assert _ids(cache.models_for_task(TASK)) == [f"org/m{i:05d}" for i in range(5)]


V1 = """
CREATE TABLE models (id TEXT PRIMARY KEY, task TEXT, data TEXT NOT NULL, fetched_at REAL NOT NULL);
CREATE TABLE task_models (task TEXT NOT NULL, id TEXT NOT NULL, rank INTEGER NOT NULL, PRIMARY KEY (task, id));
CREATE TABLE tasks (task TEXT PRIMARY KEY, fetched_at REAL NOT NULL, count INTEGER NOT NULL);
CREATE INDEX task_models_by_rank ON task_models (task, rank);
PRAGMA user_version=1;
"""


def test_a_version_1_cache_is_upgraded_in_place() -> None:
    cache.db_path().parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(cache.db_path()) as conn:
        conn.executescript(V1)
        for rank, i in enumerate((3, 1, 2)):
            m = _model(i)
            conn.execute(
                "INSERT INTO models VALUES (?, ?, ?, ?)", (m["id"], TASK, json.dumps(m), time.time())
            )
            conn.execute("INSERT INTO task_models VALUES (?, ?, ?)", (TASK, m["id"], rank))
        conn.execute("INSERT INTO tasks VALUES (?, ?, 3)", (TASK, time.time()))
    assert _ids(cache.models_for_task(TASK, limit=2)) == ["org/m00001", "org/m00002"]  # by downloads
    assert cache.models_for_task(TASK, limit=5, licenses=["mit"])[0]["id"] == "org/m00001"


def test_cache_info_timestamps_are_iso_strings() -> None:
    cache.replace_task(TASK, iter([_model(1)]))
    doc = json.loads(run("cache", "info", "-f", "json").stdout)
    for key in ("oldest", "newest"):
        assert datetime.fromisoformat(doc[key]).tzinfo is not None
    text = run("cache", "info").stdout
    assert "oldest: 20" in text  # e.g. 2026-12-01T09:30:00+00:00, not 1796110673.2
    assert cache.task_fetched_at(TASK) is not None and "T" in str(cache.task_fetched_at(TASK))
