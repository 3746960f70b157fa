"""Where llm-advisor finds its built-in catalog and keeps its cache."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path


def builtin_catalog_dir() -> Path:
    """The catalog data shipped inside the wheel (`llm_advisor/data/catalog`).

    In a source checkout (editable install) the wheel mapping does not exist, so fall back
    to the repository's top-level `catalog/`.
    """
    packaged = Path(str(resources.files("llm_advisor"))) / "data" / "catalog"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "catalog"


def user_catalog_dirs(cli_dirs: list[Path] | None = None) -> list[Path]:
    """User catalog layers, lowest priority first: LLM_ADVISOR_CATALOG, then --catalog."""
    env = os.environ.get("LLM_ADVISOR_CATALOG", "")
    dirs = [Path(p) for p in env.split(os.pathsep) if p]
    return dirs + list(cli_dirs or [])


def cache_dir() -> Path:
    """LLM_ADVISOR_CACHE, else the platform's user cache directory."""
    env = os.environ.get("LLM_ADVISOR_CACHE")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("llm-advisor", appauthor=False))
