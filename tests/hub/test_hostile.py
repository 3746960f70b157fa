"""Hostile and broken Hubs, as real HTTP servers on 127.0.0.1 (tests/fakehub.py): slow drips, bombs,
huge files, absurd numbers, echoed secrets, honest errors. Each test failed before the hardening."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from llm_advisor.errors import UsageError
from llm_advisor.hub import cache
from llm_advisor.hub import client as hub
from tests.conftest import REPO, run
from tests.fakehub import FakeHub, closed_port_url, fake_hub_fixture, gzip_bomb  # noqa: F401

QWEN = "Qwen/Qwen2.5-7B-Instruct"
BERT = "google-bert/bert-base-uncased"
TOKEN = "hf_TestTokenDoNotLeak0123456789abcd"
DEADLINE = 1.5


@pytest.fixture
def short_deadline(monkeypatch: pytest.MonkeyPatch) -> float:
    # The per-read timeout (5 s in the fixture) is longer than the deadline: only a wall clock can stop a drip.
    monkeypatch.setenv("LLM_ADVISOR_HUB_DEADLINE", str(DEADLINE))
    return DEADLINE


def _hub_only(hub_: FakeHub, repo_id: str = "someone/hub-only") -> str:
    """A Hub model the catalog does not know (a copy of Qwen's record)."""
    hub_.models[repo_id] = json.loads(json.dumps(hub_.models[QWEN]))
    hub_.models[repo_id]["info"].update(id=repo_id, modelId=repo_id)
    return repo_id


def _elapsed(start: float) -> float:
    return time.monotonic() - start


# ---------------------------------------------------------------------------------------------- deadline


@pytest.mark.parametrize("where", ["drip_headers", "drip_body"])
def test_a_dripping_model_info_stops_at_the_deadline(
    fake_hub: FakeHub, short_deadline: float, where: str
) -> None:
    fake_hub.fault(f"^/api/models/{QWEN}$", **{where: 0.2})  # type: ignore[arg-type]
    start = time.monotonic()
    with pytest.raises(hub.HubTimeout, match="did not finish within 1.5 s"):
        hub.fetch_model(QWEN)
    assert _elapsed(start) < short_deadline + 1.0


def test_a_dripping_listing_stops_at_the_deadline(fake_hub: FakeHub, short_deadline: float) -> None:
    fake_hub.fault(r"^/api/models$", drip_body=0.1)
    start = time.monotonic()
    with pytest.raises(hub.HubTimeout):
        hub.list_task_models("text-generation")
    assert _elapsed(start) < short_deadline + 1.0


def test_a_dripping_card_costs_the_deadline_and_leaves_a_warning(
    fake_hub: FakeHub, short_deadline: float
) -> None:
    fake_hub.fault(r"/resolve/.*/README\.md$", drip_body=0.2)
    start = time.monotonic()
    model = hub.fetch_model(QWEN)  # the metadata arrived in time: still a result
    assert _elapsed(start) < short_deadline + 1.0
    assert model["params"] == 7615616512
    assert any("README.md was not fetched" in w for w in model["warnings"])


def _manifest(tmp_path: Path) -> Path:
    path = tmp_path / "llm-advisor.yaml"
    path.write_text(
        "models:\n  - name: chat\n    task: text-generation\n    model: Qwen/Qwen2.5-7B-Instruct\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("command", ["info", "recommend", "sync", "check"])
def test_no_live_command_hangs_on_a_dripping_hub(
    fake_hub: FakeHub, short_deadline: float, tmp_path: Path, command: str
) -> None:
    fake_hub.fault(r"^/api/models", drip_headers=0.2)
    args = {
        "info": ["info", QWEN, "--live"],
        "recommend": ["recommend", "--task", "text-generation", "--live", "--top", "1"],
        "sync": ["sync", "--task", "text-generation"],
        "check": ["check", str(_manifest(tmp_path)), "--live"],
    }[command]
    start = time.monotonic()
    result = run(*args)
    assert _elapsed(start) < short_deadline + 3.0  # plus the command's own work
    assert "did not finish within 1.5 s" in result.stderr + result.stdout
    assert result.exit_code != 3


# ---------------------------------------------------------------------------------------------- size caps


def test_a_gzip_bomb_is_refused_while_inflating(fake_hub: FakeHub) -> None:
    fake_hub.fault(f"^/api/models/{QWEN}$", body=gzip_bomb(200_000_000))  # ~200 KB on the wire
    tracemalloc.start()
    try:
        with pytest.raises(hub.HubTooLarge, match="more than 8,000,000 bytes"):
            hub.fetch_model(QWEN)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40_000_000  # not 200 MB (nor the 6 GB a 2 MB bomb used to cost)


def test_a_gzip_bomb_listing_page_is_refused(fake_hub: FakeHub) -> None:
    fake_hub.fault(r"^/api/models$", body=gzip_bomb(hub.MAX_LISTING_PAGE_BYTES + 1_000_000))
    with pytest.raises(hub.HubTooLarge):
        hub.list_task_models("text-generation")


def test_an_oversized_plain_answer_is_cut_off_on_the_wire(fake_hub: FakeHub) -> None:
    fake_hub.fault(f"^/api/models/{QWEN}$", body=b"[" + b"0," * 6_000_000 + b"0]")
    with pytest.raises(hub.HubTooLarge):
        hub.fetch_model(QWEN)


def test_compressed_answers_are_read(fake_hub: FakeHub) -> None:
    fake_hub.fault(f"^/api/models/{QWEN}$", gzip=True)
    assert hub.fetch_model(QWEN)["params"] == 7615616512


def test_a_huge_readme_is_cut_at_the_cap_and_not_stored_in_hf_home(fake_hub: FakeHub) -> None:
    card = "A helpful model card with plenty of real words in it.\n\n" + "padding " * 400_000  # 3.2 MB
    fake_hub.set_file(QWEN, "README.md", card)
    fake_hub.set_file(QWEN, "config.json", "{" + '"x": 1,' * 400_000 + '"y": 2}')  # 2.8 MB config
    model = hub.fetch_model(QWEN)
    assert model["card"]["summary"].startswith("A helpful model card")
    assert any(
        "README.md is larger than 1000000 bytes; only its beginning was read" in w for w in model["warnings"]
    )
    assert any("config.json is larger than 2000000 bytes; ignored" in w for w in model["warnings"])
    hf_home = Path(os.environ["HF_HOME"])
    assert not hf_home.exists() or sum(f.stat().st_size for f in hf_home.rglob("*") if f.is_file()) < 100_000


# ---------------------------------------------------------------------------------------------- numbers


def test_absurd_hub_numbers_are_dropped_before_caching(
    fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo_id = _hub_only(fake_hub)
    info = fake_hub.models[repo_id]["info"]
    info["safetensors"] = {"parameters": {"BF16": 10**400}, "total": 10**400}
    info["downloads"] = 10**400
    fake_hub.set_file(
        repo_id, "config.json", {"model_type": "qwen2", "num_hidden_layers": 10**300, "hidden_size": 4096}
    )
    model = hub.fetch_model(repo_id)
    assert model["params"] is None and model["downloads"] is None and model["config"]["layers"] is None
    assert any("out-of-range numbers" in w for w in model["warnings"])
    assert run("info", repo_id, "--live", "-f", "json").exit_code == 0  # fetched and cached
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # later offline runs read the cached record: no crash
    doc = json.loads(run("info", repo_id, "-f", "json").stdout)
    assert doc["params"] is None and doc["downloads"] is None and doc["source"] == "hub"
    assert run("recommend", "--task", "text-generation", "--top", "3", "-f", "json").exit_code == 0


def test_a_poisoned_cache_row_cannot_crash_an_offline_run() -> None:
    cache.put_models(
        "text-generation", [{"id": "evil/model", "architecture": "decoder-only", "params": 5}], replace=True
    )
    with sqlite3.connect(cache.db_path()) as conn:  # an older version (or a hand edit) stored raw numbers
        data = (
            '{"id": "evil/model", "architecture": "decoder-only", "params": 1'
            + "0" * 400
            + ', "eval_results": [{"value": NaN}]}'
        )
        conn.execute("UPDATE models SET data = ? WHERE id = 'evil/model'", (data,))
    got = cache.get_model("evil/model")
    assert got is not None and got["params"] is None and got["eval_results"] == [{"value": None}]
    result = run("recommend", "--task", "text-generation", "--top", "3", "-f", "json")
    assert result.exit_code == 0, result.stderr
    json.loads(result.stdout, parse_constant=lambda c: pytest.fail(f"non-JSON constant {c}"))


# ---------------------------------------------------------------------------------------------- secrets


def test_endpoint_credentials_are_never_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    url = closed_port_url().replace("http://", "http://alice:s3cret@")
    monkeypatch.setenv("HF_ENDPOINT", url)
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setenv("LLM_ADVISOR_HUB_RETRIES", "0")
    with pytest.raises(hub.HubUnreachable) as caught:
        hub.fetch_model(QWEN)
    assert "s3cret" not in str(caught.value) and "alice" not in str(caught.value)
    result = run("info", "nobody/unknown", "--live")
    assert "s3cret" not in result.stderr + result.stdout and "could not reach" in result.stderr


def test_a_token_echoed_by_the_server_stays_out_of_debug_tracebacks(fake_hub: FakeHub) -> None:
    repo_id = _hub_only(fake_hub)
    fake_hub.tokens.add(TOKEN)
    fake_hub.fault(f"^/api/models/{repo_id}$", status=400, echo_auth=True)
    env = {**os.environ, "HF_TOKEN": TOKEN, "LLM_ADVISOR_DEBUG": "1", "PYTHONPATH": str(REPO)}
    code = "from llm_advisor.cli import main; main()"
    proc = subprocess.run(
        [sys.executable, "-c", code, "info", repo_id, "--live"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode != 0 and "Traceback" in proc.stderr
    assert TOKEN not in proc.stderr + proc.stdout
    assert TOKEN[3:] not in proc.stderr + proc.stdout


@pytest.mark.parametrize("bad", [TOKEN + "\n", "abc def", "tök\ten"])
def test_a_token_that_cannot_be_a_header_is_a_clear_sentence(
    fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch, bad: str
) -> None:
    monkeypatch.setenv("HF_TOKEN", bad)
    with pytest.raises(UsageError, match="HF_TOKEN contains"):
        hub.fetch_model(QWEN)
    result = run("info", QWEN, "--live")
    assert result.exit_code == 2 and "HF_TOKEN contains" in result.stderr
    assert "Illegal header" not in result.stderr and bad.strip() not in result.stderr
    assert fake_hub.requests == [] or all(QWEN not in r.path for r in fake_hub.requests)


@pytest.mark.parametrize(
    "endpoint", ["ftp://example.org", "localhost:8080", "http://[::1", "http://host:99999", "https://"]
)
def test_a_malformed_endpoint_is_a_usage_error(monkeypatch: pytest.MonkeyPatch, endpoint: str) -> None:
    monkeypatch.setenv("HF_ENDPOINT", endpoint)
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    result = run("info", QWEN + "-x", "--live")
    assert result.exit_code == 2 and "HF_ENDPOINT must be an http(s) URL" in result.stderr, result.stderr


# ---------------------------------------------------------------------------------------------- honest errors


def test_info_live_with_the_hub_down_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_ENDPOINT", closed_port_url())
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setenv("LLM_ADVISOR_HUB_RETRIES", "0")
    result = run("info", "someone/hub-only-model", "--live")
    assert result.exit_code == 2
    assert "could not reach the Hugging Face Hub" in result.stderr
    assert "unknown model" not in result.stderr and "add --live" not in result.stderr


def test_a_bare_404_is_not_found(fake_hub: FakeHub) -> None:
    fake_hub.fault(f"^/api/models/{QWEN}$", status=404, body="Not Found")
    with pytest.raises(hub.HubNotFound, match="has no model"):
        hub.fetch_model(QWEN)
    result = run("info", QWEN, "--live")
    assert "not reached" not in result.stderr


@pytest.mark.parametrize("headers", [{}, {"X-Error-Code": "GatedRepo"}])
def test_a_403_on_a_listing_is_not_a_gated_model(fake_hub: FakeHub, headers: dict[str, str]) -> None:
    fake_hub.fault(r"^/api/models$", status=403, headers=headers)
    with pytest.raises(hub.HubAuth) as caught:
        hub.list_task_models("text-generation")
    assert "gated" not in str(caught.value) and "?" not in str(caught.value)
    assert "refused access to the model listing" in str(caught.value)


def test_a_404_listing_points_at_the_endpoint(fake_hub: FakeHub) -> None:
    fake_hub.fault(r"^/api/models$", status=404)
    with pytest.raises(hub.HubListingNotFound, match="has no model listing"):
        hub.list_task_models("text-generation")


def test_a_bad_token_is_one_warning_with_a_hint(fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", TOKEN)  # not among the fake Hub's valid tokens: 401
    tasks = ["summarization", "translation", "fill-mask", "text-generation", "text-classification"]
    result = run("sync", *[a for t in tasks for a in ("--task", t)])
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and result.stderr.count("rejected the token") == 1, result.stderr
    assert "hint: check HF_TOKEN" in result.stderr and TOKEN not in result.stderr
    assert result.exit_code == 2


def test_sync_all_tasks_against_a_dead_hub_stops_early(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_ENDPOINT", closed_port_url())
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    start = time.monotonic()
    result = run("sync", "--all-tasks", "-f", "json")
    assert _elapsed(start) < 15
    report = json.loads(result.stdout)
    assert report["stopped"] and len(report["failed"]) <= 2 * 4  # a few, not one per task
    assert len(report["skipped"]) > 20 and report["tasks"] == []
    assert result.stderr.count("warning:") <= 3, result.stderr
    assert result.exit_code == 2


def test_ctrl_c_during_sync_is_prompt(fake_hub: FakeHub) -> None:
    fake_hub.fault(r"^/api/models$", drip_body=0.5)
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "LLM_ADVISOR_HUB_DEADLINE": "60",
        "LLM_ADVISOR_HUB_TIMEOUT": "30",
    }
    code = "from llm_advisor.cli import main; main()"
    tasks = ["--task", "text-generation", "--task", "summarization", "--task", "fill-mask"]
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "sync", *tasks], env=env, stderr=subprocess.PIPE, stdout=subprocess.PIPE
    )
    deadline = time.monotonic() + 30
    while len([r for r in fake_hub.requests if r.path == "/api/models"]) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=20)
    assert time.monotonic() - sent < 2.0
    assert proc.returncode != 0


def test_check_live_with_an_unwritable_cache_still_checks(
    fake_hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("LLM_ADVISOR_CACHE", str(blocker / "cache"))
    _hub_only(fake_hub)
    path = tmp_path / "llm-advisor.yaml"
    path.write_text(
        "models:\n  - name: chat\n    task: text-generation\n    model: someone/hub-only\n", encoding="utf-8"
    )
    result = run("check", str(path), "--live", "-f", "json")
    assert result.exit_code in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert not any(f["rule"] == "unknown-model" for f in report["findings"])  # fetched, known for this run


# ---------------------------------------------------------------------------------------------- proxies


def test_the_transport_goes_through_http_proxy_unless_no_proxy_exempts_the_host(
    fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fake Hub doubles as a forward proxy: it serves absolute-form requests for any host.
    monkeypatch.setenv("HF_ENDPOINT", "http://hub.invalid")
    monkeypatch.setenv("HTTP_PROXY", fake_hub.url)
    monkeypatch.delenv("NO_PROXY")
    assert hub.fetch_model(QWEN)["params"] == 7615616512
    monkeypatch.setenv("NO_PROXY", "hub.invalid")  # exempt: a direct connection, which cannot resolve
    monkeypatch.setenv("LLM_ADVISOR_HUB_RETRIES", "0")
    with pytest.raises(hub.HubUnreachable):
        hub.fetch_model(QWEN)
