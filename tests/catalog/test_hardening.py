"""Hostile catalog input is refused fast with file:line and exit 2: alias bombs, huge files, FIFOs, absurd
numbers, trees 1,500 deep, non-UTF-8 names; the compiled cache is shared safely between installs."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from llm_advisor.catalog import loader
from llm_advisor.catalog.loader import _digest, _prune, _write_cache, catalog_files, load_catalog
from llm_advisor.catalog.yamlfile import YamlSyntaxError, parse, read_text
from llm_advisor.errors import CatalogError
from tests.conftest import REPO, deadline, flat, run, write

BOMB = REPO / "tests" / "fixtures" / "hostile" / "billion-laughs.yaml"

MODEL = """\
models:
  - id: acme/huge-model
    family: acme
    architecture: decoder-only
    params: {params}
    license: apache-2.0
    tasks:
      - id: text-generation
        tier: good
        editorial: a test entry, never shown to users
    strengths: {{en: Test., zh: 测试。}}
    limits: {{en: Test., zh: 测试。}}
    source: https://example.com/acme
"""


@pytest.fixture(autouse=True)
def shared_cache(
    isolated_env: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One compiled built-in catalog for the whole module (the key is content only), so each test
    does not pay for a compile."""
    monkeypatch.setenv("LLM_ADVISOR_CACHE", str(tmp_path_factory.getbasetemp() / "catalog-hardening-cache"))


def layer_problems(report: str, root: Path) -> list[dict[str, object]]:
    """The problems `catalog validate --format json` reports in files under `root`."""
    problems: list[dict[str, object]] = json.loads(report)["problems"]
    return [p for p in problems if str(p["file"]).startswith(str(root))]


# ---------------------------------------------------------------------------------------------- YAML


def test_billion_laughs_is_refused_before_any_walk() -> None:
    assert BOMB.stat().st_size <= 600
    start = time.perf_counter()
    with deadline(10), pytest.raises(YamlSyntaxError) as info:
        parse(BOMB.read_text(encoding="utf-8"))
    assert time.perf_counter() - start < 2
    assert info.value.line == 3  # the first alias
    assert "aliases expand this document" in info.value.message


def test_bomb_fails_fast_in_catalog_validate_and_catalog_option(tmp_path: Path) -> None:
    shutil.copy(BOMB, tmp_path / "models.yaml")
    with deadline(60):
        validated = run("catalog", "validate", str(tmp_path))
        layered = run("list", "tasks", "--catalog", str(tmp_path))
    assert validated.exit_code == 2
    assert f"{tmp_path / 'models.yaml'}:3: YAML aliases expand this document" in validated.stdout
    assert layered.exit_code == 2
    assert f"{tmp_path / 'models.yaml'}:3: YAML aliases" in flat(layered.stderr)
    assert "internal error" not in validated.output + layered.output


def test_bomb_fails_fast_as_a_check_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(BOMB, tmp_path / "llm-advisor.yaml")
    monkeypatch.chdir(tmp_path)
    with deadline(60):
        result = run("check")
    assert result.exit_code == 2
    assert "llm-advisor.yaml:3: error[invalid-manifest] YAML aliases expand this document" in result.stdout


def test_modest_aliases_still_load() -> None:
    """Hand-shared lists (the built-in catalog has a few) stay accepted; merge keys too."""
    doc = parse("a: &langs [en, zh]\nb: *langs\nc: &m {k: 1}\nd: {<<: *m, j: 2}\n")
    assert doc.data == {"a": ["en", "zh"], "b": ["en", "zh"], "c": {"k": 1}, "d": {"k": 1, "j": 2}}


def test_recursive_alias_is_refused() -> None:
    with pytest.raises(YamlSyntaxError) as info:
        parse("x: 1\na: &self [1, *self]\n")
    assert info.value.line == 2 and "recursive alias" in info.value.message


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("x: 1\nbatch: " + "1" * 5000 + "\n", 2, "a number too long to read (5,000 characters)"),
        ("x: 1\ndate: 2026-13-45\n", 2, "invalid value '2026-13-45'"),
    ],
)
def test_values_python_cannot_convert_are_syntax_errors(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlSyntaxError) as info:
        parse(text)
    assert info.value.line == line and message in info.value.message


