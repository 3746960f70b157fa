"""`check` at monorepo scale: a 1,000-entry manifest against a 1-entry one, and `--scan` of a 10,000-file tree
against parsing every file with `ast` (what `--scan` did before its byte prefilter).

    python bench/check_scale.py                    # report medians and ratios
    python bench/check_scale.py --check            # also exit 1 when a target is missed
    python bench/check_scale.py --entries 5000 --files 50000 --runs 3

Targets (issue 14): the 1,000-entry manifest checks in <= 3x the time of the 1-entry one (end to end, as CI
runs it), and `--scan` is >= 5x faster than parsing every file. Half the entries name unknown models (each
gets its "did you mean"), half are catalog models across their tasks (each gets its better-pick ranking).
The tree's files are copies of the standard library's own modules (real code, real sizes); one file in
250 loads a model, about what a large application repository holds. Runs are interleaved so machine noise
hits both sides alike; the file cache is warm for both.
"""

from __future__ import annotations

import argparse
import ast
import functools
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SHA = "0123456789abcdef0123456789abcdef01234567"
REFERENCE = (
    '\n\nfrom transformers import AutoModel\nmodel = AutoModel.from_pretrained("example-org/model-{i}")\n'
)


def ours() -> list[str]:
    script = shutil.which("llm-advisor", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "llm_advisor"]


def manifest(entries: int) -> str:
    from llm_advisor.catalog.loader import load_catalog

    models = [m for m in load_catalog().models.values() if m["tasks"]]
    lines = ["policy:\n  hardware: rtx-4090\n  licenses: [permissive]\nmodels:\n"]
    for i in range(entries):
        if i % 2:
            model, task = f"example-org/unknown-model-{i}", "text-generation"
        else:
            picked = models[(i // 2) % len(models)]
            model, task = picked["id"], picked["tasks"][0]["id"]
        lines.append(f"  - name: entry-{i}\n    task: {task}\n    model: {model}\n    revision: {SHA}\n")
    return "".join(lines)


def tree(root: Path, files: int) -> int:
    """`files` .py files under root/src in packages of 50 (plus a .venv and node_modules that --scan must
    not enter); returns how many load a model."""
    stdlib = sorted(Path(sysconfig.get_paths()["stdlib"]).glob("*.py"))
    bodies = [
        p.read_bytes() for p in stdlib if p.stat().st_size < 40_000
    ]  # typical module sizes (median ~11 KB)
    referenced = 0
    for i in range(files):
        package = root / "src" / f"pkg{i // 500:03}" / f"sub{(i // 50) % 10}"
        if i % 50 == 0:
            package.mkdir(parents=True, exist_ok=True)
        body = bodies[i % len(bodies)]
        if i % 250 == 0:
            body += REFERENCE.format(i=i).encode()
            referenced += 1
        (package / f"module{i % 50:02}.py").write_bytes(body)
    for skipped in (".venv/lib/python3/site-packages/big", "node_modules/pkg"):
        target = root / skipped
        target.mkdir(parents=True)
        for j in range(files // 10):
            (target / f"m{j}.py").write_bytes(bodies[j % len(bodies)])
    return referenced


def parse_everything(paths: list[Path], root: Path) -> int:
    """The baseline: the same files, every one read and parsed with ast (no prefilter)."""
    from llm_advisor.check.scan import python_files, references_in

    found = 0
    for file in python_files(paths):
        try:
            tree = ast.parse(file.read_bytes())
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        found += len(references_in(tree, file.name, (root, file.parent)))
    return found


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run_cli(args: list[str], cwd: Path, env: dict[str, str]) -> None:
    subprocess.run(
        ours() + args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()

    from llm_advisor.check.checker import check_repository
    from llm_advisor.check.scan import scan

    with tempfile.TemporaryDirectory(prefix="llm-advisor-bench-") as tmp:
        base = Path(tmp)
        env = {
            **os.environ,
            "NO_COLOR": "1",
            "LLM_ADVISOR_CACHE": str(base / "cache"),
            "HF_HUB_OFFLINE": "1",
            "HF_HOME": str(base / "hf"),
        }
        os.environ.update({k: env[k] for k in ("LLM_ADVISOR_CACHE", "HF_HUB_OFFLINE", "HF_HOME")})

        # --- manifests -------------------------------------------------------------------------------
        repos = {}
        for n in (1, args.entries):
            repo = base / f"manifest-{n}"
            (repo / ".git").mkdir(parents=True)
            (repo / "llm-advisor.yaml").write_text(manifest(n), encoding="utf-8")
            repos[n] = repo
        run_cli(["check", "-f", "json"], repos[1], env)  # compiles the catalog into the cache once
        wall: dict[int, list[float]] = {1: [], args.entries: []}
        core: dict[int, list[float]] = {1: [], args.entries: []}
        for _ in range(args.runs):
            for n, repo in repos.items():
                wall[n].append(timed(functools.partial(run_cli, ["check", "-f", "json"], repo, env)))
                core[n].append(
                    timed(functools.partial(check_repository, repo / "llm-advisor.yaml", root=repo))
                )
        w1, wn = statistics.median(wall[1]), statistics.median(wall[args.entries])
        c1, cn = statistics.median(core[1]), statistics.median(core[args.entries])
        manifest_ratio = wn / w1

        # --- the tree ----------------------------------------------------------------------------------
        root = base / "tree"
        referenced = tree(root, args.files)
        src = [root]
        result = scan(src, root)
        assert len(result.references) == referenced == parse_everything(src, root), (
            len(result.references),
            referenced,
        )
        scan_times: list[float] = []
        parse_times: list[float] = []
        for _ in range(max(3, args.runs // 2)):
            scan_times.append(timed(lambda: scan(src, root)))
            parse_times.append(timed(lambda: parse_everything(src, root)))
        (root / ".git").mkdir()
        (root / "llm-advisor.yaml").write_text(
            "policy:\n  ignore: [unlisted-reference, unknown-model]\nmodels: []\n", encoding="utf-8"
        )
        cli_times = [
            timed(lambda: run_cli(["check", "--scan", "src", "-f", "json"], root, env)) for _ in range(3)
        ]
        s, p = statistics.median(scan_times), statistics.median(parse_times)
        scan_speedup = p / s

    print(f"manifest, end to end (`check -f json`, median of {args.runs}):")
    print(f"  1 entry        {w1:7.2f} s")
    print(f"  {args.entries:<5} entries  {wn:7.2f} s   ratio {manifest_ratio:4.2f}x   (target <= 3x)")
    print(
        f"  core only (check_repository, warm): 1 entry {c1 * 1000:.0f} ms, {args.entries} entries {cn * 1000:.0f} ms"
    )
    print(
        f"--scan of {args.files} files ({referenced} load a model; {result.parsed} parsed after the prefilter):"
    )
    print(f"  scan (pruned walk + prefilter)   {s:7.2f} s   {args.files / s:8.0f} files/s")
    print(
        f"  parse every file with ast        {p:7.2f} s   {args.files / p:8.0f} files/s   speed-up {scan_speedup:4.1f}x   (target >= 5x)"
    )
    print(f"  `check --scan src`, end to end   {statistics.median(cli_times):7.2f} s")
    ok = manifest_ratio <= 3 and scan_speedup >= 5
    if args.check and not ok:
        print("a target was missed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
