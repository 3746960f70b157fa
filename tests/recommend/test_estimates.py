"""The sizing module against published figures (tolerances stated per test)."""

from __future__ import annotations

import pytest

from llm_advisor.recommend import estimates

GB = 1e9


def test_weights_match_hf_llama31_blog() -> None:
    # huggingface.co/blog/llama31 "Inference memory requirements": 8B -> 16 GB fp16, 8 GB fp8, 4 GB int4;
    # 70B -> 140 GB fp16 (decimal GB). Tolerance 2%.
    # Issue 10 changed `int4`: it is now the GPTQ/AWQ group-128 format (4.156 bits/weight, scales included), so the
    # blog's nominal 0.5 byte/param is a lower bound it exceeds by the scales (~4%), not a 2% match.
    for params, fp16, int4 in ((8_030_261_248, 16, 4), (70_553_706_496, 140, 35)):
        assert estimates.weight_memory_gb(params, "fp16") * estimates.GIB / GB == pytest.approx(
            fp16, rel=0.02
        )
        int4_gb = estimates.weight_memory_gb(params, "int4") * estimates.GIB / GB
        assert int4 < int4_gb == pytest.approx(int4 * 4.156 / 4, rel=0.02)


def test_kv_cache_matches_hf_llama31_blog() -> None:
    # Same source, "KV cache at 128k tokens" in fp16: 8B 15.62 GB, 70B 39.06 GB (computed with 128,000 tokens
    # and binary GB). Llama 3.1 8B: 32 layers, 8 KV heads, head_dim 128; 70B: 80 layers. Tolerance 0.5%.
    assert estimates.kv_cache_gb(32, 8, 128, 128_000) == pytest.approx(15.62, rel=0.005)
    assert estimates.kv_cache_gb(80, 8, 128, 128_000) == pytest.approx(39.06, rel=0.005)
    # GQA respected: full multi-head attention (32 KV heads) would be 4x larger
    assert estimates.kv_cache_gb(32, 32, 128, 1000) == pytest.approx(
        4 * estimates.kv_cache_gb(32, 8, 128, 1000)
    )
    assert estimates.kv_cache_gb(32, 8, 128, 1000, batch=4) == pytest.approx(
        4 * estimates.kv_cache_gb(32, 8, 128, 1000)
    )


def test_model_kv_cache_from_catalog_config_and_seq2seq_decoder_side() -> None:
    llama = {"layers": 32, "attention_heads": 32, "kv_heads": 8, "head_dim": 128}
    assert estimates.model_kv_cache_gb(llama, 128_000, 1, "bf16") == pytest.approx(15.62, rel=0.005)
    # no head_dim: hidden_size / heads
    assert estimates.model_kv_cache_gb(
        {"layers": 12, "attention_heads": 12, "hidden_size": 768}, 1024, 1, "fp16"
    ) == pytest.approx(2 * 12 * 12 * 64 * 1024 * 2 / estimates.GIB)
    seq2seq = {"layers": 12, "decoder_layers": 6, "attention_heads": 16, "head_dim": 64}
    # issue 10: the decoder also caches cross-attention K/V over the input (default: as many tokens as `context`)
    assert estimates.model_kv_cache_gb(seq2seq, 1000, 1, "bf16") == pytest.approx(
        2 * estimates.kv_cache_gb(6, 16, 64, 1000)
    )
    assert estimates.model_kv_cache_gb(seq2seq, 1000, 1, "bf16", input_tokens=0) == pytest.approx(
        estimates.kv_cache_gb(6, 16, 64, 1000)
    )
    assert estimates.model_kv_cache_gb({"layers": 12}, 1000, 1, "bf16") is None
    assert estimates.model_kv_cache_gb(None, 1000, 1, "bf16") is None


