"""Numbers in a Hub record checked against sane bounds before anything uses or caches them.

The Hub is untrusted: `safetensors.total = 10**400` or a "NaN" metric must not reach sizing, JSON output
or the cache. `validated()` runs when a record is built (client.normalise), again before it is stored,
and on every read from the cache, so an older or tampered cache cannot poison an offline run either.
"""

from __future__ import annotations

import math
from typing import Any

MAX_PARAMS = 10**15  # 1,000 T parameters
MAX_COUNT = 10**13  # downloads, likes
MAX_SHAPE = 10**9  # layers, widths, heads, vocabulary, context length
MAX_METRIC = 1e12

_BOUNDS = {
    "params": MAX_PARAMS,
    "active_params": MAX_PARAMS,
    "downloads": MAX_COUNT,
    "likes": MAX_COUNT,
    "context_length": MAX_SHAPE,
}


def bounded_int(value: Any, upper: int, lower: int = 0) -> int | None:
    """`value` when it is an int (not a bool) within [lower, upper], else None."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if lower <= value <= upper else None


def finite(value: Any) -> Any:
    """Numbers that JSON and arithmetic can carry: non-finite or absurd floats become None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) and abs(value) <= MAX_METRIC else None
    if isinstance(value, int):
        return value if abs(value) <= MAX_METRIC else None
    return value


def validated(model: dict[str, Any]) -> dict[str, Any]:
    """A copy of `model` whose numbers are within bounds; each dropped field adds one warning."""
    out = dict(model)
    dropped: list[str] = []
    for key, upper in _BOUNDS.items():
        if key in out and out[key] is not None:
            value = bounded_int(out[key], upper)
            if value is None:
                dropped.append(key)
                if key == "params":
                    out["params_source"] = None
            out[key] = value
    config = out.get("config")
    if isinstance(config, dict):
        shape = {k: (bounded_int(v, MAX_SHAPE, 1) if v is not None else None) for k, v in config.items()}
        dropped += [f"config.{k}" for k, v in config.items() if v is not None and shape[k] is None]
        out["config"] = shape
    elif config is not None:
        out["config"] = None
    rows = out.get("eval_results")
    if isinstance(rows, list):
        out["eval_results"] = [{**r, "value": finite(r.get("value"))} for r in rows if isinstance(r, dict)]
    if dropped:
        warnings = [w for w in out.get("warnings") or [] if isinstance(w, str)]
        note = "out-of-range numbers from the Hub were ignored: " + ", ".join(dropped)
        if note not in warnings:
            warnings.append(note)
        out["warnings"] = warnings
    return out
