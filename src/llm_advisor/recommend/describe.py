"""Read a free-text need: the task it names, and the hardware, memory, language, licence, latency and budget.

Task words are the catalog's own (tasks.yaml: ids, names, aliases and each task's `describe`
vocabulary of verbs, objects and example phrasings, in English and Chinese); hardware names are
the hardware profiles' aliases. Only small closed word lists live here (languages, licence, latency
and a few Chinese hardware words), because they are parsing rules rather than catalog facts.

Scoring is transparent and deterministic: every matched term adds its weight to its task
(names/aliases/phrases weigh more than single verbs or objects), a term shared by n tasks weighs
1/sqrt(n), and a match inside a longer match (of any task) is dropped, so "coding assistant" counts
for coding and not also for chat. The result lists every matched term by task; when no task clearly
wins, `task` is None and `candidates` holds the top three.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from llm_advisor.catalog.loader import Catalog
from llm_advisor.msg import Msg, m

# -- scoring rules (kept here, next to the matcher they tune) ------------------------------------------
WEIGHTS = {"name": 3.0, "phrase": 3.0, "verb": 1.0, "object": 1.0}
COMBINATION_BONUS = 0.5  # a task matched by both a verb and an object
SHORT_NAME_WEIGHT = 2.0  # a one-word English alias or a two-character Chinese one is a weaker signal
MIN_SCORE = 0.9  # below this the best task is a guess
MARGIN = 0.5  # the winner must lead the runner-up by this much ...
RATIO = 0.75  # ... and the runner-up must score at most this share of the winner
GAP_TOKENS = 6  # "turn ... into text": words allowed between the parts of an English pattern
GAP_CHARS = 12  # the same for Chinese patterns ("把…转成文字稿")
MAX_MEMORY_GB = 16384.0  # beyond this a number is not anyone's memory budget
MAX_COST_USD = 1_000_000.0  # nor this a price per 1M tokens

LANGUAGE_WORDS = {
    "english": "en",
    "英文": "en",
    "英语": "en",
    "chinese": "zh",
    "mandarin": "zh",
    "中文": "zh",
    "汉语": "zh",
    "简体": "zh",
    "普通话": "zh",
    "cantonese": "yue",
    "粤语": "yue",
    "french": "fr",
    "法语": "fr",
    "法文": "fr",
    "german": "de",
    "deutsch": "de",
    "德语": "de",
    "德文": "de",
    "spanish": "es",
    "西班牙语": "es",
    "japanese": "ja",
    "日语": "ja",
    "日文": "ja",
    "korean": "ko",
    "韩语": "ko",
    "韩文": "ko",
    "russian": "ru",
    "俄语": "ru",
    "俄文": "ru",
    "arabic": "ar",
    "阿拉伯语": "ar",
    "portuguese": "pt",
    "葡萄牙语": "pt",
    "italian": "it",
    "意大利语": "it",
    "hindi": "hi",
    "印地语": "hi",
    "vietnamese": "vi",
    "越南语": "vi",
    "thai": "th",
    "泰语": "th",
    "dutch": "nl",
    "荷兰语": "nl",
    "turkish": "tr",
    "土耳其语": "tr",
    "indonesian": "id",
    "印尼语": "id",
    "swedish": "sv",
    "瑞典语": "sv",
    "ukrainian": "uk",
    "乌克兰语": "uk",
    "hebrew": "he",
    "希伯来语": "he",
    "persian": "fa",
    "farsi": "fa",
    "波斯语": "fa",
    "bengali": "bn",
    "孟加拉语": "bn",
    "greek": "el",
    "希腊语": "el",
}
# Licence words -> the group they name; negated forms are checked first.
LICENSE_NEGATIONS = [
    "non commercial",
    "noncommercial",
    "not commercial",
    "no commercial",
    "not for commercial",
    "research only",
    "非商用",
    "非商业",
    "不商用",
    "不需要商用",
    "无需商用",
    "不用于商业",
]
LICENSE_WORDS = {
    "permissive": [
        "permissive",
        "open source",
        "opensource",
        "oss",
        "fully open",
        "osi approved",
        "开源",
        "宽松许可",
        "宽松协议",
        "宽松的许可",
    ],
    "commercial-ok": [
        "commercial",
        "commercially",
        "business use",
        "for business",
        "in a product",
        "sell",
        "商用",
        "商业用途",
        "商业使用",
        "商业化",
        "商业项目",
        "用于产品",
    ],
}
LICENSE_CONTEXT = ["license", "licence", "licensed", "licenced", "许可", "协议", "授权"]
LATENCY_WORDS = {
    "real-time": [
        "real time",
        "realtime",
        "low latency",
        "instant",
        "instantly",
        "millisecond",
        "live caption",
        "live stream",
        "live transcription",
        "on the fly",
        "streaming",
        "实时",
        "低延迟",
        "低时延",
        "毫秒级",
        "即时",
        "流式",
        "秒回",
    ],
    "interactive": [
        "interactive",
        "fast response",
        "quick response",
        "responsive",
        "交互式",
        "快速响应",
        "响应快",
    ],
    "batch": ["batch", "offline", "overnight", "nightly", "in bulk", "离线", "批量", "批处理"],
}
# Hardware words the profiles' (English) aliases do not cover, mapped onto one of those aliases.
HARDWARE_WORDS = {
    "笔记本": "laptop",
    "轻薄本": "laptop",
    "苹果电脑": "mac",
    "台式机": "desktop",
    "台式电脑": "desktop",
    "没有显卡": "no-gpu",
    "没有gpu": "no-gpu",
    "无显卡": "no-gpu",
    "无gpu": "no-gpu",
    "不用显卡": "no-gpu",
    "不用gpu": "no-gpu",
    "纯cpu": "cpu-only",
    "只有cpu": "cpu-only",
    "仅cpu": "cpu-only",
    "只用cpu": "cpu-only",
    "without a gpu": "no-gpu",
    "without gpu": "no-gpu",
    "no graphics card": "no-gpu",
    "cpu only": "cpu-only",
    "only a cpu": "cpu-only",
    "only cpu": "cpu-only",
    "just a cpu": "cpu-only",
    "just cpu": "cpu-only",
}
# Aliases that are ordinary words in a description ("an apple orchard", "heavy metal") are not read as hardware.
HARDWARE_IGNORED = {"apple", "metal", "x86", "g5", "mps", "ddr5"}
GPU_WORDS = ("gpu", "vram", "显存", "显卡", "graphics card", "cuda")
RAM_WORDS = ("ram", "memory", "unified", "内存", "统一内存")
_NOT_MEMORY = re.compile(
    r"\s*(of\s+)?(data|text|documents?|logs?|files?|pdfs?|audio|videos?|images?|数据|文档|文件|日志|的数据)"
)

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_TOKEN = re.compile(r"[0-9a-z\u00c0-\u024f]+")
_NO_STEM = {
    "news",
    "series",
    "species",
    "analysis",
    "always",
    "this",
    "has",
    "was",
    "does",
    "gas",
    "lens",
    "bus",
    "yes",
}


def _british(word: str) -> str:
    return re.sub(r"(\w)is(e|ed|es|ing|ation|ations|er|ers)$", r"\1iz\2", word)


def stem(word: str) -> str:
    """A small, consistent suffix stripper: the catalog's words and the user's go through the same one."""
    w = _british(word)
    if len(w) <= 3 or not w.isalpha() or w in _NO_STEM:
        return re.sub(r"(?<=\d)s$", "", w)  # "3090s" -> "3090"
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix, repl in (("ization", "ize"), ("ation", "ate"), ("ing", ""), ("ed", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: len(w) - len(suffix)] + repl
            if suffix in ("ing", "ed") and len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]  # "running" -> "run"
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


@dataclass(frozen=True)
class Pattern:
    """One catalog term, ready to match: English as stemmed token parts, Chinese as substrings."""

    term: str
    cjk: bool
    tokens: tuple[tuple[str, ...], ...] = ()  # English: each part's stemmed tokens
    chunks: tuple[str, ...] = ()  # Chinese: each part as written, spaces removed

    @property
    def key(self) -> tuple[Any, ...]:
        return self.chunks or self.tokens

    @property
    def parts(self) -> int:
        return len(self.chunks or self.tokens)


def pattern(term: str) -> Pattern | None:
    pieces = [p.strip() for p in re.split(r"\.\.\.|…", term.casefold()) if p.strip()]
    if not pieces:
        return None
    if _CJK.search(term):
        return Pattern(term, True, chunks=tuple("".join(p.split()) for p in pieces))
    token_parts = tuple(tuple(stem(t) for t in _TOKEN.findall(p)) for p in pieces)
    if not all(token_parts):
        return None
    return Pattern(term, False, tokens=token_parts)


class Text:
    """The description, normalised once: stemmed tokens with character spans, and a space-free copy."""

    def __init__(self, raw: str) -> None:
        self.raw = " ".join(raw.split())
        self.low = self.raw.casefold()
        self.tokens = [(stem(t.group()), t.start(), t.end()) for t in _TOKEN.finditer(self.low)]
        self.stems = [t[0] for t in self.tokens]
        self.where: dict[str, list[int]] = defaultdict(list)  # stem -> token positions, so patterns skip fast
        for i, token in enumerate(self.stems):
            self.where[token].append(i)
        kept = [(i, ch) for i, ch in enumerate(self.low) if not ch.isspace()]
        self.dense = "".join(ch for _, ch in kept)
        self.dense_at = [i for i, _ in kept]

    def find(self, p: Pattern) -> list[frozenset[int]]:
        """Every occurrence of the pattern, as the set of character positions it covers."""
        return self._find_cjk(p.chunks) if p.cjk else self._find_tokens(p.tokens)

    def _find_tokens(self, parts: tuple[tuple[str, ...], ...]) -> list[frozenset[int]]:
        stems = self.stems

        def at(part: tuple[str, ...], start: int, stop: int) -> Iterable[int]:
            for i in self.where.get(part[0], ()):
                if start <= i < stop and tuple(stems[i : i + len(part)]) == part:
                    yield i

        found: list[frozenset[int]] = []
        for first in at(parts[0], 0, len(stems)):
            chosen = [(first, len(parts[0]))]
            for part in parts[1:]:
                after = chosen[-1][0] + chosen[-1][1]
                nxt = next(iter(at(part, after, after + GAP_TOKENS + 1)), None)
                if nxt is None:
                    break
                chosen.append((nxt, len(part)))
            else:
                found.append(
                    frozenset(c for i, n in chosen for t in self.tokens[i : i + n] for c in range(t[1], t[2]))
                )
        return found

    def _find_cjk(self, parts: tuple[str, ...]) -> list[frozenset[int]]:
        found: list[frozenset[int]] = []
        start = self.dense.find(parts[0])
        while start >= 0:
            spans, end, ok = [(start, len(parts[0]))], start + len(parts[0]), True
            for part in parts[1:]:
                nxt = self.dense.find(part, end, end + GAP_CHARS + len(part))
                if nxt < 0:
                    ok = False
                    break
                spans.append((nxt, len(part)))
                end = nxt + len(part)
            if ok:
                found.append(frozenset(self.dense_at[i] for s, n in spans for i in range(s, s + n)))
            start = self.dense.find(parts[0], start + 1)
        return found

    def show(self, start: int, end: int) -> str:
        """The user's own words at a span of the normalised text (their case kept when lengths agree)."""
        return (self.raw if len(self.raw) == len(self.low) else self.low)[start:end].strip()

    def has(self, term: str) -> bool:
        p = pattern(term)
        return p is not None and bool(self.find(p))

    def first(self, term: str) -> int | None:
        span = self.locate(term)
        return span[0] if span else None

    def locate(self, term: str) -> tuple[int, int] | None:
        """The span of a term's first occurrence."""
        p = pattern(term)
        hits = self.find(p) if p is not None else []
        if not hits:
            return None
        first = min(hits, key=min)
        return min(first), max(first) + 1

    def words(self, term: str) -> str:
        span = self.locate(term)
        return self.show(*span) if span else term


