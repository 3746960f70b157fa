"""Chinese that reads as Chinese: with --lang zh no English prose remains in what we write — only ids,
units, acronyms and names (and the values the message is about: model ids, benchmark names, sources)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from llm_advisor.render import messages as M
from tests.conftest import run

# Units, acronyms, formats, product and file names that Chinese technical text writes in Latin letters.
ALLOWED = {
    "API",
    "CPU",
    "GPU",
    "GB",
    "GiB",
    "MB",
    "KV",
    "JSON",
    "LoRA",
    "QLoRA",
    "Hub",
    "Python",
    "N",
    "s",
    "x1024",
    "bf16",
    "fp16",
    "fp32",
    "int4",
    "int8",
    "safetensors",
    "sha",
    "revision",
    "gated",
    "local",
    "max_cost",
    "max_params",
    "min_task_fit",
    "Infinity",
    "NaN",
    "null",
    "opus-mt-en-de",
    "MoE",
    "RAG",
    "OCR",
    "Transformer",
}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.+-]*")


def english_words(text: str, allowed_values: set[str]) -> list[str]:
    text = re.sub(r"`[^`]*`|--[a-z][a-z-]*|https?://\S+", "", text)
    for value in sorted(allowed_values, key=len, reverse=True):
        if value:
            text = text.replace(value, "")
    text = re.sub(
        r"(?<![\w-])\$?\d[\d.,]*[KMBT]?(?:/h)?(?![\w-])", "", text
    )  # counts (7.6B, 350M), prices per hour
    return [w for w in WORD.findall(text) if w not in ALLOWED and not re.fullmatch(r"[a-z]?\d[\w.-]*", w)]


def test_every_chinese_template_is_chinese() -> None:
    bad = {}
    for code, template in M.MESSAGES.items():
        if callable(template):
            continue
        zh = re.sub(r"\{[^}]*\}", "", template[1])
        words = english_words(zh, set())
        if words:
            bad[code] = words
    for rule_id, (_, zh) in M.RULE_DESCRIPTIONS.items():
        words = english_words(zh, set())
        if words:
            bad[rule_id] = words
    assert not bad, bad


def _values(params: Any) -> set[str]:
    out: set[str] = set()
    if isinstance(params, dict):
        for v in params.values():
            out |= _values(v)
    elif isinstance(params, list):
        for v in params:
            out |= _values(v)
    elif params is not None:
        out.add(str(params))
    return out


def _messages(doc: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(doc, dict):
        if isinstance(doc.get("code"), str) and "text" in doc:
            found.append(doc)
        for v in doc.values():
            found += _messages(v)
    elif isinstance(doc, list):
        for v in doc:
            found += _messages(v)
    return found


@pytest.mark.parametrize(
    "args",
    [
        ["recommend", "--task", "summarization", "--hardware", "a10g"],
        ["recommend", "--task", "chat", "--hardware", "cpu", "--examples", "5000"],
        ["recommend", "--task", "rag", "--memory", "24GB"],
        ["recommend", "--task", "translation"],
        ["recommend", "--task", "text-generation", "--max-params", "1K"],
        ["recommend", "--task", "ner", "--why-not", "dslim/bert-base-NER"],
    ],
)
def test_recommend_messages_in_chinese_carry_no_english_prose(args: list[str]) -> None:
    result = run(*args, "--lang", "zh", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    bad = []
    for msg in _messages(doc):
        if msg["code"] in (
            "reason.fits_task",
            "objective.pretrained",
            "objective.versus",
            "reason.quality_editorial",
        ):
            continue  # their Chinese parts are catalog texts (the schema requires Chinese in every zh text)
        words = english_words(msg["text"], _values(msg["params"]))
        if words:
            bad.append((msg["code"], words, msg["text"]))
    assert not bad, bad[:5]
