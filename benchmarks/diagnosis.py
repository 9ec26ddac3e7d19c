"""What the likely-cause analysis costs: on the project's fixtures and on synthetic data (generate.py).

    python benchmarks/diagnosis.py [--rounds 3] [--sizes 2500,5000,10000,20000] [--findings 17,50,200]
                                   [--skip-scale]

1. The project's fixtures: ``iij-audit check --format json`` (diagnosis and derived figures) against
   ``iij-audit check --no-diagnose``, each a fresh process, the two interleaved ``--rounds`` times. Goal:
   JSON within 0.3 s of the plain check.
2. Synthetic data: for each size with about 17 planted errors, and at 10k facts with 17, 50 and 200,
   ``check`` (text, with diagnosis) against ``check --no-diagnose``, interleaved, and in a worker
   process the split of one diagnosed run: evaluate, propagation, diagnosis (hypotheses and trials).
   Goals: ``check`` with diagnosis <= 3 s at 10k facts and ~17 findings; the diagnosis time grows with the
   number of findings, not with the dataset.

Every time is printed as CPU seconds (user + system of the child processes) beside wall seconds: this
machine is shared, and wall-clock times of one run vary with the load. Medians over the rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, ROOT)

CLI = [sys.executable, "-m", "auditor"]


def timed(command: list[str], cwd: str) -> tuple[float, float, str]:
    """(wall s, CPU s, stdout) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return wall, cpu, done.stdout


def interleaved(configs: dict[str, list[str]], cwd: str, rounds: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) of each configuration, the configurations run in turn in every round."""
    times: dict[str, list] = {name: [] for name in configs}
    for _ in range(rounds):
        for name, command in configs.items():
            wall, cpu, _ = timed(command, cwd)
            times[name].append((wall, cpu))
    return {name: (statistics.median(w for w, _ in found), statistics.median(c for _, c in found))
            for name, found in times.items()}


def fixtures(rounds: int) -> None:
    print("1. project fixtures (fresh process each, no fact cache)")
    configs = {"check --no-diagnose": CLI + ["check", "--no-cache", "--no-diagnose"],
               "check --format json": CLI + ["check", "--no-cache", "--format", "json"]}
    result = interleaved(configs, ROOT, rounds)
    for name, (wall, cpu) in result.items():
        print(f"   {name:<24} wall {wall:6.2f} s   CPU {cpu:6.2f} s")
    wall = result["check --format json"][0] - result["check --no-diagnose"][0]
    cpu = result["check --format json"][1] - result["check --no-diagnose"][1]
    print(f"   JSON costs {wall:+.2f} s wall, {cpu:+.2f} s CPU more (goal: within 0.3 s): "
          f"{'met' if cpu <= 0.3 else 'NOT met'} on CPU")
    whole = worker_split(ROOT, ["fixtures"], "rules")
    print(f"   split of the JSON run (CPU s): {split_text(whole)}")
    local = worker_split(ROOT, ["fixtures"], "rules", local=True)
    print(f"   split of a text run (CPU s): {split_text(local)}\n")


def worker_split(cwd: str, fixture_paths: list[str], rules: str, local: bool = False) -> dict:
    code = ("import sys, json; sys.path.insert(0, %r); from diagnosis import split; "
            "print(json.dumps(split(%r, %r, %r)))" % (HERE, fixture_paths, rules, local))
    _, _, out = timed([sys.executable, "-c", code], cwd)
    return json.loads(out)


def split(fixture_paths: list[str], rules: str, local: bool = False) -> dict:
    """CPU seconds of each stage of one diagnosed run (in this process): with the whole propagation, as a
    JSON report has it, or (``local``) the propagation around the findings of a text report."""
    from auditor import engine
    from auditor.diagnosis import Diagnoser, propagate
    from auditor.diagnosis.local import local_propagation
    from auditor.loader import load_dataset
    from auditor.ruleset import load_rules

    clock = time.process_time
    marks = [clock()]
    ruleset = load_rules(rules)
    dataset = load_dataset(fixture_paths, ruleset.vocabulary)
    marks.append(clock())
    outcome = engine.evaluate(ruleset, dataset)
    marks.append(clock())
    propagation = local_propagation(outcome, outcome.findings) if local else propagate(outcome.index, ruleset)
    marks.append(clock())
    diagnoser = Diagnoser(outcome, outcome.index, propagation)
    causes = diagnoser.diagnose(outcome.findings)
    marks.append(clock())
    named = sum(1 for cause in causes.values() if cause["kind"] != "undetermined")
    return {"load": marks[1] - marks[0], "evaluate": marks[2] - marks[1], "propagate": marks[3] - marks[2],
            "diagnose": marks[4] - marks[3], "findings": len(outcome.findings), "named": named,
            "spent": diagnoser.spent, "facts": len(dataset.facts)}


def split_text(found: dict) -> str:
    return (f"load {found['load']:.2f}, evaluate {found['evaluate']:.2f}, propagation {found['propagate']:.2f}, "
            f"diagnosis {found['diagnose']:.2f} ({found['findings']} findings, {found['named']} causes named, "
            f"{found['spent']} checks re-evaluated)")


def scale(sizes: list[int], findings: list[int], rounds: int) -> None:
    from generate import generate

    print("2. synthetic data (benchmarks/generate.py, seed 1): check with diagnosis against --no-diagnose")
    print(f"   {'facts':>6} {'planted':>8} {'findings':>9} {'check wall/CPU s':>18} {'--no-diagnose':>15} "
          f"{'propagation':>12} {'diagnosis':>10}")
    runs = [(size, 17) for size in sizes] + [(10_000, count) for count in findings if count != 17]
    for size, errors in runs:
        with tempfile.TemporaryDirectory() as out:
            manifest = generate(out, size, seed=1, error_rate=errors / size / 1.6)
            base = CLI + ["check", "--no-cache", "--rules", manifest["rules"], "--fixtures",
                          os.path.join(out, "fixtures"), "--fail-on", "never"]
            result = interleaved({"diagnosed": base, "plain": base + ["--no-diagnose"]}, out, rounds)
            found = worker_split(out, [os.path.join(out, "fixtures")], manifest["rules"], local=True)
            (dw, dc), (pw, pc) = result["diagnosed"], result["plain"]
            print(f"   {manifest['facts']:>6} {len(manifest['planted']):>8} {found['findings']:>9} "
                  f"{dw:>8.2f} /{dc:>6.2f} {pw:>7.2f} /{pc:>5.2f} {found['propagate']:>12.2f} "
                  f"{found['diagnose']:>10.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", default="2500,5000,10000,20000")
    parser.add_argument("--findings", default="17,50,200")
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args()
    fixtures(args.rounds)
    if not args.skip_scale:
        scale([int(s) for s in args.sizes.split(",")], [int(s) for s in args.findings.split(",")],
              max(1, args.rounds - 2))


if __name__ == "__main__":
    main()
