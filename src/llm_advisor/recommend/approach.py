"""Approach advice: prompting vs fine-tuning (classification, instruction, LoRA, QLoRA) vs pre-training,
each with its memory and an estimated cost on the chosen hardware."""

from __future__ import annotations

import math
from typing import Any

from llm_advisor.catalog.loader import Catalog, Entry
from llm_advisor.msg import Msg, m
from llm_advisor.recommend import estimates
from llm_advisor.recommend.constraints import Constraints
from llm_advisor.recommend.fit import TOKEN_ARCHS, Candidate, cost_hardware


def is_one_pass_text_task(task: Entry) -> bool:
    """Text in, a label/span/vector out in one forward pass (tasks.yaml: text, not generative): the tasks
    where fine-tuning a small encoder with a task head is the classic approach."""
    return bool(task["modality"] == "text" and not task["generative"])


def approach(
    catalog: Catalog, task: Entry, c: Constraints, hw: Entry | None, ranked: list[Candidate]
) -> dict[str, Any]:
    """Prompting vs fine-tuning vs pre-training for this task and the user's number of examples."""
    n = c.examples
    budget = estimates.usable_memory_gb(hw) if hw is not None else c.memory_gb
    encoder = next(
        (x for x in ranked if x.model["architecture"] == "encoder-only" and x.model["params"]), None
    )
    generator = next(
        (
            x
            for x in ranked
            if x.model["architecture"] in TOKEN_ARCHS and x.model["params"] and not x.model["hosted"]
        ),
        None,
    )
    options: list[dict[str, Any]] = []
    seq = 256
    if task["generative"] or generator is not None:
        options.append(
            {
                "id": "prompting",
                "model_id": generator.id if generator else None,
                "summary": m("approach.prompting"),
                "cost": {"training_usd": 0.0, "basis": m("basis.no_training")},
            }
        )
    if is_one_pass_text_task(task) and encoder is not None:
        options.append(
            _train_option(
                "classification-fine-tuning",
                encoder,
                "full",
                n or 1000,
                seq,
                3,
                hw,
                catalog,
                m("approach.classification"),
                budget,
            )
        )
    generators = [
        x
        for x in ranked
        if x.model["architecture"] in TOKEN_ARCHS and x.model["params"] and not x.model["hosted"]
    ][:10]
    for i, gen in enumerate(generators):
        # the best-ranked generator whose fine-tuning fits the budget (with no budget: the best-ranked one)
        small = gen.model["params"] <= catalog.scoring.get("full_finetune_max_params", 1_500_000_000)
        tuned = [
            _train_option(
                "instruction-fine-tuning" if small else "lora",
                gen,
                "full" if small else "lora",
                n or 1000,
                512,
                2,
                hw,
                catalog,
                m("approach.sft"),
                budget,
            )
        ]
        if not small:
            tuned.append(
                _train_option(
                    "qlora", gen, "qlora", n or 1000, 512, 2, hw, catalog, m("approach.qlora"), budget
                )
            )
        if any(o.get("fits_budget", True) for o in tuned) or i == len(generators) - 1:
            options.extend(tuned)
            break
    base = encoder or generator
    pretrain = None
    if base is not None:
        params = base.model["params"]
        tokens = 20 * params  # compute-optimal ratio (Hoffmann et al., 2022)
        ref = catalog.scoring.get("training_reference_hardware") or "h100"
        gpu = catalog.hardware.get(ref)
        if gpu is not None and gpu["bf16_tflops"]:
            hours = estimates.training_gpu_hours(params, tokens, gpu["bf16_tflops"])
            pretrain = {
                "model_size_like": base.id,
                "tokens": tokens,
                "gpu_hours": round(hours, 1),
                "hardware": ref,
                "usd": round(hours * gpu["price_usd_per_hour"], 0) if gpu["price_usd_per_hour"] else None,
                "basis": m(
                    "basis.pretraining", params=params, tokens=tokens, mfu=estimates.TRAIN_MFU, hardware=ref
                ),
                "confidence": "heuristic",
                "when": m("approach.pretraining_when"),
            }
            # current practice trains far past compute-optimal: trillions of tokens (Llama 3: 15T, Qwen3: 36T)
            practice = estimates.pretraining_estimates(params, gpu["bf16_tflops"], gpu["price_usd_per_hour"])
            pretrain["current_practice"] = [
                {
                    "tokens": row["tokens"],
                    "gpu_hours": round(row["gpu_hours"], 1),
                    "usd": None if row["usd"] is None else round(row["usd"], 0),
                    "source": row["source"],
                }
                for row in (practice["current_practice_low"], practice["current_practice_high"])
            ]
    threshold = int(catalog.scoring.get("min_finetune_examples", 100))
    fitting = [o for o in options if o.get("fits_budget", True)]
    recommended = _recommended(task, n, fitting, threshold)
    why = _approach_why(recommended, n)
    if recommended == "prompting" and len(fitting) < len(options) and n is not None and n >= threshold:
        why = m("approach.why_prompting_budget", examples=n)
    return {
        "examples": n,
        "recommended": recommended,
        "options": options,
        "pretraining": pretrain,
        "why": why,
    }


