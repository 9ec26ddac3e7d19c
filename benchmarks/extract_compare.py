"""How close `iij-audit extract` comes to the reviewed fixtures, per field, and which genuine findings
its unreviewed drafts reproduce.

    python benchmarks/extract_compare.py [--verbose]

For each reviewed fixture (fixtures/*.yaml, and tests/data/releases_extract/*.yaml: documents written for
this benchmark and never tuned on) the document is extracted from scratch and the draft compared with
the reviewed facts. A reviewed figure is *found exactly* when a drafted one has its line and its text
(whitespace folded); *found* when a drafted one has its line and value and one text contains the other
("JPY 2,000" in "JPY 2,000 (Annual)"). A drafted figure that matches no reviewed one is *invented* (it may
be a printed figure the reviewers did not record: --verbose lists them). Among found figures, each field
is compared: value, concept, period (as periods: "1Q11" = "2011-04..2011-06"), measure, unit, basis,
entity, segment, compare.

Then the drafts' complete facts (those whose todo, if any, asks to check and not to decide) are checked with the project's rules,
without waivers, and each genuine finding of reports/audit.json (failed or waived) counts as reproduced
when a draft finding of the same rule cites the same (document, line) set.
Goals (issue 17): >= 95% found with value, text and line exact; >= 90% with concept, period and measure
right; 0 invented.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from auditor.cli import main  # noqa: E402
from auditor.extract import document_key, draft_facts  # noqa: E402
from auditor.extract.command import read_document  # noqa: E402
from auditor.extract.write import render_fixture  # noqa: E402
from auditor.loader import load_dataset  # noqa: E402
from auditor.model import fold_whitespace  # noqa: E402
from auditor.periods import parse_period  # noqa: E402
from auditor.ruleset import load_rules  # noqa: E402

FIELDS = ("value", "concept", "period", "measure", "unit", "basis", "entity", "segment", "compare")
RELEASES = os.path.join(ROOT, "tests", "data", "releases_extract")


def reviewed_sets():
    yield "decks", os.path.join(ROOT, "fixtures")
    if os.path.isdir(RELEASES):
        yield "releases", RELEASES


def reviewed_fields(fact) -> dict:
    key = fact.key
    return {"line": fact.line, "text": fold_whitespace(fact.text), "value": fact.value_text,
            "concept": key.concept, "period": key.period, "measure": key.measure, "unit": fact.unit.name,
            "basis": key.basis, "entity": key.entity, "segment": key.segment, "compare": fact.compare}


def drafted_fields(fact: dict, default_entity: str) -> dict:
    try:
        period = parse_period(fact["period"]) if "period" in fact else None
    except ValueError:
        period = None
    return {"line": fact["line"], "text": fold_whitespace(fact["text"]), "value": fact["value"],
            "concept": fact.get("concept"), "period": period, "measure": fact.get("measure", "level"),
            "unit": fact.get("unit"), "basis": fact.get("basis", "actual"),
            "entity": fact.get("entity", default_entity), "segment": fact.get("segment"),
            "compare": fact.get("compare")}


def match(reviewed: list[dict], drafted: list[dict]):
    """Pairs (reviewed, drafted, exact); each fact in at most one pair."""
    pairs, used = [], set()
    by_place = {}
    for index, fact in enumerate(drafted):
        by_place.setdefault((fact["line"], fact["text"]), []).append(index)
    rest = []
    for fact in reviewed:
        free = [i for i in by_place.get((fact["line"], fact["text"]), []) if i not in used]
        if free:
            used.add(free[0])
            pairs.append((fact, drafted[free[0]], True))
        else:
            rest.append(fact)
    for fact in rest:
        for index, other in enumerate(drafted):
            if index in used or other["line"] != fact["line"] or other["value"] != fact["value"]:
                continue
            if other["text"] in fact["text"] or fact["text"] in other["text"]:
                used.add(index)
                pairs.append((fact, other, False))
                break
    return pairs, [fact for i, fact in enumerate(drafted) if i not in used]


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def compare_set(name: str, directory: str, vocabulary, verbose: bool, out_dir: str):
    rows = []
    fixtures = sorted(f for f in os.listdir(directory) if f.endswith(".yaml") and f != "waivers.yaml")
    for fixture in fixtures:
        path = os.path.join(directory, fixture)
        dataset = load_dataset([path], vocabulary)
        if not dataset.facts:
            continue
        document = dataset.facts[0].document
        reviewed = [reviewed_fields(f) for f in dataset.facts]
        start = time.perf_counter()
        facts = draft_facts(read_document(document.path), vocabulary, document_key(document.path))
        seconds = time.perf_counter() - start
        drafted = [drafted_fields(f, vocabulary.default_entity) for f in facts]
        pairs, invented = match(reviewed, drafted)
        agree = {field: sum(1 for r, d, _ in pairs if r[field] == d[field]) for field in FIELDS}
        key_fields = sum(1 for r, d, _ in pairs if all(r[f] == d[f] for f in ("concept", "period", "measure")))
        rows.append((f"{name}/{fixture}", len(reviewed), len(drafted), len(pairs),
                     sum(1 for *_, exact in pairs if exact), len(invented), agree, key_fields, seconds))
        complete = [f for f in facts if "decide" not in f.get("todo", "")]
        os.makedirs(os.path.join(out_dir, name, "decks"), exist_ok=True)
        shutil.copy(document.path, os.path.join(out_dir, name, "decks", document.name))
        with open(os.path.join(out_dir, name, fixture), "w", encoding="utf-8") as stream:
            stream.write(render_fixture(f"decks/{document.name}", complete))
        if verbose:
            for r, d, exact in pairs:
                wrong = [f for f in FIELDS if r[f] != d[f]]
                if wrong or not exact:
                    print(f"  {fixture}:{r['line']} {r['text']!r} ~ {d['text']!r}: " +
                          ", ".join(f"{f} {r[f]} != {d[f]}" for f in wrong))
            found = {(r["line"], r["text"]) for r, _, _ in pairs}
            for r in reviewed:
                if (r["line"], r["text"]) not in found:
                    print(f"  missed {fixture}:{r['line']} {r['text']!r}")
            for d in invented:
                print(f"  invented {fixture}:{d['line']} {d['text']!r}")
    return rows


def print_table(rows) -> None:
    """One row per document, and a total per set (the decks; the releases, which nothing was tuned on)."""
    print("| document | reviewed | drafted | found | exact (value, text, line) | invented | concept | period | "
          "measure | concept+period+measure | unit | basis | entity | segment | compare | seconds |")
    print("|---" * 16 + "|")
    for name in dict.fromkeys(row[0].split("/")[0] for row in rows):
        total = [0] * 6
        agree_total = {f: 0 for f in FIELDS}
        for doc, reviewed, drafted, found, exact, invented, agree, key_fields, seconds in rows:
            if not doc.startswith(name + "/"):
                continue
            values = [reviewed, drafted, found, exact, invented, key_fields]
            total = [a + b for a, b in zip(total, values)]
            for field in FIELDS:
                agree_total[field] += agree[field]
            print(_row(doc, reviewed, drafted, found, exact, invented, agree, key_fields, f"{seconds:.3f}"))
        print(_row(f"**all {name}**", *total[:5], agree_total, total[5], ""))


def _row(doc, reviewed, drafted, found, exact, invented, agree, key_fields, seconds) -> str:
    exact_share = exact if found else 0
    return (f"| {doc} | {reviewed} | {drafted} | {found} ({pct(found, reviewed)}) | {exact_share} "
            f"({pct(exact_share, reviewed)}) | {invented} ({pct(invented, drafted)}) | "
            f"{pct(agree['concept'], reviewed)} | {pct(agree['period'], reviewed)} | "
            f"{pct(agree['measure'], reviewed)} | {key_fields} ({pct(key_fields, reviewed)}) | "
            f"{pct(agree['unit'], reviewed)} | {pct(agree['basis'], reviewed)} | {pct(agree['entity'], reviewed)} | "
            f"{pct(agree['segment'], reviewed)} | {pct(agree['compare'], reviewed)} | {seconds} |")


def findings_of(directory: str) -> list[dict]:
    output = os.path.join(directory, "report.json")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as errors:
        code = main(["check", "--fixtures", directory, "--no-waivers", "--no-cache", "--no-diagnose",
                     "--format", "json", "--output", f"json={output}", "--rules", os.path.join(ROOT, "rules")])
    if code == 2:
        print(f"check of the drafts refused its input:\n{errors.getvalue()}")
        return []
    with open(output, encoding="utf-8") as stream:
        return json.load(stream)["findings"]


def places(finding: dict) -> frozenset:
    return frozenset((fact["document"], fact["line"]) for fact in finding["facts"])


def reproduce(out_dir: str) -> None:
    with open(os.path.join(ROOT, "reports", "audit.json"), encoding="utf-8") as stream:
        genuine = json.load(stream)["findings"]
    drafted = findings_of(os.path.join(out_dir, "decks"))
    failed = [(f["rule"], places(f)) for f in drafted if f["status"] == "failed"]
    print(f"\n`check` on the unreviewed drafts: {len(failed)} failing finding(s). Genuine findings of "
          "reports/audit.json reproduced: *same* (same rule, same cited lines) or *overlapping* (same rule, "
          "a cited line in common):\n")
    print("| rule | cited lines | reproduced |")
    print("|---|---|---|")
    same = overlapping = 0
    explained = set()
    for finding in genuine:
        cited = places(finding)
        hits = [i for i, (rule, lines) in enumerate(failed) if rule == finding["rule"] and lines & cited]
        explained.update(hits)
        exact = any(failed[i][1] == cited for i in hits)
        same += exact
        overlapping += bool(hits) and not exact
        lines = ", ".join(f"{doc[:3]}:{line}" for doc, line in sorted(cited))
        print(f"| {finding['rule']} | {lines} | {'same' if exact else 'overlapping' if hits else 'no'} |")
    print(f"\n{same} of {len(genuine)} genuine findings reproduced with the same lines, {overlapping} more "
          f"overlapping; {len(failed) - len(explained)} failing finding(s) of the drafts match no genuine one "
          "(misread figures the review would correct).")


def run(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list every mismatch, miss and invention")
    args = parser.parse_args(argv)
    vocabulary = load_rules(os.path.join(ROOT, "rules")).vocabulary
    out_dir = tempfile.mkdtemp(prefix="extract-compare-")
    try:
        rows = []
        for name, directory in reviewed_sets():
            rows += compare_set(name, directory, vocabulary, args.verbose, out_dir)
        print_table(rows)
        reproduce(out_dir)
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(run())
