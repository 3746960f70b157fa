"""Memory, speed, cost and training estimates: pure functions, each returning its value with its basis.

Units (one rule everywhere): memory in GiB (2**30 bytes) and labelled "GiB"; a vendor "24 GB" card is
taken to hold 24 GiB (the convention GPU memory sizes are quoted in); bandwidth in GB/s (10**9 bytes/s,
as vendors publish it); throughput in tokens/s; money in USD.

Every `Estimate` carries a confidence label: `exact` (a published count, e.g. parameters),
`estimated` (derived from published shapes), `heuristic` (a rule of thumb). Speeds and costs are
never `exact`: they are models calibrated on published measurements (tests/fixtures/sizing/, docs/estimates.md).

Precisions are real checkpoint formats (WEIGHT_FORMATS: GGUF k-quants, GPTQ/AWQ, FP8, MXFP4, NVFP4, NF4, MLX);
`int4` is an alias of GPTQ/AWQ group-128 4-bit (4.156 bits/weight, embeddings and LM head 16-bit) and `int8` of
8-bit per-channel weights. The older float-returning functions keep their signatures; the `*_estimate` / table
functions add the basis.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

GIB = 2**30

# ---------------------------------------------------------------------------------- estimates


@dataclass(frozen=True)
class Estimate:
    value: float
    unit: str
    basis: str
    confidence: str  # exact | estimated | heuristic (speeds and costs: never exact)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _speed_confidence(confidence: str) -> str:
    return "heuristic" if confidence == "heuristic" else "estimated"


# ---------------------------------------------------------------------------------- weight formats


@dataclass(frozen=True)
class WeightFormat:
    """How one precision stores a checkpoint: bits per weight *including* block scales, per tensor class."""

    id: str
    label: str
    bits: float  # the bulk of the weights (transformer blocks), scales included
    embed_bits: float  # token-embedding table
    head_bits: float  # LM head (output projection)
    experts_only: bool  # only MoE expert weights use `bits`; every other weight uses `other_bits`
    other_bits: float  # non-expert weights of an experts_only format
    engine: str
    source: str
    basis: str


_GGUF_SIZES = "https://github.com/XiongjieDai/GPU-Benchmarks-on-LLM-Inference (Llama-3-70B GGUF size table, after llama.cpp PR 6745)"
_GGUF_BLOCKS = "https://github.com/ggml-org/llama.cpp/blob/master/ggml/src/ggml-common.h (block layouts)"

# One table. GGUF k-quant mixes keep some tensors at higher precision (attn_v / ffn_down at Q6_K, the LM head
# at Q6_K); their `bits` are the measured bulk bits per weight of llama.cpp's Llama-3-70B files
# (size − embedding − head, divided by the remaining weights); embed/head bits are ggml block sizes.
WEIGHT_FORMATS: dict[str, WeightFormat] = {
    f.id: f
    for f in (
        WeightFormat(
            "fp32",
            "FP32",
            32,
            32,
            32,
            False,
            32,
            "any",
            "https://pytorch.org/docs/stable/tensors.html",
            "4 bytes per weight",
        ),
        WeightFormat(
            "bf16",
            "BF16",
            16,
            16,
            16,
            False,
            16,
            "any",
            "https://pytorch.org/docs/stable/tensors.html",
            "2 bytes per weight",
        ),
        WeightFormat(
            "fp16",
            "FP16",
            16,
            16,
            16,
            False,
            16,
            "any",
            "https://pytorch.org/docs/stable/tensors.html",
            "2 bytes per weight",
        ),
        WeightFormat(
            "fp8",
            "FP8 (W8A8)",
            8.0,
            16,
            16,
            False,
            16,
            "vLLM / TensorRT-LLM / SGLang",
            "https://docs.vllm.ai/en/latest/features/quantization/fp8.html",
            "8-bit E4M3 linear weights with per-tensor/channel scales (negligible); embeddings and LM head stay 16-bit",
        ),
        WeightFormat(
            "int8",
            "INT8 (W8A16 / W8A8, per-channel)",
            8.0,
            16,
            16,
            False,
            16,
            "vLLM / bitsandbytes LLM.int8",
            "https://arxiv.org/abs/2208.07339",
            "8-bit linear weights with one 16-bit scale per output channel (negligible); embeddings and LM head 16-bit",
        ),
        WeightFormat(
            "gptq-int4",
            "GPTQ 4-bit (group 128)",
            4.0 + (16 + 4) / 128,
            16,
            16,
            False,
            16,
            "vLLM / Transformers (GPTQ/Marlin)",
            "https://arxiv.org/abs/2210.17323",
            "4-bit weights + one fp16 scale and one 4-bit zero point per group of 128 (4.156 bits); embeddings and LM head unquantized (16-bit)",
        ),
        WeightFormat(
            "awq-int4",
            "AWQ 4-bit (group 128)",
            4.0 + (16 + 4) / 128,
            16,
            16,
            False,
            16,
            "vLLM / AutoAWQ",
            "https://arxiv.org/abs/2306.00978",
            "4-bit weights + fp16 scale and 4-bit zero per group of 128 (4.156 bits); embeddings and LM head unquantized (16-bit)",
        ),
        WeightFormat(
            "nf4",
            "bitsandbytes NF4 (double quant)",
            4.0 + 8 / 64 + 32 / (64 * 256),
            16,
            16,
            False,
            16,
            "Transformers + bitsandbytes (QLoRA)",
            "https://arxiv.org/abs/2305.14314",
            "4-bit NormalFloat, block 64, double-quantized constants: 4.127 bits (QLoRA paper: 0.127 bits/param of constants); LM head and embeddings 16-bit",
        ),
        WeightFormat(
            "mxfp4",
            "MXFP4 (gpt-oss native)",
            4.0 + 8 / 32,
            16,
            16,
            True,
            16,
            "vLLM / Transformers / Ollama",
            "https://huggingface.co/openai/gpt-oss-20b/blob/main/config.json",
            "OCP MX FP4: 4-bit E2M1 + one 8-bit E8M0 scale per 32 (4.25 bits) on the MoE expert weights only; attention, router, embeddings and LM head stay BF16 (quantization_config.modules_to_not_convert)",
        ),
        WeightFormat(
            "mxfp4-gguf",
            "GGUF MXFP4_MOE",
            4.0 + 8 / 32,
            8.5,
            8.5,
            True,
            8.5,
            "llama.cpp",
            "https://github.com/ggml-org/llama.cpp/pull/15091",
            "llama.cpp's gpt-oss files: MoE experts MXFP4 (4.25 bits), every other tensor Q8_0 (8.5 bits)",
        ),
        WeightFormat(
            "nvfp4",
            "NVFP4",
            4.0 + 8 / 16,
            16,
            16,
            False,
            16,
            "TensorRT-LLM / vLLM (Blackwell)",
            "https://developer.nvidia.com/blog/introducing-nvfp4-for-efficient-and-accurate-low-precision-inference/",
            "4-bit E2M1 + one FP8 E4M3 scale per 16 weights (4.5 bits) on linear layers; embeddings and LM head 16-bit",
        ),
        WeightFormat(
            "mlx-4bit",
            "MLX 4-bit (group 64)",
            4.0 + 32 / 64,
            4.5,
            4.5,
            False,
            4.5,
            "MLX (mlx-lm)",
            "https://ml-explore.github.io/mlx/build/html/python/_autosummary/mlx.core.quantize.html",
            "4-bit affine, group 64 with a 16-bit scale and bias per group (4.5 bits); mlx-lm quantizes embeddings and LM head too",
        ),
        WeightFormat(
            "mlx-8bit",
            "MLX 8-bit (group 64)",
            8.0 + 32 / 64,
            8.5,
            8.5,
            False,
            8.5,
            "MLX (mlx-lm)",
            "https://ml-explore.github.io/mlx/build/html/python/_autosummary/mlx.core.quantize.html",
            "8-bit affine, group 64 with a 16-bit scale and bias per group (8.5 bits), every linear and embedding",
        ),
        WeightFormat(
            "q8_0",
            "GGUF Q8_0",
            8.50,
            8.5,
            8.5,
            False,
            8.5,
            "llama.cpp",
            _GGUF_SIZES,
            "blocks of 32 int8 + fp16 scale (8.5 bits), everywhere",
        ),
        WeightFormat(
            "q6_k",
            "GGUF Q6_K",
            6.56,
            6.5625,
            6.5625,
            False,
            6.56,
            "llama.cpp",
            _GGUF_SIZES,
            "Q6_K super-blocks (6.5625 bits); measured 6.56 bits bulk",
        ),
        WeightFormat(
            "q5_k_m",
            "GGUF Q5_K_M",
            5.65,
            5.5,
            6.5625,
            False,
            5.65,
            "llama.cpp",
            _GGUF_SIZES,
            "Q5_K with attn_v/ffn_down partly Q6_K; measured 5.65 bits bulk; LM head Q6_K",
        ),
        WeightFormat(
            "q4_k_m",
            "GGUF Q4_K_M",
            4.80,
            4.5,
            6.5625,
            False,
            4.80,
            "llama.cpp",
            _GGUF_SIZES,
            "Q4_K (4.5 bits) with half of attn_v/ffn_down at Q6_K; measured 4.80 bits bulk; LM head Q6_K",
        ),
        WeightFormat(
            "q4_0",
            "GGUF Q4_0",
            4.5,
            4.5,
            6.5625,
            False,
            4.5,
            "llama.cpp",
            _GGUF_BLOCKS,
            "blocks of 32 4-bit + fp16 scale (4.5 bits); LM head Q6_K",
        ),
        WeightFormat(
            "iq4_xs",
            "GGUF IQ4_XS",
            4.26,
            4.25,
            6.5625,
            False,
            4.26,
            "llama.cpp",
            _GGUF_SIZES,
            "IQ4_XS (4.25 bits); measured 4.26 bits bulk; LM head Q6_K",
        ),
        WeightFormat(
            "q3_k_m",
            "GGUF Q3_K_M",
            3.85,
            3.4375,
            6.5625,
            False,
            3.85,
            "llama.cpp",
            _GGUF_SIZES,
            "Q3_K (3.4375 bits) with attn_v/ffn_down at Q4_K/Q5_K; measured 3.85 bits bulk; LM head Q6_K",
        ),
        WeightFormat(
            "q2_k",
            "GGUF Q2_K",
            2.94,
            2.625,
            6.5625,
            False,
            2.94,
            "llama.cpp",
            _GGUF_SIZES,
            "Q2_K (2.625 bits) with attn_v/ffn_down at Q3_K/Q4_K; measured 2.94 bits bulk; LM head Q6_K",
        ),
    )
}

# Documented aliases. `int4` means the common GPU 4-bit weight-only format (GPTQ/AWQ, group 128: 4.156 bits,
# embeddings + LM head 16-bit), no longer a bare 0.5 byte/param; `int8` means 8-bit per-channel weights.
PRECISION_ALIASES: dict[str, str] = {
    "int4": "gptq-int4",
    "gptq": "gptq-int4",
    "awq": "awq-int4",
    "bnb-nf4": "nf4",
    "bnb-4bit": "nf4",
    "fp4": "nvfp4",
    "float16": "fp16",
    "bfloat16": "bf16",
    "float32": "fp32",
    "f16": "fp16",
    "f32": "fp32",
    "mxfp4_moe": "mxfp4-gguf",
}

PRECISIONS: tuple[str, ...] = tuple(WEIGHT_FORMATS) + tuple(PRECISION_ALIASES)


def canonical_precision(precision: str) -> str:
    """The registry id of a precision name (case-insensitive, aliases resolved); KeyError when unknown."""
    key = precision.strip().lower().replace(" ", "")
    key = PRECISION_ALIASES.get(key, key)
    if key not in WEIGHT_FORMATS:
        raise KeyError(f"unknown precision {precision!r}; known: {', '.join(PRECISIONS)}")
    return key


def weight_format(precision: str) -> WeightFormat:
    return WEIGHT_FORMATS[canonical_precision(precision)]


def bits_per_weight(precision: str) -> float:
    """Bulk bits per weight of a precision (scales included)."""
    return weight_format(precision).bits


class _BytesPerParam(dict[str, float]):
    """Bulk bytes per parameter, keyed by any precision name or alias (kept for older callers)."""

    def __missing__(self, key: str) -> float:
        return bits_per_weight(key) / 8

    def __contains__(self, key: object) -> bool:
        try:
            canonical_precision(str(key))
        except KeyError:
            return False
        return True


BYTES_PER_PARAM: dict[str, float] = _BytesPerParam({k: f.bits / 8 for k, f in WEIGHT_FORMATS.items()})


def embedding_params_from_config(config: dict[str, Any] | None, tied: bool = False) -> tuple[int, int]:
    """(token-embedding params, LM-head params) from vocab_size x hidden_size; the head is 0 when tied.
    The catalog does not record tying: callers that know a model ties its head pass tied=True."""
    if not config or not config.get("vocab_size") or not config.get("hidden_size"):
        return 0, 0
    table = int(config["vocab_size"]) * int(config["hidden_size"])
    return table, 0 if tied else table


def expert_params_from_config(config: dict[str, Any] | None, params: int | None = None) -> int | None:
    """Routed-expert weights of a MoE: 3 (gate, up, down) x hidden x per-expert intermediate x experts x layers.
    None when the shape is missing or the result is not below the total (intermediate_size is then the dense size)."""
    if not config or not config.get("num_experts"):
        return None
    hidden, inter, layers = config.get("hidden_size"), config.get("intermediate_size"), config.get("layers")
    if not (hidden and inter and layers):
        return None
    experts = 3 * int(hidden) * int(inter) * int(config["num_experts"]) * int(layers)
    if params is not None and experts >= 0.98 * params:
        return None
    return experts


def weight_bytes(
    params: int,
    precision: str,
    *,
    embedding_params: int | None = None,
    lm_head_params: int | None = None,
    expert_params: int | None = None,
    config: dict[str, Any] | None = None,
    tied: bool = False,
) -> float:
    """Bytes of the weights at a precision: bulk weights at the format's bits, the embedding table and LM head
    at theirs (taken from `config` when not given), and for experts-only formats (MXFP4) the non-expert weights
    at `other_bits`. Without shapes every parameter is counted at the bulk bits."""
    fmt = weight_format(precision)
    if config is not None and embedding_params is None and lm_head_params is None:
        embedding_params, lm_head_params = embedding_params_from_config(config, tied)
    emb, head = embedding_params or 0, lm_head_params or 0
    emb, head = min(emb, params), min(head, max(params - emb, 0))
    body = params - emb - head
    # a tied table also serves as the LM head: runtimes store it at the head's precision (llama.cpp: Q6_K)
    bits = emb * (fmt.head_bits if tied and not head else fmt.embed_bits) + head * fmt.head_bits
    if fmt.experts_only:
        experts = expert_params if expert_params is not None else expert_params_from_config(config, params)
        if experts is None:
            bits += body * fmt.bits
        else:
            experts = min(experts, body)
            bits += experts * fmt.bits + (body - experts) * fmt.other_bits
    else:
        bits += body * fmt.bits
    return bits / 8


def weight_memory_gb(
    params: int,
    precision: str,
    *,
    embedding_params: int | None = None,
    lm_head_params: int | None = None,
    expert_params: int | None = None,
    config: dict[str, Any] | None = None,
    tied: bool = False,
) -> float:
    """Bytes of the weights alone, in GiB (see weight_bytes)."""
    return (
        weight_bytes(
            params,
            precision,
            embedding_params=embedding_params,
            lm_head_params=lm_head_params,
            expert_params=expert_params,
            config=config,
            tied=tied,
        )
        / GIB
    )


def weight_memory(
    params: int, precision: str, *, config: dict[str, Any] | None = None, tied: bool = False
) -> Estimate:
    fmt = weight_format(precision)
    gib = weight_memory_gb(params, precision, config=config, tied=tied)
    shaped = (
        " (embedding table and LM head from vocab x hidden)"
        if embedding_params_from_config(config, tied)[0]
        else ""
    )
    return Estimate(
        round(gib, 3),
        "GiB",
        f"estimate: {params / 1e9:.2f}B params at {fmt.label}: {fmt.basis}{shaped}; {gib:.2f} GiB ({fmt.source})",
        "estimated",
    )


def memory_table(params: int) -> dict[str, float]:
    """Weight memory at the four common precisions (GiB, weights only)."""
    return {p: round(weight_memory_gb(params, p), 3) for p in ("fp32", "fp16", "int8", "int4")}


def quant_memory_table(
    params: int, config: dict[str, Any] | None = None, precisions: tuple[str, ...] | None = None
) -> dict[str, float]:
    """Weight memory (GiB) at the real formats people download, embeddings/head from `config` when given."""
    chosen = precisions or (
        "bf16",
        "fp8",
        "q8_0",
        "q6_k",
        "q5_k_m",
        "q4_k_m",
        "awq-int4",
        "nf4",
        "iq4_xs",
        "q3_k_m",
        "q2_k",
    )
    return {p: round(weight_memory_gb(params, p, config=config), 3) for p in chosen}


# ---------------------------------------------------------------------------------- KV cache

# Bytes per cached element. q8_0 / q4_0 are ggml blocks of 32 values with an fp16 scale (34 / 18 bytes).
KV_DTYPE_BYTES: dict[str, float] = {
    "bf16": 2.0,
    "fp16": 2.0,
    "fp8": 1.0,
    "q8_0": 34 / 32,
    "q4_0": 18 / 32,
    "fp32": 4.0,
}
KV_DTYPE_SOURCES: dict[str, str] = {
    "fp8": "https://docs.vllm.ai/en/latest/features/quantization/quantized_kvcache.html",
    "q8_0": "https://github.com/ggml-org/llama.cpp/tree/master/tools/server (--cache-type-k/-v q8_0)",
    "q4_0": "https://github.com/ggml-org/llama.cpp/tree/master/tools/server (--cache-type-k/-v q4_0)",
}
KV_DTYPES: tuple[str, ...] = ("auto", "bf16", "fp16", "fp8", "q8_0", "q4_0")
# A linear-attention / state-space layer keeps a fixed state; without its exact dims we take
# hidden_size x head_dim fp32 values per sequence (Qwen3-Next Gated DeltaNet: 32 heads x 128 x 128 x 4 B = 2 MiB
# = 2048 x 256 x 4 B). Heuristic.
LINEAR_STATE_BYTES_PER_VALUE = 4.0


def kv_bytes_per_param_dtype(precision: str) -> float:
    """KV caches stay in 16-bit when weights are quantized (the common default in serving engines)."""
    return 4.0 if precision == "fp32" else 2.0


def kv_element_bytes(kv_dtype: str = "auto", precision: str = "bf16") -> float:
    """Bytes per cached K/V value: `auto` = 16-bit (fp32 for fp32 weights), else the named cache type."""
    if kv_dtype == "auto":
        return kv_bytes_per_param_dtype(precision)
    if kv_dtype not in KV_DTYPE_BYTES:
        raise KeyError(f"unknown kv dtype {kv_dtype!r}; known: {', '.join(KV_DTYPES)}")
    return KV_DTYPE_BYTES[kv_dtype]


def kv_cache_gb(
    layers: int,
    kv_heads: int,
    head_dim: int,
    context: int,
    batch: int = 1,
    precision: str = "bf16",
    *,
    kv_dtype: str = "auto",
) -> float:
    """2 (K and V) x layers x kv_heads x head_dim x context x batch x bytes; GQA/MQA via kv_heads."""
    return 2 * layers * kv_heads * head_dim * context * batch * kv_element_bytes(kv_dtype, precision) / GIB


def kv_layout(config: dict[str, Any] | None) -> dict[str, Any] | None:
    """How a model's layers cache: counts of full, sliding-window, MLA, linear-state and cross-attention layers,
    and the per-token cached values of each kind. None when the shape is unknown."""
    if not config:
        return None
    seq2seq = bool(config.get("decoder_layers"))
    layers = int(config.get("decoder_layers") or config.get("layers") or 0)
    heads = config.get("attention_heads")
    kv_heads = config.get("kv_heads") or heads
    head_dim = config.get("head_dim")
    if head_dim is None and config.get("hidden_size") and heads:
        head_dim = int(config["hidden_size"]) // int(heads)
    mla = config.get("kv_lora_rank")
    if not layers or not (mla or (kv_heads and head_dim)):
        return None
    linear = min(int(config.get("linear_attention_layers") or 0), layers)
    attn_layers = layers - linear
    window = config.get("sliding_window")
    # a window without a layer count means every attention layer slides (Mistral-7B-v0.1 style)
    count = config.get("sliding_window_layers")
    sliding = (attn_layers if count is None else min(int(count), attn_layers)) if window else 0
    if mla:
        per_token = int(mla) + int(
            config.get("qk_rope_head_dim") or 0
        )  # one latent + one RoPE key, shared by heads
        kind = "mla"
    else:
        per_token = 2 * int(kv_heads or 0) * int(head_dim or 0)
        kind = "gqa" if kv_heads != heads else "mha"
    state = int(config.get("hidden_size") or 0) * int(head_dim or 128)
    return {
        "kind": kind,
        "full_layers": attn_layers - sliding,
        "sliding_layers": sliding,
        "sliding_window": int(window) if window else None,
        "linear_layers": linear,
        "linear_state_values": state,
        "cross_layers": layers if seq2seq else 0,
        "values_per_token": per_token,
        "cross_values_per_token": 2 * int(kv_heads) * int(head_dim)
        if seq2seq and kv_heads and head_dim
        else 0,
    }


def model_kv_cache_bytes(
    config: dict[str, Any] | None,
    context: int,
    batch: int,
    precision: str,
    *,
    kv_dtype: str = "auto",
    input_tokens: int | None = None,
) -> float | None:
    """Bytes of the cache, counted layer by layer as runtimes allocate them (see model_kv_cache_gb)."""
    lay = kv_layout(config)
    if lay is None:
        return None
    elem = kv_element_bytes(kv_dtype, precision)
    window = lay["sliding_window"] or context
    tokens_full = lay["full_layers"] * context
    tokens_sliding = lay["sliding_layers"] * min(context, window)
    values = lay["values_per_token"] * (tokens_full + tokens_sliding)
    values += (
        lay["cross_layers"]
        * lay["cross_values_per_token"]
        * (input_tokens if input_tokens is not None else context)
    )
    cache = values * elem * batch
    state = lay["linear_layers"] * lay["linear_state_values"] * LINEAR_STATE_BYTES_PER_VALUE * batch
    return float(cache + state)


def model_kv_cache_gb(
    config: dict[str, Any] | None,
    context: int,
    batch: int,
    precision: str,
    *,
    kv_dtype: str = "auto",
    input_tokens: int | None = None,
) -> float | None:
    """KV cache (GiB) of a catalog model at a context and batch, or None when its shape is unknown.

    Full-attention layers cache every token (GQA/MQA via kv_heads); sliding-window layers at most `sliding_window`
    tokens; MLA layers cache (kv_lora_rank + qk_rope_head_dim) values per token; linear-attention / state-space
    layers a constant state. Encoder-decoder models cache self-attention over the `context` decoder tokens plus
    cross-attention K/V over `input_tokens` encoder tokens (default: `context`) in every decoder layer."""
    cache = model_kv_cache_bytes(
        config, context, batch, precision, kv_dtype=kv_dtype, input_tokens=input_tokens
    )
    return None if cache is None else cache / GIB


def kv_cache(
    config: dict[str, Any] | None,
    context: int,
    batch: int = 1,
    precision: str = "bf16",
    *,
    kv_dtype: str = "auto",
    input_tokens: int | None = None,
) -> Estimate | None:
    lay = kv_layout(config)
    gib = model_kv_cache_gb(config, context, batch, precision, kv_dtype=kv_dtype, input_tokens=input_tokens)
    if lay is None or gib is None:
        return None
    parts = []
    if lay["full_layers"]:
        parts.append(f"{lay['full_layers']} layers x {context} tokens")
    if lay["sliding_layers"]:
        parts.append(
            f"{lay['sliding_layers']} sliding-window layers x {min(context, lay['sliding_window'])} tokens"
        )
    if lay["linear_layers"]:
        parts.append(f"{lay['linear_layers']} linear-attention layers with a fixed state")
    if lay["cross_layers"]:
        parts.append(f"{lay['cross_layers']} cross-attention layers x {input_tokens or context} input tokens")
    per = "latent+RoPE values" if lay["kind"] == "mla" else "K+V values"
    dtype = kv_dtype if kv_dtype != "auto" else ("fp32" if precision == "fp32" else "16-bit")
    return Estimate(
        round(gib, 3),
        "GiB",
        f"estimate: {' + '.join(parts)}; {lay['values_per_token']} {per} per token per layer at {dtype}, batch {batch}; {gib:.2f} GiB",
        "estimated",
    )


# ---------------------------------------------------------------------------------- runtime overhead

# Fixed runtime allowance: CUDA context, cuBLAS/attention workspaces and CUDA graphs. vLLM logs for Llama-3-8B
# on one H100: non-torch memory 0.2-1.8 GiB; CUDA graphs ~0.4 GiB (https://github.com/vllm-project/vllm/pull/10511,
# https://github.com/gpustack/runner/pull/251). CPUs and Apple GPUs have no CUDA context: 0.5 GiB for the runtime.
RUNTIME_ALLOWANCE_GIB = {"gpu": 1.0, "accelerator": 1.0, "unified": 0.5, "cpu": 0.5}
# Activation buffers of one prefill chunk: vLLM's profile run on Llama-3-8B (hidden 4096, MLP 14336) at its
# 8192-token budget peaked at 1.26 GiB ("PyTorch activation peak memory", PR 10511) = 9 bytes per token per
# (hidden + intermediate) value. Chunked prefill bounds the chunk (vLLM max_num_batched_tokens; llama.cpp n_batch).
ACTIVATION_BYTES_PER_TOKEN_VALUE = 9.0
PREFILL_CHUNK_TOKENS = 8192
# Logits of the sequences decoded together: batch x vocab x fp32.
LOGIT_BYTES = 4
# Without a config: the activation buffer of a ~8B model, scaled by parameter count (heuristic).
_DEFAULT_ACTIVATION_GIB_PER_B = 1.26 / 8.0


def runtime_overhead_gb(
    params: int | None = None,
    config: dict[str, Any] | None = None,
    context: int = 4096,
    batch: int = 1,
    device_kind: str = "gpu",
) -> float:
    """GiB a runtime needs besides weights and KV cache: a fixed allowance plus activation buffers that grow
    with the tokens in flight (min(context x batch, PREFILL_CHUNK_TOKENS)) and the batch's logits."""
    fixed = RUNTIME_ALLOWANCE_GIB.get(device_kind, 1.0)
    chunk = min(max(context, 1) * max(batch, 1), PREFILL_CHUNK_TOKENS)
    if config and config.get("hidden_size"):
        width = int(config["hidden_size"]) + int(
            config.get("intermediate_size") or 4 * int(config["hidden_size"])
        )
        act = chunk * width * ACTIVATION_BYTES_PER_TOKEN_VALUE
        act += batch * int(config.get("vocab_size") or 0) * LOGIT_BYTES
        return fixed + act / GIB
    scale = (params or 8e9) / 1e9
    return fixed + min(_DEFAULT_ACTIVATION_GIB_PER_B * scale, 4.0) * chunk / PREFILL_CHUNK_TOKENS


