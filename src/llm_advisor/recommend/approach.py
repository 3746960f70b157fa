"""Approach advice: prompting vs fine-tuning (classification, instruction, LoRA, QLoRA) vs pre-training,
each with its memory and an estimated cost on the chosen hardware."""

from __future__ import annotations

import math
from typing import Any

from llm_advisor.catalog.loader import Catalog, Entry
from llm_advisor.recommend import estimates
from llm_advisor.recommend.constraints import Constraints
from llm_advisor.recommend.ranking import TOKEN_ARCHS, Candidate, cost_hardware, human
from llm_advisor.render.i18n import both as _t


def is_one_pass_text_task(task: Entry) -> bool:
    """Text in, a label/span/vector out in one forward pass (tasks.yaml: text, not generative): the tasks
    where fine-tuning a small encoder with a task head is the classic approach."""
    return bool(task["modality"] == "text" and not task["generative"])


def approach(catalog: Catalog, task: Entry, c: Constraints, hw: Entry | None, ranked: list[Candidate], lang: str) -> dict[str, Any]:
    """Prompting vs fine-tuning vs pre-training for this task and the user's number of examples."""
    n = c.examples
    encoder = next((x for x in ranked if x.model["architecture"] == "encoder-only" and x.model["params"]), None)
    generator = next((x for x in ranked if x.model["architecture"] in TOKEN_ARCHS and x.model["params"] and not x.model["hosted"]), None)
    options: list[dict[str, Any]] = []
    seq = 256
    if task["generative"] or generator is not None:
        options.append({
            "id": "prompting",
            "model_id": generator.id if generator else None,
            "summary": _t(lang, "zero-/few-shot prompting of an instruction-tuned generative model: no training, pay per generated token", "对指令微调的生成模型做零样本/少样本提示：无需训练，按生成词元付费"),
            "cost": {"training_usd": 0.0, "basis": "no training"},
        })
    if is_one_pass_text_task(task) and encoder is not None:
        options.append(_train_option("classification-fine-tuning", encoder, "full", n or 1000, seq, 3, hw, catalog, lang,
            _t(lang, "fine-tune an encoder with a task head on your labelled examples: cheap, fast, strong from a few hundred examples", "在编码器上加任务头，用你的标注数据微调：便宜、快速，几百条样本即可见效")))
    if generator is not None:
        gparams = generator.model["params"]
        small = gparams <= 1.5e9
        options.append(_train_option("instruction-fine-tuning" if small else "lora", generator, "full" if small else "lora", n or 1000, 512, 2, hw, catalog, lang,
            _t(lang, "supervised fine-tuning on input -> output pairs (full for small models, LoRA adapters for large ones)", "用“输入 -> 输出”样本做监督微调（小模型全量微调，大模型用 LoRA 适配器）")))
        if not small:
            options.append(_train_option("qlora", generator, "qlora", n or 1000, 512, 2, hw, catalog, lang,
                _t(lang, "LoRA on a 4-bit quantized base: fits a single consumer GPU, slightly slower and lower quality than LoRA", "在 4 位量化基座上做 LoRA：单张消费级 GPU 即可，比 LoRA 稍慢、质量略低")))
    base = encoder or generator
    pretrain = None
    if base is not None:
        params = base.model["params"]
        tokens = 20 * params  # compute-optimal ratio (Hoffmann et al., 2022)
        gpu = catalog.hardware.get("h100")
        if gpu is not None and gpu["bf16_tflops"]:
            hours = estimates.training_gpu_hours(params, tokens, gpu["bf16_tflops"])
            pretrain = {
                "model_size_like": base.id,
                "tokens": tokens,
                "gpu_hours": round(hours, 1),
                "hardware": "h100",
                "usd": round(hours * gpu["price_usd_per_hour"], 0) if gpu["price_usd_per_hour"] else None,
                "basis": f"estimate: 6 x {human(params)} params x {human(tokens)} tokens (20 tokens/param) at {estimates.TRAIN_MFU:.0%} MFU of H100 bf16 peak",
                "confidence": "heuristic",
                "when": _t(lang, "almost never: only with a very large in-domain corpus (tens of billions of tokens) that no open model covers, or for a tiny special-purpose model", "几乎不需要：只有在拥有海量领域语料（数百亿词元）且没有开源模型覆盖，或需要极小的专用模型时才考虑"),
            }
    recommended = _recommended(task, n, options)
    return {"examples": n, "recommended": recommended, "options": options, "pretraining": pretrain, "why": _approach_why(recommended, n, lang)}


