"""Markdown: for pasting into docs, issues and notebooks."""

from __future__ import annotations

from typing import Any

from llm_advisor.render.i18n import label
from llm_advisor.render.output import Output, clean
from llm_advisor.units import human_count


def _esc(text: Any) -> str:
    return clean(str(text)).replace("|", "\\|")


def explain_md(doc: dict[str, Any]) -> str:
    lang = doc["lang"]
    lines = [f"# {_esc(doc['name'])} (`{doc['id']}`)", "", f"*{label(doc['kind'], lang)}*", ""]
    if doc["aliases"]:
        lines += [f"**{label('aliases', lang)}:** " + ", ".join(_esc(a) for a in doc["aliases"]), ""]
    lines += [_esc(doc["summary"]), ""]
    for key, value in _sections(doc):
        if isinstance(value, list):
            if not value:
                continue
            lines += [f"## {label(key, lang)}", ""] + [f"- {_esc(v)}" for v in value] + [""]
        else:
            lines += [f"## {label(key, lang)}", "", _esc(value), ""]
    return "\n".join(lines).rstrip() + "\n"


def _sections(doc: dict[str, Any]) -> list[tuple[str, Any]]:
    """(label key, str | list[str]) pairs in reading order, shared by the text renderer."""
    lang = doc["lang"]
    kind = doc["kind"]
    if kind == "architecture":
        return [
            ("family_kind", label(doc["family_kind"], lang)),
            ("objectives", doc["objectives"]),
            ("attention", doc["attention"]),
            ("inference_cost", doc["inference_cost"]),
            ("strengths", doc["strengths"]),
            ("limits", doc["limits"]),
            ("tasks", doc["tasks"]),
            ("examples", doc["examples"]),
            ("fine_tuning", doc["fine_tuning"]),
        ]
    if kind == "objective":
        return [
            ("trains", doc["trains"]),
            ("implications", doc["implications"]),
            ("architectures", doc["architectures"]),
            ("examples", doc["examples"]),
        ]
    if kind == "task":
        output = label("generative_yes" if doc["generative"] else "generative_no", lang)
        fits = [f"{f['id']} ({f['weight']:.2f}): {f['rationale']}" for f in doc["architectures"]]
        return [
            ("modality", doc["modality"]),
            ("generative", output),
            ("fits", fits),
            ("metrics", doc["metrics"]),
            ("notes", doc["notes"]),
            ("models", doc["models"]),
        ]
    return [("details", doc["details"]), ("related", doc["related"])]


def listing_md(doc: dict[str, Any]) -> str:
    columns = list_columns(doc["kind"])
    lang = doc["lang"]
    lines = [
        "| " + " | ".join(label(f"col.{c}", lang) for c in columns) + " |",
        "|" + "---|" * len(columns),
    ]
    lines += ["| " + " | ".join(_esc(cell(item, c)) for c in columns) + " |" for item in doc["items"]]
    return "\n".join(lines) + "\n"


def list_columns(kind: str) -> list[str]:
    return {
        "models": ["id", "family", "architecture", "params", "license", "tasks"],
        "hardware": ["id", "name", "memory", "bandwidth", "price"],
        "tasks": ["id", "name", "modality", "architectures"],
        "licenses": ["id", "name", "permissive", "commercial_ok"],
    }.get(kind, ["id", "name", "summary"])


def cell(item: dict[str, Any], column: str) -> str:
    if column == "params":
        return human_params(item.get("params"))
    if column == "memory":
        return f"{item['memory_gb']:g} GB"
    if column == "bandwidth":
        return f"{item['memory_bandwidth_gbps']:g} GB/s"
    if column == "price":
        price = item["price_usd_per_hour"]
        return "—" if price is None else f"${price:.2f}"
    value = item.get(column)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "—" if value is None else str(value)


def human_params(n: int | None) -> str:
    return human_count(n)


def explain(doc: dict[str, Any], out: Output) -> None:
    out.raw(explain_md(doc))


def listing(doc: dict[str, Any], out: Output) -> None:
    out.raw(listing_md(doc))


def recommend_rows(doc: dict[str, Any]) -> list[list[str]]:
    """The summary table (shared by text, markdown and csv): one row per pick."""
    rows = []
    for p in doc["picks"]:
        mem = "—" if p["memory_needed_gb"] is None else f"{p['memory_needed_gb']:.1f} GiB"
        rows.append(
            [
                str(p["rank"]),
                p["model_id"],
                p["architecture"],
                human_params(p["params"]),
                p["precision"] or "—",
                mem,
                cost_cell(p["cost"]),
                f"{p['score']:.3f}",
            ]
        )
    return rows


RECOMMEND_HEADERS = {
    "en": ["#", "model", "architecture", "params", "precision", "est. memory", "est. cost", "score"],
    "zh": ["#", "模型", "架构", "参数量", "精度", "估算内存", "估算成本", "得分"],
}


