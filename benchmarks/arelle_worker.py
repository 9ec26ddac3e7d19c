"""The iij-audit side of arelle_compare.py, in a process of its own: load the rules and fixtures of a
manifest, run the ``lines-of-business`` rule (or all rules), print ``RESULT {json}``.

    python benchmarks/arelle_worker.py MANIFEST [--all-rules] [--cache DIR]

Kept apart from arelle_compare.py so that the measured process holds iij-audit and nothing of the
benchmark (its XBRL writer, the generator, argparse, statistics): Arelle's process holds only Arelle.
"""

from __future__ import annotations

import json
import resource
import sys
import time

RULE = "lines-of-business"


def main(argv: list[str]) -> None:
    manifest_path, all_rules = argv[0], "--all-rules" in argv
    cache_dir = argv[argv.index("--cache") + 1] if "--cache" in argv else None
    with open(manifest_path, encoding="utf-8") as handle:
        manifest = json.load(handle)
    from auditor.loader import load_dataset
    from auditor.pipeline import Options, run_loaded
    from auditor.ruleset import load_rules

    t0 = time.perf_counter()
    ruleset = load_rules(manifest["rules"])
    dataset = load_dataset([manifest["fixtures"]], ruleset.vocabulary, cache_dir)
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    outcome = run_loaded(ruleset, dataset, Options(only_rules=() if all_rules else (RULE,), diagnose=False))
    t_check = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    verdicts = {}
    for check in outcome.checks:
        if check.rule_id != RULE:
            continue
        total = next(fact for fact in check.facts if fact.key.segment is None)
        entity, pname, _, concept = total.id.split(".")
        verdicts[f"{entity}|{pname}|{concept}"] = check.passed
    print("RESULT " + json.dumps({
        "facts": len(dataset.facts), "load": t_load, "check": t_check, "checks": len(outcome.checks),
        "rules": len(outcome.stats), "peak_rss_kb": peak, "verdicts": verdicts, "all_rules": all_rules,
        "skips": sum(1 for skip in outcome.skips if skip.rule_id == RULE)}))


if __name__ == "__main__":
    main(sys.argv[1:])
