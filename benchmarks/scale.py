"""Speed and scale of the engine on synthetic datasets (benchmarks/generate.py), with planted errors.

    python benchmarks/scale.py [--sizes 10000,100000] [--facts-per-file 20000] [--seed 1]
                               [--error-rate 0.0005] [--keep DIR] [--profile N] [--no-gc]

For each size: generate a dataset into a temporary directory, then audit it in a fresh subprocess (so that
its peak RSS is that size's alone) with the engine in-process: ``auditor.ruleset.load_rules``,
``auditor.loader.load_dataset``, ``auditor.pipeline.run_loaded`` (all rules, no waivers, no diagnosis, no report). Prints
one row per size: facts, load time, check time, facts/s end to end (load + check), checks/s (check
time), peak RSS (``ru_maxrss`` of the subprocess), and the planted errors found / missed and the false
findings. A finding is "true" when one of its facts is a planted fact id and "false" otherwise; a planted
fact is "found" when some finding names it. Then, for consecutive sizes, the time ratio normalised to
10x facts (goal: 10x facts costs at most 11x time), and a projection for sizes not run.

The default sizes are 10k and 100k (about 70 s in all). 1M facts alone takes about 2 minutes on a 2-core
machine (1.6 GB peak RSS, 20 s to generate), so it runs only when asked:
``--sizes 10000,100000,1000000``; otherwise the projection line estimates it.

``--profile N`` also runs cProfile in each subprocess and prints its N most expensive functions (by own
time and by cumulative time). ``--no-gc`` disables the cyclic garbage collector during load and check,
to measure what the collector costs.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

DEFAULT_SIZES = "10000,100000"
GOAL = 11.0  # 10x facts may cost at most 11x time


# ----------------------------------------------------------------------------- worker (subprocess)
def worker(data_dir: str, profile: int, no_gc: bool) -> None:
    import gc

    if no_gc:
        gc.disable()
    with open(os.path.join(data_dir, "planted.json"), encoding="utf-8") as handle:
        manifest = json.load(handle)
    start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    from auditor.loader import load_dataset
    from auditor.pipeline import Options, run_loaded
    from auditor.ruleset import load_rules

    t_import = time.perf_counter() - t0

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    gc_before = [stat["collections"] for stat in gc.get_stats()]
    t0, c0 = time.perf_counter(), time.process_time()
    ruleset = load_rules(manifest["rules"])
    dataset = load_dataset([manifest["fixtures"]], ruleset.vocabulary)
    t_load, c_load = time.perf_counter() - t0, time.process_time() - c0
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    gc_loaded = [stat["collections"] for stat in gc.get_stats()]
    t0, c0 = time.perf_counter(), time.process_time()
    outcome = run_loaded(ruleset, dataset, Options(diagnose=False))
    t_check, c_check = time.perf_counter() - t0, time.process_time() - c0
    gc_checked = [stat["collections"] for stat in gc.get_stats()]
    if profiler is not None:
        profiler.disable()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    planted = {entry["id"]: entry["kind"] for entry in manifest["planted"]}
    found: set[str] = set()
    true_findings = false_findings = 0
    false_examples = []
    for check in outcome.findings:
        ids = {fact.id for fact in check.facts}
        hit = ids & planted.keys()
        if hit:
            true_findings += 1
            found |= hit
        else:
            false_findings += 1
            if len(false_examples) < 3:
                false_examples.append(f"{check.rule_id}: {check.message}")
    missed = sorted(set(planted) - found)
    result = {
        "facts": len(dataset.facts), "files": len(dataset.fixture_files), "import": t_import, "load": t_load,
        "check": t_check, "cpu_load": c_load, "cpu_check": c_check, "checks": len(outcome.checks),
        "gc_full_load": gc_loaded[2] - gc_before[2], "gc_full_check": gc_checked[2] - gc_loaded[2],
        "gc_collected": sum(stat["collected"] for stat in gc.get_stats()), "skips": len(outcome.skips),
        "findings": len(outcome.findings), "planted": len(planted), "found": len(found),
        "missed": len(missed), "missed_ids": [f"{i} ({planted[i]})" for i in missed[:10]],
        "true_findings": true_findings, "false_findings": false_findings, "false_examples": false_examples,
        "rss_start_kb": start_rss, "rss_loaded_kb": rss_loaded, "peak_rss_kb": peak,
    }
    if profiler is not None:
        import io
        import pstats

        for order in ("tottime", "cumulative"):
            stream = io.StringIO()
            pstats.Stats(profiler, stream=stream).sort_stats(order).print_stats(profile)
            text = stream.getvalue()
            result[f"profile_{order}"] = text[text.find("ncalls") - 3:] if "ncalls" in text else text
    print("RESULT " + json.dumps(result))


# ----------------------------------------------------------------------------- driver
def audit_once(data_dir: str, args) -> dict:
    command = [sys.executable, os.path.abspath(__file__), "--worker", data_dir, "--profile", str(args.profile)]
    if args.no_gc:
        command.append("--no-gc")
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    line = next((l for l in done.stdout.splitlines() if l.startswith("RESULT ")), None)
    if done.returncode != 0 or line is None:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{data_dir}: the audit subprocess failed (exit {done.returncode})")
    result = json.loads(line[len("RESULT "):])
    result["wall"] = wall
    return result


def run_size(size: int, args) -> dict:
    from generate import generate

    base = args.keep or tempfile.mkdtemp(prefix="iij-scale-")
    data_dir = os.path.join(base, f"size_{size}")
    shutil.rmtree(data_dir, ignore_errors=True)
    try:
        manifest = generate(data_dir, size, args.facts_per_file, args.seed, args.error_rate, args.years)
        repeat = args.repeat if args.repeat else (3 if size <= 100_000 else 1)
        runs = []
        for number in range(repeat):
            print(f"... {size:,} facts: audit run {number + 1} of {repeat}", file=sys.stderr, flush=True)
            runs.append(audit_once(data_dir, args))
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    result = dict(runs[0])  # counts are identical across runs; times: best run; memory: worst run
    for field in ("load", "check", "cpu_load", "cpu_check", "import", "wall"):
        result[field] = min(run[field] for run in runs)
    result["peak_rss_kb"] = max(run["peak_rss_kb"] for run in runs)
    result.update(size=size, generate=manifest["seconds"], runs=repeat)
    return result


def mb(kb: float) -> str:
    return f"{kb / 1024:,.0f} MB"


def print_table(results: list[dict]) -> None:
    head = ("facts", "files", "runs", "load s", "check s", "cpu s", "facts/s e2e", "checks", "checks/s",
            "peak RSS", "planted", "found", "missed", "false")
    rows = []
    for r in results:
        e2e = r["load"] + r["check"]
        rows.append((f"{r['facts']:,}", str(r["files"]), str(r["runs"]), f"{r['load']:.2f}", f"{r['check']:.2f}",
                     f"{r['cpu_load'] + r['cpu_check']:.2f}", f"{r['facts'] / e2e:,.0f}", f"{r['checks']:,}",
                     f"{r['checks'] / r['check']:,.0f}", mb(r["peak_rss_kb"]), str(r["planted"]),
                     str(r["found"]), str(r["missed"]), str(r["false_findings"])))
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(head)]
    print("  ".join(h.rjust(w) for h, w in zip(head, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths)))
    print("load/check s: wall seconds, best of `runs`; cpu s: process CPU seconds of load + check (best); "
          "facts/s e2e = facts / (load + check); checks/s = checks / check; peak RSS: ru_maxrss of the "
          "audit subprocess (worst run)")


def print_ratios(results: list[dict]) -> None:
    for a, b in zip(results, results[1:]):
        factor = b["facts"] / a["facts"]

        def norm(field_a: float, field_b: float) -> float:
            return field_b / field_a * 10 / factor

        wall = norm(a["load"] + a["check"], b["load"] + b["check"])
        cpu = norm(a["cpu_load"] + a["cpu_check"], b["cpu_load"] + b["cpu_check"])
        verdict = "met" if wall <= GOAL else "NOT met"
        print(f"{a['facts']:,} -> {b['facts']:,} facts ({factor:.2f}x), time for 10x facts: "
              f"load {norm(a['load'], b['load']):.1f}x, check {norm(a['check'], b['check']):.1f}x, "
              f"end to end {wall:.1f}x wall / {cpu:.1f}x CPU  (goal <= {GOAL:.0f}x: {verdict})")


def project(results: list[dict], sizes: list[int]) -> None:
    last = results[-1]
    for target in (100_000, 1_000_000):
        if target in sizes or target <= last["facts"]:
            continue
        factor = target / last["facts"]
        e2e = (last["load"] + last["check"]) * factor
        memory = growth = ""
        if len(results) > 1:  # the growth measured between the last two sizes, carried on
            prev = results[-2]
            slope = (last["peak_rss_kb"] - prev["peak_rss_kb"]) / (last["facts"] - prev["facts"])
            memory = f", about {mb(last['peak_rss_kb'] + slope * (target - last['facts']))} peak RSS"
            exponent = math.log((last["load"] + last["check"]) / (prev["load"] + prev["check"])) / \
                math.log(last["facts"] / prev["facts"])
            growth = f" ({(last['load'] + last['check']) * factor ** exponent:,.0f} s at the measured growth, " \
                     f"time ~ facts^{exponent:.2f})"
        print(f"projection for {target:,} facts: {e2e:,.0f} s end to end ({e2e / 60:.1f} min) if linear from "
              f"{last['facts']:,}{growth}{memory}, plus generation; run it with --sizes ...,{target}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"comma-separated fact counts (default {DEFAULT_SIZES})")
    parser.add_argument("--facts-per-file", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--error-rate", type=float, default=0.0005, help="planted errors per fact")
    parser.add_argument("--years", type=int, default=3, help="fiscal years per entity")
    parser.add_argument("--keep", help="generate into this directory and keep it (default: a temporary one)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the N top cProfile entries")
    parser.add_argument("--repeat", type=int, default=0, metavar="N",
                        help="audit runs per size, best time kept (default 3 up to 100k facts, 1 above)")
    parser.add_argument("--no-gc", action="store_true", help="disable the cyclic GC in the audit subprocess")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.profile, args.no_gc)
        return
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip())
    print(f"iij-audit scale benchmark: {platform.machine()}, {os.cpu_count()} cores, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB RAM, "
          f"Python {platform.python_version()}; seed {args.seed}, error rate {args.error_rate}, "
          f"{args.facts_per_file:,} facts per file{', GC disabled' if args.no_gc else ''}")
    results = []
    for size in sizes:
        results.append(run_size(size, args))
    print_table(results)
    print_ratios(results)
    project(results, sizes)
    for r in results:
        print(f"{r['facts']:,} facts: generated in {r['generate']:.1f} s; {r['findings']} findings "
              f"({r['true_findings']} true, {r['false_findings']} false), {r['skips']:,} skips; CPU load "
              f"{r['cpu_load']:.2f} s, check {r['cpu_check']:.2f} s; full GC collections: {r['gc_full_load']} in "
              f"load, {r['gc_full_check']} in check, {r['gc_collected']} objects collected; RSS after imports "
              f"{mb(r['rss_start_kb'])}, after load {mb(r['rss_loaded_kb'])}; subprocess wall {r['wall']:.1f} s")
        if r["missed_ids"]:
            print("   missed: " + ", ".join(r["missed_ids"]))
        for example in r["false_examples"]:
            print("   false finding: " + example)
        for order in ("tottime", "cumulative"):
            if f"profile_{order}" in r:
                print(f"--- cProfile of {r['facts']:,} facts, by {order}\n" + r[f"profile_{order}"])


if __name__ == "__main__":
    main()
