"""`recommend`: the issue's acceptance checks, the JSON contract, properties and error paths."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llm_advisor.catalog.loader import Catalog, load_catalog
from llm_advisor.errors import UsageError
from llm_advisor.recommend.constraints import Constraints, parse_memory, parse_params
from llm_advisor.recommend.ranking import recommend
from tests.conftest import run

PICK_KEYS = {
    "rank",
    "model_id",
    "family",
    "architecture",
    "objective",
    "params",
    "active_params",
    "license",
    "languages",
    "context_length",
    "gated",
    "hosted",
    "tier",
    "precision",
    "memory_gb",
    "memory_needed_gb",
    "kv_cache_gb",
    "cost",
    "release_date",
    "evidence",
    "editorial",
    "score",
    "score_components",
    "reasons",
    "tradeoffs",
    "variants",
    "source",
    "url",
}


def rec(*args: str) -> dict:  # type: ignore[type-arg]
    result = run("recommend", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_main_job_summarization() -> None:
    doc = rec("--task", "summarization")
    assert doc["schema_version"] == 2 and doc["task"]["id"] == "summarization"
    assert len(doc["picks"]) >= 5
    for p in doc["picks"]:
        assert set(p) == PICK_KEYS
        assert p["reasons"] and all(p["tradeoffs"][k] for k in ("size", "cost", "objective"))
        assert 0 <= p["score"] <= 1
    assert all(r.keys() == {"code", "params", "text"} for p in doc["picks"] for r in p["reasons"])
    assert (
        doc["picks"][0]["evidence"] or doc["picks"][0]["editorial"]
    )  # the top pick's tier names its evidence
    assert [p["rank"] for p in doc["picks"]] == list(range(1, len(doc["picks"]) + 1))
    assert set(doc) >= {"task", "constraints", "picks", "excluded", "approach", "warnings", "data"}


def test_text_output_has_table_reasons_and_tradeoffs() -> None:
    result = run("recommend", "--task", "summarization")
    assert result.exit_code == 0
    out = result.stdout
    top = json.loads(run("recommend", "--task", "summarization", "-f", "json").stdout)["picks"][0]["model_id"]
    assert top in out and "size:" in out and "cost:" in out and "objective:" in out
    assert "catalog 0.2.0" in result.stderr  # the data footer


@pytest.mark.parametrize(
    ("task", "leader"),
    [("token-classification", {"encoder-only"}), ("ner", {"encoder-only"})],
)
def test_classification_and_ner_are_led_by_encoders(task: str, leader: set[str]) -> None:
    picks = rec("--task", task)["picks"]
    assert picks[0]["architecture"] in leader
    assert sum(p["architecture"] == "encoder-only" for p in picks) >= 1
    cpu = rec("--task", task, "--hardware", "cpu")["picks"]
    assert cpu[0]["architecture"] in leader  # on a CPU an LLM tagger is too slow to be the pick


def test_generic_text_classification_points_to_fine_tuning_an_encoder_once_there_is_data() -> None:
    # ready heads are label-specific (sentiment, safety); with your own labels the advice is an encoder fine-tune
    many = rec("--task", "text-classification", "--examples", "2000")
    assert many["approach"]["recommended"] == "classification-fine-tuning"
    assert (
        rec("--task", "text-classification", "--hardware", "cpu")["picks"][0]["architecture"]
        == "encoder-only"
    )


def test_seq2seq_stays_a_choice_but_evidence_not_family_decides_and_generation_is_decoders() -> None:
    for task in ("translation", "summarization"):
        picks = rec("--task", task, "--top", "15", "--memory", "24GB")["picks"]
        assert "encoder-decoder" in {p["architecture"] for p in picks}  # the seq2seq option is still offered
        assert picks[0]["evidence"] or picks[0]["editorial"]
    gen = rec("--task", "text-generation")["picks"]
    assert {p["architecture"] for p in gen} <= {"decoder-only", "state-space"}


def test_every_task_with_open_models_gets_fitting_picks(catalog: Catalog) -> None:
    for task_id, task in catalog.tasks.items():
        has_models = any(
            not m["hosted"] and any(t["id"] == task_id for t in m["tasks"]) for m in catalog.models.values()
        )
        c = Constraints(task=task_id)
        doc = recommend(catalog, c)
        if task.get("pipeline_tags") and task_id == "rag":  # a pipeline: one pick per stage
            assert [p["role"] for p in doc["picks"]] == ["embedding", "reranker", "generator"]
            continue
        if not has_models:
            assert doc["picks"] == [] and doc["empty_reason"], task_id
            continue
        assert doc["picks"], task_id
        fitting = {f["id"] for f in task["architectures"] if f["weight"] >= catalog.scoring["min_task_fit"]}
        assert all(p["architecture"] in fitting for p in doc["picks"]), task_id


def test_vision_and_audio_picks_fit() -> None:
    img = rec("--task", "image-classification")["picks"]
    assert img[0]["architecture"] in {"encoder-only", "convolutional"}
    asr = rec("--task", "asr")["picks"]
    assert asr and all(p["architecture"] in {"encoder-decoder", "encoder-only", "decoder-only"} for p in asr)
    assert any((p["release_date"] or "") >= "2025" for p in asr[:3])  # current ASR, not only 2022 checkpoints
    t2i = rec("--task", "text-to-image")["picks"]
    assert t2i[0]["architecture"] == "diffusion" and {p["architecture"] for p in t2i} <= {
        "diffusion",
        "decoder-only",
    }


def test_hardware_precision_and_kv_cache() -> None:
    doc = rec("--task", "text-generation", "--hardware", "4090", "--context", "32768", "--top", "10")
    assert doc["constraints"]["hardware"] == "rtx-4090" and doc["constraints"]["memory_gb"] == 24
    for p in doc["picks"]:
        assert p["memory_needed_gb"] <= 24
        assert p["context_length"] >= 32768
        assert p["kv_cache_gb"] is None or p["kv_cache_gb"] > 0
    t4 = rec("--task", "summarization", "--hardware", "t4")["picks"]
    assert t4[0]["precision"] == "fp16" and all(p["precision"] != "bf16" for p in t4)  # T4 has no bf16
    cpu = rec("--task", "text-classification", "--hardware", "cpu")["picks"]
    assert (
        cpu[0]["precision"] == "fp32" and cpu[0]["architecture"] == "encoder-only"
    )  # one-pass encoders stay full precision
    gen = rec("--task", "text-generation", "--hardware", "cpu")["picks"]
    assert {p["precision"] for p in gen} <= {
        "q4_k_m",
        "q8_0",
        "q3_k_m",
    }  # generative models on CPU: GGUF formats


def test_licence_groups_and_language() -> None:
    doc = rec("--task", "text-generation", "--license", "permissive", "--language", "zh", "--top", "10")
    licences = json.loads(run("list", "models", "-f", "json").stdout)
    assert licences and doc["picks"]
    for p in doc["picks"]:
        assert p["license"] in {
            "apache-2.0",
            "mit",
            "bsd-3-clause",
            "bsd-2-clause",
            "cc-by-4.0",
            "cc0-1.0",
            "afl-3.0",
            "artistic-2.0",
        }
        assert "zh" in p["languages"] or "mul" in p["languages"]
    assert doc["constraints"]["license_groups"] == ["permissive"]


def test_hosted_models_only_when_asked() -> None:
    plain = rec("--task", "text-generation", "--top", "50")
    assert not any(p["hosted"] for p in plain["picks"])
    assert any(e["constraint"] == "include_hosted" for e in plain["excluded"])
    hosted = rec("--task", "text-generation", "--include-hosted", "--top", "80")
    hosted_picks = [p for p in hosted["picks"] if p["hosted"]]
    assert hosted_picks and all(p["cost"]["confidence"] == "published" for p in hosted_picks)


def test_impossible_constraints_explain_and_exit_codes() -> None:
    result = run("recommend", "--task", "text-generation", "--max-params", "1K", "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["picks"] == [] and doc["empty_reason"]["code"] == "empty.all_excluded"
    assert "max_params" in {b["constraint"] for b in doc["empty_reason"]["params"]["by"]}
    assert (
        run("recommend", "--task", "text-generation", "--max-params", "1K", "--fail-if-empty").exit_code == 1
    )
    text = run("recommend", "--task", "text-generation", "--max-params", "1K")
    assert "no model satisfies every constraint" in text.stdout


def test_why_not() -> None:
    excluded = rec(
        "--task", "text-generation", "--max-params", "1B", "--why-not", "meta-llama/Llama-3.1-8B-Instruct"
    )["why_not"]
    assert excluded["status"] == "excluded" and excluded["constraint"] == "max_params"
    assert excluded["rule"] == "too-large" and excluded["reason"]["code"] == "rule.too_large"
    assert "8.03B parameters > max params 1B" in excluded["reason"]["text"]
    other = rec("--task", "summarization", "--why-not", "google-bert/bert-base-uncased")["why_not"]
    assert other["status"] == "not-a-candidate"
    bad = run("recommend", "--task", "summarization", "--why-not", "no-such/model")
    assert bad.exit_code == 2 and "unknown model" in bad.stderr


def test_describe_maps_text_to_task_language_and_hardware() -> None:
    doc = rec("--describe", "summarise Chinese legal contracts on a laptop")
    assert doc["task"]["id"] == "summarization"
    laptop = load_catalog().hardware_profile("laptop")["id"]
    assert doc["described"]["language"] == "zh" and doc["described"]["hardware"] == laptop
    assert doc["constraints"]["language"] == "zh" and doc["constraints"]["hardware"] == laptop
    zh = rec("--describe", "把英文合同翻译成中文")
    assert zh["task"]["id"] == "translation" and zh["described"]["language"] == "zh"  # the target language
    en = rec("--describe", "translate Chinese support tickets into English")
    assert en["described"]["language"] == "en"
    nothing = run("recommend", "--describe", "xyzzy plugh")
    assert nothing.exit_code == 2 and "could not tell the task" in nothing.stderr


def test_approach_advice() -> None:
    few = rec("--task", "text-classification", "--examples", "10")["approach"]
    many = rec("--task", "text-classification", "--examples", "5000")["approach"]
    assert many["recommended"] == "classification-fine-tuning"
    assert few["recommended"] == "prompting"
    ft = next(o for o in many["options"] if o["id"] == "classification-fine-tuning")
    assert ft["cost"]["gpu_hours"] > 0 and ft["cost"]["confidence"] == "heuristic"
    gen = rec("--task", "text-generation", "--examples", "20000")["approach"]
    assert gen["recommended"] in {"lora", "instruction-fine-tuning"}
    assert gen["pretraining"]["gpu_hours"] > 0 and "almost never" in gen["pretraining"]["when"]["text"]


def test_a_profile_with_your_memory_size_and_this_machine() -> None:
    doc = rec(
        "--task", "chat", "--hardware", "cpu", "--memory", "16GB"
    )  # the CPU profile's bandwidth, 16 GiB
    assert doc["constraints"]["hardware"] == "cpu" and doc["constraints"]["memory_gb"] == 16
    assert doc["picks"] and all(p["memory_needed_gb"] <= 16 for p in doc["picks"])
    local = run("recommend", "--task", "chat", "--hardware", "local", "--format", "json")
    assert local.exit_code == 0, local.stderr
    found = json.loads(local.stdout)
    assert (
        found["constraints"]["hardware"] == "local" and found["warnings"][0]["code"] == "hint.local_hardware"
    )
    assert all(p["memory_needed_gb"] <= found["constraints"]["memory_gb"] for p in found["picks"])


def test_usage_errors_exit_2() -> None:
    cases = [
        (["--task", "sumarization"], "did you mean 'summarization'"),
        (["--task", "summarization", "--hardware", "rtx-5090x"], "unknown hardware"),
        (["--task", "summarization", "--max-params", "lots"], "cannot read 'lots' as a parameter count"),
        (["--task", "summarization", "--memory", "24 bananas"], "cannot read"),
        (["--task", "summarization", "--license", "bsd-5"], "unknown licence"),
        ([], "give --task"),
    ]
    for args, message in cases:
        result = run("recommend", *args)
        assert result.exit_code == 2, args
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "csv"])
def test_every_format(fmt: str) -> None:
    result = run("recommend", "--task", "ner", "--format", fmt)
    assert result.exit_code == 0 and "dslim/bert-base-NER" in result.stdout or "bert" in result.stdout
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert len(rows) == 5 and rows[0]["rank"] == "1" and float(rows[0]["score"]) > 0


def test_chinese_output() -> None:
    doc = rec("--task", "摘要", "--lang", "zh")
    assert doc["task"]["id"] == "summarization"
    assert any("适合此任务" in r["text"] for r in doc["picks"][0]["reasons"])


def test_parsers() -> None:
    assert (
        parse_params("350M") == 350_000_000
        and parse_params("7B") == 7_000_000_000
        and parse_params("1.5e9") == 1_500_000_000
    )
    assert parse_params("1,000") == 1000
    assert parse_memory("24GB") == 24 and parse_memory("512MB") == 0.5 and parse_memory("1TB") == 1024
    for bad in ("", "B7", "-1B", "0"):
        with pytest.raises(UsageError):
            parse_params(bad)


HARDWARE = st.sampled_from([None, "cpu", "t4", "l4", "rtx-4090", "a100-80gb", "h100", "apple-m-series"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    task=st.sampled_from(
        [
            "text-generation",
            "summarization",
            "translation",
            "text-classification",
            "ner",
            "feature-extraction",
            "image-classification",
            "asr",
        ]
    ),
    max_params=st.one_of(
        st.none(), st.sampled_from([100_000_000, 500_000_000, 2_000_000_000, 8_000_000_000, 80_000_000_000])
    ),
    hardware=HARDWARE,
    precision=st.sampled_from(["auto", "bf16", "int8", "int4"]),
    context=st.one_of(st.none(), st.sampled_from([512, 4096, 32768])),
    licenses=st.one_of(st.none(), st.just(["apache-2.0", "mit"])),
    language=st.one_of(st.none(), st.sampled_from(["en", "zh", "fr"])),
    exclude_gated=st.booleans(),
    max_cost=st.one_of(st.none(), st.sampled_from([0.05, 1.0, 100.0])),
)
def test_every_pick_satisfies_every_constraint(
    catalog: Catalog,
    task: str,
    max_params: int | None,
    hardware: str | None,
    precision: str,
    context: int | None,
    licenses: list[str] | None,
    language: str | None,
    exclude_gated: bool,
    max_cost: float | None,
) -> None:
    c = Constraints(
        task=task,
        max_params=max_params,
        hardware=hardware,
        precision=precision,
        context=context or 8192,
        context_required=context is not None,
        licenses=licenses,
        language=language,
        exclude_gated=exclude_gated,
        max_cost=max_cost,
        top=10,
    )
    doc = recommend(catalog, c)
    assert doc == recommend(catalog, c)  # deterministic
    budget = catalog.hardware[hardware]["memory_gb"] if hardware else None
    task_doc = catalog.task(task).entry
    for p in doc["picks"]:
        if max_params is not None:
            assert p["params"] is not None and p["params"] <= max_params
        if budget is not None:
            assert p["memory_needed_gb"] is not None and p["memory_needed_gb"] <= budget
        if precision != "auto":
            assert p["precision"] == precision
        if licenses is not None:
            assert p["license"] in licenses
        if language is not None and task_doc["modality"] in ("text", "multimodal"):
            assert language in p["languages"] or "mul" in p["languages"]
        if exclude_gated:
            assert not p["gated"]
        if context is not None and task_doc["modality"] in ("text", "multimodal"):
            assert p["context_length"] is not None and p["context_length"] >= context
        if max_cost is not None:
            assert p["cost"] is not None and p["cost"]["usd_per_1m"] <= max_cost
        assert not p["hosted"]
    scores = [p["score"] for p in doc["picks"]]
    assert scores == sorted(scores, reverse=True)


def test_translation_without_language_warns() -> None:
    assert any("--language" in w["text"] for w in rec("--task", "translation")["warnings"])
    assert not any(
        "--language" in w["text"] for w in rec("--task", "translation", "--language", "zh")["warnings"]
    )


def test_ready_models_lead_until_there_are_examples_to_fine_tune_a_base() -> None:
    without = rec("--task", "ner", "--top", "100")["picks"]
    assert without[0]["score_components"]["readiness"] == 1.0
    base = next(p for p in without if p["model_id"] == "microsoft/deberta-v3-base")
    assert base["score_components"]["readiness"] <= 0.5
    assert any(r["code"] == "reason.needs_finetuning" for r in base["reasons"])
    with_data = rec("--task", "ner", "--examples", "2000", "--top", "100")["picks"]
    base_with = next(p for p in with_data if p["model_id"] == "microsoft/deberta-v3-base")
    assert base_with["score_components"]["readiness"] > base["score_components"]["readiness"]
    assert base_with["score"] > base["score"]


def test_kv_cache_type_shrinks_long_context_memory() -> None:
    auto = {p["model_id"]: p for p in rec("--task", "chat", "--context", "131072", "--top", "50")["picks"]}
    q4 = {
        p["model_id"]: p
        for p in rec("--task", "chat", "--context", "131072", "--kv-dtype", "q4_0", "--top", "50")["picks"]
    }
    both = [m for m in auto if m in q4 and auto[m]["kv_cache_gb"]]
    assert both and all(q4[m]["kv_cache_gb"] < auto[m]["kv_cache_gb"] / 2 for m in both)
    bad = run("recommend", "--task", "chat", "--kv-dtype", "fp3")
    assert bad.exit_code == 2 and "unknown KV-cache type" in bad.stderr
