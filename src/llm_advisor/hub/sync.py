"""`sync`: stream each task's Hub models into the local cache, a few tasks at a time.

Each listing is streamed page by page into the cache (`cache.replace_task`), so memory stays bounded
whatever `limit` is. A Hub that is down or refusing us is noticed once: after MAX_CONSECUTIVE_FAILURES
failures in a row (or at the first rejected token) the remaining tasks are skipped, not tried one by one.
Ctrl-C cancels the requests in flight (`budget.cancel`), so it takes effect within a fraction of a second.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any

MAX_WORKERS = 4  # polite to the Hub and enough to hide latency
MAX_LIMIT = 100_000  # models per task
MAX_CONSECUTIVE_FAILURES = 3


def sync_tasks(
    tasks: list[str], limit: int, on_done: Callable[[str, int | None, str | None], None] | None = None
) -> dict[str, Any]:
    """Fetch and cache up to `limit` models per task; one task's failure does not stop the others,
    a run of them (a dead Hub) or a rejected token stops the rest (reported under `skipped`)."""
    from llm_advisor.hub import budget, cache
    from llm_advisor.hub.client import HubAuth, HubCancelled, HubError, HubOffline, iter_task_models

    limit = max(1, min(int(limit), MAX_LIMIT))
    stop = threading.Event()

    def one(task: str) -> tuple[int, int]:
        if stop.is_set():
            raise _Skipped()
        fetched = 0

        def counted() -> Any:
            nonlocal fetched
            for model in iter_task_models(task, limit=limit):
                fetched += 1
                yield model

        stored = cache.replace_task(task, counted())
        return stored, fetched

    done: dict[str, tuple[int, int]] = {}
    failed: dict[str, str] = {}
    hints: dict[str, str | None] = {}
    skipped: list[str] = []
    stopped: str | None = None
    consecutive = 0
    budget.reset_cancel()
    pool = ThreadPoolExecutor(max_workers=min(MAX_WORKERS, max(1, len(tasks))))
    try:
        futures: dict[Future[tuple[int, int]], str] = {pool.submit(one, t): t for t in tasks}
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in finished:
                task = futures[future]
                try:
                    done[task] = future.result()
                    consecutive = 0
                    if on_done:
                        on_done(task, done[task][0], None)
                except _Skipped:
                    skipped.append(task)
                except HubCancelled:
                    skipped.append(task)
                except HubError as exc:
                    failed[task] = str(exc)
                    hints[task] = exc.hint
                    consecutive += 1
                    if on_done:
                        on_done(task, None, str(exc))
                    fatal = isinstance(exc, (HubAuth, HubOffline)) or consecutive >= MAX_CONSECUTIVE_FAILURES
                    if fatal and stopped is None:
                        stopped = str(exc)
                        stop.set()
                        skipped.extend(futures[other] for other in pending if other.cancel())
                        pending = {f for f in pending if not f.cancelled()}
    except BaseException:
        # Ctrl-C: stop every request in flight at its next socket operation, and do not wait for the rest.
        budget.cancel()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)
        budget.reset_cancel()
    return {
        "schema_version": 1,
        "tasks": [{"task": t, "models": done[t][0], "fetched": done[t][1]} for t in sorted(done)],
        "failed": [{"task": t, "error": failed[t], "hint": hints.get(t)} for t in sorted(failed)],
        "skipped": sorted(skipped),
        "stopped": stopped,
        "models": sum(stored for stored, _ in done.values()),
        "cache": cache.info(),
    }


class _Skipped(Exception):
    """A task not started because the sync was stopped."""
