"""The constraints of a rule set over the figures of an index (and over derived figures).

Each rule kind states its relation once, in its own module (:mod:`auditor.kinds`): evaluation checks it,
and the kind's optional ``constraints(rule, params, index, anchors, levels)`` yields it as constraints
(:mod:`auditor.diagnosis.constraints`) over the same places and figures, found by the same functions.
This module only collects them: one constraint per place a relational rule applies to, including places
where some of its figures are not printed (those are the ones propagation can fill in). ``anchors`` are
the keys known to exist (printed, or derived in an earlier round), sorted so that the constraints come
in the same order in every run; ``levels`` are the anchors that are levels. A kind without
``constraints`` (agreement: repeats are already intersected into one figure; direction, trend,
provenance, period_label: no value relation) is not propagated.
"""

from __future__ import annotations

from collections import defaultdict

from auditor.diagnosis.constraints import Constraint
from auditor.kinds import KINDS
from auditor.model import Key


class ConstraintSet:
    """Constraints, deduplicated, indexed by variable and by (rule id, variable)."""

    def __init__(self) -> None:
        self.items: list[Constraint] = []
        self.by_key: dict[Key, list[Constraint]] = defaultdict(list)
        self.by_rule_key: dict[tuple[str, Key], list[Constraint]] = defaultdict(list)
        self._seen: set = set()
        self._canon: dict[Key, Key] = {}

    def canonical(self, key: Key) -> Key:
        """The one object this set uses for ``key`` (constraints compare keys by identity)."""
        return self._canon.setdefault(key, key)

    def add(self, constraint: Constraint) -> None:
        if len(set(constraint.keys)) < 2:
            return
        sign = (constraint.rule_id, type(constraint).__name__, constraint.keys,
                getattr(constraint, "terms", None), getattr(constraint, "rhs", None))
        if sign in self._seen:
            return
        self._seen.add(sign)
        constraint.canonicalize(self.canonical)
        self.items.append(constraint)
        for key in set(constraint.keys):
            self.by_key[key].append(constraint)
            self.by_rule_key[(constraint.rule_id, key)].append(constraint)

    def for_check(self, check) -> Constraint | None:
        """The constraint a check of a relational rule evaluated (most variables in common)."""
        keys = {fact.key for fact in check.facts}
        best, best_score = None, (False, 0)
        for key in keys:
            for constraint in self.by_rule_key.get((check.rule_id, key), []):
                own = set(constraint.keys)
                score = (own <= keys, len(own & keys))
                if score > best_score:
                    best, best_score = constraint, score
        return best


def key_order(key: Key) -> tuple[str, str]:
    """A deterministic order of keys (sets of keys iterate in hash order, which varies between runs)."""
    return (key.describe(), repr(key))


def build(index, ruleset, anchors=None, into: ConstraintSet | None = None) -> ConstraintSet:
    """The constraints of every rule whose kind states its relation as constraints (``constraints`` of
    the kind's module, :mod:`auditor.kinds`), at the places where one of their figures is an anchor."""
    constraints = into or ConstraintSet()
    anchors = sorted(index.figures if anchors is None else anchors, key=key_order)
    levels = [key for key in anchors if key.measure == "level"]
    for rule in ruleset.rules:
        relation = getattr(KINDS[rule.kind], "constraints", None)
        if relation is not None:
            for constraint in relation(rule, rule.params, index, anchors, levels):
                constraints.add(constraint)
    return constraints
