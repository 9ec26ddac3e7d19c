"""Mutation benchmark of detection and diagnosis: simulate source errors in the project's fixtures, one at a
time, run the check, and see whether a finding names the mutated figures and the right cause.

    python benchmarks/mutation.py [--per-kind 30] [--seed 1] [--verbose [--explain]]

A mutation is a source error, not an edit of the data alone: the cited line of a private copy of the
document is changed together with the fact (the deck prints the wrong figure), so provenance still passes
and only the value relations can notice. Kinds (the cause auditor.diagnosis should name):

- one figure: ``digit`` (one digit mistyped), ``transposition`` (two adjacent digits swapped), ``sign``
  (the sign of a signed figure flipped), ``direction`` (a direction word flipped, "up" for "down": cause
  ``sign``), ``scale`` (x1000 or x1/1000: million vs billion), ``mislabel`` (the value of another concept's
  figure, printed or derived, for the same entity, period and basis), ``wrong_period`` (the same concept's
  figure of another period), ``wrong_base`` (a change computed against another base period),
  ``points_as_percent`` (a relative change of a ratio printed as its change in points);
- two figures of one table exchanged: ``label_swap`` (two rows of one column), ``period_swap`` (two period
  columns of one row), ``adjacent_shift`` (two neighbouring cells of one line).

Per kind it prints: mutations made, those beyond rounding (a mutated interval does not meet the
original), those of them taking part in a check (a value relation, not only provenance, period labels,
direction words or trends), of those the ones inside every check's slack (``slack``: each mutated value
still lies in the range each of its checks implies for it given the other figures as printed, so no check
can notice it; a check implying no range, such as a claim's words, or reading both facts of an exchange,
counts as able to), detected (a new finding names a mutated fact; the rate is of those beyond the slack),
correct cause (every such finding names the mutated fact(s) with the kind, and the original value, or for
label slips the concept, period or base the value came from), ``listed`` (not correct, but every such
finding is correct or ``undetermined`` with the right correction among its rivals; ``rate+`` counts them
as correct: the honest answer for a statement and its one repeat that nothing else reads), and new
findings outside the mutated figures' checks (findings that name no mutated fact). A mutation whose deck
edit makes a provenance check fail is no clean source error and is skipped. Only facts in no finding of
the unmutated data are mutated; the seeds are fixed; ``--per-kind`` counts mutations in a check.
The diagnosis of a mutated dataset uses the unmutated data's propagation (re-propagating per mutation
would take hours): a derived figure resting on a mutated fact is not used as evidence about it.
Goals: detected >= 98% of the mutations beyond the checks' slack; correct cause >= 90% overall and >= 80%
for every kind; no finding outside the mutated figures' checks.
"""

from __future__ import annotations

import argparse
import datetime
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
from auditor.diagnosis.pairs import PAIR_KINDS, Table  # noqa: E402
from auditor.diagnosis.ranges import Range  # noqa: E402
from auditor.kinds.change import share_at  # noqa: E402
from auditor.loader import load_dataset  # noqa: E402
from auditor import engine, kinds  # noqa: E402
from auditor.numbers import UNITS  # noqa: E402
from auditor.ruleset import load_rules  # noqa: E402
from auditor.waivers import load_waivers, waiver_verdicts  # noqa: E402

KINDS = ("digit", "transposition", "sign", "direction", "scale", "mislabel", "wrong_period", "wrong_base",
         "points_as_percent", "label_swap", "period_swap", "adjacent_shift")
EXPECTED = {"direction": "sign"}  # the cause a kind should get, when it is not the kind's own name
TARGET = {"mislabel": "concept", "wrong_period": "period", "wrong_base": "base"}


