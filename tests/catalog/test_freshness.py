"""Freshness and evidence rules (catalog/freshness.py): dates, ages against as_of, problems with file:line,
`catalog validate` on the built-in catalog and on layers, the recommend footer, and the docs table.

Regenerate the freshness table in docs/catalog.md with `python -m tests.catalog.test_freshness`.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from llm_advisor.catalog.compiler import compile_catalog
from llm_advisor.catalog.freshness import (
    MAJOR_TASKS,
    STALE_AFTER_MONTHS,
    evidence_problems,
    freshness,
    freshness_problems,
    months_between,
    parse_date,
    review_notes,
)
from llm_advisor.paths import builtin_catalog_dir
from llm_advisor.render.messages import text
from tests.conftest import REPO, run, write

DOCS = REPO / "docs" / "catalog.md"
FRESHNESS_BLOCK = re.compile(r"(<!-- freshness:start -->\n)(.*?)(<!-- freshness:end -->)", re.DOTALL)


def builtin_data() -> dict[str, Any]:
    """The built-in catalog alone (no user layers), compiled with its origins."""
    data, problems = compile_catalog([(builtin_catalog_dir(), True)])
    assert problems == []
    return data


@pytest.fixture(scope="module")
def builtin() -> dict[str, Any]:
    return builtin_data()


# ------------------------------------------------------------------------------------------- dates


def test_dates_and_month_arithmetic() -> None:
    assert parse_date("2025-11") == date(2025, 11, 1)  # an unknown day counts as the first
    assert parse_date("2026-02-28") == date(2026, 2, 28)
    assert parse_date("2026-02-30") is None and parse_date("2026") is None and parse_date(None) is None
    assert months_between(date(2025, 12, 1), date(2026, 12, 1)) == 12
    assert months_between(date(2025, 11, 30), date(2026, 12, 1)) == 12
    assert months_between(date(2025, 12, 2), date(2026, 12, 1)) == 11
    assert months_between(date(2026, 3, 1), date(2026, 1, 1)) == -2


def model(mid: str, released: str | None, *tasks: str, hosted: bool = False, **tier: Any) -> dict[str, Any]:
    evidence = tier or {"editorial": "A judgement that needs no benchmark here."}
    return {
        "id": mid,
        "hosted": hosted,
        "release_date": released,
        "family": "Fam",
        "tasks": [{"id": t, "tier": "good", "eval": None, "editorial": None, **evidence} for t in tasks],
        "strengths": {"en": "Good.", "zh": "好。"},
        "limits": {"en": "Small.", "zh": "小。"},
    }


def data_of(
    models: list[dict[str, Any]],
    as_of: str = "2026-12-01",
    tasks: tuple[str, ...] = ("translation", "fill-mask"),
) -> dict[str, Any]:
    return {
        "models": {m["id"]: m for m in models},
        "tasks": {t: {"id": t} for t in tasks},
        "scoring": {"default": {"as_of": as_of}},
        "origins": {
            "tasks": {t: f"catalog/tasks.yaml:{10 * (i + 1)}" for i, t in enumerate(tasks)},
            "models": {m["id"]: f"catalog/models/x.yaml:{i + 1}" for i, m in enumerate(models)},
            "scoring": {"default": "catalog/scoring.yaml:6"},
        },
    }


# ----------------------------------------------------------------------------------------- freshness


def test_newest_model_per_task_with_age_and_count() -> None:
    data = data_of(
        [
            model("a/old", "2023-05", "translation", "fill-mask"),
            model("a/new", "2026-05-21", "translation"),
            model("a/undated", None, "translation"),
            model(
                "api/hosted", "2026-11", "translation", hosted=True
            ),  # hosted entries are not curated open models
        ]
    )
    rows = {r["task"]: r for r in freshness(data)["tasks"]}
    assert rows["translation"] == {
        "task": "translation", "major": True, "models": 3, "newest": "a/new", "release_date": "2026-05-21",
        "age_months": 6, "stale": False,
    }  # fmt: skip
    assert rows["fill-mask"]["newest"] == "a/old" and rows["fill-mask"]["age_months"] == 43
    assert (
        rows["fill-mask"]["major"] is False and rows["fill-mask"]["stale"] is False
    )  # old, but not a major task


@pytest.mark.parametrize(
    ("released", "stale"),
    [("2025-12", False), ("2025-12-01", False), ("2025-11-30", True), ("2025-11", True), ("2024-01", True)],
)
def test_a_major_task_is_stale_after_twelve_months(released: str, stale: bool) -> None:
    data = data_of([model("a/m", released, "translation")])
    problems = freshness_problems(data)
    assert bool(problems) is stale
    if stale:
        (problem,) = problems
        assert (problem.file, problem.line) == ("catalog/tasks.yaml", 10)
        assert f"newest curated model a/m ({released})" in problem.message
        assert f"limit {STALE_AFTER_MONTHS}" in problem.message and "as_of 2026-12-01" in problem.message


def test_missing_as_of_is_a_problem_at_the_scoring_entry() -> None:
    data = data_of([model("a/m", "2026-01", "translation")], as_of="")
    (problem,) = freshness_problems(data)
    assert (problem.file, problem.line) == ("catalog/scoring.yaml", 6) and "as_of" in problem.message


def test_major_tasks_exist_in_the_catalog(builtin: dict[str, Any]) -> None:
    assert [t for t in MAJOR_TASKS if t not in builtin["tasks"]] == []


# ------------------------------------------------------------------------------------------ evidence


def test_every_tier_needs_dated_evidence_or_a_justification() -> None:
    sourced = {
        "benchmark": "B",
        "metric": "m",
        "value": 1.0,
        "source": "https://example.org/b",
        "date": "2026-01",
    }
    data = data_of(
        [
            model("ok/eval", "2026-01", "translation", eval=sourced),
            model("ok/editorial", "2026-01", "translation"),
            model("no/date", "2026-01", "translation", eval={**sourced, "date": None}),
            model("no/source", "2026-01", "translation", eval={**sourced, "source": None, "date": None}),
            model("no/evidence", "2026-01", "translation", eval=None, editorial=None),
            model("draft/todo", "2026-01", "translation", editorial="TODO: evidence"),
            model("no/release", None, "translation"),
        ]
    )
    found = {(p.line, p.message) for p in evidence_problems(data)}
    assert found == {
        (3, "models 'no/date': task 'translation': the eval (B) lacks date"),
        (4, "models 'no/source': task 'translation': the eval (B) lacks source and date"),
        (
            5,
            "models 'no/evidence': task 'translation': tier 'good' has no evidence (an eval with source and date, or an editorial)",
        ),
        (
            6,
            "models 'draft/todo': task 'translation': the tier's editorial is a placeholder ('TODO: evidence'); cite an eval or justify it",
        ),
        (
            7,
            "models 'no/release': release_date is missing (from the model card, paper or the repo's first commit)",
        ),
    }


def test_builtin_models_are_dated_and_every_tier_has_evidence(builtin: dict[str, Any]) -> None:
    """Done means (issue 11): every model has a release date, every tier an eval with source and date or an
    editorial justification."""
    assert [str(p) for p in evidence_problems(builtin)] == []


def test_builtin_major_tasks_are_current(builtin: dict[str, Any]) -> None:
    """No major task's newest curated model is more than STALE_AFTER_MONTHS months older than as_of."""
    assert [str(p) for p in freshness_problems(builtin)] == []


