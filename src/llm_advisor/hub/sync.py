"""`sync`: pull each task's Hub models into the local cache, a few tasks at a time."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any

MAX_WORKERS = 4  # polite to the Hub and enough to hide latency


def sync_tasks(
    tasks: list[str], limit: int, on_done: Callable[[str, int | None, str | None], None] | None = None
) -> dict[str, Any]:
    """Fetch and cache up to `limit` models per task; one task's failure does not stop the others."""
    from llm_advisor.hub import cache
    from llm_advisor.hub.client import HubError, list_task_models

    def one(task: str) -> int:
        models = list_task_models(task, limit=limit)
        return cache.put_models(task, models, replace=True)

    done: dict[str, int] = {}
    failed: dict[str, str] = {}
    with ThreadPoolExecutor(max_workers=min(MAX_WORKERS, max(1, len(tasks)))) as pool:
        futures = {pool.submit(one, t): t for t in tasks}
        for future in as_completed(futures):
            task = futures[future]
            try:
                done[task] = future.result()
                if on_done:
                    on_done(task, done[task], None)
            except HubError as exc:
                failed[task] = str(exc)
                if on_done:
                    on_done(task, None, str(exc))
    return {
        "schema_version": 1,
        "tasks": [{"task": t, "models": done[t]} for t in sorted(done)],
        "failed": [{"task": t, "error": failed[t]} for t in sorted(failed)],
        "models": sum(done.values()),
        "cache": cache.info(),
    }
