"""Parse and normalise `recommend` constraints (sizes, memory, licences) into plain values."""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from typing import Any

# Upper bounds for every number a user gives (CLI options, manifest fields, catalog entries): far above
# anything real, far below where float arithmetic overflows. One place, so all boundaries agree.
from llm_advisor.bounds import MAX_BATCH, MAX_CONTEXT, MAX_COST_USD, MAX_EXAMPLES, MAX_MEMORY_GB, MAX_PARAMS  # noqa: F401  (re-exported)
from llm_advisor.errors import UsageError

_SUFFIX = {"": 1, "k": 1e3, "m": 1e6, "b": 1e9, "g": 1e9, "t": 1e12}
_MEM = {"": 1, "gb": 1, "g": 1, "gib": 1, "mb": 1 / 1024, "mib": 1 / 1024, "tb": 1024, "tib": 1024}
LICENSE_GROUPS = ("permissive", "commercial-ok")
PRECISION_CHOICES = ("auto", "fp32", "bf16", "fp16", "int8", "int4")  # the common ones, for help texts


def precision_choices() -> tuple[str, ...]:
    """Every precision any command accepts: auto plus the weight-format registry (estimates.PRECISIONS)."""
    from llm_advisor.recommend.estimates import PRECISIONS

    return ("auto", *PRECISIONS)


def check_kv_dtype(value: str) -> str:
    """A KV-cache element type (estimates.KV_DTYPES); UsageError with the choices otherwise."""
    from llm_advisor.recommend.estimates import KV_DTYPES

    key = value.strip().lower()
    if key not in KV_DTYPES:
        raise UsageError(f"unknown KV-cache type {value!r}; use one of {', '.join(KV_DTYPES)}")
    return key


def check_precision(value: str) -> str:
    """`value` as a registry id (aliases and case resolved), or 'auto'; UsageError with the choices otherwise."""
    key = value.strip().lower()
    if key == "auto":
        return key
    from llm_advisor.recommend.estimates import canonical_precision

    try:
        canonical_precision(key)
    except KeyError:
        raise UsageError(
            f"unknown precision {value!r}; use auto or one of {', '.join(precision_choices()[1:])}"
        ) from None
    return key


def parse_params(text: str) -> int:
    """'350M', '7B', '1.5e9', '1,000,000' -> parameter count."""
    s = text.strip().lower().replace(",", "").replace("_", "")
    m = re.fullmatch(r"(\d+(?:\.\d+)?(?:e\d+)?)\s*([kmbgt]?)(?:params?)?", s)
    if not m:
        raise UsageError(f"cannot read {_short(text)} as a parameter count; use e.g. 350M, 7B or 1.5e9")
    value = float(m.group(1)) * _SUFFIX[m.group(2)]
    if value < 1:
        raise UsageError(f"parameter count {_short(text)} must be at least 1")
    if not math.isfinite(value) or value > MAX_PARAMS:
        raise UsageError(f"parameter count {_short(text)} is too large; the largest accepted is 100T (1e14)")
    return int(value)


def _short(text: str) -> str:
    """A user's value quoted, cut to a readable length (a 400-digit number is not worth repeating)."""
    return repr(text if len(text) <= 40 else text[:20] + "…" + text[-8:])


def parse_memory(text: str) -> float:
    """'24GB', '24', '512MB', '1.5TB' -> GiB (GPU memory is quoted in GiB)."""
    s = text.strip().lower().replace(" ", "")
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([a-z]*)", s)
    if not m or m.group(2) not in _MEM:
        raise UsageError(f"cannot read {_short(text)} as memory; use e.g. 24GB, 80GB or 512MB")
    value = float(m.group(1)) * _MEM[m.group(2)]
    if value <= 0:
        raise UsageError("memory must be more than 0")
    if not math.isfinite(value) or value > MAX_MEMORY_GB:
        raise UsageError(f"memory {_short(text)} is too large; the largest accepted is 1 PiB (1048576 GB)")
    return value


@dataclass
class Constraints:
    task: str
    max_params: int | None = None
    min_params: int | None = None
    hardware: str | None = None
    memory_gb: float | None = None
    precision: str = "auto"
    kv_dtype: str = "auto"  # KV-cache element type (estimates.KV_DTYPES)
    context: int = 8192
    context_required: bool = False  # True when the user asked for a context window (filter, not just sizing)
    batch: int = 1
    licenses: list[str] | None = None  # licence ids (groups already expanded)
    license_groups: list[str] = field(default_factory=list)
    language: str | None = None
    exclude_gated: bool = False
    include_hosted: bool = False
    max_cost: float | None = None
    examples: int | None = None
    top: int = 5
    show_variants: bool = False

    def __post_init__(self) -> None:
        """Numbers from any caller (CLI, manifest, Python API) stay finite and within the shared bounds."""
        if self.max_cost is not None and not (
            math.isfinite(self.max_cost) and 0 <= self.max_cost <= MAX_COST_USD
        ):
            raise UsageError(f"max cost must be a number from 0 to {MAX_COST_USD:,.0f} USD")
        if self.memory_gb is not None and not (
            math.isfinite(self.memory_gb) and 0 < self.memory_gb <= MAX_MEMORY_GB
        ):
            raise UsageError("memory must be more than 0 and at most 1 PiB (1048576 GB)")
        if not 1 <= self.context <= MAX_CONTEXT:
            raise UsageError(f"context must be from 1 to {MAX_CONTEXT:,} tokens")
        if not 1 <= self.batch <= MAX_BATCH:
            raise UsageError(f"batch must be from 1 to {MAX_BATCH:,} sequences")
        for name in ("max_params", "min_params"):
            value = getattr(self, name)
            if value is not None and not 1 <= value <= MAX_PARAMS:
                raise UsageError(f"{name.replace('_', ' ')} must be from 1 to 100T (1e14)")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def expand_licenses(values: list[str], licenses: dict[str, dict[str, Any]]) -> tuple[list[str], list[str]]:
    """Licence ids and groups (permissive, commercial-ok), comma-separated or repeated -> (ids, groups)."""
    from llm_advisor.catalog.files import norm

    by_name: dict[str, str] = {}
    for lic_id, lic in licenses.items():
        for name in [lic_id, *lic["aliases"]]:
            by_name.setdefault(norm(name), lic_id)
    ids: list[str] = []
    groups: list[str] = []
    for value in (v.strip() for raw in values for v in raw.split(",")):
        if not value:
            continue
        key = norm(value)
        if key in ("permissive", "commercial-ok", "commercial"):
            group = "permissive" if key == "permissive" else "commercial-ok"
            groups.append(group)
            flag = "permissive" if group == "permissive" else "commercial_ok"
            ids.extend(i for i, lic in licenses.items() if lic[flag])
        elif key in by_name:
            ids.append(by_name[key])
        else:
            import difflib

            from llm_advisor.errors import UnknownName

            close = difflib.get_close_matches(key, [*by_name, *LICENSE_GROUPS], n=3)
            raise UnknownName("licence", value, sorted({by_name.get(c, c) for c in close}))
    return sorted(set(ids)), groups
