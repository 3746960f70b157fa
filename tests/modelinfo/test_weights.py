"""Exact counts from weight headers: hand-written safetensors shards (with an index) and a GGUF file; bounds."""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

import pytest

from llm_advisor.modelinfo import weights
from tests.conftest import run

DTYPE_BYTES = {"BF16": 2, "F32": 4, "I32": 4, "U8": 1, "F16": 2}

# A tiny Llama: hidden 64, 2 layers, 4 heads (head_dim 16), 2 KV heads, MLP 128, vocab 256, untied head.
TINY_LLAMA = {
    "model_type": "llama",
    "architectures": ["LlamaForCausalLM"],
    "hidden_size": 64,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "intermediate_size": 128,
    "vocab_size": 256,
    "max_position_embeddings": 2048,
    "tie_word_embeddings": False,
    "torch_dtype": "bfloat16",
}


def llama_tensors(layers: int = 2) -> dict[str, list[int]]:
    """The tensors transformers' LlamaForCausalLM stores for TINY_LLAMA (names and shapes)."""
    out: dict[str, list[int]] = {"model.embed_tokens.weight": [256, 64]}
    for i in range(layers):
        p = f"model.layers.{i}."
        out |= {
            p + "self_attn.q_proj.weight": [64, 64],
            p + "self_attn.k_proj.weight": [32, 64],
            p + "self_attn.v_proj.weight": [32, 64],
            p + "self_attn.o_proj.weight": [64, 64],
            p + "mlp.gate_proj.weight": [128, 64],
            p + "mlp.up_proj.weight": [128, 64],
            p + "mlp.down_proj.weight": [64, 128],
            p + "input_layernorm.weight": [64],
            p + "post_attention_layernorm.weight": [64],
        }
    out |= {"model.norm.weight": [64], "lm_head.weight": [256, 64]}
    return out


def elements(shape: list[int]) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def write_safetensors(
    path: Path, tensors: dict[str, tuple[str, list[int]]], metadata: dict[str, str] | None = None
) -> None:
    """A real .safetensors file: u64 header length, JSON header (space-padded to 8 bytes), zeroed tensor data."""
    header: dict[str, Any] = {"__metadata__": metadata or {"format": "pt"}}
    offset = 0
    for name, (dtype, shape) in tensors.items():
        size = elements(shape) * DTYPE_BYTES[dtype]
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + bytes(offset))


