"""Where a fresh load's time and a small run's memory go: the floors under iij-audit's figures.

    python benchmarks/floors.py [--entities 1000] [--facts-per-file 600] [--runs 3]
                                [--arelle-seconds S --arelle-mb M]

Generates arelle_compare's dataset (lines-of-business tables: ``--entities`` x 8 quarters x 3 concepts x 5
figures, so 1000 entities are 120,000 facts) and prints, in microseconds a fact (best of ``--runs``, the
collector paused as the loader pauses it):

- libyaml alone: ``CParser.raw_parse``, the C parser with no Python object made;
- PyYAML's events: the event objects (with their marks) that the C parser hands to Python;
- PyYAML's other C paths, for comparison: the composer (nodes with marks, built in C) and the loader
  (plain values, no lines at all). On this project's machine both cost more than the events;
- iij-audit's YAML builder (``auditor.yamlsafe.load_yaml``): the events made into mappings with lines;
- pydantic's validation of the facts alone (``auditor.loader.validate_facts``, one call a file);
- the fresh load (``auditor.loader.load_dataset`` without the cache): builder, pydantic, facts;
- the load from a filled cache, and the check (the ``lines-of-business`` rule, as in arelle_compare).

Then what both cores would give a fresh run: one process loading and checking everything, against two
forked processes that each load half of the files into a cache, followed by the cached load and the check.

Then memory: the peak RSS (VmHWM, so Linux only) of a fresh interpreter after each import step (yaml,
pydantic, a first pydantic model, iij-audit's modules): the fixed cost of any run before its first fact.

With ``--arelle-seconds`` and ``--arelle-mb`` (Arelle's wall time and peak RSS on the same dataset, from
``arelle_compare.py``) it also prints the budgets of the issue's goals: a fifth of Arelle's time and a
quarter of its memory.
"""

from __future__ import annotations

import argparse
import datetime
import glob
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

import yaml  # noqa: E402
from yaml._yaml import CParser  # noqa: E402

from arelle_compare import RULE, build, write_fixtures  # noqa: E402
from auditor.collector import collector_paused  # noqa: E402
from auditor.engine import evaluate  # noqa: E402
from auditor.loader import expand_groups, load_dataset, validate_facts  # noqa: E402
from auditor.ruleset import load_rules  # noqa: E402
from auditor.yamlsafe import load_yaml, read_text  # noqa: E402

IMPORT_STEPS = (
    ("the interpreter", "pass"),
    ("+ yaml", "import yaml"),
    ("+ pydantic (import)", "import yaml, pydantic"),
    ("+ a first pydantic model", "import yaml\nfrom pydantic import BaseModel\nclass M(BaseModel):\n x: int"),
    ("+ iij-audit's modules", "import auditor.engine, auditor.loader, auditor.ruleset"),
)


def best_seconds(runs: int, action) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def parse_raw(texts: list[str]) -> None:
    for text in texts:
        CParser(text).raw_parse()


def parse_events(texts: list[str]) -> None:
    for text in texts:
        parser = CParser(text)
        next_event, more = parser.get_event, parser.check_event
        while more():
            next_event()


def compose_nodes(texts: list[str]) -> None:
    for text in texts:
        yaml.compose(text, Loader=yaml.CBaseLoader)


def load_plain(texts: list[str]) -> None:
    for text in texts:
        yaml.load(text, Loader=yaml.CBaseLoader)


def build_mappings(files: list[str], texts: list[str]) -> None:
    for path, text in zip(files, texts):
        load_yaml(path, text=text)


def fact_items(files: list[str], texts: list[str]) -> list[list]:
    """Each file's facts as the loader hands them to pydantic: groups expanded, defaults applied."""
    items = []
    for path, text in zip(files, texts):
        errors: list = []
        items.append(expand_groups(load_yaml(path, text=text)["facts"], {}, {}, path, errors))
        assert not errors, errors
    return items


def validate_all(items: list[list]) -> None:
    for file_items in items:
        validate_facts(file_items, "")


