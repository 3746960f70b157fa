"""`llm-advisor check`: fixture repositories give the right findings, locations and exit codes in every format."""

from __future__ import annotations

import json
import re
import shutil
import sys
import types
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import typer
import yaml
from typer.testing import Result

from llm_advisor.catalog.loader import Catalog
from llm_advisor.check.checker import Finding, Report, build_report, run_check
from llm_advisor.check.manifest import Manifest, ManifestError, load_manifest, toml_line_index
from llm_advisor.check.rules import RULE_IDS, SEVERITY
from llm_advisor.msg import m
from llm_advisor.render.check_formats import MACHINE_FORMATS, CheckFormat, render
from tests.check.conftest import invoke
from tests.conftest import REPO, write

FIXTURES = REPO / "tests" / "fixtures" / "check"
SARIF_SCHEMA = json.loads(
    (REPO / "tests" / "fixtures" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
SHA = "0123456789abcdef0123456789abcdef01234567"

# rule -> (exit code, exit code with --strict, lines of its findings in rules/<rule>/llm-advisor.yaml)
RULE_FIXTURES: dict[str, tuple[int, int, list[int]]] = {
    "unknown-model": (1, 1, [5]),
    "unsuited-architecture": (1, 1, [6, 10]),
    "license-not-allowed": (1, 1, [7]),
    "too-large": (1, 1, [7]),
    "does-not-fit": (1, 1, [8]),
    "context-too-short": (1, 1, [7]),
    "language-not-covered": (1, 1, [7]),
    "gated-forbidden": (1, 1, [7]),
    "over-cost": (1, 1, [8]),
    "revision-not-pinned": (0, 1, [8, 12]),
    "better-pick": (0, 0, [7]),
}


def as_json(result: Result) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def validate_sarif(text: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(text)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(doc)
    return doc


def github_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line]


# --- the passing repository -------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(CheckFormat))
def test_passing_repository_exits_0_in_every_format(app: typer.Typer, in_dir: Any, fmt: CheckFormat) -> None:
    in_dir(FIXTURES / "passing")
    result = invoke(app, "check", "--format", fmt.value)  # the manifest is found in the current directory
    assert result.exit_code == 0, result.stderr
    assert "3 model choices checked: no findings" in result.stderr
    if fmt in (CheckFormat.text, CheckFormat.github):
        assert result.stdout == ""
    elif fmt is CheckFormat.json:
        assert as_json(result) == {
            "schema_version": 2,
            "ok": True,
            "summary": {"errors": 0, "warnings": 0, "notes": 0, "models": 3},
            "findings": [],
            "choices": [
                {
                    "name": "chat",
                    "model_id": "Qwen/Qwen3-8B",
                    "task": "text-generation",
                    "source": "manifest",
                    "file": "llm-advisor.yaml",
                    "line": 14,
                },
                {
                    "name": "search",
                    "model_id": "BAAI/bge-m3",
                    "task": "sentence-similarity",
                    "source": "manifest",
                    "file": "llm-advisor.yaml",
                    "line": 18,
                },
                {
                    "name": "triage",
                    "model_id": "microsoft/deberta-v3-base",
                    "task": "text-classification",
                    "source": "manifest",
                    "file": "llm-advisor.yaml",
                    "line": 24,
                },
            ],
        }
    elif fmt is CheckFormat.junit:
        root = ET.fromstring(result.stdout)
        cases = root.findall("./testsuite/testcase")
        assert [c.get("name") for c in cases] == [
            "chat (Qwen/Qwen3-8B)",
            "search (BAAI/bge-m3)",
            "triage (microsoft/deberta-v3-base)",
        ]
        assert root.get("tests") == "3" and root.get("failures") == "0" and root.get("errors") == "0"
        assert not root.findall(".//failure")
    else:
        doc = validate_sarif(result.stdout)
        assert doc["runs"][0]["results"] == []
        assert [r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]] == list(RULE_IDS)


# --- one repository per rule --------------------------------------------------------------------------


@pytest.mark.parametrize("rule", list(RULE_FIXTURES))
def test_each_rule_fixture_gives_its_finding_location_and_exit_code(
    app: typer.Typer, in_dir: Any, rule: str
) -> None:
    exit_code, strict_exit, lines = RULE_FIXTURES[rule]
    in_dir(FIXTURES / "rules" / rule)
    result = invoke(app, "check", "--format", "json")
    assert result.exit_code == exit_code, result.stdout + result.stderr
    doc = as_json(result)
    assert {f["rule"] for f in doc["findings"]} == {rule}
    assert [f["line"] for f in doc["findings"]] == lines
    assert {f["severity"] for f in doc["findings"]} == {SEVERITY[rule]}
    assert all(f["file"] == "llm-advisor.yaml" for f in doc["findings"])
    assert doc["ok"] is (exit_code == 0)
    assert invoke(app, "check", "--strict").exit_code == strict_exit


@pytest.mark.parametrize("rule", list(RULE_FIXTURES))
def test_each_rule_fixture_agrees_across_formats(app: typer.Typer, in_dir: Any, rule: str) -> None:
    in_dir(FIXTURES / "rules" / rule)
    findings = as_json(invoke(app, "check", "-f", "json"))["findings"]
    located = [(f["rule"], f["line"]) for f in findings]

    text = invoke(app, "check", "-f", "text").stdout.splitlines()
    assert [(line.split("[", 1)[1].split("]", 1)[0], int(line.split(":")[1])) for line in text] == located

    gh = github_lines(invoke(app, "check", "-f", "github").stdout)
    level = {"error": "error", "warning": "warning", "note": "notice"}
    assert gh == [
        f"::{level[f['severity']]} file=llm-advisor.yaml,line={f['line']},title={f['rule']}::{f['choice']} ({f['model_id']}): {f['message']['text'].replace('%', '%25')}"
        for f in findings
    ]

    sarif = validate_sarif(invoke(app, "check", "-f", "sarif").stdout)
    results = sarif["runs"][0]["results"]
    assert [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results
    ] == located
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)

    junit = ET.fromstring(invoke(app, "check", "-f", "junit").stdout)
    cases = junit.findall("./testsuite/testcase")
    manifest = yaml.safe_load((FIXTURES / "rules" / rule / "llm-advisor.yaml").read_text(encoding="utf-8"))
    assert len(cases) == len(manifest["models"])  # one testcase per model choice
    failed = [c for c in cases if c.find("failure") is not None]
    assert len(failed) == (len({f["choice"] for f in findings}) if SEVERITY[rule] == "error" else 0)
    assert junit.get("failures") == str(len(failed))


