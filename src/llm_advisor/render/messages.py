"""Every sentence the user reads, in English and Simplified Chinese, keyed by the message codes the core returns.

A message is `{"code": ..., "params": {...}}` (`llm_advisor.msg`). `text(msg, lang)` writes it;
`localize(doc, lang)` adds a `text` to every message in a document (what JSON output carries).
Templates use `str.format` fields with a few extra format specs: `{x:n}` a human count (7.6B),
`{x:tier}` a quality tier, `{x:lic}` a licence verdict, `{x:lat}` a latency class, `{x:pct}` a percentage,
`{x:usd}` a price, `{x:list}` a comma-separated list. A parameter that is itself a message or a catalog
text (`{"en": ..., "zh": ...}`) is written in the same language first.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

from llm_advisor.units import human_count

Template = tuple[str, str] | Callable[[dict[str, Any], str], str]

TIERS = {
    "top": ("top tier", "顶级"),
    "strong": ("strong", "强"),
    "good": ("good", "良好"),
    "baseline": ("baseline", "基线"),
}
HARDWARE_KINDS = {
    "cpu": ("CPU", "CPU"),
    "gpu": ("GPU", "GPU"),
    "unified": ("unified memory", "统一内存"),
    "accelerator": ("accelerator", "加速器"),
}
LICENSE_KINDS = {
    "permissive": ("permissive", "宽松许可"),
    "commercial_ok": ("commercial use allowed with conditions", "允许有条件商用"),
    "restricted": ("restricted or unclear terms", "限制性或条款不明"),
}
LATENCY = {
    "real-time (<20 ms)": ("real-time (<20 ms)", "实时（<20 毫秒）"),
    "interactive (<200 ms)": ("interactive (<200 ms)", "交互级（<200 毫秒）"),
    "responsive (<2 s)": ("responsive (<2 s)", "可接受（<2 秒）"),
    "batch (>2 s)": ("batch (>2 s)", "批处理（>2 秒）"),
}
CONSTRAINTS = {
    "include_hosted": ("hosted", "托管模型"),
    "task_fit": ("architecture", "架构"),
    "max_params": ("max params", "参数上限"),
    "min_params": ("min params", "参数下限"),
    "license": ("licence", "许可证"),
    "language": ("language", "语言"),
    "exclude_gated": ("gated", "需申请访问"),
    "context": ("context", "上下文"),
    "memory": ("memory", "内存"),
    "max_cost": ("cost", "成本"),
    "speed": ("speed", "速度"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]


def _fits_budget(p: dict[str, Any], lang: str) -> str:
    where = p["hardware"] or f"{p['budget_gib']:g} GiB"
    if lang == "zh":
        where = p.get("hardware_id") or where  # hardware names are English catalog text: Chinese shows the id
        return (
            f"在 {where} 上以 {p['precision']} 运行：约需 {p['need_gib']:.1f} GiB / {p['budget_gib']:g} GiB"
        )
    return f"fits {where} at {p['precision']}: ~{p['need_gib']:.1f} GiB needed of {p['budget_gib']:g} GiB"


def _decode_basis(p: dict[str, Any], lang: str) -> str:
    active = human_count(p["active"], "?")
    eff = f"{p['efficiency']:.0%}"
    price = (
        f"${p['price']}/h" + (f" ({p['price_date']})" if p.get("price_date") else "")
        if p.get("price")
        else ""
    )
    if lang == "zh":
        out = f"估算：每个解码步以 {p['precision']} 读取 {active} 个激活参数，带宽按 {p['bandwidth_gbps']:g} GB/s 的 {eff} 计，批量 {p['batch']}"
        if p.get("prefill_mfu"):
            out += f"；预填充按峰值算力的 {p['prefill_mfu']:.0%} 计"
        if p.get("price"):
            out += f"；价格每小时 ${p['price']}" + (f"（{p['price_date']}）" if p.get("price_date") else "")
        if not p.get("compute_published"):
            out += "；峰值算力未公开，未计算算力上限（偏乐观）"
        return out
    out = f"estimate: decode reads {active} active params at {p['precision']} per step at {eff} of {p['bandwidth_gbps']:g} GB/s, batch {p['batch']}"
    if p.get("prefill_mfu"):
        out += f"; prefill at {p['prefill_mfu']:.0%} of peak"
    if price:
        out += f"; price {price}"
    if not p.get("compute_published"):
        out += "; peak compute not published: no compute bound (optimistic)"
    return out


def _params_size(p: dict[str, Any], lang: str) -> str:
    n = human_count(p["params"], "?")
    if p.get("active"):
        a = human_count(p["active"], "?")
        if lang == "zh":
            return f"{n} 参数（混合专家：每个词元激活 {a}，但所有专家都须常驻内存）"
        return f"{n} parameters (mixture-of-experts: {a} active per token; all experts must be resident)"
    return f"{n} 参数" if lang == "zh" else f"{n} parameters"


def _cost_tokens(p: dict[str, Any], lang: str) -> str:
    usd = "—" if p["usd"] is None else f"${p['usd']:.3g}"
    batch = p.get("batch") or 1
    serving = p.get("serving") or {}
    s_usd = None if serving.get("usd_per_1m") is None else f"${serving['usd_per_1m']:.3g}"
    if lang == "zh":
        out = f"在 {p['hardware']} 上单路约 {p['tokens_per_s']:g} 词元/秒，每百万生成词元 {usd}（估算，批量 {batch}）"
        if s_usd and serving.get("batch", 1) > batch:
            out += f"；批量 {serving['batch']} 并发服务时约 {serving['tokens_per_s']:g} 词元/秒、每百万词元 {s_usd}"
        return out
    out = f"~{p['tokens_per_s']:g} tokens/s and {usd} per 1M generated tokens on {p['hardware']} (estimate, one stream, batch {batch})"
    if s_usd and serving.get("batch", 1) > batch:
        out += f"; serving at batch {serving['batch']}: ~{serving['tokens_per_s']:g} tokens/s, {s_usd} per 1M"
    return out


def _cost_requests(p: dict[str, Any], lang: str) -> str:
    usd = "—" if p["usd"] is None else f"${p['usd']:.3g}"
    lat = _pick(LATENCY.get(p["latency"], (p["latency"], p["latency"])), lang)
    if lang == "zh":
        return f"在 {p['hardware']} 上约 {p['requests_per_s']:g} 请求/秒（{lat}）；每百万请求 {usd}（估算）"
    return f"~{p['requests_per_s']:g} requests/s, {lat}; {usd} per 1M requests on {p['hardware']} (estimate)"


def _empty_all(p: dict[str, Any], lang: str) -> str:
    parts = [
        (c["count"], _pick(CONSTRAINTS.get(c["constraint"], (c["constraint"], c["constraint"])), lang))
        for c in p["by"]
    ]
    if lang == "zh":
        return (
            f"没有模型满足所有约束：排除了 {p['excluded']} 个（"
            + "、".join(f"{name} {n} 个" for n, name in parts)
            + "）"
        )
    return (
        f"no model satisfies every constraint: {p['excluded']} excluded ("
        + ", ".join(f"{n} by {name}" for n, name in parts)
        + ")"
    )


def _ranked_lower(p: dict[str, Any], lang: str) -> str:
    comp = p.get("component")
    if lang == "zh":
        out = f"排名第 {p['rank']}，得分 {p['score']:.3f}，低于最后一个推荐 {p['last']}（{p['last_score']:.3f}）"
        return out + (f"；差距主要来自 {COMPONENTS_ZH.get(comp, comp)}" if comp else "")
    out = f"ranked {p['rank']} with score {p['score']:.3f}, below the last pick {p['last']} ({p['last_score']:.3f})"
    return out + (f"; the {comp} component decided it" if comp else "")


COMPONENTS_ZH = {
    "task_fit": "架构适配度",
    "quality": "质量",
    "efficiency": "效率",
    "popularity": "热度",
    "recency": "新近度",
    "license": "许可证",
    "readiness": "就绪度",
    "speed": "速度",
}


def _task_fit(p: dict[str, Any], lang: str) -> str:
    alt = p.get("alternative")
    if lang == "zh":
        out = f"{p['architecture']} 架构不适合 {p['task']}（适配度 {p['fit']:.2f} < min_task_fit {p['floor']:.2f}）"
        return out + (f"；请改用 {alt['id']}（适配度 {alt['weight']:.2f}）" if alt else "")
    out = f"{p['architecture']} architecture suits {p['task']} poorly (fit {p['fit']:.2f} < min_task_fit {p['floor']:.2f})"
    return out + (f"; use {alt['id']} (fit {alt['weight']:.2f})" if alt else "")


def _fit(p: dict[str, Any], lang: str) -> str:
    where = f" ({p['hardware']})" if p.get("hardware") else ""
    if lang == "zh":
        return (
            f"在 {p['precision']} 精度下约需 {p['need_gib']:.1f} GiB（权重 {p['weights_gib']:.1f} GiB + 运行开销 + "
            f"{p['context']} 词元 × 批量 {p['batch']} 的 KV 缓存 {p['kv_gib']:.1f} GiB），超过 {p['budget_gib']:g} GiB{where}"
        )
    return (
        f"needs ~{p['need_gib']:.1f} GiB at {p['precision']} (weights {p['weights_gib']:.1f} GiB + runtime overhead + KV cache "
        f"{p['kv_gib']:.1f} GiB at {p['context']} tokens x batch {p['batch']}) > {p['budget_gib']:g} GiB{where}"
    )


def _cost_rule(p: dict[str, Any], lang: str) -> str:
    unit = p["unit"]
    where = f" on {p['hardware']}" if p.get("hardware") else ""
    if lang == "zh":
        u = "词元" if unit == "tokens" else "请求"
        where_zh = f"（{p['hardware']}）" if p.get("hardware") else ""
        return f"估算每百万{u}约 ${p['usd']:.2f}{where_zh}，超过成本上限 ${p['max_cost']:g}"
    return f"~${p['usd']:.2f} per 1M {unit}{where} > max cost ${p['max_cost']:g}"


MESSAGES: dict[str, Template] = {
    # ---- constraint rules (recommend exclusions and check findings) ----
    "rule.hosted": (
        "hosted API model (add --include-hosted to consider it)",
        "托管 API 模型（加 --include-hosted 才会考虑）",
    ),
    "rule.task_fit": _task_fit,
    "rule.arch_required": (
        "{architecture} architecture is not among the required: {required:list}",
        "{architecture} 架构不在要求的架构中：{required:list}",
    ),
    "rule.arch_forbidden": (
        "{architecture} architecture is forbidden by the policy",
        "策略禁止 {architecture} 架构",
    ),
    "rule.params_unknown": (
        "parameter count unknown: cannot check the size limit",
        "参数量未知，无法检查规模限制",
    ),
    "rule.too_large": (
        "{params:n} parameters > max params {max_params:n}",
        "参数量 {params:n} 超过上限 {max_params:n}",
    ),
    "rule.too_small": (
        "{params:n} parameters < min params {min_params:n}",
        "参数量 {params:n} 低于下限 {min_params:n}",
    ),
    "rule.license": (
        "licence {license} is not allowed (allowed: {allowed:list})",
        "许可证 {license} 不在允许范围内（允许：{allowed:list}）",
    ),
    "rule.languages_unknown": (
        "languages unknown: cannot check {required:list}",
        "支持的语言未知，无法检查 {required:list}",
    ),
    "rule.language": (
        "does not cover {missing:list} (covers {covers:list})",
        "不支持 {missing:list}（支持 {covers:list}）",
    ),
    "rule.gated": (
        "gated on the Hub (terms must be accepted) and gated models are not allowed",
        "在 Hub 上需申请访问（gated），而当前不允许此类模型",
    ),
    "rule.context_unknown": (
        "context window unknown: cannot check {context} tokens",
        "上下文窗口未知，无法检查 {context} 词元",
    ),
    "rule.context": (
        "context window {window} < required {context} tokens",
        "上下文窗口 {window} 小于要求的 {context} 词元",
    ),
    "rule.fit_unknown": (
        "parameter count unknown: cannot check it fits {budget_gib:g} GiB",
        "参数量未知，无法确认能否放进 {budget_gib:g} GiB",
    ),
    "rule.fit": _fit,
    "rule.cost_unknown": (
        "cost cannot be estimated (size unknown or no priced hardware fits): cannot check max cost ${max_cost:g}",
        "无法估算成本（规模未知或没有合适的带价格硬件），无法检查成本上限 ${max_cost:g}",
    ),
    "rule.cost": _cost_rule,
    "rule.too_slow": (
        "~{tokens_per_s:g} tokens/s at {precision} on {hardware}: below the usable {floor:g} tokens/s for interactive use",
        "在 {hardware} 上以 {precision} 约 {tokens_per_s:g} 词元/秒：低于交互使用所需的 {floor:g} 词元/秒",
    ),
    "rule.too_slow_request": (
        "~{seconds:g} s per request at {precision} on {hardware}: slower than the {limit:g} s an interactive service allows",
        "在 {hardware} 上以 {precision} 每个请求约需 {seconds:g} 秒：超过交互式服务可接受的 {limit:g} 秒",
    ),
    "warn.none_reach_speed": (
        "no candidate reaches {floor:g} tokens/s on {hardware}: the picks below are shown anyway and will feel slow",
        "没有候选模型能在 {hardware} 上达到每秒 {floor:g} 词元：以下推荐仍然列出，但使用起来会很慢",
    ),
    "warn.single_language": (
        "no --language given: models that cover a single language other than English are ranked lower",
        "未指定 --language：只支持一种非英语语言的模型排名靠后",
    ),
    "pipeline.rag": (
        lambda p, lang: (
            (
                f"RAG 流水线：嵌入模型 + 重排序模型 + 生成模型共需约 {p['total_gib']:.1f} GiB"
                + (f"，预算 {p['budget_gib']:g} GiB" if p.get("budget_gib") else "")
            )
            if lang == "zh"
            else (
                f"RAG pipeline: embedding + reranker + generator need ~{p['total_gib']:.1f} GiB together"
                + (f" of {p['budget_gib']:g} GiB" if p.get("budget_gib") else "")
            )
        )
    ),
    "reason.recency_unknown": ("release date unknown: scored as the oldest", "发布日期未知：按最旧处理"),
    "reason.license_unknown": (
        "licence {license} is not in the catalog's licence list: scored as restricted",
        "许可证 {license} 不在目录的许可证列表中：按限制性处理",
    ),
    "reason.speed": (
        "~{tokens_per_s:g} tokens/s at {precision} on {hardware} (usable floor {floor:g})",
        "在 {hardware} 上以 {precision} 约 {tokens_per_s:g} 词元/秒（可用下限 {floor:g}）",
    ),
    "reason.single_language": (
        "covers only {languages:list}: ranked lower without --language",
        "只支持 {languages:list}：未指定 --language 时排名靠后",
    ),
    # ---- estimate bases ----
    "basis.api_price": ("published API price as of {date} ({source})", "{date} 公布的 API 价格（{source}）"),
    "basis.decode": _decode_basis,
    "basis.workload_image": (
        "a 1024x1024 image, {steps} denoising steps",
        "一张 1024x1024 图像，{steps} 步去噪",
    ),
    "basis.workload_pass": ("one forward pass of {tokens} tokens", "一次 {tokens} 词元的前向计算"),
    "basis.one_pass": (
        "estimate (heuristic workload): {workload} at {mfu:pct} of {hardware} peak compute",
        "估算（启发式负载）：{workload}，按 {hardware} 峰值算力的 {mfu:pct} 计",
    ),
    "basis.one_pass_bandwidth": (
        "estimate (heuristic workload): {workload}, bounded only by reading the weights at {efficiency:pct} of {bandwidth_gbps:g} GB/s ({hardware} peak compute not published; optimistic)",
        "估算（启发式负载）：{workload}，仅按以 {bandwidth_gbps:g} GB/s 的 {efficiency:pct} 读取权重计（{hardware} 未公布峰值算力，偏乐观）",
    ),
    "basis.memory": (
        "weights at {precision} + runtime overhead + KV cache at {context} tokens x batch {batch}",
        "{precision} 权重 + 运行开销 + {context} 词元 × 批量 {batch} 的 KV 缓存",
    ),
    "basis.no_training": ("no training", "无需训练"),
    "basis.pretraining": (
        "estimate: 6 x {params:n} params x {tokens:n} tokens (20 tokens/param) at {mfu:pct} MFU of {hardware} bf16 peak",
        "估算：6 × {params:n} 参数 × {tokens:n} 词元（每参数 20 词元），按 {hardware} bf16 峰值的 {mfu:pct} 利用率计",
    ),
    "basis.training": (
        "estimate: {examples} examples x {seq} tokens x {epochs} epochs; ~6 FLOPs/param/token at {mfu:pct} MFU; memory = {method} + activations (batch 8, checkpointing)",
        "估算：{examples} 条样本 × {seq} 词元 × {epochs} 轮；每参数每词元约 6 次浮点运算，利用率 {mfu:pct}；内存 = {method} + 激活值（批量 8，梯度检查点）",
    ),
    "basis.training_no_hardware": (
        "no catalog hardware with a price fits this training run",
        "目录中没有能放下这次训练且有价格的硬件",
    ),
    # ---- reasons ----
    "reason.fits_task": (
        "{architecture} fits this task (weight {weight:.2f}): {rationale}",
        "{architecture_name:name}（{architecture}）适合此任务（权重 {weight:.2f}）：{rationale}",
    ),
    "reason.needs_finetuning": (
        "a pre-trained base with no head for this task: fine-tune it on labelled examples first (see the approach advice, --examples N)",
        "这是没有该任务输出头的预训练基座：需先用标注数据微调（参见方法建议，--examples N）",
    ),
    "reason.fine_tuned_from": (
        "a checkpoint fine-tuned from {base}: ready to use",
        "基于 {base} 微调的检查点：可直接使用",
    ),
    "reason.quality_eval": (
        "curated quality for this task: {tier:tier} ({benchmark} {metric} {value:g})",
        "精选评级：{tier:tier}（{benchmark} {metric} {value:g}）",
    ),
    # the editorial reason is English catalog text: the Chinese line names it as an editorial judgement only
    "reason.quality_editorial": (
        "curated quality for this task: {tier:tier} (editorial: {why})",
        "精选评级：{tier:tier}（编辑判断，无公开基准可引用；理由见 JSON 输出）",
    ),
    "reason.quality": (
        "curated quality for this task: {tier:tier} (no evidence recorded)",
        "精选评级：{tier:tier}（未记录依据）",
    ),
    "reason.fits_budget": _fits_budget,
    "reason.needs_memory": (
        "needs ~{need_gib:.1f} GiB at {precision} (weights + overhead + KV cache)",
        "以 {precision} 运行约需 {need_gib:.1f} GiB（权重 + 开销 + KV 缓存）",
    ),
    "reason.multi_gpu": (
        "more than any single catalog accelerator ({largest_gib:g} GiB): plan for multi-GPU serving or quantization",
        "超过目录中任何单个加速器（{largest_gib:g} GiB）：需要多卡部署或量化",
    ),
    "reason.license": ("licence {license}: {kind:lic}", "许可证 {license}：{kind:lic}"),
    "reason.language": (
        lambda p, lang: (
            (f"支持语言 {p['language']}" + ("（多语言模型）" if p["multilingual"] else ""))
            if lang == "zh"
            else (f"covers language {p['language']}" + (" (multilingual model)" if p["multilingual"] else ""))
        )
    ),
    "reason.hosted": (
        "hosted API: no weights to run; data leaves your infrastructure",
        "托管 API：无需自行部署权重，但数据会离开你的基础设施",
    ),
    "reason.variants": (
        "related variants (same base model): {variants:list}",
        "同一基座的相关变体：{variants:list}",
    ),
    # ---- tradeoffs ----
    "size.hosted": ("size not published (hosted API)", "规模未公开（托管 API）"),
    "size.unknown": ("parameter count not published: memory not estimated", "参数量未公开，未估算内存"),
    "size.params": _params_size,
    "size.weights": (
        "weights {fp32:.2f} GiB fp32 / {fp16:.2f} GiB fp16 / {int8:.2f} GiB int8 / {int4:.2f} GiB int4",
        "权重 fp32 {fp32:.2f} GiB / fp16 {fp16:.2f} GiB / int8 {int8:.2f} GiB / int4 {int4:.2f} GiB",
    ),
    "size.kv": (
        "KV cache {kv_gib:.2f} GiB at {context} tokens x batch {batch}",
        "KV 缓存 {kv_gib:.2f} GiB（{context} 词元 × 批量 {batch}）",
    ),
    "size.disk": ("disk ~{gib:.1f} GiB in 16-bit safetensors", "磁盘约 {gib:.1f} GiB（16 位 safetensors）"),
    "cost.unknown": (
        "cost not estimated (size unknown or no priced hardware fits)",
        "未估算成本（规模未知或没有合适的带价格硬件）",
    ),
    "cost.api": (
        "${input:g} / ${output:g} per 1M input / output tokens ({basis})",
        "每百万输入/输出词元 ${input:g} / ${output:g}（{basis}）",
    ),
    "cost.tokens": _cost_tokens,
    "cost.requests": _cost_requests,
    "cost.cpu_realistic": ("CPU-only is realistic", "纯 CPU 运行可行"),
    "cost.cpu_unrealistic": ("CPU-only is not realistic", "纯 CPU 运行不现实"),
    "objective.pretrained": (
        "pre-trained with {objective}: {implications}",
        "预训练目标为{objective}：{implications}",
    ),
    "objective.versus": (
        "Versus {architecture} (fit {weight:.2f}): {rationale}",
        "对比{architecture_name:name}（{architecture}，适配度 {weight:.2f}）：{rationale}",
    ),
    # ---- warnings and hints ----
    "warn.no_budget": (
        "no --hardware or --memory given: fit not checked; costs are estimated on the cheapest catalog GPU that fits each model",
        "未指定 --hardware 或 --memory：未检查能否放下；成本按能放下该模型的最便宜目录 GPU 估算",
    ),
    "warn.no_hub_cache": (
        "popularity not used: no Hub cache (run `llm-advisor sync`)",
        "未使用热度指标：没有 Hub 缓存（运行 `llm-advisor sync`）",
    ),
    "warn.needs_language": (
        "{task} models are often language-pair specific (e.g. opus-mt-en-de): add --language for the language you need",
        "{task} 模型往往只支持特定语言对（如 opus-mt-en-de）：请用 --language 指定需要的语言",
    ),
    "warn.hub_unreachable": (
        "Hub not reached ({error}); using the local cache",
        "无法连接 Hub（{error}）；改用本地缓存",
    ),
    "warn.hub_skipped": (
        "{count} cached Hub model(s) skipped: architecture could not be determined",
        "跳过了 {count} 个缓存的 Hub 模型：无法确定其架构",
    ),
    "hint.cache_age": (
        lambda p, lang: (
            (
                f"{p['task']} 的 Hub 缓存数据已有 {p['days']} 天；运行 `llm-advisor sync --task {p['task']}` 刷新"
                if p.get("task")
                else f"Hub 缓存数据已有 {p['days']} 天；运行 `llm-advisor sync` 刷新"
            )
            if lang == "zh"
            else (
                f"cached Hub data for {p['task']} is {p['days']} days old; `llm-advisor sync --task {p['task']}` refreshes it"
                if p.get("task")
                else f"the cached Hub data is {p['days']} days old; `llm-advisor sync` refreshes it"
            )
        )
    ),
    "hint.local_hardware": (
        "--hardware local: {name} ({kind}), {memory_gib:g} GiB, assuming {bandwidth_gbps:g} GB/s ({basis})",
        # the detected name and the bandwidth basis are English probe text: Chinese names the kind, JSON keeps both
        "--hardware local：检测到本机（{kind:hwkind}），{memory_gib:g} GiB，假定内存带宽 {bandwidth_gbps:g} GB/s（估计值，依据见 JSON 输出）",
    ),
    "empty.no_models": ("no curated model declares this task", "没有精选模型声明支持此任务"),
    "empty.all_excluded": _empty_all,
    # ---- why not ----
    "why_not.variant": (
        "collapsed into {of} (same base model); use --show-variants",
        "已合并到 {of}（同一基座模型）；使用 --show-variants 查看",
    ),
    "why_not.picked": ("it is one of the picks", "它已在推荐列表中"),
    "why_not.ranked_lower": _ranked_lower,
    "why_not.no_picks": ("nothing was picked", "没有任何推荐"),
    "why_not.not_candidate": (
        "the catalog does not list {task} among its tasks",
        "目录中该模型未声明支持 {task}",
    ),
    # ---- approach ----
    "approach.prompting": (
        "zero-/few-shot prompting of an instruction-tuned generative model: no training, pay per generated token",
        "对指令微调的生成模型做零样本/少样本提示：无需训练，按生成词元付费",
    ),
    "approach.classification": (
        "fine-tune an encoder with a task head on your labelled examples: cheap, fast, strong from a few hundred examples",
        "在编码器上加任务头，用你的标注数据微调：便宜、快速，几百条样本即可见效",
    ),
    "approach.sft": (
        "supervised fine-tuning on input -> output pairs (full for small models, LoRA adapters for large ones)",
        "用“输入 -> 输出”样本做监督微调（小模型全量微调，大模型用 LoRA 适配器）",
    ),
    "approach.qlora": (
        "LoRA on a 4-bit quantized base: fits a single consumer GPU, slightly slower and lower quality than LoRA",
        "在 4 位量化基座上做 LoRA：单张消费级 GPU 即可，比 LoRA 稍慢、质量略低",
    ),
    "approach.pretraining_when": (
        "almost never: only with a very large in-domain corpus (tens of billions of tokens) that no open model covers, or for a tiny special-purpose model",
        "几乎不需要：只有在拥有海量领域语料（数百亿词元）且没有开源模型覆盖，或需要极小的专用模型时才考虑",
    ),
    "approach.needs": (
        lambda p, lang: (
            (
                f"需要约 {p['need_gib']:.1f} GiB，超出你的 {p['budget_gib']:g} GiB"
                + (f"；可在 {p['hardware']} 上运行" if p.get("hardware") else "")
            )
            if lang == "zh"
            else (
                f"needs ~{p['need_gib']:.1f} GiB, more than your {p['budget_gib']:g} GiB"
                + (f"; it runs on {p['hardware']}" if p.get("hardware") else "")
            )
        )
    ),
    "approach.why_prompting_budget": (
        "{examples} examples would justify fine-tuning, but no fine-tuning run of the picked models fits your memory budget: prompt, or train on the hardware named below",
        "{examples} 条样本足以支撑微调，但所选模型的微调都放不进你的内存预算：请用提示，或在下面列出的硬件上训练",
    ),
    "approach.why_none": ("no curated model to adapt for this task", "此任务没有可用于适配的精选模型"),
    "approach.why_ask_examples": (
        "tell us how many labelled examples you have (--examples N) for sharper advice",
        "用 --examples N 说明你有多少标注样本，建议会更准确",
    ),
    "approach.why_prompting": (
        "with {examples} examples, prompting (zero- or few-shot, the examples in the prompt) beats training",
        "只有 {examples} 条样本时，提示（零样本或把样本放进提示的少样本）比训练更合适",
    ),
    "approach.why_classification": (
        "{examples} labelled examples are enough to fine-tune a small encoder, which is cheaper and usually more accurate than prompting an LLM for classification",
        "{examples} 条标注样本足以微调一个小型编码器；对分类任务它比提示大模型更便宜、通常也更准确",
    ),
    "approach.why_sft": (
        "{examples} examples justify supervised fine-tuning; LoRA keeps it on one GPU",
        "{examples} 条样本值得做监督微调；LoRA 让它在单张 GPU 上完成",
    ),
    # ---- check ----
    "check.unknown_model": (
        lambda p, lang: (
            f"{p['model']} 既不在目录中，也不在 Hub 缓存中（运行 `llm-advisor sync`，或把它加入目录层）"
            + (f"；你是不是想用 {'、'.join(p['suggestions'])}？" if p.get("suggestions") else "")
            if lang == "zh"
            else f"{p['model']} is neither in the catalog nor in the Hub cache (run `llm-advisor sync`, or add it to a catalog layer)"
            + (f"; did you mean {', '.join(p['suggestions'])}?" if p.get("suggestions") else "")
        )
    ),
    "check.revision_missing": (
        "no revision pinned: add `revision: <40-hex commit sha>` so the weights cannot change under you",
        "未固定版本：添加 `revision: <40 位十六进制提交 sha>`，以免权重在你不知情时变化",
    ),
    "check.revision_not_sha": (
        "revision {revision!r} is a branch or tag, not a 40-hex commit sha",
        "revision {revision!r} 是分支或标签，不是 40 位十六进制提交 sha",
    ),
    "check.better_pick": (
        "{model} ranks clearly higher for {task} under this policy (score {score:.2f} vs {own_score:.2f}); consider it",
        "在此策略下 {model} 在 {task} 上明显更优（得分 {score:.2f} 对 {own_score:.2f}），建议考虑",
    ),
    "check.unlisted_reference": (
        "{model} is loaded here ({call}) but the manifest {manifest} does not list it",
        "此处（{call}）加载了 {model}，但清单 {manifest} 中没有列出",
    ),
    "check.not_on_hub": ("the Hub has no {where} ({error})", "Hub 上没有 {where}（{error}）"),
    "check.live_unavailable": (
        "Hub not reached ({error}); models were checked offline (catalog + Hub cache) only",
        "无法连接 Hub（{error}）；仅做了离线检查（目录 + Hub 缓存）",
    ),
    "check.invalid_manifest": ("{problem}", "{problem}"),
    "check.scan_error": ("{error}", "{error}"),
}

# One line per check rule (SARIF rule descriptions, docs/ci.md's generated rules table).
RULE_DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "unknown-model": (
        "The model is neither in the catalog nor in the Hub cache.",
        "模型既不在目录中，也不在 Hub 缓存中。",
    ),
    "unsuited-architecture": (
        "The model's architecture suits the declared task poorly, or the policy does not allow it.",
        "模型架构不适合声明的任务，或策略不允许该架构。",
    ),
    "too-large": (
        "The model has more parameters than the policy's max_params (or its size is unknown).",
        "模型参数量超过策略的 max_params（或规模未知）。",
    ),
    "license-not-allowed": (
        "The model's licence is not among the licences the policy allows.",
        "模型的许可证不在策略允许的范围内。",
    ),
    "language-not-covered": (
        "The model does not cover a language the policy requires.",
        "模型不支持策略要求的某种语言。",
    ),
    "gated-forbidden": (
        "The model is gated on the Hub and the policy forbids gated models.",
        "模型在 Hub 上需申请访问，而策略禁止此类模型。",
    ),
    "context-too-short": (
        "The model's context window is shorter than the policy's context.",
        "模型的上下文窗口短于策略要求。",
    ),
    "does-not-fit": (
        "Weights + runtime overhead + KV cache at the stated context do not fit the target hardware at the stated precision.",
        "在给定精度下，权重 + 运行开销 + 给定上下文的 KV 缓存放不进目标硬件。",
    ),
    "over-cost": (
        "The estimated USD per 1M tokens (or requests) exceeds the policy's max_cost.",
        "估算的每百万词元（或请求）成本超过策略的 max_cost。",
    ),
    "too-slow": (
        "On the target hardware the model decodes below the usable speed floor (5 tokens/s for interactive use).",
        "在目标硬件上，模型的解码速度低于可用下限（交互使用需每秒 5 个词元）。",
    ),
    "revision-not-pinned": (
        "The model choice does not pin a 40-hex commit revision.",
        "模型选择没有固定到 40 位十六进制的提交版本。",
    ),
    "better-pick": (
        "A catalog model ranks clearly higher for the task under the same policy.",
        "在同一策略下，目录中有模型在该任务上明显更优。",
    ),
    "unlisted-reference": (
        "The code loads a model that the manifest does not list.",
        "代码加载了清单中未列出的模型。",
    ),
    "not-on-hub": (
        "With --live: the Hub has no such model, or not at the pinned revision.",
        "使用 --live 时：Hub 上没有该模型，或没有固定的那个版本。",
    ),
    "live-unavailable": (
        "With --live: the Hub could not be reached, so models were checked offline only.",
        "使用 --live 时：无法连接 Hub，因此只做了离线检查。",
    ),
    "invalid-manifest": ("The manifest cannot be read or does not validate.", "清单无法读取或未通过校验。"),
    "scan-error": (
        "With --scan: a Python file or a directory could not be read or parsed; everything else was scanned.",
        "使用 --scan 时：有 Python 文件或目录无法读取或解析；其余部分照常扫描。",
    ),
}


def _merge_area_tables() -> None:
    """Areas keep their messages in their own module (render/messages_<area>.py, each a MESSAGES dict)."""
    from importlib import import_module
    from importlib.util import find_spec

    for area in ("hub", "info", "describe", "compare", "catalog", "cli", "check"):
        name = f"llm_advisor.render.messages_{area}"
        if find_spec(name) is not None:
            MESSAGES.update(import_module(name).MESSAGES)


_merge_area_tables()


def rule_description(rule_id: str, lang: str) -> str:
    return _pick(RULE_DESCRIPTIONS[rule_id], lang)


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, spec: str) -> str:
        lang = self.lang
        if spec == "n":
            return human_count(value, "?")
        if spec == "tier":
            return _pick(TIERS.get(value, (str(value), str(value))), lang)
        if spec == "lic":
            return _pick(LICENSE_KINDS.get(value, (str(value), str(value))), lang)
        if spec == "lat":
            return _pick(LATENCY.get(value, (str(value), str(value))), lang)
        if spec == "name":  # a catalog display name ({en, zh}); the short Chinese name without its gloss
            name = _value(value, lang)
            return name.split("（")[0].split(" (")[0] if lang == "zh" else name
        if spec == "hwkind":
            return _pick(HARDWARE_KINDS.get(value, (str(value), str(value))), lang)
        if spec == "pct":
            return f"{value:.0%}"
        if spec == "list":
            return ("、" if lang == "zh" else ", ").join(_value(v, lang) for v in value or [])
        if value is None:
            return "?"
        if spec:
            return format(value, spec)
        return _value(value, lang)


def _value(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        if isinstance(value.get("code"), str) and isinstance(value.get("params"), dict):
            return text(value, lang)
        if "en" in value:
            return str(value.get(lang) or value.get("en") or "")
    if isinstance(value, list):
        return ("、" if lang == "zh" else ", ").join(_value(v, lang) for v in value)
    return "" if value is None else str(value)


def text(msg: Any, lang: str) -> str:
    """The sentence for a message (plain strings and catalog texts pass through, localised)."""
    if not (
        isinstance(msg, dict) and isinstance(msg.get("code"), str) and isinstance(msg.get("params"), dict)
    ):
        return _value(msg, lang)
    template = MESSAGES.get(msg["code"])
    if template is None:
        raise KeyError(f"no text for message code {msg['code']!r}")
    params = msg["params"]
    if callable(template):
        return template(params, lang)
    return _Formatter(lang).format(template[1] if lang == "zh" else template[0], **params)


def join(msgs: list[Any], lang: str, sep: str | None = None) -> str:
    return (sep if sep is not None else ("；" if lang == "zh" else "; ")).join(text(x, lang) for x in msgs)


def localize(doc: Any, lang: str) -> Any:
    """A copy of `doc` where every message also carries its `text` and catalog texts are in `lang`."""
    if isinstance(doc, dict):
        if isinstance(doc.get("code"), str) and isinstance(doc.get("params"), dict):
            return {"code": doc["code"], "params": localize(doc["params"], lang), "text": text(doc, lang)}
        if set(doc) == {"en", "zh"}:
            return _value(doc, lang)
        return {k: localize(v, lang) for k, v in doc.items()}
    if isinstance(doc, list):
        return [localize(v, lang) for v in doc]
    return doc
