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

from dataclasses import replace

from auditor import engine


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
        None}``, None: the fact leaves its slot) and ``added`` facts."""
        originals = {fact.id: fact for fact in self.dataset.facts if fact.id in replaced}
        keys = {fact.key for fact in originals.values()} | {fact.key for fact in replaced.values() if fact}
        keys |= {fact.key for fact in added}
        region = self.region(keys, set(replaced))
        facts = [replaced.get(fact.id, fact) if fact.id in replaced else fact for fact in region.values()]
        facts = [fact for fact in facts if fact is not None] + list(added)
        present = {fact.id: fact for fact in facts}
        claims = []
        for claim in self.dataset.claims:
            if not all(fact.id in region for fact in claim.facts):
                continue
            if any(fact.id in replaced and replaced[fact.id] is None for fact in claim.facts):
                continue  # a claim on a figure that left its slot states nothing any more
            claims.append(replace(claim, facts=[present[fact.id] for fact in claim.facts]))
        small = replace(self.dataset, facts=facts, claims=claims)
        fresh = [check for check in engine.evaluate(ruleset, small, only).checks
                 if any(fact.key in keys for fact in check.facts)]
        kept = [check for check in self.checks
                if check.rule_id in only and not any(fact.key in keys for fact in check.facts)]
        return kept + fresh


def full_trial(ruleset, only, dataset, replaced: dict, added: list) -> list:
    """What :meth:`Places.trial` stands for: the whole dataset re-evaluated with the facts replaced."""
    facts = [replaced.get(fact.id, fact) if fact.id in replaced else fact for fact in dataset.facts]
    facts = [fact for fact in facts if fact is not None] + list(added)
    present = {fact.id: fact for fact in facts}
    claims = [replace(claim, facts=[present[fact.id] for fact in claim.facts]) for claim in dataset.claims
              if all(fact.id in present for fact in claim.facts)]
    return engine.evaluate(ruleset, replace(dataset, facts=facts, claims=claims), only).checks