def stage_times(manifest: dict, files: list[str], runs: int, cache: str) -> list[tuple[str, float]]:
    texts = [read_text(path) for path in files]
    ruleset = load_rules(manifest["rules"])
    vocabulary = ruleset.vocabulary
    load_dataset([manifest["fixtures"]], vocabulary, cache)  # fills the cache
    dataset = load_dataset([manifest["fixtures"]], vocabulary, None)
    items = fact_items(files, texts)
    with collector_paused():
        raw = best_seconds(runs, lambda: parse_raw(texts))
        events = best_seconds(runs, lambda: parse_events(texts))
        composed = best_seconds(runs, lambda: compose_nodes(texts))
        plain = best_seconds(runs, lambda: load_plain(texts))
        built = best_seconds(runs, lambda: build_mappings(files, texts))
        validated = best_seconds(runs, lambda: validate_all(items))
    return [
        ("libyaml alone (C, no Python objects)", raw),
        ("PyYAML's events (what Python receives)", events),
        ("PyYAML's C composer (nodes with marks)", composed),
        ("PyYAML's C loader (plain values, no lines)", plain),
        ("iij-audit's YAML builder (events -> mappings)", built),
        ("pydantic's validation of the facts alone", validated),
        ("fresh load (builder, pydantic, facts)",
         best_seconds(runs, lambda: load_dataset([manifest["fixtures"]], vocabulary, None))),
        ("load from the cache", best_seconds(runs, lambda: load_dataset([manifest["fixtures"]], vocabulary, cache))),
        (f"check ({RULE})", best_seconds(runs, lambda: evaluate(ruleset, dataset, {RULE}))),
    ]


def one_process(manifest: dict) -> None:
    ruleset = load_rules(manifest["rules"])
    evaluate(ruleset, load_dataset([manifest["fixtures"]], ruleset.vocabulary, None), {RULE})


def two_processes(manifest: dict, files: list[str], cache: str) -> None:
    """Each of two forked children loads half of the files into the cache; then this process reads it."""
    shutil.rmtree(cache, ignore_errors=True)
    ruleset = load_rules(manifest["rules"])
    children = []
    for half in (files[0::2], files[1::2]):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child: never return into the parent's code
            status = 1
            try:
                load_dataset(half, ruleset.vocabulary, cache)
                status = 0
            finally:
                os._exit(status)
        children.append(pid)
    for pid in children:
        if os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) != 0:
            raise RuntimeError("a loading process failed")
    evaluate(ruleset, load_dataset([manifest["fixtures"]], ruleset.vocabulary, cache), {RULE})


def import_memory() -> list[tuple[str, float]]:
    rows = []
    for name, code in IMPORT_STEPS:
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent through fork and exec.
        probe = f"{code}\nprint(open('/proc/self/status').read().split('VmHWM:')[1].split()[0])"
        output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                                cwd=os.path.dirname(HERE)).stdout
        rows.append((name, int(output.split()[-1]) / 1024))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=1000)
    parser.add_argument("--facts-per-file", type=int, default=600)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--arelle-seconds", type=float, help="Arelle's wall time on the same dataset")
    parser.add_argument("--arelle-mb", type=float, help="Arelle's peak RSS on the same dataset, in MB")
    args = parser.parse_args(argv)
    print(f"floors: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"PyYAML {yaml.__version__}, {datetime.date.today().isoformat()}")
    base = tempfile.mkdtemp(prefix="iij-floors-")
    try:
        summations, _ = build(args.entities, 2, 1, 0.03)
        manifest = write_fixtures(os.path.join(base, "iij"), summations, args.facts_per_file)
        files = sorted(glob.glob(os.path.join(manifest["fixtures"], "*.yaml")))
        facts, cache = manifest["facts"], os.path.join(base, "cache")
        print(f"\n{facts:,} facts in {len(files)} files; microseconds a fact, best of {args.runs}")
        for name, seconds in stage_times(manifest, files, args.runs, cache):
            print(f"  {name:48} {seconds * 1e6 / facts:6.1f}")
        one = best_seconds(args.runs, lambda: one_process(manifest))
        two = best_seconds(args.runs, lambda: two_processes(manifest, files, os.path.join(base, "halves")))
        print(f"\nfresh load and check, wall seconds: one process {one:.2f}; two processes "
              f"(halves into the cache, then read) {two:.2f}: {one / two:.2f}x")
        print("\npeak RSS of a fresh interpreter, MB")
        memory = import_memory()
        for name, megabytes in memory:
            print(f"  {name:48} {megabytes:6.1f}")
        if args.arelle_seconds and args.arelle_mb:
            print(f"\ngoal budgets against Arelle ({args.arelle_seconds:.2f} s, {args.arelle_mb:,.0f} MB): "
                  f"5x its speed leaves {args.arelle_seconds / 5:.2f} s, "
                  f"{args.arelle_seconds / 5 * 1e6 / facts:.1f} microseconds a fact end to end; a quarter of "
                  f"its memory leaves {args.arelle_mb / 4:.1f} MB, {memory[-1][1]:.1f} of them taken before "
                  "the first fact")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