def test_better_pick_names_the_suggestion(app: typer.Typer, in_dir: Any) -> None:
    in_dir(FIXTURES / "rules" / "better-pick")
    (finding,) = as_json(invoke(app, "check", "-f", "json"))["findings"]
    assert finding["suggestion"] and finding["suggestion"] in finding["message"]["text"]
    assert (
        finding["message"]["code"] == "check.better_pick"
        and finding["message"]["params"]["model"] == finding["suggestion"]
    )
    assert finding["suggestion"] != "facebook/opt-1.3b"


def test_messages_say_why(app: typer.Typer, in_dir: Any) -> None:
    in_dir(FIXTURES / "rules" / "does-not-fit")
    assert re.search(
        r"needs ~\d+\.\d GiB at fp16 \(weights \d+\.\d GiB \+ runtime overhead", invoke(app, "check").stdout
    )
    in_dir(FIXTURES / "rules" / "unsuited-architecture")
    out = invoke(app, "check").stdout
    assert (
        "encoder-only architecture suits text-generation poorly (fit 0.00 < min_task_fit 0.20); use decoder-only"
        in out
    )
    assert "encoder-decoder architecture is forbidden by the policy" in out
    in_dir(FIXTURES / "rules" / "license-not-allowed")
    out = invoke(app, "check", "--lang", "zh").stdout
    assert "许可证 bigscience-bloom-rail-1.0 不在允许范围内" in out


def test_strict_fails_on_warnings_and_ok_follows(app: typer.Typer, in_dir: Any) -> None:
    in_dir(FIXTURES / "rules" / "revision-not-pinned")
    assert as_json(invoke(app, "check", "-f", "json"))["ok"] is True
    strict = invoke(app, "check", "-f", "json", "--strict")
    assert strict.exit_code == 1 and as_json(strict)["ok"] is False
    junit = ET.fromstring(invoke(app, "check", "-f", "junit", "--strict").stdout)
    assert junit.get("failures") == "2"


