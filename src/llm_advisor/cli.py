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
