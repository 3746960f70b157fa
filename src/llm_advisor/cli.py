"""Command-line interface: parse flags, call the core, hand the result to a renderer."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from llm_advisor import __version__
from llm_advisor.render import Format

F = TypeVar("F", bound=Callable[..., Any])


class Lang(str, Enum):
    en = "en"
    zh = "zh"


class ListKind(str, Enum):
    architectures = "architectures"
    objectives = "objectives"
    tasks = "tasks"
    models = "models"
    hardware = "hardware"
    terms = "terms"


class RecommendFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    csv = "csv"


class Precision(str, Enum):
    auto = "auto"
    fp32 = "fp32"
    bf16 = "bf16"
    fp16 = "fp16"
    int8 = "int8"
    int4 = "int4"


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)]
LangOpt = Annotated[
    Lang | None,
    typer.Option("--lang", "-l", help="Language: en or zh (default: LLM_ADVISOR_LANG, then the locale).", show_default=False),
]
CatalogOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--catalog",
        help="Extra catalog directory layered over the built-in one (repeatable; yours wins on id clashes).",
        metavar="DIR",
        show_default=False,
    ),
]

app = typer.Typer(
    name="llm-advisor",
    help=(
        "Which model should I use for this task, on this hardware, under this licence and budget — and why?\n\n"
        "Task-first model advice across encoder-only, decoder-only and encoder-decoder models, with the "
        "reasoning shown, in English and 简体中文. Works offline from a built-in catalog."
    ),
    epilog=(
        "Examples:\n\n"
        "  llm-advisor explain decoder-only\n\n"
        "  llm-advisor explain 仅编码器 --lang zh\n\n"
        "  llm-advisor list tasks --modality audio\n\n"
        "  llm-advisor list models --task summarization --format json\n\n"
        "  llm-advisor catalog validate ./my-catalog"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
catalog_app = typer.Typer(
    help="Check and inspect the catalog.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(catalog_app, name="catalog")


def _output() -> Any:
    from llm_advisor.output import Output

    return Output()


def handle_errors(func: F) -> F:
    """Map domain errors to one sentence on stderr and their exit code (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from llm_advisor.errors import AdvisorError

        try:
            return func(*args, **kwargs)
        except AdvisorError as exc:
            if os.environ.get("LLM_ADVISOR_DEBUG") == "1":
                raise
            _output().error(str(exc), exc.hint)
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


def _lang(lang: Lang | None) -> str:
    if lang is not None:
        return lang.value
    from llm_advisor.i18n import default_lang

    return default_lang()


def _catalog(dirs: list[Path] | None) -> Any:
    from llm_advisor.catalog import load_catalog

    return load_catalog(dirs)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"llm-advisor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", "-V", help="Show the version and exit.", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """Task-first model advice."""


@app.command(
    epilog=(
        "Examples:\n\n"
        "  llm-advisor explain decoder-only\n\n"
        "  llm-advisor explain seq2seq\n\n"
        "  llm-advisor explain 仅编码器\n\n"
        "  llm-advisor explain summarization --lang zh\n\n"
        "  llm-advisor explain kv-cache --format json | jq .details"
    )
)
@handle_errors
def explain(
    topic: Annotated[str, typer.Argument(help="An architecture, objective, task or term: id or alias, English or 中文.")],
    fmt: FormatOpt = Format.text,
    lang: LangOpt = None,
    catalog: CatalogOpt = None,
) -> None:
    """Explain an architecture, pre-training objective, task or term."""
    from llm_advisor.explain import explain_doc
    from llm_advisor.render import renderer

    doc = explain_doc(_catalog(catalog), topic, _lang(lang))
    renderer(fmt).explain(doc, _output())


@app.command(
    "list",
    epilog=(
        "Examples:\n\n"
        "  llm-advisor list tasks\n\n"
        "  llm-advisor list tasks --modality vision\n\n"
        "  llm-advisor list models --task ner\n\n"
        "  llm-advisor list models --architecture encoder-decoder --format json\n\n"
        "  llm-advisor list hardware"
    ),
)
@handle_errors
def list_(
    kind: Annotated[ListKind, typer.Argument(help="What to list.", case_sensitive=False)],
    task: Annotated[str | None, typer.Option("--task", "-t", help="Only items for this task (id or alias).")] = None,
    architecture: Annotated[
        str | None, typer.Option("--architecture", "-a", help="Only items of this architecture (id or alias).")
    ] = None,
    modality: Annotated[str | None, typer.Option("--modality", "-m", help="Only items of this modality.")] = None,
    fmt: FormatOpt = Format.text,
    lang: LangOpt = None,
    catalog: CatalogOpt = None,
) -> None:
    """List architectures, objectives, tasks, models, hardware profiles or glossary terms."""
    from llm_advisor.explain import list_doc
    from llm_advisor.render import renderer

    if modality is not None:
        from llm_advisor.errors import UnknownName
        from llm_advisor.vocab import MODALITIES

        if modality not in MODALITIES:
            import difflib

            raise UnknownName("modality", modality, difflib.get_close_matches(modality, MODALITIES, n=3))
    doc = list_doc(_catalog(catalog), kind.value, _lang(lang), task=task, architecture=architecture, modality=modality)
    renderer(fmt).listing(doc, _output())


@app.command(
    epilog=(
        "Examples:\n\n"
        "  llm-advisor recommend --task summarization\n\n"
        "  llm-advisor recommend --task ner --hardware cpu --license permissive\n\n"
        "  llm-advisor recommend --task chat --hardware 4090 --context 32768 --language zh\n\n"
        "  llm-advisor recommend --describe \"summarise Chinese legal contracts on a laptop\"\n\n"
        "  llm-advisor recommend --task text-classification --examples 2000 --format json\n\n"
        "  llm-advisor recommend --task translation --max-params 1B --why-not facebook/nllb-200-3.3B"
    )
)
@handle_errors
def recommend(
    task: Annotated[str | None, typer.Option("--task", "-t", help="Task id or alias (English or 中文), e.g. summarization, ner, 摘要.")] = None,
    describe: Annotated[
        str | None, typer.Option("--describe", "-d", help="Describe the need in words; the task (and language/hardware hints) is inferred.")
    ] = None,
    max_params: Annotated[str | None, typer.Option("--max-params", help="Largest model, e.g. 350M, 7B, 1.5e9.")] = None,
    min_params: Annotated[str | None, typer.Option("--min-params", help="Smallest model.")] = None,
    hardware: Annotated[str | None, typer.Option("--hardware", "-H", help="Hardware profile (see `list hardware`), e.g. t4, 4090, a100, cpu.")] = None,
    memory: Annotated[str | None, typer.Option("--memory", help="Accelerator or RAM budget instead of a profile, e.g. 24GB.")] = None,
    precision: Annotated[Precision, typer.Option("--precision", help="Weights precision; auto = the highest that fits.")] = Precision.auto,
    context: Annotated[int | None, typer.Option("--context", min=1, help="Needed context window in tokens (filters models; default 8192 for KV-cache sizing only).")] = None,
    batch: Annotated[int, typer.Option("--batch", min=1, help="Concurrent sequences (KV cache and throughput).")] = 1,
    license_: Annotated[
        list[str] | None, typer.Option("--license", help="Allowed licence ids, or the groups permissive / commercial-ok (repeatable or comma-separated).")
    ] = None,
    language: Annotated[str | None, typer.Option("--language", help="Required language (ISO code, e.g. en, zh).")] = None,
    exclude_gated: Annotated[bool, typer.Option("--exclude-gated", help="Leave out models whose Hub repo requires accepting terms.")] = False,
    include_hosted: Annotated[bool, typer.Option("--include-hosted", help="Also consider hosted API models (no weights).")] = False,
    max_cost: Annotated[
        float | None, typer.Option("--max-cost", min=0, help="USD per 1M generated tokens (generative tasks) or per 1M requests (others).")
    ] = None,
    examples: Annotated[int | None, typer.Option("--examples", min=0, help="How many labelled examples you have (drives the approach advice).")] = None,
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="How many picks.")] = 5,
    why_not: Annotated[str | None, typer.Option("--why-not", help="Explain why a model is excluded or ranked lower.")] = None,
    show_variants: Annotated[bool, typer.Option("--show-variants", help="Do not collapse fine-tunes/quantized copies of one base model.")] = False,
    fail_if_empty: Annotated[bool, typer.Option("--fail-if-empty", help="Exit 1 when no model satisfies the constraints.")] = False,
    fmt: Annotated[RecommendFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)] = RecommendFormat.text,
    lang: LangOpt = None,
    catalog: CatalogOpt = None,
) -> None:
    """Ranked model picks for a task, with reasons and size / cost / objective tradeoffs."""
    from llm_advisor.advise import run_recommend

    doc = run_recommend(
        catalog_dirs=catalog,
        lang=_lang(lang),
        task=task,
        describe=describe,
        max_params=max_params,
        min_params=min_params,
        hardware=hardware,
        memory=memory,
        precision=precision.value,
        context=context,
        batch=batch,
        licenses=license_,
        language=language,
        exclude_gated=exclude_gated,
        include_hosted=include_hosted,
        max_cost=max_cost,
        examples=examples,
        top=top,
        why_not=why_not,
        show_variants=show_variants,
    )
    from llm_advisor.render import renderer

    out = _output()
    renderer(fmt).recommend(doc, out)
    if fail_if_empty and not doc["picks"]:
        raise typer.Exit(1)