# --- invalid manifests: exit 2 with file:line --------------------------------------------------------

INVALID = {
    "schema": [
        "llm-advisor.yaml:4: policy.max_params: cannot read 'huge' as a parameter count",
        "llm-advisor.yaml:5: policy.colour: Extra inputs are not permitted",
        "llm-advisor.yaml:7: models.0.task: Field required",
        "llm-advisor.yaml:12: models.1.policy: give hardware or memory, not both",
    ],
    "names": [
        "llm-advisor.yaml:3: policy.licenses: unknown licence 'permisive'; did you mean 'permissive'?",
        "llm-advisor.yaml:6: models.0.task: unknown task 'text-generatoin'; did you mean 'text-generation'",
        "llm-advisor.yaml:12: models.1.policy.hardware: unknown hardware 'rtx-9090'; did you mean 'rtx-5090', 'rtx-4090', 'rtx-3090'?",
        "llm-advisor.yaml:13: models.1.policy.required_architectures: unknown architecture 'encoder-ony'; did you mean 'encoder-only'",
    ],
    "yaml": ["llm-advisor.yaml:3: invalid YAML"],
    "duplicate": ["llm-advisor.yaml:5: models.1.name: 'chat' is already used by models.0"],
    "pyproject": [
        "pyproject.toml:7: policy.max_params: cannot read 'lots' as a parameter count",
        "pyproject.toml:18: models.1.revison: Extra inputs are not permitted",
    ],
}


@pytest.mark.parametrize("name", list(INVALID))
def test_invalid_manifests_exit_2_with_file_and_line(app: typer.Typer, in_dir: Any, name: str) -> None:
    in_dir(FIXTURES / "invalid" / name)
    result = invoke(app, "check")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert len(lines) == len(INVALID[name])
    for line, expected in zip(lines, INVALID[name], strict=True):
        where, rest = expected.split(": ", 1)
        assert line.startswith(f"{where}: error[invalid-manifest] {rest}"), line
    assert "nothing was checked" in result.stderr
    # machine formats carry the problems too, so CI shows them on the manifest's lines
    doc = as_json(invoke(app, "check", "-f", "json"))
    assert doc["ok"] is False and {f["rule"] for f in doc["findings"]} == {"invalid-manifest"}
    sarif = validate_sarif(invoke(app, "check", "-f", "sarif").stdout)
    assert len(sarif["runs"][0]["results"]) == len(INVALID[name])
    gh = github_lines(invoke(app, "check", "-f", "github").stdout)
    assert all(g.startswith("::error file=") and "title=invalid-manifest" in g for g in gh)
    junit = ET.fromstring(invoke(app, "check", "-f", "junit").stdout)
    assert junit.get("errors") == "1" and junit.find(".//error") is not None


def test_the_published_schema_accepts_valid_manifests_and_rejects_invalid_ones(app: typer.Typer) -> None:
    schema = json.loads(invoke(app, "schema", "manifest").stdout)
    validator = jsonschema.Draft202012Validator(schema)
    for path in [
        FIXTURES / "passing" / "llm-advisor.yaml",
        FIXTURES / "scan" / "llm-advisor.yaml",
        *sorted((FIXTURES / "rules").glob("*/llm-advisor.yaml")),
    ]:
        validator.validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    bad = yaml.safe_load((FIXTURES / "invalid" / "schema" / "llm-advisor.yaml").read_text(encoding="utf-8"))
    assert len(list(validator.iter_errors(bad))) >= 3
    assert schema["properties"]["models"]["type"] == "array"
    assert "max_params" in schema["$defs"]["Policy"]["properties"]


def test_check_report_schema_describes_the_json_output(app: typer.Typer, in_dir: Any) -> None:
    schema = json.loads(invoke(app, "schema", "check-report").stdout)
    in_dir(FIXTURES / "scan")
    jsonschema.Draft202012Validator(schema).validate(
        as_json(invoke(app, "check", "--scan", "src", "-f", "json"))
    )


# --- pyproject.toml ---------------------------------------------------------------------------------


