"""The `compare` and `plan` commands: `register(app)` adds them to the main typer app."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from llm_advisor.bounds import MAX_CONTEXT
from llm_advisor.cli.common import CatalogOpt, LangOpt, handle_errors, lang_of, output
from llm_advisor.render.formats import Format

if TYPE_CHECKING:
    from llm_advisor.catalog.loader import Catalog

COMPARE_EPILOG = (
    "Examples:\n\n"
    "  llm-advisor compare meta-llama/Llama-3.1-8B-Instruct Qwen/Qwen3-8B\n\n"
    "  llm-advisor compare Qwen/Qwen3-32B google/gemma-3-27b-it --hardware rtx-4090 --context 32768\n\n"
    "  llm-advisor compare bert-base-uncased FacebookAI/roberta-base --format markdown\n\n"
    "  llm-advisor compare ./my-model Qwen/Qwen3-8B --precision bf16 --precision q4_k_m\n\n"
    "  llm-advisor compare Qwen/Qwen3-8B mistralai/Mistral-7B-Instruct-v0.3 --format json | jq '.models[].on_hardware.cost.usd_per_1m'"
)
PLAN_EPILOG = (
    "Examples:\n\n"
    "  llm-advisor plan meta-llama/Llama-3.1-8B-Instruct\n\n"
    "  llm-advisor plan Qwen/Qwen3-32B --context 32768\n\n"
    "  llm-advisor plan Qwen/Qwen3-32B --target-tps 50\n\n"
    "  llm-advisor plan openai/whisper-small --format markdown\n\n"
    "  llm-advisor plan ./my-model --context 131072 --format json | jq '.summary'"
)

ContextOpt = Annotated[
    int,
    typer.Option(
        "--context",
        min=1,
        max=MAX_CONTEXT,
        help="Tokens the KV cache is sized for (capped at each model's window).",
    ),
]
BatchOpt = Annotated[
    int, typer.Option("--batch", min=1, max=4096, help="Concurrent sequences sharing the hardware.")
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)]


def register(app: typer.Typer) -> None:
    """Add `compare` and `plan` to `app`."""
    app.command("compare", epilog=COMPARE_EPILOG)(compare)
    app.command("plan", epilog=PLAN_EPILOG)(plan)


def _catalog(dirs: list[Path] | None) -> Catalog:
    from llm_advisor.catalog.loader import load_catalog

    return load_catalog(dirs)


@handle_errors
def compare(
    models: Annotated[
        list[str],
        typer.Argument(
            help="Catalog ids, Hub ids found offline (Hub or Hugging Face cache), or local model folders.",
            show_default=False,
        ),
    ],
    context: ContextOpt = 8192,
    batch: BatchOpt = 1,
    hardware: Annotated[
        str | None,
        typer.Option(
            "--hardware",
            "-H",
            help="Hardware profile for fit, speed and cost (default: the cheapest priced GPU that fits each model).",
            show_default=False,
        ),
    ] = None,
    precision: Annotated[
        list[str] | None,
        typer.Option(
            "--precision",
            help="Precision to size (repeatable; default bf16, int8, int4; GGUF/AWQ/FP8 names work).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = Format.text,
    lang: LangOpt = None,
    catalog: CatalogOpt = None,
) -> None:
    """Models side by side: family, objective, size, memory per precision, KV cache, speed, cost, licence, languages, tasks."""
    from llm_advisor.modelinfo.compare import compare_doc
    from llm_advisor.render.compare_format import compare as render

    doc = compare_doc(
        _catalog(catalog), models, context=context, batch=batch, hardware=hardware, precisions=precision
    )
    render(doc, fmt, output(), lang_of(lang))


@handle_errors
def plan(
    model: Annotated[
        str,
        typer.Argument(
            help="A catalog id, a Hub id found offline, or a local model folder.", show_default=False
        ),
    ],
    context: Annotated[
        int | None,
        typer.Option(
            "--context",
            min=1,
            max=MAX_CONTEXT,
            help="Context length to plan for (default: 8192, or the model's window if shorter).",
            show_default=False,
        ),
    ] = None,
    target_tps: Annotated[
        float | None,
        typer.Option(
            "--target-tps",
            min=0.1,
            max=1e6,
            help="Decode speed to reach (tokens/s, one stream): which hardware gets there and what it takes.",
            show_default=False,
        ),
    ] = None,
    batch: BatchOpt = 1,
    precision: Annotated[
        str, typer.Option("--precision", help="Precision, or auto: the highest each profile holds.")
    ] = "auto",
    fmt: FormatOpt = Format.text,
    lang: LangOpt = None,
    catalog: CatalogOpt = None,
) -> None:
    """Which catalog hardware runs a model, at which precision and context, how fast and at what cost."""
    from llm_advisor.modelinfo.plan import plan_doc
    from llm_advisor.render.compare_format import plan as render

    doc = plan_doc(
        _catalog(catalog), model, context=context, batch=batch, target_tps=target_tps, precision=precision
    )
    render(doc, fmt, output(), lang_of(lang))
