"""CSV: one row per pick for spreadsheets and scripts (numbers unformatted)."""

from __future__ import annotations

import csv
import io
from typing import Any

from llm_advisor.render.output import Output

COLUMNS = [
    "rank",
    "model_id",
    "family",
    "architecture",
    "objective",
    "params",
    "active_params",
    "license",
    "precision",
    "memory_needed_gb",
    "kv_cache_gb",
    "cost_unit",
    "usd_per_1m",
    "cost_hardware",
    "score",
    "tier",
]


def recommend(doc: dict[str, Any], out: Output) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for p in doc["picks"]:
        cost = p["cost"] or {}
        row = {
            **p,
            "cost_unit": cost.get("unit"),
            "usd_per_1m": cost.get("usd_per_1m"),
            "cost_hardware": cost.get("hardware"),
        }
        writer.writerow(["" if row.get(c) is None else row[c] for c in COLUMNS])
    out.raw(buf.getvalue())