class Bench:
    def __init__(self) -> None:
        self.ruleset = load_rules(os.path.join(ROOT, "rules"))
        fixtures = os.path.join(ROOT, "fixtures")
        self.dataset = load_dataset([fixtures], self.ruleset.vocabulary)
        self.baseline = self.run(self.dataset)
        self.index = self.baseline.index
        self.prop = propagate(self.index, self.ruleset)
        self.knowledge = Knowledge(self.index, self.prop)
        self.table = Table(self.dataset.facts)
        self.before = {(c.rule_id, c.fact_ids) for c in self.baseline.findings}
        in_findings = {fid for c in self.baseline.findings for fid in c.fact_ids}
        self.checked = {fid for c in self.baseline.checks if kinds.uses_derived(self.kind_of(c.rule_id))  # not text, signs or order only
                        for fid in c.fact_ids}
        self.pool = [f for f in self.dataset.facts if f.id not in in_findings]
        self.diagnoser = Diagnoser(self.baseline, self.index, self.prop)  # for the implied ranges
        self.by_fact: dict[str, list] = {}
        for check in self.baseline.checks:
            if kinds.uses_derived(self.kind_of(check.rule_id)):
                for fid in dict.fromkeys(check.fact_ids):
                    self.by_fact.setdefault(fid, []).append(check)
        waivers = load_waivers(os.path.join(fixtures, "waivers.yaml"), {r.id for r in self.ruleset.rules},
                               {f.id for f in self.dataset.facts})
        verdicts, _ = waiver_verdicts(self.baseline.findings, waivers, datetime.date.today())
        self.waived = sum(verdict.status == "waived" for verdict in verdicts)
        self.last: list = []  # the causes given in the last trial
        self.outside: list = []  # the last trial's new findings that name no mutated fact
        self.opposite = {}
        for word, sign in self.ruleset.vocabulary.directions.items():
            self.opposite.setdefault(sign, word)

    def kind_of(self, rule_id: str) -> str:
        return self.ruleset.by_id(rule_id).kind

    def run(self, dataset):
        # the evaluation alone (waivers do not matter: findings are compared with the unmutated run's):
        # trial() diagnoses only the new findings, with the unmutated dataset's propagation (a mutation
        # changes one figure; rebuilding it per trial would multiply the benchmark's time)
        return engine.evaluate(self.ruleset, dataset)

    # -- mutations: [(original, mutated)], expectation ----------------------------------------------
    def mutate(self, kind: str, fact, rng: random.Random):
        """([(original, mutated), ...], expectation) or None when the kind does not apply to the fact."""
        if kind in PAIR_KINDS:
            return self.exchange(kind, fact, rng)
        if kind == "points_as_percent":
            made = self.points(fact)
        elif kind in ("sign", "direction"):
            worded = bool(fact.direction_sign) and not fact.printed.signed
            made = restated(fact, -fact.value) if fact.value and worded == (kind == "direction") else None
        elif kind == "scale":
            scaled = [m for m in (rescaled(fact, Fraction(1000)), rescaled(fact, Fraction(1, 1000))) if m] \
                if fact.unit.dimension == "money" and fact.unit.name != "JPY" else []
            made = rng.choice(scaled) if scaled else None
        elif kind in ("transposition", "digit"):
            made = self.typo(kind, fact, rng)
        else:
            return self.relabel(kind, fact, rng)
        return ([(fact, made)], {"interval": fact.interval}) if made is not None else None

    @staticmethod
    def typo(kind: str, fact, rng: random.Random):
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
        return restated(fact, from_digits(fact, rng.choice(options), decimals)) if options else None

    def points(self, fact):
        """A change of a ratio in points printed with a % ("+0.9%" for "+0.9 points"), or a relative change
        of a ratio printed as the change in points: the fact then records what the deck prints."""
        key = fact.key
        if key.measure == "point_change" and fact.text.count(" points") == 1:
            return replace(fact, key=key._replace(measure="pct_change"), unit=UNITS["%"],
                           text=fact.text.replace(" points", "%"))
        if key.measure != "pct_change" or fact.interval.lo < 0 < fact.interval.hi:
            return None
        if key.of is not None:
            current, _ = share_at(self.index, key, key.period, key.basis)
            base, _ = share_at(self.index, key, key.base_period, key.base_basis)
        else:
            found = [self.index.level(key.entity, key.segment, key.concept, p, b)
                     for p, b in ((key.period, key.basis), (key.base_period, key.base_basis))]
            if None in found or any(f.dimension != "ratio" for f in found):
                return None
            current, base = (f.interval for f in found)
        if current in (None, "conflict", "undecidable") or base in (None, "conflict", "undecidable"):
            return None
        return restated(fact, at_precision(fact, Range.of(current - base)))

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
        return [(fact, restated(fact, at_precision(fact, value)))], {"target": target}

    def exchange(self, kind: str, fact, rng: random.Random):
        pool = {f.id for f in self.pool}
        partners = sorted((o for k, o in self.table.partners(fact) if k == kind and o.id in pool), key=lambda o: o.id)
        if not partners:
            return None
        other = rng.choice(partners)
        return [(fact, restated(fact, other.value)), (other, restated(other, fact.value))], {"pair": {fact.id, other.id}}

    # -- the source error: fixture and deck changed together ---------------------------------------
    def apply(self, changes):
        """The dataset with every original replaced, its deck line edited to print the mutated text."""
        documents, replaced = {}, {}
        for original, mutated in changes:
            document = documents.setdefault(original.document.name, original.document)
            document = documents[original.document.name] = replace(document, lines=list(document.lines), folded={})
            text = self.printed_text(original, mutated)
            line = document.lines[original.line - 1]
            if line.count(original.text) != 1:
                return None  # the text is not one place of the line: no sure edit
            replaced[original.id] = (original, text)
        for name, document in documents.items():  # edit each line once, from its right end, by position
            spans: dict[int, list] = {}
            for original, text in replaced.values():
                if original.document.name == name:
                    at = document.lines[original.line - 1].index(original.text)
                    spans.setdefault(original.line, []).append((at, original.text, text))
            for number, edits in spans.items():
                line = document.lines[number - 1]
                for at, old, new in sorted(edits, reverse=True):
                    line = line[:at] + new + line[at + len(old):]
                document.lines[number - 1] = line
        mutated_facts = {}
        for original, mutated in changes:
            text = replaced[original.id][1]
            direction = self.word(original, mutated)
            mutated_facts[original.id] = replace(mutated, text=text, direction=direction,
                                                 document=documents[original.document.name])
        # every fact and claim citing an edited document cites its edited copy (the deck itself changed)
        moved = {f.id: replace(f, document=documents[f.document.name]) for f in self.dataset.facts
                 if f.document.name in documents and f.id not in mutated_facts}
        moved.update(mutated_facts)
        facts = [moved.get(f.id, f) for f in self.dataset.facts]
        claims = [replace(c, facts=[moved.get(f.id, f) for f in c.facts],
                          document=documents.get(c.document.name, c.document)) for c in self.dataset.claims]
        return replace(self.dataset, facts=facts, claims=claims)

    def overlapping(self, changes) -> bool:
        ids = {original.id for original, _ in changes}
        return any(f.id not in ids and f.document.name == original.document.name and f.line == original.line
                   and original.text in f.text for original, _ in changes for f in self.by_line(original))

    def by_line(self, fact) -> list:
        if not hasattr(self, "_lines"):
            self._lines: dict = {}
            for other in self.dataset.facts:
                self._lines.setdefault((other.document.name, other.line), []).append(other)
        return self._lines.get((fact.document.name, fact.line), [])

    def word(self, original, mutated) -> str | None:
        if mutated.direction_sign != original.direction_sign and original.direction:
            return self.opposite[mutated.direction_sign]
        return original.direction

    def printed_text(self, original, mutated) -> str:
        if mutated.text != original.text:
            return mutated.text  # the mutation wrote its own text
        text = original.text.replace(original.value_text, mutated.value_text, 1)
        direction = self.word(original, mutated)
        if direction != original.direction:
            text = text.replace(original.direction, direction, 1) if original.direction in text \
                else text.replace(original.direction.capitalize(), direction.capitalize(), 1)
        return text

    def beyond_check_slack(self, changes) -> bool:
        """Whether some check could notice the mutation: a mutated value outside the range one of its checks
        implies for it given the other figures as printed (:mod:`auditor.diagnosis.implied`). Unknown (and
        so counted) when a check implies no range (a claim's words) or reads two mutated facts."""
        ids = {original.id for original, _ in changes}
        for original, mutated in changes:
            if mutated.key != original.key:
                return True
            for check in self.by_fact.get(original.id, []):
                found = self.diagnoser.implied(check).get(original.id)
                if len(ids & set(check.fact_ids)) > 1 or found is None or not found.meets(mutated.interval):
                    return True
        return False

    # -- one trial -------------------------------------------------------------------------------
    def trial(self, kind: str, changes, expect) -> tuple:
        """(beyond its own rounding, in a check, beyond the checks' slack, detected, correct cause, listed
        among tied rivals, new findings naming no mutated fact)."""
        if any(mutated.key == original.key and mutated.interval.meets(original.interval)
               for original, mutated in changes):
            return False, False, False, False, False, False, 0
        ids = {original.id for original, _ in changes}
        if not ids & self.checked:
            return True, False, False, False, False, False, 0
        if not self.beyond_check_slack(changes):
            return True, True, False, False, False, False, 0
        dataset = self.apply(changes)
        if dataset is None:
            return False, False, False, False, False, False, 0
        outcome = self.run(dataset)
        fresh = [c for c in outcome.findings if (c.rule_id, c.fact_ids) not in self.before]
        if any(kinds.record_check(self.kind_of(c.rule_id)) for c in fresh):
            return False, False, False, False, False, False, 0  # the deck edit missed: no clean source error
        new = [c for c in fresh if ids & set(c.fact_ids)]
        outside = len(fresh) - len(new)
        self.outside = [(c.rule_id, c.fact_ids, c.message[:200]) for c in fresh if not ids & set(c.fact_ids)]
        if not new:
            return True, True, True, False, False, False, outside
        causes = Diagnoser(outcome, outcome.index, self.prop).diagnose(new)
        correct = all(self.is_correct(kind, changes[0][0], causes[id(c)], expect) for c in new)
        listed = not correct and all(self.is_correct(kind, changes[0][0], causes[id(c)], expect)
                                     or self.is_listed(kind, changes[0][0], causes[id(c)], expect) for c in new)
        self.last = [(c.rule_id, causes[id(c)]) for c in new]
        return True, True, True, True, correct, listed, outside

    @staticmethod
    def is_listed(kind: str, original, cause: dict, expect: dict) -> bool:
        """An undetermined cause whose rivals include the right one (kind, fact(s), value or target)."""
        if cause["kind"] != "undetermined":
            return False
        wanted = EXPECTED.get(kind, kind)
        for text in cause.get("alternatives") or ():
            name, _, rest = text.partition(" of ")
            if name != wanted:
                continue
            if "pair" in expect:
                if set(rest.split(" and ")) == expect["pair"]:
                    return True
                continue
            fact, _, value = rest.partition(" as ")
            value, _, target = value.partition(" (")
            if fact != original.id:
                continue
            if "target" in expect:
                if expect["target"] in target.rstrip(")").split(" or "):
                    return True
            elif kind in ("scale", "points_as_percent") or Fraction(value) == original.value:
                return True
        return False

    @staticmethod
    def is_correct(kind: str, original, cause: dict, expect: dict) -> bool:
        if cause["kind"] != EXPECTED.get(kind, kind):
            return False
        if "pair" in expect:
            return {cause["fact"], cause.get("other_fact")} == expect["pair"]
        if cause["fact"] != original.id:
            return False
        if "target" in expect:
            return expect["target"] in cause.get(TARGET[kind], "").split(" or ")
        if kind == "points_as_percent":
            return True
        lo, hi = (Fraction(x) for x in cause["corrected"])
        return (lo, hi) == (expect["interval"].lo, expect["interval"].hi)