def runtime_overhead(
    params: int | None, config: dict[str, Any] | None, context: int, batch: int, device_kind: str = "gpu"
) -> Estimate:
    gib = runtime_overhead_gb(params, config, context, batch, device_kind)
    fixed = RUNTIME_ALLOWANCE_GIB.get(device_kind, 1.0)
    return Estimate(
        round(gib, 3),
        "GiB",
        f"estimate: {fixed:g} GiB runtime allowance ({device_kind}) + activation buffers for "
        f"{min(context * batch, PREFILL_CHUNK_TOKENS)} tokens in flight and {batch} sequences' logits "
        "(calibrated on vLLM's memory profile of Llama-3-8B); replaces the flat 20% of the weights",
        "heuristic",
    )


def serving_memory_gb(
    params: int,
    precision: str,
    *,
    config: dict[str, Any] | None = None,
    context: int = 4096,
    batch: int = 1,
    device_kind: str = "gpu",
) -> float:
    """Weights plus the runtime overhead (runtime_overhead_gb) in GiB; the KV cache is separate.
    Basis changed: it used to be a flat 20% of the weights (26 GiB on a 70B at fp16)."""
    return weight_memory_gb(params, precision, config=config) + runtime_overhead_gb(
        params, config, context, batch, device_kind
    )


