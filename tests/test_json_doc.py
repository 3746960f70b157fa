"""docs/json.md against real output: every documented key of the schema-2 documents exists, and the
documents carry no key the docs do not describe."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.conftest import REPO, run

DOC = REPO / "docs" / "json.md"
TOO_LARGE = REPO / "tests" / "fixtures" / "check" / "rules" / "too-large"
MESSAGE_KEYS = {"code", "params", "text"}


def table(heading: str, after: str | None = None) -> dict[str, str]:
    """The first table after `heading` (after the `after` heading when given): field name -> its row.
    A first cell naming several fields (`a`, `b`) gives each of them the row."""
    text = DOC.read_text(encoding="utf-8")
    if after is not None:
        text = text.split(f"\n{after}\n", 1)[1]
    assert f"\n{heading}\n" in text, f"docs/json.md has no heading {heading!r}"
    section = text.split(f"\n{heading}\n", 1)[1]
    rows: dict[str, str] = {}
    for line in section.splitlines():
        if line.startswith("#"):
            break
        if not line.startswith("| `"):
            if rows and not line.startswith("|"):
                break
            continue
        first = line.split(" | ", 1)[0]
        for name in re.findall(r"`([a-z_0-9]+)`", first):
            rows[name] = line
    assert rows, f"no table under {heading!r}"
    return rows


def _optional(row: str) -> bool:
    return "only when" in row or "only with" in row


def _recommend(*args: str, lang: str = "en") -> dict[str, Any]:
    result = run("recommend", *args, "--format", "json", "--lang", lang)
    assert result.exit_code == 0, result.stderr
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """Real recommend documents that between them produce every kind of pick, cost and optional field
    (computed once: module scope, so the environment is isolated here as conftest's autouse fixture does)."""
    home = tmp_path_factory.mktemp("json-doc")
    with pytest.MonkeyPatch.context() as mp:
        for var, value in {
            "LLM_ADVISOR_CACHE": home / "cache",
            "HF_HOME": home / "hf-home",
            "HF_HUB_OFFLINE": "1",
            "NO_COLOR": "1",
            "LANG": "C.UTF-8",
        }.items():
            mp.setenv(var, str(value))
        for var in ("LLM_ADVISOR_CATALOG", "LLM_ADVISOR_LANG", "LC_ALL", "LC_MESSAGES", "HF_TOKEN"):
            mp.delenv(var, raising=False)
        return [
            _recommend("--task", "summarization"),
            _recommend(
                "--task",
                "summarization",
                "--hardware",
                "a10g",
                "--max-params",
                "1B",
                "--why-not",
                "google/flan-t5-xl",
                lang="zh",
            ),
            _recommend("--task", "text-classification", "--examples", "2000"),
            _recommend("--task", "chat", "--include-hosted", "--top", "8"),
            _recommend("--task", "summarization", "--max-params", "1M"),
            _recommend("--describe", "summarise Chinese legal contracts on a laptop"),
        ]


def test_every_documented_pick_key_is_in_the_real_output_and_nothing_else(docs: list[dict[str, Any]]) -> None:
    documented = set(table("### `picks[]`"))
    for doc in docs:
        for pick in doc["picks"]:
            assert set(pick) == documented, (
                f"{pick['model_id']}: missing {documented - set(pick)}, undocumented {set(pick) - documented}"
            )
    assert any(doc["picks"] for doc in docs)


def test_top_level_excluded_and_cost_keys_are_documented(docs: list[dict[str, Any]]) -> None:
    top = table("| field | type | meaning |", after="## `recommend --format json` (schema 2)")
    required = {k for k, row in top.items() if not _optional(row)}
    seen_top: set[str] = set()
    for doc in docs:
        assert doc["schema_version"] == 2
        assert required <= set(doc) <= set(top), set(doc) ^ set(top)
        seen_top |= set(doc)
    assert seen_top == set(top), f"documented but never seen: {set(top) - seen_top}"

    excluded = set(table("### `excluded[]`"))
    assert all(set(e) == excluded for doc in docs for e in doc["excluded"])

    cost = table("`cost`:")
    costs = [p["cost"] for doc in docs for p in doc["picks"] if p["cost"]]
    seen = set().union(*costs)
    assert seen == set(cost), f"cost keys: undocumented {seen - set(cost)}, never seen {set(cost) - seen}"
    assert all({"unit", "usd_per_1m", "hardware", "basis", "confidence"} <= set(c) for c in costs)
    confidences = {c["confidence"] for c in costs}
    assert (
        confidences <= {"published", "estimated", "heuristic"} and {"published", "estimated"} <= confidences
    )


def _messages(doc: dict[str, Any]) -> list[Any]:
    found = [*doc["warnings"]]
    for p in doc["picks"]:
        found += p["reasons"] + p["tradeoffs"]["size"] + p["tradeoffs"]["cost"] + p["tradeoffs"]["objective"]
        found += [p["cost"]["basis"]] if p["cost"] else []
    found += [e["reason"] for e in doc["excluded"]]
    found += [doc[k] for k in ("empty_reason",) if k in doc] + (
        [doc["why_not"]["reason"]] if "why_not" in doc else []
    )
    approach = doc["approach"]
    found += [
        approach["why"],
        *(o["summary"] for o in approach["options"]),
        *(o["cost"]["basis"] for o in approach["options"]),
    ]
    if approach["pretraining"]:
        found += [approach["pretraining"]["basis"], approach["pretraining"]["when"]]
    return found


def test_every_sentence_is_a_message_with_its_text(docs: list[dict[str, Any]]) -> None:
    for doc in docs:
        for msg in _messages(doc):
            assert isinstance(msg, dict) and set(msg) == MESSAGE_KEYS, msg
            assert isinstance(msg["code"], str) and isinstance(msg["params"], dict) and msg["text"].strip()
        for p in doc["picks"]:
            assert set(p["tradeoffs"]) == {"size", "cost", "objective"}
    zh = docs[1]
    assert zh["lang"] == "zh" and re.search(r"[\u4e00-\u9fff]", zh["picks"][0]["reasons"][0]["text"])
    assert {"rule", "constraint"} <= set(zh["why_not"])
    assert docs[4]["picks"] == [] and docs[4]["empty_reason"]["code"].startswith("empty.")


def test_check_json_is_as_documented(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(TOO_LARGE)
    result = run("check", "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    top = table("| field | type | meaning |", after="## `check --format json` (schema 2)")
    finding = table("A finding:")
    assert doc["schema_version"] == 2 and set(doc) == set(top)
    assert doc["findings"] and all(set(f) == set(finding) for f in doc["findings"])
    assert all(set(f["message"]) == MESSAGE_KEYS for f in doc["findings"])
    assert set(doc["summary"]) == {"errors", "warnings", "notes", "models"}


def test_the_doc_example_message_is_real(docs: list[dict[str, Any]]) -> None:
    example = re.search(
        r'^\{"code": "reason\.license".*\}$', DOC.read_text(encoding="utf-8"), flags=re.MULTILINE
    )
    assert example is not None
    shown = json.loads(example.group(0))
    assert any(shown in p["reasons"] for d in docs for p in d["picks"])
