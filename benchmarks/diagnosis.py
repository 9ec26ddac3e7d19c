"""What the likely-cause analysis costs: on the project's fixtures and on synthetic data (generate.py).

    python benchmarks/diagnosis.py [--rounds 3] [--sizes 2500,5000,10000,20000] [--findings 17,50,200]
                                   [--skip-scale] [--baseline DIR]

1. The project's fixtures: ``iij-audit check --format json`` (diagnosis and derived figures), cold
   (``--no-cache``), with a warm fact cache only (the explain cache emptied before each run) and warm
   (both caches filled beforehand), ``--format markdown`` (causes without derived figures) cold and warm,
   plain ``check`` and ``check --no-diagnose``, each a fresh process, all interleaved
   ``--rounds`` times. Goal: JSON within 0.3 s of the plain check.
2. Synthetic data: for each size with about 17 planted errors, and at 10k facts with 17, 50 and 200,
   ``check`` (text, with diagnosis) against ``check --no-diagnose``, interleaved, and in a worker
   process the split of one diagnosed run: evaluate, propagation, diagnosis (hypotheses and trials).
   Goals: ``check`` with diagnosis <= 3 s at 10k facts and ~17 findings; the diagnosis time grows with the
   number of findings, not with the dataset.

Every time is printed as CPU seconds (user + system of the child processes) beside wall seconds: this
machine is shared, and wall-clock times of one run vary with the load. Medians over the rounds.

``--baseline DIR``: another checkout of the project (``git worktree add`` or ``git archive`` of an older
commit): its code runs the same commands on the same data (``PYTHONPATH=DIR``), interleaved with this
checkout's in every round, rows marked "(baseline)".
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


BASELINE: str | None = None  # --baseline: another checkout whose code runs the "(baseline)" rows


def timed(command: list[str], cwd: str, code: str | None = None) -> tuple[float, float, str]:
    """(wall s, CPU s, stdout) of one child process; ``code``: the checkout whose auditor it runs (first
    on sys.path: ``python -m`` would put the working directory, this checkout, before PYTHONPATH)."""
    env = None
    if code is not None:
        env = {**os.environ, "PYTHONPATH": code}
        assert command[:3] == CLI, command
        command = [sys.executable, "-c", f"import sys, runpy; sys.path.insert(0, {code!r}); "
                   "runpy.run_module('auditor', run_name='__main__', alter_sys=True)", *command[3:]]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return wall, cpu, done.stdout


def with_baseline(configs: dict[str, list[str]], names=None) -> dict[str, tuple[list[str], str | None]]:
    """Each configuration run by this checkout, and (``--baseline``) the ``names`` ones by the baseline's."""
    found = {name: (command, ROOT) for name, command in configs.items()}
    if BASELINE:
        found.update({f"{name} (baseline)": (configs[name], BASELINE) for name in (names or configs)})
    return found