# Apple: Metal lets the GPU wire about 2/3 (<= 36 GB) to 3/4 (larger) of unified memory by default
# (recommendedMaxWorkingSetSize; https://developer.apple.com/videos/play/tech-talks/10580/?time=346,
# llama.cpp notes). CPUs: leave the operating system and desktop ~4 GiB (heuristic).
UNIFIED_GPU_FRACTION = {"small": 0.67, "large": 0.75}
CPU_OS_RESERVE_GIB = 4.0


def usable_memory_gb(profile: dict[str, Any]) -> float:
    """Memory a model may use on a hardware profile (GiB)."""
    total = float(profile["memory_gb"])
    kind = profile.get("kind")
    if kind == "unified":
        return total * UNIFIED_GPU_FRACTION["small" if total <= 36 else "large"]
    if kind == "cpu":
        return max(total - CPU_OS_RESERVE_GIB, total * 0.5)
    return total


# ---------------------------------------------------------------------------------- speeds

# Decode model: step time = bytes read / (bandwidth x BANDWIDTH_EFFICIENCY [x MOE_DECODE_FACTOR for MoE])
# + DECODE_STEP_OVERHEAD_S (kernel launches, sampling, synchronisation: what caps small models on fast GPUs).
# The three are fitted jointly (least squares on log error) to the decode rows of tests/fixtures/sizing/speeds.yaml;
# bench/estimates.py refits them and a test keeps these constants equal to the fit.
BANDWIDTH_EFFICIENCY = 0.74
MOE_DECODE_FACTOR = (
    0.65  # MoE: many small expert matmuls and routing (gpt-oss-20b, Qwen3-30B-A3B rows; thin data)
)
DECODE_STEP_OVERHEAD_S = 0.0014
# Prefill (and encoder-pass) throughput as a fraction of the listed dense peak: geometric mean over the prefill
# rows, which scatter widely (llama.cpp on GeForce reaches ~0.9 of the fp32-accumulate peak the catalog lists,
# on an H100 ~0.13; see docs/estimates.md). Kept as "MFU" for its callers.
PREFILL_MFU = 0.65
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


