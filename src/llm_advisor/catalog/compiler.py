"""Compile catalog YAML into validated plain data: schema checks, layering and cross-references."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from llm_advisor.catalog.files import catalog_files, layer_problem, norm
from llm_advisor.catalog.schema import SECTIONS
from llm_advisor.catalog.yamlfile import YamlDoc, YamlSyntaxError, parse, read_text
from llm_advisor.errors import CatalogError, Problem
from llm_advisor.safeio import printable

TOPIC_SECTIONS = ("architectures", "objectives", "tasks", "glossary")
Compiled = dict[str, Any]


def _display(path: Path, root: Path, builtin: bool) -> str:
    rel = path.relative_to(root).as_posix()
    return f"catalog/{rel}" if builtin else printable(str(path))


def compile_catalog(layers: Iterable[tuple[Path, bool]]) -> tuple[Compiled, list[Problem]]:
    """Validate every layer (directory, is_builtin) and merge them; later layers win on id clashes.

    Returns the merged data (sections of id -> JSON-ready dict, plus `origins`) and every problem found.
    """
    problems: list[Problem] = []
    merged: Compiled = {name: {} for name in SECTIONS}
    origins: dict[str, dict[str, str]] = {name: {} for name in SECTIONS}
    for directory, builtin in layers:
        unusable = layer_problem(directory)
        if unusable:
            problems.append(Problem(printable(str(directory)), None, unusable))
            continue
        layer_seen: dict[tuple[str, str], str] = {}
        try:
            files = catalog_files(directory)
        except CatalogError as exc:  # a tree too deep to be a catalog
            problems.extend(exc.problems)
            continue
        for path in files:
            shown = _display(path, directory, builtin)
            for section, item_id, item, where in _read_file(path, shown, problems):
                key = (section, item_id)
                if key in layer_seen:
                    problems.append(
                        Problem(
                            shown,
                            _line(where),
                            f"duplicate {section} id {item_id!r} (also at {layer_seen[key]})",
                        )
                    )
                    continue
                layer_seen[key] = where
                merged[section][item_id] = item
                origins[section][item_id] = where
    problems.extend(cross_reference(merged, origins))
    merged["origins"] = origins
    return merged, problems


def _line(where: str) -> int | None:
    tail = where.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


def _read_file(
    path: Path, shown: str, problems: list[Problem]
) -> Iterable[tuple[str, str, dict[str, Any], str]]:
    try:
        doc = parse(read_text(path))
    except UnicodeDecodeError:
        problems.append(Problem(shown, None, "not UTF-8 text"))
        return
    except YamlSyntaxError as exc:
        problems.append(Problem(shown, exc.line, exc.message))
        return
    problems.extend(Problem(shown, line, f"duplicate key {key!r}") for line, key in doc.duplicate_keys())
    if doc.data is None:
        return
    if not isinstance(doc.data, dict):
        problems.append(Problem(shown, 1, f"top level must be a mapping of sections ({', '.join(SECTIONS)})"))
        return
    for section, items in doc.data.items():
        model = SECTIONS.get(section)
        if model is None:
            problems.append(
                Problem(
                    shown,
                    doc.line_of([section]),
                    f"unknown section {section!r}; expected one of {', '.join(SECTIONS)}",
                )
            )
            continue
        if not isinstance(items, list):
            problems.append(Problem(shown, doc.line_of([section]), f"{section}: expected a list of entries"))
            continue
        for index, raw in enumerate(items):
            yield from _validate_item(model, section, index, raw, doc, shown, problems)


def _validate_item(
    model: Any, section: str, index: int, raw: Any, doc: YamlDoc, shown: str, problems: list[Problem]
) -> Iterable[tuple[str, str, dict[str, Any], str]]:
    try:
        item = model.model_validate(raw)
    except ValidationError as exc:
        ident = raw.get("id") if isinstance(raw, dict) else None
        label = f"{section}[{index}]" + (f" ({ident})" if ident else "")
        for err in exc.errors():
            loc = [section, index, *err["loc"]]
            field = ".".join(str(p) for p in err["loc"]) or "entry"
            problems.append(Problem(shown, doc.line_of(loc), f"{label}: {field}: {err['msg']}"))
        return
    where = f"{shown}:{doc.line_of([section, index])}"
    yield section, item.id, item.model_dump(mode="json", exclude_none=False), where


def cross_reference(data: Compiled, origins: dict[str, dict[str, str]]) -> list[Problem]:
    """Every reference between sections resolves, and names are unambiguous."""
    problems: list[Problem] = []

    def report(section: str, item_id: str, message: str) -> None:
        where = origins[section].get(item_id, "catalog")
        file, _, line = where.rpartition(":")
        problems.append(Problem(file or where, int(line) if line.isdigit() else None, message))

    def check(section: str, item_id: str, target: str, refs: Iterable[str], what: str) -> None:
        for ref in refs:
            if ref not in data[target]:
                report(section, item_id, f"{section} {item_id!r}: unknown {what} {ref!r}")

    topic_ids = {i for s in TOPIC_SECTIONS for i in data[s]}
    for item_id, arch in data["architectures"].items():
        check("architectures", item_id, "objectives", arch["objectives"], "objective")
        check("architectures", item_id, "tasks", arch["tasks"], "task")
        for task_id in arch["tasks"]:
            fits = {f["id"]: f["weight"] for f in data["tasks"].get(task_id, {}).get("architectures", [])}
            if task_id in data["tasks"] and fits.get(item_id, 0) <= 0:
                report(
                    "architectures",
                    item_id,
                    f"architectures {item_id!r} lists task {task_id!r}, whose fits give it no weight",
                )
    for item_id, obj in data["objectives"].items():
        check("objectives", item_id, "architectures", obj["architectures"], "architecture")
    for item_id, task in data["tasks"].items():
        check("tasks", item_id, "architectures", [f["id"] for f in task["architectures"]], "architecture")
        for alias in task["alias_notes"]:
            if alias not in task["aliases"]:
                report(
                    "tasks",
                    item_id,
                    f"tasks {item_id!r}: alias_notes names {alias!r}, which is not one of its aliases",
                )
    for item_id, term in data["glossary"].items():
        for ref in term["related"]:
            if ref not in topic_ids:
                report("glossary", item_id, f"glossary {item_id!r}: related topic {ref!r} does not exist")
    for item_id, model in data["models"].items():
        check("models", item_id, "architectures", [model["architecture"]], "architecture")
        if model["objective"]:
            check("models", item_id, "objectives", [model["objective"]], "objective")
        check("models", item_id, "tasks", [t["id"] for t in model["tasks"]], "task")
        if data["licenses"]:
            check("models", item_id, "licenses", [model["license"]], "licence")

    if "default" not in data["scoring"]:
        problems.append(Problem("catalog/scoring.yaml", None, "scoring: a 'default' entry is required"))

    # One namespace for everything `explain` resolves, one for models, one for hardware.
    for sections in (TOPIC_SECTIONS, ("models",), ("hardware",), ("licenses",), ("scoring",)):
        owner: dict[str, tuple[str, str]] = {}
        for section in sections:
            for item_id, item in data[section].items():
                for name in [item_id, *item["aliases"]]:
                    key = norm(name)
                    prev = owner.get(key)
                    if prev is not None and prev != (section, item_id):
                        report(
                            section,
                            item_id,
                            f"name {name!r} of {section} {item_id!r} is already used by {prev[0]} {prev[1]!r}",
                        )
                    else:
                        owner[key] = (section, item_id)
    return problems


def coverage_problems(data: Compiled) -> list[Problem]:
    """Every task has at least one curated open model (checked by `catalog validate`)."""
    covered = {t["id"] for m in data["models"].values() if not m["hosted"] for t in m["tasks"]}
    problems = []
    for task_id, task in data["tasks"].items():
        if task_id not in covered and task["no_models_reason"] is None:
            where = data["origins"]["tasks"].get(task_id, "catalog")
            file, _, line = where.rpartition(":")
            problems.append(
                Problem(file, int(line) if line.isdigit() else None, f"task {task_id!r} has no curated model")
            )
    return problems
