"""How current the catalog is, and whether every entry is dated and every tier backed (pure functions).

`freshness(data)` gives, per task, the newest curated open model, its release date, its age in whole months
against the catalog's `as_of` (catalog/scoring.yaml, entry `default`) and the number of curated open models.
`freshness_problems` and `evidence_problems` turn the rules below into file:line problems for
`catalog validate`; `review_notes` is the recommend footer's "last reviewed" line and its `sync` hint.

The rules:
- a **major task** (MAJOR_TASKS: the tasks issue 11 requires to be current, the areas practitioners pick
  models for most often) fails when its newest curated open model was released more than
  STALE_AFTER_MONTHS months before `as_of`. A month-only date (`2025-11`) counts as the first of that
  month: an unknown day is never an advantage.
- every model has a `release_date`;
- every task tier has evidence: an `eval` with a `source` and a `date`, or an `editorial` justification.
  A draft's placeholder (text starting with "TODO", as scripts/catalog_candidates.py writes) is neither,
  and a draft's TODO family, strengths and limits are reported too.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date
from typing import Any

from llm_advisor.errors import Problem
from llm_advisor.msg import Msg, m

STALE_AFTER_MONTHS = 12  # a major task whose newest model is older than this (against as_of) fails validate
REVIEW_HINT_AFTER_MONTHS = 6  # recommend suggests `sync` once the catalog was reviewed longer ago than this

# The tasks issue 11 names ("current coverage for every task") that map to a task id: text generation and
# its use cases, embeddings and rerankers, classification/NER encoders, translation, speech, vision,
# VLMs, documents/OCR, text-to-image, time series and tabular. Tasks outside this set (fill-mask,
# table-question-answering, graph-ml, ...) are reported but never fail: their fields move slowly.
MAJOR_TASKS: tuple[str, ...] = (
    "text-generation",
    "chat",
    "reasoning",
    "coding",
    "agent",
    "feature-extraction",
    "sentence-similarity",
    "text-retrieval",
    "text-ranking",
    "text-classification",
    "token-classification",
    "translation",
    "automatic-speech-recognition",
    "text-to-speech",
    "audio-classification",
    "image-classification",
    "image-feature-extraction",
    "object-detection",
    "zero-shot-object-detection",
    "image-segmentation",
    "depth-estimation",
    "image-text-to-text",
    "document-question-answering",
    "ocr",
    "text-to-image",
    "time-series-forecasting",
    "tabular-classification",
)

_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
TODO = re.compile(r"^\s*TODO\b", re.IGNORECASE)


def parse_date(value: str | None) -> date | None:
    """`YYYY-MM-DD` or `YYYY-MM` (the first of the month); None for anything else."""
    found = _DATE.match(value or "")
    if not found:
        return None
    try:
        return date(int(found.group(1)), int(found.group(2)), int(found.group(3) or 1))
    except ValueError:
        return None


def months_between(earlier: date, later: date) -> int:
    """Whole months from `earlier` to `later` (negative when `earlier` is later)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if months > 0 and later.day < earlier.day:
        months -= 1
    elif months < 0 and later.day > earlier.day:
        months += 1
    return months


def _where(data: dict[str, Any], section: str, item_id: str) -> tuple[str, int | None]:
    where = data.get("origins", {}).get(section, {}).get(item_id, "catalog")
    file, _, line = where.rpartition(":")
    if not file:
        return where, None
    return file, int(line) if line.isdigit() else None


def as_of(data: dict[str, Any]) -> str | None:
    """The catalog's review date: `as_of` of the `default` scoring entry."""
    default = data.get("scoring", {}).get("default")
    return default.get("as_of") if isinstance(default, dict) else None


