"""The `check` manifest: pydantic models, loading from llm-advisor.yaml or pyproject.toml, errors as file:line."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
    model_validator,
)

from llm_advisor.bounds import MAX_BATCH, MAX_CONTEXT, MAX_COST_USD, MAX_MEMORY_GB, MAX_PARAMS
from llm_advisor.errors import AdvisorError, Problem
from llm_advisor.safeio import InputRefused, printable, read_regular

MANIFEST_NAMES = ("llm-advisor.yaml", "llm-advisor.yml")
PYPROJECT_TABLE = ("tool", "llm-advisor")
SHA_RE = re.compile(r"^[0-9a-f]{40}$")
MAX_MANIFEST_BYTES = 8 * 1024 * 1024  # ~50,000 entries; anything larger is not a hand-written manifest


def _rule_id(value: str) -> str:
    from llm_advisor.check.rules import RULE_IDS

    if value not in RULE_IDS:
        import difflib

        close = difflib.get_close_matches(value, RULE_IDS, n=1)
        raise ValueError(
            f"unknown rule id {value!r}"
            + (f" (did you mean {close[0]!r}?)" if close else "")
            + f"; rules: {', '.join(RULE_IDS)}"
        )
    return value


def _rule_schema() -> dict[str, Any]:
    from llm_advisor.check.rules import RULE_IDS

    return {"type": "string", "enum": list(RULE_IDS)}


# Every id in the check rule registry (check/rules.py) and nothing else.
RuleId = Annotated[str, AfterValidator(_rule_id), WithJsonSchema(_rule_schema())]


def _precision(value: str) -> str:
    from llm_advisor.recommend.constraints import check_precision

    try:
        return check_precision(value)
    except AdvisorError as exc:
        raise ValueError(str(exc)) from None


def _precision_schema() -> dict[str, Any]:
    from llm_advisor.recommend.constraints import precision_choices

    return {"type": "string", "enum": list(precision_choices())}


# The same registry as `recommend --precision` (recommend.estimates weight formats, aliases resolved).
Precision = Annotated[str, AfterValidator(_precision), WithJsonSchema(_precision_schema())]


class ManifestError(AdvisorError):
    """The manifest cannot be read or does not validate; every problem has its file:line."""

    hint = "`llm-advisor schema manifest` prints the JSON Schema; docs/ci.md has examples"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.message))
        super().__init__(str(self))

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"the manifest has {n} problem{'s' if n != 1 else ''}"
        return head + "".join(f"\n  {p}" for p in self.problems)


def _params(value: Any) -> Any:
    # "7B", "350M", 1.5e9 -> an int; the shared parser keeps manifest and `recommend --max-params` in step
    if isinstance(value, str):
        from llm_advisor.recommend.constraints import parse_params

        try:
            return parse_params(value)
        except AdvisorError as exc:
            raise ValueError(str(exc)) from None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _memory(value: Any) -> Any:
    if isinstance(value, str):
        from llm_advisor.recommend.constraints import parse_memory

        try:
            return parse_memory(value)
        except AdvisorError as exc:
            raise ValueError(str(exc)) from None
    return value


ParamCount = Annotated[
    int,
    BeforeValidator(_params),
    Field(ge=1, le=MAX_PARAMS),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": MAX_PARAMS},
                {"type": "string", "pattern": r"^\s*\d+(\.\d+)?(e\d+)?\s*[kKmMbBgGtT]?\s*$"},
            ]
        }
    ),
]
MemoryGb = Annotated[
    float,
    BeforeValidator(_memory),
    Field(gt=0, le=MAX_MEMORY_GB),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_MEMORY_GB},
                {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*([gGmMtT][iI]?[bB]?)?\s*$"},
            ]
        }
    ),
]
ModelRef = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?$")]


class Policy(BaseModel):
    """Constraints a model choice must satisfy. Every field is optional; an entry's `policy` overrides
    the top-level one field by field (an explicit `null` removes a default for that entry)."""

    model_config = ConfigDict(extra="forbid", title="Policy")

    licenses: list[str] | None = Field(
        default=None,
        description="Allowed licence ids (e.g. apache-2.0, mit) or the groups permissive / commercial-ok.",
    )
    max_params: ParamCount | None = Field(
        default=None, description="Largest parameter count, e.g. 8B, 350M or 1.5e9."
    )
    hardware: str | None = Field(
        default=None,
        description="Target hardware profile (`llm-advisor list hardware`), e.g. rtx-4090, t4, cpu.",
    )
    memory: MemoryGb | None = Field(
        default=None, description="Memory budget instead of a profile, e.g. 24GB (GiB)."
    )
    precision: Precision | None = Field(
        default=None, description="Serving precision; auto (default) = the highest that fits the hardware."
    )
    context: int | None = Field(
        default=None,
        ge=1,
        le=MAX_CONTEXT,
        description="Required context window in tokens; the KV cache is sized at it (default 8192 for sizing).",
    )
    batch: int | None = Field(
        default=None,
        ge=1,
        le=MAX_BATCH,
        description="Concurrent sequences for KV-cache and cost estimates (default 1).",
    )
    languages: list[str] | None = Field(
        default=None, description="Languages every model must cover (ISO codes, e.g. en, zh)."
    )
    allow_gated: bool | None = Field(
        default=None, description="false forbids models gated on the Hub (default true)."
    )
    max_cost: float | None = Field(
        default=None,
        ge=0,
        le=MAX_COST_USD,
        description="Largest estimated USD per 1M generated tokens (generative tasks) or per 1M requests.",
    )
    required_architectures: list[str] | None = Field(
        default=None, description="The model's architecture must be one of these (e.g. decoder-only)."
    )
    forbidden_architectures: list[str] | None = Field(
        default=None, description="Architectures that are not allowed."
    )
    better_pick_margin: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="Score lead (0-1) a catalog model needs to be suggested as a better pick (default 0.1).",
    )
    ignore: list[RuleId] | None = Field(
        default=None, description="Rule ids not to report (for this entry when set on it)."
    )

    @model_validator(mode="after")
    def _one_budget(self) -> Policy:
        if self.hardware is not None and self.memory is not None:
            raise ValueError("give hardware or memory, not both")
        return self


class ModelChoice(BaseModel):
    """One model the project uses, for one task."""

    model_config = ConfigDict(extra="forbid", title="Model choice")

    name: str = Field(
        min_length=1, description="What the project uses the model for, unique in the manifest (e.g. chat)."
    )
    task: str = Field(
        min_length=1, description="Task id or alias (`llm-advisor list tasks`), e.g. text-generation."
    )
    model: ModelRef = Field(description="Hub model id, e.g. Qwen/Qwen2.5-7B-Instruct.")
    revision: str | None = Field(default=None, description="Pinned revision: the 40-hex commit sha.")
    description: str | None = Field(default=None, description="Free text: why this model (not checked).")
    policy: Policy = Field(
        default_factory=Policy, description="Overrides of the top-level policy for this entry."
    )


class Manifest(BaseModel):
    """llm-advisor.yaml, or the [tool.llm-advisor] table of pyproject.toml."""

    model_config = ConfigDict(extra="forbid", title="llm-advisor manifest", populate_by_name=True)

    schema_: str | None = Field(
        default=None, alias="$schema", description="Optional JSON Schema URL for editors."
    )
    version: Literal[1] = Field(default=1, description="Manifest format version.")
    policy: Policy = Field(default_factory=Policy, description="Defaults applied to every model choice.")
    models: list[ModelChoice] = Field(default_factory=list, description="The project's model choices.")


@dataclass
class LoadedManifest:
    """A validated manifest with where it came from, so findings can point at its lines."""

    manifest: Manifest
    path: str  # as displayed in findings (relative to the root when inside it)
    line_of: Callable[[Sequence[str | int]], int | None]
    kind: Literal["yaml", "pyproject"]
    problems: list[Problem] = field(default_factory=list)

    def problem(self, loc: Sequence[str | int], message: str) -> Problem:
        return Problem(self.path, self.line_of(loc), message)


def display_path(path: Path, root: Path) -> str:
    """A path relative to `root` when inside it (stable across machines), else absolute; always posix and
    always encodable (non-UTF-8 bytes as \\xNN, see safeio.printable). Escapes and control characters are
    left to the renderers, which make every untrusted field safe for their format."""
    resolved = path.resolve()
    try:
        shown = resolved.relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = resolved.as_posix()
    return printable(shown)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # no permission to look, a name too long for the file system, …: not a manifest here
        return False


def find_manifest(directory: Path) -> Path | None:
    """llm-advisor.yaml / .yml, else a pyproject.toml that has a [tool.llm-advisor] table (this directory only)."""
    for name in MANIFEST_NAMES:
        if _is_file(directory / name):
            return directory / name
    pyproject = directory / "pyproject.toml"
    if _is_file(pyproject):
        try:
            text = read_regular(pyproject, MAX_MANIFEST_BYTES, "manifest").decode("utf-8", errors="replace")
        except (OSError, InputRefused):
            return None
        if re.search(r"^\s*\[\[?\s*tool\s*\.\s*[\"']?llm-advisor", text, re.MULTILINE):
            return pyproject
    return None


def search_manifest(start: Path) -> Path | None:
    """find_manifest() in `start`, then in each parent (as ruff and pre-commit find their configuration),
    stopping at the repository root (the first directory with .git): a manifest above it is not this
    repository's."""
    here = start.resolve()
    for directory in (here, *here.parents):
        found = find_manifest(directory)
        if found is not None:
            return found
        if _exists(directory / ".git"):
            return None
    return None


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return False


