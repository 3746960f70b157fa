"""Every command's output formats, in one registry (the CLI builds its --format options from it; a test runs
every format of every command). Kept free of imports so start-up stays cheap."""

from __future__ import annotations

from enum import Enum


class Format(str, Enum):
    """explain, list, info, compare, plan."""

    text = "text"
    json = "json"
    markdown = "markdown"


class RecommendFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    csv = "csv"


class ValidateFormat(str, Enum):
    """catalog validate (and sync / cache info)."""

    text = "text"
    json = "json"


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    junit = "junit"
    github = "github"
    sarif = "sarif"


MACHINE_FORMATS = frozenset({CheckFormat.json, CheckFormat.junit, CheckFormat.sarif})

COMMAND_FORMATS: dict[str, type[Enum]] = {
    "explain": Format,
    "list": Format,
    "info": Format,
    "compare": Format,
    "plan": Format,
    "recommend": RecommendFormat,
    "catalog validate": ValidateFormat,
    "check": CheckFormat,
}