def test_pyproject_manifest_is_found_and_located(app: typer.Typer, in_dir: Any) -> None:
    in_dir(FIXTURES / "pyproject")
    result = invoke(app, "check", "-f", "json")
    assert result.exit_code == 1
    doc = as_json(result)
    assert [(f["rule"], f["file"], f["line"], f["choice"]) for f in doc["findings"]] == [
        ("license-not-allowed", "pyproject.toml", 21, "guard"),
    ]
    assert [c["line"] for c in doc["choices"]] == [15, 21]


def test_toml_line_index_handles_arrays_of_tables_and_dotted_keys() -> None:
    text = (
        "[tool.llm-advisor]\n"  # 1
        "policy.max_params = '7B'\n"  # 2
        "[[tool.llm-advisor.models]]\n"  # 3
        "name = 'a'\n"  # 4
        "[tool.llm-advisor.models.policy]\n"  # 5
        "licenses = [\n"  # 6
        "  'mit',  # a = 1\n"  # 7
        "]\n"  # 8
        "[[tool.llm-advisor.models]]\n"  # 9
        'name = """x\n'  # 10
        'y = 2"""\n'  # 11
        "model = 'b'\n"  # 12
    )
    index = toml_line_index(text)
    t = ("tool", "llm-advisor")
    assert index[t] == 1
    assert index[t + ("policy", "max_params")] == 2
    assert index[t + ("models", 0)] == 3 and index[t + ("models", 0, "name")] == 4
    assert index[t + ("models", 0, "policy", "licenses")] == 6
    assert index[t + ("models", 1)] == 9 and index[t + ("models", 1, "model")] == 12
    assert t + ("models", 1, "y") not in index  # inside a multi-line string


# --- scanning code ----------------------------------------------------------------------------------


def test_scan_reports_unlisted_references_at_their_source_lines(
    app: typer.Typer, in_dir: Any, tmp_path: Path
) -> None:
    repo = tmp_path / "scan"
    shutil.copytree(FIXTURES / "scan", repo)
    in_dir(repo)
    # not in the fixture: linters would trip on it; it names a call, so the prefilter lets it through to ast
    write(repo / "src" / "app" / "broken.py", "def oops(:\n    pipeline()\n")
    result = invoke(app, "check", "--scan", "src", "-f", "json")
    assert result.exit_code == 1
    doc = as_json(result)
    assert [(f["rule"], f["file"], f["line"], f["model_id"]) for f in doc["findings"]] == [
        ("scan-error", "src/app/broken.py", 1, None),
        ("license-not-allowed", "src/app/service.py", 17, "bigscience/bloom-560m"),
        ("unlisted-reference", "src/app/service.py", 17, "bigscience/bloom-560m"),
        ("unlisted-reference", "src/app/service.py", 18, "dslim/bert-base-NER"),
        ("unlisted-reference", "src/app/service.py", 19, "sentence-transformers/all-MiniLM-L6-v2"),
        ("unlisted-reference", "src/app/service.py", 21, "sentence-transformers/all-MiniLM-L6-v2"),
        ("unknown-model", "src/app/service.py", 25, "example-org/experimental-model"),
        ("unlisted-reference", "src/app/service.py", 25, "example-org/experimental-model"),
    ]
    code = [c for c in doc["choices"] if c["source"] == "code"]
    assert [(c["model_id"], c["line"], c["task"]) for c in code] == [
        ("bigscience/bloom-560m", 17, "text-classification"),
        ("dslim/bert-base-NER", 18, None),
        ("sentence-transformers/all-MiniLM-L6-v2", 19, None),
        ("example-org/experimental-model", 25, None),
    ]
    assert doc["summary"]["models"] == 6
    # without --scan the same manifest passes: the findings come from the code
    assert invoke(app, "check").exit_code == 0
    junit = ET.fromstring(invoke(app, "check", "--scan", "src", "-f", "junit").stdout)
    assert len(junit.findall("./testsuite/testcase")) == 7  # 6 model choices + the unparsable file


def test_unlisted_reference_can_be_ignored_by_policy(app: typer.Typer, tmp_path: Path, in_dir: Any) -> None:
    write(tmp_path / "llm-advisor.yaml", "policy:\n  ignore: [unlisted-reference]\nmodels: []\n")
    write(
        tmp_path / "app.py",
        "from transformers import pipeline\npipeline('ner', model='dslim/bert-base-NER')\n",
    )
    in_dir(tmp_path)
    result = invoke(app, "check", "--scan", "app.py", "-f", "json")
    assert result.exit_code == 0 and as_json(result)["findings"] == []