def write_sharded_llama(folder: Path, config: dict[str, Any] | None = None) -> int:
    """config.json + two shards + model.safetensors.index.json; returns the exact parameter count."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(json.dumps(config or TINY_LLAMA))
    tensors = llama_tensors()
    names = list(tensors)
    shards = {"model-00001-of-00002.safetensors": names[:10], "model-00002-of-00002.safetensors": names[10:]}
    weight_map = {}
    for shard, members in shards.items():
        write_safetensors(folder / shard, {n: ("BF16", tensors[n]) for n in members})
        weight_map |= dict.fromkeys(members, shard)
    total = sum(elements(s) for s in tensors.values())
    index = {"metadata": {"total_size": total * 2}, "weight_map": weight_map}
    (folder / "model.safetensors.index.json").write_text(json.dumps(index))
    return total


def test_sharded_folder_gives_the_exact_count_from_headers(tmp_path: Path) -> None:
    folder = tmp_path / "tiny-llama"
    total = write_sharded_llama(folder)
    # a stray file the index does not name is not part of the model
    write_safetensors(folder / "consolidated.safetensors", {"x": ("BF16", [1000, 1000])})
    summary = weights.folder_weights(folder, TINY_LLAMA)
    assert summary is not None
    assert (summary.params, summary.tensors, summary.stored_bytes) == (total, 21, total * 2)
    assert summary.dtypes == {"BF16": total} and summary.source == "safetensors-header"
    assert (summary.precision, summary.quantized) == ("bf16", False)
    assert summary.files == ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"]

    result = run("info", str(folder), "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["params"], doc["params_source"], doc["source"]) == (total, "safetensors-header", "local")
    assert doc["weights"]["files"] == summary.files and doc["weights"]["stored_bytes"] == total * 2
    assert doc["memory_gb"]["stored"] == round(total * 2 / 2**30, 3)
    assert doc["params_estimate"] == total  # the config estimator agrees on a plain Llama
    assert doc["architecture"] == "decoder-only"


def test_unindexed_folder_and_readme_and_generation_config(tmp_path: Path) -> None:
    folder = tmp_path / "one-file"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps(TINY_LLAMA))
    tensors = llama_tensors()
    write_safetensors(folder / "model.safetensors", {n: ("F32", s) for n, s in tensors.items()})
    (folder / "README.md").write_text(
        "---\nlicense: apache-2.0\nlanguage: [en, zh]\npipeline_tag: text-generation\nbase_model: meta-llama/Llama-3.2-1B\n---\n"
        "# Tiny\n\nA tiny test model \x1b[31mfor\x1b[0m unit tests.\n"
    )
    (folder / "generation_config.json").write_text(
        json.dumps({"temperature": 0.6, "top_p": 0.9, "eos_token_id": [1, 2]})
    )
    doc = json.loads(run("info", str(folder), "--format", "json").stdout)
    assert doc["params"] == sum(elements(s) for s in tensors.values()) and doc["weights"]["dtypes"] == {
        "F32": doc["params"]
    }
    assert (doc["license"], doc["languages"], doc["pipeline_tag"]) == (
        "apache-2.0",
        ["en", "zh"],
        "text-generation",
    )
    assert doc["base_model"] == "meta-llama/Llama-3.2-1B"
    assert "\x1b" not in doc["card"]["summary"] and "tiny test model" in doc["card"]["summary"]
    assert doc["generation_config"] == {"temperature": 0.6, "top_p": 0.9}


def test_gptq_packed_weights_count_logical_params_and_skip_scales(tmp_path: Path) -> None:
    config = {**TINY_LLAMA, "quantization_config": {"quant_method": "gptq", "bits": 4, "group_size": 32}}
    # one quantized linear 64x64: qweight int32 [64/8, 64], scales [2, 64] fp16, qzeros [2, 8] int32, g_idx [64]
    tensors = {
        "q.qweight": ("I32", [8, 64]),
        "q.scales": ("F16", [2, 64]),
        "q.qzeros": ("I32", [2, 8]),
        "q.g_idx": ("I32", [64]),
        "norm.weight": ("F16", [64]),
    }
    write_safetensors(tmp_path / "model.safetensors", tensors)
    summary = weights.folder_weights(tmp_path, config)
    assert summary is not None
    assert summary.params == 64 * 64 + 64 and summary.aux_params == 128 + 16 + 64
    assert summary.quantization == {"method": "gptq", "bits": 4}
    assert (summary.precision, summary.quantized) == ("gptq-int4", True)
    assert summary.stored_bytes == 8 * 64 * 4 + 2 * 64 * 2 + 2 * 8 * 4 + 64 * 4 + 64 * 2


def test_header_bounds_and_corruption(tmp_path: Path) -> None:
    huge = tmp_path / "huge.safetensors"
    huge.write_bytes(struct.pack("<Q", 2**40) + b"{}")
    with pytest.raises(weights.WeightsError, match="exceeds"):
        weights.read_safetensors_header(huge)
    outside = tmp_path / "outside.safetensors"
    raw = json.dumps({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 1600]}}).encode()
    outside.write_bytes(struct.pack("<Q", len(raw)) + raw + bytes(16))
    with pytest.raises(weights.WeightsError, match="outside the file"):
        weights.read_safetensors_header(outside)
    notjson = tmp_path / "x.safetensors"
    notjson.write_bytes(struct.pack("<Q", 4) + b"\xff\xfe{]")
    with pytest.raises(weights.WeightsError, match="not JSON"):
        weights.read_safetensors_header(notjson)
    # info still answers from config.json, and says why the weights were not used
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps(TINY_LLAMA))
    (folder / "model.safetensors").write_bytes(b"\x01\x02")
    result = run("info", str(folder), "--format", "json")
    doc = json.loads(result.stdout)
    assert result.exit_code == 0 and doc["params_source"] == "config-estimate"
    assert any("shorter than a safetensors header" in w for w in doc["warnings"])


# ---------------------------------------------------------------------------------------------- GGUF


def _gguf_str(s: str) -> bytes:
    raw = s.encode()
    return struct.pack("<Q", len(raw)) + raw


def _gguf_kv(key: str, vtype: int, value: Any) -> bytes:
    out = _gguf_str(key) + struct.pack("<I", vtype)
    if vtype == 8:
        return out + _gguf_str(value)
    if vtype == 9:
        item_type, items = value
        body = b"".join(_gguf_str(i) if item_type == 8 else struct.pack("<I", i) for i in items)
        return out + struct.pack("<IQ", item_type, len(items)) + body
    return out + struct.pack({4: "<I", 5: "<i", 6: "<f"}[vtype], value)


GGUF_TENSORS = [  # name, dims (GGUF order), ggml type
    ("token_embd.weight", [64, 256], 12),  # Q4_K
    ("blk.0.attn_q.weight", [64, 64], 12),
    ("blk.0.ffn_down.weight", [256, 64], 14),  # Q6_K
    ("blk.0.attn_norm.weight", [64], 0),  # F32
    ("output.weight", [64, 256], 14),
]


def write_gguf(path: Path, vocab: int = 300) -> None:
    kvs = [
        _gguf_kv("general.architecture", 8, "llama"),
        _gguf_kv("general.name", 8, "Tiny \x1b[2Jllama"),
        _gguf_kv("general.file_type", 4, 15),
        _gguf_kv("llama.block_count", 4, 1),
        _gguf_kv("llama.context_length", 4, 4096),
        _gguf_kv("llama.embedding_length", 4, 64),
        _gguf_kv("llama.feed_forward_length", 4, 256),
        _gguf_kv("llama.attention.head_count", 4, 4),
        _gguf_kv("llama.attention.head_count_kv", 4, 2),
        _gguf_kv("tokenizer.ggml.tokens", 9, (8, [f"tok{i}" for i in range(vocab)])),
        _gguf_kv("tokenizer.ggml.token_type", 9, (4, [1] * vocab)),
    ]
    infos = b"".join(
        _gguf_str(name)
        + struct.pack("<I", len(dims))
        + b"".join(struct.pack("<Q", d) for d in dims)
        + struct.pack("<IQ", t, 0)
        for name, dims, t in GGUF_TENSORS
    )
    path.write_bytes(
        b"GGUF" + struct.pack("<IQQ", 3, len(GGUF_TENSORS), len(kvs)) + b"".join(kvs) + infos + bytes(64)
    )


def test_gguf_header_gives_type_mix_and_memory(tmp_path: Path) -> None:
    path = tmp_path / "tiny-Q4_K_M.gguf"
    write_gguf(path)
    summary = weights.read_gguf(path)
    assert summary.params == 64 * 256 * 2 + 64 * 64 + 256 * 64 + 64
    assert summary.dtypes == {"F32": 64, "Q4_K": 64 * 256 + 64 * 64, "Q6_K": 256 * 64 * 2}
    # Q4_K: 144 bytes per 256 weights; Q6_K: 210 bytes per 256; F32: 4 bytes each
    assert summary.stored_bytes == (64 * 256 + 64 * 64) // 256 * 144 + (256 * 64 * 2) // 256 * 210 + 64 * 4
    meta = summary.metadata
    assert meta["file_type_name"] == "Q4_K_M" and meta["tokenizer.ggml.tokens"] == {
        "array_of": 8,
        "count": 300,
    }
    assert (summary.precision, summary.quantized) == ("q4_k_m", True)
    assert "\x1b" not in meta["general.name"]
    assert weights.gguf_config(summary)["vocab_size"] == 300

    doc = json.loads(run("info", str(path), "--format", "json").stdout)
    assert (doc["params_source"], doc["architecture"], doc["context_length"]) == (
        "gguf-header",
        "decoder-only",
        4096,
    )
    assert doc["memory_gb"]["stored"] == round(summary.stored_bytes / 2**30, 3)
    assert doc["weights"]["dtypes"]["Q6_K"] == 256 * 64 * 2


def test_gguf_bounds(tmp_path: Path) -> None:
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + struct.pack("<Q", 2**60))
    with pytest.raises(weights.WeightsError, match="string length"):
        weights.read_gguf(bad)
    short = tmp_path / "short.gguf"
    short.write_bytes(b"GGUF" + struct.pack("<I", 3))
    with pytest.raises(weights.WeightsError, match="truncated"):
        weights.read_gguf(short)
    result = run("info", str(short))
    assert result.exit_code == 2 and "truncated" in result.stderr
