"""`explain`: every topic in both languages and all formats, every alias, the JSON contract, errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from llm_advisor.catalog.loader import TOPIC_KINDS, Catalog
from llm_advisor.catalog.topics import explain_doc
from llm_advisor.render import Format
from llm_advisor.render.messages import localize
from tests.conftest import run

CJK = re.compile(r"[\u4e00-\u9fff]")
COMMON = {"schema_version", "kind", "id", "lang", "name", "aliases", "summary"}
CONTRACT = {
    "architecture": COMMON
    | {
        "family_kind",
        "objectives",
        "attention",
        "inference_cost",
        "strengths",
        "limits",
        "tasks",
        "examples",
        "fine_tuning",
    },
    "objective": COMMON | {"trains", "implications", "architectures", "examples"},
    "task": COMMON | {"modality", "generative", "architectures", "metrics", "notes", "models"},
    "term": COMMON | {"details", "related"},
}


def all_topics(catalog: Catalog) -> list[tuple[str, str]]:
    return [(TOPIC_KINDS[s], i) for s in TOPIC_KINDS for i in catalog.section(s)]


def _strings(doc: dict) -> list[str]:  # type: ignore[type-arg]
    out = [doc["name"], doc["summary"]]
    for value in doc.values():
        if isinstance(value, str) and value not in out and value != doc["id"]:
            out.append(value)
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_topic_has_a_complete_document(catalog: Catalog, lang: str) -> None:
    topics = all_topics(catalog)
    assert len(topics) > 100
    for kind, topic_id in topics:
        doc = {**localize(explain_doc(catalog, topic_id), lang), "lang": lang}
        assert set(doc) == CONTRACT[kind], topic_id
        assert (doc["schema_version"], doc["kind"], doc["id"], doc["lang"]) == (1, kind, topic_id, lang)
        assert doc["name"].strip() and doc["summary"].strip(), topic_id
        if lang == "zh":
            assert CJK.search(doc["summary"]), f"{topic_id}: zh summary has no Chinese"
        if kind == "architecture":
            assert doc["strengths"] and doc["limits"] and doc["attention"] and doc["inference_cost"]
            for ref in doc["objectives"]:
                assert ref in catalog.objectives
        if kind == "task":
            assert doc["modality"] and isinstance(doc["generative"], bool)
            weights = [f["weight"] for f in doc["architectures"]]
            assert weights == sorted(weights, reverse=True)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_topic_renders_in_text_and_markdown(catalog: Catalog, lang: str) -> None:
    for _, topic_id in all_topics(catalog):
        doc = {**localize(explain_doc(catalog, topic_id), lang), "lang": lang}
        text = run("explain", topic_id, "--lang", lang)
        assert text.exit_code == 0, (topic_id, text.stderr)
        flat = "".join(text.stdout.split())
        assert doc["name"] in text.stdout and "".join(doc["summary"].split())[:30] in flat
        md = run("explain", topic_id, "--lang", lang, "--format", "markdown")
        assert md.stdout.startswith(f"# {doc['name'].replace('|', chr(92) + '|')} (`{topic_id}`)")


def test_every_alias_resolves_case_insensitively(catalog: Catalog) -> None:
    for section in TOPIC_KINDS:
        for topic_id, entry in catalog.section(section).items():
            for alias in entry["aliases"]:
                for spelling in {alias, alias.upper(), f"  {alias.title()} "}:
                    found = catalog.topic(spelling)
                    assert found.id == topic_id, (alias, spelling, found.id)


def test_the_issue_examples(catalog: Catalog) -> None:
    dec = json.loads(run("explain", "decoder-only", "-f", "json").stdout)
    assert dec["kind"] == "architecture" and "causal-lm" in dec["objectives"]
    assert "text-generation" in dec["tasks"] and any("GPT" in e for e in dec["examples"])
    s2s = json.loads(run("explain", "seq2seq", "-f", "json").stdout)
    assert s2s["id"] == "encoder-decoder" and s2s["resolved_from"] == "seq2seq"
    assert {"span-corruption", "denoising-autoencoding"} <= set(s2s["objectives"])
    assert {"translation", "summarization"} <= set(s2s["tasks"])
    enc = run("explain", "仅编码器")
    assert enc.exit_code == 0 and "encoder-only" in enc.stdout
    enc_doc = json.loads(run("explain", "仅编码器", "-f", "json").stdout)
    assert enc_doc["id"] == "encoder-only" and "masked-lm" in enc_doc["objectives"]
    summ = run("explain", "summarization", "--lang", "zh")
    assert summ.exit_code == 0 and "摘要" in summ.stdout
    summ_doc = json.loads(run("explain", "summarization", "--lang", "zh", "-f", "json").stdout)
    top = summ_doc["architectures"][0]
    assert top["id"] == "encoder-decoder" and CJK.search(top["rationale"])


def test_text2text_generation_alias_explains_the_change(catalog: Catalog) -> None:
    doc = json.loads(run("explain", "text2text-generation", "-f", "json").stdout)
    assert doc["id"] == "text-generation" and doc["resolved_from"] == "text2text-generation"
    assert "text2text" in doc["notes"][0].lower() or "text-to-text" in doc["notes"][0].lower()


def test_language_defaults_to_the_locale() -> None:
    assert CJK.search(
        json.loads(run("explain", "token", "-f", "json", env={"LANG": "zh_CN.UTF-8"}).stdout)["summary"]
    )
    env = {"LANG": "zh_CN.UTF-8", "LLM_ADVISOR_LANG": "en"}
    assert json.loads(run("explain", "token", "-f", "json", env=env).stdout)["lang"] == "en"


def test_unknown_topic_suggests_and_exits_2() -> None:
    result = run("explain", "decoder-onyl")
    assert result.exit_code == 2
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first.startswith("error: unknown topic 'decoder-onyl'; did you mean 'decoder-only'")
    assert "Traceback" not in result.stderr


def test_bad_option_values_exit_2() -> None:
    assert run("explain", "token", "--lang", "fr").exit_code == 2
    assert run("explain", "token", "--format", "yaml").exit_code == 2


@pytest.mark.parametrize("fmt", list(Format))
def test_every_format_renders_every_kind(catalog: Catalog, fmt: Format) -> None:
    for kind in ("architecture", "objective", "task", "term"):
        topic_id = next(i for k, i in all_topics(catalog) if k == kind)
        result = run("explain", topic_id, "--format", fmt.value)
        assert result.exit_code == 0 and topic_id in result.stdout


def test_output_is_deterministic() -> None:
    assert run("explain", "decoder-only").stdout == run("explain", "decoder-only").stdout
    assert run("explain", "kv-cache", "-f", "json").stdout == run("explain", "kv-cache", "-f", "json").stdout


def test_piped_output_has_no_colour(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {
        "PATH": "/usr/bin:/bin",
        "LLM_ADVISOR_CACHE": str(tmp_path),
        "HOME": str(tmp_path),
        "TERM": "xterm-256color",
    }
    proc = subprocess.run(
        [sys.executable, "-m", "llm_advisor", "explain", "decoder-only"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "\x1b[" not in proc.stdout and "decoder-only" in proc.stdout
    err = subprocess.run(
        [sys.executable, "-m", "llm_advisor", "explain", "nope-nope"], capture_output=True, text=True, env=env
    )
    assert err.returncode == 2 and "\x1b[" not in err.stderr and "Traceback" not in err.stderr


def test_wrap_breaks_cjk_after_latin_and_respects_cell_width() -> None:
    from llm_advisor.render.output import cell_width, wrap

    text = "encoder-only 适合此任务（权重 1.00）：每个词元都能看到左右上下文，一次前向即可逐词打标，是标准选择（BERT、DeBERTa）。"
    lines = wrap(text, 40)
    assert all(cell_width(line) <= 40 for line in lines)
    assert cell_width(lines[0]) >= 36  # filled, not broken early
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert wrap("short words only", 80) == ["short words only"]


def test_a_model_or_hardware_name_points_to_the_right_command() -> None:
    model = run("explain", "bert-base-uncased")
    assert model.exit_code == 2 and "try `llm-advisor info bert-base-uncased`" in model.stderr
    hardware = run("explain", "4090")
    assert hardware.exit_code == 2 and "llm-advisor list hardware" in hardware.stderr


def test_styled_tables_show_markup_literally(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rich.console import Console

    from llm_advisor.render.output import Output

    out = Output()
    buf = io.StringIO()
    monkeypatch.setattr(Output, "styled", property(lambda self: True))
    out._console = Console(file=buf, width=80, force_terminal=True, color_system=None)
    out.table(["id"], [["[bold red]org/model[/bold red]"], ["evil\x1b[31m"]])
    text = buf.getvalue()
    assert "[bold red]org/model[/bold red]" in text and "\x1b[31m" not in text


def test_display_names_resolve_in_both_languages(catalog: Catalog) -> None:
    from llm_advisor.catalog.files import norm

    claimed = {
        norm(n): i for s in TOPIC_KINDS for i, e in catalog.section(s).items() for n in [i, *e["aliases"]]
    }
    checked = 0
    for section in TOPIC_KINDS:
        for topic_id, entry in catalog.section(section).items():
            for name in entry["name"].values():
                # an id or alias always wins over a display name; otherwise the name finds its own topic
                expected = claimed.get(norm(name), topic_id)
                assert catalog.topic(name).id == expected, name
                checked += 1
    assert checked == 2 * sum(len(catalog.section(s)) for s in TOPIC_KINDS)
    assert catalog.topic("模型卡").id == "model-card"
    assert catalog.topic("文本摘要").id == "summarization"
