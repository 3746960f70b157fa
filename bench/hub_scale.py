"""Hub-scale benchmark: sync time and peak memory, and `recommend` time, at 0 / 10k / 100k cached models.

    python bench/hub_scale.py                      # sizes 0, 10000, 100000
    python bench/hub_scale.py --sizes 0,5000       # a quicker run

A synthetic Hub (tests/fakehub.py's FakeHub with `add_synthetic`, real HTTP on 127.0.0.1, the Hub's
cursor pagination at 1,000 models a page) serves N models, 80% text-generation and 20% summarization.
For each N, a fresh cache is filled by `llm-advisor sync --limit 100000` in a child process (wall time
and the child's peak RSS). Then `llm-advisor recommend --task text-generation -f json` runs offline with
the service asking for the top 200 only (`models_for_task(task, limit=200)`, the call the lead wires in):
best of 3 after a warm-up, each run paired with one whose Hub cache is moved aside (same compiled catalog,
same moment), so the "+" column is what the cache costs even while the machine is busy. It also runs once
as wired today (every cached model of the task, up to WIRED_TIMEOUT), and
`cache.models_for_task("text-generation", limit=200)` is timed in-process (best of 5).
Targets (issue 14): recommend at 100k adds <= 0.3 s over an empty cache; sync of 100k stays < 150 MiB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WIRED_TIMEOUT = 120.0  # seconds for the one "as wired today" recommend run (inf when it takes longer)
sys.path.insert(0, str(REPO))

CHILD = """
import os, resource, sys
from llm_advisor.cli import app
if os.environ.get("BENCH_TOP_K"):  # what-if: the recommend service asking for the top K only (issue 14's wiring)
    import functools
    from llm_advisor.hub import cache
    cache.models_for_task = functools.partial(cache.models_for_task, limit=int(os.environ["BENCH_TOP_K"]))
try:
    app(sys.argv[2:], prog_name="llm-advisor")
finally:
    with open(sys.argv[1], "w") as out:
        out.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
"""


def _child(
    args: list[str], env: dict[str, str], rss_file: Path, timeout: float | None = None
) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    rss_file.unlink(missing_ok=True)
    start = time.monotonic()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(rss_file), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return float("inf"), float("nan"), subprocess.CompletedProcess(args, 0, "", "")
    elapsed = time.monotonic() - start
    rss_mib = int(rss_file.read_text() or 0) / 1024 if rss_file.exists() else float("nan")
    return elapsed, rss_mib, proc


def _recommend_times(env: dict[str, str], work: Path) -> dict[str, float]:
    """`recommend` with this cache and, paired run by run, with the Hub cache moved aside (same compiled
    catalog, same moment: the difference is what the cache costs). Best of 3 after a warm-up run."""
    db = work / "cache" / "hub.sqlite"
    aside = db.with_name("hub.sqlite.aside")
    args = ["recommend", "--task", "text-generation", "-f", "json"]
    out: dict[str, float] = {}
    times: dict[bool, list[float]] = {True: [], False: []}
    peak = 0.0
    for attempt in range(4):
        for with_cache in (True, False):
            if not with_cache and db.exists():
                db.rename(aside)
            try:
                elapsed, rss, proc = _child(args, {**env, "BENCH_TOP_K": "200"}, work / "rss")
            finally:
                if aside.exists():
                    aside.rename(db)
            if proc.returncode != 0:
                raise SystemExit(f"recommend failed: {proc.stderr[-2000:]}")
            if attempt:  # the first round warms the compiled catalog and the page cache
                times[with_cache].append(elapsed)
                peak = max(peak, rss) if with_cache else peak
    out["recommend_top200_s"] = round(min(times[True]), 3)
    out["recommend_top200_plus_s"] = round(min(times[True]) - min(times[False]), 3)
    out["recommend_top200_peak_mib"] = round(peak, 1)
    # As the service is wired today (every cached model of the task): once, bounded by WIRED_TIMEOUT.
    elapsed, rss, proc = _child(args, env, work / "rss", timeout=WIRED_TIMEOUT)
    out["recommend_s"] = round(elapsed, 3)
    out["recommend_plus_s"] = round(elapsed - min(times[False]), 3)
    out["recommend_peak_mib"] = round(rss, 1)
    return out


def run(sizes: list[int]) -> list[dict[str, float | int]]:
    from tests.fakehub import FakeHub

    rows: list[dict[str, float | int]] = []
    for size in sizes:
        hub = FakeHub()
        hub.models.clear()  # only synthetic models: the counts are exact
        hub.record_requests = False
        generation, summaries = int(size * 0.8), size - int(size * 0.8)
        if generation:
            hub.add_synthetic("text-generation", generation)
        if summaries:
            hub.add_synthetic("summarization", summaries)
        hub.start()
        work = Path(tempfile.mkdtemp(prefix="hub-scale-"))
        env = {
            **os.environ, "HF_ENDPOINT": hub.url, "HF_HUB_OFFLINE": "0", "NO_PROXY": "127.0.0.1,localhost",
            "LLM_ADVISOR_CACHE": str(work / "cache"), "HF_HOME": str(work / "hf-home"), "NO_COLOR": "1",
            "PYTHONPATH": str(REPO), "LLM_ADVISOR_HUB_DEADLINE": "120",
        }  # fmt: skip
        env.pop("HF_TOKEN", None)
        row: dict[str, float | int] = {"models": size}
        try:
            if size:
                args = [
                    "sync",
                    "--task",
                    "text-generation",
                    "--task",
                    "summarization",
                    "--limit",
                    "100000",
                    "-f",
                    "json",
                ]
                elapsed, rss, proc = _child(args, env, work / "rss")
                if proc.returncode != 0:
                    raise SystemExit(f"sync failed: {proc.stderr[-2000:]}")
                report = json.loads(proc.stdout)
                row.update(sync_s=round(elapsed, 2), sync_peak_mib=round(rss, 1), synced=report["models"])
            env["HF_HUB_OFFLINE"] = "1"
            row.update(_recommend_times(env, work))
            os.environ["LLM_ADVISOR_CACHE"] = env["LLM_ADVISOR_CACHE"]
            from llm_advisor.hub import cache

            top = []
            for _ in range(5):
                start = time.monotonic()
                cache.models_for_task("text-generation", limit=200)
                top.append(time.monotonic() - start)
            row["top200_ms"] = round(min(top) * 1000, 1)
        finally:
            hub.stop()
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0,10000,100000", help="comma-separated model counts")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    rows = run(sizes)
    print(
        "\nmodels   sync s   sync peak MiB   recommend top-200 s (+ over no cache)   as wired today s (+)   top-200 SQL ms"
    )
    for r in rows:
        print(
            f"{r['models']:>7}   {r.get('sync_s', '-')!s:>6}   {r.get('sync_peak_mib', '-')!s:>13}   "
            f"{r['recommend_top200_s']:>19} ({r['recommend_top200_plus_s']:+.3f})   "
            f"{r['recommend_s']:>16} ({r['recommend_plus_s']:+.3f})   {r['top200_ms']:>14}"
        )


if __name__ == "__main__":
    main()
