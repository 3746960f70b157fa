"""Map a free-text need to a task, language and hardware with transparent keyword rules.

The vocabulary is the catalog's own: task ids, names and aliases (English and Chinese) and
hardware aliases; only the language names below live in code.
"""

from __future__ import annotations

import re
from typing import Any

from llm_advisor.catalog.loader import Catalog, norm

LANGUAGE_WORDS = {
    "english": "en", "英文": "en", "英语": "en",
    "chinese": "zh", "mandarin": "zh", "中文": "zh", "汉语": "zh", "简体": "zh",
    "french": "fr", "法语": "fr", "german": "de", "德语": "de", "spanish": "es", "西班牙语": "es",
    "japanese": "ja", "日语": "ja", "korean": "ko", "韩语": "ko", "russian": "ru", "俄语": "ru",
    "arabic": "ar", "阿拉伯语": "ar", "portuguese": "pt", "葡萄牙语": "pt", "italian": "it", "意大利语": "it",
    "hindi": "hi", "印地语": "hi", "vietnamese": "vi", "越南语": "vi", "thai": "th", "泰语": "th",
}
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _british(text: str) -> str:
    return re.sub(r"(\w)is(e|ed|es|ing|ation)\b", r"\1iz\2", text)


def _contains(text: str, phrase: str) -> bool:
    if _CJK.search(phrase):
        return phrase in text
    return re.search(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", text) is not None


def _position(text: str, phrase: str) -> int:
    """Where `phrase` last occurs in `text` (as matched by _contains)."""
    if _CJK.search(phrase):
        return text.rfind(phrase)
    return max(m.start() for m in re.finditer(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", text))


def describe_need(catalog: Catalog, description: str) -> dict[str, Any]:
    """The task (longest matching name wins), language and hardware a description mentions."""
    text = _british(" ".join(description.casefold().split()))
    spaced = text.replace("-", " ")
    best: tuple[int, str, str] | None = None
    for task_id, task in catalog.tasks.items():
        names = [task_id, task["name"]["en"], task["name"]["zh"], *task["aliases"]]
        for name in names:
            phrase = _british(name.casefold())
            for variant in {phrase, phrase.replace("-", " ")}:
                if len(variant) >= 2 and (_contains(text, variant) or _contains(spaced, variant)):
                    weight = len(variant) * (2 if _CJK.search(variant) else 1)
                    if best is None or weight > best[0]:
                        best = (weight, task_id, name)
    # the last language mentioned is the one the output needs ("translate English contracts into Chinese")
    mentions = [(_position(text, word), code) for word, code in LANGUAGE_WORDS.items() if _contains(text, word)]
    language = max(mentions)[1] if mentions else None
    hardware = None
    for hw_id, hw in catalog.hardware.items():
        if any(_contains(text, norm(a).replace("-", " ")) or _contains(text, norm(a)) for a in [hw_id, *hw["aliases"]]):
            hardware = hw_id
            break
    return {
        "task": best[1] if best else None,
        "matched": best[2] if best else None,
        "language": language,
        "hardware": hardware,
    }
