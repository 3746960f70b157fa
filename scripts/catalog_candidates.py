#!/usr/bin/env python3
"""List the most downloaded first-party Hub models per task that the catalog lacks, as a DRAFT catalog YAML.

Maintainer script for the monthly catalog refresh (docs/catalog.md, "Keeping the catalog current"). It reads
either the Hub (HF_ENDPOINT or https://huggingface.co, through llm_advisor.hub.client, which passes the
endpoint to HfApi explicitly) or the local Hub cache filled by `llm-advisor sync` (`--from-cache`), and keeps

- first-party models: the org already publishes a curated open model in the catalog, is listed in
  FIRST_PARTY below, or is named with `--org`;
- models the catalog lacks (neither an id nor an alias of a catalog model, case-insensitive);
- no quantized or converted copies (GGUF, AWQ, GPTQ, MLX, ONNX, bnb, FP8/INT4 ... in the id).

For each candidate (the `--top` most downloaded per task) it fetches the model's config.json and safetensors
metadata (online mode; `--from-cache` uses what the cache holds, plus `--fetch` to read them live) and writes an
entry with the facts it can derive (params, active params, layers/heads/kv_heads/head_dim, context, licence,
languages, gating, base model). Everything a person must check or write is marked TODO: the tier's
`editorial: "TODO: evidence"`, `release_date: null`, family, strengths and limits. `llm-advisor catalog
validate <dir>` rejects the draft until each TODO is replaced (catalog/freshness.py), so a draft cannot be
merged by accident.

    python scripts/catalog_candidates.py --task text-generation --task automatic-speech-recognition
    python scripts/catalog_candidates.py --all-tasks --top 3 --output /tmp/candidates/draft.yaml
    llm-advisor sync --all-tasks --limit 200 && python scripts/catalog_candidates.py --from-cache --all-tasks
    HF_ENDPOINT=https://hf-mirror.example python scripts/catalog_candidates.py --task coding --org bigcode
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

# Orgs that publish first-party models but may have no curated entry yet (lower case).
FIRST_PARTY = frozenset(
    {
        "google", "facebook", "meta-llama", "microsoft", "nvidia", "openai", "qwen", "mistralai", "deepseek-ai",
        "allenai", "ibm-granite", "huggingfacetb", "baai", "jinaai", "nomic-ai", "answerdotai", "apple",
        "moonshotai", "zai-org", "thudm", "tencent", "baidu", "paddlepaddle", "stepfun-ai", "minimaxai",
        "openbmb", "internlm", "opengvlab", "amazon", "salesforce", "cohere", "coherelabs", "ai21labs",
        "tiiuae", "lightonai", "mixedbread-ai", "intfloat", "sentence-transformers", "stabilityai",
        "black-forest-labs", "depth-anything", "ultralytics", "pyannote", "speechbrain", "hexgrad",
        "prior-labs", "amazon-science", "ibm", "servicenow-ai", "liquidai", "xiaomimimo", "bytedance-seed",
    }
)  # fmt: skip
# Quantized or converted copies are never separate catalog entries.
DERIVED = re.compile(
    r"(gguf|awq|gptq|exl2|mlx|onnx|openvino|bnb|[-_.](fp8|int4|int8|4bit|8bit|nf4|w4a16|w8a8)\b)",
    re.IGNORECASE,
)
TODO_EVIDENCE = "TODO: evidence"  # catalog validate rejects it (freshness.TODO)


def known_ids(catalog: Any) -> set[str]:
    """Every id and alias of a catalog model, lower-cased."""
    names: set[str] = set()
    for model_id, model in catalog.models.items():
        names.add(model_id.lower())
        names.update(str(a).lower() for a in model.get("aliases") or [])
    return names


def first_party_orgs(catalog: Any, extra: Iterable[str] = ()) -> set[str]:
    """Orgs of curated open models, plus FIRST_PARTY and `extra` (lower-cased)."""
    orgs = {
        mid.split("/", 1)[0].lower()
        for mid, m in catalog.models.items()
        if "/" in mid and not m.get("hosted")
    }
    return orgs | FIRST_PARTY | {o.lower() for o in extra}


def listing_tasks(catalog: Any, tasks: Sequence[str]) -> dict[str, str]:
    """Task id (or alias) -> the Hub pipeline tag it is listed under; a use case maps to its first tag."""
    tags: dict[str, str] = {}
    for name in tasks:
        task = catalog.task(name)
        entry = catalog.tasks[task.id]
        if entry.get("use_case"):
            if entry.get("pipeline_tags"):
                tags[task.id] = entry["pipeline_tags"][0]
        else:
            tags[task.id] = task.id
    return tags


def default_tasks(catalog: Any) -> list[str]:
    return [
        t for t, e in catalog.tasks.items() if e.get("no_models_reason") is None and not e.get("use_case")
    ]


def _listing(tag: str, limit: int, from_cache: bool) -> list[dict[str, Any]]:
    if from_cache:
        from llm_advisor.hub.cache import models_for_task

        return models_for_task(tag, limit)
    from llm_advisor.hub.client import list_task_models

    return list_task_models(tag, limit=limit)


def _details(model: dict[str, Any], from_cache: bool, fetch: bool) -> dict[str, Any]:
    """The model with config.json and safetensors facts: fetched live unless only the cache may be read."""
    if from_cache and not fetch:
        from llm_advisor.hub.cache import get_model

        return get_model(model["id"]) or model
    from llm_advisor.hub.client import HubError, fetch_model

    try:
        return fetch_model(model["id"])
    except HubError as exc:
        return {**model, "warnings": [*model.get("warnings", []), f"details not fetched: {exc}"]}


def candidates(
    catalog: Any,
    tasks: Sequence[str],
    *,
    top: int = 5,
    limit: int = 200,
    from_cache: bool = False,
    fetch: bool = False,
    orgs: Iterable[str] = (),
) -> dict[str, list[dict[str, Any]]]:
    """Task id -> its top candidates (Hub model dicts, most downloaded first), details filled in."""
    known = known_ids(catalog)
    first_party = first_party_orgs(catalog, orgs)
    seen: set[str] = set()
    found: dict[str, list[dict[str, Any]]] = {}
    for task_id, tag in listing_tasks(catalog, tasks).items():
        picked = []
        listed = sorted(_listing(tag, limit, from_cache), key=lambda m: (-(m.get("downloads") or 0), m["id"]))
        for model in listed:
            model_id = model["id"]
            org = model_id.split("/", 1)[0].lower() if "/" in model_id else ""
            if (
                org not in first_party
                or model_id.lower() in known
                or model_id.lower() in seen
                or DERIVED.search(model_id)
            ):
                continue
            seen.add(model_id.lower())
            picked.append(_details(model, from_cache, fetch))
            if len(picked) >= top:
                break
        found[task_id] = picked
    return found


def draft_entry(model: dict[str, Any], task_id: str, catalog: Any) -> dict[str, Any]:
    """A catalog `models:` entry with the derivable facts and TODO markers for everything a person decides."""
    config = {k: v for k, v in (model.get("config") or {}).items() if v is not None}
    architecture = model.get("architecture") if model.get("architecture") in catalog.architectures else "todo"
    objective = model.get("objective") if model.get("objective") in catalog.objectives else None
    entry: dict[str, Any] = {
        "id": model["id"],
        "family": "TODO: family",
        "architecture": architecture,
        "objective": objective,
        "params": model.get("params"),
    }
    if model.get("active_params") and model.get("params") and model["active_params"] < model["params"]:
        entry["active_params"] = model["active_params"]
    if config:
        entry["config"] = config
    entry.update(
        {
            "context_length": model.get("context_length"),
            "license": model.get("license") or "todo",
            "languages": list(model.get("languages") or []),
            "gated": bool(model.get("gated")),
        }
    )
    if model.get("base_model"):
        entry["base_model"] = model["base_model"]
    entry.update(
        {
            "tasks": [{"id": task_id, "tier": "good", "editorial": TODO_EVIDENCE}],
            "release_date": None,
            "strengths": {"en": "TODO: one sentence from the model card", "zh": "待补充：根据模型卡写一句话"},
            "limits": {"en": "TODO: one sentence from the model card", "zh": "待补充：根据模型卡写一句话"},
            "source": f"https://huggingface.co/{model['id']}",
        }
    )
    return {k: v for k, v in entry.items() if v is not None or k == "release_date"}


HEADER = """\
# DRAFT catalog entries written by scripts/catalog_candidates.py ({source}); NOT ready to merge.
# For each entry: check every fact on the model card and config.json, set release_date, family, tier,
# strengths and limits, replace the tier's "{todo}" with an `eval` (benchmark, metric, value, source,
# date) or a one-line `editorial` justification, add the other tasks it serves, then move it into the
# right catalog/models/*.yaml file. `llm-advisor catalog validate <this directory>` rejects it until then.
"""


def draft_yaml(found: dict[str, list[dict[str, Any]]], catalog: Any, source: str) -> str:
    lines = [HEADER.format(source=source, todo=TODO_EVIDENCE).rstrip("\n")]
    entries: list[str] = []
    for task_id, models in found.items():
        for model in models:
            notes = [f"{task_id}: {model['id']}", f"{model.get('downloads') or 0} downloads"]
            if model.get("params_source"):
                notes.append(f"params from {model['params_source']}")
            if model.get("last_modified"):
                notes.append(f"Hub last modified {str(model['last_modified'])[:10]} (not the release date)")
            body = yaml.safe_dump(
                [draft_entry(model, task_id, catalog)], sort_keys=False, allow_unicode=True, width=1000
            )
            block = [f"  # {' · '.join(notes)}"]
            block += [f"  # warning: {w}" for w in model.get("warnings") or []]
            block += [f"  {line}" if line else line for line in body.rstrip("\n").split("\n")]
            entries.append("\n".join(block))
    if not entries:
        return "\n".join(
            [
                *lines,
                "# no candidates: the catalog has every first-party model the listing shows",
                "models: []",
                "",
            ]
        )
    return "\n".join([*lines, "models:", *entries, ""])


def summary(found: dict[str, list[dict[str, Any]]]) -> str:
    rows = [
        f"{task}: {len(models)} candidate(s)" + (f" — {', '.join(m['id'] for m in models)}" if models else "")
        for task, models in found.items()
    ]
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n", 1)[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--task", "-t", action="append", default=[], help="task id or alias (repeatable)")
    parser.add_argument(
        "--all-tasks", action="store_true", help="every task that has curated models (use cases excluded)"
    )
    parser.add_argument("--top", type=int, default=5, help="candidates per task (default 5)")
    parser.add_argument(
        "--limit", type=int, default=200, help="Hub models read per task, most downloaded first (default 200)"
    )
    parser.add_argument(
        "--from-cache", action="store_true", help="read the local Hub cache (run `llm-advisor sync` first)"
    )
    parser.add_argument(
        "--fetch",
        action="store_true",
        help="with --from-cache: still read each candidate's config.json from the Hub",
    )
    parser.add_argument("--org", action="append", default=[], help="another first-party org (repeatable)")
    parser.add_argument("--output", "-o", type=Path, help="write the draft YAML here (default: stdout)")
    args = parser.parse_args(argv)

    from llm_advisor.catalog.loader import load_catalog
    from llm_advisor.errors import AdvisorError

    try:
        catalog = load_catalog()
        tasks = args.task or (default_tasks(catalog) if args.all_tasks else [])
        if not tasks:
            parser.error("give --task (repeatable) or --all-tasks")
        found = candidates(
            catalog,
            tasks,
            top=max(1, args.top),
            limit=max(1, args.limit),
            from_cache=args.from_cache,
            fetch=args.fetch,
            orgs=args.org,
        )
    except AdvisorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    from llm_advisor.hub.client import endpoint

    if args.from_cache:
        from llm_advisor.hub.cache import count_for_task

        for task_id, tag in listing_tasks(catalog, tasks).items():
            if count_for_task(tag) == 0:
                print(
                    f"note: the Hub cache lists no {tag} models; run `llm-advisor sync --task {task_id}` first",
                    file=sys.stderr,
                )
    source = "the local Hub cache" if args.from_cache else endpoint()
    text = draft_yaml(found, catalog, source)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {sum(len(v) for v in found.values())} draft entries to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    print(summary(found), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