HEADER = ("kind", "made", "beyond", "checked", "slack", "detected", "rate", "cause ok", "rate", "listed",
          "rate+", "outside")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=30, help="mutations beyond rounding in a check, per kind")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kinds", default=",".join(KINDS), help="the kinds to run (comma-separated)")
    parser.add_argument("--verbose", action="store_true", help="list the misses")
    parser.add_argument("--explain", action="store_true", help="with --verbose: the causes given for misses")
    args = parser.parse_args()
    start, cpu = time.perf_counter(), time.process_time()
    bench = Bench()
    print(f"unmutated fixtures: {len(bench.dataset.facts)} facts, {len(bench.baseline.checks)} checks, "
          f"{bench.waived} waived findings, {len(bench.baseline.findings) - bench.waived} findings beyond the "
          "waived ones")
    derived = bench.prop.derived()
    cover = coverage(bench.ruleset, bench.dataset, derived)
    print(f"derived figures: {len(derived)}; checks that run with them: {cover.more} more, of which "
          f"{cover.newly} were skipped for missing figures; {len(cover.failed)} of them fail")
    print(f"mutable facts (in no finding): {len(bench.pool)}\n")
    print("".join(f"{h:>10}" if n else f"{h:<18}" for n, h in enumerate(HEADER)))
    totals, short, short_listed = [0] * 8, [], []
    for number, kind in enumerate(KINDS):
        if kind not in args.kinds.split(","):
            continue
        counts, misses = run_kind(bench, kind, number, args)
        totals = [a + b for a, b in zip(totals, counts)]
        print(row(kind, counts))
        if counts[3] and 100 * counts[5] < 80 * counts[3]:
            short.append(kind)
        if counts[3] and 100 * (counts[5] + counts[6]) < 80 * counts[3]:
            short_listed.append(kind)
        for line in misses:
            print(line)
    print(row("all", totals))
    made, beyond, in_check, checked, detected, correct, listed, outside = totals
    met = lambda ok: "met" if ok else "NOT met"  # noqa: E731
    unwaived = len(bench.baseline.findings) - bench.waived
    print(f"\ngoals: detected >= 98% of those beyond a check's slack {met(100 * detected >= 98 * checked)} "
          f"({rate(detected, in_check)} of the {in_check} in a check, slack included); correct cause >= 90% "
          f"overall {met(100 * correct >= 90 * checked)}; >= 80% for every kind {met(not short)}"
          f"{' (short: ' + ', '.join(short) + ')' if short else ''}; no finding outside the mutated figures' "
          f"checks {met(not outside)}; no finding beyond the waived ones {met(not unwaived)}")
    print(f"counting a tie that lists the right cause among its rivals as correct (rate+): >= 90% overall "
          f"{met(100 * (correct + listed) >= 90 * checked)}; >= 80% for every kind {met(not short_listed)}"
          f"{' (short: ' + ', '.join(short_listed) + ')' if short_listed else ''}")
    print(f"{time.perf_counter() - start:.0f} s wall, {time.process_time() - cpu:.0f} s CPU")


