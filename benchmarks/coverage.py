"""The coverage of the four decks (issue 15): how many of their number tokens a fact records and how
many recorded facts take part in a value check, per document and in total, the unchecked facts and
unrecorded figure tokens with and without a reason, the idle rules; then what computing it costs.

    python benchmarks/coverage.py [--fixtures fixtures] [--runs 5]

The figures are those of ``iij-audit coverage`` (auditor.coverage); the cost is the best of ``--runs``
computations of the coverage alone (the load and the check are done once before), CPU time beside wall
time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from auditor import engine  # noqa: E402
from auditor.coverage import compute  # noqa: E402
from auditor.loader import load_dataset  # noqa: E402
from auditor.reporters.coverage import shown_percent, totals, vars_of  # noqa: E402
from auditor.ruleset import load_rules  # noqa: E402


def figures_line(name: str, values: dict) -> str:
    return (f"{name:<26} {values['figures']:>5} figure tokens of {values['tokens']:>5}, recorded "
            f"{values['recorded']:>5} ({shown_percent(values['recorded'], values['figures']):>6}); "
            f"{values['facts']:>5} facts, in a value check {values['checked']:>5} "
            f"({shown_percent(values['checked'], values['facts']):>6}); unchecked {values['unchecked']:>4} "
            f"({values['unchecked_bare']} without a reason), unrecorded {values['unrecorded']:>4} "
            f"({values['unrecorded_bare']} without a reason)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", default="fixtures")
    parser.add_argument("--rules", default=None)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    ruleset = load_rules(args.rules)
    dataset = load_dataset([args.fixtures], ruleset.vocabulary)
    outcome = engine.evaluate(ruleset, dataset)
    best_wall = best_cpu = float("inf")
    for _ in range(args.runs):
        wall, cpu = time.perf_counter(), time.process_time()
        coverage = compute(dataset, ruleset.rules, outcome.checks, outcome.stats)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    for document in coverage.documents:
        print(figures_line(document.name, vars_of(document)))
    print(figures_line("total", totals(coverage)))
    idle = [rule for rule in coverage.rules if rule.idle]
    print(f"rules: {len(coverage.rules)}, idle {len(idle)} ({sum(not rule.idle_reason for rule in idle)} without "
          f"an idle_reason); strict problems: {len(coverage.problems)}")
    print(f"computing the coverage: {best_wall * 1000:.1f} ms wall, {best_cpu * 1000:.1f} ms CPU "
          f"(best of {args.runs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
