"""Pydantic schema for every catalog YAML file (used to validate and compile the catalog)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from llm_advisor.bounds import (
    MAX_CONTEXT,
    MAX_COST_USD,
    MAX_EXAMPLES,
    MAX_MEMORY_GB,
    MAX_PARAMS,
)
from llm_advisor.catalog.vocab import MODALITIES  # noqa: F401  (re-exported; a test keeps it equal to Modality)

# Upper bounds beyond the shared ones (recommend.constraints): a layer count or width, a sampling step count,
# a throughput (GB/s, TFLOPS) and a download count. Far above anything real, far below float overflow.
MAX_SHAPE = 10**9
MAX_STEPS = 100_000
MAX_RATE = 1e9
MAX_COUNT = 10**15

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.+-]*$", min_length=1, max_length=80)]
ModelId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?$")]
DateStr = Annotated[str, Field(pattern=r"^\d{4}-\d{2}(-\d{2})?$")]
Url = Annotated[str, Field(pattern=r"^https?://\S+$")]

Modality = Literal[
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
]
Tier = Literal["top", "strong", "good", "baseline"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A user-facing text in English and Simplified Chinese."""

    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)

    @field_validator("zh")
    @classmethod
    def _has_chinese(cls, v: str) -> str:
        if not re.search(r"[\u4e00-\u9fff]", v):
            raise ValueError("the zh text contains no Chinese characters")
        return v


class Topic(Strict):
    """Fields shared by everything `explain` can show."""

    id: Id
    name: Text
    aliases: list[str] = Field(default_factory=list)
    summary: Text


class Architecture(Topic):
    kind: Literal["transformer", "non-transformer"]
    objectives: list[Id] = Field(default_factory=list, description="objective ids")
    attention: Text
    inference_cost: Text
    strengths: list[Text] = Field(min_length=1)
    limits: list[Text] = Field(min_length=1)
    tasks: list[Id] = Field(default_factory=list, description="typical task ids")
    examples: list[str] = Field(default_factory=list, description="representative family names")
    fine_tuning: Text


class Objective(Topic):
    trains: Text = Field(description="what the objective trains the model to do")
    implications: Text = Field(description="what that implies for downstream use")
    architectures: list[Id] = Field(min_length=1)
    examples: list[str] = Field(default_factory=list)


class ArchitectureFit(Strict):
    id: Id = Field(description="architecture id")
    weight: float = Field(ge=0, le=1)
    rationale: Text


class DescribeTerms(Strict):
    """Words in English and Chinese (Chinese is matched as a substring, without relying on spaces)."""

    en: list[str] = Field(default_factory=list)
    zh: list[str] = Field(default_factory=list)


class DescribeVocab(Strict):
    """Words that point `recommend --describe` at a task, scored by kind (see recommend/describe.py)."""

    verbs: DescribeTerms = Field(
        default_factory=DescribeTerms, description="what the user wants done: transcribe, 转写"
    )
    objects: DescribeTerms = Field(
        default_factory=DescribeTerms, description="what it is done to: podcast, 合同"
    )
    phrases: DescribeTerms = Field(
        default_factory=DescribeTerms, description="example phrasings that name the task outright"
    )


class Task(Topic):
    modality: Modality
    generative: bool = Field(description="output is generated token by token (cost per 1M tokens)")
    architectures: list[ArchitectureFit] = Field(default_factory=list)
    metrics: list[str] = Field(default_factory=list)
    notes: list[Text] = Field(default_factory=list)
    alias_notes: dict[str, Text] = Field(
        default_factory=dict, description="explanations shown when a topic resolves through this alias"
    )
    needs_language: bool = Field(
        default=False,
        description="models are language-specific (e.g. translation pairs): warn when no --language is given",
    )
    use_case: bool = Field(
        default=False,
        description="a use case people name (coding, RAG…) rather than a Hugging Face pipeline tag",
    )
    pipeline_tags: list[Id] = Field(
        default_factory=list,
        description="use cases: the pipeline tags whose models serve it, in order of preference",
    )
    no_models_reason: Text | None = Field(
        default=None, description="why the curated list has no model for this task (exempts it from coverage)"
    )
    describe: DescribeVocab | None = Field(
        default=None, description="vocabulary that `recommend --describe` matches"
    )


class Term(Topic):
    details: list[Text] = Field(default_factory=list)
    related: list[str] = Field(default_factory=list, description="other topic ids")


