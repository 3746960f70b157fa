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
from llm_advisor.catalog.files import MAX_DEPTH, catalog_files, layer_problem, norm  # noqa: F401  (re-exported)
from llm_advisor.errors import CatalogError, UnknownName
from llm_advisor.paths import builtin_catalog_dir, cache_dir, user_catalog_dirs
from llm_advisor.safeio import MAX_CATALOG_FILE_BYTES

CACHE_FORMAT = 1
TOPIC_KINDS = {
    "architectures": "architecture",
    "objectives": "objective",
    "tasks": "task",
    "glossary": "term",
}
Entry = dict[str, Any]


CACHE_KEEP = 4  # compiled catalogs always kept (other installs and layer sets sharing the cache)
CACHE_MAX_AGE_S = 86400.0  # older unused ones are removed when a new one is written


def catalog_layers(cli_dirs: list[Path] | None = None) -> list[tuple[Path, bool]]:
    return [(builtin_catalog_dir(), True)] + [(d, False) for d in user_catalog_dirs(cli_dirs)]


def _digest(layers: list[tuple[Path, bool]]) -> str:
    """A key for the compiled catalog from content only: the built-in layer by its files' names and bytes
    (two installs of one version share one entry), a user layer also by the path as given (its problems
    and origins are shown with that path). Bytes are hashed as the OS gives them (os.fsencode), so
    non-UTF-8 names work; a file over the size cap or unreadable is hashed by name only (compiling then
    reports it, and nothing is cached)."""
    from llm_advisor.safeio import InputRefused, read_regular

    h = hashlib.blake2b(f"{CACHE_FORMAT}:{__version__}".encode(), digest_size=16)
    for directory, builtin in layers:
        h.update(b"\0layer:" + (b"builtin" if builtin else os.fsencode(directory)))
        if layer_problem(directory) is not None:
            h.update(b"\0missing")
            continue
        for path in catalog_files(directory):
            h.update(b"\0" + os.fsencode(path.relative_to(directory)) + b"\0")
            try:
                h.update(read_regular(path, MAX_CATALOG_FILE_BYTES, "catalog file"))
            except (InputRefused, OSError) as exc:
                h.update(f"\0unreadable:{type(exc).__name__}".encode())
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

    def __init__(
        self,
        data: dict[str, Any],
        digest: str,
        dirs: list[Path],
        models_file: Path | None = None,
        layers: list[tuple[Path, bool]] | None = None,
    ) -> None:
        self.data, self.digest, self.dirs = data, digest, dirs
        self._models_file, self._layers = models_file, layers
        self.architectures: dict[str, Entry] = data["architectures"]
        self.objectives: dict[str, Entry] = data["objectives"]
        self.tasks: dict[str, Entry] = data["tasks"]
        self.glossary: dict[str, Entry] = data["glossary"]
        self.hardware: dict[str, Entry] = data["hardware"]
        self.licenses: dict[str, Entry] = data["licenses"]
        self.scoring: Entry = data["scoring"]["default"]
        self._indexes: dict[tuple[str, ...], dict[str, tuple[str, str]]] = {}
        self._grams: dict[tuple[str, ...], tuple[dict[str, list[str]], dict[str, int]]] = {}

    @property
    def models(self) -> dict[str, Entry]:
        """Curated models; read from their own cache file on first use (most of the catalog's bytes)."""
        if "models" not in self.data:
            assert self._models_file is not None
            try:
                self.data["models"] = json.loads(self._models_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):  # removed or damaged since start-up: compile again
                from llm_advisor.catalog.compiler import compile_catalog

                data, problems = compile_catalog(self._layers or catalog_layers())
                if problems:
                    raise CatalogError(problems) from None
                self.data["models"] = data["models"]
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
        near, containing = self._near(key, sections)
        ranked: list[str] = []
        for match in difflib.get_close_matches(key, near, n=limit * 3, cutoff=0.6):
            item_id = index[match][1]
            if item_id not in ranked:
                ranked.append(item_id)
        if len(key) >= 3:
            for candidate in containing:
                item_id = index[candidate][1]
                if key in candidate and item_id not in ranked:
                    ranked.append(item_id)
        return ranked[:limit]

    def _near(self, key: str, sections: tuple[str, ...], keep: int = 25) -> tuple[list[str], list[str]]:
        """(the `keep` index keys most similar to `key` by trigrams (Dice coefficient), best first; the keys
        that have all of its trigrams, in index order — the only ones that can contain it). difflib then
        compares 25 names instead of every one (36 ms a miss over the models: a manifest of 1,000 unknown
        ids spent 18 s here); a name close enough for its 0.6 cutoff shares trigrams, and on one-typo
        misspellings the first suggestion is the full comparison's in 399 of 400. Short keys see everything."""
        index = self._index(sections)
        if len(key) < 5 or len(index) <= keep:
            return list(index), list(index)
        built = self._grams.get(sections)
        if built is None:
            postings: dict[str, list[str]] = {}
            sizes: dict[str, int] = {}
            for candidate in index:  # dict order: posting lists stay in index order
                sizes[candidate] = len(grams := _trigrams(candidate))
                for gram in grams:
                    postings.setdefault(gram, []).append(candidate)
            built = self._grams[sections] = (postings, sizes)
        postings, sizes = built
        own = _trigrams(key)
        shared: dict[str, int] = {}
        for gram in own:
            for candidate in postings.get(gram, ()):
                shared[candidate] = shared.get(candidate, 0) + 1
        order = {k: i for i, k in enumerate(postings.get(next(iter(own)), ()))} if own else {}
        containing = sorted((k for k, n in shared.items() if n == len(own)), key=lambda k: order.get(k, 0))
        near = sorted(shared, key=lambda k: (-2 * shared[k] / (len(own) + sizes[k]), k))[:keep]
        return near, containing

    def find_model(self, name: str) -> Entry | None:
        """The model with this id or alias, or None; unlike model(), a miss computes no suggestions."""
        hit = self._index(("models",)).get(norm(name))
        return self.models[hit[1]] if hit else None

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

    def add_hardware(self, entry: Entry) -> None:
        """A profile for this run only (`--hardware local`, or a profile with your own memory size)."""
        self.hardware[entry["id"]] = entry
        self._indexes = {k: v for k, v in self._indexes.items() if "hardware" not in k}

    def architecture(self, name: str) -> Entry:
        return self.architectures[self._lookup(name, ("architectures",), "architecture")[1]]