# ------------------------------------------------------------------------------------ catalog validate


def test_validate_reports_freshness_per_task(builtin: dict[str, Any]) -> None:
    result = run("catalog", "validate", "--format", "json")
    report = json.loads(result.stdout)
    fresh = report["freshness"]
    assert fresh["as_of"] == builtin["scoring"]["default"]["as_of"] and fresh["stale_after_months"] == 12
    assert [r["task"] for r in fresh["tasks"]] == list(builtin["tasks"])
    text_out = run("catalog", "validate").stdout
    assert "newest model" in text_out and f"months before {fresh['as_of']}" in text_out


LAYER_MODEL = """\
models:
  - id: acme/undated-model
    family: Acme
    architecture: decoder-only
    license: apache-2.0
    tasks:
      - id: text-generation
        tier: good
    strengths: {en: Small and quick., zh: 小而快。}
    limits: {en: Not very capable., zh: 能力有限。}
    source: https://huggingface.co/acme/undated-model
"""


def test_validate_rejects_a_layer_model_without_date_or_evidence(tmp_path: Path) -> None:
    layer = write(tmp_path / "mine" / "models.yaml", LAYER_MODEL)
    result = run("catalog", "validate", str(layer.parent), "--format", "json")
    assert result.exit_code == 2
    mine = [p for p in json.loads(result.stdout)["problems"] if p["file"] == str(layer)]
    assert [(p["line"], p["message"]) for p in mine] == [
        (
            2,
            "models 'acme/undated-model': release_date is missing (from the model card, paper or the repo's first commit)",
        ),
        (
            2,
            "models 'acme/undated-model': task 'text-generation': tier 'good' has no evidence (an eval with source and date, or an editorial)",
        ),
    ]


