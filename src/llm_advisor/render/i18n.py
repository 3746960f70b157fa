"""Language choice and the CLI's own labels in English and Simplified Chinese."""

from __future__ import annotations

import os
from typing import Any

LANGS = ("en", "zh")


def default_lang() -> str:
    """LLM_ADVISOR_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG): zh* means Chinese."""
    explicit = os.environ.get("LLM_ADVISOR_LANG", "").strip().lower()
    if explicit in LANGS:
        return explicit
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def both(lang: str, en: str, zh: str) -> str:
    """Pick one of two inline translations (for messages built in code, e.g. with numbers)."""
    return zh if lang == "zh" else en


def tr(text: Any, lang: str) -> str:
    """Pick one language from a catalog text ({en, zh}); plain strings pass through."""
    if isinstance(text, dict):
        return str(text.get(lang) or text.get("en") or "")
    return "" if text is None else str(text)


_LABELS: dict[str, tuple[str, str]] = {
    "architecture": ("architecture", "架构"),
    "objective": ("pre-training objective", "预训练目标"),
    "task": ("task", "任务"),
    "term": ("term", "术语"),
    "aliases": ("Also called", "别名"),
    "objectives": ("Pre-training objectives", "预训练目标"),
    "attention": ("Attention", "注意力"),
    "inference_cost": ("Inference cost", "推理成本"),
    "strengths": ("Strengths", "优势"),
    "limits": ("Limits", "局限"),
    "tasks": ("Typical tasks", "典型任务"),
    "examples": ("Representative families", "代表模型"),
    "fine_tuning": ("Fine-tuning", "微调"),
    "family_kind": ("Family", "类别"),
    "transformer": ("transformer", "Transformer"),
    "non-transformer": ("non-transformer", "非 Transformer"),
    "trains": ("What it trains", "训练目标"),
    "implications": ("What it implies downstream", "对下游任务的影响"),
    "architectures": ("Architectures", "架构"),
    "modality": ("Modality", "模态"),
    "generative": ("Output", "输出"),
    "generative_yes": ("generated token by token", "逐词元生成"),
    "generative_no": ("predicted in one pass (no generation loop)", "一次前向预测（无生成循环）"),
    "fits": ("Architectures that fit", "适合的架构"),
    "metrics": ("Typical metrics", "常用指标"),
    "notes": ("Notes", "说明"),
    "models": ("Curated models", "精选模型"),
    "details": ("Details", "要点"),
    "related": ("Related", "相关主题"),
    "via": ("You typed", "你输入的是"),
    "id": ("id", "标识"),
    "name": ("name", "名称"),
    "params": ("params", "参数量"),
    "license": ("licence", "许可证"),
    "family": ("family", "系列"),
    "memory": ("memory", "显存/内存"),
    "bandwidth": ("bandwidth", "带宽"),
    "price": ("price/h", "每小时价格"),
    "kind": ("kind", "类型"),
    "summary": ("summary", "简介"),
    "info.architecture": ("architecture", "架构"),
    "info.evidence": ("evidence", "判断依据"),
    "info.parameters": ("parameters", "参数量"),
    "info.memory": ("memory (weights)", "内存（权重）"),
    "info.kv": ("KV cache per 1k tokens", "每千词元 KV 缓存"),
    "info.context": ("context window", "上下文窗口"),
    "info.license": ("licence", "许可证"),
    "info.languages": ("languages", "语言"),
    "info.gated": ("gated", "需申请访问"),
    "info.pipeline_tag": ("pipeline tag", "pipeline 标签"),
    "info.popularity": ("downloads / likes", "下载 / 点赞"),
    "info.suited": ("suited tasks", "适合的任务"),
    "info.source": ("source", "来源"),
    "info.card_summary": ("card summary", "模型卡摘要"),
    "info.intended_uses": ("intended uses", "预期用途"),
    "info.limitations": ("limitations", "局限"),
    "info.evaluation": ("evaluation", "评测结果"),
    "col.id": ("id", "标识"),
    "col.name": ("name", "名称"),
    "col.family": ("family", "系列"),
    "col.architecture": ("architecture", "架构"),
    "col.architectures": ("architectures", "适合的架构"),
    "col.params": ("params", "参数量"),
    "col.license": ("licence", "许可证"),
    "col.tasks": ("tasks", "任务"),
    "col.memory": ("memory", "内存"),
    "col.bandwidth": ("bandwidth", "带宽"),
    "col.price": ("price/h", "每小时价格"),
    "col.modality": ("modality", "模态"),
    "col.summary": ("summary", "简介"),
    "col.permissive": ("permissive", "宽松许可"),
    "col.commercial_ok": ("commercial use", "可商用"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "unknown": ("unknown", "未知"),
    "task_heading": ("Task", "任务"),
    "score": ("score", "得分"),
    "tier.top": ("top tier", "顶级"),
    "tier.strong": ("strong", "强"),
    "tier.good": ("good", "良好"),
    "tier.baseline": ("baseline", "基线"),
    "tradeoff.size": ("size", "规模"),
    "tradeoff.cost": ("cost", "成本"),
    "tradeoff.objective": ("objective", "预训练目标"),
    "approach": ("Approach", "方法建议"),
    "approach.prompting": ("prompting", "提示"),
    "approach.classification-fine-tuning": ("classification fine-tuning", "分类微调"),
    "approach.instruction-fine-tuning": ("instruction fine-tuning", "指令微调"),
    "approach.lora": ("LoRA", "LoRA 微调"),
    "approach.qlora": ("QLoRA", "QLoRA 微调"),
    "why_not": ("why not", "为什么不是"),
    "why_not_heading": ("Why not", "为什么不是"),
    "recommendations": ("Recommendations", "推荐"),
    "kind.architectures": ("architectures", "架构"),
    "kind.objectives": ("objectives", "预训练目标"),
    "kind.tasks": ("tasks", "任务"),
    "kind.models": ("models", "模型"),
    "kind.hardware": ("hardware profiles", "硬件配置"),
    "kind.terms": ("terms", "术语"),
    "kind.licenses": ("licences", "许可证"),
    "role.embedding": ("embedding", "嵌入"),
    "role.reranker": ("reranker", "重排序"),
    "role.generator": ("generator", "生成"),
}


def label(key: str, lang: str) -> str:
    en, zh = _LABELS.get(key, (key, key))
    return zh if lang == "zh" else en