# -- vocabulary --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    task: str
    kind: str  # name | phrase | verb | object
    pattern: Pattern
    weight: float


_VOCAB: dict[str, list[Entry]] = {}


def _name_variants(name: str) -> list[str]:
    """A display name and its bracketed parts: 'Feature Extraction (Embeddings)' -> both halves too."""
    parts = [p.strip() for p in re.split(r"[()（）、,，]", name) if p.strip()]
    return [name, *parts] if len(parts) > 1 else [name]


def vocabulary(catalog: Catalog) -> list[Entry]:
    """Every task's terms with their weights (cached per catalog content)."""
    if catalog.digest in _VOCAB:
        return _VOCAB[catalog.digest]
    raw: list[tuple[str, str, Pattern]] = []
    for task_id, task in catalog.tasks.items():
        seen: set[tuple[str, Any]] = set()
        names = [
            task_id,
            *_name_variants(task["name"]["en"]),
            *_name_variants(task["name"]["zh"]),
            *task["aliases"],
        ]
        vocab = task.get("describe") or {}
        terms = [("name", n) for n in names] + [
            (kind[:-1] if kind != "phrases" else "phrase", t)
            for kind in ("phrases", "verbs", "objects")
            for lang in ("en", "zh")
            for t in (vocab.get(kind) or {}).get(lang, [])
        ]
        for kind, term in terms:
            p = pattern(term)
            if p is None or (p.cjk and p.parts == 1 and len(p.chunks[0]) < 2):
                continue
            if (task_id, p.key) in seen:
                continue
            seen.add((task_id, p.key))
            raw.append((task_id, kind, p))
    sharing: dict[Any, set[str]] = defaultdict(set)
    for task_id, _, p in raw:
        sharing[p.key].add(task_id)
    entries = []
    for task_id, kind, p in raw:
        weight = WEIGHTS[kind]
        if kind == "name" and _short(p):
            weight = SHORT_NAME_WEIGHT
        entries.append(Entry(task_id, kind, p, round(weight / math.sqrt(len(sharing[p.key])), 3)))
    _VOCAB[catalog.digest] = entries
    return entries


