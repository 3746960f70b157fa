"""The local Hub cache: models fetched from the Hub, kept in SQLite so commands work offline.

One file, `paths.cache_dir()/hub.sqlite`, in WAL mode so readers never block a writer and
concurrent writers (parallel `sync` workers, two shells) wait for each other instead of failing.
Every write is one short transaction: a `sync` that fails half-way keeps what it already wrote.

Tables: `models` holds each model once (`data`: the JSON shape `hub.fetch_model` returns), with the
fields ranking filters on as indexed columns (pipeline tag, params, licence, languages, gating,
downloads, architecture) so `models_for_task(task, limit=K)` picks the top K in SQL; `origin` says
whether it came from a listing (`sync`, pruned when no listing names it any more) or was fetched on
its own (`info --live`, kept). `task_models(task, id, rank, downloads)` says which models a task's
listing returned; `tasks(task, fetched_at, count)` records complete listings. `sync` streams a listing
into `task_staging` batch by batch (bounded memory, short transactions) and swaps it in at the end.
Numbers are checked (`records.validated`) before they are stored and again when read.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from collections.abc import Collection, Iterable, Iterator
from contextlib import closing, contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from llm_advisor.errors import AdvisorError
from llm_advisor.hub.records import validated
from llm_advisor.paths import cache_dir

DEFAULT_MAX_AGE_DAYS = 30.0
SCHEMA_VERSION = 2
# A writer waits this long for another writer's transaction before giving up (seconds).
BUSY_TIMEOUT = 30.0
BATCH = 1000  # models per write transaction while streaming a listing
_TABLES = """
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
"""
# Version 2: filter columns (filled from `data` for a version-1 cache), staging, indexes.
_COLUMNS = {
    "models": ("params INTEGER", "license TEXT", "languages TEXT", "gated INTEGER", "downloads INTEGER",
               "architecture TEXT", "origin TEXT NOT NULL DEFAULT 'listing'"),
    "task_models": ("downloads INTEGER",),
}  # fmt: skip
_V2 = """
UPDATE models SET
    params = CASE WHEN typeof(json_extract(data, '$.params')) = 'integer' THEN json_extract(data, '$.params') END,
    license = json_extract(data, '$.license'),
    languages = ',' || COALESCE((SELECT group_concat(value, ',') FROM json_each(data, '$.languages')), '') || ',',
    gated = CASE WHEN json_extract(data, '$.gated') THEN 1 ELSE 0 END,
    downloads = CASE WHEN typeof(json_extract(data, '$.downloads')) = 'integer' THEN json_extract(data, '$.downloads') END,
    architecture = json_extract(data, '$.architecture')
WHERE json_valid(data);
UPDATE task_models SET downloads = (SELECT downloads FROM models WHERE models.id = task_models.id);
CREATE TABLE IF NOT EXISTS task_staging (
    task TEXT NOT NULL,
    gen TEXT NOT NULL,
    id TEXT NOT NULL,
    rank INTEGER NOT NULL,
    downloads INTEGER,
    PRIMARY KEY (task, gen, id)
);
CREATE INDEX IF NOT EXISTS task_models_by_rank ON task_models (task, rank);
CREATE INDEX IF NOT EXISTS task_models_by_downloads ON task_models (task, downloads DESC, rank);
CREATE INDEX IF NOT EXISTS task_models_by_id ON task_models (id);
CREATE INDEX IF NOT EXISTS models_by_task ON models (task, downloads DESC);
CREATE INDEX IF NOT EXISTS models_by_fetched_at ON models (fetched_at);
CREATE INDEX IF NOT EXISTS models_by_params ON models (params);
CREATE INDEX IF NOT EXISTS models_by_license ON models (license);
CREATE INDEX IF NOT EXISTS models_by_architecture ON models (architecture);
CREATE INDEX IF NOT EXISTS models_by_gated ON models (gated);
"""
_UPSERT = (
    "INSERT INTO models (id, task, data, fetched_at, params, license, languages, gated, downloads, architecture, origin) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET task = excluded.task, data = excluded.data, "
    "fetched_at = excluded.fetched_at, params = excluded.params, license = excluded.license, "
    "languages = excluded.languages, gated = excluded.gated, downloads = excluded.downloads, "
    "architecture = excluded.architecture, "
    "origin = CASE WHEN models.origin = 'single' THEN 'single' ELSE excluded.origin END"
)


class CacheError(AdvisorError):
    """The cache file cannot be written (permissions, disk full, not a database)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot write the Hub cache {path} ({reason})")
        self.hint = "`llm-advisor cache clear` starts a fresh cache; LLM_ADVISOR_CACHE moves it"


