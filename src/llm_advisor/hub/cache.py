"""The local Hub cache: models fetched from the Hub, kept in SQLite so commands work offline.

One file, `paths.cache_dir()/hub.sqlite`, in WAL mode so readers never block a writer and
concurrent writers (parallel `sync` workers, two shells) wait for each other instead of failing.
Every write is one transaction: a `sync` that fails half-way keeps what it already wrote.

Tables: `models(id PRIMARY KEY, task, data JSON, fetched_at)` holds each model once, in the shape
`hub.fetch_model` returns; `task_models(task, id, rank)` says which models a task's listing
returned (a model can serve several tasks); `tasks(task, fetched_at, count)` records complete
task listings (`put_models(..., replace=True)`, what `sync` does).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from llm_advisor.errors import AdvisorError
from llm_advisor.paths import cache_dir

DEFAULT_MAX_AGE_DAYS = 30.0
SCHEMA_VERSION = 1
# A writer waits this long for another writer's transaction before giving up (seconds).
BUSY_TIMEOUT = 30.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS models (
    id TEXT PRIMARY KEY,
    task TEXT,
    data TEXT NOT NULL,
    fetched_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS task_models (
    task TEXT NOT NULL,
    id TEXT NOT NULL,
    rank INTEGER NOT NULL,
    PRIMARY KEY (task, id)
);
CREATE TABLE IF NOT EXISTS tasks (
    task TEXT PRIMARY KEY,
    fetched_at REAL NOT NULL,
    count INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS task_models_by_rank ON task_models (task, rank);
"""


class CacheError(AdvisorError):
    """The cache file cannot be written (permissions, disk full, not a database)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot write the Hub cache {path} ({reason})")
        self.hint = "`llm-advisor cache clear` starts a fresh cache; LLM_ADVISOR_CACHE moves it"


def db_path() -> Path:
    return cache_dir() / "hub.sqlite"


def _open(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: we issue BEGIN IMMEDIATE ourselves, so a writer takes the lock up front
    # and waits (busy timeout) instead of failing half-way with "database is locked".
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    try:
        _initialise(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _initialise(conn: sqlite3.Connection) -> None:
    """WAL mode and tables, once per file. Racing first users retry: switching to WAL does not wait
    on SQLite's busy handler, so two processes creating the cache at once would otherwise fail."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    while not _try_initialise(conn, give_up=time.monotonic() > deadline):
        time.sleep(0.01)


def _try_initialise(conn: sqlite3.Connection, give_up: bool) -> bool:
    try:
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode=WAL")
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            conn.executescript(_SCHEMA + f"PRAGMA user_version={SCHEMA_VERSION};")
        conn.execute("PRAGMA synchronous=NORMAL")
    except sqlite3.OperationalError as err:
        if give_up or not ("locked" in str(err) or "busy" in str(err)):
            raise
        return False
    return True


@contextmanager
def _write() -> Iterator[sqlite3.Connection]:
    """One write transaction; any failure rolls it back and surfaces as CacheError."""
    path = db_path()
    try:
        with closing(_open(path)) as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
    except (sqlite3.Error, OSError) as err:
        raise CacheError(path, str(err)) from err


@contextmanager
def _read() -> Iterator[sqlite3.Connection | None]:
    """A reading connection, or None when there is no usable cache (reads never fail)."""
    path = db_path()
    if not path.is_file():
        yield None
        return
    try:
        conn = _open(path)
    except (sqlite3.Error, OSError):
        yield None
        return
    with closing(conn):
        yield conn


def _dumps(model: dict[str, Any]) -> str:
    clean = {k: v for k, v in model.items() if k != "fetched_at"}
    return json.dumps(clean, ensure_ascii=False, separators=(",", ":"), default=str)


def put_models(task: str, models: list[dict[str, Any]], *, replace: bool = False) -> int:
    """Store models (each needs an "id") under `task`, in the given order; returns how many.

    `replace=True` is a complete listing for the task (what `sync` fetched): the task's previous
    membership is replaced and the task is stamped as synced. Otherwise models are added/updated
    (e.g. one model fetched by `info --live`) without touching the rest of the task.
    """
    now = time.time()
    rows = [m for m in models if isinstance(m.get("id"), str) and m["id"]]
    with _write() as conn:
        if task and replace:
            conn.execute("DELETE FROM task_models WHERE task = ?", (task,))
        start = 0
        if task and not replace:
            start = conn.execute("SELECT COALESCE(MAX(rank) + 1, 0) FROM task_models WHERE task = ?", (task,)).fetchone()[0]
        for offset, model in enumerate(rows):
            conn.execute(
                "INSERT INTO models (id, task, data, fetched_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET task = excluded.task, data = excluded.data, fetched_at = excluded.fetched_at",
                (model["id"], task or None, _dumps(model), now),
            )
            if task:
                # A model already listed for the task keeps its rank unless this is a full listing.
                conn.execute(
                    "INSERT INTO task_models (task, id, rank) VALUES (?, ?, ?) "
                    + ("ON CONFLICT (task, id) DO UPDATE SET rank = excluded.rank" if replace else "ON CONFLICT DO NOTHING"),
                    (task, model["id"], start + offset),
                )
        if task and replace:
            conn.execute(
                "INSERT INTO tasks (task, fetched_at, count) VALUES (?, ?, ?) "
                "ON CONFLICT (task) DO UPDATE SET fetched_at = excluded.fetched_at, count = excluded.count",
                (task, now, len(rows)),
            )
    return len(rows)


