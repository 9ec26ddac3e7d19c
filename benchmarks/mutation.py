"""Mutation benchmark of detection and diagnosis: inject single-figure errors into the project's fixtures,
one at a time, run the check, and see whether a finding names the mutated figure and the right cause.

    python benchmarks/mutation.py [--per-kind 30] [--seed 1] [--verbose [--explain]]

Error kinds (as auditor.diagnosis names them): mislabel (the value of another concept's figure, printed or
derived, for the same entity, period and basis), sign (sign or direction word flipped), scale (x1000 or
x1/1000: million vs billion), transposition (two adjacent digits swapped), digit (one digit mistyped),
wrong_period (the same concept's figure of another period), wrong_base (a change computed against another
base period). A mutated fact stays consistent with its deck: the cited line of a private copy of the
document is edited too, so provenance still passes and only the value relations can notice.

Only errors that matter are counted: the mutated interval does not meet the original one (larger than the
rounding slack), and the figure takes part in at least one check of a value relation (not only
provenance, period-label, direction-word or trend checks, which see text, signs or order) and in no
finding of the unmutated data. Detection: a new finding involves the mutated fact. Correct cause: every
such finding names the mutated fact with the injected kind and the original value (its corrected interval
is the original one), or for label slips the concept, period or base the value came from.
Goals: detection >= 95%, correct cause >= 80%, no finding on the unmutated data beyond the waived ones.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from dataclasses import replace
from fractions import Fraction

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from auditor.diagnosis import Diagnoser, coverage, propagate  # noqa: E402
from auditor.diagnosis.causes import Knowledge, at_precision  # noqa: E402
from auditor.diagnosis.derive import tight  # noqa: E402
from auditor.diagnosis.hypotheses import (digits_of, from_digits, other_bases, rescaled, restated,  # noqa: E402
                                          same_comparison)
from auditor.index import Index  # noqa: E402
from auditor.kinds.provenance import normal  # noqa: E402
from auditor.loader import load_dataset  # noqa: E402
from auditor.model import Dataset  # noqa: E402
from auditor.pipeline import Options, run_loaded  # noqa: E402
from auditor.ruleset import load_rules  # noqa: E402

KINDS = ("mislabel", "sign", "scale", "transposition", "digit", "wrong_period", "wrong_base")
TEXT_KINDS = ("provenance", "period_label", "direction", "trend")  # they see text, signs or order only


class Bench:
    def __init__(self) -> None:
        self.ruleset = load_rules(os.path.join(ROOT, "rules"))
        fixtures = os.path.join(ROOT, "fixtures")
        self.dataset = load_dataset([fixtures], self.ruleset.vocabulary)
        self.waivers_path = os.path.join(fixtures, "waivers.yaml")
        self.baseline = self.run(self.dataset)
        self.index = Index(self.dataset, self.ruleset.vocabulary)
        self.prop = propagate(self.index, self.ruleset)
        self.knowledge = Knowledge(self.index, self.prop)
        self.before = {(c.rule_id, c.fact_ids) for c in self.baseline.findings}
        in_findings = {fid for c in self.baseline.findings for fid in c.fact_ids}
        checked = {fid for c in self.baseline.checks if self.kind_of(c.rule_id) not in TEXT_KINDS
                   for fid in c.fact_ids}
        self.pool = [f for f in self.dataset.facts if f.id in checked and f.id not in in_findings]
        self.last: list = []  # the causes given in the last trial
        self.opposite = {}
        for word, sign in self.ruleset.vocabulary.directions.items():
            self.opposite.setdefault(sign, word)

    def kind_of(self, rule_id: str) -> str:
        return self.ruleset.by_id(rule_id).kind

    def run(self, dataset):
        # the pipeline without its diagnosis: trial() diagnoses only the new findings, with the unmutated
        # dataset's propagation (a mutation changes one figure; rebuilding it per trial would multiply
        # the benchmark's time)
        options = Options(fixtures=os.path.dirname(self.waivers_path), waivers=self.waivers_path, diagnose=False)
        return run_loaded(self.ruleset, dataset, options)

    # -- mutations -------------------------------------------------------------------------------
    def mutate(self, kind: str, fact, rng: random.Random):
        """(mutated fact, expectation) or None when the kind does not apply to the fact."""
        if kind == "sign":
            return (restated(fact, -fact.value), {"interval": fact.interval}) if fact.value else None
        if kind == "scale":
            if fact.unit.dimension != "money" or fact.unit.name == "JPY":
                return None
            scaled = [m for m in (rescaled(fact, Fraction(1000)), rescaled(fact, Fraction(1, 1000))) if m]
            return (rng.choice(scaled), {"interval": fact.interval}) if scaled else None
        if kind in ("transposition", "digit"):
            digits, decimals = digits_of(fact)
            options = []
            for position in range(len(digits) - (kind == "transposition")):
                if kind == "transposition":
                    new = digits[:position] + digits[position + 1] + digits[position] + digits[position + 2:]
                    options += [new] if new != digits else []
                else:
                    options += [digits[:position] + d + digits[position + 1:] for d in "0123456789"
                                if d != digits[position]]
            options = [o for o in options if from_digits(fact, o, decimals) is not None]
            if not options:
                return None
            value = from_digits(fact, rng.choice(options), decimals)
            return restated(fact, value), {"interval": fact.interval}
        return self.relabel(kind, fact, rng)

    def relabel(self, kind: str, fact, rng: random.Random):
        key, know = fact.key, self.knowledge
        options = []
        if kind == "mislabel":
            for other in know.keys_like(key, "concept"):
                value = know.usable(other, fact.id)
                if value is not None and tight(value) and know.dimension(other) == fact.unit.dimension:
                    options.append((other.concept, value))
        elif kind == "wrong_period":
            for other in know.keys_like(key, "period"):
                value = know.usable(other, fact.id)
                if same_comparison(key, other) and know.printable(other, fact) and value is not None \
                        and tight(value):
                    options.append((str(other.period), value))
        elif kind == "wrong_base" and key.measure in ("change", "pct_change", "point_change") \
                and key.base_period not in (None, key.period):
            options = [(str(base), value) for base, value in other_bases(key, fact.id, know) if tight(value)]
        if not options:
            return None
        target, value = rng.choice(options)
        return restated(fact, at_precision(fact, value)), {"target": target}

    def apply(self, original, mutated):
        """The dataset with ``original`` replaced, its deck line edited to show the mutated text."""
        text = original.text.replace(original.value_text, mutated.value_text, 1)
        direction = original.direction
        if mutated.direction_sign != original.direction_sign and original.direction:
            direction = self.opposite[mutated.direction_sign]
            text = text.replace(original.direction, direction, 1) if original.direction in text \
                else text.replace(original.direction.capitalize(), direction, 1)
        lines = list(original.document.lines)
        line = normal(lines[original.line - 1])
        lines[original.line - 1] = line.replace(normal(original.text), normal(text), 1) \
            if normal(original.text) in line else line + " " + text
        document = replace(original.document, lines=lines)
        if hasattr(document, "folded"):
            document.folded = {}  # the copy must not share the original's cache of folded lines
        mutated = replace(mutated, text=text, direction=direction, document=document)
        facts = [mutated if f is original else f for f in self.dataset.facts]
        claims = [replace(c, facts=[mutated if f is original else f for f in c.facts]) for c in self.dataset.claims]
        return mutated, Dataset(facts, claims, self.dataset.documents, self.dataset.fixture_files)

    # -- one trial -------------------------------------------------------------------------------
    def trial(self, kind: str, original, mutated, expect) -> tuple[bool, bool, bool]:
        """(eligible, detected, correct cause)."""
        if mutated.interval.meets(original.interval):
            return False, False, False
        mutated, dataset = self.apply(original, mutated)
        outcome = self.run(dataset)
        new = [c for c in outcome.findings if (c.rule_id, c.fact_ids) not in self.before
               and original.id in c.fact_ids]
        if not new:
            return True, False, False
        index = Index(dataset, self.ruleset.vocabulary)
        causes = Diagnoser(outcome, index, self.prop).diagnose(new)
        correct = all(self.is_correct(kind, original, causes[id(c)], expect) for c in new)
        self.last = [(c.rule_id, causes[id(c)]) for c in new]
        return True, True, correct

    @staticmethod
    def is_correct(kind: str, original, cause: dict, expect: dict) -> bool:
        if cause["kind"] != kind or cause["fact"] != original.id:
            return False
        if "target" in expect:
            named = cause.get({"mislabel": "concept", "wrong_period": "period", "wrong_base": "base"}[kind])
            return expect["target"] in named.split(" or ")
        lo, hi = (Fraction(x) for x in cause["corrected"])
        return (lo, hi) == (expect["interval"].lo, expect["interval"].hi)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--verbose", action="store_true", help="list the misses")
    parser.add_argument("--explain", action="store_true", help="with --verbose: the causes given for misses")
    args = parser.parse_args()
    start = time.perf_counter()
    bench = Bench()
    unwaived = [c for c in bench.baseline.findings if c.status == "failed"]
    waived = [c for c in bench.baseline.findings if c.status == "waived"]
    print(f"unmutated fixtures: {len(bench.dataset.facts)} facts, {len(bench.baseline.checks)} checks, "
          f"{len(waived)} waived findings, {len(unwaived)} findings beyond the waived ones")
    derived = bench.prop.derived()
    cover = coverage(bench.ruleset, bench.dataset, derived)
    print(f"derived figures: {len(derived)}; checks that run with them: {cover.more} more, of which "
          f"{cover.newly} were skipped for missing figures; {len(cover.failed)} of them fail")
    print(f"mutable facts (in >= 1 check, in no finding): {len(bench.pool)}\n")
    print(f"{'kind':<14}{'injected':>9}{'detected':>10}{'rate':>8}{'cause ok':>10}{'rate':>8}{'of detected':>13}")
    totals = [0, 0, 0]
    for number, kind in enumerate(KINDS):
        rng = random.Random(args.seed * 1000 + number)
        facts = list(bench.pool)
        rng.shuffle(facts)
        counts, misses = [0, 0, 0], []
        for fact in facts:
            if counts[0] >= args.per_kind:
                break
            made = bench.mutate(kind, fact, rng)
            if made is None:
                continue
            eligible, detected, correct = bench.trial(kind, fact, *made)
            if not eligible:
                continue
            counts = [counts[0] + 1, counts[1] + detected, counts[2] + correct]
            if args.verbose and not (detected and correct):
                misses.append(f"   {'undetected' if not detected else 'wrong cause'}: {fact.id} "
                              f"{fact.value_text} -> {made[0].value_text}")
                if detected and args.explain:
                    misses += [f"      {rule}: {cause['kind']} {cause['fact']} {cause['suggested']} "
                               f"{cause['explanation'][:300]}" for rule, cause in bench.last]
        totals = [a + b for a, b in zip(totals, counts)]
        print(row(kind, counts))
        for line in misses:
            print(line)
    print(row("all", totals))
    injected, detected, correct = totals
    met = lambda ok: "met" if ok else "NOT met"  # noqa: E731
    print(f"\ngoals: detection >= 95% {met(100 * detected >= 95 * injected)}; correct cause >= 80% "
          f"{met(100 * correct >= 80 * injected)}; no finding beyond the waived ones {met(not unwaived)}")
    print(f"{time.perf_counter() - start:.0f} s")


def row(kind: str, counts) -> str:
    injected, detected, correct = counts
    rate = lambda a, b: f"{(200 * a + b) // (2 * b)}%" if b else "-"  # noqa: E731  (integers, rounded)
    return (f"{kind:<14}{injected:>9}{detected:>10}{rate(detected, injected):>8}{correct:>10}"
            f"{rate(correct, injected):>8}{rate(correct, detected):>13}")


if __name__ == "__main__":
    main()