# ------------------------------------------------------------------------------------ recommend footer


def test_review_notes_suggest_sync_after_six_months() -> None:
    assert review_notes("2026-12-01", date(2026, 12, 1)) == [
        {"code": "catalog.reviewed", "params": {"as_of": "2026-12-01"}}
    ]
    assert len(review_notes("2026-12-01", date(2027, 6, 1))) == 1  # exactly six months: no hint yet
    reviewed, hint = review_notes("2026-12", date(2027, 6, 2))
    assert hint == {"code": "catalog.sync_hint", "params": {"as_of": "2026-12", "months": 6}}
    assert (
        text(hint, "en")
        == "the catalog was reviewed 6 months ago: `llm-advisor sync` fetches newer Hub models"
    )
    assert text(hint, "zh") == "目录已是 6 个月前审核的：运行 `llm-advisor sync` 可获取 Hub 上更新的模型"
    assert text(reviewed, "zh") == "目录审核于 2026-12"
    assert review_notes(None, date(2027, 1, 1)) == []


def old_scoring_layer(tmp_path: Path, as_of: str) -> Path:
    scoring = (builtin_catalog_dir() / "scoring.yaml").read_text(encoding="utf-8")
    replaced, n = re.subn(r'(?m)^(\s+as_of:\s*)"?[0-9-]+"?', rf'\g<1>"{as_of}"', scoring, count=1)
    assert n == 1
    return write(tmp_path / "old" / "scoring.yaml", replaced).parent


def test_recommend_footer_names_the_review_date_and_suggests_sync_when_old(
    tmp_path: Path, builtin: dict[str, Any]
) -> None:
    as_of = builtin["scoring"]["default"]["as_of"]
    current = run("recommend", "--task", "translation", "--top", "1")
    assert current.exit_code == 0 and f"catalog reviewed {as_of}" in current.stderr
    layer = str(old_scoring_layer(tmp_path, "2024-01-15"))
    old = run("recommend", "--task", "translation", "--top", "1", "--catalog", layer)
    assert old.exit_code == 0, old.stderr
    assert "catalog reviewed 2024-01-15" in old.stderr
    assert "months ago: `llm-advisor sync` fetches newer Hub models" in old.stderr
    assert "`llm-advisor sync`" not in old.stdout  # hints go to stderr, data to stdout
    zh = run("recommend", "--task", "translation", "--top", "1", "--catalog", layer, "--lang", "zh")
    assert "目录审核于 2024-01-15" in zh.stderr and "可获取 Hub 上更新的模型" in zh.stderr


# ------------------------------------------------------------------------------------------- docs table


def freshness_table(data: dict[str, Any]) -> str:
    """The freshness table in docs/catalog.md, exactly as it should read."""
    report = freshness(data)
    lines = [
        f"| task | newest curated open model | released | months before as_of ({report['as_of']}) | open models |",
        "| --- | --- | --- | ---: | ---: |",
    ]
    rows = sorted(report["tasks"], key=lambda r: (data["tasks"][r["task"]].get("modality", ""), r["task"]))
    for r in rows:
        if not r["models"]:
            continue
        task = f"`{r['task']}`" + (" (major)" if r["major"] else "")
        age = "" if r["age_months"] is None else str(r["age_months"])
        lines.append(f"| {task} | `{r['newest']}` | {r['release_date']} | {age} | {r['models']} |")
    return "\n".join(lines)


def test_docs_freshness_table_is_current(builtin: dict[str, Any]) -> None:
    found = FRESHNESS_BLOCK.search(DOCS.read_text(encoding="utf-8"))
    assert found, "docs/catalog.md lacks the <!-- freshness:start --> / <!-- freshness:end --> markers"
    expected = freshness_table(builtin)
    assert found.group(2).strip() == expected, (
        "docs/catalog.md freshness table is stale: run `python -m tests.catalog.test_freshness`, or paste:\n"
        + expected
    )


if __name__ == "__main__":
    # Regenerate the freshness table in docs/catalog.md from the built-in catalog (no user layers).
    page = DOCS.read_text(encoding="utf-8")
    table = freshness_table(builtin_data())
    DOCS.write_text(
        FRESHNESS_BLOCK.sub(lambda m: f"{m.group(1)}{table}\n{m.group(3)}", page), encoding="utf-8"
    )
    print(f"updated {DOCS}")
