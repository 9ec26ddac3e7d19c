"""change / balance_change: a printed change equals the change computed from the two figures it compares.

For every fact whose measure is a change, the rule finds the levels of the same entity, segment and
concept at ``period``/``basis`` (current) and at the compared period/``base_basis`` (base) and checks:

- ``change``:       reported == current - base                     (absolute; a balance-sheet "Changes" column)
- ``pct_change``:   reported == (current - base) / |base|          (relative, "up 47.7% YoY")
- ``attainment``:   reported == current / base                     ("Actual against Target in %")
- ``point_change``: reported == share(current) - share(base)       ("+0.9 points")

A change of a fact that names ``of`` is a change of the share of its concept in ``of`` (a margin ratio):
the share at a period is the printed ratio or, where both levels are printed, the ratio of the levels
(their intersection when both exist).

The compared period comes from the fact (``compare: YoY`` = a year earlier, ``QoQ`` = the period just
before, or an explicit period), so a YoY figure is only ever checked against the year-earlier figure.
A change whose levels are not printed is reported as skipped.

Points written as %: a ``pct_change`` of a ratio (a margin, a share) that fails as a relative change but
equals the change in points ("(+3.0%)" beside a ratio going from 14.1% to 17.1%) is a **warning**, whatever
the rule's severity: the figure is right, its unit word is not. Its ``warning`` is ``points_as_percent``
and the diagnosis names that cause.

Parameters:
  measures: the measures to check (default all four).
  periods: ``any`` (default), ``span`` (flows over a period) or ``instant`` (balance-sheet dates; the
           ``balance_change`` kind is this kind with ``periods: instant`` in mind).
"""

from __future__ import annotations

from dataclasses import replace

from fractions import Fraction
from typing import Literal

from auditor.expr import Relation
from auditor.index import level_key, readings
from auditor.interval import Interval, IntervalError
from auditor.kinds import share
from auditor.model import Key, Strict
from auditor.periods import Instant
from auditor.results import Skip, best, relation_check, undecidable_check
from auditor.rulenames import list_references

MEASURES = ("change", "pct_change", "point_change", "attainment")


class Params(Strict):
    measures: list[str] = list(MEASURES)  # names, checked with their column by references()
    periods: Literal["any", "span", "instant"] = "any"


def references(params: Params):
    return list_references("measures", params.measures, "measures", known=MEASURES)


def applies(params: Params, key: Key) -> bool:
    """Whether the rule checks the change of ``key``."""
    if key.measure not in params.measures:
        return False
    return params.periods == "any" or isinstance(key.period, Instant) == (params.periods == "instant")


def compared(key: Key) -> tuple[Key, Key]:
    """The keys a change compares: (current, base), levels or, for a change of a ratio, shares."""
    if key.of is not None:
        return share_key(key, key.period, key.basis), share_key(key, key.base_period, key.base_basis)
    return (level_key(key.entity, key.segment, key.concept, key.period, key.basis),
            level_key(key.entity, key.segment, key.concept, key.base_period, key.base_basis))


def share_key(key: Key, period, basis) -> Key:
    """The share of ``key``'s concept in its ``of`` at ``period``."""
    return Key(key.entity, key.segment, key.concept, "share", period, basis, of=key.of,
               of_segment=key.of_segment)


def evaluate(rule, params, index):
    for figure in index.of_measure(*params.measures):
        if applies(params, figure.key):
            yield from check_change(rule, index, figure)


def check_change(rule, index, figure):
    key = figure.key
    if key.of is not None:
        yield from check_share_change(rule, index, figure)
        return
    current, base = (index.figures.get(level) for level in compared(key))
    missing = [str(p) for p, found in ((key.period, current), (key.base_period, base)) if found is None]
    if missing:
        yield Skip(rule.id, f"missing {key.concept} for {', '.join(missing)}", list(figure.facts))
        return
    yield best([compare(rule, change, now.interval, then.interval, now.facts, then.facts,
                        now.facts[0].shown, then.facts[0].shown, key.concept)
                for change, now, then in readings([figure, current, base])])


def check_share_change(rule, index, figure):
    """A change of a ratio: the share of the concept in ``of`` at both periods (printed or computed)."""
    key = figure.key
    (current, current_facts), (base, base_facts) = (share_at(index, ratio) for ratio in compared(key))
    facts = list(figure.facts) + current_facts + base_facts
    what = f"the {key.concept} ratio (share of {key.of})"
    missing = [str(p) for p, found in ((key.period, current), (key.base_period, base)) if found is None]
    if missing:
        yield Skip(rule.id, f"missing {what} for {', '.join(missing)}", facts)
        return
    if "undecidable" in (current, base):
        yield undecidable_check(rule.id, f"{what}: a divisor ({key.of}) may be zero and no ratio is printed",
                                facts, "ratio", f"{figure.facts[0].shown} == share({key.period}) - "
                                f"share({key.base_period})", key)
        return
    if "conflict" in (current, base) or figure.interval is None:
        yield Skip(rule.id, "the printed and computed ratios disagree (see share, agreement)", facts)
        return
    yield compare(rule, figure, current, base, current_facts, base_facts, f"share({key.period})",
                  f"share({key.base_period})", what)