def _trigrams(text: str) -> set[str]:
    return {text[i : i + 3] for i in range(len(text) - 2)}


def load_catalog(cli_dirs: list[Path] | None = None, *, use_cache: bool = True) -> Catalog:
    """Load the built-in catalog with any user layers; raise CatalogError on any problem."""
    layers = catalog_layers(cli_dirs)
    digest = _digest(layers)
    cache_file = cache_dir() / f"catalog-{digest}.json"
    models_file = cache_file.with_name(f"catalog-{digest}.models.json")
    if use_cache and os.environ.get("LLM_ADVISOR_NO_CATALOG_CACHE") != "1" and models_file.is_file():
        try:
            data = json.loads(cache_file.read_text(encoding="utf-8"))
            _touch(models_file)  # in use: pruning by age leaves it alone
            return Catalog(data, digest, [d for d, _ in layers], models_file, layers)
        except (OSError, ValueError):
            pass
    from llm_advisor.catalog.compiler import compile_catalog

    data, problems = compile_catalog(layers)
    if problems:
        raise CatalogError(problems)
    if use_cache:
        _write_cache(cache_file, data)
    return Catalog(data, digest, [d for d, _ in layers])


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass


def _write_cache(cache_file: Path, data: dict[str, Any]) -> None:
    """Best effort: an unwritable cache directory only costs speed. Models go to their own file,
    written first, so a reader that finds the main file always finds the models too. Each file is
    written to a temporary name and renamed into place; the temporary file never outlives a failure.
    Entries of other installs or layer sets stay: only the ones unused for a day beyond the newest
    CACHE_KEEP are removed (see `_prune`)."""
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        core = {k: v for k, v in data.items() if k != "models"}
        models_file = cache_file.with_name(cache_file.name.replace(".json", ".models.json"))
        for path, payload in ((models_file, data["models"]), (cache_file, core)):
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            try:
                tmp.write_text(
                    json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
                )
                os.replace(tmp, path)
            finally:
                tmp.unlink(missing_ok=True)
        _prune(cache_file.parent, keep={cache_file.name, models_file.name})
    except OSError:
        pass


def _prune(directory: Path, keep: set[str], now: float | None = None) -> None:
    """Remove compiled catalogs unused for CACHE_MAX_AGE_S, except the newest CACHE_KEEP, and temporary
    files of writers that died as old. A catalog is "used" when its models file was last written or read."""
    import time

    now = time.time() if now is None else now
    entries: list[tuple[float, str]] = []  # (last use, digest)
    for path in directory.glob("catalog-*"):
        name = path.name
        try:
            mtime = path.stat().st_mtime
        except OSError:
            continue
        if name.endswith(".tmp"):
            if now - mtime > CACHE_MAX_AGE_S:
                path.unlink(missing_ok=True)
        elif name.endswith(".models.json"):
            entries.append((mtime, name.removesuffix(".models.json")))
        elif (
            name.endswith(".json") and not directory.joinpath(name.replace(".json", ".models.json")).exists()
        ):
            if now - mtime > CACHE_MAX_AGE_S:  # a main file whose models file is gone: unusable
                path.unlink(missing_ok=True)
    entries.sort(reverse=True)
    for mtime, stem in entries[CACHE_KEEP:]:
        if f"{stem}.json" in keep or now - mtime <= CACHE_MAX_AGE_S:
            continue
        # main file first: a reader checks for the models file, then reads the main file
        directory.joinpath(f"{stem}.json").unlink(missing_ok=True)
        directory.joinpath(f"{stem}.models.json").unlink(missing_ok=True)
