"""The ast-based model reference finder: which calls count, string literals only, file:line, which files."""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from llm_advisor.check.scan import HUB_ID, WEIGHT_SUFFIXES, python_files, references_in, scan
from tests.conftest import write


def refs(source: str) -> list[tuple[int, str, str, str | None, str | None]]:
    return [(r.line, r.model, r.call, r.task, r.revision) for r in references_in(ast.parse(source), "x.py")]


def test_every_supported_call_form_is_found_with_its_line() -> None:
    source = """\
from transformers import AutoModel, AutoTokenizer, pipeline
import transformers, huggingface_hub
from sentence_transformers import SentenceTransformer, CrossEncoder
AutoModel.from_pretrained("org/a")
AutoTokenizer.from_pretrained(pretrained_model_name_or_path="org/b", revision="0123456789abcdef0123456789abcdef01234567")
pipeline("summarization", model="org/c")
pipeline(task="translation", model="org/d")
pipeline(model="org/e")
transformers.pipeline("ner", "org/f")
SentenceTransformer("org/g")
CrossEncoder(model_name_or_path="org/h")
huggingface_hub.hf_hub_download(repo_id="org/i", filename="config.json")
huggingface_hub.snapshot_download("org/j")
x = dict(
    y=AutoModel.from_pretrained(
        "org/k",
    )
)
"""
    assert refs(source) == [
        (4, "org/a", "from_pretrained", None, None),
        (5, "org/b", "from_pretrained", None, "0123456789abcdef0123456789abcdef01234567"),
        (6, "org/c", "pipeline", "summarization", None),
        (7, "org/d", "pipeline", "translation", None),
        (8, "org/e", "pipeline", None, None),
        (9, "org/f", "pipeline", "ner", None),
        (10, "org/g", "SentenceTransformer", "sentence-similarity", None),
        (11, "org/h", "CrossEncoder", "text-ranking", None),
        (12, "org/i", "hf_hub_download", None, None),
        (13, "org/j", "snapshot_download", None, None),
        (16, "org/k", "from_pretrained", None, None),  # the line of the string, not of the call
    ]


def test_only_plain_string_literals_that_look_like_hub_ids_count() -> None:
    source = """\
name = "org/a"
AutoModel.from_pretrained(name)
AutoModel.from_pretrained(f"org/{name}")
AutoModel.from_pretrained("org/" + "b")
AutoModel.from_pretrained("./local/dir")
AutoModel.from_pretrained("/abs/dir")
AutoModel.from_pretrained("not a model id")
AutoModel.from_pretrained("org/model.safetensors")
hf_hub_download(repo_id="squad", filename="x.json", repo_type="dataset")
snapshot_download("org/space", repo_type="space")
pipeline("text-generation")
load("org/c")
obj.method("org/d")
hf_hub_download(repo_id="org/e", filename="f", repo_type="model")
"""
    assert refs(source) == [(14, "org/e", "hf_hub_download", None, None)]


def test_existing_local_directories_are_not_hub_ids(tmp_path: Path) -> None:
    (tmp_path / "checkpoints" / "best").mkdir(parents=True)
    write(
        tmp_path / "train.py",
        'AutoModel.from_pretrained("checkpoints/best")\nAutoModel.from_pretrained("org/real")\n',
    )
    result = scan([tmp_path], tmp_path)
    assert [(r.file, r.line, r.model) for r in result.references] == [("train.py", 2, "org/real")]


def test_files_are_walked_sorted_skipping_virtualenvs_hidden_and_tool_dirs(tmp_path: Path) -> None:
    call = 'AutoModel.from_pretrained("org/m")\n'
    for rel in [
        "b.py",
        "a/z.py",
        "a/b.py",
        ".venv/lib/x.py",
        "venv/x.py",
        "node_modules/x.py",
        ".hidden/x.py",
        "build/x.py",
        "pkg/__pycache__/x.py",
        "notes.txt",
    ]:
        write(tmp_path / rel, call)
    found = [p.relative_to(tmp_path).as_posix() for p in python_files([tmp_path])]
    # build/ (like env/ and dist/) can be a project folder: it is scanned (issue 14)
    assert found == ["a/b.py", "a/z.py", "b.py", "build/x.py"]
    # a file named explicitly is scanned wherever it is
    assert python_files([tmp_path / "venv" / "x.py"]) == [tmp_path / "venv" / "x.py"]
    result = scan([tmp_path], tmp_path)
    assert [r.file for r in result.references] == [
        "a/b.py",
        "a/z.py",
        "b.py",
        "build/x.py",
    ] and result.files == 4


def test_unparsable_files_are_reported_not_fatal(tmp_path: Path) -> None:
    # both name a call, so the prefilter sends them to ast (files that cannot hold a reference are not parsed)
    write(tmp_path / "bad.py", "x = pipeline\ndef f(:\n")
    (tmp_path / "nul.py").write_bytes(b"x = pipeline\x00\n")
    write(tmp_path / "ok.py", 'pipeline(model="org/m")\n')
    result = scan([tmp_path], tmp_path)
    assert [(e.file, e.line) for e in result.errors] == [("bad.py", 2), ("nul.py", None)]
    assert [r.model for r in result.references] == ["org/m"]


def test_paths_outside_the_root_are_absolute(tmp_path: Path) -> None:
    write(tmp_path / "elsewhere" / "m.py", 'pipeline(model="org/m")\n')
    (tmp_path / "root").mkdir()
    (ref,) = scan([tmp_path / "elsewhere"], tmp_path / "root").references
    assert ref.file == (tmp_path / "elsewhere" / "m.py").resolve().as_posix()


@given(st.text(max_size=40))
def test_any_literal_is_found_exactly_when_it_looks_like_a_hub_id(text: str) -> None:
    found = refs(f"AutoModel.from_pretrained({text!r})")
    expected = bool(HUB_ID.match(text)) and not text.lower().endswith(WEIGHT_SUFFIXES) and ".." not in text
    assert bool(found) is expected