def _train_option(
    kind: str, cand: Candidate, method: str, n: int, seq: int, epochs: int, hw: Entry | None, catalog: Catalog, lang: str, summary: str
) -> dict[str, Any]:
    m = cand.model
    params = m["params"]
    cfg = m["config"] or {}
    hidden = cfg.get("hidden_size") or int(math.sqrt(params / 12 / max(1, cfg.get("layers") or 24)))
    layers = cfg.get("layers") or 24
    heads = cfg.get("attention_heads") or max(1, hidden // 64)
    act = estimates.activation_gb(8, seq, hidden, layers + (cfg.get("decoder_layers") or 0), heads)
    mem = estimates.finetune_memory_gb(params, method, act)
    target = hw if hw is not None else cost_hardware(mem, None, catalog)
    tokens = n * seq * epochs
    doc: dict[str, Any] = {"id": kind, "model_id": m["id"], "summary": summary, "memory_gb": round(mem, 1)}
    if target is not None and (target["bf16_tflops"] or target["fp16_tflops"]):
        trainable = params if method == "full" else params * estimates.LORA_TRAINABLE_FRACTION
        # forward+backward through the frozen base still costs ~4N per token; the update touches only adapters
        effective = params if method == "full" else (4 * params + 2 * trainable) / 6
        hours = estimates.training_gpu_hours(int(effective), tokens, target["bf16_tflops"] or target["fp16_tflops"])
        price = target["price_usd_per_hour"]
        doc["cost"] = {
            "hardware": target["id"],
            "fits": mem <= target["memory_gb"],
            "gpu_hours": round(hours, 3),
            "training_usd": round(hours * price, 2) if price else None,
            "basis": f"estimate: {n} examples x {seq} tokens x {epochs} epochs; ~6 FLOPs/param/token at {estimates.TRAIN_MFU:.0%} MFU; memory = {method} ({'16 bytes/param Adam' if method == 'full' else 'frozen base + adapters'}) + activations (batch 8, checkpointing)",
            "confidence": "heuristic",
        }
    else:
        doc["cost"] = {"hardware": None, "fits": False, "basis": "no catalog hardware with a price fits this training run", "confidence": "heuristic"}
    return doc


def _recommended(task: Entry, n: int | None, options: list[dict[str, Any]]) -> str | None:
    ids: list[str] = [str(o["id"]) for o in options]
    if not ids:
        return None
    classify = is_one_pass_text_task(task) and "classification-fine-tuning" in ids
    if n is None or n < 50:
        if classify and "prompting" not in ids:
            return "classification-fine-tuning"
        return "prompting" if "prompting" in ids else ids[0]
    if classify:
        return "classification-fine-tuning"
    for choice in ("lora", "instruction-fine-tuning", "qlora", "prompting"):
        if choice in ids:
            return choice
    return str(ids[0])


def _approach_why(recommended: str | None, n: int | None, lang: str) -> str:
    if recommended is None:
        return _t(lang, "no curated model to adapt for this task", "此任务没有可用于适配的精选模型")
    if n is None:
        return _t(lang, "tell us how many labelled examples you have (--examples N) for sharper advice", "用 --examples N 说明你有多少标注样本，建议会更准确")
    if recommended == "prompting":
        return _t(lang, f"with {n} examples, prompting (zero- or few-shot, the examples in the prompt) beats training", f"只有 {n} 条样本时，提示（零样本或把样本放进提示的少样本）比训练更合适")
    if recommended == "classification-fine-tuning":
        return _t(lang, f"{n} labelled examples are enough to fine-tune a small encoder, which is cheaper and usually more accurate than prompting an LLM for classification", f"{n} 条标注样本足以微调一个小型编码器；对分类任务它比提示大模型更便宜、通常也更准确")
    return _t(lang, f"{n} examples justify supervised fine-tuning; LoRA keeps it on one GPU", f"{n} 条样本值得做监督微调；LoRA 让它在单张 GPU 上完成")
