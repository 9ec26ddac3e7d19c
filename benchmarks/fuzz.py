#!/usr/bin/env python3
"""Fuzz iij-audit's parsers, fixture loader and ``check`` for a while and report what was found.

    python benchmarks/fuzz.py [--seconds 60] [--target SUBSTRING] [--seed N]

Runs the fuzz targets of tests/test_hardening_fuzz.py (the same strategies the bounded tests use, plus a
few that are too slow or known to fail there) with hypothesis, sharing the time budget between them. A
target may raise only its documented error types (NumberError, PeriodError, ExpressionError,
InputError(s)); anything else is a crash. Prints, per target, the cases tried and the crashes found with
one example each. It never asserts: it prints figures.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings  # noqa: E402

import test_hardening_fuzz as targets  # noqa: E402


class OutOfTime(BaseException):
    """Raised inside the hypothesis test body to end a target's run (hypothesis lets it through)."""


def describe(example, width: int = 160) -> str:
    text = repr(example)
    return text if len(text) <= width else text[: width - 25] + f"... ({len(text)} chars)"


def fuzz(target, seconds: float, base_seed: int | None) -> tuple[int, Counter, dict]:
    tried = 0
    crashes: Counter = Counter()
    examples: dict = {}
    deadline = time.monotonic() + seconds
    run_number = 0
    while time.monotonic() < deadline:
        run_number += 1

        @settings(max_examples=10**9, deadline=None, database=None, phases=[Phase.generate],
                  verbosity=Verbosity.quiet, suppress_health_check=list(HealthCheck))
        @given(target.strategy)
        def run(example):
            nonlocal tried
            if time.monotonic() >= deadline:
                raise OutOfTime
            tried += 1
            try:
                target.function(example)
            except target.allowed:
                pass
            except Exception as error:  # noqa: BLE001 - a crash is what we count
                frame = traceback.extract_tb(error.__traceback__)[-1]
                kind = f"{type(error).__name__} at {Path(frame.filename).name}:{frame.lineno}"
                crashes[kind] += 1
                examples.setdefault(kind, (example, str(error)))

        if base_seed is not None:
            run = seed(base_seed + run_number)(run)
        try:
            run()
        except OutOfTime:
            break
    return tried, crashes, examples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="total time budget (default 60)")
    parser.add_argument("--target", default="", help="run only targets whose name contains this")
    parser.add_argument("--seed", type=int, default=None, help="seed hypothesis for a reproducible run")
    args = parser.parse_args()

    chosen = [t for t in targets.TARGETS if args.target.lower() in t.name.lower()]
    if not chosen:
        print(f"no target matches {args.target!r}; targets: {', '.join(t.name for t in targets.TARGETS)}")
        return 2
    share = args.seconds / len(chosen)
    warnings.simplefilter("ignore")  # ast.parse's SyntaxWarnings on fuzzed literals
    print(f"fuzzing {len(chosen)} target(s) for {args.seconds:g} s ({share:.1f} s each)\n")
    print(f"{'target':40} {'cases':>9} {'cases/s':>8} {'crashes':>8}")
    total_crashes = 0
    reports = []
    try:
        for target in chosen:
            start = time.monotonic()
            tried, crashes, examples = fuzz(target, share, args.seed)
            elapsed = max(time.monotonic() - start, 1e-9)
            count = sum(crashes.values())
            total_crashes += count
            print(f"{target.name:40} {tried:9d} {tried / elapsed:8.0f} {count:8d}", flush=True)
            reports.append((target, crashes, examples))
    finally:
        targets.remove_workspaces()

    for target, crashes, examples in reports:
        if not crashes:
            continue
        print(f"\n{target.name}: {sum(crashes.values())} crash(es), {len(crashes)} kind(s)")
        for kind, count in crashes.most_common():
            example, message = examples[kind]
            print(f"  {count:6d} x {kind}: {message[:120]}")
            print(f"           e.g. {describe(example)}")
    print(f"\n{total_crashes} crash(es) in total")
    return 0


if __name__ == "__main__":
    sys.exit(main())
