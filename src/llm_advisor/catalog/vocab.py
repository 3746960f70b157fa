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
PRECISIONS = ("fp32", "bf16", "fp16", "int8", "int4")
