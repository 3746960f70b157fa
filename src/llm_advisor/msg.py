"""Messages as data: a code and its parameters; `render.messages` holds every code's English and Chinese text."""

from __future__ import annotations

from typing import Any

Msg = dict[str, Any]  # {"code": str, "params": {...}}: JSON-ready, rendered at the edge


def m(code: str, **params: Any) -> Msg:
    """A message for the user, e.g. m("fit.fits", needed_gib=1.0, budget_gib=24). Parameters are numbers,
    ids, lists, other messages or catalog texts ({"en": ..., "zh": ...}); never finished sentences."""
    return {"code": code, "params": params}


def is_msg(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("code"), str)
        and isinstance(value.get("params"), dict)
    )