def iso(timestamp: float | None) -> str | None:
    """Seconds since the epoch as an ISO-8601 UTC string (what JSON output promises), or None."""
    if timestamp is None:
        return None
    return datetime.fromtimestamp(float(timestamp), tz=timezone.utc).isoformat(timespec="seconds")


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
            _migrate(conn)
        conn.execute("PRAGMA synchronous=NORMAL")
    except sqlite3.OperationalError as err:
        if give_up or not ("locked" in str(err) or "busy" in str(err)):
            raise
        return False
    return True


def _migrate(conn: sqlite3.Connection) -> None:
    """Create the tables, or bring a version-1 cache up to date in place (one transaction)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:  # another process did it
            conn.execute("COMMIT")
            return
        for statement in _TABLES.split(";"):
            if statement.strip():
                conn.execute(statement)
        for table, columns in _COLUMNS.items():
            have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            for column in columns:
                if column.split()[0] not in have:
                    conn.execute(f"ALTER TABLE {table} ADD COLUMN {column}")
        for statement in _V2.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


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
    return json.dumps(clean, ensure_ascii=False, separators=(",", ":"), default=str, allow_nan=False)


def _model_row(task: str, model: dict[str, Any], now: float, origin: str) -> tuple[Any, ...]:
    """The `models` row of a (validated) model: its JSON and the filter columns."""
    langs = [x for x in model.get("languages") or [] if isinstance(x, str)]
    downloads = model.get("downloads")
    params = model.get("params")
    return (
        model["id"], task or None, _dumps(model), now,
        params if isinstance(params, int) else None,
        model.get("license") if isinstance(model.get("license"), str) else None,
        "," + ",".join(langs) + ",",
        1 if model.get("gated") else 0,
        downloads if isinstance(downloads, int) else None,
        model.get("architecture") if isinstance(model.get("architecture"), str) else None,
        origin,
    )  # fmt: skip


def _prepare(models: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [validated(m) for m in models if isinstance(m, dict) and isinstance(m.get("id"), str) and m["id"]]


def put_models(task: str, models: list[dict[str, Any]], *, replace: bool = False) -> int:
    """Store models (each needs an "id") under `task`, in the given order; returns how many are stored.

    `replace=True` is a complete listing for the task (what `sync` fetched): the task's previous
    membership is replaced, listing-only models no listing names any more are pruned, and the task
    is stamped as synced. Otherwise models are added/updated (e.g. one model fetched by `info
    --live`) without touching the rest of the task, and are kept however listings change.
    """
    if replace and task:
        return replace_task(task, models)
    rows = _prepare(models)
    now = time.time()
    with _write() as conn:
        conn.executemany(_UPSERT, [_model_row(task, m, now, "single") for m in rows])
        if task and rows:
            start = conn.execute(
                "SELECT COALESCE(MAX(rank) + 1, 0) FROM task_models WHERE task = ?", (task,)
            ).fetchone()[0]
            # A model already listed for the task keeps its rank.
            conn.executemany(
                "INSERT INTO task_models (task, id, rank, downloads) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (task, id) DO UPDATE SET downloads = excluded.downloads",
                [(task, m["id"], start + i, _int(m.get("downloads"))) for i, m in enumerate(rows)],
            )
    return len(rows)


def replace_task(task: str, models: Iterable[dict[str, Any]], on_batch: Any = None) -> int:
    """Stream a complete listing for `task` into the cache in batches of BATCH (bounded memory, short
    transactions), then swap it in at once; returns how many models the task now lists.

    The count is read back after the swap, so it is honest when a concurrent `cache clear` removed part
    of the staged listing. If the stream fails, nothing of it replaces the previous listing (models
    already written stay cached).
    """
    gen = uuid.uuid4().hex
    rank = 0
    batch: list[dict[str, Any]] = []
    try:
        for model in models:
            batch.append(model)
            if len(batch) >= BATCH:
                rank = _stage(task, gen, batch, rank)
                batch = []
                if on_batch is not None:
                    on_batch(rank)
        rank = _stage(task, gen, batch, rank)
    except BaseException:
        _drop_staging(task, gen)
        raise
    now = time.time()
    with _write() as conn:
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS dropped (id TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM dropped")
        conn.execute(
            "INSERT OR IGNORE INTO dropped SELECT id FROM task_models WHERE task = ? "
            "EXCEPT SELECT id FROM task_staging WHERE task = ? AND gen = ?",
            (task, task, gen),
        )
        conn.execute("DELETE FROM task_models WHERE task = ?", (task,))
        conn.execute(
            "INSERT INTO task_models (task, id, rank, downloads) SELECT s.task, s.id, s.rank, s.downloads "
            "FROM task_staging s JOIN models m ON m.id = s.id WHERE s.task = ? AND s.gen = ?",
            (task, gen),
        )
        conn.execute("DELETE FROM task_staging WHERE task = ? AND gen = ?", (task, gen))
        # Stale rows: listing-only models that no listing names any more.
        conn.execute(
            "DELETE FROM models WHERE origin = 'listing' AND id IN (SELECT id FROM dropped) "
            "AND id NOT IN (SELECT id FROM task_models)"
        )
        conn.execute("DELETE FROM dropped")
        count = int(conn.execute("SELECT COUNT(*) FROM task_models WHERE task = ?", (task,)).fetchone()[0])
        conn.execute(
            "INSERT INTO tasks (task, fetched_at, count) VALUES (?, ?, ?) "
            "ON CONFLICT (task) DO UPDATE SET fetched_at = excluded.fetched_at, count = excluded.count",
            (task, now, count),
        )
    return count


def _stage(task: str, gen: str, models: list[dict[str, Any]], rank: int) -> int:
    rows = _prepare(models)
    if not rows:
        return rank
    now = time.time()
    with _write() as conn:
        conn.executemany(_UPSERT, [_model_row(task, m, now, "listing") for m in rows])
        conn.executemany(
            "INSERT OR IGNORE INTO task_staging (task, gen, id, rank, downloads) VALUES (?, ?, ?, ?, ?)",
            [(task, gen, m["id"], rank + i, _int(m.get("downloads"))) for i, m in enumerate(rows)],
        )
    return rank + len(rows)


def _drop_staging(task: str, gen: str) -> None:
    try:
        with _write() as conn:
            conn.execute("DELETE FROM task_staging WHERE task = ? AND gen = ?", (task, gen))
    except CacheError:
        pass  # a later sync or `cache clear` removes it


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# Models that could not be written (unwritable cache): kept for the rest of this process, so a
# `check --live` still knows the Hub-only models it just fetched.
_UNSAVED: dict[str, tuple[dict[str, Any], float]] = {}


def put_model(model: dict[str, Any]) -> bool:
    """Best effort: store one model under its pipeline tag (without touching the rest of that task's
    listing); False when the cache cannot be written (the model is then remembered in memory for this
    process). A lookup that worked must not fail because caching did not."""
    try:
        put_models(str(model.get("pipeline_tag") or ""), [model])
    except CacheError:
        if isinstance(model.get("id"), str):
            _UNSAVED[model["id"].lower()] = (validated(model), time.time())
        return False
    return True


def _row(data: str, fetched_at: float) -> dict[str, Any] | None:
    try:
        model = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if not isinstance(model, dict) or not isinstance(model.get("id"), str):
        return None
    model = validated(model)  # an older or tampered cache cannot poison an offline run
    model["fetched_at"] = iso(fetched_at)
    return model


def get_model(model_id: str) -> dict[str, Any] | None:
    """A cached model (with its `fetched_at`, an ISO-8601 string), or None.

    Hub ids are case-insensitive, so a differently cased id finds the model too.
    """
    found: Any = None
    with _read() as conn:
        try:
            if conn is None:
                raise sqlite3.OperationalError("no cache")
            found = conn.execute("SELECT data, fetched_at FROM models WHERE id = ?", (model_id,)).fetchone()
            if found is None:
                found = conn.execute(
                    "SELECT data, fetched_at FROM models WHERE lower(id) = lower(?) ORDER BY id LIMIT 1",
                    (model_id,),
                ).fetchone()
        except sqlite3.Error:
            found = None
    if found:
        return _row(*found)
    unsaved = _UNSAVED.get(model_id.lower())
    if unsaved is not None:
        return {**unsaved[0], "fetched_at": iso(unsaved[1])}
    return None


def models_for_task(
    task: str,
    limit: int | None = None,
    *,
    max_params: int | None = None,
    min_params: int | None = None,
    licenses: Collection[str] | None = None,
    languages: Collection[str] | None = None,
    exclude_gated: bool = False,
    architectures: Collection[str] | None = None,
) -> list[dict[str, Any]]:
    """The cached models listed for a task, most downloaded first; the top `limit` when given.

    The filters run in SQL on indexed columns and only ever drop a model whose known value fails
    them (an unknown value is kept: the ranking rules decide), so they are safe to combine with the
    rules. With `limit`, only that many rows are read and decoded, whatever the cache holds.
    """
    where = ["t.task = ?"]
    args: list[Any] = [task]
    if max_params is not None:
        where.append("(m.params IS NULL OR m.params <= ?)")
        args.append(int(max_params))
    if min_params is not None:
        where.append("(m.params IS NULL OR m.params >= ?)")
        args.append(int(min_params))
    if licenses is not None:
        where.append(f"(m.license IS NULL OR m.license IN ({','.join('?' * len(licenses)) or 'NULL'}))")
        args.extend(licenses)
    for code in languages or ():
        where.append("(m.languages = ',' OR instr(m.languages, ',mul,') > 0 OR instr(m.languages, ?) > 0)")
        args.append(f",{code},")
    if exclude_gated:
        where.append("m.gated = 0")
    if architectures is not None:
        where.append(
            f"(m.architecture IS NULL OR m.architecture IN ({','.join('?' * len(architectures)) or 'NULL'}))"
        )
        args.extend(architectures)
    sql = (
        "SELECT m.data, m.fetched_at FROM task_models t JOIN models m ON m.id = t.id WHERE "
        + " AND ".join(where)
        + " ORDER BY t.downloads DESC, t.rank, t.id"
    )
    if limit is not None:
        sql += " LIMIT ?"
        args.append(max(0, int(limit)))
    with _read() as conn:
        if conn is None:
            return []
        try:
            rows = conn.execute(sql, args).fetchall()
        except sqlite3.Error:
            return []
    return [model for model in (_row(data, at) for data, at in rows) if model is not None]


def count_for_task(task: str) -> int:
    """How many cached models the task lists (without reading them)."""
    with _read() as conn:
        if conn is None:
            return 0
        try:
            return int(conn.execute("SELECT COUNT(*) FROM task_models WHERE task = ?", (task,)).fetchone()[0])
        except sqlite3.Error:
            return 0


def info() -> dict[str, Any]:
    """{"path", "models", "tasks", "oldest", "newest", "size_bytes"}; times are ISO-8601 strings."""
    path = db_path()
    summary: dict[str, Any] = {
        "path": str(path),
        "models": 0,
        "tasks": 0,
        "oldest": None,
        "newest": None,
        "size_bytes": 0,
    }
    with _read() as conn:
        if conn is None:
            return summary
        try:
            count, oldest, newest = conn.execute(
                "SELECT COUNT(*), MIN(fetched_at), MAX(fetched_at) FROM models"
            ).fetchone()
            tasks = conn.execute("SELECT COUNT(*) FROM tasks").fetchone()[0]
        except sqlite3.Error:
            return summary
    files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    size = sum(f.stat().st_size for f in files if f.is_file())
    summary.update(models=count, tasks=tasks, oldest=iso(oldest), newest=iso(newest), size_bytes=size)
    return summary


def task_fetched_at(task: str) -> str | None:
    """When the task's listing was last synced completely (ISO-8601), or None."""
    with _read() as conn:
        if conn is None:
            return None
        try:
            found = conn.execute("SELECT fetched_at FROM tasks WHERE task = ?", (task,)).fetchone()
        except sqlite3.Error:
            return None
    return iso(found[0]) if found else None


