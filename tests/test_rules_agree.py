"""One rule table: `recommend` and `check` give the same verdict for the same model under the same
constraints (licence, size, fit, language, gating, cost, context, speed), because both apply
`recommend.rules` — tested through each command's own entry point on a sample of catalog models."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from llm_advisor.catalog.loader import Catalog
from llm_advisor.check.checker import run_check
from llm_advisor.check.manifest import load_manifest
from llm_advisor.check.rules import RULE_IDS
from llm_advisor.recommend.constraints import Constraints, expand_licenses
from llm_advisor.recommend.ranking import merged_models, rank
from llm_advisor.recommend.rules import RULES

SHARED = {r.id for r in RULES if r.in_check}
SAMPLE = [
    (
        "text-generation",
        [
            "Qwen/Qwen3-8B",
            "openai/gpt-oss-20b",
            "meta-llama/Llama-3.1-8B-Instruct",
            "google/gemma-3-27b-it",
            "Qwen/Qwen3-30B-A3B-Instruct-2507",
            "HuggingFaceTB/SmolLM3-3B",
            "deepseek-ai/DeepSeek-V3",
            "mistralai/Mistral-Small-3.2-24B-Instruct-2506",
            "bigscience/bloom-560m",
        ],
    ),
    (
        "feature-extraction",
        ["BAAI/bge-m3", "Qwen/Qwen3-Embedding-8B", "sentence-transformers/all-MiniLM-L6-v2"],
    ),
    (
        "translation",
        ["facebook/nllb-200-distilled-600M", "Helsinki-NLP/opus-mt-en-de", "google/madlad400-3b-mt"],
    ),
]
POLICIES: list[dict[str, Any]] = [
    {"licenses": ["permissive"], "max_params": "9B", "hardware": "rtx-4090", "languages": ["de"]},
    {"memory": "16GB", "context": 131072, "allow_gated": False},
    {"hardware": "cpu", "max_cost": 2.0},
    {"hardware": "t4", "precision": "bf16", "licenses": ["mit", "apache-2.0"]},
]


def recommend_verdicts(
    catalog: Catalog, task: str, policy: dict[str, Any], ids: list[str]
) -> dict[str, str | None]:
    from llm_advisor.recommend.constraints import parse_memory, parse_params

    c = Constraints(
        task=task,
        hardware=policy.get("hardware"),
        memory_gb=parse_memory(policy["memory"]) if "memory" in policy else None,
        precision=policy.get("precision", "auto"),
        context=policy.get("context", 8192),
        context_required="context" in policy,
        max_params=parse_params(policy["max_params"]) if "max_params" in policy else None,
        licenses=expand_licenses(policy["licenses"], catalog.licenses)[0] if "licenses" in policy else None,
        language=policy["languages"][0] if policy.get("languages") else None,
        exclude_gated=policy.get("allow_gated") is False,
        include_hosted=True,
        max_cost=policy.get("max_cost"),
        top=10**6,
        show_variants=True,
    )
    models = merged_models(catalog, [])
    ranked, excluded, _ = rank(catalog, c, models)
    out: dict[str, str | None] = dict.fromkeys(ids)
    for e in excluded:
        if e["model_id"] in out:
            out[e["model_id"]] = e["rule"]
    assert {x.id for x in ranked} >= {m for m, r in out.items() if r is None}
    return out


def check_verdicts(
    catalog: Catalog, tmp_path: Path, task: str, policy: dict[str, Any], ids: list[str]
) -> dict[str, set[str]]:
    lines = ["policy:"]
    for key, value in policy.items():
        lines.append(
            f"  {key}: {value!r}".replace("'", '"')
            if not isinstance(value, list)
            else f"  {key}: [{', '.join(value)}]"
        )
    lines.append("  ignore: [better-pick, revision-not-pinned]")
    lines.append("models:")
    for i, model_id in enumerate(ids):
        lines += [f"  - name: m{i}", f"    task: {task}", f"    model: {model_id}"]
    path = tmp_path / "llm-advisor.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = run_check(catalog, load_manifest(path, tmp_path))
    out: dict[str, set[str]] = {m: set() for m in ids}
    for f in report.findings:
        if f.model_id in out and f.rule in SHARED:
            out[f.model_id].add(f.rule)
    return out


@pytest.mark.parametrize("policy", POLICIES, ids=[",".join(p) for p in POLICIES])
@pytest.mark.parametrize(("task", "ids"), SAMPLE, ids=[s[0] for s in SAMPLE])
def test_recommend_and_check_agree(
    catalog: Catalog, tmp_path: Path, task: str, ids: list[str], policy: dict[str, Any]
) -> None:
    ids = [m for m in ids if m in catalog.models]
    assert len(ids) >= 3
    rec = recommend_verdicts(catalog, task, policy, ids)
    chk = check_verdicts(catalog, tmp_path, task, policy, ids)
    assert any(r is not None for r in rec.values()), rec  # the policy bites: the comparison is not vacuous
    for model_id in ids:
        rule = rec[model_id]
        if rule is None:
            assert not chk[model_id], (
                model_id,
                chk[model_id],
            )  # recommend keeps it: check has no constraint finding
        else:
            assert rule in chk[model_id], (
                model_id,
                rule,
                chk[model_id],
            )  # the rule that excluded it is reported


def test_every_rule_is_accepted_by_ignore_and_documented() -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "ci.md").read_text(encoding="utf-8")
    from llm_advisor.check.manifest import Policy

    for rule_id in RULE_IDS:
        assert Policy.model_validate({"ignore": [rule_id]}).ignore == [rule_id]
        assert f"`{rule_id}`" in docs
    assert SHARED <= set(RULE_IDS)
