"""Find Hugging Face model references in Python code with `ast`: string literals only, each with file:line.

Built for monorepos: the walk never enters skipped directories, a byte prefilter leaves only the files that
mention one of the call names to be parsed, and any one file (or unreadable directory) that cannot be
handled is a `ScanError`, never the end of the scan.
"""

from __future__ import annotations

import ast
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from llm_advisor.msg import Msg, m

# Directories that hold other people's code, tool state or caches, never the project's model choices.
# Project folders named env, build or dist are scanned: a virtualenv under any name is recognised by its
# pyvenv.cfg instead. Every other hidden directory (.git, .venv, .tox, …) is skipped too.
SKIP_DIRS = frozenset(
    {
        "__pycache__",
        "node_modules",
        "site-packages",
        "dist-packages",
        "venv",
        "htmlcov",
        "__pypackages__",
    }
)
VENV_MARKER = "pyvenv.cfg"
MAX_FILE_BYTES = 4 * 1024 * 1024  # a larger .py file is generated code or an attack: reported, not parsed

HUB_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?$")
WEIGHT_SUFFIXES = (
    ".json",
    ".bin",
    ".safetensors",
    ".pt",
    ".pth",
    ".ckpt",
    ".gguf",
    ".onnx",
    ".h5",
    ".msgpack",
    ".py",
    ".txt",
)

# callee name -> (positional index of the model id, keyword names of the model id)
_MODEL_ARG: dict[str, tuple[int | None, tuple[str, ...]]] = {
    "from_pretrained": (0, ("pretrained_model_name_or_path", "model_id")),
    "SentenceTransformer": (0, ("model_name_or_path",)),
    "CrossEncoder": (0, ("model_name_or_path", "model_name")),
    "hf_hub_download": (0, ("repo_id",)),
    "snapshot_download": (0, ("repo_id",)),
    "pipeline": (1, ("model",)),
}
# the libraries' own purpose, used as the task when the code does not name one
_IMPLIED_TASK = {"SentenceTransformer": "sentence-similarity", "CrossEncoder": "text-ranking"}

# A file can only hold a reference if a callee name appears in it as a whole identifier; the byte search
# is ~100x cheaper than ast.parse, and the names come from _MODEL_ARG so the two cannot drift apart.
# (A callee spelt with compatibility characters, which Python NFKC-normalises, would evade it, as it
# would evade a reviewer's grep.)
_NEEDLES = tuple(name.encode() for name in sorted(_MODEL_ARG))
PREFILTER = re.compile(
    b"|".join(rb"(?<![A-Za-z0-9_])" + re.escape(needle) + rb"(?![A-Za-z0-9_])" for needle in _NEEDLES)
)


def may_reference(source: bytes) -> bool:
    """Whether `source` names a callee as a whole identifier. The plain substring test (memchr speed) rules
    out almost every file; the regex (whole words: not make_pipeline) runs only on the few left."""
    return any(needle in source for needle in _NEEDLES) and PREFILTER.search(source) is not None


@dataclass(frozen=True, order=True)
class Reference:
    """One literal model id in code."""

    file: str
    line: int
    column: int
    model: str
    call: str
    task: str | None = None
    revision: str | None = None


@dataclass(frozen=True)
class ScanError:
    """A file or directory the scan could not handle; `message` is a message code (render/messages_check.py)."""

    file: str
    line: int | None
    message: Msg


@dataclass
class ScanResult:
    references: list[Reference] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    files: int = 0  # .py files found
    parsed: int = 0  # of them, the ones the prefilter let through to ast


def python_files(paths: Iterable[Path], errors: list[tuple[Path, OSError]] | None = None) -> list[Path]:
    """Every .py file under the given files and directories, sorted. Skipped directories are pruned (never
    entered); symlinked directories are not followed (no loops, nothing outside the tree); a directory that
    cannot be listed is appended to `errors` when given."""
    found: set[Path] = set()
    for path in paths:
        if path.is_file():
            found.add(path)
        elif path.is_dir():
            found.update(_walk(path, errors))
    return sorted(found, key=lambda p: p.as_posix())


def _walk(top: Path, errors: list[tuple[Path, OSError]] | None) -> list[Path]:
    """An explicit stack rather than recursion, so a tree thousands of levels deep is only a long walk."""
    out: list[Path] = []
    stack = [top]
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as it:
                entries = list(it)
        except OSError as exc:
            if errors is not None:
                errors.append((directory, exc))
            continue
        if directory != top and any(e.name == VENV_MARKER for e in entries):
            continue  # a virtualenv, whatever its name (env/, .env/, venv3/ …)
        for entry in entries:
            name = entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if name not in SKIP_DIRS and not name.startswith(".") and not name.endswith(".egg-info"):
                        stack.append(directory / name)
                elif name.endswith(".py") and entry.is_file():  # a symlinked file counts where the link is
                    out.append(directory / name)
            except OSError:  # vanished or unreadable entry: nothing to scan there
                continue
    return out