# --- policy overrides, the Hub cache, output handling --------------------------------------------------


def test_entry_policy_overrides_the_defaults_field_by_field(
    app: typer.Typer, tmp_path: Path, in_dir: Any
) -> None:
    write(
        tmp_path / "llm-advisor.yaml",
        f"""\
policy:
  max_params: 1B
  memory: 12GB
  ignore: [better-pick]
models:
  - name: big-ok
    task: text-generation
    model: Qwen/Qwen3-8B
    revision: {SHA}
    policy:
      max_params: 9B
      hardware: rtx-4090
  - name: big-bad
    task: text-generation
    model: Qwen/Qwen3-8B
    revision: {SHA}
  - name: unlimited
    task: text-generation
    model: Qwen/Qwen3-8B
    revision: {SHA}
    policy:
      max_params: null
      memory: null
""",
    )
    in_dir(tmp_path)
    doc = as_json(invoke(app, "check", "-f", "json"))
    by_choice: dict[str, set[str]] = {}
    for f in doc["findings"]:
        by_choice.setdefault(f["choice"], set()).add(f["rule"])
    # 8B at int4 needs ~5.5 GiB of weights + runtime + KV cache: it fits 12 GiB, so only the size limit bites
    assert by_choice == {"big-bad": {"too-large"}}


def test_models_from_the_hub_cache_are_known(
    app: typer.Typer, in_dir: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_dir(FIXTURES / "rules" / "unknown-model")
    record = {
        "id": "example-org/no-such-model",
        "architecture": "decoder-only",
        "params": 1_000_000_000,
        "license": "cc-by-nc-4.0",
        "languages": ["en"],
        "gated": False,
        "pipeline_tag": "text-generation",
        "context_length": 4096,
        "config": None,
    }
    fake = types.ModuleType("llm_advisor.hub.cache")
    fake.get_model = lambda name: record if name == record["id"] else None  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "llm_advisor.hub.cache", fake)
    result = invoke(app, "check", "-f", "json")
    assert result.exit_code == 0
    assert "unknown-model" not in {f["rule"] for f in as_json(result)["findings"]}


def test_hub_cache_records_meet_the_policy_like_catalog_models(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path / "llm-advisor.yaml",
        f"policy:\n  licenses: [permissive]\nmodels:\n  - name: x\n    task: chat\n    model: example-org/hub-only\n    revision: {SHA}\n",
    )
    record = {
        "id": "example-org/hub-only",
        "architecture": "decoder-only",
        "params": 10**9,
        "license": "cc-by-nc-4.0",
        "pipeline_tag": "text-generation",
    }
    fake = types.ModuleType("llm_advisor.hub.cache")
    fake.get_model = lambda name: record if name == record["id"] else None  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "llm_advisor.hub.cache", fake)
    report = run_check(catalog, load_manifest(tmp_path / "llm-advisor.yaml", tmp_path))
    assert [(f.rule, f.model_id) for f in report.findings] == [
        ("license-not-allowed", "example-org/hub-only")
    ]


def test_without_the_cache_module_the_model_is_unknown(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "llm_advisor.hub.cache", None)  # importing it raises ImportError
    write(
        tmp_path / "llm-advisor.yaml",
        f"models:\n  - name: x\n    task: chat\n    model: example-org/hub-only\n    revision: {SHA}\n",
    )
    report = run_check(catalog, load_manifest(tmp_path / "llm-advisor.yaml", tmp_path))
    assert [f.rule for f in report.findings] == ["unknown-model"]


def test_output_file_is_written_only_when_there_is_something_to_write(
    app: typer.Typer, in_dir: Any, tmp_path: Path
) -> None:
    in_dir(FIXTURES / "passing")
    text_out, json_out = tmp_path / "out.txt", tmp_path / "reports" / "out.json"
    assert invoke(app, "check", "-o", str(text_out)).exit_code == 0
    assert not text_out.exists()  # nothing to say
    result = invoke(app, "check", "-f", "json", "-o", str(json_out))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(json_out.read_text(encoding="utf-8"))["ok"] is True  # machine formats always
    in_dir(FIXTURES / "rules" / "too-large")
    result = invoke(app, "check", "-o", str(text_out))
    assert result.exit_code == 1 and result.stdout == ""
    assert "error[too-large]" in text_out.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", list(CheckFormat))