def decode_tokens_per_s(
    active_params: int,
    precision: str,
    bandwidth_gbps: float,
    tflops: float | None,
    kv_gb: float = 0.0,
    batch: int = 1,
    *,
    step_bytes: float | None = None,
    efficiency: float | None = None,
    step_overhead_s: float = 0.0,
) -> float:
    """Generated tokens/s across the batch: each decode step reads every active weight once and each
    sequence's KV cache (memory-bound; `kv_gb` is the whole batch's cache), unless compute is the tighter
    bound (when known). `step_bytes` overrides the weight bytes read per step (e.g. from weight_bytes);
    `step_overhead_s` adds a fixed time per step (decode_estimate passes DECODE_STEP_OVERHEAD_S)."""
    weights = step_bytes if step_bytes is not None else active_params * BYTES_PER_PARAM[precision]
    eff = BANDWIDTH_EFFICIENCY if efficiency is None else efficiency
    memory_time = (weights + kv_gb * GIB) / (bandwidth_gbps * 1e9 * eff)
    compute_time = 2 * active_params * batch / (tflops * 1e12 * PREFILL_MFU) if tflops else 0.0
    return batch / (max(memory_time, compute_time) + step_overhead_s)


def decode_step_bytes(
    active_params: int,
    precision: str,
    config: dict[str, Any] | None = None,
    params: int | None = None,
    batch: int = 1,
) -> float:
    """Weight bytes one decode step reads: the active weights at their format, without the embedding table
    (one row is gathered per token) but with the LM head. For a MoE at batch > 1 the step touches the union of
    the experts its sequences route to: E x (1 - (1 - k/E)^batch) experts per layer under uniform routing."""
    emb, head = embedding_params_from_config(config)
    routed = _active_experts(config, params, batch=1)
    touched = _active_experts(config, params, batch=batch)
    step_params = active_params + (touched - routed if routed is not None and touched is not None else 0)
    total = weight_bytes(
        step_params, precision, embedding_params=emb, lm_head_params=head, expert_params=touched
    )
    return total - min(emb, step_params) * weight_format(precision).embed_bits / 8


