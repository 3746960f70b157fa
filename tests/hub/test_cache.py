"""The SQLite Hub cache: round trips, listings, age hints, clearing, failures and concurrent writers."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from llm_advisor.hub import cache
from llm_advisor.hub import client as hub
from llm_advisor.render.messages import text
from tests.fakehub import FakeHub, fake_hub_fixture  # noqa: F401

DAY = 86400.0


def model(model_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": model_id, "architecture": "decoder-only", "params": 7615616512, "pipeline_tag": "text-generation",
        "languages": ["en", "zh"], "card": {"summary": "模型 — a model", "intended_uses": None, "limitations": None},
        "downloads": 10, "source": "hub", **extra,
    }  # fmt: skip


def test_round_trip() -> None:
    qwen, llama = model("Qwen/Qwen2.5-7B-Instruct"), model("meta-llama/Llama-3.1-8B-Instruct", gated=True)
    before = time.time()
    assert cache.put_models("text-generation", [qwen, llama], replace=True) == 2
    got = cache.get_model("Qwen/Qwen2.5-7B-Instruct")
    assert got is not None
    fetched_at = got.pop("fetched_at")  # ISO-8601, as docs/json.md promises
    assert got == qwen and int(before) <= datetime.fromisoformat(fetched_at).timestamp() <= time.time()
    assert cache.get_model("qwen/qwen2.5-7b-instruct") == {
        **qwen,
        "fetched_at": fetched_at,
    }  # Hub ids ignore case
    assert cache.get_model("nobody/nothing") is None
    assert [m["id"] for m in cache.models_for_task("text-generation")] == [qwen["id"], llama["id"]]
    assert cache.models_for_task("summarization") == []
    assert cache.db_path() == Path(os.environ["LLM_ADVISOR_CACHE"]) / "hub.sqlite"


def test_reads_on_a_missing_cache_create_nothing() -> None:
    assert cache.get_model("x/y") is None and cache.models_for_task("fill-mask") == []
    assert cache.info() == {
        "path": str(cache.db_path()),
        "models": 0,
        "tasks": 0,
        "oldest": None,
        "newest": None,
        "size_bytes": 0,
    }
    assert cache.age_hint() is None
    assert not cache.db_path().exists()


def test_a_full_listing_replaces_the_task_and_a_single_model_does_not() -> None:
    cache.put_models("text-generation", [model("a/one"), model("b/two")], replace=True)
    cache.put_model(model("c/three"))  # e.g. `info --live c/three`
    assert [m["id"] for m in cache.models_for_task("text-generation")] == ["a/one", "b/two", "c/three"]
    assert cache.task_fetched_at("text-generation") is not None
    cache.put_models("text-generation", [model("b/two", downloads=99), model("d/four")], replace=True)
    listed = cache.models_for_task("text-generation")
    assert [m["id"] for m in listed] == ["b/two", "d/four"] and listed[0]["downloads"] == 99
    # Stale rows are pruned: a/one came only from the old listing; c/three was fetched on its own and stays.
    assert cache.get_model("a/one") is None and cache.get_model("c/three") is not None
    cache.put_model(model("e/five", pipeline_tag=""))  # no task: cached, in no listing
    assert cache.get_model("e/five") is not None and cache.info()["tasks"] == 1


def test_info_summarises_the_cache() -> None:
    cache.put_models("summarization", [model("facebook/bart-large-cnn")], replace=True)
    cache.put_models(
        "fill-mask", [model("google-bert/bert-base-uncased"), model("FacebookAI/roberta-base")], replace=True
    )
    summary = cache.info()
    assert (summary["models"], summary["tasks"]) == (3, 2)
    oldest, newest = (datetime.fromisoformat(summary[k]).timestamp() for k in ("oldest", "newest"))
    assert oldest <= newest <= time.time() and summary["oldest"].endswith("+00:00")
    assert summary["size_bytes"] > 0 and summary["path"] == str(cache.db_path())


def test_age_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    cache.put_models("summarization", [model("facebook/bart-large-cnn")], replace=True)
    now = time.time()
    assert cache.age_hint(now=now) is None
    assert cache.age_hint(now=now + 29 * DAY) is None
    hint = cache.age_hint(now=now + 45 * DAY)
    assert hint == {"code": "hint.cache_age", "params": {"task": None, "days": 45}}
    assert text(hint, "en") == "the cached Hub data is 45 days old; `llm-advisor sync` refreshes it"
    assert cache.age_hint(max_age_days=60, now=now + 45 * DAY) is None
    assert cache.age_hint(max_age_days=7, now=now + 8 * DAY) is not None
    assert text(cache.age_hint(task="summarization", now=now + 31 * DAY), "en") == (
        "cached Hub data for summarization is 31 days old; `llm-advisor sync --task summarization` refreshes it"
    )
    assert cache.age_hint(task="fill-mask", now=now + 99 * DAY) is None  # nothing cached for it
    monkeypatch.setenv("LLM_ADVISOR_CACHE_MAX_AGE_DAYS", "2")
    assert cache.age_hint(now=now + 3 * DAY) is not None
    monkeypatch.setenv("LLM_ADVISOR_CACHE_MAX_AGE_DAYS", "soon")  # a bad setting falls back to 30 days
    assert cache.age_hint(now=now + 3 * DAY) is None


def test_age_hint_never_fails_on_a_broken_cache() -> None:
    cache.db_path().parent.mkdir(parents=True, exist_ok=True)
    cache.db_path().write_bytes(b"this is not a database" * 100)
    assert cache.age_hint() is None
    assert cache.get_model("x/y") is None and cache.models_for_task("fill-mask") == []
    assert cache.info()["models"] == 0


def test_clear() -> None:
    assert cache.clear() == 0  # nothing to clear
    cache.put_models("fill-mask", [model("a/one"), model("b/two")], replace=True)
    assert cache.clear() == 2
    assert cache.get_model("a/one") is None and cache.models_for_task("fill-mask") == []
    assert cache.info()["models"] == 0 and cache.info()["tasks"] == 0
    cache.put_models("fill-mask", [model("a/one")], replace=True)  # still usable afterwards
    assert cache.get_model("a/one") is not None


def test_clear_removes_a_broken_cache_file() -> None:
    cache.db_path().parent.mkdir(parents=True, exist_ok=True)
    cache.db_path().write_bytes(b"garbage" * 1000)
    assert cache.clear() == 0 and not cache.db_path().exists()
    cache.put_models("fill-mask", [model("a/one")])
    assert cache.get_model("a/one") is not None


def test_a_failed_write_keeps_earlier_writes() -> None:
    cache.put_models("summarization", [model("facebook/bart-large-cnn")], replace=True)
    broken = model("x/broken")
    broken["self"] = broken  # cannot be serialised: the write fails half-way
    with pytest.raises(ValueError):
        cache.put_models("text-generation", [model("Qwen/Qwen2.5-7B-Instruct"), broken], replace=True)
    assert cache.get_model("Qwen/Qwen2.5-7B-Instruct") is None  # the failed transaction left nothing behind
    assert cache.get_model("facebook/bart-large-cnn") is not None  # the earlier one is intact
    assert cache.task_fetched_at("text-generation") is None


def test_unwritable_cache_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("LLM_ADVISOR_CACHE", str(blocker / "cache"))
    with pytest.raises(cache.CacheError) as caught:
        cache.put_models("fill-mask", [model("a/one")])
    assert "hub.sqlite" in str(caught.value) and caught.value.exit_code == 2 and caught.value.hint
    assert cache.get_model("a/one") is None  # reads still just find nothing


def test_concurrent_writers_in_threads() -> None:
    errors: list[BaseException] = []

    def writer(worker: int) -> None:
        try:
            for round_ in range(15):
                shared = [model(f"shared/m{i}", downloads=worker * 100 + round_) for i in range(5)]
                cache.put_models(f"task-{worker}", [model(f"w{worker}/m{round_}"), *shared], replace=True)
                assert cache.get_model("shared/m0") is not None
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    summary = cache.info()
    # Each replace pruned the worker's model of the round before: 8 last-round models and the shared ones.
    assert summary["tasks"] == 8 and summary["models"] == 8 + 5
    assert all(len(cache.models_for_task(f"task-{w}")) == 6 for w in range(8))


WRITER = """
import sys
from llm_advisor.hub import cache
worker = int(sys.argv[1])
for round_ in range(20):
    cache.put_models(f"task-{worker}", [{"id": f"p{worker}/m{round_}", "n": round_}, {"id": "shared/one", "by": worker}])
"""


def test_concurrent_writers_in_processes() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(w)], env=env, stderr=subprocess.PIPE)
        for w in range(4)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
    assert cache.info()["models"] == 4 * 20 + 1
    listed = cache.models_for_task("task-2")  # added, not replaced: each model keeps its first rank
    assert [m.get("n") for m in listed] == [0, None, *range(1, 20)] and listed[1]["id"] == "shared/one"


def test_hub_listing_round_trips_through_the_cache(fake_hub: FakeHub) -> None:
    listed = hub.list_task_models("text-generation")
    cache.put_models("text-generation", listed, replace=True)
    cached = cache.models_for_task("text-generation")
    assert [{k: v for k, v in m.items() if k != "fetched_at"} for m in cached] == listed
    detailed = hub.fetch_model("Qwen/Qwen2.5-7B-Instruct")
    cache.put_model(detailed)
    again = cache.get_model("Qwen/Qwen2.5-7B-Instruct")
    assert again is not None and again["config"]["kv_heads"] == 4 and again["card"] == detailed["card"]
    assert [m["id"] for m in cache.models_for_task("text-generation")] == [m["id"] for m in listed]
