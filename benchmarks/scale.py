"""Speed and scale of the engine on synthetic datasets (benchmarks/generate.py), with planted errors.

    python benchmarks/scale.py [--sizes 10000,100000] [--facts-per-file 20000] [--seed 1]
                               [--error-rate 0.0005] [--keep DIR] [--profile N] [--no-gc]

For each size: generate a dataset into a temporary directory, then audit it in a fresh subprocess (so that
its peak RSS is that size's alone) with the engine in-process: ``auditor.ruleset.load_rules``,
``auditor.loader.load_dataset``, ``auditor.engine.evaluate`` (all rules, no waivers, no report). Prints
one row per size: facts, load time, check time, facts/s end to end (load + check), checks/s (check
time), peak RSS (``ru_maxrss`` of the subprocess), and the planted errors found / missed and the false
findings. A finding is "true" when one of its facts is a planted fact id and "false" otherwise; a planted
fact is "found" when some finding names it. Then, for consecutive sizes, the time ratio normalised to
10x facts (goal: 10x facts costs at most 11x time), and a projection for sizes not run.

The default sizes are 10k and 100k: 1M facts takes far longer than a few minutes on a 2-core machine
(see the projection line); run it explicitly with ``--sizes 10000,100000,1000000``.

``--profile N`` also runs cProfile in each subprocess and prints its N most expensive functions (by own
time and by cumulative time). ``--no-gc`` disables the cyclic garbage collector during load and check,
to measure what the collector costs.
"""

from __future__ import annotations

import argparse
import json
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
    from auditor.engine import evaluate
    from auditor.loader import load_dataset
    from auditor.ruleset import load_rules

    t_import = time.perf_counter() - t0

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    t0 = time.perf_counter()
    ruleset = load_rules(manifest["rules"])
    dataset = load_dataset([manifest["fixtures"]], ruleset.vocabulary)
    t_load = time.perf_counter() - t0
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    outcome = evaluate(ruleset, dataset)
    t_check = time.perf_counter() - t0
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
        "check": t_check, "checks": len(outcome.checks), "skips": len(outcome.skips),
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
def run_size(size: int, args) -> dict:
    from generate import generate

    base = args.keep or tempfile.mkdtemp(prefix="iij-scale-")
    data_dir = os.path.join(base, f"size_{size}")
    shutil.rmtree(data_dir, ignore_errors=True)
    manifest = generate(data_dir, size, args.facts_per_file, args.seed, args.error_rate, args.years)
    command = [sys.executable, os.path.abspath(__file__), "--worker", data_dir, "--profile", str(args.profile)]
    if args.no_gc:
        command.append("--no-gc")
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    line = next((l for l in done.stdout.splitlines() if l.startswith("RESULT ")), None)
    if done.returncode != 0 or line is None:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"size {size}: the audit subprocess failed (exit {done.returncode})")
    result = json.loads(line[len("RESULT "):])
    result.update(size=size, generate=manifest["seconds"], wall=wall)
    return result


def mb(kb: int) -> str:
    return f"{kb / 1024:,.0f} MB"


def print_table(results: list[dict]) -> None:
    head = ("facts", "files", "gen s", "load s", "check s", "facts/s e2e", "checks", "checks/s", "peak RSS",
            "planted", "found", "missed", "false")
    rows = []
    for r in results:
        e2e = r["load"] + r["check"]
        rows.append((f"{r['facts']:,}", str(r["files"]), f"{r['generate']:.1f}", f"{r['load']:.2f}",
                     f"{r['check']:.2f}", f"{r['facts'] / e2e:,.0f}", f"{r['checks']:,}",
                     f"{r['checks'] / r['check']:,.0f}", mb(r["peak_rss_kb"]), str(r["planted"]),
                     str(r["found"]), str(r["missed"]), str(r["false_findings"])))
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(head)]
    print("  ".join(h.rjust(w) for h, w in zip(head, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths)))


def print_ratios(results: list[dict]) -> None:
    for a, b in zip(results, results[1:]):
        factor = b["facts"] / a["facts"]
        parts = []
        for name, ta, tb in (("load", a["load"], b["load"]), ("check", a["check"], b["check"]),
                             ("end to end", a["load"] + a["check"], b["load"] + b["check"])):
            parts.append(f"{name} {tb / ta * 10 / factor:.1f}x")
        e2e = (b["load"] + b["check"]) / (a["load"] + a["check"]) * 10 / factor
        verdict = "met" if e2e <= GOAL else "NOT met"
        print(f"{a['facts']:,} -> {b['facts']:,} facts ({factor:.2f}x), normalised to 10x facts: "
              + ", ".join(parts) + f"  (goal <= {GOAL:.0f}x: {verdict})")


def project(results: list[dict], sizes: list[int]) -> None:
    last = results[-1]
    for target in (100_000, 1_000_000):
        if target in sizes or target <= last["facts"]:
            continue
        factor = target / last["facts"]
        e2e = (last["load"] + last["check"]) * factor
        rss = last["peak_rss_kb"] * factor
        print(f"projection for {target:,} facts (linear from {last['facts']:,}): about {e2e:,.0f} s end to end "
              f"({e2e / 60:.1f} min) and {mb(rss)} peak RSS; run it with --sizes ...,{target}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"comma-separated fact counts (default {DEFAULT_SIZES})")
    parser.add_argument("--facts-per-file", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--error-rate", type=float, default=0.0005, help="planted errors per fact")
    parser.add_argument("--years", type=int, default=3, help="fiscal years per entity")
    parser.add_argument("--keep", help="generate into this directory and keep it (default: a temporary one)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the N top cProfile entries")
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
        print(f"... {size:,} facts", file=sys.stderr, flush=True)
        results.append(run_size(size, args))
    print_table(results)
    print_ratios(results)
    project(results, sizes)
    for r in results:
        extra = f"{r['facts']:,} facts: {r['findings']} findings ({r['true_findings']} true, {r['false_findings']} "\
                f"false), {r['skips']:,} skips; RSS after imports {mb(r['rss_start_kb'])}, after load " \
                f"{mb(r['rss_loaded_kb'])}; import {r['import']:.2f} s; subprocess wall {r['wall']:.1f} s"
        print(extra)
        if r["missed_ids"]:
            print("   missed: " + ", ".join(r["missed_ids"]))
        for example in r["false_examples"]:
            print("   false finding: " + example)
        for order in ("tottime", "cumulative"):
            if f"profile_{order}" in r:
                print(f"--- cProfile of {r['facts']:,} facts, by {order}\n" + r[f"profile_{order}"])


if __name__ == "__main__":
    main()