def _active_experts(config: dict[str, Any] | None, params: int | None, batch: int = 1) -> int | None:
    experts = expert_params_from_config(config, params)
    if experts is None or not config or not config.get("experts_per_token"):
        return None
    total, k = int(config["num_experts"]), int(config["experts_per_token"])
    touched = total * (1 - (1 - k / total) ** max(batch, 1))
    return int(experts * touched / total)


def decode_estimate(
    active_params: int,
    precision: str,
    profile: dict[str, Any],
    *,
    config: dict[str, Any] | None = None,
    params: int | None = None,
    kv_gb: float = 0.0,
    batch: int = 1,
) -> Estimate:
    """Decode tokens/s on a hardware profile, with its basis; confidence never `exact`."""
    tflops = peak_tflops(profile)
    step = decode_step_bytes(active_params, precision, config, params, batch) if config else None
    moe = bool((config and config.get("num_experts")) or (params and active_params < params))
    eff = BANDWIDTH_EFFICIENCY * (MOE_DECODE_FACTOR if moe else 1.0)
    tps = decode_tokens_per_s(
        active_params,
        precision,
        profile["memory_bandwidth_gbps"],
        tflops,
        kv_gb,
        batch,
        step_bytes=step,
        efficiency=eff,
        step_overhead_s=DECODE_STEP_OVERHEAD_S,
    )
    read = (step if step is not None else active_params * BYTES_PER_PARAM[precision]) / GIB
    return Estimate(
        round(tps, 2),
        "tokens/s",
        f"estimate: each step reads {read:.2f} GiB of weights ({weight_format(precision).label}) + {kv_gb:.2f} GiB KV cache "
        f"at {eff:.0%} of {profile['memory_bandwidth_gbps']:g} GB/s"
        + (" (MoE decode factor applied)" if moe else "")
        + f" + {DECODE_STEP_OVERHEAD_S * 1e3:g} ms per step, batch {batch}"
        + ("" if tflops else "; peak compute not published: no compute bound"),
        "estimated" if params or active_params else "heuristic",
    )


