"""What each step of one run costs on a dataset (default: the project's fixtures), in-process, through
``auditor.pipeline.run_loaded``: the run without diagnosis, the default ``check`` (causes for failing
findings), and the JSON report's run (causes for waived findings too, and the derived figures).

Configurations are run interleaved (``--runs`` rounds of each, in turn), so a neighbour's load on this
shared machine falls on all of them alike; the median and the best of wall and CPU time are printed side
by side, with the propagations built per run (it should be one whenever the diagnosis runs).

    .venv/bin/python benchmarks/pipeline_cost.py [--fixtures DIR] [--rules DIR] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from auditor.diagnosis.derive import Propagation  # noqa: E402
from auditor.loader import load_dataset  # noqa: E402
from auditor.pipeline import Options, run_loaded  # noqa: E402
from auditor.ruleset import load_rules  # noqa: E402


def configurations(fixtures: str) -> dict[str, Options]:
    waivers = os.path.join(fixtures, "waivers.yaml")
    common = {"fixtures": fixtures, "waivers": waivers if os.path.exists(waivers) else None}
    return {
        "no diagnosis (--no-diagnose)": Options(**common, diagnose=False),
        "check (text)": Options(**common),
        "check --format json": Options(**common, diagnose_waived=True, derive=True),
    }


def counting_propagations() -> list[int]:
    built = [0]
    original = Propagation.__init__

    def counted(self, *args, **kwargs):
        built[0] += 1
        original(self, *args, **kwargs)

    Propagation.__init__ = counted
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", default=os.path.join(ROOT, "fixtures"))
    parser.add_argument("--rules", default=os.path.join(ROOT, "rules"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    ruleset = load_rules(args.rules)
    dataset = load_dataset([args.fixtures], ruleset.vocabulary)
    configs = configurations(args.fixtures)
    built = counting_propagations()
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in configs}
    builds: dict[str, set[int]] = {name: set() for name in configs}
    findings: dict[str, tuple[int, int]] = {}
    for _ in range(args.runs):
        for name, options in configs.items():
            built[0] = 0
            wall, cpu = time.perf_counter(), time.process_time()
            report = run_loaded(ruleset, dataset, options)
            times[name].append((time.perf_counter() - wall, time.process_time() - cpu))
            builds[name].add(built[0])
            findings[name] = (len(report.findings), sum(c.cause is not None for c in report.findings))
    print(f"{len(dataset.facts)} facts, {args.runs} interleaved runs of each configuration (seconds)")
    print(f"{'configuration':<30}{'wall median':>12}{'wall best':>11}{'cpu median':>12}{'cpu best':>10}"
          f"{'findings':>10}{'causes':>8}{'propagations':>14}")
    for name, samples in times.items():
        walls, cpus = [s[0] for s in samples], [s[1] for s in samples]
        print(f"{name:<30}{statistics.median(walls):>12.3f}{min(walls):>11.3f}{statistics.median(cpus):>12.3f}"
              f"{min(cpus):>10.3f}{findings[name][0]:>10}{findings[name][1]:>8}"
              f"{'/'.join(map(str, sorted(builds[name]))):>14}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
