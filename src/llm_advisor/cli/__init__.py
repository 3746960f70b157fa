"""Command-line interface: parse flags, call the core, hand the result to a renderer."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from llm_advisor import __version__
from llm_advisor.bounds import MAX_BATCH, MAX_CONTEXT, MAX_COST_USD, MAX_EXAMPLES
from llm_advisor.cli.common import CatalogOpt, LangOpt, handle_errors, lang_of, output
from llm_advisor.render.formats import Format, RecommendFormat, ValidateFormat


class ListKind(str, Enum):
    architectures = "architectures"
    objectives = "objectives"
    tasks = "tasks"
    models = "models"
    hardware = "hardware"
    terms = "terms"
    licenses = "licenses"


def _completer(*sections: str) -> Callable[[str], list[tuple[str, str]]]:
    """Shell completion for catalog ids (with their display name as help); never fails a completion."""

    def complete(incomplete: str) -> list[tuple[str, str]]:
        try:
            from llm_advisor.catalog.loader import load_catalog
            from llm_advisor.render.i18n import default_lang, tr

            catalog, lang, prefix = load_catalog(), default_lang(), incomplete.casefold()
            return [
                (
                    item_id,
                    tr(entry.get("name", ""), lang)
                    if isinstance(entry.get("name"), dict)
                    else str(entry.get("name", "")),
                )
                for section in sections
                for item_id, entry in catalog.section(section).items()
                if item_id.casefold().startswith(prefix)
            ]
        except Exception:  # noqa: BLE001 - a broken catalog must not break the user's shell
            return []

    return complete


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)]
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


def command_group(name: str, help: str) -> typer.Typer:
    """A sub-command group with the same help conventions as the main app, added to it."""
    group = typer.Typer(
        help=help,
        no_args_is_help=True,
        rich_markup_mode="rich",
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.add_typer(group, name=name)
    return group


catalog_app = command_group("catalog", "Check and inspect the catalog.")
cache_app = command_group("cache", "Inspect or clear the local Hub cache.")


def _register_check() -> None:
    from llm_advisor.cli.check import register

    register(app)


_register_check()


def _register_models() -> None:
    from llm_advisor.cli.models import register

    register(app)


_register_models()


def _catalog(dirs: list[Path] | None) -> Any:
    from llm_advisor.catalog.loader import load_catalog

    return load_catalog(dirs)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"llm-advisor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", help="Show the version and exit.", callback=_version, is_eager=True),
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
    topic: Annotated[
        str,
        typer.Argument(
            help="An architecture, objective, task or term: id or alias, English or 中文.",
            autocompletion=_completer("architectures", "objectives", "tasks", "glossary"),
        ),
    ],
    fmt: FormatOpt = Format.text,
    lang: LangOpt = None,
    catalog: CatalogOpt = None,
) -> None:
    """Explain an architecture, pre-training objective, task or term."""
    from llm_advisor.catalog.topics import explain_doc
    from llm_advisor.render import renderer
    from llm_advisor.render.messages import localize

    chosen = lang_of(lang)
    doc = {**localize(explain_doc(_catalog(catalog), topic), chosen), "lang": chosen}
    renderer(fmt).explain(doc, output())


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
    task: Annotated[
        str | None,
        typer.Option(
            "--task", "-t", help="Only items for this task (id or alias).", autocompletion=_completer("tasks")
        ),
    ] = None,
    architecture: Annotated[
        str | None,
        typer.Option("--architecture", "-a", help="Only items of this architecture (id or alias)."),
    ] = None,
    modality: Annotated[
        str | None, typer.Option("--modality", "-m", help="Only items of this modality.")
    ] = None,
    fmt: FormatOpt = Format.text,
    lang: LangOpt = None,
    catalog: CatalogOpt = None,
) -> None:
    """List architectures, objectives, tasks, models, hardware profiles, glossary terms or licences."""
    from llm_advisor.catalog.topics import list_doc
    from llm_advisor.render import renderer

    if modality is not None:
        from llm_advisor.catalog.vocab import MODALITIES
        from llm_advisor.errors import UnknownName

        if modality not in MODALITIES:
            import difflib

            raise UnknownName("modality", modality, difflib.get_close_matches(modality, MODALITIES, n=3))
    from llm_advisor.render.messages import localize

    chosen = lang_of(lang)
    raw = list_doc(_catalog(catalog), kind.value, task=task, architecture=architecture, modality=modality)
    doc = {**localize(raw, chosen), "lang": chosen}
    renderer(fmt).listing(doc, output())


@app.command(
    epilog=(
        "Examples:\n\n"
        "  llm-advisor recommend --task summarization\n\n"
        "  llm-advisor recommend --task ner --hardware cpu --license permissive\n\n"
        "  llm-advisor recommend --task chat --hardware 4090 --context 32768 --language zh\n\n"
        '  llm-advisor recommend --describe "summarise Chinese legal contracts on a laptop"\n\n'
        "  llm-advisor recommend --task text-classification --examples 2000 --format json\n\n"
        "  llm-advisor recommend --task translation --max-params 1B --why-not facebook/nllb-200-3.3B"
    )
)
@handle_errors
def recommend(
    task: Annotated[
        str | None,
        typer.Option(
            "--task",
            "-t",
            help="Task id or alias (English or 中文), e.g. summarization, ner, 摘要.",
            autocompletion=_completer("tasks"),
        ),
    ] = None,
    describe: Annotated[
        str | None,
        typer.Option(
            "--describe",
            "-d",
            help="Describe the need in words; the task (and language/hardware hints) is inferred.",
        ),
    ] = None,
    max_params: Annotated[
        str | None, typer.Option("--max-params", help="Largest model, e.g. 350M, 7B, 1.5e9.")
    ] = None,
    min_params: Annotated[str | None, typer.Option("--min-params", help="Smallest model.")] = None,
    hardware: Annotated[
        str | None,
        typer.Option(
            "--hardware",
            "-H",
            help="Hardware profile (see `list hardware`), e.g. t4, 4090, a100, cpu.",
            autocompletion=_completer("hardware"),
        ),
    ] = None,
    memory: Annotated[
        str | None,
        typer.Option("--memory", help="Accelerator or RAM budget instead of a profile, e.g. 24GB."),
    ] = None,
    precision: Annotated[
        str,
        typer.Option(
            "--precision",
            help="Weights format: auto (the highest that fits; GGUF Q4_K_M for generation on CPUs and Macs), fp32, bf16, fp16, "
            "int8, int4 (GPTQ/AWQ), fp8, mxfp4, nvfp4, nf4, q8_0, q6_k, q5_k_m, q4_k_m, q3_k_m, q2_k, iq4_xs …",
        ),
    ] = "auto",
    kv_dtype: Annotated[
        str,
        typer.Option(
            "--kv-dtype",
            help="KV-cache element type: auto (16-bit), bf16, fp16, fp8, q8_0, q4_0 (long contexts).",
        ),
    ] = "auto",
    context: Annotated[
        int | None,
        typer.Option(
            "--context",
            min=1,
            max=MAX_CONTEXT,
            help="Needed context window in tokens (filters models; default 8192 for KV-cache sizing only).",
        ),
    ] = None,
    batch: Annotated[
        int,
        typer.Option("--batch", min=1, max=MAX_BATCH, help="Concurrent sequences (KV cache and throughput)."),
    ] = 1,
    license_: Annotated[
        list[str] | None,
        typer.Option(
            "--license",
            help="Allowed licence ids, or the groups permissive / commercial-ok (repeatable or comma-separated).",
        ),
    ] = None,
    language: Annotated[
        str | None, typer.Option("--language", help="Required language (ISO code, e.g. en, zh).")
    ] = None,
    exclude_gated: Annotated[
        bool,
        typer.Option("--exclude-gated", help="Leave out models whose Hub repo requires accepting terms."),
    ] = False,
    include_hosted: Annotated[
        bool, typer.Option("--include-hosted", help="Also consider hosted API models (no weights).")
    ] = False,
    max_cost: Annotated[
        float | None,
        typer.Option(
            "--max-cost",
            min=0,
            max=MAX_COST_USD,
            help="USD per 1M generated tokens (generative tasks) or per 1M requests (others).",
        ),
    ] = None,
    examples: Annotated[
        int | None,
        typer.Option(
            "--examples",
            min=0,
            max=MAX_EXAMPLES,
            help="How many labelled examples you have (drives the approach advice).",
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", "-n", min=1, max=10_000, help="How many picks.")] = 5,
    why_not: Annotated[
        str | None, typer.Option("--why-not", help="Explain why a model is excluded or ranked lower.")
    ] = None,
    show_variants: Annotated[
        bool,
        typer.Option(
            "--show-variants", help="Do not collapse fine-tunes/quantized copies of one base model."
        ),
    ] = False,
    fail_if_empty: Annotated[
        bool, typer.Option("--fail-if-empty", help="Exit 1 when no model satisfies the constraints.")
    ] = False,
    live: Annotated[
        bool,
        typer.Option("--live", help="Ask the Hugging Face Hub for this task's models now (and cache them)."),
    ] = False,
    fmt: Annotated[
        RecommendFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = RecommendFormat.text,
    lang: LangOpt = None,
    catalog: CatalogOpt = None,
) -> None:
    """Ranked model picks for a task, with reasons and size / cost / objective tradeoffs."""
    from llm_advisor.recommend.service import run_recommend

    result = run_recommend(
        catalog_dirs=catalog,
        task=task,
        describe=describe,
        max_params=max_params,
        min_params=min_params,
        hardware=hardware,
        memory=memory,
        precision=precision,
        kv_dtype=kv_dtype,
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
        live=live,
    )
    from llm_advisor.render import renderer
    from llm_advisor.render.messages import localize

    chosen = lang_of(lang)
    doc = {**localize(result, chosen), "lang": chosen}
    out = output()
    out.lang = chosen
    if fmt is not RecommendFormat.text:  # the text renderer prints warnings itself, in context
        for warning in doc["warnings"]:
            out.warn(warning["text"])
    renderer(fmt).recommend(doc, out)
    if fail_if_empty and not doc["picks"]:
        raise typer.Exit(1)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  llm-advisor info google-bert/bert-base-uncased\n\n"
        "  llm-advisor info ./my-model            # a local directory with config.json\n\n"
        "  llm-advisor info ./config.json --format json\n\n"
        "  llm-advisor info Qwen/Qwen2.5-7B-Instruct --live   # ask the Hub, then cache"
    )
)
@handle_errors
def info(
    model: Annotated[
        str,
        typer.Argument(
            help="A Hub repo id (catalog or cache), a local model directory, or a config.json.",
            autocompletion=_completer("models"),
        ),
    ],
    live: Annotated[
        bool, typer.Option("--live", help="Ask the Hugging Face Hub for this call (and cache the answer).")
    ] = False,
    fmt: FormatOpt = Format.text,
    lang: LangOpt = None,
    catalog: CatalogOpt = None,
) -> None:
    """Architecture, objective, size, memory, licence and suited tasks of one model."""
    from llm_advisor.modelinfo.info import info_doc
    from llm_advisor.render import renderer
    from llm_advisor.render.messages import localize

    chosen = lang_of(lang)
    doc = {**localize(info_doc(_catalog(catalog), model, live=live), chosen), "lang": chosen}
    out = output()
    for warning in doc.get("warnings", []):
        out.warn(warning)
    renderer(fmt).info(doc, out)


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
        typer.Argument(
            help="A catalog directory to check as a layer over the built-in one (default: built-in only)."
        ),
    ] = None,
    fmt: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ValidateFormat.text,
    catalog: CatalogOpt = None,
) -> None:
    """Check schema, cross-references and coverage; every problem as file:line (exit 2 if any)."""
    from llm_advisor.catalog.validate import validate

    report = validate([*(catalog or []), *([directory] if directory else [])])
    out = output()
    if fmt is ValidateFormat.json:
        out.json(report)
    else:
        if report["freshness"]:  # per task: the newest curated model and its age against the catalog's as_of
            rows = [[r["task"] + (" *" if r["major"] else ""), r["newest"] or "-", r["release_date"] or "-",
                     "-" if r["age_months"] is None else str(r["age_months"]), str(r["models"]), "STALE" if r["stale"] else ""]
                    for r in report["freshness"]["tasks"]]  # fmt: skip
            out.table(
                [
                    "task (* major)",
                    "newest model",
                    "released",
                    f"months before {report['freshness']['as_of']}",
                    "models",
                    "",
                ],
                rows,
            )
        for problem in report["problems"]:
            out.raw(f"{problem['file']}:{problem['line'] or 0}: {problem['message']}")
        counts = ", ".join(f"{n} {k}" for k, n in report["counts"].items())
        if report["ok"]:
            out.note(f"catalog OK: {counts}", style="green")
        else:
            out.note(f"{len(report['problems'])} problem(s) found ({counts})", style="red")
    if not report["ok"]:
        raise typer.Exit(2)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  llm-advisor sync --task summarization --task translation\n\n"
        "  llm-advisor sync --task ner --limit 100\n\n"
        "  llm-advisor sync --all-tasks --limit 20\n\n"
        "  HF_ENDPOINT=https://hf-mirror.example llm-advisor sync --task asr"
    )
)
@handle_errors
def sync(
    task: Annotated[
        list[str] | None,
        typer.Option(
            "--task", "-t", help="Task id or alias (repeatable).", autocompletion=_completer("tasks")
        ),
    ] = None,
    all_tasks: Annotated[bool, typer.Option("--all-tasks", help="Every task in the catalog.")] = False,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=100_000, help="Models per task (most downloaded first).")
    ] = 50,
    fmt: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ValidateFormat.text,
    catalog: CatalogOpt = None,
) -> None:
    """Refresh the local Hub cache: the most downloaded models per task, for offline use by recommend and info."""
    from llm_advisor.errors import UsageError
    from llm_advisor.hub.sync import sync_tasks

    cat = _catalog(catalog)
    if all_tasks:
        tasks = [t for t, e in cat.tasks.items() if e["no_models_reason"] is None]
    elif task:
        tasks = sorted({cat.task(t).id for t in task})
    else:
        raise UsageError("name the tasks to sync with --task (repeatable) or use --all-tasks")
    out = output()
    with _progress(out, len(tasks)) as advance:
        report = sync_tasks(tasks, limit, advance)
    from llm_advisor.msg import m
    from llm_advisor.render.messages import text as msg_text

    lang = lang_of(None)
    by_error: dict[str, list[str]] = {}
    for failure in report["failed"]:  # one warning per distinct error (a bad token fails every task alike)
        by_error.setdefault(failure["error"], []).append(failure["task"])
    for error, names in by_error.items():
        out.warn(msg_text(m("sync.failed", tasks=names, error=error), lang))
    hints = {f["hint"] for f in report["failed"] if f.get("hint")}
    for hint in sorted(hints):
        out.note(f"hint: {hint}")
    if report["stopped"] and report["skipped"]:
        out.warn(msg_text(m("sync.stopped", skipped=len(report["skipped"])), lang))
    for done in report["tasks"]:
        if done["models"] < done["fetched"]:
            out.warn(
                msg_text(
                    m("sync.fewer_stored", task=done["task"], fetched=done["fetched"], stored=done["models"]),
                    lang,
                )
            )
    if fmt is ValidateFormat.json:
        out.json(report)
    else:
        counts = {"models": report["models"], "tasks": len(report["tasks"]), "path": report["cache"]["path"]}
        if report["failed"] or report["skipped"]:
            out.raw(
                msg_text(
                    m(
                        "sync.done_partial",
                        failed=len(report["failed"]),
                        skipped=len(report["skipped"]),
                        **counts,
                    ),
                    lang,
                )
            )
        else:
            out.raw(msg_text(m("sync.done", **counts), lang))
    if report["failed"] and not report["tasks"]:
        raise typer.Exit(2)


def _progress(out: Any, total: int) -> Any:
    """A progress bar on stderr for long work (only on a terminal); yields a per-task callback."""
    import contextlib

    @contextlib.contextmanager
    def bar() -> Any:
        if not out.err.is_terminal:
            yield lambda *_: None
            return
        from rich.progress import Progress

        with Progress(console=out.err, transient=True) as progress:
            job = progress.add_task("syncing from the Hub", total=total)
            yield lambda *_: progress.advance(job)

    return bar()


@cache_app.command(
    "info", epilog="Examples:\n\n  llm-advisor cache info\n\n  llm-advisor cache info --format json"
)
@handle_errors
def cache_info(
    fmt: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ValidateFormat.text,
) -> None:
    """Where the Hub cache is, how many models and tasks it holds, and how old it is."""
    from llm_advisor.hub import cache

    info = cache.info()
    out = output()
    if fmt is ValidateFormat.json:
        out.json({"schema_version": 1, **info})
        return
    for key, value in info.items():
        out.raw(f"{key}: {value}")
    hint = cache.age_hint()
    if hint:
        from llm_advisor.render.messages import text as msg_text

        out.warn(msg_text(hint, lang_of(None)))


@cache_app.command(
    "clear",
    epilog="Examples:\n\n  llm-advisor cache clear\n\n  LLM_ADVISOR_CACHE=/tmp/c llm-advisor cache clear",
)
@handle_errors
def cache_clear() -> None:
    """Delete every cached Hub model (the built-in catalog is not affected)."""
    from llm_advisor.hub import cache

    removed = cache.clear()
    output().raw(f"removed {removed} cached model(s)")


def main() -> None:
    """Console-script entry point."""
    from llm_advisor.cli.common import run

    run(app, "llm-advisor")