def test_running_twice_gives_byte_identical_output(
    app: typer.Typer, in_dir: Any, tmp_path: Path, fmt: CheckFormat
) -> None:
    in_dir(FIXTURES / "scan")
    first, second = tmp_path / "1", tmp_path / "2"
    for out in (first, second):
        invoke(app, "check", "--scan", "src", "-f", fmt.value, "-o", str(out))
    assert first.read_bytes() == second.read_bytes() and first.stat().st_size > 0


def test_usage_errors_exit_2(app: typer.Typer, in_dir: Any, tmp_path: Path) -> None:
    in_dir(tmp_path)
    result = invoke(app, "check")
    assert result.exit_code == 2 and "no llm-advisor.yaml" in result.stderr
    assert invoke(app, "check", "missing.yaml").exit_code == 2
    assert invoke(app, "check", "--scan", "no/such/dir").exit_code == 2
    assert invoke(app, "check", "--format", "yaml").exit_code == 2


# --- renderers ---------------------------------------------------------------------------------------


def test_every_format_renders_empty_and_non_empty_reports() -> None:
    empty = build_report([], [], strict=False)
    finding = Finding(
        rule="too-large",
        severity="error",
        message=m("check.scan_error", error="100% too big,\nreally"),
        file="dir, with/a:colon.yaml",
        line=3,
        choice="c",
        model_id="m",
    )
    full = build_report([finding], [], strict=False)
    for fmt in CheckFormat:
        assert bool(render(empty, fmt)) is (fmt in MACHINE_FORMATS)
        assert render(full, fmt) == render(full, fmt)
        assert render(full, fmt)
    assert (
        render(full, CheckFormat.github)
        == "::error file=dir%2C with/a%3Acolon.yaml,line=3,title=too-large::c (m): 100%25 too big,%0Areally\n"
    )
    validate_sarif(render(full, CheckFormat.sarif))
    assert ET.fromstring(render(full, CheckFormat.junit)).get("failures") == "1"


def test_report_model_round_trips() -> None:
    report = build_report(
        [
            Finding(
                rule="better-pick",
                severity="note",
                message=m("check.better_pick", model="x", task="t", score=0.9, own_score=0.5),
                suggestion="x",
            )
        ],
        [],
        strict=True,
    )
    assert report.ok is True  # notes never fail, even with --strict
    assert Report.model_validate_json(report.model_dump_json()) == report


def test_manifest_errors_are_pydantic_located(tmp_path: Path) -> None:
    path = write(tmp_path / "m.yaml", "models:\n  - name: a\n    task: chat\n    model: 'not a valid id'\n")
    with pytest.raises(ManifestError) as exc:
        load_manifest(path, tmp_path)
    (problem,) = exc.value.problems
    assert (problem.file, problem.line) == ("m.yaml", 4) and "models.0.model" in problem.message
    assert (
        Manifest.model_validate({"policy": {"max_params": "7B", "memory": "24GB"}}).policy.max_params
        == 7_000_000_000
    )


def test_pyproject_without_a_toml_parser_is_a_clear_manifest_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Python 3.10 has no tomllib; without the tomli backport the user is told what to do
    monkeypatch.setitem(sys.modules, "tomllib", None)
    monkeypatch.setitem(sys.modules, "tomli", None)
    with pytest.raises(ManifestError) as exc:
        load_manifest(FIXTURES / "pyproject" / "pyproject.toml", FIXTURES)
    assert "tomli" in str(exc.value) and exc.value.exit_code == 2


def test_the_manifest_examples_in_docs_ci_md_are_valid(catalog: Catalog, tmp_path: Path) -> None:
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    section = text.split("## The manifest", 1)[1]
    yaml_example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    toml_example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    report = run_check(catalog, load_manifest(write(tmp_path / "llm-advisor.yaml", yaml_example), tmp_path))
    assert report.findings == [] and report.summary.models == 2
    loaded = load_manifest(write(tmp_path / "pyproject.toml", toml_example), tmp_path)
    assert loaded.manifest.models[0].policy.max_params == 9_000_000_000
    assert loaded.line_of(["models", 0, "policy", "max_params"]) == 12