def test_mixtral_total_params_set_memory_active_set_speed() -> None:
    # HF blog "Welcome Mixtral": ~90 GB of VRAM in half precision (46.7B params). Tolerance 5%.
    total, active = 46_702_792_704, 12_900_000_000
    assert estimates.weight_memory_gb(total, "fp16") * estimates.GIB / GB == pytest.approx(90, rel=0.05)
    dense_like = estimates.decode_tokens_per_s(total, "bf16", 2039, 312)
    moe = estimates.decode_tokens_per_s(active, "bf16", 2039, 312)
    assert moe / dense_like == pytest.approx(total / active, rel=0.01)


def test_gpt3_training_compute() -> None:
    # GPT-3 paper (Brown et al. 2020, table D.1): 175B params x 300B tokens = 3.14e23 FLOPs. Tolerance 1%.
    hours = estimates.training_gpu_hours(175_000_000_000, 300e9, 312)
    flops = hours * 3600 * 312e12 * estimates.TRAIN_MFU
    assert flops == pytest.approx(3.14e23, rel=0.01)


def test_decode_is_bandwidth_bound_and_never_beats_physics() -> None:
    params = 7_000_000_000
    fp16 = estimates.decode_tokens_per_s(params, "fp16", 1008, 165)
    # a 4090 reading 14 GB per token cannot exceed 1008/14 = 72 tokens/s
    assert fp16 < 1008e9 / (params * 2)
    assert fp16 == pytest.approx(1008e9 * estimates.BANDWIDTH_EFFICIENCY / (params * 2))
    # int4 = GPTQ/AWQ group-128 (issue 10): 16 / 4.156 times fewer bytes than fp16, not exactly 4x
    assert estimates.decode_tokens_per_s(params, "int4", 1008, 165) == pytest.approx(
        16 / estimates.bits_per_weight("int4") * fp16
    )
    # large batches become compute-bound: throughput grows sub-linearly
    assert estimates.decode_tokens_per_s(params, "fp16", 1008, 165, batch=512) < 512 * fp16


def test_finetune_memory_rules() -> None:
    p = 7_000_000_000
    assert estimates.finetune_memory_gb(p, "full", 0) == pytest.approx(p * 16 / estimates.GIB)
    assert (
        estimates.finetune_memory_gb(p, "qlora", 0)
        < estimates.finetune_memory_gb(p, "lora", 0)
        < estimates.finetune_memory_gb(p, "full", 0)
    )
    # QLoRA paper: a 65B model fine-tunes on one 48 GB GPU -> our estimate must fit 48 GB (weights + adapters)
    assert estimates.finetune_memory_gb(65_000_000_000, "qlora", 0) < 48


def test_usd_per_million() -> None:
    assert estimates.usd_per_million(1000, 3.6) == pytest.approx(1.0)


def test_unpublished_peak_compute_means_no_compute_bound() -> None:
    # accelerators without a published peak get bandwidth-only estimates; only CPUs get the fallback
    assert estimates.peak_tflops({"kind": "gpu", "bf16_tflops": None, "fp16_tflops": None}) is None
    assert (
        estimates.peak_tflops({"kind": "cpu", "bf16_tflops": None, "fp16_tflops": None})
        == estimates.FALLBACK_TFLOPS
    )
    assert estimates.peak_tflops({"kind": "gpu", "bf16_tflops": None, "fp16_tflops": 65}) == 65
    assert estimates.prefill_tokens_per_s(7_000_000_000, None) is None
    bandwidth_only = estimates.decode_tokens_per_s(7_000_000_000, "fp16", 600, None, batch=64)
    assert bandwidth_only == pytest.approx(64 * 600e9 * estimates.BANDWIDTH_EFFICIENCY / 14e9)
    assert estimates.encoder_requests_per_s(100_000_000, 256, None, 600) == pytest.approx(
        600e9 * estimates.BANDWIDTH_EFFICIENCY / 2e8
    )


def test_every_latency_class_has_a_chinese_label() -> None:
    from llm_advisor.render.messages import LATENCY

    classes = {estimates.latency_class(s) for s in (0.001, 0.05, 1.0, 10.0)}
    assert classes == set(LATENCY)
