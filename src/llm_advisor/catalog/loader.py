"""The catalog at run time: layered directories, a compiled cache, and name resolution.

Start-up matters (people run this in loops), so the fast path reads a JSON cache keyed by a
content hash of every catalog file and never imports pydantic or PyYAML; the slow path
(`compiler.py`) validates the YAML against `schema.py` and writes that cache.
Entries are therefore plain dicts whose shape is exactly the schema's `model_dump()`.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from llm_advisor import __version__
from llm_advisor.errors import CatalogError, UnknownName
from llm_advisor.paths import builtin_catalog_dir, cache_dir, user_catalog_dirs

CACHE_FORMAT = 1
TOPIC_KINDS = {"architectures": "architecture", "objectives": "objective", "tasks": "task", "glossary": "term"}
Entry = dict[str, Any]


def norm(name: str) -> str:
    """Case-, space- and underscore-insensitive form of a name (Chinese is unaffected)."""
    return "-".join(name.casefold().replace("_", " ").split())


def catalog_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def catalog_layers(cli_dirs: list[Path] | None = None) -> list[tuple[Path, bool]]:
    return [(builtin_catalog_dir(), True)] + [(d, False) for d in user_catalog_dirs(cli_dirs)]


def _digest(layers: list[tuple[Path, bool]]) -> str:
    h = hashlib.blake2b(f"{CACHE_FORMAT}:{__version__}".encode(), digest_size=16)
    for directory, builtin in layers:
        h.update(f"\0layer:{directory.resolve()}:{builtin}".encode())
        for path in catalog_files(directory) if directory.is_dir() else []:
            h.update(f"\0{path.relative_to(directory).as_posix()}\0".encode())
            h.update(path.read_bytes())
    return h.hexdigest()


@dataclass(frozen=True)
class Resolved:
    kind: str  # architecture | objective | task | term
    section: str
    id: str
    entry: Entry
    via: str | None  # the alias the user typed, when it was not the id


class Catalog:
    """Validated catalog data with lookups by id or alias."""

    def __init__(self, data: dict[str, Any], digest: str, dirs: list[Path], models_file: Path | None = None) -> None:
        self.data, self.digest, self.dirs = data, digest, dirs
        self._models_file = models_file
        self.architectures: dict[str, Entry] = data["architectures"]
        self.objectives: dict[str, Entry] = data["objectives"]
        self.tasks: dict[str, Entry] = data["tasks"]
        self.glossary: dict[str, Entry] = data["glossary"]
        self.hardware: dict[str, Entry] = data["hardware"]
        self.licenses: dict[str, Entry] = data["licenses"]
        self.scoring: Entry = data["scoring"]["default"]
        self._indexes: dict[tuple[str, ...], dict[str, tuple[str, str]]] = {}

    @property
    def models(self) -> dict[str, Entry]:
        """Curated models; read from their own cache file on first use (most of the catalog's bytes)."""
        if "models" not in self.data:
            assert self._models_file is not None
            self.data["models"] = json.loads(self._models_file.read_text(encoding="utf-8"))
        models: dict[str, Entry] = self.data["models"]
        return models

    def section(self, name: str) -> dict[str, Entry]:
        if name == "models":
            return self.models
        section: dict[str, Entry] = self.data[name]
        return section

    def _index(self, sections: tuple[str, ...]) -> dict[str, tuple[str, str]]:
        if sections not in self._indexes:
            index: dict[str, tuple[str, str]] = {}
            for section in sections:
                for item_id, item in self.section(section).items():
                    for name in [item_id, *item.get("aliases", [])]:
                        index.setdefault(norm(name), (section, item_id))
            # display names (English and Chinese) resolve too, but never shadow an id or alias
            for section in sections:
                for item_id, item in self.section(section).items():
                    names = item.get("name")
                    for name in names.values() if isinstance(names, dict) else [names] if names else []:
                        index.setdefault(norm(name), (section, item_id))
            self._indexes[sections] = index
        return self._indexes[sections]

    def _lookup(self, name: str, sections: tuple[str, ...], kind: str) -> tuple[str, str, str | None]:
        index = self._index(sections)
        hit = index.get(norm(name))
        if hit is None:
            raise UnknownName(kind, name, self.suggest(name, sections))
        section, item_id = hit
        return section, item_id, (None if norm(name) == norm(item_id) else name)

    def suggest(self, name: str, sections: tuple[str, ...], limit: int = 3) -> list[str]:
        """Closest ids for a misspelt name (by id or alias), best first."""
        import difflib

        index = self._index(sections)
        key = norm(name)
        ranked: list[str] = []
        for match in difflib.get_close_matches(key, list(index), n=limit * 3, cutoff=0.6):
            item_id = index[match][1]
            if item_id not in ranked:
                ranked.append(item_id)
        if len(key) >= 3:
            for candidate, (_, item_id) in index.items():
                if key in candidate and item_id not in ranked:
                    ranked.append(item_id)
        return ranked[:limit]

    def topic(self, name: str) -> Resolved:
        section, item_id, via = self._lookup(name, tuple(TOPIC_KINDS), "topic")
        return Resolved(TOPIC_KINDS[section], section, item_id, self.section(section)[item_id], via)

    def task(self, name: str) -> Resolved:
        section, item_id, via = self._lookup(name, ("tasks",), "task")
        return Resolved("task", section, item_id, self.tasks[item_id], via)

    def model(self, name: str) -> Entry:
        return self.models[self._lookup(name, ("models",), "model")[1]]

    def hardware_profile(self, name: str) -> Entry:
        return self.hardware[self._lookup(name, ("hardware",), "hardware")[1]]

    def architecture(self, name: str) -> Entry:
        return self.architectures[self._lookup(name, ("architectures",), "architecture")[1]]


def load_catalog(cli_dirs: list[Path] | None = None, *, use_cache: bool = True) -> Catalog:
    """Load the built-in catalog with any user layers; raise CatalogError on any problem."""
    layers = catalog_layers(cli_dirs)
    digest = _digest(layers)
    cache_file = cache_dir() / f"catalog-{digest}.json"
    models_file = cache_file.with_name(f"catalog-{digest}.models.json")
    if use_cache and os.environ.get("LLM_ADVISOR_NO_CATALOG_CACHE") != "1" and models_file.is_file():
        try:
            data = json.loads(cache_file.read_text(encoding="utf-8"))
            return Catalog(data, digest, [d for d, _ in layers], models_file)
        except (OSError, ValueError):
            pass
    from llm_advisor.catalog.compiler import compile_catalog

    data, problems = compile_catalog(layers)
    if problems:
        raise CatalogError(problems)
    if use_cache:
        _write_cache(cache_file, data)
    return Catalog(data, digest, [d for d, _ in layers])


def _write_cache(cache_file: Path, data: dict[str, Any]) -> None:
    """Best effort: an unwritable cache directory only costs speed. Models go to their own file,
    written first, so a reader that finds the main file always finds the models too."""
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        for old in cache_file.parent.glob("catalog-*.json"):
            old.unlink(missing_ok=True)
        core = {k: v for k, v in data.items() if k != "models"}
        models_file = cache_file.with_name(cache_file.name.replace(".json", ".models.json"))
        for path, payload in ((models_file, data["models"]), (cache_file, core)):
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            os.replace(tmp, path)
    except OSError:
        pass
