"""Models the user already downloaded into the Hugging Face cache (`HF_HOME/hub`), found by repo id, offline.

Resolution goes through huggingface_hub's public cache API (`try_to_load_from_cache`, then `scan_cache_dir`),
with the cache directory passed explicitly: huggingface_hub fixes HF_HOME / HF_HUB_CACHE into constants at
import, and we follow them as they are now. A cheap existence check of the repo's cache folder comes first,
so a name that is not cached never imports huggingface_hub (~0.25 s).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CachedModel:
    """One cached model repo at one snapshot."""

    repo_id: str
    revision: str  # the snapshot's commit hash
    refs: tuple[str, ...]  # refs pointing at it (e.g. "main")
    snapshot: Path
    last_modified: float | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "repo_id": self.repo_id,
            "revision": self.revision,
            "refs": list(self.refs),
            "snapshot": str(self.snapshot),
        }


def hub_cache_dir() -> Path:
    """HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub (huggingface_hub's own order)."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "huggingface" / "hub"


def _repo_folder(repo_id: str) -> str:
    return "models--" + repo_id.replace("/", "--")


def looks_like_repo_id(name: str) -> bool:
    parts = name.split("/")
    return 1 <= len(parts) <= 2 and all(p and p not in (".", "..") and not p.startswith("-") for p in parts)


def find_model(repo_id: str, revision: str | None = None) -> CachedModel | None:
    """The cached snapshot of `repo_id` (a ref name such as `main`, or a commit hash; default: main, else the
    most recently modified snapshot); None when the repo is not in the cache."""
    if not looks_like_repo_id(repo_id):
        return None
    cache = hub_cache_dir()
    folder = cache / _repo_folder(repo_id)
    if not (folder / "snapshots").is_dir():
        return None
    from huggingface_hub import try_to_load_from_cache

    found = try_to_load_from_cache(repo_id, "config.json", cache_dir=cache, revision=revision)
    if isinstance(found, str):
        snapshot = Path(found).parent
        refs = tuple(
            sorted(
                r.name for r in (folder / "refs").glob("*") if r.is_file() and _read_ref(r) == snapshot.name
            )
        )
        return CachedModel(repo_id, snapshot.name, refs, snapshot)
    for model in _scan(cache):
        if model.repo_id == repo_id and (
            revision is None or revision in model.refs or model.revision.startswith(revision)
        ):
            return model
    return None


def _read_ref(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def cached_models() -> list[CachedModel]:
    """Every cached model repo (one snapshot each: the one `main` points at, else the newest)."""
    return _scan(hub_cache_dir())


def _scan(cache: Path) -> list[CachedModel]:
    if not cache.is_dir():
        return []
    from huggingface_hub import scan_cache_dir
    from huggingface_hub.errors import CacheNotFound

    try:
        info = scan_cache_dir(cache)
    except (CacheNotFound, OSError, ValueError):
        return []
    out: list[CachedModel] = []
    for repo in sorted(info.repos, key=lambda r: r.repo_id):
        if repo.repo_type != "model" or not repo.revisions:
            continue
        best = max(repo.revisions, key=lambda r: ("main" in r.refs, r.last_modified, r.commit_hash))
        out.append(
            CachedModel(
                repo.repo_id,
                best.commit_hash,
                tuple(sorted(best.refs)),
                Path(best.snapshot_path),
                best.last_modified,
            )
        )
    return out
