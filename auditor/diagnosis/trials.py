"""Incremental trials: the verdicts of the value rules on the dataset with one or two facts replaced,
re-checking only the places the replaced and the new figures take part in.

A hypothesis changes the facts at a few keys (the suspect's key, and for a label slip the key its value
moves to). Only checks that read one of those keys can change. A trial therefore evaluates the rules over
a small dataset, the *region*: every fact at a key that shares a place with a changed key, where a place
is

- a check or skip of the baseline evaluation (its facts are the figures the rule read there),
- a constraint of the propagation (:mod:`auditor.diagnosis.build`: the places where a figure is missing,
  which a figure moved to a new key may fill),
- the same entity, segment and concept at any period and measure (changes, aggregations over periods,
  translations and implied bases read those), or the same entity, segment and period at any concept
  (equations read those),

plus the facts of every trend claim that names a changed fact. Of the region's checks the trial keeps
those that read a changed key; of the baseline's, every other one. The result equals a full
re-evaluation (``tests/test_diagnosis_incremental.py`` checks it on random edits) for every kind that
reads locally (``kinds.reads_locally``), at a cost that grows with the places of the changed figures, not
with the dataset. A kind that chains through figures of other places (implied levels and bases, label readings) is
re-run on the region too: a trial may then miss a link of a chain three places away, which can only change which cause
is named, never a check's verdict in the report (a known gap: re-running it on the whole dataset per trial
made a JSON report of the decks 24 s instead of 8 s).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from auditor import engine, kinds


class Places:
    """Where each figure of the baseline is read, for choosing a trial's region."""

    def __init__(self, dataset, index, checks, skips, constraints) -> None:
        self.dataset = dataset
        self.index = index
        self.checks = checks
        self.constraints = constraints
        self.places: dict = {}  # fact id -> the baseline checks and skips naming it
        for place in [*checks, *skips]:
            for fact in place.facts:
                self.places.setdefault(fact.id, []).append(place)
        self.by_concept: dict = {}
        self.by_period: dict = {}
        for key in index.figures:
            self.by_concept.setdefault((key.entity, key.segment, key.concept), set()).add(key)
            self.by_period.setdefault((key.entity, key.segment, key.period), set()).add(key)
        self.claims: dict = {}  # fact id -> the claims naming it
        for claim in dataset.claims:
            for fact in claim.facts:
                self.claims.setdefault(fact.id, []).append(claim)
        self._neighbours: dict = {}
        self._before: dict = {}  # (region fact ids, rules) -> the region's baseline checks
        self._signatures: dict | None = None  # signature -> the baseline checks with it
        self.fallbacks = 0  # trials that re-evaluated the whole dataset (the region fell short)
        self._readers: dict | None = None  # figure group -> the groups of the baseline checks reading it
        self._shares: dict | None = None  # figure group -> the groups its shares divide by or are divided by

    def facts_at(self, key) -> list:
        figure = self.index.figures.get(key)
        return list(figure.facts) if figure is not None else []

    def neighbours(self, key) -> set:
        """The keys that share a place with ``key`` (``key`` included)."""
        if key not in self._neighbours:
            found = {key}
            found |= self.by_concept.get((key.entity, key.segment, key.concept), set())
            found |= self.by_period.get((key.entity, key.segment, key.period), set())
            for constraint in self.constraints.by_key.get(key, ()):
                found.update(constraint.keys)
            for fact in self.facts_at(key):
                for place in self.places.get(fact.id, ()):
                    found.update(other.key for other in place.facts)
            self._neighbours[key] = found
        return self._neighbours[key]

    def region(self, keys, changed_ids) -> dict:
        """``{fact id: fact}`` of the baseline facts a trial changing ``keys`` re-evaluates."""
        facts: dict = {}
        for key in keys:
            for other in self.neighbours(key):
                for fact in self.facts_at(other):
                    facts[fact.id] = fact
        for fact_id in changed_ids:
            for claim in self.claims.get(fact_id, ()):
                facts.update((fact.id, fact) for fact in claim.facts)
        return facts

    def chained(self, ruleset, keys) -> set:
        """The keys of the figure groups that the baseline checks reading a group of ``keys`` read (a kind's
        ``reads``), with the groups their shares link them to."""
        if self._readers is None:
            self._readers = {}
            kind_of = {rule.id: rule.kind for rule in ruleset.rules if kinds.has_read_groups(rule.kind)}
            for check in self.checks:
                if check.rule_id in kind_of:
                    groups = kinds.read_groups(kind_of[check.rule_id], check, self.index)
                    for group in groups:
                        self._readers.setdefault(group, set()).update(groups)
        found = set()
        for key in keys:
            touched = self.linked(group_of(key))
            if key.of is not None:
                touched.add((key.entity, key.of_segment, key.of))
            for group in touched:
                for read in self._readers.get(group, ()):
                    for linked in self.linked(read):
                        found |= self.by_concept.get(linked, set())
        return found

    def linked(self, group) -> set:
        """``group`` and the groups of the shares it takes part in (as their part or their whole)."""
        if self._shares is None:
            self._shares = {}
            for key in self.index.figures:
                if key.of is not None:
                    whole = (key.entity, key.of_segment, key.of)
                    self._shares.setdefault(group_of(key), set()).add(whole)
                    self._shares.setdefault(whole, set()).add(group_of(key))
        return {group, *self._shares.get(group, ())}

    def cost(self, keys) -> int:
        """Baseline checks a trial changing ``keys`` re-evaluates, at least one (the budget's unit)."""
        seen = set()
        for key in keys:
            for other in self.neighbours(key):
                for fact in self.facts_at(other):
                    seen.update(id(place) for place in self.places.get(fact.id, ()))
        return max(1, len(seen))

    def trial(self, ruleset, only, replaced: dict, added: list) -> list:
        """The checks of the value rules on the dataset with ``replaced`` (``{fact id: corrected fact or
        None}``, None: the fact leaves its slot) and ``added`` facts: the baseline's, less the region's
        checks that the change removes, plus those it brings."""
        originals = {fact.id: fact for fact in self.dataset.facts if fact.id in replaced}
        keys = {fact.key for fact in originals.values()} | {fact.key for fact in replaced.values() if fact}
        keys |= {fact.key for fact in added}
        region = self.region(keys, set(replaced))
        for key in self.chained(ruleset, keys):
            region.update((fact.id, fact) for fact in self.facts_at(key))
        before = Counter(signature(check) for check in self.region_checks(ruleset, only, region))
        brought = []
        for check in self.evaluate(ruleset, only, region, replaced, added):
            if before[signature(check)] > 0:
                before[signature(check)] -= 1  # the same verdict before and after: nothing changed there
            else:
                brought.append(check)
        removed = self.baseline_checks(before)
        if removed is None:  # the region missed a figure a changed check reads: re-evaluate everything
            self.fallbacks += 1
            return full_trial(ruleset, only, self.dataset, replaced, added)
        return [check for check in self.checks if check.rule_id in only and id(check) not in removed] + brought

    def region_checks(self, ruleset, only, region: dict) -> list:
        """The checks of the region as the baseline has it (shared by the trials of one region)."""
        name = (frozenset(region), frozenset(only))
        if name not in self._before:
            self._before[name] = self.evaluate(ruleset, only, region, {}, [])
        return self._before[name]

    def evaluate(self, ruleset, only, region: dict, replaced: dict, added: list) -> list:
        """The value rules' checks on the region's facts, replaced and added (a claim is kept when the
        region holds all its facts and none of them left its slot)."""
        facts = [replaced.get(fact.id, fact) if fact.id in replaced else fact for fact in region.values()]
        facts = [fact for fact in facts if fact is not None] + list(added)
        present = {fact.id: fact for fact in facts}
        claims = [replace(claim, facts=[present[fact.id] for fact in claim.facts]) for claim in self.dataset.claims
                  if all(fact.id in present for fact in claim.facts)]
        small = replace(self.dataset, facts=facts, claims=claims)
        return list(engine.evaluate(ruleset, small, only).checks)

    def baseline_checks(self, gone: Counter) -> set | None:
        """The ids of the baseline checks with the signatures ``gone`` counts; None when the baseline has
        fewer of one (the region computed a check the whole dataset does not give)."""
        if self._signatures is None:
            self._signatures = {}
            for check in self.checks:
                self._signatures.setdefault(signature(check), []).append(check)
        removed = set()
        for name, count in gone.items():
            found = self._signatures.get(name, ())
            if count > len(found):
                return None
            removed.update(id(check) for check in found[:count])
        return removed


def group_of(key) -> tuple:
    """The figure group of a key: its entity, segment and concept (every period and measure)."""
    return key.entity, key.segment, key.concept


def signature(check) -> tuple:
    """What a trial compares checks by: two checks with one signature give the diagnosis one verdict."""
    return (check.rule_id, check.fact_ids, check.passed, check.undecidable, check.message, check.warning)


def full_trial(ruleset, only, dataset, replaced: dict, added: list) -> list:
    """What :meth:`Places.trial` stands for: the whole dataset re-evaluated with the facts replaced."""
    facts = [replaced.get(fact.id, fact) if fact.id in replaced else fact for fact in dataset.facts]
    facts = [fact for fact in facts if fact is not None] + list(added)
    present = {fact.id: fact for fact in facts}
    claims = [replace(claim, facts=[present[fact.id] for fact in claim.facts]) for claim in dataset.claims
              if all(fact.id in present for fact in claim.facts)]
    return engine.evaluate(ruleset, replace(dataset, facts=facts, claims=claims), only).checks
