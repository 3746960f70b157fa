"""`check` at monorepo scale (issue 14): a pruned walk, the byte prefilter, per-file error isolation, deep and
unreadable trees, the manifest found in parent directories, paths relative to the repository root, and
machine-format reports written even when the manifest is missing or invalid."""

from __future__ import annotations

import ast
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st

from llm_advisor.catalog.loader import Catalog
from llm_advisor.check import scan as scan_module
from llm_advisor.check.manifest import locate, repository_root, search_manifest
from llm_advisor.check.scan import may_reference, python_files, references_in, scan
from tests.check.conftest import invoke
from tests.conftest import write

SHA = "0123456789abcdef0123456789abcdef01234567"
# better-pick is ignored: what the catalog ranks first changes as it grows; these tests are about paths
MANIFEST = f"policy:\n  ignore: [better-pick]\nmodels:\n  - name: chat\n    task: text-generation\n    model: Qwen/Qwen3-8B\n    revision: {SHA}\n"
CALL = 'AutoModel.from_pretrained("org/m")\n'


def repo(tmp_path: Path, manifest: str = MANIFEST) -> Path:
    """A repository: .git marks its root (the upward manifest search stops there)."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    write(root / "llm-advisor.yaml", manifest)
    return root


# --- the walk ----------------------------------------------------------------------------------------


def test_skipped_directories_are_pruned_never_entered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for rel in [
        "src/a.py",
        "env/settings.py",
        "build/gen.py",
        "dist/tool.py",
        "node_modules/pkg/deep/x.py",
        ".git/hooks/x.py",
        ".venv/lib/site-packages/x.py",
        "lib/site-packages/x.py",
        "pkg/__pycache__/x.py",
        "venv/x.py",
        "myenv/lib/x.py",
        "pkg.egg-info/x.py",
        ".tox/py/x.py",
    ]:
        write(tmp_path / rel, CALL)
    write(tmp_path / "myenv" / "pyvenv.cfg", "home = /usr/bin\n")  # a virtualenv under a project-like name
    listed: list[str] = []
    real_scandir = os.scandir

    def spy(path: Any) -> Any:
        listed.append(Path(path).relative_to(tmp_path).as_posix())
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", spy)
    found = [p.relative_to(tmp_path).as_posix() for p in python_files([tmp_path])]
    # project folders named env, build and dist are the project's code (issue 14)
    assert found == ["build/gen.py", "dist/tool.py", "env/settings.py", "src/a.py"]
    # skipped directories are not even listed; the virtualenv is listed once (to see its pyvenv.cfg), no deeper
    assert sorted(listed) == [".", "build", "dist", "env", "lib", "myenv", "pkg", "src"]


def test_a_tree_1500_levels_deep_is_walked_without_recursion(tmp_path: Path) -> None:
    _chain(tmp_path, "d", 1500)  # pathlib's mkdir(parents=True) itself recurses too deep for this
    try:
        write(tmp_path.joinpath(*["d"] * 1500) / "model.py", CALL)
        result = scan([tmp_path], tmp_path)
        assert [r.file for r in result.references] == ["d/" * 1500 + "model.py"] and result.errors == []
    finally:
        _remove_chain(tmp_path, "d", 1500)  # shutil.rmtree (pytest's clean-up) recurses too deep as well


def _chain(top: Path, name: str, depth: int) -> None:
    """`depth` nested directories `name` under `top`, created relative to an open fd: iteratively, and
    even beyond PATH_MAX."""
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=fd)
            new = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = new
    finally:
        os.close(fd)


def _remove_chain(top: Path, name: str, depth: int) -> None:
    fds = [os.open(top, os.O_RDONLY)]
    try:
        for _ in range(depth):
            fds.append(os.open(name, os.O_RDONLY, dir_fd=fds[-1]))
        for level in range(depth, 0, -1):  # deepest first: its files, then the directory itself
            for entry in os.listdir(fds[level]):
                if entry != name:
                    os.unlink(entry, dir_fd=fds[level])
            os.rmdir(name, dir_fd=fds[level - 1])
    finally:
        for fd in fds:
            os.close(fd)


def test_a_directory_that_cannot_be_listed_is_a_warning_and_the_scan_goes_on(tmp_path: Path) -> None:
    write(tmp_path / "ok.py", CALL)
    (tmp_path / "long").mkdir()
    _chain(
        tmp_path / "long", "n" * 200, 25
    )  # beyond PATH_MAX: os.scandir fails with ENAMETOOLONG, even for root
    result = scan([tmp_path], tmp_path)
    assert [r.file for r in result.references] == ["ok.py"]
    (error,) = result.errors
    assert error.file.startswith("long/") and error.message["code"] == "scan.unreadable_dir"
    assert error.message["params"]["error"] == "File name too long"


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions that bind (not root)"
)
def test_an_unreadable_subdirectory_is_a_warning(tmp_path: Path) -> None:
    write(tmp_path / "ok.py", CALL)
    locked = tmp_path / "locked"
    write(locked / "hidden.py", CALL)
    locked.chmod(0)
    try:
        result = scan([tmp_path], tmp_path)
    finally:
        locked.chmod(0o755)
    assert [r.file for r in result.references] == ["ok.py"]
    assert [(e.file, e.message["code"]) for e in result.errors] == [("locked", "scan.unreadable_dir")]


def test_an_unreadable_directory_is_a_scan_error_finding(
    app: typer.Typer, in_dir: Any, tmp_path: Path
) -> None:
    root = in_dir(repo(tmp_path))
    write(root / "src" / "ok.py", "x = 1\n")
    (root / "src" / "long").mkdir()
    _chain(root / "src" / "long", "n" * 200, 25)
    result = invoke(app, "check", "--scan", "src", "-f", "json")
    assert result.exit_code == 0, result.stderr  # a warning: fails only with --strict
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["rule"] == "scan-error" and finding["file"].startswith("src/long/")
    assert finding["message"]["text"].startswith("cannot read this directory (File name too long)")
    assert invoke(app, "check", "--scan", "src", "--strict").exit_code == 1


# --- the prefilter -----------------------------------------------------------------------------------


def test_only_files_naming_a_call_are_parsed(tmp_path: Path) -> None:
    for i in range(40):
        write(
            tmp_path / f"plain{i:02}.py",
            "import sklearn\nmake_pipeline(x)\npipelines = 1\nmy_from_pretrained_x = 2\n",
        )
    write(
        tmp_path / "a.py", 'from transformers import pipeline\npipe = pipeline (\n  "ner", model="org/a")\n'
    )
    write(tmp_path / "b.py", 'SentenceTransformer(\n"org/b")\n')
    write(tmp_path / "broken_but_irrelevant.py", "def f(:\n")  # cannot hold a reference: not our business
    result = scan([tmp_path], tmp_path)
    assert (result.files, result.parsed) == (43, 2)
    assert [r.model for r in result.references] == ["org/a", "org/b"] and result.errors == []


_CALLEES = [
    "from_pretrained",
    "SentenceTransformer",
    "CrossEncoder",
    "hf_hub_download",
    "snapshot_download",
    "pipeline",
]


@settings(max_examples=150, deadline=None)
@given(
    callee=st.sampled_from(_CALLEES),
    qualifier=st.sampled_from(["", "transformers.", "AutoModel.", "hub . ", "x().", "(lambda: m)()."]),
    gap=st.sampled_from(["", " ", "  \\\n  ", "\t"]),
    before=st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r"), max_size=20),
)
def test_the_prefilter_never_drops_a_file_that_has_a_reference(
    callee: str, qualifier: str, gap: str, before: str
) -> None:
    arg = '"task", "org/m"' if callee == "pipeline" else '"org/m"'
    source = f"# {before!r}\n{qualifier}{callee}{gap}({arg})\n"
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return
    if references_in(tree, "x.py"):
        assert may_reference(source.encode("utf-8"))


# --- per-file error isolation ------------------------------------------------------------------------


def test_one_hostile_file_is_one_warning_and_the_rest_is_scanned(tmp_path: Path) -> None:
    write(
        tmp_path / "a_sum.py", 'AutoModel.from_pretrained("org/x")\nx = ' + "1+" * 100_000 + "1\n"
    )  # 200 KB
    write(tmp_path / "b_attr.py", "pipeline\nx = a" + ".b" * 100_000 + "\n")  # RecursionError in ast
    write(tmp_path / "c_unary.py", "pipeline\nx = " + "-" * 100_000 + "1\n")  # the parser's MemoryError
    write(
        tmp_path / "d_parens.py", "pipeline\nx = " + "(" * 300 + ")" * 300 + "\n"
    )  # SyntaxError: too nested
    write(tmp_path / "e_ok.py", 'pipeline(model="org/ok")\n')
    result = scan([tmp_path], tmp_path)
    assert [r.model for r in result.references] == ["org/ok"]
    assert [(e.file, e.message["code"]) for e in result.errors] == [
        ("a_sum.py", "scan.too_complex"),
        ("b_attr.py", "scan.too_complex"),
        ("c_unary.py", "scan.too_complex"),
        ("d_parens.py", "scan.cannot_parse"),
    ]


def test_a_file_too_large_to_scan_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan_module, "MAX_FILE_BYTES", 1000)
    write(tmp_path / "generated_pb2.py", "x = 1\n" * 200 + CALL)  # the reference lies beyond the cap
    write(tmp_path / "small.py", CALL)
    result = scan([tmp_path], tmp_path)
    assert [r.file for r in result.references] == ["small.py"]
    assert [(e.file, e.message) for e in result.errors] == [
        ("generated_pb2.py", {"code": "scan.too_large", "params": {"limit_mb": 0}})
    ]


def test_a_hostile_file_does_not_abort_the_check(app: typer.Typer, in_dir: Any, tmp_path: Path) -> None:
    root = in_dir(repo(tmp_path))
    write(root / "src" / "sum.py", 'AutoModel.from_pretrained("org/x")\nx = ' + "1+" * 100_000 + "1\n")
    write(root / "src" / "app.py", 'AutoModel.from_pretrained("Qwen/Qwen3-8B")\n')
    result = invoke(app, "check", "--scan", "src", "-f", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert [(f["rule"], f["file"]) for f in doc["findings"]] == [("scan-error", "src/sum.py")]
    assert doc["findings"][0]["message"]["text"].startswith("too deeply nested for Python's parser")


def test_a_fifo_named_like_python_is_not_opened(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(tmp_path / "pipe.py")
    write(tmp_path / "ok.py", CALL)
    result = scan([tmp_path], tmp_path)  # would block forever if the FIFO were read
    assert [r.file for r in result.references] == ["ok.py"] and result.files == 1


# --- finding the manifest ----------------------------------------------------------------------------


def test_the_manifest_is_found_in_parent_directories_up_to_the_repository_root(tmp_path: Path) -> None:
    root = repo(tmp_path)
    deep = root / "services" / "api" / "src"
    deep.mkdir(parents=True)
    assert search_manifest(deep) == (root / "llm-advisor.yaml").resolve()
    # a nearer pyproject.toml without [tool.llm-advisor] does not stop the search; one with it does
    write(root / "services" / "pyproject.toml", "[project]\nname = 'x'\n")
    assert search_manifest(deep) == (root / "llm-advisor.yaml").resolve()
    write(root / "services" / "api" / "pyproject.toml", "[tool.llm-advisor]\nmodels = []\n")
    assert search_manifest(deep) == (root / "services" / "api" / "pyproject.toml").resolve()
    # the search stops at .git: a manifest above the repository is not this repository's
    write(tmp_path / "llm-advisor.yaml", MANIFEST)
    other = tmp_path / "other"
    (other / ".git").mkdir(parents=True)
    assert search_manifest(other) is None


def test_paths_are_relative_to_the_repository_root(tmp_path: Path) -> None:
    root = repo(tmp_path)
    sub = root / "sub"
    sub.mkdir()
    manifest = root / "llm-advisor.yaml"
    assert repository_root(manifest, root) == root  # run at the root: the current directory
    assert (
        repository_root(sub / ".." / "llm-advisor.yaml", sub).resolve() == root.resolve()
    )  # ../llm-advisor.yaml
    assert locate(None, sub) == (manifest.resolve(), root.resolve())
    monorepo = write(root / "services" / "a" / "llm-advisor.yaml", MANIFEST)
    assert locate(None, root / "services" / "a")[1] == root / "services" / "a"  # in it: the current directory
    (root / "services" / "a" / "src").mkdir()
    assert locate(None, root / "services" / "a" / "src") == (monorepo.resolve(), root.resolve())
    bare = write(tmp_path / "bare" / "llm-advisor.yaml", MANIFEST)  # no .git anywhere up to tmp_path
    (tmp_path / "bare" / "x").mkdir()
    assert repository_root(bare, tmp_path / "bare" / "x") == bare.parent.resolve()


def test_check_from_a_subdirectory_annotates_repository_paths(
    app: typer.Typer, in_dir: Any, tmp_path: Path
) -> None:
    root = repo(tmp_path, MANIFEST.replace(f"    revision: {SHA}\n", ""))  # one warning on the manifest
    write(root / "sub" / "code" / "app.py", 'AutoModel.from_pretrained("org/unlisted")\n')
    in_dir(root / "sub")
    for args in (
        ["check"],
        ["check", "../llm-advisor.yaml"],
        ["check", ".."],
        ["check", str(root / "llm-advisor.yaml")],
    ):
        result = invoke(app, *args, "--scan", "code", "-f", "github")
        assert result.exit_code == 1, (args, result.stderr)
        files = {line.split("file=", 1)[1].split(",", 1)[0] for line in result.stdout.splitlines()}
        assert files == {"llm-advisor.yaml", "sub/code/app.py"}, args


# --- reports are written even without a usable manifest ---------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "junit", "sarif", "github"])
def test_a_missing_manifest_is_still_a_report(
    app: typer.Typer, in_dir: Any, tmp_path: Path, fmt: str
) -> None:
    (tmp_path / "empty" / ".git").mkdir(parents=True)
    in_dir(tmp_path / "empty")
    out = tmp_path / "reports" / f"out.{fmt}"
    result = invoke(app, "check", "-f", fmt, "-o", str(out))
    assert result.exit_code == 2 and "no llm-advisor.yaml" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert "no llm-advisor.yaml" in text
    if fmt == "json":
        doc = json.loads(text)
        assert doc["ok"] is False and [(f["rule"], f["file"]) for f in doc["findings"]] == [
            ("invalid-manifest", None)
        ]
    elif fmt == "junit":
        assert ET.fromstring(text).get("errors") == "1"
    elif fmt == "sarif":
        assert json.loads(text)["runs"][0]["results"][0]["ruleId"] == "invalid-manifest"
    else:
        assert text.startswith("::error title=invalid-manifest::")
    # a path that does not exist is the finding's file
    result = invoke(app, "check", "missing.yaml", "-f", fmt, "-o", str(out))
    assert result.exit_code == 2 and "no such manifest: missing.yaml" in result.stderr
    if fmt == "json":
        assert json.loads(out.read_text(encoding="utf-8"))["findings"][0]["file"] == "missing.yaml"


def test_a_missing_manifest_in_text_format_is_only_the_error(
    app: typer.Typer, in_dir: Any, tmp_path: Path
) -> None:
    in_dir(tmp_path)
    (tmp_path / ".git").mkdir()
    out = tmp_path / "out.txt"
    result = invoke(app, "check", "-o", str(out))
    assert result.exit_code == 2 and result.stdout == "" and not out.exists()
    assert "no llm-advisor.yaml" in result.stderr and "or its parents" in result.stderr


@pytest.mark.parametrize("fmt", ["json", "junit", "sarif"])
def test_an_invalid_manifest_is_written_to_the_output_file(
    app: typer.Typer, in_dir: Any, tmp_path: Path, fmt: str
) -> None:
    in_dir(repo(tmp_path, "models:\n  - name: a\n    tsk: chat\n"))
    out = tmp_path / f"report.{fmt}"
    result = invoke(app, "check", "-f", fmt, "--output", str(out))
    assert result.exit_code == 2 and result.stdout == ""
    assert "invalid-manifest" in out.read_text(encoding="utf-8")


def test_path_arguments_longer_than_the_file_system_allows_are_usage_errors(
    app: typer.Typer, in_dir: Any, tmp_path: Path
) -> None:
    in_dir(repo(tmp_path))
    long = "x" * 300
    for args in (
        [long],
        [long + ".yaml", "-f", "json"],
        ["--scan", long],
        ["-f", "json", "-o", long + "/r.json"],
    ):
        result = invoke(app, "check", *args)
        assert result.exit_code == 2, (args[0][:5], result.stderr, result.exception)


# --- a 1,000-entry manifest: the fast paths give the slow paths' answers ----------------------------


def test_one_ranking_per_task_gives_each_entry_its_own_findings(catalog: Catalog, tmp_path: Path) -> None:
    """Catalog models listed for the task share one ranking per (task, constraints): the findings of a
    many-entry manifest are exactly those of each entry checked on its own."""
    from llm_advisor.check.checker import run_check
    from llm_advisor.check.manifest import load_manifest

    picked = [m for m in catalog.models.values() if any(t["id"] == "text-generation" for t in m["tasks"])][:6]
    policy = "policy:\n  hardware: rtx-4090\n  better_pick_margin: 0.01\n"

    def entry(i: int, model: str) -> str:
        return f"  - name: e{i}\n    task: text-generation\n    model: {model}\n    revision: {SHA}\n"

    path = write(
        tmp_path / "all" / "llm-advisor.yaml",
        policy + "models:\n" + "".join(entry(i, m["id"]) for i, m in enumerate(picked)),
    )
    together = run_check(catalog, load_manifest(path, path.parent))
    alone = []
    for i, m in enumerate(picked):
        single = write(tmp_path / f"one{i}" / "llm-advisor.yaml", policy + "models:\n" + entry(i, m["id"]))
        alone += [
            (f.rule, f.choice, f.suggestion, f.message)
            for f in run_check(catalog, load_manifest(single, single.parent)).findings
        ]
    assert sorted(map(repr, alone)) == sorted(
        repr((f.rule, f.choice, f.suggestion, f.message)) for f in together.findings
    )
    assert any(f.rule == "better-pick" for f in together.findings)  # the shared ranking was exercised


def test_fast_suggestions_agree_with_a_scan_of_every_name(catalog: Catalog) -> None:
    """The trigram shortlist in front of difflib keeps the first "did you mean" of a full comparison."""
    import difflib
    import random

    from llm_advisor.catalog.loader import norm

    index = catalog._index(("models",))
    rng = random.Random(14)
    typos = []
    for key in rng.sample(sorted(index), 150):
        chars = list(key)
        chars[rng.randrange(len(chars))] = rng.choice("xyz")
        typos.append("".join(chars))
    differ = []
    for typo in typos:
        full = [index[k][1] for k in difflib.get_close_matches(norm(typo), list(index), n=9, cutoff=0.6)]
        if full and catalog.suggest(typo, ("models",))[:1] != full[:1]:
            differ.append(typo)
    assert len(differ) <= 0.03 * len(typos), differ