def _short(p: Pattern) -> bool:
    if p.cjk:
        return p.parts == 1 and len(p.chunks[0]) <= 2
    return p.parts == 1 and len(p.tokens[0]) == 1


# -- the task ----------------------------------------------------------------------------------------
def score_tasks(catalog: Catalog, text: Text) -> list[dict[str, Any]]:
    """Matched terms by task, best first: [{"task", "score", "terms", "detail": [{"term", "kind", "weight"}]}]."""
    hits = [(e, pos) for e in vocabulary(catalog) for pos in text.find(e.pattern)]
    kept = [
        (e, pos) for e, pos in hits if not any(pos < other for _, other in hits) and not _cut(e, pos, hits)
    ]
    by_task: dict[str, dict[frozenset[int], Entry]] = defaultdict(dict)
    for e, pos in kept:
        best = by_task[e.task].get(pos)
        if best is None or e.weight > best.weight:  # the same words matched twice for one task count once
            by_task[e.task][pos] = e
    rows: list[dict[str, Any]] = []
    for task_id, matches in by_task.items():
        detail: dict[str, Entry] = {}
        for _pos, e in sorted(matches.items(), key=lambda kv: min(kv[0])):
            if e.pattern.term not in detail or e.weight > detail[e.pattern.term].weight:
                detail[e.pattern.term] = e
        parts: list[dict[str, Any]] = [
            {"term": t, "kind": e.kind, "weight": e.weight} for t, e in detail.items()
        ]
        kinds = {e.kind for e in detail.values()}
        if {"verb", "object"} <= kinds:  # what to do and what to do it to both point here
            parts.append({"term": "verb+object", "kind": "combination", "weight": COMBINATION_BONUS})
        rows.append(
            {
                "task": task_id,
                "score": round(sum(x["weight"] for x in parts), 3),
                "terms": list(detail),
                "detail": parts,
            }
        )
    rows.sort(key=lambda r: (-r["score"], r["task"]))
    return rows


