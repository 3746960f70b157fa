"""Parameter counts from config.json shapes, for when the Hub's safetensors metadata is missing.

Pure arithmetic over the layer shapes transformers builds from a config. Counted: every stored
weight and bias (embeddings, attention, MLP / experts, norms, learned position tables, poolers).
Not counted: buffers (sinusoidal position tables, `final_logits_bias`), task heads other than the
LM head, and DeepSeek's multi-token-prediction module (`num_nextn_predict_layers`), which the
published "671B" figure also leaves out.

Each estimate carries the one-line formula it used (`basis`) so the CLI can show it. Families
without a formula here return None rather than a guess; `params_from_safetensors` reads the exact
Hub figure when there is one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

Config = Mapping[str, Any]

MAX_PARAMS = 10**14  # = recommend.constraints.MAX_PARAMS: a count above it is nonsense, not a model
MAX_DIM = 10**9  # a single shape (layers, width, vocabulary, positions) above it is nonsense too


@dataclass(frozen=True)
class ParamEstimate:
    """Total parameters (and, for mixture-of-experts models, the ones active per token)."""

    total: int
    active: int | None
    basis: str
    kind: str  # dense-decoder | moe-decoder | encoder | seq2seq | state-space | dual-encoder

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def params_from_safetensors(metadata: Any) -> int | None:
    """Total parameters from the Hub's `safetensors` field ({"parameters": {dtype: n}, "total": n}).

    Accepts the plain dict from the API or huggingface_hub's SafeTensorsInfo object.
    """
    if metadata is None:
        return None
    get: Callable[[str], Any]
    if isinstance(metadata, Mapping):
        get = metadata.get
    else:
        get = lambda key: getattr(metadata, key, None)  # noqa: E731 - one-line adapter
    total = get("total")
    if isinstance(total, int) and not isinstance(total, bool) and 0 < total <= MAX_PARAMS:
        return total
    per_dtype = get("parameters")
    if isinstance(per_dtype, Mapping):
        counts = [v for v in per_dtype.values() if isinstance(v, int) and not isinstance(v, bool)]
        if counts and 0 < sum(counts) <= MAX_PARAMS:
            return sum(counts)
    return None


def estimate_params(config: Config) -> ParamEstimate | None:
    """Estimate the parameter count from config.json, or None for an unsupported family."""
    if not isinstance(config, Mapping):
        return None
    model_type = config.get("model_type")
    handler = _HANDLERS.get(model_type) if isinstance(model_type, str) else None
    try:
        estimate = handler(config) if handler else _fallback(config)
    except (KeyError, TypeError, ValueError, ZeroDivisionError, OverflowError):
        # A config missing a shape we need (or with an absurd one): no estimate beats a wrong one.
        return None
    if (
        estimate is None
        or not 0 < estimate.total <= MAX_PARAMS
        or (estimate.active is not None and not 0 < estimate.active <= MAX_PARAMS)
    ):
        return None  # nonsense shapes (zero, negative or astronomically large sizes)
    return estimate


# --------------------------------------------------------------------------- helpers


def _int(cfg: Config, *keys: str, default: int | None = None) -> int:
    """First present integer among `keys` (configs name the same shape differently)."""
    for key in keys:
        value = cfg.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            if value > MAX_DIM:
                raise ValueError(f"{key} = {value} is not a plausible shape")
            return value
    if default is None:
        raise KeyError(keys[0])
    return default


def _flag(cfg: Config, key: str, default: bool) -> bool:
    value = cfg.get(key)
    return value if isinstance(value, bool) else default


def _linear(n_in: int, n_out: int, bias: bool = True) -> int:
    return n_in * n_out + (n_out if bias else 0)


def _layer_norm(dim: int, bias: bool = True) -> int:
    return dim * 2 if bias else dim


# Config classes whose default is tie_word_embeddings=False (PretrainedConfig defaults to True,
# and save_pretrained omits values equal to the class default).
_UNTIED_BY_DEFAULT = frozenset(
    {
        "llama",
        "mistral",
        "mixtral",
        "qwen2",
        "qwen2_moe",
        "qwen3",
        "qwen3_moe",
        "phi3",
        "deepseek_v2",
        "deepseek_v3",
        "deepseek_v32",
        "kimi_k2",
        "gpt_neox",
        "gptj",
        "olmo",
        "olmo2",
        "granite",
        "smollm3",
    }
)


def _tied(cfg: Config) -> bool:
    return _flag(cfg, "tie_word_embeddings", cfg.get("model_type") not in _UNTIED_BY_DEFAULT)


# --------------------------------------------------------------------------- decoders


def _attention(cfg: Config, hidden: int, *, qkv_bias: bool, o_bias: bool) -> tuple[int, str]:
    """q/k/v/o projections with grouped-query attention (kv heads may be fewer than q heads)."""
    heads = _int(cfg, "num_attention_heads")
    kv_heads = _int(cfg, "num_key_value_heads", default=heads)
    head_dim = _int(cfg, "head_dim", default=hidden // heads)
    q, kv = heads * head_dim, kv_heads * head_dim
    n = _linear(hidden, q, qkv_bias) + 2 * _linear(hidden, kv, qkv_bias) + _linear(q, hidden, o_bias)
    return n, f"attn q {hidden}x{q} + k,v 2x{hidden}x{kv} + o {q}x{hidden}"


# Per family: (q/k/v bias, o bias, norms per layer, per-head q/k norms).
_LLAMA_STYLE: dict[str, tuple[bool | None, bool | None, int, bool]] = {
    "llama": (None, None, 2, False),  # None: read attention_bias
    "mistral": (False, False, 2, False),
    "qwen2": (True, False, 2, False),  # Qwen2 always has q/k/v biases
    "qwen3": (None, None, 2, True),
    "gemma": (None, None, 2, False),
    "gemma2": (None, None, 4, False),  # pre/post norms around attention and MLP
    "gemma3_text": (None, None, 4, True),
    "phi3": (False, False, 2, False),
    "granite": (None, None, 2, False),
    "smollm3": (None, None, 2, False),
    "olmo2": (None, None, 2, False),
}


def _llama_like(cfg: Config) -> ParamEstimate:
    model_type = str(cfg.get("model_type", "llama"))
    qkv_bias, o_bias, norms, qk_norm = _LLAMA_STYLE.get(model_type, (None, None, 2, False))
    attention_bias = _flag(cfg, "attention_bias", False)
    qkv_bias = attention_bias if qkv_bias is None else qkv_bias
    o_bias = attention_bias if o_bias is None else o_bias
    hidden = _int(cfg, "hidden_size")
    inter = _int(cfg, "intermediate_size")
    layers = _int(cfg, "num_hidden_layers")
    vocab = _int(cfg, "vocab_size")
    attn, attn_basis = _attention(cfg, hidden, qkv_bias=qkv_bias, o_bias=o_bias)
    if qk_norm:
        attn += 2 * _int(cfg, "head_dim", default=hidden // _int(cfg, "num_attention_heads"))
    if model_type == "olmo2":
        heads = _int(cfg, "num_attention_heads")
        head_dim = hidden // heads
        attn += heads * head_dim + _int(cfg, "num_key_value_heads", default=heads) * head_dim
    mlp = 3 * _linear(hidden, inter, _flag(cfg, "mlp_bias", False))
    layer = attn + mlp + norms * hidden
    tied = _tied(cfg)
    embeddings = vocab * hidden * (1 if tied else 2)
    total = embeddings + layers * layer + hidden
    basis = (
        f"{'tied' if tied else 'untied'} embeddings {vocab}x{hidden} + {layers} x ({attn_basis}"
        f"{' + q/k norms' if qk_norm else ''} + gated MLP 3x{hidden}x{inter} + {norms} norms) + final norm"
    )
    return ParamEstimate(total, None, basis, "dense-decoder")


def _gpt2(cfg: Config) -> ParamEstimate:
    hidden = _int(cfg, "n_embd", "hidden_size")
    layers = _int(cfg, "n_layer", "num_hidden_layers")
    positions = _int(cfg, "n_positions", "max_position_embeddings")
    vocab = _int(cfg, "vocab_size")
    inner = _int(cfg, "n_inner", default=4 * hidden)
    layer = (
        2 * _layer_norm(hidden)
        + _linear(hidden, 3 * hidden)
        + _linear(hidden, hidden)
        + _linear(hidden, inner)
        + _linear(inner, hidden)
    )
    total = vocab * hidden + positions * hidden + layers * layer + _layer_norm(hidden)
    basis = (
        f"wte {vocab}x{hidden} (tied head) + wpe {positions}x{hidden} + {layers} x (2 LN + c_attn "
        f"{hidden}x{3 * hidden} + proj + MLP {hidden}x{inner}x2, all biased) + ln_f"
    )
    return ParamEstimate(total, None, basis, "dense-decoder")


def _opt(cfg: Config) -> ParamEstimate:
    hidden = _int(cfg, "hidden_size")
    ffn = _int(cfg, "ffn_dim")
    layers = _int(cfg, "num_hidden_layers")
    vocab = _int(cfg, "vocab_size")
    positions = _int(cfg, "max_position_embeddings")
    proj = _int(cfg, "word_embed_proj_dim", default=hidden)
    bias = _flag(cfg, "enable_bias", True)
    layer = (
        4 * _linear(hidden, hidden, bias)
        + 2 * _layer_norm(hidden)
        + _linear(hidden, ffn, bias)
        + _linear(ffn, hidden, bias)
    )
    # OPT's learned positions carry an offset of 2; 350m projects a smaller embedding in and out.
    total = vocab * proj + (positions + 2) * hidden + layers * layer
    if proj != hidden:
        total += 2 * proj * hidden
    if _flag(cfg, "do_layer_norm_before", True) and not _flag(cfg, "_remove_final_layer_norm", False):
        total += _layer_norm(hidden)
    basis = (
        f"embed {vocab}x{proj} (tied head) + positions ({positions}+2)x{hidden} + {layers} x "
        f"(q,k,v,o {hidden}x{hidden} + 2 LN + fc {hidden}x{ffn}x2, biased) + final LN"
    )
    return ParamEstimate(total, None, basis, "dense-decoder")


def _bloom(cfg: Config) -> ParamEstimate:
    hidden = _int(cfg, "hidden_size", "n_embed")
    layers = _int(cfg, "n_layer", "num_hidden_layers")
    vocab = _int(cfg, "vocab_size")
    layer = (
        2 * _layer_norm(hidden)
        + _linear(hidden, 3 * hidden)
        + _linear(hidden, hidden)
        + _linear(hidden, 4 * hidden)
        + _linear(4 * hidden, hidden)
    )
    # ALiBi: no position table; an extra LayerNorm right after the word embeddings.
    total = vocab * hidden + _layer_norm(hidden) + layers * layer + _layer_norm(hidden)
    basis = (
        f"embed {vocab}x{hidden} (tied head) + embed LN + {layers} x (2 LN + qkv {hidden}x{3 * hidden} "
        f"+ dense + MLP {hidden}x{4 * hidden}x2, biased) + ln_f (ALiBi, no position table)"
    )
    return ParamEstimate(total, None, basis, "dense-decoder")


def _falcon(cfg: Config) -> ParamEstimate:
    hidden = _int(cfg, "hidden_size")
    heads = _int(cfg, "num_attention_heads", "n_head")
    layers = _int(cfg, "num_hidden_layers", "n_layer")
    vocab = _int(cfg, "vocab_size")
    head_dim = hidden // heads
    new_arch = _flag(cfg, "new_decoder_architecture", False)
    if new_arch:
        kv_heads = _int(cfg, "num_kv_heads", default=heads)
    elif _flag(cfg, "multi_query", True):
        kv_heads = 1
    else:
        kv_heads = heads
    ffn = _int(cfg, "ffn_hidden_size", default=4 * hidden)
    bias = _flag(cfg, "bias", False)
    norms = 2 if new_arch or not _flag(cfg, "parallel_attn", True) else 1
    layer = (
        norms * _layer_norm(hidden)
        + _linear(hidden, (heads + 2 * kv_heads) * head_dim, bias)
        + _linear(hidden, hidden, bias)
        + _linear(hidden, ffn, bias)
        + _linear(ffn, hidden, bias)
    )
    tied = _tied(cfg)
    total = vocab * hidden * (1 if tied else 2) + layers * layer + _layer_norm(hidden)
    basis = (
        f"embed {vocab}x{hidden} ({'tied' if tied else 'untied'}) + {layers} x ({norms} LN + fused qkv "
        f"{hidden}x{(heads + 2 * kv_heads) * head_dim} ({kv_heads} kv heads) + dense + MLP {hidden}x{ffn}x2) + ln_f"
    )
    return ParamEstimate(total, None, basis, "dense-decoder")


def _gpt_neox(cfg: Config) -> ParamEstimate:
    hidden = _int(cfg, "hidden_size")
    inter = _int(cfg, "intermediate_size")
    layers = _int(cfg, "num_hidden_layers")
    vocab = _int(cfg, "vocab_size")
    bias = _flag(cfg, "attention_bias", True)
    layer = (
        2 * _layer_norm(hidden)
        + _linear(hidden, 3 * hidden, bias)
        + _linear(hidden, hidden, bias)
        + _linear(hidden, inter)
        + _linear(inter, hidden)
    )
    tied = _tied(cfg)
    total = vocab * hidden * (1 if tied else 2) + layers * layer + _layer_norm(hidden)
    basis = (
        f"embed_in/embed_out {vocab}x{hidden} ({'tied' if tied else 'untied'}) + {layers} x (2 LN + qkv "
        f"{hidden}x{3 * hidden} + dense + MLP {hidden}x{inter}x2, biased) + final LN (rotary, no position table)"
    )
    return ParamEstimate(total, None, basis, "dense-decoder")


def _gptj(cfg: Config) -> ParamEstimate:
    hidden = _int(cfg, "n_embd", "hidden_size")
    layers = _int(cfg, "n_layer", "num_hidden_layers")
    vocab = _int(cfg, "vocab_size")
    inner = _int(cfg, "n_inner", default=4 * hidden)
    layer = _layer_norm(hidden) + 4 * hidden * hidden + _linear(hidden, inner) + _linear(inner, hidden)
    # GPT-J's LM head is untied and has a bias.
    total = vocab * hidden + layers * layer + _layer_norm(hidden) + _linear(hidden, vocab)
    basis = (
        f"wte {vocab}x{hidden} + {layers} x (LN + q,k,v,out {hidden}x{hidden} unbiased + MLP "
        f"{hidden}x{inner}x2) + ln_f + untied biased head"
    )
    return ParamEstimate(total, None, basis, "dense-decoder")


# --------------------------------------------------------------------------- mixture of experts


def _moe_decoder(cfg: Config) -> ParamEstimate:
    """Mixtral, Qwen2-MoE and Qwen3-MoE: llama-style attention, a router and N gated experts."""
    model_type = cfg.get("model_type")
    hidden = _int(cfg, "hidden_size")
    layers = _int(cfg, "num_hidden_layers")
    vocab = _int(cfg, "vocab_size")
    top_k = _int(cfg, "num_experts_per_tok")
    qkv_bias = model_type == "qwen2_moe" or _flag(cfg, "attention_bias", False)
    attn, attn_basis = _attention(cfg, hidden, qkv_bias=qkv_bias, o_bias=False)
    if model_type == "qwen3_moe":
        attn += 2 * _int(cfg, "head_dim", default=hidden // _int(cfg, "num_attention_heads"))
    if model_type == "mixtral":
        experts = _int(cfg, "num_local_experts")
        expert_inter = _int(cfg, "intermediate_size")
    else:
        experts = _int(cfg, "num_experts")
        expert_inter = _int(cfg, "moe_intermediate_size")
    expert = 3 * hidden * expert_inter
    shared = 0
    shared_inter = _int(cfg, "shared_expert_intermediate_size", default=0)
    if shared_inter:
        shared = 3 * hidden * shared_inter + hidden  # shared expert plus its sigmoid gate
    router = hidden * experts
    dense_mlp = 3 * hidden * _int(cfg, "intermediate_size", default=expert_inter)
    step = _int(cfg, "decoder_sparse_step", default=1)
    mlp_only = {i for i in cfg.get("mlp_only_layers") or [] if isinstance(i, int)}
    moe_layers = sum(1 for i in range(layers) if i not in mlp_only and (i + 1) % max(step, 1) == 0)
    dense_layers = layers - moe_layers
    norms = 2 * hidden
    moe_total = attn + norms + router + shared + experts * expert
    moe_active = attn + norms + router + shared + top_k * expert
    dense = attn + norms + dense_mlp
    tied = _tied(cfg)
    embeddings = vocab * hidden * (1 if tied else 2) + hidden
    total = embeddings + moe_layers * moe_total + dense_layers * dense
    active = embeddings + moe_layers * moe_active + dense_layers * dense
    basis = (
        f"embeddings {vocab}x{hidden} ({'tied' if tied else 'untied'}) + {moe_layers} MoE layers x ({attn_basis} "
        f"+ router + {experts} experts 3x{hidden}x{expert_inter}{' + shared expert' if shared else ''}); "
        f"active uses {top_k} experts"
    )
    return ParamEstimate(total, active, basis, "moe-decoder")


def _deepseek(cfg: Config) -> ParamEstimate:
    """DeepSeek-V2/V3/V3.2 and other MLA decoders: multi-head latent attention (low-rank q and a
    compressed joint KV latent plus a shared rope key), dense first layers, shared + routed experts."""
    hidden = _int(cfg, "hidden_size")
    layers = _int(cfg, "num_hidden_layers")
    vocab = _int(cfg, "vocab_size")
    heads = _int(cfg, "num_attention_heads")
    nope, rope = _int(cfg, "qk_nope_head_dim"), _int(cfg, "qk_rope_head_dim")
    v_dim = _int(cfg, "v_head_dim", default=nope)
    kv_rank = _int(cfg, "kv_lora_rank")
    q_rank = cfg.get("q_lora_rank")
    q_head = heads * (nope + rope)
    if isinstance(q_rank, int) and q_rank > 0:
        q_proj = hidden * q_rank + q_rank + q_rank * q_head  # down, norm, up
    else:
        q_proj = hidden * q_head
    bias = _flag(cfg, "attention_bias", False)
    attn = (
        q_proj
        + _linear(hidden, kv_rank + rope, bias)  # joint compressed KV + shared rope key
        + kv_rank  # kv_a_layernorm
        + kv_rank * heads * (nope + v_dim)  # kv_b_proj
        + _linear(heads * v_dim, hidden, bias)
    )
    if isinstance(cfg.get("index_n_heads"), int):
        # DeepSeek-V3.2's lightning indexer: q from the q latent, one shared key, per-head weights.
        index_heads, index_dim = _int(cfg, "index_n_heads"), _int(cfg, "index_head_dim")
        q_source = q_rank if isinstance(q_rank, int) and q_rank > 0 else hidden
        attn += q_source * index_heads * index_dim + hidden * index_dim + _layer_norm(index_dim)
        attn += hidden * index_heads
    norms = 2 * hidden
    dense = attn + norms + 3 * hidden * _int(cfg, "intermediate_size")
    tied = _tied(cfg)
    embeddings = vocab * hidden * (1 if tied else 2) + hidden
    routed = _int(cfg, "n_routed_experts", default=0)
    if routed == 0:  # a dense MLA decoder
        total = embeddings + layers * dense
        basis = (
            f"embeddings {vocab}x{hidden} + {layers} x (MLA attention [q_lora {q_rank}, kv_lora {kv_rank}] "
            f"+ gated MLP {hidden}x{_int(cfg, 'intermediate_size')})"
        )
        return ParamEstimate(total, None, basis, "dense-decoder")
    expert = 3 * hidden * _int(cfg, "moe_intermediate_size")
    shared = _int(cfg, "n_shared_experts", default=0)
    top_k = _int(cfg, "num_experts_per_tok")
    # V3 adds a per-expert score-correction bias to its sigmoid router.
    router = routed * hidden + (routed if cfg.get("topk_method") == "noaux_tc" else 0)
    first_dense = _int(cfg, "first_k_dense_replace", default=0)
    freq = max(_int(cfg, "moe_layer_freq", default=1), 1)
    moe_layers = sum(1 for i in range(first_dense, layers) if i % freq == 0)
    dense_layers = layers - moe_layers
    moe_common = attn + norms + router + shared * expert
    total = embeddings + dense_layers * dense + moe_layers * (moe_common + routed * expert)
    active = embeddings + dense_layers * dense + moe_layers * (moe_common + top_k * expert)
    basis = (
        f"embeddings {vocab}x{hidden} + {dense_layers} dense + {moe_layers} MoE layers x (MLA attention "
        f"[q_lora {q_rank}, kv_lora {kv_rank}] + {shared} shared + {routed} routed experts 3x{hidden}x"
        f"{_int(cfg, 'moe_intermediate_size')}); active uses {top_k} routed; MTP module excluded"
    )
    return ParamEstimate(total, active, basis, "moe-decoder")


# --------------------------------------------------------------------------- state space


def _mamba(cfg: Config) -> ParamEstimate:
    hidden = _int(cfg, "hidden_size", "d_model")
    layers = _int(cfg, "num_hidden_layers", "n_layer")
    vocab = _int(cfg, "vocab_size")
    inner = _int(cfg, "intermediate_size", "d_inner", default=_int(cfg, "expand", default=2) * hidden)
    state = _int(cfg, "state_size", "d_state", default=16)
    kernel = _int(cfg, "conv_kernel", "d_conv", default=4)
    rank = _int(cfg, "time_step_rank", "dt_rank", default=-(-hidden // 16))
    bias = _flag(cfg, "use_bias", False)
    layer = (
        _linear(hidden, 2 * inner, bias)  # in_proj (x and gate)
        + inner * kernel
        + (inner if _flag(cfg, "use_conv_bias", True) else 0)  # depthwise conv1d
        + inner * (rank + 2 * state)  # x_proj -> dt, B, C
        + _linear(rank, inner)  # dt_proj
        + inner * state  # A_log
        + inner  # D
        + _linear(inner, hidden, bias)  # out_proj
        + hidden  # RMSNorm
    )
    tied = _tied(cfg)
    total = vocab * hidden * (1 if tied else 2) + layers * layer + hidden
    basis = (
        f"embed {vocab}x{hidden} ({'tied' if tied else 'untied'}) + {layers} x (in_proj {hidden}x{2 * inner} "
        f"+ conv1d + x_proj/dt_proj (rank {rank}, state {state}) + A,D + out_proj + norm) + final norm"
    )
    return ParamEstimate(total, None, basis, "state-space")


# --------------------------------------------------------------------------- encoders


def _transformer_layer(hidden: int, inter: int, *, qkv_bias: bool = True) -> int:
    """Post-LN BERT/ViT block: q,k,v,o + 2 LayerNorms + 2-matrix MLP, all biased."""
    return (
        3 * _linear(hidden, hidden, qkv_bias)
        + _linear(hidden, hidden)
        + 2 * _layer_norm(hidden)
        + _linear(hidden, inter)
        + _linear(inter, hidden)
    )


_POOLER = frozenset({"bert", "roberta", "xlm-roberta", "camembert", "albert", "mpnet", "ernie"})


def _bert_like(cfg: Config) -> ParamEstimate:
    model_type = str(cfg.get("model_type"))
    hidden = _int(cfg, "hidden_size")
    inter = _int(cfg, "intermediate_size")
    layers = _int(cfg, "num_hidden_layers")
    vocab = _int(cfg, "vocab_size")
    positions = _int(cfg, "max_position_embeddings")
    # AlbertConfig defaults embedding_size to 128 (a config that omits it still factorises).
    emb = _int(cfg, "embedding_size", default=128 if model_type == "albert" else hidden)
    types = _int(cfg, "type_vocab_size", default=2)
    if model_type == "mpnet":
        types = 0  # MPNet has no segment embeddings; it adds a relative-position bias instead
    embeddings = (vocab + positions + types) * emb + _layer_norm(emb)
    if emb != hidden:
        embeddings += _linear(emb, hidden)  # ELECTRA/ALBERT project a smaller embedding up
    # ALBERT shares weights: num_hidden_groups groups of inner_group_num layers serve all the layers.
    if model_type == "albert":
        stored_layers = _int(cfg, "num_hidden_groups", default=1) * _int(cfg, "inner_group_num", default=1)
    else:
        stored_layers = layers
    total = embeddings + stored_layers * _transformer_layer(hidden, inter)
    if model_type == "mpnet":
        total += _int(cfg, "relative_attention_num_buckets", default=32) * _int(cfg, "num_attention_heads")
    pooler = model_type in _POOLER
    if pooler:
        total += _linear(hidden, hidden)
    basis = (
        f"embeddings (vocab {vocab} + positions {positions} + types {types}) x {emb} + LN + "
        f"{stored_layers} x (q,k,v,o {hidden}x{hidden} + 2 LN + MLP {hidden}x{inter}x2){' + pooler' if pooler else ''}"
    )
    return ParamEstimate(total, None, basis, "encoder")


def _distilbert(cfg: Config) -> ParamEstimate:
    hidden = _int(cfg, "dim", "hidden_size")
    inter = _int(cfg, "hidden_dim", "intermediate_size")
    layers = _int(cfg, "n_layers", "num_hidden_layers")
    vocab = _int(cfg, "vocab_size")
    positions = _int(cfg, "max_position_embeddings")
    total = (vocab + positions) * hidden + _layer_norm(hidden) + layers * _transformer_layer(hidden, inter)
    basis = (
        f"embeddings (vocab {vocab} + positions {positions}) x {hidden} + LN + {layers} x "
        f"(q,k,v,o {hidden}x{hidden} + 2 LN + MLP {hidden}x{inter}x2), no token types, no pooler"
    )
    return ParamEstimate(total, None, basis, "encoder")


def _deberta_v2(cfg: Config) -> ParamEstimate:
    hidden = _int(cfg, "hidden_size")
    inter = _int(cfg, "intermediate_size")
    layers = _int(cfg, "num_hidden_layers")
    vocab = _int(cfg, "vocab_size")
    positions = _int(cfg, "max_position_embeddings")
    types = _int(cfg, "type_vocab_size", default=0)
    embeddings = vocab * hidden + types * hidden + _layer_norm(hidden)
    if _flag(cfg, "position_biased_input", True):
        embeddings += positions * hidden
    total = embeddings + layers * _transformer_layer(hidden, inter)
    if _flag(cfg, "relative_attention", False):
        buckets = _int(cfg, "position_buckets", default=-1)
        span = buckets if buckets > 0 else _int(cfg, "max_relative_positions", default=-1)
        if span < 1:
            span = positions
        total += 2 * span * hidden  # shared relative-position embeddings
        if "layer_norm" in str(cfg.get("norm_rel_ebd", "")):
            total += _layer_norm(hidden)
    basis = (
        f"word embeddings {vocab}x{hidden} + LN + {layers} x (q,k,v,o {hidden}x{hidden} + 2 LN + MLP "
        f"{hidden}x{inter}x2) + relative-position table (disentangled attention, keys shared)"
    )
    return ParamEstimate(total, None, basis, "encoder")


def _modernbert(cfg: Config) -> ParamEstimate:
    hidden = _int(cfg, "hidden_size")
    inter = _int(cfg, "intermediate_size")
    layers = _int(cfg, "num_hidden_layers")
    vocab = _int(cfg, "vocab_size")
    bias = _flag(cfg, "attention_bias", False)
    mlp_bias = _flag(cfg, "mlp_bias", False)
    norm = _layer_norm(hidden, _flag(cfg, "norm_bias", False))
    layer = (
        _linear(hidden, 3 * hidden, bias)  # fused Wqkv
        + _linear(hidden, hidden, bias)
        + _linear(hidden, 2 * inter, mlp_bias)  # GeGLU input (value and gate)
        + _linear(inter, hidden, mlp_bias)
        + 2 * norm
    )
    # Embedding norm + final norm, minus the attention norm layer 0 skips (the embedding norm serves).
    total = vocab * hidden + layers * layer + norm
    basis = (
        f"embeddings {vocab}x{hidden} + norm + {layers} x (Wqkv {hidden}x{3 * hidden} + Wo + GeGLU "
        f"{hidden}x{2 * inter} + {inter}x{hidden} + 2 norms, first layer 1) + final norm, unbiased"
    )
    return ParamEstimate(total, None, basis, "encoder")


def _vit(cfg: Config) -> ParamEstimate:
    """ViT / DeiT / DINOv2: patch embedding, [CLS] (+ distillation) token, learned positions."""
    model_type = cfg.get("model_type")
    hidden = _int(cfg, "hidden_size")
    layers = _int(cfg, "num_hidden_layers")
    inter = _int(cfg, "intermediate_size", default=hidden * _int(cfg, "mlp_ratio", default=4))
    patch = _int(cfg, "patch_size")
    channels = _int(cfg, "num_channels", default=3)
    image = _int(cfg, "image_size")
    patches = (image // patch) ** 2
    special = 2 if model_type == "deit" else 1  # DeiT adds a distillation token
    embeddings = _linear(channels * patch * patch, hidden) + special * hidden + (patches + special) * hidden
    layer = _transformer_layer(hidden, inter, qkv_bias=_flag(cfg, "qkv_bias", True))
    if model_type == "dinov2":
        embeddings += hidden  # mask token
        layer += 2 * hidden  # two LayerScale vectors
        if _flag(cfg, "use_swiglu_ffn", False):
            raise ValueError("SwiGLU DINOv2 (giant) is not covered")
    total = embeddings + layers * layer + _layer_norm(hidden)
    pooler = model_type == "vit" and any(a == "ViTModel" for a in cfg.get("architectures") or [])
    if pooler:
        total += _linear(hidden, hidden)
    basis = (
        f"patch embedding {channels}x{patch}x{patch}->{hidden} + {special} special token(s) + "
        f"{patches + special} positions + {layers} x (q,k,v,o + 2 LN + MLP {hidden}x{inter}x2) + final LN"
        f"{' + pooler' if pooler else ''}"
    )
    return ParamEstimate(total, None, basis, "encoder")


def _clip(cfg: Config) -> ParamEstimate:
    """CLIP dual encoder; missing sub-config keys fall back to CLIPConfig's (ViT-B/32) defaults."""
    text = cfg.get("text_config") or {}
    vision = cfg.get("vision_config") or {}
    if not isinstance(text, Mapping) or not isinstance(vision, Mapping):
        raise TypeError("text_config/vision_config")
    t_hidden = _int(text, "hidden_size", default=512)
    t_inter = _int(text, "intermediate_size", default=2048)
    t_layers = _int(text, "num_hidden_layers", default=12)
    t_vocab = _int(text, "vocab_size", default=49408)
    t_pos = _int(text, "max_position_embeddings", default=77)
    v_hidden = _int(vision, "hidden_size", default=768)
    v_inter = _int(vision, "intermediate_size", default=3072)
    v_layers = _int(vision, "num_hidden_layers", default=12)
    patch = _int(vision, "patch_size", default=32)
    image = _int(vision, "image_size", default=224)
    channels = _int(vision, "num_channels", default=3)
    proj = _int(cfg, "projection_dim", default=512)
    text_tower = (
        (t_vocab + t_pos) * t_hidden
        + t_layers * _transformer_layer(t_hidden, t_inter)
        + _layer_norm(t_hidden)
    )
    patches = (image // patch) ** 2
    vision_tower = (
        channels * patch * patch * v_hidden  # patch conv has no bias
        + v_hidden  # class embedding
        + (patches + 1) * v_hidden
        + 2 * _layer_norm(v_hidden)  # pre- and post-LayerNorm
        + v_layers * _transformer_layer(v_hidden, v_inter)
    )
    total = text_tower + vision_tower + (t_hidden + v_hidden) * proj + 1  # projections + logit scale
    basis = (
        f"text tower ({t_layers} x {t_hidden}, vocab {t_vocab}) + vision tower ({v_layers} x {v_hidden}, "
        f"patch {patch}) + projections to {proj} + logit scale"
    )
    return ParamEstimate(total, None, basis, "dual-encoder")


# --------------------------------------------------------------------------- seq2seq


def _t5(cfg: Config) -> ParamEstimate:
    d_model = _int(cfg, "d_model")
    d_ff = _int(cfg, "d_ff")
    inner = _int(cfg, "d_kv") * _int(cfg, "num_heads")
    enc_layers = _int(cfg, "num_layers")
    dec_layers = _int(cfg, "num_decoder_layers", default=enc_layers)
    vocab = _int(cfg, "vocab_size")
    buckets = _int(cfg, "relative_attention_num_buckets", default=32)
    heads = _int(cfg, "num_heads")
    gated = str(cfg.get("feed_forward_proj", "relu")).startswith("gated") or _flag(cfg, "is_gated_act", False)
    ffn = (3 if gated else 2) * d_model * d_ff
    attn = 4 * d_model * inner  # q, k, v, o without biases
    # T5 shares one relative-position bias per stack; UMT5 keeps one in every layer.
    per_layer_bias = cfg.get("model_type") == "umt5"
    enc = enc_layers * (attn + ffn + 2 * d_model) + d_model
    dec = dec_layers * (2 * attn + ffn + 3 * d_model) + d_model
    enc += buckets * heads * (enc_layers if per_layer_bias else 1)
    dec += buckets * heads * (dec_layers if per_layer_bias else 1)
    tied = _tied(cfg)
    total = vocab * d_model * (1 if tied else 2) + enc + dec
    basis = (
        f"shared {vocab}x{d_model} ({'tied' if tied else 'untied'} head) + {enc_layers} enc + {dec_layers} dec "
        f"layers (attn inner d_kv*heads={inner}, {'gated ' if gated else ''}FFN {d_model}x{d_ff}"
        f"{'x3' if gated else 'x2'}, RMS norms, relative bias)"
    )
    return ParamEstimate(total, None, basis, "seq2seq")


# model_type -> (learned positions, embedding LayerNorm, final LayerNorm per stack, positions offset)
_BART_STYLE: dict[str, tuple[bool, bool, bool, int]] = {
    "bart": (True, True, False, 2),
    "plbart": (True, True, False, 2),
    "mbart": (True, True, True, 2),
    "marian": (False, False, False, 0),
    "pegasus": (False, False, True, 0),
    "m2m_100": (False, False, True, 0),
}


def _bart_like(cfg: Config) -> ParamEstimate:
    model_type = str(cfg.get("model_type"))
    learned_pos, emb_norm, final_norm, offset = _BART_STYLE[model_type]
    if model_type in ("mbart", "pegasus"):
        final_norm = _flag(cfg, "add_final_layer_norm", final_norm)
    if model_type in ("bart", "plbart", "mbart"):
        emb_norm = _flag(cfg, "normalize_embedding", emb_norm)
    d = _int(cfg, "d_model")
    vocab = _int(cfg, "vocab_size")
    enc_layers, dec_layers = _int(cfg, "encoder_layers"), _int(cfg, "decoder_layers")
    enc_ffn, dec_ffn = _int(cfg, "encoder_ffn_dim"), _int(cfg, "decoder_ffn_dim")
    positions = _int(cfg, "max_position_embeddings")
    attn = 4 * _linear(d, d)
    enc_layer = attn + 2 * _layer_norm(d) + _linear(d, enc_ffn) + _linear(enc_ffn, d)
    dec_layer = 2 * attn + 3 * _layer_norm(d) + _linear(d, dec_ffn) + _linear(dec_ffn, d)
    embeddings = vocab * d
    if model_type == "marian" and not _flag(cfg, "share_encoder_decoder_embeddings", True):
        embeddings += _int(cfg, "decoder_vocab_size", default=vocab) * d
    per_stack = 0
    if learned_pos:
        per_stack += (positions + offset) * d
    if emb_norm:
        per_stack += _layer_norm(d)
    if final_norm:
        per_stack += _layer_norm(d)
    total = embeddings + 2 * per_stack + enc_layers * enc_layer + dec_layers * dec_layer
    basis = (
        f"shared {vocab}x{d} (tied head) + {enc_layers} enc x (self-attn + 2 LN + FFN {d}x{enc_ffn}x2) + "
        f"{dec_layers} dec x (self + cross attn + 3 LN + FFN) "
        f"{'+ learned positions ' if learned_pos else '(sinusoidal positions not stored) '}"
        f"{'+ embedding LN ' if emb_norm else ''}{'+ final LN' if final_norm else ''}"
    ).rstrip()
    return ParamEstimate(total, None, basis, "seq2seq")


def _whisper(cfg: Config) -> ParamEstimate:
    d = _int(cfg, "d_model")
    vocab = _int(cfg, "vocab_size")
    enc_layers, dec_layers = _int(cfg, "encoder_layers"), _int(cfg, "decoder_layers")
    enc_ffn, dec_ffn = _int(cfg, "encoder_ffn_dim"), _int(cfg, "decoder_ffn_dim")
    mels = _int(cfg, "num_mel_bins", default=80)
    source, target = _int(cfg, "max_source_positions"), _int(cfg, "max_target_positions")
    attn = 4 * d * d + 3 * d  # k_proj has no bias
    enc_layer = attn + 2 * _layer_norm(d) + _linear(d, enc_ffn) + _linear(enc_ffn, d)
    dec_layer = 2 * attn + 3 * _layer_norm(d) + _linear(d, dec_ffn) + _linear(dec_ffn, d)
    convs = _linear(mels * 3, d) + _linear(d * 3, d)  # two kernel-3 convolutions
    total = (
        vocab * d  # token embeddings, tied with proj_out
        + convs
        + source * d  # encoder positions: sinusoidal but stored as a weight
        + target * d
        + enc_layers * enc_layer
        + dec_layers * dec_layer
        + 2 * _layer_norm(d)
    )
    basis = (
        f"tokens {vocab}x{d} (tied) + 2 conv stems + positions {source}+{target} + {enc_layers} enc + "
        f"{dec_layers} dec layers (FFN {enc_ffn}) + 2 final LN"
    )
    return ParamEstimate(total, None, basis, "seq2seq")


def _moonshine(cfg: Config) -> ParamEstimate:
    """Moonshine: 3-conv audio stem + rotary encoder (GELU MLP) + decoder (SwiGLU MLP), bias-free LayerNorms."""
    hidden = _int(cfg, "hidden_size")
    inter = _int(cfg, "intermediate_size")
    enc_layers = _int(cfg, "encoder_num_hidden_layers")
    dec_layers = _int(cfg, "decoder_num_hidden_layers")
    vocab = _int(cfg, "vocab_size")
    heads = _int(cfg, "encoder_num_attention_heads", "num_attention_heads")
    kv_heads = _int(cfg, "encoder_num_key_value_heads", default=heads)
    head_dim = hidden // heads
    bias = _flag(cfg, "attention_bias", False)
    attn = 2 * _linear(hidden, heads * head_dim, bias) + 2 * _linear(hidden, kv_heads * head_dim, bias)
    stem = 127 * hidden + 2 * hidden + _linear(7 * hidden, 2 * hidden) + _linear(3 * 2 * hidden, hidden)
    enc_layer = 2 * hidden + attn + _linear(hidden, inter) + _linear(inter, hidden)
    dec_layer = 3 * hidden + 2 * attn + _linear(hidden, 2 * inter) + _linear(inter, hidden)
    total = stem + enc_layers * enc_layer + hidden + vocab * hidden + dec_layers * dec_layer + hidden
    if not _flag(cfg, "tie_word_embeddings", True):
        total += vocab * hidden
    basis = (
        f"conv stem (127/7/3 kernels) + {enc_layers} enc x (attn + GELU MLP {hidden}x{inter}) + tokens "
        f"{vocab}x{hidden} (tied) + {dec_layers} dec x (self + cross attn + SwiGLU {hidden}x{2 * inter}), "
        "bias-free LayerNorms"
    )
    return ParamEstimate(total, None, basis, "seq2seq")


# --------------------------------------------------------------------------- phi


def _phi(cfg: Config) -> ParamEstimate:
    """Phi-1 / 1.5 / 2: parallel attention + MLP behind one LayerNorm, biased everywhere, biased LM head."""
    hidden = _int(cfg, "hidden_size")
    inter = _int(cfg, "intermediate_size")
    layers = _int(cfg, "num_hidden_layers")
    vocab = _int(cfg, "vocab_size")
    heads = _int(cfg, "num_attention_heads")
    kv_heads = _int(cfg, "num_key_value_heads", default=heads)
    head_dim = _int(cfg, "head_dim", default=hidden // heads)
    q, kv = heads * head_dim, kv_heads * head_dim
    attn = _linear(hidden, q) + 2 * _linear(hidden, kv) + _linear(q, hidden)
    if _flag(cfg, "qk_layernorm", False):
        attn += 2 * _layer_norm(head_dim)
    layer = _layer_norm(hidden) + attn + _linear(hidden, inter) + _linear(inter, hidden)
    tied = _flag(cfg, "tie_word_embeddings", False)
    head = vocab + (0 if tied else vocab * hidden)  # the LM head keeps its bias even when tied
    total = vocab * hidden + layers * layer + _layer_norm(hidden) + head
    basis = (
        f"embed {vocab}x{hidden} + {layers} x (LN + q,k,v,dense biased + MLP {hidden}x{inter}x2 biased, "
        f"attention and MLP in parallel) + final LN + {'tied' if tied else 'untied'} LM head with bias"
    )
    return ParamEstimate(total, None, basis, "dense-decoder")


# --------------------------------------------------------------------------- multimodal wrappers

# Class defaults of the sub-configs wrappers embed (transformers 5.x): a Hub config.json writes
# only the values that differ from them, so `text_config: {model_type: llama, vocab_size: 32064}`
# means a LLaMA-7B-shaped text model.
_SUB_DEFAULTS: dict[str, dict[str, Any]] = {
    "llama": {
        "vocab_size": 32000,
        "hidden_size": 4096,
        "intermediate_size": 11008,
        "num_hidden_layers": 32,
        "num_attention_heads": 32,
    },
    "mistral": {
        "vocab_size": 32000,
        "hidden_size": 4096,
        "intermediate_size": 14336,
        "num_hidden_layers": 32,
        "num_attention_heads": 32,
        "num_key_value_heads": 8,
    },
    "qwen2": {
        "vocab_size": 151936,
        "hidden_size": 4096,
        "intermediate_size": 22016,
        "num_hidden_layers": 32,
        "num_attention_heads": 32,
    },
    "gemma": {
        "vocab_size": 256000,
        "hidden_size": 3072,
        "intermediate_size": 24576,
        "num_hidden_layers": 28,
        "num_attention_heads": 16,
        "head_dim": 256,
    },
    "gemma2": {
        "vocab_size": 256000,
        "hidden_size": 2304,
        "intermediate_size": 9216,
        "num_hidden_layers": 26,
        "num_attention_heads": 8,
        "num_key_value_heads": 4,
        "head_dim": 256,
    },
    "gemma3_text": {
        "vocab_size": 262208,
        "hidden_size": 2304,
        "intermediate_size": 9216,
        "num_hidden_layers": 26,
        "num_attention_heads": 8,
        "num_key_value_heads": 4,
        "head_dim": 256,
    },
    "clip_vision_model": {
        "hidden_size": 768,
        "intermediate_size": 3072,
        "num_hidden_layers": 12,
        "image_size": 224,
        "patch_size": 32,
        "num_channels": 3,
    },
    "siglip_vision_model": {
        "hidden_size": 768,
        "intermediate_size": 3072,
        "num_hidden_layers": 12,
        "image_size": 224,
        "patch_size": 16,
        "num_channels": 3,
        "vision_use_head": True,
    },
    "qwen2_vl": {
        "embed_dim": 1280,
        "depth": 32,
        "mlp_ratio": 4,
        "hidden_size": 3584,
        "in_channels": 3,
        "patch_size": 14,
        "temporal_patch_size": 2,
        "spatial_merge_size": 2,
    },
    "qwen2_5_vl": {
        "hidden_size": 1280,
        "depth": 32,
        "intermediate_size": 3420,
        "out_hidden_size": 3584,
        "in_channels": 3,
        "patch_size": 14,
        "temporal_patch_size": 2,
        "spatial_merge_size": 2,
    },
}
_TEXT_MODELS = frozenset({"llama", "mistral", "qwen2", "gemma", "gemma2", "gemma3_text"})


def _sub(cfg: Config, key: str, default_type: str) -> dict[str, Any]:
    """A sub-config with its class defaults filled in (KeyError for a type without known defaults)."""
    raw = cfg.get(key) or {}
    if not isinstance(raw, Mapping):
        raise TypeError(key)
    model_type = raw.get("model_type") or default_type
    if not isinstance(model_type, str):
        raise TypeError(key)
    return {**_SUB_DEFAULTS[model_type], **raw, "model_type": model_type}


def _text_model(cfg: Config, default_type: str) -> ParamEstimate:
    text = _sub(cfg, "text_config", default_type)
    if text["model_type"] not in _TEXT_MODELS:
        raise KeyError(text["model_type"])
    if "tie_word_embeddings" not in text and isinstance(cfg.get("tie_word_embeddings"), bool):
        text["tie_word_embeddings"] = cfg["tie_word_embeddings"]
    return _llama_like(text)


def _clip_vision(vision: Config) -> int:
    hidden, inter = _int(vision, "hidden_size"), _int(vision, "intermediate_size")
    patch, channels = _int(vision, "patch_size"), _int(vision, "num_channels", default=3)
    patches = (_int(vision, "image_size") // patch) ** 2
    return (
        channels * patch * patch * hidden  # patch conv, no bias
        + hidden  # class embedding
        + (patches + 1) * hidden
        + 2 * _layer_norm(hidden)  # pre- and post-LayerNorm
        + _int(vision, "num_hidden_layers") * _transformer_layer(hidden, inter)
    )


def _siglip_vision(vision: Config) -> int:
    hidden, inter = _int(vision, "hidden_size"), _int(vision, "intermediate_size")
    patch, channels = _int(vision, "patch_size"), _int(vision, "num_channels", default=3)
    patches = (_int(vision, "image_size") // patch) ** 2
    total = (
        _linear(channels * patch * patch, hidden)  # patch conv with bias
        + patches * hidden
        + _int(vision, "num_hidden_layers") * _transformer_layer(hidden, inter)
        + _layer_norm(hidden)  # post-LayerNorm
    )
    if _flag(vision, "vision_use_head", True):  # attention-pooling head: probe, attention, LN, MLP
        total += hidden + _linear(hidden, 3 * hidden) + _linear(hidden, hidden) + _layer_norm(hidden)
        total += _linear(hidden, inter) + _linear(inter, hidden)
    return total


_VISION_TOWERS: dict[str, Callable[[Config], int]] = {
    "clip_vision_model": _clip_vision,
    "siglip_vision_model": _siglip_vision,
}


def _vision_tower(cfg: Config, default_type: str) -> tuple[int, dict[str, Any]]:
    vision = _sub(cfg, "vision_config", default_type)
    return _VISION_TOWERS[vision["model_type"]](vision), vision


def _llava(cfg: Config) -> ParamEstimate:
    """LLaVA / LLaVA-NeXT / LLaVA-OneVision: vision tower + 2-layer MLP projector + text decoder."""
    model_type = cfg.get("model_type")
    text = _text_model(cfg, "qwen2" if model_type == "llava_onevision" else "llama")
    default_vision = "siglip_vision_model" if model_type == "llava_onevision" else "clip_vision_model"
    tower, vision = _vision_tower(cfg, default_vision)
    text_hidden = _int(_sub(cfg, "text_config", "llama"), "hidden_size")
    layer = cfg.get("vision_feature_layer", -2)
    features = _int(vision, "hidden_size") * (len(layer) if isinstance(layer, list) else 1)
    bias = _flag(cfg, "multimodal_projector_bias", True)
    projector = _linear(features, text_hidden, bias) + _linear(text_hidden, text_hidden, bias)
    newline = text_hidden if model_type in ("llava_next", "llava_next_video", "llava_onevision") else 0
    total = text.total + tower + projector + newline
    basis = (
        f"text model [{text.basis}] + {vision['model_type']} tower ({_int(vision, 'num_hidden_layers')} x "
        f"{_int(vision, 'hidden_size')}) + MLP projector {features}->{text_hidden}->{text_hidden}"
        f"{' + image_newline' if newline else ''}"
    )
    return ParamEstimate(total, None, basis, "dense-decoder")


def _paligemma(cfg: Config) -> ParamEstimate:
    text = _text_model(cfg, "gemma")
    tower, vision = _vision_tower(cfg, "siglip_vision_model")
    width = _int(vision, "hidden_size")
    projection = _int(vision, "projection_dim", default=_int(cfg, "projection_dim", default=2048))
    total = text.total + tower + _linear(width, projection)
    basis = f"text model [{text.basis}] + SigLIP tower ({_int(vision, 'num_hidden_layers')} x {width}) + linear projector"
    return ParamEstimate(total, None, basis, "dense-decoder")


def _gemma3(cfg: Config) -> ParamEstimate:
    text = _text_model(cfg, "gemma3_text")
    tower, vision = _vision_tower(cfg, "siglip_vision_model")
    width = _int(vision, "hidden_size")
    text_hidden = _int(_sub(cfg, "text_config", "gemma3_text"), "hidden_size")
    projector = width * text_hidden + width  # mm_input_projection_weight + mm_soft_emb_norm (RMS)
    total = text.total + tower + projector
    basis = f"text model [{text.basis}] + SigLIP tower ({_int(vision, 'num_hidden_layers')} x {width}) + projector"
    return ParamEstimate(total, None, basis, "dense-decoder")


def _qwen_vl(cfg: Config) -> ParamEstimate:
    """Qwen2-VL / Qwen2.5-VL: ViT with 2x2 patch merger + Qwen2 decoder (text keys flat or in text_config)."""
    model_type = str(cfg.get("model_type"))
    raw_text = cfg.get("text_config")
    text_cfg = dict(raw_text) if isinstance(raw_text, Mapping) else dict(cfg)
    text_cfg.pop("vision_config", None)
    text_cfg["model_type"] = "qwen2"
    if "tie_word_embeddings" not in text_cfg and isinstance(cfg.get("tie_word_embeddings"), bool):
        text_cfg["tie_word_embeddings"] = cfg["tie_word_embeddings"]
    text = _llama_like(text_cfg)
    raw_vision = cfg.get("vision_config") or {}
    if not isinstance(raw_vision, Mapping):
        raise TypeError("vision_config")
    vision = {**_SUB_DEFAULTS[model_type], **raw_vision}
    channels = _int(vision, "in_channels", "in_chans")
    patch, temporal = _int(vision, "patch_size", "spatial_patch_size"), _int(vision, "temporal_patch_size")
    merge = _int(vision, "spatial_merge_size")
    if model_type == "qwen2_vl":
        width, out = _int(vision, "embed_dim"), _int(vision, "hidden_size")
        mlp = width * _int(vision, "mlp_ratio")
        block = 2 * _layer_norm(width) + _linear(width, 3 * width) + _linear(width, width)
        block += _linear(width, mlp) + _linear(mlp, width)
        merger_norm = _layer_norm(width)
    else:  # qwen2_5_vl: RMSNorm, gated MLP
        width, out = _int(vision, "hidden_size"), _int(vision, "out_hidden_size")
        inter = _int(vision, "intermediate_size")
        block = 2 * width + _linear(width, 3 * width) + _linear(width, width)
        block += 2 * _linear(width, inter) + _linear(inter, width)
        merger_norm = width
    merged = width * merge * merge
    tower = channels * temporal * patch * patch * width + _int(vision, "depth") * block
    tower += merger_norm + _linear(merged, merged) + _linear(merged, out)
    basis = (
        f"text model [{text.basis}] + vision tower ({_int(vision, 'depth')} x {width}, patch {patch}) "
        f"+ patch merger {merged}->{out}"
    )
    return ParamEstimate(text.total + tower, None, basis, "dense-decoder")


# --------------------------------------------------------------------------- dispatch


def _fallback(cfg: Config) -> ParamEstimate | None:
    """Unknown model_type with llama-shaped keys and a causal-LM head: assume the llama layout."""
    archs = [a for a in cfg.get("architectures") or [] if isinstance(a, str)]
    needed = ("hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads", "vocab_size")
    if not archs or not archs[0].endswith("ForCausalLM") or not all(k in cfg for k in needed):
        return None
    if isinstance(cfg.get("kv_lora_rank"), int):  # multi-head latent attention, not llama's q/k/v
        estimate = _deepseek(cfg)
        return ParamEstimate(
            estimate.total, estimate.active, f"assumed DeepSeek MLA layout: {estimate.basis}", estimate.kind
        )
    if any(
        k in cfg
        for k in ("text_config", "vision_config", "num_experts", "num_local_experts", "n_routed_experts")
    ):
        return None
    estimate = _llama_like(cfg)
    return ParamEstimate(estimate.total, None, f"assumed llama-style layout: {estimate.basis}", estimate.kind)


_HANDLERS: dict[str, Callable[[Config], ParamEstimate]] = {
    **dict.fromkeys(_LLAMA_STYLE, _llama_like),
    "gpt2": _gpt2,
    "opt": _opt,
    "bloom": _bloom,
    "falcon": _falcon,
    "RefinedWeb": _falcon,
    "RefinedWebModel": _falcon,
    "gpt_neox": _gpt_neox,
    "gptj": _gptj,
    "mixtral": _moe_decoder,
    "qwen2_moe": _moe_decoder,
    "qwen3_moe": _moe_decoder,
    "deepseek_v2": _deepseek,
    "deepseek_v3": _deepseek,
    "deepseek_v32": _deepseek,
    "kimi_k2": _deepseek,
    "mamba": _mamba,
    "falcon_mamba": _mamba,
    **dict.fromkeys(
        ("bert", "roberta", "xlm-roberta", "camembert", "electra", "albert", "mpnet"), _bert_like
    ),
    "distilbert": _distilbert,
    "deberta-v2": _deberta_v2,
    "modernbert": _modernbert,
    **dict.fromkeys(("vit", "deit", "dinov2"), _vit),
    "clip": _clip,
    **dict.fromkeys(("t5", "mt5", "umt5"), _t5),
    **dict.fromkeys(_BART_STYLE, _bart_like),
    "whisper": _whisper,
    "phi": _phi,
    "moonshine": _moonshine,
    **dict.fromkeys(("llava", "llava_next", "llava_next_video", "llava_onevision"), _llava),
    "paligemma": _paligemma,
    "gemma3": _gemma3,
    **dict.fromkeys(("qwen2_vl", "qwen2_5_vl"), _qwen_vl),
}
