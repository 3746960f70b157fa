"""Messages of the CLI's output layer (merged into render/messages.py's table)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

MESSAGES: dict[str, tuple[str, str] | Callable[[dict[str, Any], str], str]] = {
    "cli.json_not_finite": (
        "{count} number(s) that are not finite (Infinity or NaN) were written as null",
        "有 {count} 个非有限数值（Infinity 或 NaN）已写为 null",
    ),
}