def compare(rule, figure, current, base, current_facts, base_facts, current_text, base_text, what):
    key = figure.key
    facts = list(figure.facts) + list(current_facts) + list(base_facts)
    measure = "change" if key.measure == "point_change" else key.measure
    formula = FORMULAS[measure]
    shown = f"{figure.facts[0].shown} == " + formula.format(cur=current_text, base=base_text)
    dimension = "ratio" if (key.measure != "change" or key.of) else figure.dimension
    try:
        computed = compute(measure, current, base)
    except IntervalError:
        return undecidable_check(rule.id, f"{key.measure} of {what}: the base ({base_text}) may be zero", facts,
                                 dimension, shown, key)
    check = relation_check(rule.id, Relation(figure.interval, "==", computed), facts, dimension, shown,
                           f"{key.measure} of {what}", key)
    if not check.passed and points_as_percent(key, figure, current, base, current_facts):
        check = replace(check, warning="points_as_percent",
                        message=check.message + "; it is the change in points, written as a percentage")
    return check


def points_as_percent(key, figure, current: Interval, base: Interval, current_facts) -> bool:
    """A relative change of a ratio whose printed value is the difference of the two ratios."""
    ratio = key.of is not None or all(fact.unit.dimension == "ratio" for fact in current_facts)
    return key.measure == "pct_change" and ratio and figure.interval.meets(current - base)


FORMULAS = {"change": "{cur} - {base}", "attainment": "{cur} / {base}", "pct_change": "({cur} - {base}) / |{base}|"}


def compute(measure: str, current: Interval, base: Interval) -> Interval:
    if measure == "change":
        return current - base
    if measure == "attainment":
        return current / base
    return relative_change(current, base)


def relative_change(current: Interval, base: Interval) -> Interval:
    """``(current - base) / |base|`` over the intervals, exactly: as ``current / base - 1`` (or ``1 -
    current / base`` for a negative base), each figure taken once. Written as printed, the two
    occurrences of ``base`` would vary independently and let a change pass that no values satisfy (the
    diagnosis's RelChange solves it exactly)."""
    if base.lo <= 0 <= base.hi:
        raise IntervalError("base contains zero")
    one = Interval.point(Fraction(1))
    ratio = current / base
    return ratio - one if base.lo > 0 else one - ratio


def share_at(index, ratio: Key):
    """The value of a share (``share_key``): printed, computed from its levels, or both intersected.
    A ratio of levels whose divisor may be zero bounds nothing; with no printed ratio it is "undecidable"."""
    printed = index.figures.get(ratio)
    part, whole = (index.figures.get(level) for level in share.terms(ratio))
    intervals, facts = [], []
    if printed is not None:
        intervals.append(printed.interval)
        facts += printed.facts
    if part is not None and whole is not None:
        facts += part.facts + whole.facts
        try:
            intervals.append(part.interval / whole.interval if None not in (part.interval, whole.interval)
                             else None)
        except IntervalError:
            if printed is None:
                return "undecidable", facts
    if not intervals:
        return None, facts
    if None in intervals:
        return "conflict", facts
    result = intervals[0]
    for item in intervals[1:]:
        result = result.intersect(item)
        if result is None:
            return "conflict", facts
    return result, facts


def constraints(rule, params, index, anchors, levels):
    """For every known change the rule checks: ``change == current - base`` (absolute and point changes),
    ``attainment == current / base``, ``pct_change == (current - base) / |base|``; for a change of a
    ratio, also each share as the quotient of its levels."""
    for key in anchors:
        if key.base_period is None or not applies(params, key):
            continue
        current, base = compared(key)
        if key.of is not None:
            yield share.quotient(rule.id, current)
            yield share.quotient(rule.id, base)
        yield relation(rule.id, key, current, base)


def relation(rule_id: str, key: Key, current: Key, base: Key):
    """The change of ``key`` as a constraint between its figure and the two it compares (``compute``'s
    relation: one formula per measure)."""
    from auditor.diagnosis.constraints import Linear, Quotient, RelChange  # diagnosis only

    if key.measure in ("change", "point_change"):
        one = Fraction(1)
        return Linear(rule_id, terms=((one, key), (-one, current), (one, base)))
    if key.measure == "attainment":
        return Quotient(rule_id, q=key, num=current, den=base)
    return RelChange(rule_id, r=key, cur=current, base=base)