def run_kind(bench: Bench, kind: str, number: int, args):
    """[made, beyond rounding, in a check, beyond the checks' slack, detected, correct, listed, outside]
    and the lines listing misses."""
    rng = random.Random(args.seed * 1000 + number)
    facts = list(bench.pool)
    rng.shuffle(facts)
    counts, misses, seen = [0] * 8, [], set()
    for fact in facts:
        if counts[2] >= args.per_kind:
            break
        made = bench.mutate(kind, fact, rng)
        if made is None:
            continue
        changes, expect = made
        if bench.overlapping(changes):
            continue  # another fact cites the edited characters too: no clean source error to simulate
        pair = frozenset(original.id for original, _ in changes)
        if pair in seen:
            continue  # a pair is mutated once, whichever of its facts was drawn
        seen.add(pair)
        result = bench.trial(kind, changes, expect)
        counts = [counts[0] + 1] + [a + b for a, b in zip(counts[1:], result)]
        if args.verbose and result[6]:
            misses += [f"   outside: {outside}" for outside in bench.outside]
        if args.verbose and result[2] and not (result[3] and result[4]):
            what = ", ".join(f"{o.id} {o.value_text} -> {m.value_text}" for o, m in changes)
            how = "undetected" if not result[3] else "tie listing it" if result[5] else "wrong cause"
            misses.append(f"   {how}: {what}")
            if result[3] and args.explain:
                misses += [f"      {rule}: {cause['kind']} {cause['fact']} {cause['suggested']} "
                           f"{cause['explanation'][:300]}" for rule, cause in bench.last]
    return counts, misses


def rate(a: int, b: int) -> str:
    return f"{(200 * a + b) // (2 * b)}%" if b else "-"  # integers, rounded


def row(kind: str, counts) -> str:
    made, beyond, in_check, checked, detected, correct, listed, outside = counts
    return (f"{kind:<18}{made:>10}{beyond:>10}{in_check:>10}{in_check - checked:>10}{detected:>10}"
            f"{rate(detected, checked):>10}{correct:>10}{rate(correct, checked):>10}{listed:>10}"
            f"{rate(correct + listed, checked):>10}{outside:>10}")


if __name__ == "__main__":
    main()