def prefill_tokens_per_s(active_params: int, tflops: float | None) -> float | None:
    """Prompt tokens/s: compute-bound at PREFILL_MFU of peak (2 FLOPs per parameter per token);
    None when the peak is not published."""
    return tflops * 1e12 * PREFILL_MFU / (2 * active_params) if tflops else None


def prefill_estimate(active_params: int, profile: dict[str, Any]) -> Estimate | None:
    tflops = peak_tflops(profile)
    tps = prefill_tokens_per_s(active_params, tflops)
    if tps is None:
        return None
    return Estimate(
        round(tps, 1),
        "tokens/s",
        f"estimate: 2 FLOPs per active parameter per prompt token at {PREFILL_MFU:.0%} of {tflops:g} TFLOPS (dense peak)",
        "heuristic" if profile.get("kind") == "cpu" and not profile.get("bf16_tflops") else "estimated",
    )


# Minimum usable decode speeds, as data. Basis: adults read ~238 words/min silently (Brysbaert 2019,
# https://doi.org/10.1016/j.jml.2019.104047) = 4.0 words/s, and English text runs ~0.75 words per token
# (https://help.openai.com/en/articles/4936856-what-are-tokens-and-how-to-count-them) -> 5.3 tokens/s:
# slower than that and a streamed answer lags the reader.
MIN_USABLE_DECODE: dict[str, dict[str, Any]] = {
    "interactive-chat": {
        "tokens_per_s": 5.0,
        "basis": "reading speed: 238 words/min (Brysbaert 2019) at ~0.75 words/token = 5.3 tokens/s",
        "source": "https://doi.org/10.1016/j.jml.2019.104047",
    },
    "batch": {
        "tokens_per_s": 1.0,
        "basis": "offline jobs: a 1,000-token answer within ~15 minutes (heuristic)",
        "source": "https://doi.org/10.1016/j.jml.2019.104047",
    },
}
MIN_USABLE_DECODE_TOKENS_PER_S = MIN_USABLE_DECODE["interactive-chat"]["tokens_per_s"]