def _cut(e: Entry, pos: frozenset[int], hits: list[tuple[Entry, frozenset[int]]]) -> bool:
    """Chinese has no spaces, so two terms can overlap ("给视频生成背景音乐": 视频生成 / 生成背景音乐);
    as in maximum-matching word segmentation, the longer contiguous term wins."""
    if not (e.pattern.cjk and e.pattern.parts == 1):
        return False
    return any(
        o.pattern.cjk and o.pattern.parts == 1 and len(other) > len(pos) and pos & other and not pos <= other
        for o, other in hits
    )


def decide(rows: list[dict[str, Any]]) -> tuple[str | None, list[str]]:
    """(the task, []) when one clearly wins; (None, top three) when unsure; (None, []) when nothing matched."""
    if not rows:
        return None, []
    s1 = rows[0]["score"]
    s2 = rows[1]["score"] if len(rows) > 1 else 0.0
    if s1 >= MIN_SCORE and s1 - s2 >= MARGIN and s2 <= RATIO * s1:
        return rows[0]["task"], []
    return None, [r["task"] for r in rows[:3]]


# -- hardware and memory -----------------------------------------------------------------------------
_MEM = re.compile(r"(?:(\d+)\s*[x×]\s*)?(\d+(?:\.\d+)?)\s*(tb|tib|gb|gib|g)(?![a-z])")
_COUNT = re.compile(r"(?:(\d+)\s*[x×]|\b(dual|two|2)|(双|两张|两块|2张|2块))\s*$")


