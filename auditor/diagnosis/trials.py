"""Incremental trials: the verdicts of the value rules on the dataset with one or two facts replaced,
re-checking only the places the replaced and the new figures take part in, with the verdicts a full
re-evaluation gives.

A hypothesis changes the facts at a few keys (the suspect's key, and for a label slip the key its value
moves to). A trial evaluates the value rules twice over a small dataset, the *region*, once as the
baseline has it and once changed, and takes the difference: the result is the baseline's checks, less
those the region loses, plus those it gains (checks compared by rule, facts, verdict and message). A
check that reads no changed key comes out the same both times and cancels, even when the region lacks a
figure it reads; so the result equals a full re-evaluation whenever the region holds every figure read
by the checks that read a changed key. That includes a check reading a slot without taking a fact from
it: a change's words compared only over a positive base, a period printed nowhere standing in as a
longer one less its part, a total bounding the parts that are printed, a base or level implied only where
none is printed. The region holds the facts at

- every key that shares a check or skip of the baseline with a changed key (the figures the rule read
  there),
- the keys of the constraints of the propagation on a changed key (:mod:`auditor.diagnosis.build`: the
  places where a figure is missing, which a figure moved to a new key may fill),
- the changed key's *figure group*: the same entity, segment and concept at every period, measure and
  basis. Changes, aggregations over periods, translations, direction words (the base's sign), derived
  changes and the chaining kinds read there: every step of an implied level or base (a period less its
  part, parts that tile it, the other side of a change, an absolute over a relative change) stays within
  one figure group, across documents and vintages;
- the same entity, segment and period at every concept (equations read those),
- the facts of every claim that names a changed fact,
- for a kind that reads other groups (``kinds.read_groups``: a label reading reads its facts' groups as
  labelled and as read), the groups the baseline's checks read when they read a changed key's group, each
  with the groups its shares link it to (the shares of the group and the wholes they divide by).

A trial the region falls short for is detected when the region loses a check the baseline does not have:
it then re-evaluates the whole dataset (``fallbacks`` counts them; none on the decks or in
``tests/test_diagnosis_incremental.py``, which compares both on random edits of every value kind). The
cost grows with the places of the changed figures, not with the dataset: the region's evaluation as the
baseline has it is shared by the trials of one region (one per suspect's key), so a trial costs about one
region evaluation.
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
        self.by_id = {fact.id: fact for fact in dataset.facts}
        self.fact_order = {fact.id: n for n, fact in enumerate(dataset.facts)}
        self.claim_order = {id(claim): n for n, claim in enumerate(dataset.claims)}
        self._of_rules: dict = {}  # rule ids -> the baseline's checks of those rules
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
        keys = {self.by_id[fact_id].key for fact_id in replaced if fact_id in self.by_id}
        keys |= {fact.key for fact in replaced.values() if fact}
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
        return [check for check in self.of_rules(only) if id(check) not in removed] + brought

    def of_rules(self, only) -> list:
        """The baseline's checks of the rules ``only``."""
        name = frozenset(only)
        if name not in self._of_rules:
            self._of_rules[name] = [check for check in self.checks if check.rule_id in only]
        return self._of_rules[name]

    def region_checks(self, ruleset, only, region: dict) -> list:
        """The checks of the region as the baseline has it (shared by the trials of one region)."""
        name = (frozenset(region), frozenset(only))
        if name not in self._before:
            self._before[name] = self.evaluate(ruleset, only, region, {}, [])
        return self._before[name]

    def evaluate(self, ruleset, only, region: dict, replaced: dict, added: list) -> list:
        """The value rules' checks on the region's facts, replaced and added (a claim is kept when the
        region holds all its facts and none of them left its slot)."""
        # in the dataset's order: a region gathered in another order (sets of keys) would give checks whose
        # messages list figures in another order, and the baseline's checks of a region are shared by trials
        ordered = sorted(region.values(), key=lambda fact: self.fact_order[fact.id])
        facts = [replaced.get(fact.id, fact) if fact.id in replaced else fact for fact in ordered]
        facts = [fact for fact in facts if fact is not None] + list(added)
        present = {fact.id: fact for fact in facts}
        named = {id(claim): claim for fact_id in region for claim in self.claims.get(fact_id, ())}
        claims = [replace(claim, facts=[present[fact.id] for fact in claim.facts])
                  for claim in sorted(named.values(), key=lambda claim: self.claim_order[id(claim)])
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
