"""The Python API: the docs' example runs, results are typed views of the JSON contracts, start-up stays light."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import llm_advisor
from llm_advisor import api, check, explain, info, recommend
from llm_advisor.check.manifest import ManifestError
from llm_advisor.errors import UnknownName, UsageError
from tests.conftest import REPO, run, write

TOO_LARGE = REPO / "tests" / "fixtures" / "check" / "rules" / "too-large"


def _python_blocks(doc: Path) -> list[str]:
    return re.findall(
        r"^```python\n(.*?)^```$", doc.read_text(encoding="utf-8"), flags=re.MULTILINE | re.DOTALL
    )


def test_the_example_in_docs_python_md_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocks = _python_blocks(REPO / "docs" / "python.md")
    assert len(blocks) == 1, "docs/python.md should have one runnable ```python example"
    monkeypatch.chdir(tmp_path)
    exec(compile(blocks[0], "docs/python.md", "exec"), {"__name__": "__docs__"})
    out = capsys.readouterr().out
    assert "too-large" in out and "ArchitectureTopic encoder-decoder" in out


def _fields(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls) if f.name != "document"}


def _json(*args: str) -> dict[str, Any]:
    result = run(*args, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def _plain(doc: dict[str, Any]) -> Any:
    return json.loads(json.dumps(doc))


def test_recommend_is_the_cli_json_as_typed_fields() -> None:
    result = recommend(task="summarization", hardware="a10g", why_not="google/flan-t5-xl")
    cli = _json(
        "recommend", "--task", "summarization", "--hardware", "a10g", "--why-not", "google/flan-t5-xl"
    )
    assert _plain(result.to_dict()) == cli
    assert (
        isinstance(result.picks[0].model_id, str) and result.picks[0].model_id == cli["picks"][0]["model_id"]
    )
    # every key of the contract is a field, with messages as Message (code, params, text)
    assert set(cli) == _fields(api.Recommendation) - {"empty_reason", "described"} | ({"why_not"} & set(cli))
    for pick, doc in zip(result.picks, cli["picks"], strict=True):
        assert set(doc) == _fields(api.Pick)
        assert [r.text for r in pick.reasons] == [r["text"] for r in doc["reasons"]]
        assert all(
            isinstance(m, api.Message) and m.code and m.text
            for m in pick.tradeoffs.size + pick.tradeoffs.cost + pick.tradeoffs.objective
        )
        assert pick.cost is not None and set(doc["cost"]) <= _fields(api.Cost)
        assert pick.cost.basis.text == doc["cost"]["basis"]["text"] and pick.cost.confidence in (
            "published",
            "estimated",
            "heuristic",
        )
    for excluded, doc in zip(result.excluded, cli["excluded"], strict=True):
        assert set(doc) == _fields(api.Excluded) and excluded.reason.code == doc["reason"]["code"]
    assert result.why_not is not None and set(cli["why_not"]) <= _fields(api.WhyNot)
    assert str(result.warnings[0]) == cli["warnings"][0]["text"]


def test_recommend_in_chinese_and_with_no_picks() -> None:
    zh = recommend(task="summarization", lang="zh", top=1)
    assert zh.lang == "zh" and re.search(r"[\u4e00-\u9fff]", zh.picks[0].reasons[0].text)
    none = recommend(task="summarization", max_params=1_000_000)
    assert (
        none.picks == [] and none.empty_reason is not None and none.empty_reason.code == "empty.all_excluded"
    )
    assert none.constraints["max_params"] == 1_000_000


def test_recommend_arguments_are_the_cli_flags() -> None:
    """Every recommend flag except the CLI-only ones is a keyword argument of the same name."""
    result = run("recommend", "--help")
    flags = {f.removeprefix("--").replace("-", "_") for f in re.findall(r"--[a-z][a-z-]+", result.stdout)}
    params = set(inspect.signature(recommend).parameters)
    assert flags - {"format", "fail_if_empty", "help"} <= params, flags - params


def test_bad_arguments_raise_the_cli_errors() -> None:
    with pytest.raises(UsageError):
        recommend(task="summarization", lang="fr")
    with pytest.raises(UsageError):
        recommend(task="summarization", precision="fp7")
    with pytest.raises(UsageError):
        recommend(task="summarization", top=0)
    with pytest.raises(UnknownName) as exc:
        recommend(task="summarisatoin")
    assert exc.value.exit_code == 2
    with pytest.raises(UnknownName):
        explain("not-a-topic")


def test_explain_returns_the_kind_as_a_class() -> None:
    for topic, cls in (
        ("seq2seq", api.ArchitectureTopic),
        ("mlm", api.ObjectiveTopic),
        ("summarization", api.TaskTopic),
        ("kv-cache", api.TermTopic),
    ):
        result = explain(topic)
        cli = _json("explain", topic)
        assert type(result) is cls and _plain(result.to_dict()) == cli
        assert set(cli) == _fields(cls) - ({"resolved_from"} - set(cli))
    task = explain("summarization", lang="zh")
    assert isinstance(task, api.TaskTopic) and isinstance(task.architectures[0], api.ArchitectureFit)
    assert re.search(r"[\u4e00-\u9fff]", task.architectures[0].rationale)


def test_info_is_the_cli_json_as_typed_fields() -> None:
    result = info("google-bert/bert-base-uncased")
    cli = _json("info", "google-bert/bert-base-uncased")
    assert _plain(result.to_dict()) == cli
    assert set(cli) <= _fields(api.ModelInfo)
    assert (
        result.architecture == "encoder-only"
        and result.params == cli["params"]
        and isinstance(result.card, api.ModelCard)
    )
    local = info(str(REPO / "tests" / "fixtures" / "configs" / "EleutherAI__pythia-1b.json"))
    assert (
        local.source == "local"
        and local.architecture == "decoder-only"
        and isinstance(local.params_basis, str)
    )
    assert set(local.to_dict()) <= _fields(api.ModelInfo)


def test_check_is_the_cli_json_as_typed_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(TOO_LARGE)
    report = check()
    cli = _json("check")
    assert _plain(report.to_dict()) == cli
    assert set(cli) == _fields(api.CheckReport) and set(cli["findings"][0]) == _fields(api.CheckFinding)
    assert not report.ok and report.summary.errors == 1
    (finding,) = report.findings
    assert finding.rule == "too-large" and finding.message.code == cli["findings"][0]["message"]["code"]
    assert re.search(r"[\u4e00-\u9fff]", check("llm-advisor.yaml", lang="zh").findings[0].message.text)


def test_check_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        check(tmp_path)  # no manifest there
    with pytest.raises(ManifestError) as exc:
        check(write(tmp_path / "llm-advisor.yaml", "models: 3\n"))
    assert exc.value.exit_code == 2 and exc.value.problems


def test_public_surface() -> None:
    assert set(llm_advisor.__all__) == {"__version__", "check", "explain", "info", "recommend"}
    for name in api.__all__:
        assert getattr(api, name) is not None
    for name in llm_advisor.__all__:
        assert getattr(llm_advisor, name) is not None
    assert {"recommend", "check"} <= set(dir(llm_advisor))


def test_subpackages_do_not_hide_the_functions(tmp_path: Path) -> None:
    """`llm_advisor.recommend` and `llm_advisor.check` are also subpackages; importing them (before or
    after the functions) must not replace the functions."""
    importlib.import_module("llm_advisor.recommend.ranking")
    importlib.import_module("llm_advisor.check.checker")
    names: dict[str, Any] = {}
    exec("from llm_advisor import check, recommend", names)
    assert names["recommend"] is api.recommend and names["check"] is api.check
    assert llm_advisor.recommend is api.recommend and llm_advisor.check is api.check
    assert sys.modules["llm_advisor.recommend"].__name__ == "llm_advisor.recommend"
    code = (
        "from llm_advisor import recommend\n"
        "from llm_advisor.recommend import ranking\n"  # the subpackage is first imported after the function
        "import llm_advisor\n"
        "from llm_advisor import recommend as again\n"
        "assert llm_advisor.recommend is recommend is again and callable(recommend), llm_advisor.recommend\n"
    )
    assert "llm_advisor.recommend.ranking" in _imported(code, tmp_path)


def _imported(code: str, tmp_path: Path) -> set[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LLM_ADVISOR_CACHE": str(tmp_path / "c")}
    proc = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    return set(proc.stdout.split())


def test_importing_the_package_and_the_api_stays_light(tmp_path: Path) -> None:
    bare = _imported("import llm_advisor", tmp_path)
    assert sorted(m for m in bare if m.startswith("llm_advisor")) == ["llm_advisor"]
    assert "typing" not in bare or "typing" in _imported("", tmp_path)
    api_only = _imported("from llm_advisor import recommend, explain, info, check", tmp_path)
    heavy = (
        "pydantic",
        "yaml",
        "rich",
        "typer",
        "huggingface_hub",
        "sqlite3",
        "llm_advisor.catalog",
        "llm_advisor.recommend",
    )
    assert sorted(m for m in api_only for h in heavy if m == h or m.startswith(h + ".")) == []
