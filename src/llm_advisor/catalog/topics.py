"""Build `explain` and `list` documents: JSON-ready dicts that every renderer formats."""

from __future__ import annotations

from typing import Any

from llm_advisor.catalog.loader import TOPIC_KINDS, Catalog

SCHEMA_VERSION = 1
TIER_ORDER = {"top": 0, "strong": 1, "good": 2, "baseline": 3}
LIST_KINDS = {
    "architectures": "architectures",
    "objectives": "objectives",
    "tasks": "tasks",
    "models": "models",
    "hardware": "hardware",
    "terms": "glossary",
    "licenses": "licenses",
}


def explain_doc(catalog: Catalog, topic: str) -> dict[str, Any]:
    """The documented JSON contract of `explain` (docs/json.md)."""
    from llm_advisor.errors import UnknownName

    try:
        found = catalog.topic(topic)
    except UnknownName as exc:
        for section, command in (("models", "info"), ("hardware", "list hardware")):
            if topic.casefold() in {
                n.casefold() for i, e in catalog.section(section).items() for n in [i, *e["aliases"]]
            }:
                exc.hint = (
                    f"{topic!r} is a {'model' if section == 'models' else 'hardware profile'}: try `llm-advisor {command}"
                    + (f" {topic}`" if section == "models" else "`")
                )
        raise
    e = found.entry
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "kind": found.kind,
        "id": found.id,
        "name": e["name"],
        "aliases": list(e["aliases"]),
        "summary": e["summary"],
    }
    if found.via is not None:
        doc["resolved_from"] = found.via
    if found.kind == "architecture":
        doc.update(
            family_kind=e["kind"],
            objectives=list(e["objectives"]),
            attention=e["attention"],
            inference_cost=e["inference_cost"],
            strengths=list(e["strengths"]),
            limits=list(e["limits"]),
            tasks=list(e["tasks"]),
            examples=list(e["examples"]),
            fine_tuning=e["fine_tuning"],
        )
    elif found.kind == "objective":
        doc.update(
            trains=e["trains"],
            implications=e["implications"],
            architectures=list(e["architectures"]),
            examples=list(e["examples"]),
        )
    elif found.kind == "task":
        notes = list(e["notes"])
        alias_note = _alias_note(e, found.via)
        if alias_note is not None:
            notes.insert(0, alias_note)
        if e["no_models_reason"] is not None:
            notes.append(e["no_models_reason"])
        doc.update(
            modality=e["modality"],
            generative=e["generative"],
            architectures=[
                {"id": f["id"], "weight": f["weight"], "rationale": f["rationale"]}
                for f in sorted(e["architectures"], key=lambda f: (-f["weight"], f["id"]))
            ],
            metrics=list(e["metrics"]),
            notes=notes,
            models=models_for_task(catalog, found.id),
        )
    else:
        doc.update(details=list(e["details"]), related=list(e["related"]))
    return doc


def _alias_note(entry: dict[str, Any], via: str | None) -> Any:
    if via is None:
        return None
    from llm_advisor.catalog.files import norm

    for alias, note in entry["alias_notes"].items():
        if norm(alias) == norm(via):
            return note
    return None


def models_for_task(catalog: Catalog, task_id: str, limit: int = 8) -> list[str]:
    """Curated open models for a task in the order `recommend` (no constraints) ranks them."""
    from llm_advisor.recommend.constraints import Constraints
    from llm_advisor.recommend.ranking import merged_models, rank

    ranked, _, _ = rank(catalog, Constraints(task=task_id, top=limit), merged_models(catalog, []))
    return [c.id for c in ranked if not c.model["hosted"]][:limit]


def list_doc(
    catalog: Catalog,
    kind: str,
    *,
    task: str | None = None,
    architecture: str | None = None,
    modality: str | None = None,
) -> dict[str, Any]:
    """The documented JSON contract of `list` (docs/json.md)."""
    section = LIST_KINDS[kind]
    task_id = catalog.task(task).id if task else None
    arch_id = catalog.topic(architecture).id if architecture else None
    items: list[dict[str, Any]] = []
    for item_id, e in catalog.section(section).items():
        if section in TOPIC_KINDS:
            item: dict[str, Any] = {"id": item_id, "name": e["name"], "aliases": list(e["aliases"])}
            item["summary"] = e["summary"]
            if section == "tasks":
                item.update(modality=e["modality"], generative=e["generative"])
                fits = sorted(
                    (f for f in e["architectures"] if f["weight"] > 0), key=lambda f: (-f["weight"], f["id"])
                )
                item["architectures"] = [f["id"] for f in fits]  # best fit first
            if section == "architectures":
                item.update(family_kind=e["kind"], tasks=list(e["tasks"]))
            if section == "objectives":
                item["architectures"] = list(e["architectures"])
        elif section == "models":
            item = {
                "id": item_id,
                "family": e["family"],
                "architecture": e["architecture"],
                "objective": e["objective"],
                "params": e["params"],
                "active_params": e["active_params"],
                "license": e["license"],
                "tasks": [t["id"] for t in e["tasks"]],
                "languages": list(e["languages"]),
                "context_length": e["context_length"],
                "gated": e["gated"],
                "hosted": e["hosted"],
            }
        elif section == "licenses":
            item = {
                "id": item_id,
                "name": e["name"],
                "aliases": list(e["aliases"]),
                "permissive": e["permissive"],
                "commercial_ok": e["commercial_ok"],
                "notes": e["notes"] if e["notes"] else None,
                "source": e["source"],
            }
        else:  # hardware
            item = {
                "id": item_id,
                "name": e["name"],
                "kind": e["kind"],
                "vendor": e["vendor"],
                "memory_gb": e["memory_gb"],
                "memory_bandwidth_gbps": e["memory_bandwidth_gbps"],
                "bf16_tflops": e["bf16_tflops"],
                "price_usd_per_hour": e["price_usd_per_hour"],
                "aliases": list(e["aliases"]),
            }
        if not _keep(catalog, section, e, item, task_id, arch_id, modality):
            continue
        items.append(item)
    if section == "models" and task_id:
        tier = {
            mid: TIER_ORDER[t["tier"]]
            for mid, m in catalog.models.items()
            for t in m["tasks"]
            if t["id"] == task_id
        }
        items.sort(key=lambda i: (tier[i["id"]], i["id"].casefold()))
    return {"schema_version": SCHEMA_VERSION, "kind": kind, "items": items}


def _keep(
    catalog: Catalog,
    section: str,
    e: dict[str, Any],
    item: dict[str, Any],
    task_id: str | None,
    arch_id: str | None,
    modality: str | None,
) -> bool:
    if task_id is not None:
        if section == "models" and task_id not in item["tasks"]:
            return False
        if section == "architectures" and item["id"] not in [
            f["id"] for f in catalog.tasks[task_id]["architectures"] if f["weight"] > 0
        ]:
            return False
        if section == "tasks" and item["id"] != task_id:
            return False
    if arch_id is not None:
        if section == "models" and e["architecture"] != arch_id:
            return False
        if section == "tasks" and arch_id not in item["architectures"]:
            return False
        if section == "objectives" and arch_id not in item["architectures"]:
            return False
    if modality is not None:
        if section == "tasks" and e["modality"] != modality:
            return False
        if section == "models":
            modalities = {catalog.tasks[t]["modality"] for t in item["tasks"] if t in catalog.tasks}
            if modality not in modalities:
                return False
    return True
