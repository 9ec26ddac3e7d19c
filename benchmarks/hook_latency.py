"""Pre-commit latency: the whole-dataset check of the project's fixtures against the cost of starting Python
with the dependencies imported. Prints both medians and the difference (target: at most 0.25 s above).

    python benchmarks/hook_latency.py [--runs N]

The hook's usual run finds the fact cache filled by the previous commit (it runs in a temporary cache
directory here, filled by a first run); the run without the cache (``--no-cache``) is printed too.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# `import pydantic` alone is lazy (pydantic loads its machinery on first use of BaseModel), so the bare
# baseline imports what the dependencies really are when used: BaseModel and TypeAdapter too.
BARE_CODE = "import click, yaml, rich; from pydantic import BaseModel, TypeAdapter"
BARE = [sys.executable, "-c", BARE_CODE]
HOOK = [sys.executable, "-m", "auditor", "check"]
VALIDATE = [sys.executable, "-m", "auditor", "validate"]


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as cache:
        os.environ["IIJ_AUDIT_CACHE_DIR"] = cache
        subprocess.run(HOOK, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        bare = median_seconds(BARE, runs)
        hook = median_seconds(HOOK, runs)
        validate = median_seconds(VALIDATE, runs)
        uncached = median_seconds(HOOK + ["--no-cache"], runs)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"median of {runs} runs each")
    print(f"bare import ({BARE_CODE}) : {bare:.3f} s")
    print(f"iij-audit check (whole fixtures)          : {hook:.3f} s  ({hook - bare:+.3f} s above bare import)")
    print(f"iij-audit validate (whole fixtures)       : {validate:.3f} s  ({validate - bare:+.3f} s above bare import)")
    print(f"iij-audit check --no-cache                : {uncached:.3f} s  ({uncached - bare:+.3f} s above bare import)")
    print(f"target: at most +0.250 s -> {'met' if hook - bare <= 0.25 else 'NOT met'}")


if __name__ == "__main__":
    main()
