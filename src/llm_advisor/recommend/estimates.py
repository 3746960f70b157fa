"""Memory, speed and cost estimates: pure functions, each returning its value with its basis.

Units: memory in GB meaning GiB (2**30 bytes), the unit GPU memory is quoted in; throughput in
tokens/s; money in USD. Every estimate carries a confidence label:
`exact` (from a published parameter count), `estimated` (from config shapes), `heuristic` (otherwise).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

GIB = 2**30
BYTES_PER_PARAM = {"fp32": 4.0, "bf16": 2.0, "fp16": 2.0, "int8": 1.0, "int4": 0.5}
# Serving needs more than the weights: CUDA context, activations, allocator fragmentation.
RUNTIME_OVERHEAD = 0.20
# Fraction of peak memory bandwidth a decode step reaches in practice (vLLM/llama.cpp-class engines).
BANDWIDTH_EFFICIENCY = 0.6
# Model FLOPs utilisation reached in compute-bound phases (prefill, encoder passes).
PREFILL_MFU = 0.4
# Model FLOPs utilisation of a well-tuned training run.
TRAIN_MFU = 0.35
# Peak dense compute assumed for a CPU profile that publishes none (a recent 8-core CPU, AVX2/AVX-512).
# Accelerators without a published figure get no compute bound at all (see peak_tflops).
FALLBACK_TFLOPS = 1.0


def peak_tflops(profile: dict[str, Any]) -> float | None:
    """Dense bf16 (else fp16) peak of a hardware profile; the CPU fallback; None when unpublished."""
    published = profile.get("bf16_tflops") or profile.get("fp16_tflops")
    if published:
        return float(published)
    return FALLBACK_TFLOPS if profile.get("kind") == "cpu" else None


@dataclass(frozen=True)
class Estimate:
    value: float
    unit: str
    basis: str
    confidence: str  # exact | estimated | heuristic

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def kv_bytes_per_param_dtype(precision: str) -> float:
    """KV caches stay in 16-bit when weights are quantized (the common default in serving engines)."""
    return 4.0 if precision == "fp32" else 2.0


def weight_memory_gb(params: int, precision: str) -> float:
    """Bytes of the weights alone, in GiB."""
    return params * BYTES_PER_PARAM[precision] / GIB


def serving_memory_gb(params: int, precision: str) -> float:
    """Weights plus the stated runtime overhead (RUNTIME_OVERHEAD)."""
    return weight_memory_gb(params, precision) * (1 + RUNTIME_OVERHEAD)


def memory_table(params: int) -> dict[str, float]:
    """Weight memory at the four common precisions (GiB, weights only)."""
    return {p: round(weight_memory_gb(params, p), 3) for p in ("fp32", "fp16", "int8", "int4")}


def kv_cache_gb(
    layers: int, kv_heads: int, head_dim: int, context: int, batch: int = 1, precision: str = "bf16"
) -> float:
    """2 (K and V) x layers x kv_heads x head_dim x context x batch x bytes; GQA/MQA via kv_heads."""
    return 2 * layers * kv_heads * head_dim * context * batch * kv_bytes_per_param_dtype(precision) / GIB


def model_kv_cache_gb(config: dict[str, Any] | None, context: int, batch: int, precision: str) -> float | None:
    """KV cache of a catalog model at a context and batch, or None when its shape is unknown.

    For encoder-decoder models the cache is on the decoder side (decoder_layers).
    """
    if not config:
        return None
    layers = config.get("decoder_layers") or config.get("layers")
    heads = config.get("attention_heads")
    kv_heads = config.get("kv_heads") or heads
    head_dim = config.get("head_dim")
    if head_dim is None and config.get("hidden_size") and heads:
        head_dim = config["hidden_size"] // heads
    if not (layers and kv_heads and head_dim):
        return None
    return kv_cache_gb(layers, kv_heads, head_dim, context, batch, precision)


def decode_tokens_per_s(
    active_params: int,
    precision: str,
    bandwidth_gbps: float,
    tflops: float | None,
    kv_gb: float = 0.0,
    batch: int = 1,
) -> float:
    """Generated tokens/s across the batch: each decode step reads every active weight once and
    each sequence's KV cache (memory-bound), unless compute is the tighter bound (when known)."""
    step_bytes = active_params * BYTES_PER_PARAM[precision] + kv_gb * GIB
    memory_time = step_bytes / (bandwidth_gbps * 1e9 * BANDWIDTH_EFFICIENCY)
    compute_time = 2 * active_params * batch / (tflops * 1e12 * PREFILL_MFU) if tflops else 0.0
    return batch / max(memory_time, compute_time)


def prefill_tokens_per_s(active_params: int, tflops: float | None) -> float | None:
    """Prompt tokens/s: compute-bound at PREFILL_MFU of peak (2 FLOPs per parameter per token);
    None when the peak is not published."""
    return tflops * 1e12 * PREFILL_MFU / (2 * active_params) if tflops else None


def usd_per_million(units_per_s: float, usd_per_hour: float) -> float:
    """USD per 1M units (tokens or requests) at a steady rate on hardware billed by the hour."""
    return usd_per_hour / (units_per_s * 3600) * 1e6


def encoder_requests_per_s(params: int, tokens: int, tflops: float | None, bandwidth_gbps: float) -> float:
    """Single forward passes of `tokens` tokens per second (compute-bound, or bound by reading the weights;
    only the latter when the peak compute is not published)."""
    compute = 2 * params * tokens / (tflops * 1e12 * PREFILL_MFU) if tflops else 0.0
    memory = params * 2 / (bandwidth_gbps * 1e9 * BANDWIDTH_EFFICIENCY)
    return 1 / max(compute, memory)


def latency_class(seconds: float) -> str:
    if seconds < 0.02:
        return "real-time (<20 ms)"
    if seconds < 0.2:
        return "interactive (<200 ms)"
    if seconds < 2:
        return "responsive (<2 s)"
    return "batch (>2 s)"


# --- fine-tuning -------------------------------------------------------------------------------

ADAM_MIXED_BYTES = 16  # bf16 weights 2 + bf16 grads 2 + fp32 master 4 + Adam m and v 8
LORA_TRAINABLE_FRACTION = 0.01  # rank-16 adapters on attention and MLP projections: ~0.5-1% of weights


def activation_gb(batch: int, seq: int, hidden: int, layers: int, heads: int) -> float:
    """Activations with full gradient checkpointing: each layer's input kept (2*s*b*h bytes in bf16)
    plus one layer recomputed in full, s*b*h*(34 + 5*a*s/h) bytes (Korthikanti et al., 2022)."""
    kept = 2 * seq * batch * hidden * layers
    one_layer = seq * batch * hidden * (34 + 5 * heads * seq / hidden)
    return (kept + one_layer) / GIB


def finetune_memory_gb(params: int, method: str, act_gb: float) -> float:
    """full: 16 bytes/param (mixed-precision Adam); lora: bf16 frozen base + adapters;
    qlora: 4-bit base (0.5 byte + ~0.06 for quantisation constants) + adapters."""
    adapters = params * LORA_TRAINABLE_FRACTION * ADAM_MIXED_BYTES
    base = {"full": params * ADAM_MIXED_BYTES, "lora": params * 2 + adapters, "qlora": params * 0.56 + adapters}[method]
    return base / GIB + act_gb


def training_gpu_hours(params: int, tokens: float, tflops: float) -> float:
    """Compute ~ 6 x params x tokens FLOPs (forward + backward) at TRAIN_MFU of peak."""
    return 6 * params * tokens / (tflops * 1e12 * TRAIN_MFU) / 3600