def clear() -> int:
    """Empty the cache; returns how many models were removed. A broken cache file is deleted."""
    path = db_path()
    if not path.is_file():
        return 0
    try:
        with closing(_open(path)) as conn:
            conn.execute("BEGIN IMMEDIATE")
            removed = conn.execute("SELECT COUNT(*) FROM models").fetchone()[0]
            for table in ("task_models", "task_staging", "tasks", "models"):
                conn.execute(f"DELETE FROM {table}")
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
    return value if 0 < value < 1e6 else DEFAULT_MAX_AGE_DAYS


def _oldest(task: str | None) -> float | None:
    """The oldest fetch time (of `task`'s listing, when given), by SQL MIN: no model is read."""
    with _read() as conn:
        if conn is None:
            return None
        try:
            if task:
                found = conn.execute(
                    "SELECT MIN(m.fetched_at) FROM task_models t JOIN models m ON m.id = t.id WHERE t.task = ?",
                    (task,),
                ).fetchone()
            else:
                found = conn.execute("SELECT MIN(fetched_at) FROM models").fetchone()
        except sqlite3.Error:
            return None
    return float(found[0]) if found and found[0] is not None else None


def age_hint(
    max_age_days: float | None = None, task: str | None = None, now: float | None = None
) -> dict[str, Any] | None:
    """One line to show when cached Hub data is older than `max_age_days`, else None. Never raises.

    The age is that of the oldest cached model (of `task`'s listing, when given).
    """
    try:
        limit = max_age_days if max_age_days is not None and max_age_days > 0 else default_max_age_days()
        oldest = _oldest(task)
        if oldest is None:
            return None
        age_days = ((now if now is not None else time.time()) - oldest) / 86400
        if age_days <= limit:
            return None
        from llm_advisor.msg import m

        return m("hint.cache_age", task=task, days=int(age_days))
    except Exception:  # a hint must never break the command it decorates
        return None
