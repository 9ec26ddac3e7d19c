"""Implied values: for a check, the range each of its facts would have to lie in for the check to pass,
given the others as printed.

For relational rules the check's constraint (:mod:`auditor.diagnosis.build`) is solved for the fact's
figure with every other figure at its printed interval, and intersected with the fact's repeats in the
check (a figure's interval is the intersection of its statements). Other kinds:

- agreement: the intersection of the other statements;
- direction: the sign the other statement of the change gives (a half-line);
- trend: between the neighbours of the fact in the series (a half-line or a range);
- provenance and period_label state nothing about values: ``None``.

``None`` means "no interval can be given" (an unsupported relation, or the others disagree among
themselves). Bounds are closed: a strict comparison is read as its closure, so a value outside an
implied range certainly fails and a value inside it passes up to that closure.
"""

from __future__ import annotations

from auditor.diagnosis.build import ConstraintSet, build
from auditor.diagnosis.constraints import Quotient, is_empty
from auditor.diagnosis.ranges import EVERYTHING, Range, intersect_ranges
from auditor.kinds import states_values
from auditor.kinds.change import share_at


def implied(check, index, ruleset, constraints: ConstraintSet | None = None) -> dict[str, Range | None]:
    """``{fact id: Range or None}`` for every fact of ``check``."""
    rule = ruleset.by_id(check.rule_id)
    kind = rule.kind if rule is not None else None
    facts = list(dict.fromkeys(check.facts))
    if kind is None or not states_values(kind):
        return {fact.id: None for fact in facts}
    if kind == "agreement":
        return {fact.id: others(facts, fact) for fact in facts}
    if kind == "direction":
        return direction(facts)
    if kind == "trend":
        return trend(check, index)
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
            value, _ = share_at(self.index, key, key.period, key.basis)
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


def direction(facts) -> dict[str, Range | None]:
    if len(facts) == 1:
        return {facts[0].id: None}  # a sign that contradicts its own word: no value fixes it
    result = {}
    for fact in facts:
        rest = [f for f in facts if f.key != fact.key]
        signs = {1 if f.interval.lo > 0 else -1 if f.interval.hi < 0 else 0 for f in rest}
        sign = signs.pop() if len(signs) == 1 else 0
        half = Range(0, None) if sign > 0 else Range(None, 0) if sign < 0 else EVERYTHING
        same = others(facts, fact, same_key=True)
        result[fact.id] = None if same is None else half.intersect(same)
    return result


def trend(check, index) -> dict[str, Range | None]:
    claim = next((c for c in index.dataset.claims if [f.id for f in c.facts] == [f.id for f in check.facts]),
                 None)
    if claim is None:
        return {fact.id: None for fact in check.facts}
    rising = claim.direction in ("increasing", "non-decreasing")
    result = {}
    series = claim.facts
    for position, fact in enumerate(series):
        lo = hi = None
        if position > 0:
            before = series[position - 1].interval
            lo, hi = (before.lo, hi) if rising else (lo, before.hi)
        if position + 1 < len(series):
            after = series[position + 1].interval
            lo, hi = (lo, after.hi) if rising else (after.lo, hi)
        result[fact.id] = Range(lo, hi) if lo is None or hi is None or lo <= hi else None
    return result
