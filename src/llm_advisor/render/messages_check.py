"""Messages of `check --scan` (merged into render.messages.MESSAGES): why a file or directory was not scanned."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

MESSAGES: dict[str, tuple[str, str] | Callable[[dict[str, Any], str], str]] = {
    "scan.cannot_parse": ("cannot parse: {error}", "无法解析：{error}"),
    "scan.cannot_read": ("cannot read: {error}", "无法读取：{error}"),
    "scan.too_complex": (
        "too deeply nested for Python's parser; not scanned (the rest of the check went on)",
        "嵌套过深，Python 解析器无法处理；未扫描此文件（其余检查照常进行）",
    ),
    "scan.too_large": ("larger than {limit_mb} MB; not scanned", "超过 {limit_mb} MB；未扫描"),
    "scan.unreadable_dir": (
        "cannot read this directory ({error}); its files were not scanned",
        "无法读取此目录（{error}）；其中的文件未扫描",
    ),
}
