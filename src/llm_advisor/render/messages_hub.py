"""Sentences of the Hub area (sync, cache, live lookups), English and Simplified Chinese."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

MESSAGES: dict[str, tuple[str, str] | Callable[[dict[str, Any], str], str]] = {
    "sync.done": (
        "synced {models} models for {tasks} task(s) -> {path}",
        "已同步 {tasks} 个任务的 {models} 个模型 -> {path}",
    ),
    "sync.done_partial": (
        "synced {models} models for {tasks} task(s); {failed} failed, {skipped} skipped -> {path}",
        "已同步 {tasks} 个任务的 {models} 个模型；{failed} 个失败，{skipped} 个跳过 -> {path}",
    ),
    "sync.failed": ("{tasks:list}: {error}", "{tasks:list}：{error}"),
    "sync.stopped": (
        "stopped early: the Hub kept failing, so {skipped} remaining task(s) were not tried",
        "已提前停止：Hub 持续出错，其余 {skipped} 个任务未尝试",
    ),
    "sync.fewer_stored": (
        "{task}: {fetched} models fetched but only {stored} are in the cache (it was changed meanwhile, e.g. by `cache clear`)",
        "{task}：获取了 {fetched} 个模型，但缓存中只有 {stored} 个（缓存在此期间被改动，例如执行了 `cache clear`）",
    ),
    "hub.not_cached": (
        "the Hub answer could not be kept in the cache ({error}); it is used for this run only",
        "Hub 的结果无法写入缓存（{error}）；仅用于本次运行",
    ),
}