def cost_cell(cost: dict[str, Any] | None) -> str:
    if not cost or cost.get("usd_per_1m") is None:
        return "—"
    unit = "1M tok" if cost["unit"] == "tokens" else "1M req"
    where = f" ({cost['hardware']})" if cost.get("hardware") else " (API)"
    return f"${cost['usd_per_1m']:.3g}/{unit}{where}"


def recommend_md(doc: dict[str, Any]) -> str:
    lang = doc["lang"]
    zh = lang == "zh"
    task = doc["task"]
    lines = [
        f"# {label('recommendations', lang)}{'：' if zh else ': '}{_esc(task['name'])} (`{task['id']}`)",
        "",
    ]
    headers = RECOMMEND_HEADERS[lang]
    lines += ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_esc(c) for c in row) + " |" for row in recommend_rows(doc)]
    lines.append("")
    if not doc["picks"]:
        lines += [f"_{_esc(doc['empty_reason']['text'] if doc.get('empty_reason') else '')}_", ""]
    for p in doc["picks"]:
        lines += [f"## {p['rank']}. {_esc(p['model_id'])}", ""]
        lines += [f"- {_esc(r['text'])}" for r in p["reasons"]]
        for key in ("size", "cost", "objective"):
            if p["tradeoffs"][key]:
                sep = " " if key == "objective" else ("；" if zh else "; ")
                body = sep.join(x["text"] for x in p["tradeoffs"][key])
                lines.append(f"- **{label('tradeoff.' + key, lang)}{'：' if zh else ':'}** {_esc(body)}")
        lines.append("")
    ap = doc["approach"]
    if ap["recommended"]:
        lines += [
            f"## {label('approach', lang)}{'：' if zh else ': '}{label('approach.' + ap['recommended'], lang)}",
            "",
            _esc(ap["why"]["text"]),
            "",
        ]
    if doc.get("why_not"):
        w = doc["why_not"]
        lines += [
            f"## {label('why_not_heading', lang)} {_esc(w['model_id'])}",
            "",
            _esc(w["reason"]["text"]),
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


def recommend(doc: dict[str, Any], out: Output) -> None:
    out.raw(recommend_md(doc))


def info_rows(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) facts shared by the text and markdown renderers of `info`."""
    lang = doc.get("lang", "en")
    mem = doc.get("memory_gb")
    params = human_params(doc.get("params"))
    if doc.get("active_params"):
        params += f" ({human_params(doc['active_params'])} active)"
    if doc.get("params_source"):
        params += f" [{doc['params_source']}]"
    gated = doc.get("gated")
    rows = [
        (
            "architecture",
            f"{doc.get('architecture') or label('unknown', lang)}"
            + (f" · {label('objective', lang)} {doc['objective']}" if doc.get("objective") else ""),
        ),
        ("evidence", "; ".join(doc.get("architecture_evidence") or []) or "—"),
        ("parameters", params),
        (
            "memory",
            " / ".join(f"{k} {v:.2f} GiB" for k, v in mem.items() if isinstance(v, (int, float)))
            if mem
            else "—",
        ),
        (
            "kv",
            "—"
            if doc.get("kv_cache_gb_per_1k_tokens") is None
            else f"{doc['kv_cache_gb_per_1k_tokens']:.4f} GiB"
            + ("（bf16，批量 1）" if lang == "zh" else " (bf16, batch 1)"),
        ),
        ("context", "—" if not doc.get("context_length") else str(doc["context_length"])),
        ("license", doc.get("license") or "—"),
        ("languages", ", ".join(doc.get("languages") or []) or "—"),
        ("gated", "—" if gated is None else label("yes" if gated else "no", lang)),
        ("pipeline_tag", doc.get("pipeline_tag") or "—"),
        (
            "popularity",
            f"{doc['downloads']:,} / {doc.get('likes') or 0:,}" if doc.get("downloads") is not None else "—",
        ),
        ("suited", ", ".join(doc.get("suited_tasks") or []) or "—"),
        (
            "source",
            doc["source"]
            + (f" ({doc['fetched_at']})" if doc.get("fetched_at") else "")
            + (f" @ {doc['revision']}" if doc.get("revision") else ""),
        ),
    ]
    card = doc.get("card") or {}
    for key, name in (
        ("summary", "card_summary"),
        ("intended_uses", "intended_uses"),
        ("limitations", "limitations"),
    ):
        if card.get(key):
            rows.append((name, str(card[key])))
    rows.extend(
        ("evaluation", f"{ev.get('task')}: {ev.get('dataset')} {ev.get('metric')} = {ev.get('value')}")
        for ev in doc.get("eval_results") or []
    )
    return [(label(f"info.{key}", lang), value) for key, value in rows]


def info_md(doc: dict[str, Any]) -> str:
    lines = [f"# {_esc(doc['model_id'])}", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {_esc(v)} |" for k, v in info_rows(doc)]
    return "\n".join(lines) + "\n"


def info(doc: dict[str, Any], out: Output) -> None:
    out.raw(info_md(doc))