def repository_root(manifest: Path, cwd: Path) -> Path:
    """The directory that findings' paths are relative to. The current directory when the manifest is in it
    or below it (CI runs at the repository root; existing reports keep their paths). Otherwise — the manifest
    was found in a parent directory or given as `../llm-advisor.yaml` — the repository holding the manifest:
    the nearest directory at or above it with .git, else the manifest's own directory."""
    here = cwd.resolve()
    home = manifest.resolve().parent
    if home == here or here in home.parents:
        return cwd
    for directory in (home, *home.parents):
        if _exists(directory / ".git"):
            return directory
    return home


class ManifestNotFound(AdvisorError):
    """No manifest where one was given or searched for; `shown` is the given path as displayed, if any."""

    hint = "create llm-advisor.yaml (docs/ci.md has an example) or pass the manifest's path"

    def __init__(self, message: str, shown: str | None) -> None:
        self.shown = shown
        super().__init__(message)


def locate(manifest: Path | None, cwd: Path) -> tuple[Path, Path]:
    """(manifest file, repository root) for `check [MANIFEST]`: a file as given; a directory, or nothing
    (the current directory), searched upward. ManifestNotFound when there is none."""
    start = cwd if manifest is None else manifest
    if _is_file(start):
        return start, repository_root(start, cwd)
    if manifest is not None and not _is_dir(start):
        raise ManifestNotFound(f"no such manifest: {printable(str(start))}", display_path(start, cwd))
    found = search_manifest(start)
    if found is None:
        where = printable(str(start)) if manifest is not None else "the current directory"
        raise ManifestNotFound(
            f"no llm-advisor.yaml, llm-advisor.yml or pyproject.toml with [tool.llm-advisor] in {where} or its parents "
            "(up to the repository root); pass the manifest path",
            None,
        )
    return found, repository_root(found, cwd)


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def load_manifest(path: Path, root: Path) -> LoadedManifest:
    """Read and validate a manifest; raise ManifestError listing every problem as file:line."""
    shown = display_path(path, root)
    try:  # a regular file under the cap only: a FIFO or /dev/zero given as the manifest is refused, not read
        text = read_regular(path, MAX_MANIFEST_BYTES, "manifest").decode("utf-8")
    except InputRefused as exc:
        raise ManifestError([Problem(shown, None, f"cannot read the manifest: {exc}")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError([Problem(shown, None, f"cannot read the manifest: {exc}")]) from None
    if path.suffix == ".toml":
        data, line_of = _read_pyproject(text, shown)
        kind: Literal["yaml", "pyproject"] = "pyproject"
    else:
        data, line_of = _read_yaml(text, shown)
        kind = "yaml"
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as exc:
        raise ManifestError([_problem(shown, line_of, err) for err in exc.errors()]) from None
    loaded = LoadedManifest(manifest, shown, line_of, kind)
    seen: dict[str, int] = {}
    for i, choice in enumerate(manifest.models):
        if choice.name in seen:
            loaded.problems.append(
                loaded.problem(
                    ["models", i, "name"],
                    f"models.{i}.name: {choice.name!r} is already used by models.{seen[choice.name]}",
                )
            )
        seen.setdefault(choice.name, i)
    if loaded.problems:
        raise ManifestError(loaded.problems)
    return loaded


def _problem(shown: str, line_of: Callable[[Sequence[str | int]], int | None], err: Any) -> Problem:
    loc = [p for p in err["loc"] if isinstance(p, (str, int))]
    where = ".".join(str(p) for p in loc) or "manifest"
    msg = err["msg"]
    if err["type"] == "value_error":
        msg = msg.removeprefix("Value error, ")
    return Problem(shown, line_of(loc), f"{where}: {msg}")


def _read_yaml(text: str, shown: str) -> tuple[Any, Callable[[Sequence[str | int]], int | None]]:
    from llm_advisor.catalog.yamlfile import YamlSyntaxError, parse

    try:
        doc = parse(text)
    except YamlSyntaxError as exc:
        raise ManifestError([Problem(shown, exc.line, exc.message)]) from None
    dupes = doc.duplicate_keys()
    if dupes:
        raise ManifestError([Problem(shown, line, f"duplicate key {key!r}") for line, key in dupes])
    if doc.data is None:
        raise ManifestError(
            [Problem(shown, 1, "the manifest is empty; it needs `models:` (and usually `policy:`)")]
        )
    if not isinstance(doc.data, dict):
        raise ManifestError(
            [Problem(shown, doc.line_of([]), "the manifest must be a mapping with `policy:` and `models:`")]
        )
    return doc.data, doc.line_of


def _toml_module() -> Any:
    """tomllib (3.11+), else the tomli backport when installed (it has the same API)."""
    try:
        return importlib.import_module("tomllib")
    except ImportError:
        pass
    try:
        return importlib.import_module("tomli")
    except ImportError:
        return None


def _read_pyproject(text: str, shown: str) -> tuple[Any, Callable[[Sequence[str | int]], int | None]]:
    toml = _toml_module()
    if toml is None:
        raise ManifestError(
            [
                Problem(
                    shown,
                    None,
                    "reading pyproject.toml needs Python 3.11+ or the `tomli` package (pip install tomli); or use llm-advisor.yaml",
                )
            ]
        )
    try:
        doc = toml.loads(text)
    except (
        ValueError,
        RecursionError,
    ) as exc:  # TOMLDecodeError, a 5,000-digit int, arrays nested thousands deep
        m = re.search(r"line (\d+)", str(exc))
        raise ManifestError(
            [Problem(shown, int(m.group(1)) if m else None, f"invalid TOML: {exc}")]
        ) from None
    data = doc.get("tool", {}).get("llm-advisor") if isinstance(doc.get("tool"), dict) else None
    if data is None:
        raise ManifestError([Problem(shown, None, "no [tool.llm-advisor] table")])
    index = toml_line_index(text)

    def line_of(loc: Sequence[str | int]) -> int | None:
        path: tuple[str | int, ...] = PYPROJECT_TABLE
        best = index.get(path)
        for part in loc:
            path = (*path, part)
            if path in index:
                best = index[path]
            elif isinstance(part, str):
                break
        return best

    return data, line_of


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(
    r"^\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*="
)


def _split_key(key: str) -> list[str]:
    parts = re.findall(r"\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_-]+)", key)
    return [a or b or c for a, b, c in parts]


def toml_line_index(text: str) -> dict[tuple[str | int, ...], int]:
    """Best-effort map from a key path to its 1-based line: tomllib keeps no positions.

    Covers what manifests use: [tables], [[arrays of tables]] (indexed by occurrence), `key = value`
    and dotted keys. Keys inside inline tables or multi-line arrays map to the line that opens them.
    """
    index: dict[tuple[str | int, ...], int] = {}
    counts: dict[tuple[str | int, ...], int] = {}
    table: tuple[str | int, ...] = ()
    in_string: str | None = None
    depth = 0  # open brackets of a multi-line value
    for lineno, line in enumerate(text.splitlines(), start=1):
        if in_string is not None:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        if depth > 0:
            depth = max(0, depth + _bracket_balance(line))
            continue
        header = _HEADER.match(line)
        if header:
            names = _split_key(header.group(2))
            if header.group(1) == "[[":
                path = [*_resolve_table(names[:-1], counts), names[-1]]
                key = tuple(path)
                counts[key] = counts.get(key, -1) + 1
                path.append(counts[key])
            else:
                path = _resolve_table(names, counts)
            table = tuple(path)
            for i in range(1, len(table) + 1):  # [a.b.c] also locates a and a.b when they have no header
                index.setdefault(table[:i], lineno)
            continue
        m = _KEY.match(line)
        if m:
            key_path = (*table, *_split_key(m.group(1)))
            for i in range(len(table) + 1, len(key_path) + 1):
                index.setdefault(key_path[:i], lineno)
            rest = line[m.end() :]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    in_string = quote
            if in_string is None:
                depth = max(0, _bracket_balance(rest))
    return index


def _resolve_table(names: list[str], counts: dict[tuple[str | int, ...], int]) -> list[str | int]:
    """[a.b.c] under an array of tables [[a.b]] refers to its latest element: a.b.<n>.c."""
    path: list[str | int] = []
    for name in names:
        path.append(name)
        key = tuple(path)
        if key in counts:
            path.append(counts[key])
    return path


def _bracket_balance(text: str) -> int:
    code = re.sub(r"\"(?:[^\"\\]|\\.)*\"|'[^']*'", '""', text).split("#", 1)[0]
    return code.count("[") + code.count("{") - code.count("]") - code.count("}")
