"""`check` renderers, one per format: each turns a Report into the exact text to write (pure, byte-stable)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from llm_advisor.render.formats import MACHINE_FORMATS, CheckFormat  # noqa: F401  (re-exported)
from llm_advisor.render.messages import localize
from llm_advisor.render.messages import text as msg_text
from llm_advisor.sanitize import clean, one_line

if TYPE_CHECKING:
    from llm_advisor.check.checker import Finding, Report

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "note": "notice"}  # GitHub workflow command names
# json.dumps escapes only C0; C1 controls (U+009B is an 8-bit CSI), bidi and zero-width marks and line
# separators from untrusted names would reach a terminal that cats the report raw. They can only stand inside
# string literals, so \uXXXX escapes keep the JSON valid and the data exact.
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def _json_text(doc: Any) -> str:
    text = json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False)
    return _JSON_UNSAFE.sub(lambda c: f"\\u{ord(c.group()):04x}", text) + "\n"


_XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render(report: Report, fmt: CheckFormat, *, strict: bool = False, lang: str = "en") -> str:
    """The output for `fmt`; empty only for text and github when there is nothing to say."""
    return RENDERERS[fmt](report, strict, lang)


def _where(f: Finding) -> str:
    if f.file is None:
        return "llm-advisor"
    return one_line(f"{f.file}:{f.line}" if f.line else f.file)


def _who(f: Finding) -> str:
    if f.choice is None:
        return ""
    if f.model_id and f.model_id != f.choice:
        return f"{f.choice} ({f.model_id}): "
    return f"{f.choice}: "


def _message(f: Finding, lang: str) -> str:
    """The finding's sentence with who it is about; names and file names are untrusted: one safe line."""
    return one_line(_who(f) + msg_text(f.message, lang))