class Hardware(Strict):
    id: Id
    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: Literal["cpu", "gpu", "unified", "accelerator"]
    vendor: str
    memory_gb: float = Field(gt=0, le=MAX_MEMORY_GB)
    memory_bandwidth_gbps: float = Field(gt=0, le=MAX_RATE, description="GB/s")
    bf16_tflops: float | None = Field(default=None, ge=0, le=MAX_RATE, description="dense, no sparsity")
    fp16_tflops: float | None = Field(default=None, ge=0, le=MAX_RATE, description="dense, no sparsity")
    int8_tops: float | None = Field(default=None, ge=0, le=MAX_RATE)
    price_usd_per_hour: float | None = Field(default=None, ge=0, le=MAX_COST_USD)
    price_date: DateStr | None = None
    price_source: Url | None = None
    source: Url
    notes: Text | None = None

    @model_validator(mode="after")
    def _price_sourced(self) -> Hardware:
        if self.price_usd_per_hour is not None and (self.price_date is None or self.price_source is None):
            raise ValueError("a price needs price_date and price_source")
        return self


class EvalResult(Strict):
    """The published evaluation behind a quality tier."""

    benchmark: str = Field(description="benchmark or leaderboard name, e.g. 'MTEB (eng, v2) mean'")
    metric: str
    value: float = Field(le=1e9)
    source: Url | None = None
    date: DateStr | None = Field(default=None, description="when the figure was published or read")


class ModelTask(Strict):
    id: Id = Field(description="task id")
    tier: Tier
    eval: EvalResult | None = None
    editorial: str | None = Field(
        default=None,
        min_length=10,
        max_length=300,
        description="why the tier is a judgement when no benchmark fits",
    )
    fine_tune_required: bool = Field(
        default=False,
        description="a pre-trained base without a head for this task: it must be fine-tuned first",
    )


class ModelConfig(Strict):
    """Shape facts that the sizing estimates need (generative models)."""

    layers: int | None = Field(default=None, gt=0, le=MAX_SHAPE)
    hidden_size: int | None = Field(default=None, gt=0, le=MAX_SHAPE)
    attention_heads: int | None = Field(default=None, gt=0, le=MAX_SHAPE)
    kv_heads: int | None = Field(default=None, gt=0, le=MAX_SHAPE)
    head_dim: int | None = Field(default=None, gt=0, le=MAX_SHAPE)
    vocab_size: int | None = Field(default=None, gt=0, le=MAX_SHAPE)
    intermediate_size: int | None = Field(default=None, gt=0, le=MAX_SHAPE)
    decoder_layers: int | None = Field(default=None, gt=0, le=MAX_SHAPE, description="seq2seq: decoder side")
    sliding_window: int | None = Field(
        default=None, gt=0, le=MAX_SHAPE, description="tokens a sliding-window layer attends to"
    )
    sliding_window_layers: int | None = Field(
        default=None,
        ge=0,
        le=MAX_SHAPE,
        description="how many layers use the sliding window (the rest attend globally)",
    )
    kv_lora_rank: int | None = Field(
        default=None, gt=0, le=MAX_SHAPE, description="multi-head latent attention: cached latent size"
    )
    qk_rope_head_dim: int | None = Field(
        default=None, gt=0, le=MAX_SHAPE, description="multi-head latent attention: cached RoPE key size"
    )
    linear_attention_layers: int | None = Field(
        default=None,
        ge=0,
        le=MAX_SHAPE,
        description="layers with a fixed-size state (linear attention / state-space): no KV growth",
    )
    num_experts: int | None = Field(
        default=None, gt=0, le=MAX_SHAPE, description="mixture-of-experts: routed experts per layer"
    )
    experts_per_token: int | None = Field(
        default=None, gt=0, le=MAX_SHAPE, description="mixture-of-experts: experts active per token"
    )


class Pricing(Strict):
    input_usd_per_1m: float = Field(ge=0, le=MAX_COST_USD)
    output_usd_per_1m: float = Field(ge=0, le=MAX_COST_USD)
    date: DateStr
    source: Url


