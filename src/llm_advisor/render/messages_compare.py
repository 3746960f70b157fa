"""Messages and labels of `compare` and `plan` (merged into render.messages.MESSAGES)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _target_unreached(p: dict[str, Any], lang: str) -> str:
    best = "?" if p.get("best") is None else f"{p['best']:g}"
    if lang == "zh":
        return f"目录中没有硬件能让单路解码达到每秒 {p['target']:g} 个词元（最快约 {best}）；各精度所需的带宽见下表"
    return f"no catalog hardware reaches {p['target']:g} tokens/s for one stream (best ~{best}); the bandwidth each precision needs is listed below"


MESSAGES: dict[str, tuple[str, str] | Callable[[dict[str, Any], str], str]] = {
    # notes
    "compare.no_hardware": (
        "no --hardware given: speed and cost are quoted on the cheapest priced catalog accelerator that fits each model",
        "未指定 --hardware：速度和成本按目录中能放下该模型、且有价格的最便宜加速器估算",
    ),
    "compare.duplicate": ("{model} is listed more than once", "{model} 被列出了不止一次"),
    "compare.context_capped": (
        "a context of {context} tokens is beyond the model's {window}-token window; sized at {window}",
        "{context} 词元的上下文超出了模型 {window} 词元的窗口；按 {window} 词元估算",
    ),
    "compare.no_params": (
        "parameter count unknown: memory, speed and cost cannot be estimated",
        "参数量未知：无法估算内存、速度和成本",
    ),
    "plan.hosted": (
        "{model} is served through an API on the provider's hardware: there is no hardware to plan",
        "{model} 通过 API 在服务商的硬件上运行：无需规划硬件",
    ),
    "plan.no_params": (
        "the parameter count of {model} is unknown, so it cannot be sized",
        "{model} 的参数量未知，无法估算所需硬件",
    ),
    "plan.beyond_window": (
        "a context of {context} tokens is beyond the model's {window}-token window; the KV cache is sized at the window",
        "{context} 词元的上下文超出了模型 {window} 词元的窗口；KV 缓存按窗口长度估算",
    ),
    "plan.stored_precision": (
        "the checkpoint is stored quantized ({precision}); every profile is sized in that format (--precision overrides)",
        "该检查点以量化格式（{precision}）存储；所有硬件都按该格式估算（可用 --precision 覆盖）",
    ),
    "plan.no_fit": (
        "no catalog hardware profile holds this model at {context} tokens, even at its smallest precision",
        "即使用最低精度，目录中也没有硬件能在 {context} 词元的上下文下放下这个模型",
    ),
    "plan.target_unreached": _target_unreached,
    "plan.target_not_token": (
        "{model} answers in one pass: --target-tps applies to generative models only",
        "{model} 一次前向即给出结果：--target-tps 只适用于生成式模型",
    ),
    # labels
    "compare.label.model": ("model", "模型"),
    "compare.label.family": ("family", "系列"),
    "compare.label.architecture": ("architecture", "架构"),
    "compare.label.objective": ("objective", "预训练目标"),
    "compare.label.params": ("parameters", "参数量"),
    "compare.label.memory": ("memory at {context} tokens", "{context} 词元时的内存"),
    "compare.label.kv": ("KV cache / 1k tokens", "每千词元 KV 缓存"),
    "compare.label.on_hardware": ("on {hardware}", "在 {hardware} 上"),
    "compare.label.cheapest_fit": ("cheapest fitting GPU", "能放下的最便宜 GPU"),
    "compare.label.speed": ("speed", "速度"),
    "compare.label.cost": ("$ / 1M", "每百万成本"),
    "compare.label.license": ("licence", "许可证"),
    "compare.label.license_value": ("{license} ({kind:lic})", "{license}（{kind:lic}）"),
    "compare.label.active": ("{active:n} active", "激活 {active:n}"),
    "compare.label.languages": ("languages", "语言"),
    "compare.label.context_window": ("context window", "上下文窗口"),
    "compare.label.tasks": ("tasks (tier)", "任务（档次）"),
    "compare.label.source": ("source", "来源"),
    "compare.label.does_not_fit": ("does not fit", "放不下"),
    "compare.label.too_slow": ("below reading speed", "低于阅读速度"),
    "plan.label.heading": ("Plan for {model}", "{model} 的硬件规划"),
    "plan.label.setting": (
        "context {context} tokens · batch {batch} · precision {precision}",
        "上下文 {context} 词元 · 批量 {batch} · 精度 {precision}",
    ),
    "plan.label.hardware": ("hardware", "硬件"),
    "plan.label.memory": ("memory", "内存"),
    "plan.label.precision": ("precision", "精度"),
    "plan.label.need": ("needs", "需要"),
    "plan.label.speed": ("speed", "速度"),
    "plan.label.cost": ("$ / 1M", "每百万成本"),
    "plan.label.max_context": ("max context", "最长上下文"),
    "plan.label.verdict": ("verdict", "结论"),
    "plan.label.usable": ("usable", "可用"),
    "plan.label.slow": ("too slow", "太慢"),
    "plan.label.runs": ("runs", "可运行"),
    "plan.label.short_by": ("short by {gib:.1f} GiB", "差 {gib:.1f} GiB"),
    "plan.label.summary": (
        "fits {fits} of {total} profiles · cheapest {cheapest} · fastest {fastest} · smallest {smallest}",
        "{total} 个硬件中 {fits} 个放得下 · 最便宜 {cheapest} · 最快 {fastest} · 最小 {smallest}",
    ),
    "plan.label.context_heading": ("For a {context}-token context", "若要 {context} 词元的上下文"),
    "plan.label.context_memory": (
        "{precision}: {total:.1f} GiB (KV cache {kv})",
        "{precision}：{total:.1f} GiB（KV 缓存 {kv}）",
    ),
    "plan.label.target_heading": (
        "To decode {target:g} tokens/s (one stream)",
        "若要单路每秒解码 {target:g} 个词元",
    ),
    "plan.label.target_reached": (
        "reached on: {ids:list}; cheapest: {cheapest}",
        "可达到的硬件：{ids:list}；最便宜：{cheapest}",
    ),
    "plan.label.target_need": (
        "{precision}: ≥ {gbps:g} GB/s memory bandwidth and {memory:.1f} GiB",
        "{precision}：显存带宽 ≥ {gbps:g} GB/s，内存 {memory:.1f} GiB",
    ),
    "plan.label.target_impossible": (
        "{precision}: not reachable at batch 1 (the per-step overhead alone is slower)",
        "{precision}：批量 1 时无法达到（仅每步固定开销就已更慢）",
    ),
}