def freshness(data: dict[str, Any]) -> dict[str, Any]:
    """Per task (catalog order): the newest curated open model, its date, its age against `as_of`, the count.

    A model without a usable release date is counted but cannot be the newest. Ties go to the smaller id.
    """
    reference = parse_date(as_of(data))
    newest: dict[str, tuple[date, str]] = {}
    counts: dict[str, int] = {}
    for model_id, model in sorted(data["models"].items()):
        if model.get("hosted"):
            continue
        released = parse_date(model.get("release_date"))
        for task in {t["id"] for t in model["tasks"]}:
            counts[task] = counts.get(task, 0) + 1
            if released is not None and (task not in newest or released > newest[task][0]):
                newest[task] = (released, model_id)
    rows = []
    for task_id in data["tasks"]:
        found = newest.get(task_id)
        model_id = found[1] if found else None
        age = months_between(found[0], reference) if found and reference else None
        major = task_id in MAJOR_TASKS
        rows.append(
            {
                "task": task_id,
                "major": major,
                "models": counts.get(task_id, 0),
                "newest": model_id,
                "release_date": data["models"][model_id]["release_date"] if model_id else None,
                "age_months": age,
                "stale": bool(
                    major and found and reference and _older_than(found[0], reference, STALE_AFTER_MONTHS)
                ),
            }
        )
    return {
        "as_of": as_of(data),
        "stale_after_months": STALE_AFTER_MONTHS,
        "major_tasks": [t for t in MAJOR_TASKS if t in data["tasks"]],
        "tasks": rows,
    }


def _older_than(released: date, reference: date, months: int) -> bool:
    """`released` is more than `months` months before `reference`."""
    return released < _minus_months(reference, months)


def _minus_months(day: date, months: int) -> date:
    """The same day `months` months earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def freshness_problems(data: dict[str, Any], report: dict[str, Any] | None = None) -> list[Problem]:
    """A problem (at the task's file:line) for every major task whose newest model is stale, and one for a
    missing or unreadable `as_of`."""
    report = report or freshness(data)
    problems: list[Problem] = []
    if parse_date(report["as_of"]) is None:
        file, line = _where(data, "scoring", "default")
        problems.append(
            Problem(file, line, "scoring 'default': as_of is needed to judge the catalog's freshness")
        )
        return problems
    for row in report["tasks"]:
        if row["stale"]:
            file, line = _where(data, "tasks", row["task"])
            problems.append(
                Problem(
                    file,
                    line,
                    f"task {row['task']!r}: newest curated model {row['newest']} ({row['release_date']}) is "
                    f"{row['age_months']} months older than as_of {report['as_of']} (limit {STALE_AFTER_MONTHS} "
                    "for a major task): add its current releases",
                )
            )
    return problems


def evidence_problems(data: dict[str, Any]) -> list[Problem]:
    """Every model has a release date, every tier an eval (with source and date) or an editorial
    justification, and no draft placeholder ("TODO ...") is left in a tier, strengths or limits."""
    problems: list[Problem] = []
    for model_id, model in data["models"].items():
        file, line = _where(data, "models", model_id)
        problems.extend(
            Problem(file, line, f"models {model_id!r}: {message}") for message in _model_gaps(model)
        )
    return problems


def _model_gaps(model: dict[str, Any]) -> list[str]:
    gaps: list[str] = []
    if not model.get("release_date"):
        gaps.append("release_date is missing (from the model card, paper or the repo's first commit)")
    for tier in model["tasks"]:
        ev, editorial = tier.get("eval"), tier.get("editorial")
        if editorial and TODO.match(editorial):
            gaps.append(
                f"task {tier['id']!r}: the tier's editorial is a placeholder ({editorial!r}); cite an eval or justify it"
            )
        elif editorial:
            continue
        elif ev is None:
            gaps.append(
                f"task {tier['id']!r}: tier {tier['tier']!r} has no evidence (an eval with source and date, or an editorial)"
            )
        else:
            missing = [k for k in ("source", "date") if not ev.get(k)]
            if missing:
                gaps.append(
                    f"task {tier['id']!r}: the eval ({ev['benchmark']}) lacks {' and '.join(missing)}"
                )
    if isinstance(model.get("family"), str) and TODO.match(model["family"]):
        gaps.append("family is a draft placeholder")
    for field in ("strengths", "limits"):
        text = model.get(field) or {}
        if any(isinstance(v, str) and TODO.match(v) for v in text.values()):
            gaps.append(f"{field} is a draft placeholder")
    return gaps


def review_notes(catalog_as_of: str | None, today: date) -> list[Msg]:
    """The recommend footer's data notes: when the catalog was reviewed, and the `sync` hint once that is
    more than REVIEW_HINT_AFTER_MONTHS months before `today`."""
    reviewed = parse_date(catalog_as_of)
    if reviewed is None:
        return []
    notes = [m("catalog.reviewed", as_of=catalog_as_of)]
    if _older_than(reviewed, today, REVIEW_HINT_AFTER_MONTHS):
        notes.append(m("catalog.sync_hint", as_of=catalog_as_of, months=months_between(reviewed, today)))
    return notes
