"""Implied values: for a check, the range each of its facts would have to lie in for the check to pass,
given the others as printed.

For a kind that states its relation as constraints (``constraints`` in its module, :mod:`auditor.kinds`),
the check's constraint (:mod:`auditor.diagnosis.build`) is solved for the fact's figure with every other
figure at its printed interval, and intersected with the fact's repeats in the check (a figure's interval
is the intersection of its statements). A kind may instead give the ranges itself (``implied_ranges``:
agreement, direction, trend); a kind whose checks state nothing about values (``STATES_VALUES = False``:
provenance, period_label) gives ``None`` for every fact.

``None`` means "no interval can be given" (an unsupported relation, or the others disagree among
themselves). Bounds are closed: a strict comparison is read as its closure, so a value outside an
implied range certainly fails and a value inside it passes up to that closure.
"""

from __future__ import annotations

from auditor import kinds
from auditor.diagnosis.build import ConstraintSet, build
from auditor.diagnosis.constraints import Quotient, is_empty
from auditor.diagnosis.ranges import EVERYTHING, Range, intersect_ranges
from auditor.kinds.change import share_at


def implied(check, index, ruleset, constraints: ConstraintSet | None = None) -> dict[str, Range | None]:
    """``{fact id: Range or None}`` for every fact of ``check``."""
    rule = ruleset.by_id(check.rule_id)
    facts = list(dict.fromkeys(check.facts))
    if rule is None or not kinds.states_values(rule.kind):
        return {fact.id: None for fact in facts}
    own = getattr(kinds.KINDS[rule.kind], "implied_ranges", None)
    if own is not None:
        return own(check, index)
    constraints = constraints if constraints is not None else build(index, ruleset)
    constraint = constraints.for_check(check)
    if constraint is None:
        return {fact.id: None for fact in facts}
    env = Environment(index, constraints)
    result = {}
    for fact in facts:
        value = solve_for(fact, constraint, constraints, env)
        repeats = others(facts, fact, same_key=True)
        result[fact.id] = None if value is None or repeats is None else value.intersect(repeats)
    return result


class Environment:
    """Printed values of figures (what the kinds use): the figure's interval, or for a share the
    printed share and the ratio of printed levels intersected (as the change kind computes it)."""

    def __init__(self, index, constraints: ConstraintSet) -> None:
        self.index = index
        self.constraints = constraints
        self.cache: dict = {}

    def __call__(self, key) -> Range:
        if key not in self.cache:
            self.cache[key] = self.lookup(key)
        return self.cache[key]

    def lookup(self, key) -> Range:
        figure = self.index.figures.get(key)
        if figure is None and key.measure == "share" and key.of is not None:
            value, _ = share_at(self.index, key)
            return Range.of(value) if value not in (None, "conflict") else EVERYTHING
        if figure is not None and figure.interval is not None:
            return Range.of(figure.interval)
        return EVERYTHING


def solve_for(fact, constraint, constraints: ConstraintSet, env) -> Range | None:
    key = constraints.canonical(fact.key)
    if key in constraint.keys:
        value = constraint.solve(key, env)
        return None if is_empty(value) else value
    # A level inside a check of the change of a ratio: go through the share it is part of.
    for share in constraint.keys:
        if share.measure != "share":
            continue
        quotient = next((c for c in constraints.by_key.get(share, []) if isinstance(c, Quotient)
                         and c.q is share and key in (c.num, c.den)), None)
        if quotient is None:
            continue
        needed = constraint.solve(share, env)
        if is_empty(needed):
            return None
        local = {share: needed}
        return quotient.solve(key, lambda k: local.get(k) or env(k))
    return None


def others(facts, fact, same_key: bool = False) -> Range | None:
    """Intersection of the other statements (of the same figure when ``same_key``)."""
    rest = [Range.of(f.interval) for f in facts if f is not fact and (not same_key or f.key == fact.key)]
    if not rest:
        return EVERYTHING if same_key else None
    return intersect_ranges(rest)
