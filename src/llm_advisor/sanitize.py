"""Untrusted text made safe to show: terminal escapes, control, bidi and zero-width characters removed.

Used on everything we did not write ourselves (Hub cards and tags, user catalogs, manifest names, file
names) before any output format shows it; one function, so every format is protected the same way.
"""

from __future__ import annotations

import re

_ESCAPES = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]              # CSI: colours, cursor moves, erase
    | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?   # OSC: titles, hyperlinks, clipboard
    | \x1b[PX^_][^\x1b]*(?:\x1b\\)?        # DCS / SOS / PM / APC strings
    | \x1b[\x20-\x2f]*[\x30-\x7e]          # any other escape sequence
    | \x9b[0-?]*[ -/]*[@-~]                # 8-bit CSI
    """,
    re.VERBOSE,
)
# C0 (except tab and newline), DEL, C1, bidi marks and overrides (LRM, RLM, ALM, embeddings, isolates)
# and zero-width characters: everything that can hide, reorder or disguise text.
_CONTROLS = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def clean(text: str) -> str:
    """Drop terminal escape sequences (CSI, OSC, …), control characters and bidi overrides from text we
    did not write (Hub cards, user catalogs); tabs and newlines stay. Rich markup stays text: renderers
    never interpret it."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def one_line(text: str) -> str:
    """clean(), and newlines and tabs shown as \\n and \\t, so a value cannot start a line of its own
    (a forged log line or CI workflow command)."""
    # U+2028/U+2029 end a line for Python's splitlines() and some log viewers
    return (
        clean(text)
        .replace("\r", "")
        .replace("\n", "\\n")
        .replace("\t", " ")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def redact_url(url: str) -> str:
    """A URL without the user:password part."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable URL>"
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
