"""Start-up benchmark: llm-advisor against a bare one-command typer app, same machine, one run.

    python bench/startup.py            # report medians and ratios
    python bench/startup.py --check    # also exit 1 if a ratio exceeds the budget (1.25x)

Runs are interleaved (ours, bare, ours, bare, ...) so machine noise hits both alike.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE_APP = """\
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    print(f"hello {name}")


if __name__ == "__main__":
    app()
"""


def ours() -> list[str]:
    script = shutil.which("llm-advisor", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "llm_advisor"]


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--budget", type=float, default=1.25)
    parser.add_argument("--check", action="store_true", help="exit 1 when over budget")
    args = parser.parse_args()

    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare_typer_app.py"
        bare.write_text(BARE_APP)
        cases = {
            "explain decoder-only": (
                ours() + ["explain", "decoder-only"],
                [sys.executable, str(bare), "--name", "x"],
            ),
            "--help": (ours() + ["--help"], [sys.executable, str(bare), "--help"]),
        }
        for ours_cmd, bare_cmd in cases.values():  # warm-up: compiled catalog cache, OS file cache
            timed(ours_cmd, env)
            timed(bare_cmd, env)
        over = False
        print(f"{'command':<24}{'ours (median)':>15}{'bare typer':>12}{'ratio':>8}   runs={args.runs}")
        for name, (ours_cmd, bare_cmd) in cases.items():
            a, b = [], []
            for _ in range(args.runs):
                a.append(timed(ours_cmd, env))
                b.append(timed(bare_cmd, env))
            ma, mb = statistics.median(a), statistics.median(b)
            ratio = ma / mb
            over |= ratio > args.budget
            flag = "" if ratio <= args.budget else f"  OVER {args.budget}x"
            print(f"{name:<24}{ma * 1000:>13.0f}ms{mb * 1000:>10.0f}ms{ratio:>8.2f}{flag}")
    return 1 if (over and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