def scan(paths: Iterable[Path], root: Path) -> ScanResult:
    """Model references in every Python file under `paths`; files are shown relative to `root`."""
    from llm_advisor.check.manifest import display_path

    result = ScanResult()
    dir_errors: list[tuple[Path, OSError]] = []
    files = python_files(paths, dir_errors)
    for directory, exc in dir_errors:
        result.errors.append(
            ScanError(display_path(directory, root), None, m("scan.unreadable_dir", error=_os_error(exc)))
        )
    shown_of = _Shown(root)
    for file in files:
        shown = shown_of(file)
        result.files += 1
        refs, error = _scan_file(file, shown, (root, file.parent))
        if error is not None:
            result.errors.append(error)
        if refs is not None:
            result.parsed += 1
            result.references.extend(refs)
    result.references.sort()
    result.errors.sort(key=lambda e: (e.file, e.line or 0, e.message["code"]))
    return result


def _scan_file(
    file: Path, shown: str, bases: tuple[Path, ...]
) -> tuple[list[Reference] | None, ScanError | None]:
    """(references or None when not parsed, an error or None). Every failure stays inside this one file."""
    try:
        # non-blocking, then fstat: a FIFO or device put there since the walk is skipped, never waited on
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None, None
            source = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, ScanError(shown, None, m("scan.cannot_read", error=_os_error(exc)))
    if len(source) > MAX_FILE_BYTES:  # whatever the prefilter says of its first bytes: say it was not scanned
        return None, ScanError(shown, None, m("scan.too_large", limit_mb=MAX_FILE_BYTES // (1024 * 1024)))
    if not may_reference(source):
        return None, None
    try:
        tree = ast.parse(source, filename=shown)
        return references_in(tree, shown, bases), None
    except SyntaxError as exc:
        return [], ScanError(shown, exc.lineno, m("scan.cannot_parse", error=exc.msg))
    except ValueError as exc:  # null bytes, a bad encoding cookie
        return [], ScanError(shown, None, m("scan.cannot_parse", error=str(exc)))
    except (RecursionError, MemoryError):  # `1+1+…` 100k long, or nesting the parser cannot hold
        return [], ScanError(shown, None, m("scan.too_complex"))


class _Shown:
    """display_path() for many files of one tree: each directory is resolved once, not every file.
    A symlinked file is shown where the link is (the path in the repository), not where it points."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._dirs: dict[Path, str] = {}

    def __call__(self, file: Path) -> str:
        from llm_advisor.check.manifest import display_path
        from llm_advisor.safeio import printable

        parent = self._dirs.get(file.parent)
        if parent is None:
            parent = self._dirs[file.parent] = display_path(file.parent, self.root)
        name = printable(file.name)
        return name if parent == "." else f"{parent.rstrip('/')}/{name}"


def _os_error(exc: OSError) -> str:
    """The reason without the path (the finding carries the path, already made printable)."""
    return exc.strerror or type(exc).__name__


def references_in(tree: ast.AST, shown: str, bases: tuple[Path, ...] = ()) -> list[Reference]:
    """Literal model ids passed to the calls in _MODEL_ARG; a string naming an existing local path is skipped."""
    refs: list[Reference] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        call = _callee(node.func)
        if call not in _MODEL_ARG:
            continue
        if call in ("hf_hub_download", "snapshot_download"):
            repo_type = _literal(_keyword(node, "repo_type"))
            if repo_type not in (None, "model"):
                continue  # a dataset or a Space, not a model
        position, names = _MODEL_ARG[call]
        arg = next((kw.value for kw in node.keywords if kw.arg in names), None)
        if arg is None and position is not None and len(node.args) > position:
            arg = node.args[position]
        model = _literal(arg)
        if model is None or not _looks_like_hub_id(model, bases):
            continue
        task = _IMPLIED_TASK.get(call)
        if call == "pipeline":
            task_node = _keyword(node, "task") or (node.args[0] if node.args else None)
            task = _literal(task_node)
        revision = _literal(_keyword(node, "revision"))
        assert arg is not None
        refs.append(Reference(shown, arg.lineno, arg.col_offset + 1, model, call, task, revision))
    return sorted(refs)


def _callee(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _keyword(node: ast.Call, name: str) -> ast.expr | None:
    return next((kw.value for kw in node.keywords if kw.arg == name), None)


def _literal(node: ast.expr | None) -> str | None:
    """A plain string literal; f-strings, names and concatenations are not model choices we can check."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _looks_like_hub_id(text: str, bases: tuple[Path, ...]) -> bool:
    if not HUB_ID.match(text) or text.lower().endswith(WEIGHT_SUFFIXES) or ".." in text:
        return False
    # "checkpoints/best" is a local directory when it exists next to the code or at the root
    try:
        return not any((base / text).exists() for base in bases)
    except OSError:  # a name too long for the file system is no local directory
        return True