class Model(Strict):
    id: ModelId
    aliases: list[str] = Field(default_factory=list)
    family: str
    architecture: Id
    objective: Id | None = None
    params: int | None = Field(
        default=None, gt=0, le=MAX_PARAMS, description="exact published count where known"
    )
    active_params: int | None = Field(
        default=None, gt=0, le=MAX_PARAMS, description="mixture-of-experts only"
    )
    config: ModelConfig | None = None
    context_length: int | None = Field(default=None, gt=0, le=MAX_CONTEXT)
    license: str
    languages: list[str] = Field(default_factory=list, description="ISO 639-1/3 codes")
    tasks: list[ModelTask] = Field(min_length=1)
    gated: bool = False
    hosted: bool = False
    pricing: Pricing | None = None
    base_model: str | None = None
    release_date: DateStr | None = None
    diffusion_steps: int | None = Field(
        default=None, gt=0, le=MAX_STEPS, description="diffusion models: default sampling steps"
    )
    strengths: Text
    limits: Text
    source: Url

    @model_validator(mode="after")
    def _consistent(self) -> Model:
        if self.hosted and self.pricing is None:
            raise ValueError("a hosted model needs pricing")
        if self.active_params is not None and self.params is not None and self.active_params > self.params:
            raise ValueError("active_params exceeds params")
        return self


class License(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.+-]*$", description="Hub licence id")
    name: str
    aliases: list[str] = Field(default_factory=list)
    permissive: bool = Field(description="OSI-style permissive (no copyleft, no use restrictions)")
    commercial_ok: bool = Field(description="commercial use allowed (possibly with conditions)")
    notes: Text | None = None
    source: Url


class Scoring(Strict):
    """Ranking rules for `recommend`: weights and scales, as data."""

    id: Id
    as_of: DateStr = Field(description="reference date for recency, so results do not drift day to day")
    weights: dict[
        Literal["task_fit", "quality", "efficiency", "popularity", "recency", "license", "readiness"],
        Annotated[float, Field(ge=0, le=1000)],
    ]
    tier_scores: dict[Tier, Annotated[float, Field(ge=0, le=1)]]
    license_scores: dict[
        Literal["permissive", "commercial_ok", "restricted"], Annotated[float, Field(ge=0, le=1)]
    ]
    recency_half_life_years: float = Field(gt=0, le=1000)
    efficiency_reference_gb: float = Field(
        gt=0, le=MAX_MEMORY_GB, description="memory at which efficiency scores 0.5"
    )
    popularity_saturation_downloads: int = Field(
        gt=0, le=MAX_COUNT, description="downloads/month at which popularity scores 1"
    )
    min_task_fit: float = Field(
        ge=0, le=1, description="architectures fitting a task less than this are excluded"
    )
    readiness: dict[
        Literal["ready", "fine_tune_with_examples", "fine_tune_without_examples"],
        Annotated[float, Field(ge=0, le=1)],
    ] = Field(
        default_factory=dict,
        description="readiness scores; enough examples (see approach) make fine-tuning viable",
    )
    min_finetune_examples: int = Field(
        default=100,
        ge=0,
        le=MAX_EXAMPLES,
        description="labelled examples that make fine-tuning a base viable",
    )
    unevidenced_quality_factor: float = Field(
        default=0.85,
        gt=0,
        le=1,
        description="quality of a tier with no evidence = tier x architecture fit x this (the family prior)",
    )
    comfortable_fraction: float = Field(
        default=0.7, gt=0, le=1, description="within a budget, using up to this share scores full efficiency"
    )
    speed_reference_tokens_per_s: float = Field(
        default=30.0, gt=0, description="decode speed at which the speed half of efficiency is full"
    )
    speed_reference_requests_per_s: float = Field(
        default=20.0, gt=0, description="one-pass requests/s at which the speed half of efficiency is full"
    )
    hosted_reference_usd_per_1m: float = Field(
        default=2.0, gt=0, description="hosted efficiency = ref / (ref + output price per 1M tokens)"
    )
    single_language_penalty: float = Field(
        default=0.85,
        gt=0,
        le=1,
        description="score factor for a model covering one non-English language when no --language is given",
    )
    variant_size_tolerance: float = Field(
        default=0.1, ge=0, le=1, description="variants collapse only within this relative size difference"
    )
    full_finetune_max_params: int = Field(
        default=1_500_000_000,
        gt=0,
        le=MAX_PARAMS,
        description="generators up to this size are fine-tuned in full; larger ones with LoRA",
    )
    cpu_reference_hardware: Id = Field(
        default="cpu", description="hardware profile behind the 'CPU-only is realistic' verdict"
    )
    training_reference_hardware: Id = Field(
        default="h100", description="hardware profile pre-training costs are quoted on"
    )
    aliases: list[str] = Field(default_factory=list)


# One entry per catalog section: file stem prefix -> (top-level key, item model).
SECTIONS: dict[str, type[Strict]] = {
    "architectures": Architecture,
    "objectives": Objective,
    "tasks": Task,
    "glossary": Term,
    "hardware": Hardware,
    "models": Model,
    "licenses": License,
    "scoring": Scoring,
}