def summary_line(report: Report, lang: str = "en") -> str:
    """One sentence for stderr: counts, or that everything passed."""
    s = report.summary
    if lang == "zh":
        if not report.findings:
            return f"检查了 {s.models} 个模型选择：没有发现问题"
        return f"{s.models} 个模型选择中有 {s.errors} 个错误、{s.warnings} 个警告、{s.notes} 个提示"
    noun = "model choice" if s.models == 1 else "model choices"
    if not report.findings:
        return f"{s.models} {noun} checked: no findings"

    def n(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    return f"{n(s.errors, 'error')}, {n(s.warnings, 'warning')}, {n(s.notes, 'note')} in {s.models} {noun}"


def text(report: Report, strict: bool = False, lang: str = "en") -> str:
    lines = [f"{_where(f)}: {f.severity}[{f.rule}] {_message(f, lang)}" for f in report.findings]
    return "".join(line + "\n" for line in lines)


def json_(report: Report, strict: bool = False, lang: str = "en") -> str:
    return _json_text(localize(report.model_dump(mode="json"), lang))


def _gh_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(value: str) -> str:
    return _gh_data(value).replace(":", "%3A").replace(",", "%2C")


def github(report: Report, strict: bool = False, lang: str = "en") -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on its file and line."""
    out = []
    for f in report.findings:
        props = []
        if f.file is not None:
            props.append(f"file={_gh_prop(clean(f.file))}")
            if f.line:
                props.append(f"line={f.line}")
        props.append(f"title={_gh_prop(f.rule)}")
        out.append(
            f"::{_LEVEL[f.severity]} {','.join(props)}::{_gh_data(clean(_who(f) + msg_text(f.message, lang)))}\n"
        )
    return "".join(out)


def junit(report: Report, strict: bool = False, lang: str = "en") -> str:
    """JUnit XML: one testcase per model choice; errors (and warnings with --strict) fail it."""
    import xml.etree.ElementTree as ET

    failing = {"error", "warning"} if strict else {"error"}
    groups: dict[tuple[str, str], list[Finding]] = {}
    cases: list[tuple[str, str, str, str | None, int | None]] = []  # (key name, key model, label, file, line)
    for c in report.choices:
        groups[(c.name, c.model_id)] = []
        label = clean(c.name if c.name == c.model_id else f"{c.name} ({c.model_id})")
        cases.append((c.name, c.model_id, label, c.file, c.line))
    for f in report.findings:
        key = (f.choice or "", f.model_id or "") if f.choice is not None else ("", f.rule)
        if key not in groups:
            groups[key] = []
            label = clean(
                f.rule if f.choice is None else (f.choice if not f.model_id else f"{f.choice} ({f.model_id})")
            )
            cases.append((key[0], key[1], label, f.file, f.line))
        groups[key].append(f)
    suite_failures = suite_errors = 0
    testcases = []
    for name, model, label, file, line in cases:
        found = groups[(name, model)]
        case = ET.Element("testcase", {"classname": clean(file or "llm-advisor"), "name": label})
        if file:
            case.set("file", clean(file))
        if line:
            case.set("line", str(line))
        bad = [f for f in found if f.severity in failing]
        if bad:
            broken = any(f.rule == "invalid-manifest" for f in bad)
            tag = "error" if broken else "failure"
            rules = sorted({f.rule for f in bad})
            el = ET.SubElement(
                case,
                tag,
                {
                    "type": ",".join(rules),
                    "message": f"{len(bad)} finding{'s' if len(bad) != 1 else ''}: {', '.join(rules)}",
                },
            )
            el.text = "".join(f"{_where(f)}: {f.severity}[{f.rule}] {_message(f, lang)}\n" for f in bad)
            if broken:
                suite_errors += 1
            else:
                suite_failures += 1
        rest = [f for f in found if f.severity not in failing]
        if rest:
            ET.SubElement(case, "system-out").text = "".join(
                f"{_where(f)}: {f.severity}[{f.rule}] {_message(f, lang)}\n" for f in rest
            )
        testcases.append(case)
    counts = {
        "tests": str(len(testcases)),
        "failures": str(suite_failures),
        "errors": str(suite_errors),
        "skipped": "0",
    }
    root = ET.Element("testsuites", {"name": "llm-advisor check", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "llm-advisor check", **counts})
    suite.extend(testcases)
    ET.indent(root)
    # characters XML 1.0 forbids (U+FFFE, U+FFFF, lone surrogates; clean() took the C0 controls) would make
    # the report unparsable for GitLab and Jenkins; none of them can be part of the markup itself
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + _XML_FORBIDDEN.sub("", ET.tostring(root, encoding="unicode"))
        + "\n"
    )


def sarif(report: Report, strict: bool = False, lang: str = "en") -> str:
    """SARIF 2.1.0 (validated against the OASIS schema in the tests); every rule listed, results in order."""
    from llm_advisor import __version__
    from llm_advisor.check.rules import CHECK_RULES, RULE_IDS
    from llm_advisor.render.messages import rule_description

    rule_ids = list(RULE_IDS)
    rules = [
        {
            "id": r.id,
            "name": "".join(part.capitalize() for part in r.id.split("-")),
            "shortDescription": {"text": rule_description(r.id, lang)},
            "defaultConfiguration": {"level": r.severity},
        }
        for r in CHECK_RULES
    ]
    results = []
    for f in report.findings:
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": rule_ids.index(f.rule),
            "level": f.severity,
            "message": {"text": clean(_who(f) + msg_text(f.message, lang))},
        }
        if f.file is not None:
            physical: dict[str, Any] = {"artifactLocation": {"uri": quote(f.file, safe="/")}}
            if not f.file.startswith("/"):
                physical["artifactLocation"]["uriBaseId"] = "%SRCROOT%"
            if f.line:
                physical["region"] = {"startLine": f.line}
            result["locations"] = [{"physicalLocation": physical}]
        props = {
            k: v
            for k, v in (("choice", f.choice), ("modelId", f.model_id), ("suggestion", f.suggestion))
            if v is not None
        }
        if props:
            result["properties"] = props
        results.append(result)
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "llm-advisor",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return _json_text(doc)


RENDERERS: dict[CheckFormat, Callable[[Report, bool, str], str]] = {
    CheckFormat.text: text,
    CheckFormat.json: json_,
    CheckFormat.junit: junit,
    CheckFormat.github: github,
    CheckFormat.sarif: sarif,
}
