"""The `check` and `schema` commands: `register(app)` adds them to the main typer app."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from llm_advisor.cli.common import Lang, handle_errors, lang_of
from llm_advisor.cli.common import output as make_output  # `check` has an --output parameter
from llm_advisor.render.formats import CheckFormat

if TYPE_CHECKING:
    from llm_advisor.check.checker import Report
    from llm_advisor.render.output import Output


CHECK_EPILOG = (
    "Examples:\n\n"
    "  llm-advisor check\n\n"
    "  llm-advisor check llm-advisor.yaml --scan src\n\n"
    "  llm-advisor check --format github --strict\n\n"
    "  llm-advisor check --format sarif --output llm-advisor.sarif\n\n"
    "  llm-advisor check pyproject.toml --format junit --output reports/llm-advisor.xml\n\n"
    "Exit codes: 0 no errors (warnings fail only with --strict), 1 policy failures, 2 usage or manifest errors."
)


def register(app: typer.Typer) -> None:
    """Add `check` and the `schema` group to `app`."""
    app.command("check", epilog=CHECK_EPILOG)(check)
    schema_app = typer.Typer(
        help="Print the JSON Schemas of llm-advisor's files and reports.",
        no_args_is_help=True,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    schema_app.command(
        "manifest",
        epilog="Examples:\n\n  llm-advisor schema manifest > llm-advisor.schema.json\n\n  llm-advisor schema manifest | jq '.properties | keys'",
    )(schema_manifest)
    schema_app.command(
        "check-report",
        epilog="Examples:\n\n  llm-advisor schema check-report\n\n  llm-advisor schema check-report | jq .properties.findings",
    )(schema_check_report)
    app.add_typer(schema_app, name="schema")


@handle_errors
def check(
    manifest: Annotated[
        Path | None,
        typer.Argument(
            # \[ : the table name is text, not rich markup
            help="llm-advisor.yaml or a pyproject.toml with \\[tool.llm-advisor] (default: found in the current directory or its parents).",
            show_default=False,
        ),
    ] = None,
    scan: Annotated[
        list[Path] | None,
        typer.Option(
            "--scan",
            help="Also find model references in Python code under PATH (repeatable); unlisted ones are findings.",
            metavar="PATH",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = CheckFormat.text,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the report to FILE instead of stdout (text/github only when there are findings).",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    live: Annotated[
        bool, typer.Option("--live", help="Verify models and revisions against the Hub (needs network).")
    ] = False,
    lang: Annotated[
        Lang | None, typer.Option("--lang", "-l", help="Message language: en or zh.", show_default=False)
    ] = None,
    catalog: Annotated[
        list[Path] | None,
        typer.Option(
            "--catalog",
            help="Extra catalog directory layered over the built-in one (repeatable).",
            metavar="DIR",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check the repository's model choices against its policy (for CI)."""
    from llm_advisor.check.manifest import ManifestError, ManifestNotFound, locate
    from llm_advisor.errors import UsageError

    out = make_output()
    language = lang_of(lang)
    # errors are mapped by handle_errors; a manifest that is missing or invalid is also a report in the
    # chosen format, so CI report collectors always find their file
    try:
        path, root = locate(manifest, Path.cwd())
    except ManifestNotFound as exc:
        if fmt is not CheckFormat.text:  # text: the error on stderr says it all
            _emit(_not_found_report(exc), fmt, output, strict, out, language)
        raise
    for scan_path in scan or []:
        if not _exists(scan_path):
            raise UsageError(f"--scan: no such file or directory: {scan_path}")
    from llm_advisor.check.checker import check_repository, manifest_error_report

    try:
        report = check_repository(
            path, root=root, scan_paths=scan or [], catalog_dirs=catalog, strict=strict, live=live
        )
    except ManifestError as exc:
        _emit(manifest_error_report(exc), fmt, output, strict, out, language)
        out.error(
            f"{len(exc.problems)} manifest problem{'s' if len(exc.problems) != 1 else ''}; nothing was checked",
            exc.hint,
        )
        raise typer.Exit(2) from None
    _emit(report, fmt, output, strict, out, language)
    raise typer.Exit(0 if report.ok else 1)


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # e.g. a name longer than the file system allows
        return False


def _not_found_report(exc: Exception) -> Report:
    """The missing manifest as an invalid-manifest finding (on the given path, if one was given)."""
    from llm_advisor.check.checker import Finding, build_report
    from llm_advisor.msg import m

    shown = getattr(exc, "shown", None)
    finding = Finding(
        rule="invalid-manifest",
        severity="error",
        file=shown,
        message=m("check.invalid_manifest", problem=str(exc)),
    )
    return build_report([finding], [], strict=False)


def _emit(
    report: Report, fmt: CheckFormat, output: Path | None, strict: bool, out: Output, lang: str
) -> None:
    """Data to stdout or --output; the one-line summary to stderr. Text and github write only when
    there is something to say; machine formats always write (an empty report is still a report)."""
    from llm_advisor.render.check_formats import render, summary_line

    content = render(report, fmt, strict=strict, lang=lang)
    if content:
        if output is not None:
            try:
                output.parent.mkdir(parents=True, exist_ok=True)
                output.write_text(content, encoding="utf-8")
            except OSError as exc:
                from llm_advisor.errors import UsageError

                raise UsageError(f"cannot write {output}: {exc}") from None
        else:
            out.raw(content)
    style = "green" if report.ok else "red"
    out.note(summary_line(report, lang), style=style)


def _print_json(doc: Any) -> None:
    make_output().json(doc)


@handle_errors
def schema_manifest() -> None:
    """Print the manifest's JSON Schema (for editors and validators)."""
    from llm_advisor.check.manifest import Manifest

    schema = Manifest.model_json_schema(by_alias=True)
    _print_json({"$schema": "https://json-schema.org/draft/2020-12/schema", **schema})


@handle_errors
def schema_check_report() -> None:
    """Print the JSON Schema of `check --format json`."""
    from llm_advisor.check.checker import Report

    _print_json({"$schema": "https://json-schema.org/draft/2020-12/schema", **Report.model_json_schema()})