def interleaved(configs: dict, cwd: str, rounds: int, before=None) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) of each configuration (``[command]`` or ``(command, checkout)``), the
    configurations run in turn in every round; ``before``: name -> what to do before each of its runs
    (untimed)."""
    times: dict[str, list] = {name: [] for name in configs}
    for _ in range(rounds):
        for name, command in configs.items():
            (before or {}).get(name, lambda: None)()
            command, code = command if isinstance(command, tuple) else (command, None)
            wall, cpu, _ = timed(command, cwd, code)
            times[name].append((wall, cpu))
    return {name: (statistics.median(w for w, _ in found), statistics.median(c for _, c in found))
            for name, found in times.items()}


def fixtures(rounds: int) -> None:
    print("1. project fixtures (fresh process each; cold: --no-cache; warm facts: the fact cache filled, "
          "the explain cache emptied before each run; warm: both filled)")
    with tempfile.TemporaryDirectory(dir=ROOT, prefix=".bench-cache-") as cache:
        warm = ["--cache-dir", os.path.relpath(cache, ROOT)]
        configs = {"check --no-diagnose": CLI + ["check", "--no-cache", "--no-diagnose"],
                   "check (text)": CLI + ["check", "--no-cache"],
                   "check --format markdown": CLI + ["check", "--no-cache", "--format", "markdown"],
                   "check --format markdown, warm": CLI + ["check", "--format", "markdown"] + warm,
                   "check --format json": CLI + ["check", "--no-cache", "--format", "json"],
                   "check --format json, warm facts": CLI + ["check", "--format", "json"] + warm,
                   "check --format json, warm": CLI + ["check", "--format", "json"] + warm}
        for name in ("check --format markdown, warm", "check --format json, warm"):
            timed(configs[name], ROOT)  # fills the caches
        explain_entries = {}

        def empty_explain_cache() -> None:
            for name in os.listdir(cache):
                if name.startswith("explain-"):
                    path = os.path.join(cache, name)
                    with open(path, "rb") as entry:
                        explain_entries[name] = entry.read()
                    os.unlink(path)

        def restore_explain_cache() -> None:
            for name, data in explain_entries.items():
                with open(os.path.join(cache, name), "wb") as entry:
                    entry.write(data)

        before = {"check --format json, warm facts": empty_explain_cache,
                  "check --format json, warm": restore_explain_cache,
                  "check --format markdown, warm": restore_explain_cache}
        result = interleaved(with_baseline(configs, ["check (text)", "check --format markdown",
                                                     "check --format json"]), ROOT, rounds, before)
    for name, (wall, cpu) in result.items():
        print(f"   {name:<38} wall {wall:6.2f} s   CPU {cpu:6.2f} s")
    for name in ("check --format json", "check --format json, warm facts", "check --format json, warm"):
        wall = result[name][0] - result["check (text)"][0]
        cpu = result[name][1] - result["check (text)"][1]
        print(f"   {name} costs {wall:+.2f} s wall, {cpu:+.2f} s CPU more than plain check (goal: within "
              f"0.3 s): {'met' if cpu <= 0.3 else 'NOT met'} on CPU")
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
    findings = outcome.findings  # every finding, as a report that lists waived ones too asks
    propagation = local_propagation(outcome, findings) if local else propagate(outcome.index, ruleset)
    marks.append(clock())
    diagnoser = Diagnoser(outcome, outcome.index, propagation)
    causes = diagnoser.diagnose(findings)
    marks.append(clock())
    named = sum(1 for cause in causes.values() if cause["kind"] != "undetermined")
    return {"load": marks[1] - marks[0], "evaluate": marks[2] - marks[1], "propagate": marks[3] - marks[2],
            "diagnose": marks[4] - marks[3], "findings": len(findings), "named": named,
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
            result = interleaved(with_baseline({"diagnosed": base, "plain": base + ["--no-diagnose"]},
                                               ["diagnosed"]), out, rounds)
            found = worker_split(out, [os.path.join(out, "fixtures")], manifest["rules"], local=True)
            (dw, dc), (pw, pc) = result["diagnosed"], result["plain"]
            print(f"   {manifest['facts']:>6} {len(manifest['planted']):>8} {found['findings']:>9} "
                  f"{dw:>8.2f} /{dc:>6.2f} {pw:>7.2f} /{pc:>5.2f} {found['propagate']:>12.2f} "
                  f"{found['diagnose']:>10.2f}")
            if BASELINE:
                bw, bc = result["diagnosed (baseline)"]
                print(f"   {'':>6} {'':>8} {'':>9} {bw:>8.2f} /{bc:>6.2f}  (check with diagnosis, baseline)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", default="2500,5000,10000,20000")
    parser.add_argument("--findings", default="17,50,200")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--baseline", metavar="DIR", help="another checkout, run interleaved (rows '(baseline)')")
    args = parser.parse_args()
    global BASELINE
    BASELINE = os.path.abspath(args.baseline) if args.baseline else None
    fixtures(args.rounds)
    if not args.skip_scale:
        scale([int(s) for s in args.sizes.split(",")], [int(s) for s in args.findings.split(",")],
              max(1, args.rounds - 2))


if __name__ == "__main__":
    main()
