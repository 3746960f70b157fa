"""Text: a readable rendering for terminals; colour and styles only on a real terminal."""

from __future__ import annotations

from typing import Any

from llm_advisor.render.i18n import both, label
from llm_advisor.render.markdown_format import (
    RECOMMEND_HEADERS,
    _sections,
    cell,
    info_rows,
    list_columns,
    recommend_rows,
)
from llm_advisor.render.output import Output, clean, wrap

# Short id lists read better on one line than as bullets.
INLINE = {
    "objectives",
    "tasks",
    "examples",
    "architectures",
    "metrics",
    "related",
    "modality",
    "family_kind",
    "generative",
}


def explain(doc: dict[str, Any], out: Output) -> None:
    lang = doc["lang"]
    colon = "：" if lang == "zh" else ": "
    out.line(
        (clean(doc["name"]), "bold cyan"), "  ", (f"[{label(doc['kind'], lang)}{colon}{doc['id']}]", "dim")
    )
    if doc["aliases"]:
        hanging(
            out,
            clean(("、" if lang == "zh" else ", ").join(doc["aliases"])),
            label("aliases", lang) + colon,
            "dim",
        )
    if doc.get("resolved_from"):
        out.line((label("via", lang) + colon, "dim"), clean(doc["resolved_from"]))
    out.line()
    hanging(out, clean(doc["summary"]), "")
    for key, value in _sections(doc):
        if isinstance(value, list) and not value:
            continue
        out.line()
        if key in INLINE:
            shown = ("、" if lang == "zh" else ", ").join(value) if isinstance(value, list) else str(value)
            hanging(out, clean(shown), label(key, lang) + colon, "bold")
            continue
        out.line((label(key, lang), "bold"))
        for item in value if isinstance(value, list) else [value]:
            hanging(out, clean(str(item)), "  • " if isinstance(value, list) else "  ")


def hanging(out: Output, text: str, first: str, first_style: str = "") -> None:
    """`text` wrapped to the output width after `first`, continuation lines indented under it."""
    from llm_advisor.render.output import cell_width

    indent = cell_width(first) if cell_width(first) <= 16 else 4
    lines = wrap(text, max(20, out.width - max(indent, cell_width(first))))
    for i, line in enumerate(lines):
        lead = (first, first_style) if i == 0 else " " * indent
        out.line(lead, line)


def listing(doc: dict[str, Any], out: Output) -> None:
    lang = doc["lang"]
    columns = list_columns(doc["kind"])
    out.table(
        [label(f"col.{c}", lang) for c in columns],
        [[cell(item, c) for c in columns] for item in doc["items"]],
    )
    out.note(
        f"{len(doc['items'])} {label('kind.' + doc['kind'], lang)}"
        if lang == "en"
        else f"共 {len(doc['items'])} 个{label('kind.' + doc['kind'], lang)}"
    )


def recommend(doc: dict[str, Any], out: Output) -> None:
    lang = doc["lang"]
    zh = lang == "zh"
    colon = "：" if zh else ": "
    task = doc["task"]
    if doc.get("described"):
        d = doc["described"]
        understood = [u["text"] for u in d.get("understood") or []] or [task["id"]]
        out.note(
            both(lang, "from your description: ", "根据描述：") + ("；" if zh else "; ").join(understood)
        )
    out.line(
        (label("task_heading", lang) + colon, "bold"),
        clean(task["name"]),
        (f"  [{task['id']} · {task['modality']}]", "dim"),
    )
    for w in doc["warnings"]:
        out.warn(w["text"])
    if doc["picks"]:
        headers = RECOMMEND_HEADERS[lang]
        out.table(headers, recommend_rows(doc), right={0, len(headers) - 1})
    else:
        out.line((clean(doc["empty_reason"]["text"]) if doc.get("empty_reason") else "", "yellow"))
    if doc.get("pipeline"):
        out.line()
        out.line((clean(doc["pipeline"]["reason"]["text"]), "bold"))
    for p in doc["picks"]:
        out.line()
        role = f"[{label('role.' + p['role'], lang)}] " if p.get("role") else ""
        out.line(
            (f"{p['rank']}. {role}{clean(p['model_id'])}", "bold cyan"),
            (f"  {label('score', lang)} {p['score']:.3f} · {label('tier.' + p['tier'], lang)}", "dim"),
        )
        for reason in p["reasons"]:
            hanging(out, clean(reason["text"]), "   • ")
        for key in ("size", "cost", "objective"):
            if p["tradeoffs"][key]:
                sep = " " if key == "objective" else ("；" if zh else "; ")
                hanging(
                    out,
                    clean(sep.join(x["text"] for x in p["tradeoffs"][key])),
                    f"   {label('tradeoff.' + key, lang)}{colon}",
                    "bold",
                )
    ap = doc["approach"]
    if ap["recommended"] and (ap["examples"] is not None or not doc["picks"]):
        out.line()
        out.line((label("approach", lang) + colon, "bold"), label("approach." + ap["recommended"], lang))
        hanging(out, clean(ap["why"]["text"]), "   ")
        for o in ap["options"]:
            cost = o.get("cost") or {}
            usd = cost.get("training_usd")
            extra = (
                ""
                if usd is None
                else (f" · ~${usd:g}" + (f" ({cost['hardware']})" if cost.get("hardware") else ""))
            )
            needs = f" ({o['needs']['text']})" if o.get("needs") else ""
            hanging(
                out,
                clean(f"{label('approach.' + o['id'], lang)}{colon}{o['summary']['text']}{extra}{needs}"),
                "   • ",
            )
    if doc.get("why_not"):
        w = doc["why_not"]
        out.line()
        hanging(out, clean(f"{w['model_id']}{colon}{w['reason']['text']}"), label("why_not", lang) + " ")
    data = doc["data"]
    hub = data["hub_cache"]
    cat = data["catalog"]
    reviewed = _review_notes(data.get("scoring", {}).get("as_of"), lang)
    out.note(
        both(
            lang,
            f"catalog {cat['version']} ({cat['digest']}, {cat['models']} models)",
            f"目录 {cat['version']}（{cat['digest']}，{cat['models']} 个模型）",
        )
        + "".join(both(lang, "; ", "；") + note for note in reviewed[:1])
        + (
            both(lang, f"; Hub cache {hub.get('newest', '?')}", f"；Hub 缓存 {hub.get('newest', '?')}")
            if hub
            else both(lang, "; no Hub cache", "；无 Hub 缓存")
        )
        + both(
            lang,
            f"; {len(doc['excluded'])} excluded (see --format json or --why-not)",
            f"；排除了 {len(doc['excluded'])} 个（见 --format json 或 --why-not）",
        )
    )
    for hint in reviewed[1:]:
        out.note(hint)


def _review_notes(as_of: str | None, lang: str) -> list[str]:
    """The catalog's review date, then the `sync` hint when that is long before today (catalog.freshness)."""
    from datetime import date

    from llm_advisor.catalog.freshness import review_notes
    from llm_advisor.render.messages import text

    return [text(note, lang) for note in review_notes(as_of, date.today())]


def info(doc: dict[str, Any], out: Output) -> None:
    # Hub text is untrusted: clean() strips escape sequences and out.line never interprets markup.
    out.line((clean(doc["model_id"]), "bold cyan"), (f"  [{doc['source']}]", "dim"))
    colon = "：" if doc.get("lang") == "zh" else ": "
    for key, value in info_rows(doc):
        hanging(out, clean(value), f"  {key}{colon}", "bold")
