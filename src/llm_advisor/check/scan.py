"""Find Hugging Face model references in Python code with `ast`: string literals only, each with file:line."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# Directories that hold other people's code or build output, never the project's model choices.
SKIP_DIRS = frozenset({
    "__pycache__", "node_modules", "site-packages", "venv", "env", "build", "dist", "htmlcov",
})
HUB_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?$")
WEIGHT_SUFFIXES = (".json", ".bin", ".safetensors", ".pt", ".pth", ".ckpt", ".gguf", ".onnx", ".h5", ".msgpack", ".py", ".txt")

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


@dataclass(frozen=True, order=True)
class ScanError:
    file: str
    line: int | None
    message: str


@dataclass
class ScanResult:
    references: list[Reference] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    files: int = 0


def python_files(paths: Iterable[Path]) -> list[Path]:
    """Every .py file under the given files and directories, sorted, skipping virtualenvs, hidden and build dirs."""
    found: set[Path] = set()
    for path in paths:
        if path.is_file():
            found.add(path)
            continue
        for candidate in path.rglob("*.py"):
            rel = candidate.relative_to(path).parts[:-1]
            if any(part in SKIP_DIRS or part.startswith(".") for part in rel):
                continue
            if candidate.is_file():
                found.add(candidate)
    return sorted(found, key=lambda p: p.as_posix())


def scan(paths: Iterable[Path], root: Path) -> ScanResult:
    """Model references in every Python file under `paths`; files are shown relative to `root`."""
    from llm_advisor.check.manifest import display_path

    result = ScanResult()
    for file in python_files(paths):
        shown = display_path(file, root)
        result.files += 1
        try:
            source = file.read_bytes()
            tree = ast.parse(source, filename=shown)
        except SyntaxError as exc:
            result.errors.append(ScanError(shown, exc.lineno, f"cannot parse: {exc.msg}"))
            continue
        except (OSError, ValueError) as exc:  # ValueError: null bytes or a bad encoding cookie
            result.errors.append(ScanError(shown, None, f"cannot read: {exc}"))
            continue
        result.references.extend(references_in(tree, shown, (root, file.parent)))
    result.references.sort()
    result.errors.sort(key=lambda e: (e.file, e.line or 0, e.message))
    return result


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
    return not any((base / text).exists() for base in bases)
