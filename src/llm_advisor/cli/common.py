"""What every command module shares: the language option, the output object and the error contract."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

if TYPE_CHECKING:
    from llm_advisor.render.output import Output

F = TypeVar("F", bound=Callable[..., Any])


class Lang(str, Enum):
    en = "en"
    zh = "zh"


LangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        "-l",
        help="Language: en or zh (default: LLM_ADVISOR_LANG, then the locale).",
        show_default=False,
    ),
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


def output() -> Output:
    from llm_advisor.render.output import Output

    return Output()


def lang_of(lang: Lang | None) -> str:
    """The --lang value, else LLM_ADVISOR_LANG, else the locale."""
    if lang is not None:
        return lang.value
    from llm_advisor.render.i18n import default_lang

    return default_lang()


def os_error_sentence(exc: OSError) -> str:
    """'cannot use PATH: File name too long' (the path cut to a readable length, always printable)."""
    from llm_advisor.safeio import printable

    reason = exc.strerror or str(exc)
    if exc.filename is None:
        return f"system error: {reason}"
    name = printable(os.fsdecode(exc.filename))
    if len(name) > 80:
        name = name[:40] + "…" + name[-30:]
    return f"cannot use {name}: {reason}"


def handle_errors(func: F) -> F:
    """Map domain errors to one sentence on stderr and their exit code; a bug of ours is exit 3."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from llm_advisor.errors import AdvisorError

        try:
            return func(*args, **kwargs)
        except AdvisorError as exc:
            if os.environ.get("LLM_ADVISOR_DEBUG") == "1":
                raise
            output().error(str(exc), exc.hint)
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # `llm-advisor … | head`: the reader left; that is not an error
            import sys

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except (
            UnicodeEncodeError
        ) as exc:  # stdout's encoding (PYTHONIOENCODING=ascii, a C locale) cannot show the text
            if os.environ.get("LLM_ADVISOR_DEBUG") == "1":
                raise
            if exc.encoding.lower().replace("-", "").replace("_", "") in ("utf8", "utf16", "utf32"):
                _internal_error(
                    exc
                )  # UTF-8 encodes everything but lone surrogates, which Output escapes: a bug
            import sys

            encoding = getattr(sys.stdout, "encoding", None) or "unknown"
            output().error(
                f"the output cannot be shown in the {encoding} encoding of stdout",
                "set PYTHONIOENCODING=utf-8 or a UTF-8 locale (e.g. LANG=C.UTF-8), or use --lang en or --format json",
            )
            raise typer.Exit(2) from None
        except OSError as exc:  # the environment, not a bug: a name too long, no permission, a full disk
            if os.environ.get("LLM_ADVISOR_DEBUG") == "1":
                raise
            output().error(os_error_sentence(exc))
            raise typer.Exit(2) from None
        except Exception as exc:  # a bug of ours: one sentence, a distinct exit code, traceback on request
            if os.environ.get("LLM_ADVISOR_DEBUG") == "1":
                raise
            _internal_error(exc)

    return wrapper  # type: ignore[return-value]


def _internal_error(exc: Exception) -> NoReturn:
    output().error(
        f"internal error ({type(exc).__name__}: {exc})",
        "this is a bug in llm-advisor; rerun with LLM_ADVISOR_DEBUG=1 for the traceback and report it",
    )
    raise typer.Exit(3) from None


def run(app: typer.Typer, prog_name: str) -> None:
    """Run the app, then flush stdout: output that cannot be written (a full disk, /dev/full), also help
    text and buffered data at exit, ends with one sentence on stderr and exit 2, never a traceback."""
    import sys

    code: Any = 0
    try:
        app(prog_name=prog_name)
    except SystemExit as exc:
        code = exc.code
    except OSError as exc:  # typer's own output (help, --version); handle_errors covers the commands
        if isinstance(exc, BrokenPipeError):
            _silence_stdout()
            sys.exit(0)
        code = _stdout_failed(exc)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    except OSError as exc:
        code = _stdout_failed(exc)
    sys.exit(code)


def _silence_stdout() -> None:
    import sys

    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)
    except (OSError, ValueError):
        pass


def _stdout_failed(exc: OSError) -> int:
    import sys

    _silence_stdout()
    try:
        sys.stderr.write(f"error: cannot write the output: {exc.strerror or exc}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return 2
