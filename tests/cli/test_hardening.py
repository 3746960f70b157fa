"""Hostile values at the CLI boundary: absurd numbers, long paths, non-UTF-8 environment values, a full
stdout, a narrow encoding. Each is one sentence and an exit code, never a traceback or exit 3; JSON output
is always strict."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from llm_advisor.errors import UsageError
from llm_advisor.recommend.constraints import Constraints, parse_memory, parse_params
from llm_advisor.render.output import Output, finite
from tests.conftest import flat, run, write

MANIFEST = """\
policy:
  max_params: '1e400'
  batch: {batch}
models:
  - name: chat
    task: text-generation
    model: Qwen/Qwen2.5-7B-Instruct
"""


@pytest.fixture(autouse=True)
def shared_cache(
    isolated_env: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """One compiled catalog for the module (its key is content only), for in-process and subprocess runs."""
    cache = tmp_path_factory.getbasetemp() / "cli-hardening-cache"
    monkeypatch.setenv("LLM_ADVISOR_CACHE", str(cache))
    return cache


def cli(
    *args: str | bytes, stdout: Any = subprocess.PIPE, **env: str | bytes
) -> subprocess.CompletedProcess[bytes]:
    """The real entry point in a child process (real file descriptors, real encodings)."""
    base = {
        k.encode(): v.encode()
        for k, v in os.environ.items()
        if k in ("PATH", "LLM_ADVISOR_CACHE", "HF_HOME", "HF_HUB_OFFLINE", "NO_COLOR", "COLUMNS", "LANG")
    }
    base.update({k.encode(): v if isinstance(v, bytes) else v.encode() for k, v in env.items()})
    argv = [
        sys.executable.encode(),
        b"-m",
        b"llm_advisor",
        *(a if isinstance(a, bytes) else a.encode() for a in args),
    ]
    return subprocess.run(argv, stdout=stdout, stderr=subprocess.PIPE, env=base, timeout=120, check=False)


def no_crash(stderr: bytes | str) -> None:
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    assert "Traceback" not in text and "internal error" not in text and "Exception ignored" not in text, text


# -------------------------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (
            ("--max-params", "1e400"),
            "parameter count '1e400' is too large; the largest accepted is 100T (1e14)",
        ),
        (("--max-params", "9" * 400), "is too large; the largest accepted is 100T (1e14)"),
        (("--min-params", "200T"), "parameter count '200T' is too large"),
        (("--memory", "9" * 400 + "GB"), "is too large; the largest accepted is 1 PiB (1048576 GB)"),
        (("--memory", "2048TB"), "memory '2048TB' is too large"),
        # the framework words these two differently across typer versions; ours or its, both name the option
        (("--max-cost", "inf"), ("Input should be less than or equal to 1000000", "--max-cost")),
        (("--max-cost", "nan"), ("Invalid value for '--max-cost'", "max cost must be a number")),
        (("--context", "1" * 400), "Invalid value for '--context'"),
        (("--batch", "1" * 400), "Invalid value for '--batch'"),
        (("--examples", "1" * 400), "Invalid value for '--examples'"),
        (("--top", "1" * 400), "Invalid value for '--top'"),
    ],
)
def test_absurd_recommend_numbers_are_usage_errors(
    args: tuple[str, ...], sentence: str | tuple[str, ...]
) -> None:
    result = run("recommend", "--task", "chat", *args, "--format", "json")
    assert result.exit_code == 2, result.output
    accepted = (sentence,) if isinstance(sentence, str) else sentence
    assert any(s in flat(result.stderr) for s in accepted), result.stderr
    assert result.stdout == ""
    no_crash(result.stderr)


def test_bounds_are_inclusive() -> None:
    assert parse_params("100T") == 10**14
    assert parse_memory("1024TB") == 1024.0**2
    with pytest.raises(UsageError, match="too large"):
        parse_params("100.1T")
    with pytest.raises(UsageError, match="too large"):
        parse_memory("1025TB")


def test_constraints_refuse_non_finite_values_from_any_caller() -> None:
    bad: dict[str, Any]
    for bad in (
        {"max_cost": math.inf},
        {"max_cost": math.nan},
        {"memory_gb": math.inf},
        {"context": 10**400},
        {"batch": 0},
    ):
        with pytest.raises(UsageError):
            Constraints(task="chat", **bad)


def test_manifest_numbers_beyond_the_bounds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "llm-advisor.yaml", MANIFEST.format(batch="1" * 400))
    monkeypatch.chdir(tmp_path)
    result = run("check")
    assert result.exit_code == 2, result.output
    assert (
        "llm-advisor.yaml:2: error[invalid-manifest] policy.max_params: parameter count '1e400' is too large"
        in result.stdout
    )
    assert (
        "llm-advisor.yaml:3: error[invalid-manifest] policy.batch: Input should be less than or equal to 1000000"
        in result.stdout
    )
    no_crash(result.stderr)


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("memory", ".inf", "policy.memory: Input should be less than or equal to 1048576"),
        ("max_cost", ".nan", "policy.max_cost: Input should be"),
        ("max_cost", "1.0e+400", "policy.max_cost: Input should be less than or equal to 1000000"),
        ("context", "1" * 400, "policy.context: Input should be less than or equal to 100000000"),
        ("context", "1" * 5000, "a number too long to read (5,000 characters)"),
        ("batch", "1" * 400, "policy.batch: Input should be less than or equal to 1000000"),
    ],
)
def test_each_manifest_number_is_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, field: str, value: str, problem: str
) -> None:
    text = MANIFEST.replace("  max_params: '1e400'\n", "").replace(
        "  batch: {batch}\n", f"  {field}: {value}\n"
    )
    write(tmp_path / "llm-advisor.yaml", text)
    monkeypatch.chdir(tmp_path)
    result = run("check", "--format", "json")
    assert result.exit_code == 2, result.output
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["rule"], finding["file"], finding["line"]) == ("invalid-manifest", "llm-advisor.yaml", 2)
    assert finding["message"]["text"].startswith(problem), finding["message"]["text"]
    no_crash(result.stderr)


def test_pyproject_with_a_5000_digit_number(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", "[tool.llm-advisor.policy]\nbatch = " + "1" * 5000 + "\n")
    monkeypatch.chdir(tmp_path)
    result = run("check")
    assert result.exit_code == 2
    assert "invalid TOML" in result.stdout
    no_crash(result.stderr)


# ---------------------------------------------------------------------------------------- strict JSON


def test_json_output_never_prints_infinity_or_nan(capsys: pytest.CaptureFixture[str]) -> None:
    Output().json({"a": math.inf, "b": [-math.inf, math.nan, 1.5], "c": {"d": math.nan}, "e": "inf"})
    out, err = capsys.readouterr()

    def refuse(name: str) -> None:
        raise AssertionError(f"non-standard JSON constant {name}")

    assert json.loads(out, parse_constant=refuse) == {
        "a": None,
        "b": [None, None, 1.5],
        "c": {"d": None},
        "e": "inf",
    }
    assert "4 number(s) that are not finite (Infinity or NaN) were written as null" in err


def test_finite_leaves_finite_documents_alone() -> None:
    doc = {"a": [1, 2.5, "x", None, True], "b": {"c": -0.0}}
    assert finite(doc) == (doc, 0)


def test_json_note_in_chinese(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_ADVISOR_LANG", "zh")
    Output().json([math.nan])
    assert "有 1 个非有限数值（Infinity 或 NaN）已写为 null" in capsys.readouterr().err


# -------------------------------------------------------------------------------- paths and the OS


@pytest.mark.parametrize("command", [("info",), ("catalog", "validate"), ("check",)])
def test_path_arguments_over_255_bytes(tmp_path: Path, command: tuple[str, ...]) -> None:
    result = run(*command, str(tmp_path / ("x" * 300)))
    assert result.exit_code == 2, result.output
    no_crash(result.output)


def test_os_errors_are_one_sentence_with_exit_2(tmp_path: Path) -> None:
    long = str(tmp_path / ("x" * 300) / "config.json")  # info reads it: ENAMETOOLONG
    result = run("info", long)
    assert result.exit_code == 2
    assert "File name too long" in flat(result.stderr) or "no such file or directory" in flat(result.stderr)
    no_crash(result.stderr)


def test_non_utf8_catalog_environment_value(tmp_path: Path, shared_cache: Path) -> None:
    layer = os.fsencode(tmp_path) + b"/layer\xff"
    os.makedirs(layer)
    with open(layer + b"/t.yaml", "wb") as fh:
        fh.write(b"glossary: []\n")
    ok = cli(
        "catalog",
        "validate",
        "--format",
        "json",
        LLM_ADVISOR_CATALOG=layer,
        LLM_ADVISOR_CACHE=str(shared_cache),
    )
    no_crash(ok.stderr)
    assert json.loads(ok.stdout)["layers"][-1].endswith("/layer\udcff")  # a valid \udcff escape in the JSON
    listed = cli("list", "tasks", LLM_ADVISOR_CATALOG=layer, LLM_ADVISOR_CACHE=str(shared_cache))
    assert listed.returncode == 0, listed.stderr
    missing = cli(
        "list",
        "tasks",
        LLM_ADVISOR_CATALOG=os.fsencode(tmp_path) + b"/gone\xfe",
        LLM_ADVISOR_CACHE=str(shared_cache),
    )
    assert missing.returncode == 2
    assert b"/gone\\xfe: catalog directory not found" in missing.stderr
    no_crash(missing.stderr)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args", [("list", "tasks"), ("list", "tasks", "--format", "json"), ("--help",), ("--version",)]
)
def test_stdout_on_dev_full(args: tuple[str, ...], shared_cache: Path) -> None:
    with open("/dev/full", "wb") as full:
        proc = cli(*args, stdout=full, LLM_ADVISOR_CACHE=str(shared_cache))
    assert proc.returncode == 2
    assert proc.stderr.decode().strip() == "error: cannot write the output: No space left on device"


def test_ascii_stdout_with_chinese_output(shared_cache: Path) -> None:
    text = cli(
        "explain", "仅编码器", "--lang", "zh", PYTHONIOENCODING="ascii", LLM_ADVISOR_CACHE=str(shared_cache)
    )
    assert text.returncode == 2
    assert "the output cannot be shown in the ascii encoding of stdout" in flat(text.stderr.decode())
    assert b"PYTHONIOENCODING=utf-8" in text.stderr
    no_crash(text.stderr)
    machine = cli(
        "explain",
        "仅编码器",
        "--lang",
        "zh",
        "--format",
        "json",
        PYTHONIOENCODING="ascii",
        LLM_ADVISOR_CACHE=str(shared_cache),
    )
    assert machine.returncode == 0, machine.stderr
    assert machine.stdout.isascii() and json.loads(machine.stdout)["id"] == "encoder-only"


def test_text_output_escapes_lone_surrogates(capsys: pytest.CaptureFixture[str]) -> None:
    Output().raw("layer\udcff/t.yaml:0: catalog directory not found")
    assert capsys.readouterr().out == "layer\\xff/t.yaml:0: catalog directory not found\n"
