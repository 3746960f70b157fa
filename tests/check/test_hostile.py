"""Hostile names in every `check` format (issue 14): manifest names and keys, scanned file names and the
manifest's own file name carrying OSC-8 links, erase sequences, newlines that would start a forged `::error`
workflow command, bidi marks and characters XML forbids. Text and github stay one line per finding,
JUnit parses, SARIF validates, JSON keeps the data exact; and `check --help` shows `[tool.llm-advisor]`."""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
import typer
import yaml
from typer.testing import Result

from llm_advisor.check.manifest import display_path
from llm_advisor.render.check_formats import CheckFormat
from tests.check.conftest import invoke
from tests.conftest import REPO, run, write

FIXTURES = REPO / "tests" / "fixtures" / "check" / "hostile"
SARIF_SCHEMA = json.loads(
    (REPO / "tests" / "fixtures" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
# what must never reach a terminal or a log raw: C0 but tab and newline, DEL, C1, bidi and zero-width marks,
# line separators (the JUnit report is also parsed, so the characters XML forbids cannot hide there)
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
HOSTILE_FILES = [
    "\x1b]8;;mailto:x@evil.example\x07link\x1b]8;;\x07.py",  # (a file name cannot hold a slash)
    "\x1b[2J\x1b[2Kerase.py",
    "nl\n::error file=forged.py,line=1::forged.py",
    "cr\r::warning::forged\r.py",
    "bidi\u202e\u2066yp.py",
    "tab\tsep\u2028.py",
]
REFERENCE = 'AutoModel.from_pretrained("org/unlisted")\n'


@pytest.fixture
def hostile_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The hostile manifest, plus code files whose names are hostile, each with an unlisted reference."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "manifest", root)
    (root / ".git").mkdir()
    src = root / "src"
    src.mkdir()
    for name in HOSTILE_FILES:
        (src / name).write_text(REFERENCE, encoding="utf-8")
    (src / "syntax\x1b[31m.py").write_text(
        "pipeline\ndef f(:\n", encoding="utf-8"
    )  # a scan-error on a hostile name
    with open(
        os.path.join(os.fsencode(src), b"latin1-\xff\xfe.py"), "w", encoding="utf-8"
    ) as fh:  # not UTF-8
        fh.write(REFERENCE)
    monkeypatch.chdir(root)
    yield root


def report(app: typer.Typer, tmp_path: Path, fmt: str, *args: str) -> tuple[Result, str]:
    """Run check into a file (the bytes a CI collector reads), in UTF-8."""
    out = tmp_path / f"report.{fmt}"
    out.unlink(missing_ok=True)
    result = invoke(app, "check", *args, "-f", fmt, "-o", str(out))
    assert result.exit_code in (1, 2), (result.stderr, result.exception)
    return result, out.read_text(encoding="utf-8") if out.exists() else ""


def assert_safe(fmt: str, text: str, findings: int) -> None:
    """The format's own contract, plus: nothing unsafe raw, one line (text, github) per finding."""
    assert findings > 0
    if fmt == "json":  # data: control characters stay, but only as JSON escapes
        assert not UNSAFE.search(text.replace("\n", "")), UNSAFE.search(text)
        assert len(json.loads(text)["findings"]) == findings
        return
    # U+2028/9 end a line only for line-oriented readers of the text format (the Actions runner splits at \n)
    unsafe = UNSAFE.search(text if fmt == "text" else text.replace("\u2028", "").replace("\u2029", ""))
    assert not unsafe, (fmt, unsafe)
    if fmt == "text":
        lines = text.splitlines()  # splitlines also breaks on \r, \x1c-\x1e, \x85, U+2028/9: none may occur
        assert len(lines) == findings and text.count("\n") == findings
        assert all(re.match(r"^[^:].*?(:\d+)?: (error|warning|note)\[[a-z-]+\] ", line) for line in lines), (
            lines
        )
    elif fmt == "github":
        lines = text.split("\n")[:-1]  # the runner reads lines split at \n
        assert len(lines) == findings and text.count("\r") == 0
        for line in lines:
            level, props, _ = re.fullmatch(r"::(error|warning|notice) ([^:]*)::(.*)", line).groups()  # type: ignore[union-attr]
            keys = [
                prop.split("=", 1)[0] for prop in props.split(",")
            ]  # a name cannot add a property of its own
            assert keys in (["file", "line", "title"], ["file", "title"], ["title"]), line
    elif fmt == "junit":
        root = ET.fromstring(text)
        assert root.tag == "testsuites"
    elif fmt == "sarif":
        doc = json.loads(text)
        jsonschema.Draft4Validator(SARIF_SCHEMA).validate(doc)
        assert len(doc["runs"][0]["results"]) == findings


@pytest.mark.parametrize("fmt", [f.value for f in CheckFormat])
def test_hostile_names_and_file_names_are_safe_in_every_format(
    app: typer.Typer, hostile_repo: Path, tmp_path: Path, fmt: str
) -> None:
    _, doc_text = report(app, tmp_path, "json", "--scan", "src")
    doc = json.loads(doc_text)
    findings = len(doc["findings"])
    # every hostile name and file reached the report (otherwise this test would prove nothing)
    names = yaml.safe_load((FIXTURES / "manifest" / "llm-advisor.yaml").read_text(encoding="utf-8"))["models"]
    assert {c["name"] for c in doc["choices"] if c["source"] == "manifest"} == {
        n["name"] for n in names
    }  # exact data
    files = {f["file"] for f in doc["findings"]}
    assert {f"src/{name}" for name in HOSTILE_FILES} <= files
    assert "src/latin1-\\xff\\xfe.py" in files and "src/syntax\x1b[31m.py" in files
    result, text = report(app, tmp_path, fmt, "--scan", "src")
    assert result.exit_code == 1
    assert_safe(fmt, text, findings)


def test_the_forged_workflow_command_is_data_in_github_format(
    app: typer.Typer, hostile_repo: Path, tmp_path: Path
) -> None:
    _, text = report(app, tmp_path, "github", "--scan", "src")
    forged = [line for line in text.split("\n") if "forged annotation" in line]
    assert forged and all(
        line.startswith("::error file=llm-advisor.yaml,")
        or line.startswith("::warning file=llm-advisor.yaml,")
        for line in forged
    )
    assert all("newline%0A::error file=src/forged.py" in line for line in forged)
    # a hostile file name is a property value: its newline and its colons and commas are escaped
    assert "file=src/nl%0A%3A%3Aerror file=forged.py%2Cline=1%3A%3Aforged.py,line=1," in text


@pytest.mark.parametrize("fmt", [f.value for f in CheckFormat])
def test_hostile_keys_in_an_invalid_manifest_are_safe_in_every_format(
    app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "keys", root)
    (root / ".git").mkdir()
    monkeypatch.chdir(root)
    result, text = report(app, tmp_path, fmt)
    assert result.exit_code == 2
    assert_safe(fmt, text, 3)  # three unknown keys; the bad hardware and task come once the keys are fixed
    assert not UNSAFE.search(result.stderr.replace("\n", ""))


@pytest.mark.parametrize("fmt", [f.value for f in CheckFormat])
def test_a_hostile_manifest_file_name_is_safe_in_every_format(
    app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    monkeypatch.chdir(root)
    name = "m\x1b[2J\n::error file=forged.py::x\u202e.yaml"
    write(
        root / name,
        "policy:\n  max_params: 1B\nmodels:\n  - name: a\n    task: text-generation\n    model: Qwen/Qwen3-8B\n",
    )
    doc = json.loads(report(app, tmp_path, "json", name)[1])
    assert {f["file"] for f in doc["findings"]} == {name}  # the data stays exact
    result, text = report(app, tmp_path, fmt, name)
    assert result.exit_code == 1
    assert_safe(
        fmt, text, len(doc["findings"])
    )  # too-large, revision-not-pinned (and perhaps a better-pick note)


def test_invalid_manifest_values_on_stderr_are_clean(
    app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    result = invoke(app, "check", "no\x1b]8;;https://evil.example/\x07such\x1b]8;;\x07.yaml", "-f", "json")
    assert result.exit_code == 2 and "\x1b" not in result.stderr and "\x1b" not in result.stdout


def test_file_names_that_are_not_utf8_are_shown_with_byte_escapes(tmp_path: Path) -> None:
    path = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"caf\xe9.py")))
    assert display_path(path, tmp_path) == "caf\\xe9.py"  # the byte shown, in a name every format can encode
    assert display_path(tmp_path / "café.py", tmp_path) == "café.py"


def test_check_help_shows_the_pyproject_table_name() -> None:
    result = run("check", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())  # the help is wrapped in a box
    assert "[tool.llm-advisor]" in text and "\\[" not in text
    cli_md = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert "[tool.llm-advisor]" in " ".join(cli_md.split())