@dataclass(frozen=True)
class UsableSpeed:
    usable: bool
    tokens_per_s: float
    floor: float
    use: str
    basis: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def reaches_usable_speed(
    active_params: int,
    precision: str,
    profile: dict[str, Any],
    *,
    config: dict[str, Any] | None = None,
    params: int | None = None,
    context: int = 4096,
    use: str = "interactive-chat",
    kv_dtype: str = "auto",
) -> UsableSpeed:
    """Whether a (model, precision, hardware) decodes at least the usable floor for `use`, one stream, with
    the KV cache at `context` read every step."""
    kv = model_kv_cache_gb(config, context, 1, precision, kv_dtype=kv_dtype) or 0.0
    est = decode_estimate(active_params, precision, profile, config=config, params=params, kv_gb=kv)
    floor = float(MIN_USABLE_DECODE[use]["tokens_per_s"])
    return UsableSpeed(
        est.value >= floor,
        est.value,
        floor,
        use,
        f"{est.basis}; usable floor {floor:g} tokens/s for {use} ({MIN_USABLE_DECODE[use]['basis']})",
    )


def usd_per_million(units_per_s: float, usd_per_hour: float) -> float:
    """USD per 1M units (tokens or requests) at a steady rate on hardware billed by the hour."""
    return usd_per_hour / (units_per_s * 3600) * 1e6


# Continuous batching: engines keep up to max_num_seqs sequences in flight (vLLM default 256); we cap the serving
# batch lower so per-stream speed stays interactive, and by what the KV cache leaves room for.
SERVING_BATCH_CAP = 64


def serving_costs(
    params: int,
    active_params: int,
    precision: str,
    profile: dict[str, Any],
    *,
    config: dict[str, Any] | None = None,
    context: int = 4096,
    max_batch: int = SERVING_BATCH_CAP,
    memory_gb: float | None = None,
    kv_dtype: str = "auto",
) -> dict[str, Any]:
    """$/1M generated tokens at batch 1 and at a serving batch (continuous batching), capped by memory.

    Returns {"batch1": {...}, "serving": {...}, "serving_batch": n, "basis": str, "confidence": "estimated"};
    each of batch1/serving has tokens_per_s and usd_per_1m (None when the profile has no price)."""
    price = profile.get("price_usd_per_hour")
    budget = memory_gb if memory_gb is not None else usable_memory_gb(profile)
    kind = str(profile.get("kind") or "gpu")
    fixed = weight_memory_gb(params, precision, config=config)

    def fits(b: int) -> bool:
        kv = model_kv_cache_gb(config, context, b, precision, kv_dtype=kv_dtype) or 0.0
        return fixed + runtime_overhead_gb(params, config, context, b, kind) + kv <= budget

    batch = 1
    while batch * 2 <= max_batch and fits(batch * 2):
        batch *= 2
    rows: dict[str, Any] = {}
    for key, b in (("batch1", 1), ("serving", batch)):
        kv = model_kv_cache_gb(config, context, b, precision, kv_dtype=kv_dtype) or 0.0
        est = decode_estimate(
            active_params, precision, profile, config=config, params=params, kv_gb=kv, batch=b
        )
        rows[key] = {
            "batch": b,
            "tokens_per_s": est.value,
            "usd_per_1m": round(usd_per_million(est.value, price), 4) if price else None,
        }
    return {
        **rows,
        "serving_batch": batch,
        "basis": (
            f"estimate: decode throughput at batch 1 and at batch {batch} (continuous batching, the largest power of two "
            f"<= {max_batch} whose KV cache at {context} tokens fits {budget:.1f} GiB with the weights and runtime overhead)"
            + (f"; ${price}/h ({profile.get('price_date')})" if price else "; no price for this hardware")
        ),
        "confidence": "estimated",
    }


# ---------------------------------------------------------------------------------- encoders and diffusion


def encoder_flops(params: int, tokens: int, embedding_params: int = 0) -> float:
    """Forward FLOPs of one pass: 2 x (params − embedding tables) x tokens (a table lookup is not a matmul)."""
    return 2 * max(params - embedding_params, 1) * tokens


def encoder_requests_per_s(
    params: int, tokens: int, tflops: float | None, bandwidth_gbps: float, *, embedding_params: int = 0
) -> float:
    """Single forward passes of `tokens` tokens per second (compute-bound, or bound by reading the weights;
    only the latter when the peak compute is not published). Embedding tables count as memory, not compute."""
    compute = (
        encoder_flops(params, tokens, embedding_params) / (tflops * 1e12 * PREFILL_MFU) if tflops else 0.0
    )
    memory = params * 2 / (bandwidth_gbps * 1e9 * BANDWIDTH_EFFICIENCY)
    return 1 / max(compute, memory)


# Sampling steps when a diffusion model publishes none (common SD/SDXL default, DDIM/Euler 30-50). Heuristic.
DEFAULT_DIFFUSION_STEPS = 30
# Latent tokens of a 1024x1024 image: 128x128 latent (VAE /8), 2x2 patches -> 4096 tokens (SD3/FLUX-style DiT).
DIFFUSION_LATENT_TOKENS = 4096


