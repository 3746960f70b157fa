"""llm-advisor: task-first model-selection advice with the reasoning shown."""

import sys as _sys

__version__ = "0.2.0"

# The Python API (llm_advisor.api), re-exported lazily: `import llm_advisor` stays as cheap as a version
# string (not even `typing` or `__future__` is imported); `from llm_advisor import recommend` imports the
# API on first use, and the API imports each service only when it is called.
__all__ = ["__version__", "check", "explain", "info", "recommend"]
_API = frozenset({"check", "explain", "info", "recommend"})
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing; type checkers treat the name as True
if TYPE_CHECKING:  # for type checkers these names are the API functions, not the subpackages
    from typing import Any

    from llm_advisor.api import check, explain, info, recommend


def __getattr__(name: str) -> "Any":
    if name in _API:
        from llm_advisor import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> "list[str]":
    return sorted({*globals(), *__all__})


class _Package(type(_sys)):  # type: ignore[misc]  # types.ModuleType, without importing types
    """`recommend` and `check` are also subpackages: importing `llm_advisor.recommend.…` would bind the
    subpackage as this package's `recommend` attribute and hide the function. That binding is skipped
    (subpackages stay importable by their full names, through sys.modules), so `llm_advisor.recommend` and
    `from llm_advisor import recommend` are always the API function."""

    def __setattr__(self, name: str, value: "Any") -> None:
        if name in _API and isinstance(value, type(_sys)):
            return
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package
