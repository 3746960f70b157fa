"""One renderer per output format behind one interface: `renderer(fmt).explain/listing(doc, out)`."""

from __future__ import annotations

from enum import Enum
from importlib import import_module
from types import ModuleType

from llm_advisor.render.formats import Format  # noqa: F401  (re-exported)


def renderer(fmt: Enum) -> ModuleType:
    """The module for a format (any enum whose value names one); imported on demand so JSON never loads rich."""
    return import_module(f"llm_advisor.render.{fmt.value}_format")
