"""`list`: the JSON contract of every kind, the filters, and their errors."""

from __future__ import annotations

import json

import pytest

from llm_advisor.catalog.loader import Catalog
from llm_advisor.catalog.vocab import MODALITIES
from llm_advisor.render import Format
from tests.conftest import run

KINDS = ["architectures", "objectives", "tasks", "models", "hardware", "terms", "licenses"]


@pytest.mark.parametrize("kind", KINDS)
def test_json_contract(kind: str, catalog: Catalog) -> None:
    result = run("list", kind, "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == 1 and doc["kind"] == kind
    assert doc["items"] and all("id" in item for item in doc["items"])
    if kind == "tasks":
        assert all(item["modality"] in MODALITIES for item in doc["items"])
    if kind == "models":
        for item in doc["items"]:
            assert {"tasks", "architecture", "params", "license"} <= set(item)
            assert item["architecture"] in catalog.architectures


@pytest.mark.parametrize("fmt", list(Format))
@pytest.mark.parametrize("kind", KINDS)
def test_every_format(kind: str, fmt: Format) -> None:
    result = run("list", kind, "--format", fmt.value)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()


def test_filters(catalog: Catalog) -> None:
    audio = json.loads(run("list", "tasks", "--modality", "audio", "-f", "json").stdout)["items"]
    assert audio and {t["modality"] for t in audio} == {"audio"}
    assert "automatic-speech-recognition" in [t["id"] for t in audio]
    ner = json.loads(run("list", "models", "--task", "ner", "-f", "json").stdout)["items"]
    assert ner and all("token-classification" in m["tasks"] for m in ner)
    s2s = json.loads(run("list", "models", "--architecture", "seq2seq", "-f", "json").stdout)["items"]
    assert s2s and {m["architecture"] for m in s2s} == {"encoder-decoder"}
    fits = json.loads(run("list", "architectures", "--task", "summarization", "-f", "json").stdout)["items"]
    assert "encoder-decoder" in [a["id"] for a in fits] and "encoder-only" not in [a["id"] for a in fits]


def test_filter_errors_exit_2() -> None:
    bad_task = run("list", "models", "--task", "sumarization")
    assert bad_task.exit_code == 2 and "did you mean 'summarization'" in bad_task.stderr
    bad_modality = run("list", "tasks", "--modality", "vison")
    assert bad_modality.exit_code == 2 and "did you mean 'vision'" in bad_modality.stderr
    assert run("list", "gadgets").exit_code == 2