def read_memory(text: Text) -> tuple[float | None, str | None, str | None]:
    """(GiB, 'gpu' | 'ram' | None, the words) for the memory a description states; GPU memory wins."""
    found: list[tuple[int, float, str | None, str]] = []
    for hit in _MEM.finditer(text.low):
        if _NOT_MEMORY.match(text.low, hit.end()):
            continue
        value = float(hit.group(2)) * (1024 if hit.group(3).startswith("t") else 1) * int(hit.group(1) or 1)
        if not 0 < value <= MAX_MEMORY_GB:  # "0 GB" or a number no machine has is not a memory budget
            continue
        window = text.low[max(0, hit.start() - 16) : hit.end() + 16]
        kind = (
            "gpu"
            if any(w in window for w in GPU_WORDS)
            else "ram"
            if any(w in window for w in RAM_WORDS)
            else None
        )
        found.append(
            (
                0 if kind == "gpu" else 1 if kind == "ram" else 2,
                value,
                kind,
                text.show(hit.start(), hit.end()),
            )
        )
    if not found:
        return None, None, None
    _, value, kind, words = min(found, key=lambda f: f[0])
    return value, kind, words


def read_hardware(catalog: Catalog, text: Text) -> dict[str, Any]:
    """The hardware profile and memory a description names, and how the profile was chosen."""
    memory, mem_kind, mem_words = read_memory(text)
    hits: list[tuple[str, str, frozenset[int]]] = []
    for hw_id, hw in catalog.hardware.items():
        for name in [hw_id, *hw["aliases"]]:
            if name.casefold() in HARDWARE_IGNORED:
                continue
            p = pattern(name.replace("-", " "))
            hits.extend((hw_id, name, pos) for pos in (text.find(p) if p else []))
    for word, alias in HARDWARE_WORDS.items():
        p = pattern(word)
        target = next((i for i, h in catalog.hardware.items() if alias in h["aliases"] or alias == i), None)
        if p is not None and target is not None:
            hits.extend((target, word, pos) for pos in text.find(p))
    hits = [h for h in hits if not any(h[2] < o[2] for o in hits)]
    out: dict[str, Any] = {
        "hardware": None,
        "memory_gb": memory,
        "memory_kind": mem_kind,
        "hardware_words": None,
        "memory_words": mem_words,
        "hardware_basis": None,
        "gpu_count": 1,
    }
    if not hits:
        return out
    hits.sort(key=lambda h: (-len(h[2]), min(h[2])))  # the most specific name first
    hw_id, _, pos = hits[0]
    profile = catalog.hardware[hw_id]
    out["hardware_words"] = text.show(min(pos), max(pos) + 1)
    count_hit = _COUNT.search(text.low[: min(pos)])
    count = int(count_hit.group(1)) if count_hit and count_hit.group(1) else 2 if count_hit else 1
    if (
        count > 1 and profile["kind"] == "gpu"
    ):  # several GPUs: their memory adds up, one profile cannot say so
        out.update(
            memory_gb=count * float(profile["memory_gb"]),
            memory_kind="gpu",
            gpu_count=count,
            hardware_basis="gpus",
        )
        return out
    if memory is None or abs(memory - profile["memory_gb"]) < 0.5:
        out.update(hardware=hw_id, memory_gb=float(profile["memory_gb"]), hardware_basis="named")
        return out
    # the stated memory differs from the named profile: another named one, or for CPUs and Macs (sold in several
    # memory sizes) the profile of that kind with that memory; a named GPU with other memory keeps the memory
    for other_id, _, _ in hits:
        if abs(catalog.hardware[other_id]["memory_gb"] - memory) < 0.5:
            out.update(hardware=other_id, hardware_basis="named")
            return out
    sibling = next(
        (
            i
            for i, h in catalog.hardware.items()
            if profile["kind"] in ("cpu", "unified")
            and h["kind"] == profile["kind"]
            and abs(h["memory_gb"] - memory) < 0.5
        ),
        None,
    )
    if sibling is not None:
        out.update(hardware=sibling, hardware_basis="nearest")
    else:
        out.update(hardware_basis="memory")  # keep the stated memory; no profile matches it
    return out


