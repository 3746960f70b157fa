"""Loading, layering, caching and every catalog error path (file:line, exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llm_advisor.catalog.loader import load_catalog
from llm_advisor.errors import CatalogError
from tests.conftest import run, write

TERM = """\
glossary:
  - id: widget-term
    name: {en: Widget term, zh: 小部件术语}
    aliases: [wt, 小部件]
    summary: {en: A term that only tests define., zh: 只在测试中定义的术语。}
"""


def test_user_layer_adds_a_topic(tmp_path: Path) -> None:
    write(tmp_path / "mine" / "terms.yaml", TERM)
    result = run("explain", "wt", "--catalog", str(tmp_path / "mine"), "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["kind"], doc["id"], doc["resolved_from"]) == ("term", "widget-term", "wt")
    zh = run("explain", "小部件", "--catalog", str(tmp_path / "mine"), "--lang", "zh")
    assert "只在测试中定义的术语" in zh.stdout


def test_env_var_layer_and_cli_layer_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "env" / "t.yaml", TERM)
    write(tmp_path / "cli" / "t.yaml", TERM.replace("A term that only tests define.", "The CLI layer wins."))
    monkeypatch.setenv("LLM_ADVISOR_CATALOG", str(tmp_path / "env"))
    assert "only tests define" in run("explain", "widget-term").stdout
    assert "The CLI layer wins." in run("explain", "widget-term", "--catalog", str(tmp_path / "cli")).stdout


def test_user_layer_overrides_builtin_id(tmp_path: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    builtin_id = next(iter(catalog.glossary))
    entry = catalog.glossary[builtin_id]
    text = (
        "glossary:\n"
        f"  - id: {builtin_id}\n"
        f"    name: {{en: Overridden, zh: 已覆盖}}\n"
        f"    aliases: {json.dumps(entry['aliases'], ensure_ascii=False)}\n"
        "    summary: {en: Our own definition., zh: 我们自己的定义。}\n"
    )
    write(tmp_path / "mine" / "g.yaml", text)
    doc = json.loads(run("explain", builtin_id, "--catalog", str(tmp_path / "mine"), "-f", "json").stdout)
    assert doc["summary"] == "Our own definition."


@pytest.mark.parametrize("command", [("explain", "token"), ("catalog", "validate")])
def test_broken_yaml_names_file_and_line(tmp_path: Path, command: tuple[str, ...]) -> None:
    bad = write(
        tmp_path / "mine" / "broken.yaml",
        "glossary:\n  - id: x\n    name: {en: a, zh: 乙}\n   summary: oops\n",
    )
    args = (
        [*command, str(tmp_path / "mine")]
        if command[0] == "catalog"
        else [*command, "--catalog", str(tmp_path / "mine")]
    )
    result = run(*args)
    assert result.exit_code == 2
    assert f"{bad}:4: invalid YAML" in (result.stderr + result.stdout)
    assert "Traceback" not in result.stderr + result.stdout


def test_schema_error_points_at_the_field(tmp_path: Path) -> None:
    write(
        tmp_path / "m" / "g.yaml",
        "glossary:\n  - id: fine\n    name: {en: Fine, zh: 好}\n    summary: {en: ok, zh: 好的}\n"
        "  - id: broken\n    name: {en: Broken, zh: 坏}\n    summary:\n      en: only English\n    colour: red\n",
    )
    with pytest.raises(CatalogError) as info:
        load_catalog([tmp_path / "m"], use_cache=False)
    messages = [str(p) for p in info.value.problems]
    assert any(
        m.startswith(f"{tmp_path / 'm' / 'g.yaml'}:7:") and "summary.zh: Field required" in m
        for m in messages
    )
    assert any(":9:" in m and "colour: Extra inputs are not permitted" in m for m in messages)


def test_zh_text_must_be_chinese(tmp_path: Path) -> None:
    write(
        tmp_path / "m" / "g.yaml",
        "glossary:\n  - id: x-term\n    name: {en: X, zh: X}\n    summary: {en: s, zh: 说明}\n",
    )
    with pytest.raises(
        CatalogError, match=r"g.yaml:3: .*name.zh: Value error, the zh text contains no Chinese"
    ):
        load_catalog([tmp_path / "m"], use_cache=False)


def test_duplicate_keys_and_ids_are_reported(tmp_path: Path) -> None:
    write(
        tmp_path / "m" / "g.yaml",
        "glossary:\n  - id: twice\n    id: twice\n    name: {en: A, zh: 甲}\n    summary: {en: s, zh: 说明}\n"
        "  - id: twice\n    name: {en: B, zh: 乙}\n    summary: {en: s, zh: 说明}\n",
    )
    with pytest.raises(CatalogError) as info:
        load_catalog([tmp_path / "m"], use_cache=False)
    text = str(info.value)
    assert "g.yaml:3: duplicate key 'id'" in text
    assert "g.yaml:6: duplicate glossary id 'twice'" in text


def test_cross_references_and_name_clashes(tmp_path: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    taken = next(iter(catalog.tasks))
    write(
        tmp_path / "m" / "g.yaml",
        "glossary:\n"
        f"  - id: clash-term\n    name: {{en: A, zh: 甲}}\n    aliases: [{taken}]\n    summary: {{en: s, zh: 说明}}\n"
        "    related: [no-such-topic]\n",
    )
    result = run("catalog", "validate", str(tmp_path / "m"), "--format", "json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    messages = [p["message"] for p in report["problems"]]
    assert any("related topic 'no-such-topic' does not exist" in m for m in messages)
    assert any(
        f"name '{taken}' of glossary 'clash-term' is already used by tasks '{taken}'" in m for m in messages
    )
    assert all(p["file"].endswith("g.yaml") and p["line"] == 2 for p in report["problems"])


def test_unknown_section_and_missing_directory(tmp_path: Path) -> None:
    write(tmp_path / "m" / "x.yaml", "gadgets: []\n")
    result = run("catalog", "validate", str(tmp_path / "m"))
    assert result.exit_code == 2
    assert "x.yaml:1: unknown section 'gadgets'" in result.stdout
    missing = run("catalog", "validate", str(tmp_path / "nope"))
    assert missing.exit_code == 2 and "catalog directory not found" in missing.stdout


def test_compiled_cache_is_keyed_by_content(tmp_path: Path) -> None:
    layer = write(tmp_path / "m" / "t.yaml", TERM).parent
    first = load_catalog([layer])
    cached = sorted(p.name for p in (tmp_path / "cache").glob("catalog-*.json"))
    assert cached == [f"catalog-{first.digest}.json", f"catalog-{first.digest}.models.json"]
    assert load_catalog([layer]).digest == first.digest
    write(layer / "t.yaml", TERM.replace("only tests define", "tests define and edited"))
    second = load_catalog([layer])
    assert second.digest != first.digest
    assert "edited" in second.glossary["widget-term"]["summary"]["en"]


def test_unwritable_cache_only_costs_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = write(tmp_path / "file-not-dir", "")
    monkeypatch.setenv("LLM_ADVISOR_CACHE", str(blocker))
    assert load_catalog().tasks == load_catalog(use_cache=False).tasks


def test_builtin_catalog_is_valid(catalog) -> None:  # type: ignore[no-untyped-def]
    result = run("catalog", "validate", "--format", "json")
    report = json.loads(result.stdout)
    assert report["problems"] == [] and result.exit_code == 0
    assert report["counts"]["tasks"] == len(catalog.tasks)


def test_closed_vocabularies_match_the_schema() -> None:
    from typing import get_args

    from llm_advisor.catalog.schema import Modality
    from llm_advisor.catalog.vocab import MODALITIES

    assert get_args(Modality) == MODALITIES


def test_an_architecture_cannot_claim_a_task_that_does_not_fit_it(tmp_path: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    arch = dict(catalog.architectures["encoder-only"])
    import yaml

    arch["tasks"] = [*arch["tasks"], "text-to-image"]  # encoder-only gets no weight for text-to-image
    write(tmp_path / "m" / "a.yaml", yaml.safe_dump({"architectures": [arch]}, allow_unicode=True))
    report = json.loads(run("catalog", "validate", str(tmp_path / "m"), "-f", "json").stdout)
    assert any(
        "lists task 'text-to-image', whose fits give it no weight" in p["message"] for p in report["problems"]
    )
