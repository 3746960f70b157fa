"""Closed vocabularies the CLI checks without importing the (slower) pydantic schema."""

from __future__ import annotations

MODALITIES = (
    "text",
    "vision",
    "audio",
    "multimodal",
    "tabular",
    "time-series",
    "reinforcement-learning",
    "robotics",
    "graph",
    "other",
)
# The sizing facts of a model's `config` (schema ModelConfig; a test keeps the two equal).
CONFIG_KEYS = (
    "layers",
    "hidden_size",
    "attention_heads",
    "kv_heads",
    "head_dim",
    "vocab_size",
    "intermediate_size",
    "decoder_layers",
    "sliding_window",
    "sliding_window_layers",
    "kv_lora_rank",
    "qk_rope_head_dim",
    "linear_attention_layers",
    "num_experts",
    "experts_per_token",
)
