"""Messages about the catalog itself: when it was last reviewed, and the `sync` hint once that is long ago
(merged into render.messages.MESSAGES; the rules live in catalog/freshness.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

MESSAGES: dict[str, tuple[str, str] | Callable[[dict[str, Any], str], str]] = {
    "catalog.reviewed": ("catalog reviewed {as_of}", "目录审核于 {as_of}"),
    "catalog.sync_hint": (
        "the catalog was reviewed {months} months ago: `llm-advisor sync` fetches newer Hub models",
        "目录已是 {months} 个月前审核的：运行 `llm-advisor sync` 可获取 Hub 上更新的模型",
    ),
}