@catalog_app.command(
    "validate",
    epilog=(
        "Examples:\n\n"
        "  llm-advisor catalog validate\n\n"
        "  llm-advisor catalog validate ./my-catalog\n\n"
        "  llm-advisor catalog validate ./my-catalog --format json"
    ),
)
@handle_errors
def catalog_validate(
    directory: Annotated[
        Path | None,
        typer.Argument(help="A catalog directory to check as a layer over the built-in one (default: built-in only)."),
    ] = None,
    fmt: Annotated[ValidateFormat, typer.Option("--format", "-f", help="Output format.")] = ValidateFormat.text,
    catalog: CatalogOpt = None,
) -> None:
    """Check schema, cross-references and coverage; every problem as file:line (exit 2 if any)."""
    from llm_advisor.validate import validate

    report = validate([*(catalog or []), *([directory] if directory else [])])
    out = _output()
    if fmt is ValidateFormat.json:
        out.json(report)
    else:
        for problem in report["problems"]:
            out.raw(f"{problem['file']}:{problem['line'] or 0}: {problem['message']}")
        counts = ", ".join(f"{n} {k}" for k, n in report["counts"].items())
        if report["ok"]:
            out.err.print(f"catalog OK: {counts}", style="green")
        else:
            out.err.print(f"{len(report['problems'])} problem(s) found ({counts})", style="red")
    if not report["ok"]:
        raise typer.Exit(2)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="llm-advisor")
