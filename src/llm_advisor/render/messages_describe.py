"""What `recommend --describe` understood, in English and Simplified Chinese (merged into render.messages)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_LATENCY = {
    "real-time": ("real-time", "实时"),
    "interactive": ("interactive", "交互级"),
    "batch": ("batch", "批处理"),
}
_KIND = {"gpu": ("GPU memory", "显存"), "ram": ("memory", "内存")}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]


def _words(p: dict[str, Any], lang: str) -> str:
    words = p.get("words")
    if not words:
        return ""
    shown = ("、" if lang == "zh" else ", ").join(
        f"“{w}”" for w in (words if isinstance(words, list) else [words])
    )
    return f"（来自{shown}）" if lang == "zh" else f" (from {shown})"


def _memory(p: dict[str, Any], lang: str) -> str:
    kind = _pick(_KIND.get(p.get("kind") or "", ("memory", "内存")), lang)
    gpus = p.get("gpus") or 1
    if lang == "zh":
        extra = f"（{gpus} 张 GPU 合计）" if gpus > 1 else ""
        return f"{kind}预算 {p['memory_gb']:g} GiB{extra}" + _words(p, lang)
    extra = f" ({gpus} GPUs together)" if gpus > 1 else ""
    return f"{kind} budget {p['memory_gb']:g} GiB{extra}" + _words(p, lang)


def _license(p: dict[str, Any], lang: str) -> str:
    names = {
        "permissive": ("permissive", "宽松许可"),
        "commercial-ok": ("commercial use allowed", "允许商用"),
    }
    shown = ("、" if lang == "zh" else ", ").join(_pick(names.get(x, (x, x)), lang) for x in p["licenses"])
    return (f"许可证：{shown}" if lang == "zh" else f"licence: {shown}") + _words(p, lang)


def _cost(p: dict[str, Any], lang: str) -> str:
    unit = p.get("unit") or "tokens"
    if lang == "zh":
        what = "每百万词元" if unit == "tokens" else "每百万次请求"
        return f"成本上限：{what} ${p['usd']:g}" + _words(p, lang)
    return f"cost limit: ${p['usd']:g} per 1M {unit}" + _words(p, lang)


def _with_words(en: str, zh: str) -> Callable[[dict[str, Any], str], str]:
    def render(p: dict[str, Any], lang: str) -> str:
        return (zh if lang == "zh" else en).format(**p) + _words(p, lang)

    return render


def _task(p: dict[str, Any], lang: str) -> str:
    terms = ("、" if lang == "zh" else ", ").join(f"“{t}”" for t in p["terms"])
    return f"任务 {p['task']}（匹配 {terms}）" if lang == "zh" else f"task {p['task']} (matched {terms})"


def _ambiguous(p: dict[str, Any], lang: str) -> str:
    shown = ("、" if lang == "zh" else ", ").join(p["candidates"])
    if lang == "zh":
        return f"无法确定任务，可能是：{shown}"
    return f"unsure of the task; candidates: {shown}"


def _latency(p: dict[str, Any], lang: str) -> str:
    shown = _pick(_LATENCY.get(p["latency"], (p["latency"], p["latency"])), lang)
    return (f"延迟要求：{shown}" if lang == "zh" else f"latency: {shown}") + _words(p, lang)


def _language(p: dict[str, Any], lang: str) -> str:
    others = [x for x in p.get("languages") or [] if x != p["language"]]
    if lang == "zh":
        return f"语言 {p['language']}" + (f"（也提到 {'、'.join(others)}）" if others else "")
    return f"language {p['language']}" + (f" (also mentioned: {', '.join(others)})" if others else "")


MESSAGES: dict[str, tuple[str, str] | Callable[[dict[str, Any], str], str]] = {
    "describe.task": _task,
    "describe.ambiguous": _ambiguous,
    "describe.language": _language,
    "describe.hardware_named": _with_words("hardware {hardware}", "硬件 {hardware}"),
    "describe.hardware_nearest": _with_words(
        "hardware {hardware}, the closest profile with {memory_gb:g} GB",
        "硬件 {hardware}（内存为 {memory_gb:g} GB 的最接近配置）",
    ),
    "describe.memory": _memory,
    "describe.license": _license,
    "describe.latency": _latency,
    "describe.max_cost": _cost,
}
