"""Start-up guard: the common paths stay off the heavy imports (bench/startup.py measures the time)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = (
    "yaml",
    "rich",
    "llm_advisor.catalog.schema",
    "llm_advisor.catalog.compiler",
    "huggingface_hub",
    "httpx2",
    "sqlite3",
)


def imported_modules(args: list[str], cache: Path) -> set[str]:
    env = {"PATH": "/usr/bin:/bin", "LLM_ADVISOR_CACHE": str(cache), "HOME": str(cache), "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "llm_advisor", *args],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return {
        line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")
    }


def test_explain_piped_skips_heavy_modules(tmp_path: Path) -> None:
    imported_modules(["explain", "token"], tmp_path)  # first run compiles the catalog cache
    modules = imported_modules(["explain", "decoder-only"], tmp_path)
    assert "llm_advisor.catalog.loader" in modules  # the probe works
    loaded = sorted(m for m in modules for heavy in HEAVY if m == heavy or m.startswith(heavy + "."))
    assert loaded == [], f"start-up path imports {loaded}"


def test_first_run_compiles_then_reuses_the_catalog_cache(tmp_path: Path) -> None:
    first = imported_modules(["explain", "token"], tmp_path)
    assert "llm_advisor.catalog.compiler" in first and "yaml" in first
    assert "llm_advisor.catalog.compiler" not in imported_modules(["explain", "token"], tmp_path)
