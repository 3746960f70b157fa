"""Human-readable counts (7.62B, 350M) shared by every renderer and message."""

from __future__ import annotations

_UNITS = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"), (1.0, ""))


def human_count(n: float | None, missing: str = "—") -> str:
    """Three significant digits and a suffix; a value that rounds up to 1000 of a unit moves to the next
    (999.95M is 1B, not "1e+03M")."""
    if n is None:
        return missing
    if n < 1000:
        return "1K" if float(f"{n:.3g}") >= 1000 else f"{n:.0f}"
    for i, (div, suffix) in enumerate(_UNITS[:-1]):
        smaller = _UNITS[i + 1][0]
        if n >= div or float(f"{n / smaller:.3g}") >= 1000:
            value = n / div
            return f"{value:.3g}{suffix}" if value < 1000 else f"{value:,.0f}{suffix}"
    return f"{n:.0f}"
