"""What every command module shares: the language option, the output object and the error contract."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

if TYPE_CHECKING:
    from llm_advisor.render.output import Output

F = TypeVar("F", bound=Callable[..., Any])


class Lang(str, Enum):
    en = "en"
    zh = "zh"


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


def output() -> Output:
    from llm_advisor.render.output import Output

    return Output()


def lang_of(lang: Lang | None) -> str:
    """The --lang value, else LLM_ADVISOR_LANG, else the locale."""
    if lang is not None:
        return lang.value
    from llm_advisor.render.i18n import default_lang

    return default_lang()


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
        except Exception as exc:  # a bug of ours: one sentence, a distinct exit code, traceback on request
            if os.environ.get("LLM_ADVISOR_DEBUG") == "1":
                raise
            output().error(
                f"internal error ({type(exc).__name__}: {exc})",
                "this is a bug in llm-advisor; rerun with LLM_ADVISOR_DEBUG=1 for the traceback and report it",
            )
            raise typer.Exit(3) from None

    return wrapper  # type: ignore[return-value]
