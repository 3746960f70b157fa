"""What every `check` test shares: a test app with the `check` command, a catalog compiled once per module,
and helpers to run it from a chosen directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner, Result

from llm_advisor.cli.check import register


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("check-cache")


@pytest.fixture(autouse=True)
def _compiled_catalog_once(isolated_env: Path, shared_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # still isolated from the user's state, but the catalog is compiled once per module, not per test
    monkeypatch.setenv("LLM_ADVISOR_CACHE", str(shared_cache))


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """Test app: keeps `check` a named subcommand."""

    register(app)
    return app


@pytest.fixture
def in_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    def chdir(path: Path) -> Path:
        monkeypatch.chdir(path)
        return path

    yield chdir


def invoke(app: typer.Typer, *args: str) -> Result:
    return CliRunner().invoke(app, list(args))