def diffusion_steps(model: dict[str, Any]) -> tuple[int, str]:
    """(steps, basis): the catalog's diffusion_steps (distilled models 1-4), else the default."""
    steps = model.get("diffusion_steps")
    if steps:
        return int(steps), f"{steps} sampling steps (model card default, catalog data)"
    return (
        DEFAULT_DIFFUSION_STEPS,
        f"{DEFAULT_DIFFUSION_STEPS} sampling steps (default assumed; not published for this model)",
    )


def diffusion_seconds(
    denoiser_params: int,
    steps: int,
    tflops: float | None,
    bandwidth_gbps: float,
    *,
    latent_tokens: int = DIFFUSION_LATENT_TOKENS,
    text_encoder_params: int = 0,
    vae_params: int = 0,
) -> float:
    """Seconds per image: text encoders once, the denoiser `steps` times over the latent tokens, the VAE decoder
    once (~1 pass per output pixel patch; counted as one pass of its params over the latent tokens)."""

    def one(p: int, tokens: int) -> float:
        return 1 / encoder_requests_per_s(p, tokens, tflops, bandwidth_gbps) if p else 0.0

    return (
        one(text_encoder_params, 256)
        + steps * one(denoiser_params, latent_tokens)
        + one(vae_params, latent_tokens * 4)
    )


def latency_class(seconds: float) -> str:
    if seconds < 0.02:
        return "real-time (<20 ms)"
    if seconds < 0.2:
        return "interactive (<200 ms)"
    if seconds < 2:
        return "responsive (<2 s)"
    return "batch (>2 s)"


# ---------------------------------------------------------------------------------- fine-tuning and pre-training

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
    base = {
        "full": params * ADAM_MIXED_BYTES,
        "lora": params * 2 + adapters,
        "qlora": params * 0.56 + adapters,
    }[method]
    return base / GIB + act_gb


def training_gpu_hours(params: int, tokens: float, tflops: float) -> float:
    """Compute ~ 6 x params x tokens FLOPs (forward + backward) at TRAIN_MFU of peak."""
    return 6 * params * tokens / (tflops * 1e12 * TRAIN_MFU) / 3600


# FLOPs per parameter per token. Forward 2; backward 4 (activation grads 2 + weight grads 2). LoRA/QLoRA freeze the
# base: no weight grads for it, so 2 + 2 = 4. Gradient checkpointing recomputes the forward once more: +2
# (full: 6 -> 8, +33%; LoRA: 4 -> 6, +50%) (Korthikanti et al. 2022, https://arxiv.org/abs/2205.05198).
FLOPS_PER_PARAM_TOKEN = {"full": 6, "lora": 4, "qlora": 4}
RECOMPUTE_FLOPS_PER_PARAM_TOKEN = 2


def finetune_flops(params: int, tokens: float, method: str, *, gradient_checkpointing: bool = True) -> float:
    per = FLOPS_PER_PARAM_TOKEN[method] + (RECOMPUTE_FLOPS_PER_PARAM_TOKEN if gradient_checkpointing else 0)
    return per * params * tokens


def finetune_gpu_hours(
    params: int, tokens: float, tflops: float, method: str, *, gradient_checkpointing: bool = True
) -> Estimate:
    flops = finetune_flops(params, tokens, method, gradient_checkpointing=gradient_checkpointing)
    hours = flops / (tflops * 1e12 * TRAIN_MFU) / 3600
    per = FLOPS_PER_PARAM_TOKEN[method] + (RECOMPUTE_FLOPS_PER_PARAM_TOKEN if gradient_checkpointing else 0)
    return Estimate(
        hours,
        "GPU-hours",
        f"estimate: {per} FLOPs/param/token ({method}"
        + (", incl. recompute of gradient checkpointing" if gradient_checkpointing else "")
        + f") x {params / 1e9:.2f}B params x {tokens:.3g} tokens at {TRAIN_MFU:.0%} MFU of {tflops:g} TFLOPS",
        "heuristic",
    )


CHINCHILLA_TOKENS_PER_PARAM = 20  # Hoffmann et al. 2022, https://arxiv.org/abs/2203.15556
# Current practice trains far past compute-optimal: Llama 3 (8B-405B) on 15T+ tokens, Qwen3 (0.6B-235B) on ~36T.
CURRENT_PRACTICE_TOKENS: dict[str, dict[str, Any]] = {
    "llama-3": {"tokens": 15e12, "source": "https://ai.meta.com/blog/meta-llama-3/"},
    "qwen3": {"tokens": 36e12, "source": "https://arxiv.org/abs/2505.09388"},
}


def pretraining_estimates(
    params: int, tflops: float, usd_per_gpu_hour: float | None = None
) -> dict[str, Any]:
    """Pre-training compute for a model of `params`: compute-optimal (20 tokens/param) and current practice
    (15T and 36T tokens), each with tokens, GPU-hours and cost (when a price is given)."""
    rows: dict[str, Any] = {}
    for key, tokens, source in (
        ("compute_optimal", CHINCHILLA_TOKENS_PER_PARAM * params, "https://arxiv.org/abs/2203.15556"),
        (
            "current_practice_low",
            CURRENT_PRACTICE_TOKENS["llama-3"]["tokens"],
            CURRENT_PRACTICE_TOKENS["llama-3"]["source"],
        ),
        (
            "current_practice_high",
            CURRENT_PRACTICE_TOKENS["qwen3"]["tokens"],
            CURRENT_PRACTICE_TOKENS["qwen3"]["source"],
        ),
    ):
        hours = training_gpu_hours(params, tokens, tflops)
        rows[key] = {
            "tokens": tokens,
            "gpu_hours": hours,
            "usd": hours * usd_per_gpu_hour if usd_per_gpu_hour else None,
            "source": source,
        }
    rows["basis"] = f"estimate: 6 x params x tokens FLOPs at {TRAIN_MFU:.0%} MFU of {tflops:g} TFLOPS per GPU"
    rows["confidence"] = "heuristic"
    return rows