def _train_option(
    kind: str,
    cand: Candidate,
    method: str,
    n: int,
    seq: int,
    epochs: int,
    hw: Entry | None,
    catalog: Catalog,
    summary: Msg,
    budget: float | None = None,
) -> dict[str, Any]:
    model = cand.model
    params = model["params"]
    cfg = model["config"] or {}
    hidden = cfg.get("hidden_size") or int(math.sqrt(params / 12 / max(1, cfg.get("layers") or 24)))
    layers = cfg.get("layers") or 24
    heads = cfg.get("attention_heads") or max(1, hidden // 64)
    act = estimates.activation_gb(8, seq, hidden, layers + (cfg.get("decoder_layers") or 0), heads)
    mem = estimates.finetune_memory_gb(params, method, act)
    target = hw if hw is not None else cost_hardware(mem, None, catalog)
    tokens = n * seq * epochs
    doc: dict[str, Any] = {
        "id": kind,
        "model_id": model["id"],
        "summary": summary,
        "memory_gb": round(mem, 1),
    }
    if budget is not None:
        doc["fits_budget"] = mem <= budget
        if mem > budget:
            needs = cost_hardware(mem, None, catalog)
            doc["needs"] = m(
                "approach.needs",
                need_gib=round(mem, 1),
                budget_gib=budget,
                hardware=needs["id"] if needs else None,
            )
    if target is not None and (target["bf16_tflops"] or target["fp16_tflops"]):
        # forward + backward (+ the recompute of gradient checkpointing) through the base; LoRA updates only adapters
        hours = estimates.finetune_gpu_hours(
            params, tokens, target["bf16_tflops"] or target["fp16_tflops"], method
        ).value
        price = target["price_usd_per_hour"]
        doc["cost"] = {
            "hardware": target["id"],
            "fits": mem <= estimates.usable_memory_gb(target),
            "gpu_hours": round(hours, 3),
            "training_usd": round(hours * price, 2) if price else None,
            "basis": m(
                "basis.training", examples=n, seq=seq, epochs=epochs, mfu=estimates.TRAIN_MFU, method=method
            ),
            "confidence": "heuristic",
        }
    else:
        doc["cost"] = {
            "hardware": None,
            "fits": False,
            "basis": m("basis.training_no_hardware"),
            "confidence": "heuristic",
        }
    return doc


def _recommended(task: Entry, n: int | None, options: list[dict[str, Any]], threshold: int) -> str | None:
    ids: list[str] = [str(o["id"]) for o in options]
    if not ids:
        return None
    classify = is_one_pass_text_task(task) and "classification-fine-tuning" in ids
    if n is None or n < threshold:
        if classify and "prompting" not in ids:
            return "classification-fine-tuning"
        return "prompting" if "prompting" in ids else ids[0]
    if classify:
        return "classification-fine-tuning"
    for choice in ("lora", "instruction-fine-tuning", "qlora", "prompting"):
        if choice in ids:
            return choice
    return str(ids[0])


def _approach_why(recommended: str | None, n: int | None) -> Msg:
    if recommended is None:
        return m("approach.why_none")
    if n is None:
        return m("approach.why_ask_examples")
    if recommended == "prompting":
        return m("approach.why_prompting", examples=n)
    if recommended == "classification-fine-tuning":
        return m("approach.why_classification", examples=n)
    return m("approach.why_sft", examples=n)
