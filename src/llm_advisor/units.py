"""Human-readable counts (7.62B, 350M) shared by every renderer and message."""

from __future__ import annotations


def human_count(n: float | None, missing: str = "—") -> str:
    if n is None:
        return missing
    for div, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if n >= div:
            return f"{n / div:.3g}{suffix}"
    return f"{n:.0f}"