# -- language, licence, latency, budget --------------------------------------------------------------
def read_languages(text: Text) -> list[str]:
    """Languages in the order they are mentioned (the last one is the one the output needs)."""
    found = sorted(
        (at, code) for word, code in LANGUAGE_WORDS.items() if (at := text.first(word)) is not None
    )
    seen: list[str] = []
    for _, code in found:
        if code in seen:
            seen.remove(code)
        seen.append(code)
    return seen


def read_licenses(catalog: Catalog, text: Text) -> tuple[list[str], list[str]]:
    """(licence groups or ids for --license, the words that said so)."""
    negated = [w for w in LICENSE_NEGATIONS if text.has(w)]
    words: list[str] = []
    if any(text.has(w) for w in LICENSE_CONTEXT):
        ids = []
        for lic_id, lic in catalog.licenses.items():
            if lic_id in ("other", "unknown"):
                continue
            for name in [lic_id, *lic["aliases"]]:
                if len(name) >= 3 and text.has(name.replace("-", " ")):
                    ids.append(lic_id)
                    words.append(text.words(name.replace("-", " ")))
                    break
        if ids:
            return sorted(set(ids)), words
    groups = []
    for group, terms in LICENSE_WORDS.items():
        hit = [w for w in terms if text.has(w)]
        if group == "commercial-ok" and negated:
            continue
        if hit:
            groups.append(group)
            words.extend(text.words(w) for w in hit)
    if "permissive" in groups:  # permissive licences all allow commercial use: the stricter word decides
        groups = ["permissive"]
    return groups, words


def read_latency(text: Text) -> tuple[str | None, str | None]:
    for latency, words in LATENCY_WORDS.items():
        for w in words:
            if text.has(w):
                return latency, text.words(w)
    return None, None


_PRICE = re.compile(
    r"(?:\$|usd\s*)\s*(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*(?:\$|usd|us dollars?|dollars?|cents?|美元|美金|刀)"
)
_PER_EN = re.compile(
    r"\s*(?:per|/|a|an|each|for\s+(?:a|one))\s*(?P<n>\d+(?:\.\d+)?)?\s*"
    r"(?P<mult>mtok|mn|million|thousand|one\s+million|a\s+million|one\s+thousand|a\s+thousand|k|m)?\b\s*"
    r"(?:(?:output|generated|input)\s+)?(?P<unit>tokens?|tok|requests?|calls?|quer(?:y|ies)|images?|pages?)?"
)
_PER_ZH = re.compile(
    r"每?\s*(一百万|百万|1m|一千|千|万)?\s*(?:个)?\s*(?:输出|生成)?\s*(词元|tokens?|tok|次请求|请求|次调用|调用)"
)
_MULT = {
    "k": 1e3,
    "thousand": 1e3,
    "one thousand": 1e3,
    "a thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "one million": 1e6,
    "a million": 1e6,
    "一百万": 1e6,
    "百万": 1e6,
    "1m": 1e6,
    "一千": 1e3,
    "千": 1e3,
    "万": 1e4,
}