def put_model(model: dict[str, Any]) -> None:
    """Store one model under its pipeline tag without touching the rest of that task's listing."""
    put_models(str(model.get("pipeline_tag") or ""), [model])


def _row(data: str, fetched_at: float) -> dict[str, Any] | None:
    try:
        model = json.loads(data)
    except ValueError:
        return None
    if not isinstance(model, dict):
        return None
    model["fetched_at"] = fetched_at
    return model


def get_model(model_id: str) -> dict[str, Any] | None:
    """A cached model (with its `fetched_at`, seconds since the epoch), or None.

    Hub ids are case-insensitive, so a differently cased id finds the model too.
    """
    with _read() as conn:
        if conn is None:
            return None
        try:
            found = conn.execute("SELECT data, fetched_at FROM models WHERE id = ?", (model_id,)).fetchone()
            if found is None:
                found = conn.execute(
                    "SELECT data, fetched_at FROM models WHERE lower(id) = lower(?) ORDER BY id LIMIT 1", (model_id,)
                ).fetchone()
        except sqlite3.Error:
            return None
    return _row(*found) if found else None


def models_for_task(task: str) -> list[dict[str, Any]]:
    """The cached models listed for a task, in the Hub's order (most downloaded first, as synced)."""
    with _read() as conn:
        if conn is None:
            return []
        try:
            rows = conn.execute(
                "SELECT m.data, m.fetched_at FROM task_models t JOIN models m ON m.id = t.id "
                "WHERE t.task = ? ORDER BY t.rank, m.id",
                (task,),
            ).fetchall()
        except sqlite3.Error:
            return []
    return [model for model in (_row(data, at) for data, at in rows) if model is not None]


def info() -> dict[str, Any]:
    """{"path", "models", "tasks", "oldest", "newest", "size_bytes"}; times are seconds since the epoch."""
    path = db_path()
    summary: dict[str, Any] = {"path": str(path), "models": 0, "tasks": 0, "oldest": None, "newest": None, "size_bytes": 0}
    with _read() as conn:
        if conn is None:
            return summary
        try:
            count, oldest, newest = conn.execute("SELECT COUNT(*), MIN(fetched_at), MAX(fetched_at) FROM models").fetchone()
            tasks = conn.execute("SELECT COUNT(*) FROM tasks").fetchone()[0]
        except sqlite3.Error:
            return summary
    files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    size = sum(f.stat().st_size for f in files if f.is_file())
    summary.update(models=count, tasks=tasks, oldest=oldest, newest=newest, size_bytes=size)
    return summary


def task_fetched_at(task: str) -> float | None:
    """When the task's listing was last synced completely, or None."""
    with _read() as conn:
        if conn is None:
            return None
        try:
            found = conn.execute("SELECT fetched_at FROM tasks WHERE task = ?", (task,)).fetchone()
        except sqlite3.Error:
            return None
    return float(found[0]) if found else None


def clear() -> int:
    """Empty the cache; returns how many models were removed. A broken cache file is deleted."""
    path = db_path()
    if not path.is_file():
        return 0
    try:
        with closing(_open(path)) as conn:
            conn.execute("BEGIN IMMEDIATE")
            removed = conn.execute("SELECT COUNT(*) FROM models").fetchone()[0]
            conn.execute("DELETE FROM task_models")
            conn.execute("DELETE FROM tasks")
            conn.execute("DELETE FROM models")
            conn.execute("COMMIT")
            conn.execute("VACUUM")  # give the space back
        return int(removed)
    except sqlite3.DatabaseError:
        # Not a database (or corrupt): nothing in it is usable, so remove the files.
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        return 0
    except (sqlite3.Error, OSError) as err:
        raise CacheError(path, str(err)) from err


def default_max_age_days() -> float:
    """LLM_ADVISOR_CACHE_MAX_AGE_DAYS, else 30 (a bad value falls back to the default: hints never fail)."""
    try:
        value = float(os.environ.get("LLM_ADVISOR_CACHE_MAX_AGE_DAYS", ""))
    except ValueError:
        return DEFAULT_MAX_AGE_DAYS
    return value if value > 0 else DEFAULT_MAX_AGE_DAYS


def age_hint(max_age_days: float | None = None, task: str | None = None, now: float | None = None) -> dict[str, Any] | None:
    """One line to show when cached Hub data is older than `max_age_days`, else None. Never raises.

    The age is that of the oldest cached model (of `task`'s listing, when given).
    """
    try:
        limit = max_age_days if max_age_days is not None and max_age_days > 0 else default_max_age_days()
        if task:
            models = models_for_task(task)
            oldest = min((float(m["fetched_at"]) for m in models), default=None)
        else:
            oldest = info()["oldest"]
        if oldest is None:
            return None
        age_days = ((now if now is not None else time.time()) - float(oldest)) / 86400
        if age_days <= limit:
            return None
        from llm_advisor.msg import m

        return m("hint.cache_age", task=task, days=int(age_days))
    except Exception:  # a hint must never break the command it decorates
        return None
