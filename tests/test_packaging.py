"""The package as users get it: a built wheel in a clean venv, the README's commands, --help and --version."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from llm_advisor import __version__
from tests.conftest import REPO, run


@pytest.mark.slow
def test_wheel_installs_into_a_clean_venv_and_runs(tmp_path: Path) -> None:
    """An editable install can hide a missing data file; a wheel in a fresh venv cannot."""
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("llm_advisor-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    catalog_files = sorted(
        p.relative_to(REPO / "catalog").as_posix() for p in (REPO / "catalog").rglob("*.yaml")
    )
    assert catalog_files and all(f"llm_advisor/data/catalog/{name}" in names for name in catalog_files)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "-q", str(wheel)], capture_output=True, text=True
    )
    assert pip.returncode == 0, pip.stderr[-2000:]
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LLM_ADVISOR_CACHE": str(tmp_path / "c"),
    }
    out = subprocess.run(
        ["llm-advisor", "explain", "decoder-only"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert "decoder-only" in out.stdout
    main_job = subprocess.run(
        ["llm-advisor", "recommend", "--task", "summarization"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert main_job.returncode == 0, main_job.stderr
    assert "Task: Summarization" in main_job.stdout and "objective:" in main_job.stdout
    api_code = "from llm_advisor import recommend; print(recommend(task='summarization').picks[0].model_id)"
    api_job = subprocess.run(
        [str(venv / "bin" / "python"), "-c", api_code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert api_job.returncode == 0 and api_job.stdout.strip() in main_job.stdout, api_job.stderr
    check = subprocess.run(
        ["llm-advisor", "catalog", "validate"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    # no dev dependency leaked into the runtime: pytest is not importable there
    probe = subprocess.run([str(venv / "bin" / "python"), "-c", "import pytest"], capture_output=True)
    assert probe.returncode != 0


def _readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    setup = text.split("## Set up on a fresh machine", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", setup)


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_second() -> None:
    main_cmd, test_cmd = _readme_commands()
    assert main_cmd.startswith(
        "python3 -m venv .venv && . .venv/bin/activate && pip install . && llm-advisor "
    )
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    prefix = "python3 -m venv .venv && . .venv/bin/activate && "
    assert test_cmd.startswith(prefix)
    assert test_cmd.removeprefix(prefix) in ci.splitlines()


def test_readme_main_command_works() -> None:
    main_cmd, _ = _readme_commands()
    args = main_cmd.split("llm-advisor ", 1)[1].split()
    result = run(*args)
    assert result.exit_code == 0 and result.stdout.strip()


def test_version() -> None:
    for flag in ("--version", "-V"):
        result = run(flag)
        assert result.exit_code == 0 and result.stdout.strip() == f"llm-advisor {__version__}"


def _command_paths() -> list[list[str]]:
    from llm_advisor.cli import app
    from llm_advisor.cli.docgen import command_paths

    groups = {g.name for g in app.registered_groups}
    return [p for p in command_paths() if p and not (len(p) == 1 and p[0] in groups)]


def test_every_command_has_help_with_examples() -> None:
    paths = _command_paths()
    assert ["explain"] in paths and ["list"] in paths and ["catalog", "validate"] in paths
    for path in paths:
        result = run(*path, "--help")
        assert result.exit_code == 0, path
        assert "Examples" in result.stdout, path
        assert len(re.findall(r"llm-advisor " + re.escape(path[0]), result.stdout)) >= 3, path


def test_cli_reference_doc_is_current() -> None:
    from llm_advisor.cli.docgen import cli_reference, typer_version

    doc = REPO / "docs" / "cli.md"
    if f"(typer {typer_version()})" not in doc.read_text(encoding="utf-8").splitlines()[0]:
        pytest.skip(
            "docs/cli.md was generated with another typer version (help layout differs between versions)"
        )
    expected = cli_reference()
    if doc.read_text(encoding="utf-8") != expected:
        pytest.fail("docs/cli.md is stale: run `python -m llm_advisor.cli.docgen` and commit the result")
    for path in _command_paths():
        assert f"## llm-advisor {' '.join(path)}" in expected


def test_shell_completion_offers_catalog_ids(tmp_path: Path) -> None:
    def complete(words: str) -> list[str]:
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "LLM_ADVISOR_CACHE": str(tmp_path / "c"),
            "_LLM_ADVISOR_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - 1),
        }
        proc = subprocess.run([sys.executable, "-m", "llm_advisor"], env=env, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.split()

    assert complete("llm-advisor explain deco") == ["decoder-only"]
    assert {"a100-40gb", "a100-80gb", "a10g"} <= set(complete("llm-advisor recommend --hardware a1"))
    assert "summarization" in complete("llm-advisor recommend --task summ")


def test_readme_demo_is_real_output() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    command = "$ llm-advisor recommend --task summarization --hardware a10g\n"
    shown = text.split(command, 1)[1].split("\n              …", 1)[0].splitlines()
    result = run(*command[2:].split()[1:])  # conftest fixes COLUMNS=100 and NO_COLOR, as the demo was made
    assert result.exit_code == 0
    assert shown == result.stdout.splitlines()[: len(shown)], (
        "README demo is stale: regenerate it from real output"
    )


def regenerate_readme_demo(lines: int = 30) -> None:
    """Rewrite the README demo from real output (`python -m tests.test_packaging`)."""
    import os

    os.environ.update({"COLUMNS": "100", "NO_COLOR": "1"})
    path = REPO / "README.md"
    text = path.read_text(encoding="utf-8")
    command = "$ llm-advisor recommend --task summarization --hardware a10g\n"
    head, rest = text.split(command, 1)
    tail = rest.split("\n              …", 1)[1]
    result = run(*command[2:].split()[1:])
    shown = "\n".join(result.stdout.splitlines()[:lines])
    path.write_text(head + command + shown + "\n              …" + tail, encoding="utf-8")
    print(f"updated {path}")


if __name__ == "__main__":
    regenerate_readme_demo()