def read_budget(text: Text) -> tuple[float | None, str | None, str | None]:
    """(USD per 1M tokens or requests, 'tokens' | 'requests', the words) from e.g. 'under $1 per million tokens'."""
    low = text.low
    for hit in _PRICE.finditer(low):
        usd = float(hit.group(1) or hit.group(2))
        if "cent" in hit.group():
            usd /= 100
        per = _PER_EN.match(low, hit.end())
        if per is not None and (per.group("unit") or per.group("mult")):
            mult_word = " ".join((per.group("mult") or "").split())
            unit = per.group("unit") or "tokens"  # "$1/M" is the usual shorthand for per million tokens
            per_units = float(per.group("n") or 1) * (
                1e6 if mult_word == "mtok" else _MULT.get(mult_word, 1.0)
            )
            cost = _per_million(usd, per_units, unit)
            if cost <= MAX_COST_USD:
                return cost, _unit(unit), text.show(hit.start(), per.end())
            continue
        if not _CJK.search(low):
            continue
        # Chinese: the unit may come before ("每百万词元不超过1美元") or after ("1美元/百万词元")
        near = [
            u
            for u in _PER_ZH.finditer(low)
            if abs(u.start() - hit.end()) <= 12 or abs(hit.start() - u.end()) <= 12
        ]
        if near and (
            near[0].group(1) or near[0].group(0).startswith("每") or "/" in low[hit.end() : near[0].start()]
        ):
            u = near[0]
            mult = _MULT.get(u.group(1) or "", 1.0)
            start, end = min(u.start(), hit.start()), max(u.end(), hit.end())
            cost = _per_million(usd, mult, u.group(2))
            if cost <= MAX_COST_USD:
                return cost, _unit(u.group(2)), text.show(start, end)
    return None, None, None


def _unit(word: str) -> str:
    return "tokens" if word.startswith(("tok", "mtok", "词元")) else "requests"


def _per_million(usd: float, per: float, unit: str) -> float:
    return round(usd * 1e6 / per, 6) if per > 0 else usd


# -- the whole description ---------------------------------------------------------------------------
def describe_need(catalog: Catalog, description: str) -> dict[str, Any]:
    """What a free-text need names: task (or candidates), language, hardware/memory, licence, latency, budget.

    `understood` lists each finding as a message; `matched` shows the words behind every task's score.
    """
    text = Text(description)
    rows = score_tasks(catalog, text)
    task, candidates = decide(rows)
    languages = read_languages(text)
    hw = read_hardware(catalog, text)
    licenses, license_words = read_licenses(catalog, text)
    latency, latency_words = read_latency(text)
    max_cost, cost_unit, cost_words = read_budget(text)

    # translation needs its target (the last language named); otherwise the language besides English is the one
    # that narrows the choice ("a Chinese and English support bot": nearly every model covers English)
    others = [code for code in languages if code != "en"]
    language = (languages[-1] if task == "translation" or not others else others[-1]) if languages else None

    understood: list[Msg] = []
    if task is not None:
        understood.append(m("describe.task", task=task, terms=rows[0]["terms"]))
    elif candidates:
        understood.append(m("describe.ambiguous", candidates=candidates))
    if language is not None:
        understood.append(m("describe.language", language=language, languages=languages))
    if hw["hardware"] is not None:
        understood.append(
            m(
                f"describe.hardware_{hw['hardware_basis']}",
                hardware=hw["hardware"],
                words=hw["hardware_words"],
                memory_gb=hw["memory_gb"],
            )
        )
    elif hw["memory_gb"] is not None:
        understood.append(
            m(
                "describe.memory",
                memory_gb=hw["memory_gb"],
                kind=hw["memory_kind"],
                gpus=hw["gpu_count"],
                words=hw["memory_words"] or hw["hardware_words"],
            )
        )
    if licenses:
        understood.append(m("describe.license", licenses=licenses, words=license_words))
    if latency is not None:
        understood.append(m("describe.latency", latency=latency, words=latency_words))
    if max_cost is not None:
        understood.append(m("describe.max_cost", usd=max_cost, unit=cost_unit, words=cost_words))
    return {
        "task": task,
        "candidates": candidates,
        "matched": [{k: r[k] for k in ("task", "score", "terms", "detail")} for r in rows[:5]],
        "language": language,
        "languages": languages,
        "hardware": hw["hardware"],
        "memory_gb": hw["memory_gb"],
        "memory_kind": hw["memory_kind"],
        "licenses": licenses,
        "max_cost": max_cost,
        "cost_unit": cost_unit,
        "latency": latency,
        "understood": understood,
    }