def test_oversized_catalog_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "layer" / "terms.yaml"
    big.parent.mkdir()
    with big.open("wb") as fh:
        fh.write(b"# padding\n" * (5 * 1024 * 1024 // 10 + 1))
    result = run("catalog", "validate", str(big.parent))
    assert result.exit_code == 2
    assert f"{big}:0: larger than the catalog file limit of 5 MB" in result.stdout


def test_fifo_named_like_a_catalog_file_never_blocks(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    with pytest.raises(YamlSyntaxError, match="not a regular file"), deadline(10):
        read_text(tmp_path / "pipe.yaml")
    with deadline(60):
        result = run("catalog", "validate", str(tmp_path), "--format", "json")
    assert result.exit_code in (0, 2), result.output  # the built-in layer's own state aside
    assert not layer_problems(result.stdout, tmp_path)  # not a regular file: not a catalog file either


# ------------------------------------------------------------------------------------------ numbers


def test_catalog_params_with_400_digits_is_a_schema_problem(tmp_path: Path) -> None:
    write(tmp_path / "layer" / "models.yaml", MODEL.format(params="1" * 400))
    result = run("catalog", "validate", str(tmp_path / "layer"))
    assert result.exit_code == 2
    assert (
        f"{tmp_path / 'layer' / 'models.yaml'}:5: models[0] (acme/huge-model): params: Input should be less than or equal to 100000000000000"
        in result.stdout
    )


def test_catalog_params_at_the_bound_is_accepted(tmp_path: Path) -> None:
    write(tmp_path / "layer" / "models.yaml", MODEL.format(params=10**14))
    result = run("catalog", "validate", str(tmp_path / "layer"), "--format", "json")
    assert not [p for p in layer_problems(result.stdout, tmp_path) if "params" in str(p["message"])]


# ---------------------------------------------------------------------------------- paths and trees


def test_tree_1500_deep_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    deep = tmp_path / "layer"
    deep.mkdir()
    here = os.getcwd()
    try:
        os.chdir(deep)
        for _ in range(1500):  # relative steps: the absolute path outgrows PATH_MAX
            os.mkdir("d")
            os.chdir("d")
    finally:
        os.chdir(here)
    try:
        with pytest.raises(CatalogError, match="nested more than 32 levels deep"):
            catalog_files(deep)
        validated = run("catalog", "validate", str(deep), "--format", "json")
        assert validated.exit_code == 2
        assert "nested more than 32 levels deep" in json.loads(validated.stdout)["problems"][0]["message"]
        layered = run("list", "tasks", "--catalog", str(deep))
        assert layered.exit_code == 2 and "nested more than 32 levels deep" in flat(layered.stderr)
    finally:
        remove_chain(deep)  # pytest's recursive clean-up of old temp dirs would overflow on it


def remove_chain(root: Path) -> None:
    """Remove a root/d/d/…/d chain without recursion."""
    here, depth = os.getcwd(), 0
    try:
        os.chdir(root)
        while os.path.isdir("d"):
            os.chdir("d")
            depth += 1
        for _ in range(depth):
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(here)


def test_catalog_path_over_255_bytes(tmp_path: Path) -> None:
    long = tmp_path / ("a" * 300)
    for args in (("list", "tasks", "--catalog", str(long)), ("catalog", "validate", str(long))):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert "cannot read the catalog directory (File name too long)" in flat(result.output)
        assert "internal error" not in result.output


def test_non_utf8_layer_names_are_hashed_and_shown(tmp_path: Path) -> None:
    layer = Path(os.fsdecode(os.fsencode(tmp_path) + b"/layer\xff"))
    write(layer / "t\xe9.yaml".encode("latin-1").decode("utf-8", "surrogateescape"), "glossary: []\n")
    assert _digest([(layer, False)])  # no UnicodeEncodeError on surrogates
    assert [p.name for p in catalog_files(layer)] == ["t\udce9.yaml"]
    missing = Path(os.fsdecode(os.fsencode(tmp_path) + b"/missing\xfe"))
    result = run("catalog", "validate", str(missing), "--format", "json")
    assert result.exit_code == 2
    problem = json.loads(result.stdout)["problems"][0]
    assert problem["file"].endswith("/missing\\xfe") and problem["message"] == "catalog directory not found"


# -------------------------------------------------------------------------------------- the cache


def _catalog_copy(root: Path) -> Path:
    write(root / "terms.yaml", "glossary: []\n")
    write(root / "models" / "m.yaml", "models: []\n")
    return root


def test_cache_key_is_content_only_for_the_builtin_layer(tmp_path: Path) -> None:
    a, b = _catalog_copy(tmp_path / "install-a"), _catalog_copy(tmp_path / "install-b")
    assert _digest([(a, True)]) == _digest([(b, True)])  # two installs of one version share an entry
    write(b / "terms.yaml", "glossary: []\n# changed\n")
    assert _digest([(a, True)]) != _digest([(b, True)])
    # a user layer's path is shown in its problems and origins, so it stays part of the key
    c = _catalog_copy(tmp_path / "user-c")
    assert _digest([(a, True), (c, False)]) != _digest([(a, True), (b, False)])


def test_writing_keeps_other_installs_entries(tmp_path: Path) -> None:
    cache = tmp_path / "c"
    data: dict[str, Any] = {"models": {"m": {}}, "tasks": {}}
    _write_cache(cache / "catalog-aaa.json", data)
    _write_cache(cache / "catalog-bbb.json", data)
    names = sorted(p.name for p in cache.iterdir())
    assert names == [
        "catalog-aaa.json",
        "catalog-aaa.models.json",
        "catalog-bbb.json",
        "catalog-bbb.models.json",
    ]


def test_prune_removes_only_old_entries_beyond_the_newest_few(tmp_path: Path) -> None:
    now = time.time()
    for i in range(8):  # entries 0..7, entry i last used i days ago
        for suffix in (".json", ".models.json"):
            path = write(tmp_path / f"catalog-{i}{suffix}", "{}")
            os.utime(path, (now - i * 86400 - 60, now - i * 86400 - 60))
    fresh_tmp = write(tmp_path / "catalog-x.json.123.tmp", "")
    stale_tmp = write(tmp_path / "catalog-y.json.456.tmp", "")
    os.utime(stale_tmp, (now - 3 * 86400, now - 3 * 86400))
    _prune(tmp_path, keep=set(), now=now)
    left = {p.name.split(".")[0] for p in tmp_path.glob("catalog-*.models.json")}
    assert left == {"catalog-0", "catalog-1", "catalog-2", "catalog-3"}  # the newest CACHE_KEEP
    assert not (tmp_path / "catalog-5.json").exists()
    assert fresh_tmp.exists() and not stale_tmp.exists()


def test_recent_entries_survive_even_beyond_the_newest_few(tmp_path: Path) -> None:
    now = time.time()
    for i in range(8):  # all used within the last hour: another install may be reading any of them
        for suffix in (".json", ".models.json"):
            os.utime(write(tmp_path / f"catalog-{i}{suffix}", "{}"), (now - i * 60, now - i * 60))
    _prune(tmp_path, keep=set(), now=now)
    assert len(list(tmp_path.glob("catalog-*.models.json"))) == 8


def test_temp_files_are_removed_when_a_write_fails(tmp_path: Path) -> None:
    cache = tmp_path / "c"
    (cache / "catalog-zzz.json").mkdir(parents=True)  # the rename onto it fails
    _write_cache(cache / "catalog-zzz.json", {"models": {}, "tasks": {}})
    assert not list(cache.glob("*.tmp"))


def test_a_cache_hit_marks_the_entry_as_in_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_ADVISOR_CACHE", str(tmp_path / "own"))
    load_catalog()
    models = next((tmp_path / "own").glob("catalog-*.models.json"))
    os.utime(models, (1_000_000, 1_000_000))
    load_catalog()
    assert models.stat().st_mtime > time.time() - 3600


def test_models_file_removed_after_start_up_is_recompiled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LLM_ADVISOR_CACHE", str(tmp_path / "own"))
    load_catalog()
    catalog = load_catalog()  # from the cache; models not read yet
    assert "models" not in catalog.data
    for path in (tmp_path / "own").glob("catalog-*.models.json"):
        path.unlink()
    assert len(catalog.models) > 100


def test_loader_module_keeps_the_fast_path_free_of_yaml() -> None:
    assert loader.MAX_DEPTH == 32 and "yaml" not in loader.__dict__
