"""`compare` and `plan` in every output format: `compare(doc, fmt, out, lang)` and `plan(doc, fmt, out, lang)`.

One function per (command, format) behind the `Format` enum; JSON is the localised document as-is (every
message also carries its `text`), text and markdown are tables built from the same rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from llm_advisor.msg import m
from llm_advisor.render.formats import Format
from llm_advisor.render.messages import localize, text
from llm_advisor.render.output import Output, clean
from llm_advisor.units import human_count

Renderer = Callable[[dict[str, Any], Output, str], None]


def _t(code: str, lang: str, **params: Any) -> str:
    return text(m(code, **params), lang)


def _esc(value: Any) -> str:
    return clean(str(value)).replace("|", "\\|").replace("\n", " ")


def _speed(cost: dict[str, Any] | None, lang: str) -> str:
    if not cost:
        return "—"
    if cost.get("tokens_per_s") is not None:
        return f"{cost['tokens_per_s']:.1f} " + ("词元/秒" if lang == "zh" else "tok/s")
    if cost.get("requests_per_s") is not None:
        rps = cost["requests_per_s"]
        return (f"{rps:,.0f}" if rps >= 100 else f"{rps:.3g}") + (" 请求/秒" if lang == "zh" else " req/s")
    return "—"


def _usd(value: float | None) -> str:
    return "—" if value is None else f"${value:.3g}"


def _list(values: list[str], limit: int = 6) -> str:
    shown = ", ".join(values[:limit])
    return (shown + f" (+{len(values) - limit})" if len(values) > limit else shown) or "—"


# ---------------------------------------------------------------------------------------------- compare


def compare_rows(doc: dict[str, Any], lang: str) -> tuple[list[str], list[list[str]]]:
    """(headers, rows): one column per model, one row per fact (shared by text and markdown)."""
    models = doc["models"]
    headers = [_t("compare.label.model", lang)] + [r["model_id"] for r in models]
    hw = doc["hardware"]
    rows: list[list[str]] = []

    def add(label: str, cell: Callable[[dict[str, Any]], str]) -> None:
        rows.append([label, *(cell(r) for r in models)])

    add(_t("compare.label.family", lang), lambda r: r["family"] or "—")
    add(_t("compare.label.architecture", lang), lambda r: r["architecture"] or "—")
    add(_t("compare.label.objective", lang), lambda r: r["objective"] or "—")

    def params(r: dict[str, Any]) -> str:
        out = human_count(r["params"])
        if r["active_params"]:
            out += f" ({_t('compare.label.active', lang, active=r['active_params'])})"
        return out + (f" [{r['params_source']}]" if r["params_source"] else "")

    add(_t("compare.label.params", lang), params)
    for p in doc["precisions"]:

        def mem(r: dict[str, Any], p: str = p) -> str:
            row = next((x for x in r["memory"] if x["precision"] == p), None)
            if row is None:
                return "—"
            cell = f"{row['total_gib']:.1f} GiB"
            if row["kv_gib"]:
                cell += f" (KV {row['kv_gib']:.1f})"
            return cell + (f" ✗ {_t('compare.label.does_not_fit', lang)}" if row["fits"] is False else "")

        add(f"{_t('compare.label.memory', lang, context=doc['context'])} · {p}", mem)
    add(
        _t("compare.label.kv", lang),
        lambda r: "—" if r["kv_gib_per_1k_tokens"] is None else f"{r['kv_gib_per_1k_tokens']:.3f} GiB",
    )
    where = (
        _t("compare.label.on_hardware", lang, hardware=hw["id"])
        if hw
        else _t("compare.label.cheapest_fit", lang)
    )

    def placement(r: dict[str, Any]) -> str:
        h = r["on_hardware"]
        if not h or h["precision"] is None:
            return "—"
        cell = f"{h['precision']}, {h['need_gib']:.1f} GiB" + (
            f" ({h['hardware']})" if not hw and h["hardware"] else ""
        )
        return cell + (f" ✗ {_t('compare.label.does_not_fit', lang)}" if h["fits"] is False else "")

    add(where, placement)

    def speed(r: dict[str, Any]) -> str:
        h = r["on_hardware"] or {}
        cell = _speed(h.get("cost"), lang)
        return cell + (f" ({_t('compare.label.too_slow', lang)})" if h.get("usable") is False else "")

    add(_t("compare.label.speed", lang), speed)

    def cost(r: dict[str, Any]) -> str:
        c = (r["on_hardware"] or {}).get("cost") or {}
        serving = (c.get("serving") or {}).get("usd_per_1m")
        out = _usd(c.get("usd_per_1m"))
        return out + (
            f" / {_usd(serving)} @{c['serving']['batch']}"
            if serving is not None and c["serving"]["batch"] > 1
            else ""
        )

    add(_t("compare.label.cost", lang), cost)
    add(
        _t("compare.label.license", lang),
        lambda r: (
            _t("compare.label.license_value", lang, license=r["license"], kind=r["license_kind"])
            if r["license_kind"]
            else (r["license"] or "—")
        ),
    )
    add(_t("compare.label.languages", lang), lambda r: _list(r["languages"], 8))
    add(
        _t("compare.label.context_window", lang),
        lambda r: f"{r['context_length']:,}" if r["context_length"] else "—",
    )
    add(
        _t("compare.label.tasks", lang),
        lambda r: _list([f"{t['id']} ({t['tier']})" if t["tier"] else t["id"] for t in r["tasks"]], 4),
    )
    add(
        _t("compare.label.source", lang),
        lambda r: r["source"] + (f" @ {r['revision'][:12]}" if r.get("revision") else ""),
    )
    return headers, rows


def _notes(doc: dict[str, Any], lang: str) -> list[str]:
    out = [text(n, lang) for n in doc["notes"]]
    for r in doc.get("models", []):
        out += [f"{r['model_id']}: {text(n, lang)}" for n in r["notes"]]
    return out


def compare_text(doc: dict[str, Any], out: Output, lang: str) -> None:
    headers, rows = compare_rows(doc, lang)
    out.table(headers, rows)
    for note in _notes(doc, lang):
        out.note(note)


def compare_markdown(doc: dict[str, Any], out: Output, lang: str) -> None:
    headers, rows = compare_rows(doc, lang)
    out.raw(_md_table(headers, rows) + "".join(f"\n- {_esc(n)}" for n in _notes(doc, lang)) + "\n")


def _md_table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(_esc(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_esc(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _json(doc: dict[str, Any], out: Output, lang: str) -> None:
    out.json({**localize(doc, lang), "lang": lang})


# ---------------------------------------------------------------------------------------------- plan


PLAN_COLUMNS = ("hardware", "memory", "precision", "need", "speed", "cost", "max_context", "verdict")


def plan_rows(doc: dict[str, Any], lang: str) -> tuple[list[str], list[list[str]]]:
    headers = [_t(f"plan.label.{c}", lang) for c in PLAN_COLUMNS]
    rows = []
    for r in doc["hardware"]:
        if r["fits"]:
            verdict = _t(
                "plan.label.usable"
                if r["usable"]
                else "plan.label.slow"
                if r["usable"] is False
                else "plan.label.runs",
                lang,
            )
            if r["reaches_target"]:
                verdict += " ✓"
        else:
            verdict = _t("plan.label.short_by", lang, gib=r["short_by_gib"] or 0.0)
        rows.append(
            [
                r["id"],
                f"{r['memory_gb']:g} GB",
                r["precision"] or "—",
                f"{r['need_gib']:.1f} GiB",
                _speed(r, lang) if r["fits"] else "—",
                _usd(r["usd_per_1m"]),
                f"{r['max_context']:,}" if r["max_context"] else "—",
                verdict,
            ]
        )
    return headers, rows


def plan_lines(doc: dict[str, Any], lang: str) -> list[str]:
    """The summary, context and target sections below the table, as plain lines."""
    s = doc["summary"]
    lines = []
    if doc["hardware"]:
        lines.append(
            _t(
                "plan.label.summary",
                lang,
                fits=s["fits_on"],
                total=len(doc["hardware"]),
                cheapest=s["cheapest"] or "—",
                fastest=s["fastest"] or "—",
                smallest=s["smallest"] or "—",
            )
        )
    cp = doc.get("context_plan")
    if cp:
        lines.append(_t("plan.label.context_heading", lang, context=cp["requested"]))
        lines += [
            "  "
            + _t(
                "plan.label.context_memory",
                lang,
                precision=p,
                total=v["total_gib"],
                kv="—" if v["kv_gib"] is None else f"{v['kv_gib']:.2f} GiB",
            )
            for p, v in cp["memory"].items()
        ]
    tp = doc.get("target_plan")
    if tp:
        lines.append(_t("plan.label.target_heading", lang, target=tp["tokens_per_s"]))
        if tp["reached_on"]:
            lines.append(
                "  "
                + _t("plan.label.target_reached", lang, ids=tp["reached_on"], cheapest=tp["cheapest"] or "—")
            )
        for need in tp["needs"]:
            if need["bandwidth_gbps"] is None:
                lines.append("  " + _t("plan.label.target_impossible", lang, precision=need["precision"]))
            else:
                lines.append(
                    "  "
                    + _t(
                        "plan.label.target_need",
                        lang,
                        precision=need["precision"],
                        gbps=need["bandwidth_gbps"],
                        memory=need["memory_gib"],
                    )
                )
    return lines


def _plan_heading(doc: dict[str, Any], lang: str) -> tuple[str, str]:
    model = doc["model"]
    return (
        _t("plan.label.heading", lang, model=model["id"]),
        _t(
            "plan.label.setting", lang, context=doc["context"], batch=doc["batch"], precision=doc["precision"]
        ),
    )


def plan_text(doc: dict[str, Any], out: Output, lang: str) -> None:
    heading, setting = _plan_heading(doc, lang)
    out.line((clean(heading), "bold cyan"), (f"  [{doc['model']['source']}]", "dim"))
    out.line((setting, "dim"))
    if doc["hardware"]:
        headers, rows = plan_rows(doc, lang)
        out.table(headers, rows, right={1, 3, 4, 5, 6})
    for line in plan_lines(doc, lang):
        out.line(line)
    for note in _notes(doc, lang):
        out.note(note)


def plan_markdown(doc: dict[str, Any], out: Output, lang: str) -> None:
    heading, setting = _plan_heading(doc, lang)
    parts = [f"# {_esc(heading)}\n\n_{_esc(setting)}_\n"]
    if doc["hardware"]:
        parts.append(_md_table(*plan_rows(doc, lang)))
    parts += [
        f"- {_esc(line.strip())}" if line.startswith("  ") else f"\n{_esc(line)}\n"
        for line in plan_lines(doc, lang)
    ]
    parts += [f"\n> {_esc(n)}" for n in _notes(doc, lang)]
    out.raw("\n".join(parts) + "\n")


COMPARE: dict[Format, Renderer] = {
    Format.text: compare_text,
    Format.json: _json,
    Format.markdown: compare_markdown,
}
PLAN: dict[Format, Renderer] = {Format.text: plan_text, Format.json: _json, Format.markdown: plan_markdown}


def compare(doc: dict[str, Any], fmt: Format, out: Output, lang: str) -> None:
    COMPARE[fmt](doc, out, lang)


def plan(doc: dict[str, Any], fmt: Format, out: Output, lang: str) -> None:
    PLAN[fmt](doc, out, lang)
