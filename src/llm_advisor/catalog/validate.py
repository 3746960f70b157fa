"""`catalog validate`: every schema, cross-reference, coverage, freshness and evidence problem, with file:line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from llm_advisor.catalog.compiler import compile_catalog, coverage_problems
from llm_advisor.catalog.freshness import evidence_problems, freshness, freshness_problems
from llm_advisor.catalog.loader import catalog_layers
from llm_advisor.catalog.schema import SECTIONS


def validate(extra_dirs: list[Path]) -> dict[str, Any]:
    """Validate the built-in catalog with `extra_dirs` layered over it (never uses the cache).

    The coverage, freshness and evidence rules run on a catalog that compiles (they need its data);
    `freshness` reports, per task, the newest curated model and its age against the catalog's `as_of`.
    """
    data, problems = compile_catalog(catalog_layers(extra_dirs))
    report = freshness(data) if not problems else None
    if report is not None:
        problems = coverage_problems(data) + freshness_problems(data, report) + evidence_problems(data)
    return {
        "schema_version": 1,
        "ok": not problems,
        "layers": [str(d) for d, _ in catalog_layers(extra_dirs)],
        "counts": {name: len(data[name]) for name in SECTIONS},
        "freshness": report,
        "problems": [{"file": p.file, "line": p.line, "message": p.message} for p in problems],
    }
