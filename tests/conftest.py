"""Shared fixtures: every state directory points into tmp_path; output is plain and fixed-width."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from llm_advisor.catalog.loader import Catalog, load_catalog
from llm_advisor.cli import app

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("LLM_ADVISOR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LANG", "C.UTF-8")
    for var in (
        "LLM_ADVISOR_CATALOG",
        "LLM_ADVISOR_LANG",
        "LC_ALL",
        "LC_MESSAGES",
        "LLM_ADVISOR_DEBUG",
        "HF_TOKEN",
    ):
        monkeypatch.delenv(var, raising=False)
    yield tmp_path


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The built-in catalog, compiled once for the session (read-only), never with a user's layers."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("LLM_ADVISOR_CATALOG", raising=False)
        return load_catalog(use_cache=False)


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    """Invoke the CLI in-process; stdout and stderr stay separate."""
    return CliRunner().invoke(app, list(args), env=env)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def flat(text: str) -> str:
    """Text with its wrapping undone (messages are compared as one line)."""
    return " ".join(text.split())


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail (instead of hanging the suite) when the block takes longer than `seconds`."""

    def expired(*_: object) -> None:
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
