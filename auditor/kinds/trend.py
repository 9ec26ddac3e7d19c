"""trend: a claim that a series is increasing or decreasing holds for the figures listed with it.

Each claim (``claims:`` in a fixture file) names its facts in series order. "increasing" holds when each
figure can be larger than the one before it (some values inside their display intervals make it so);
"decreasing" likewise; "non-decreasing"/"non-increasing" allow equal neighbours. A figure printed as a
bound ("has reached over JPY180 million from JPY120 million") is read as the values it admits
(auditor.bounds): "over 180" can exceed anything before it.

Parameters: none.
"""

from __future__ import annotations

from auditor.bounds import Admitted, fact_admitted
from auditor.model import Strict
from auditor.results import Check


USES_DERIVED = False  # a derived figure stands in no claim


class Params(Strict):
    pass


def step_holds(direction: str, before: Admitted, after: Admitted) -> bool:
    """Whether some admitted values make the step go ``direction`` (None: no end on that side)."""
    low, high = (before, after) if direction in ("increasing", "non-decreasing") else (after, before)
    if low.lo is None or high.hi is None:
        return True
    return high.hi > low.lo if direction in ("increasing", "decreasing") else high.hi >= low.lo


def evaluate(rule, params, index):
    for claim in index.dataset.claims:
        if claim.kind != "trend":
            continue
        values = [fact_admitted(fact, index.vocabulary) for fact in claim.facts]
        broken = [(a, b) for (a, b), (before, after) in zip(zip(claim.facts, claim.facts[1:]),
                                                            zip(values, values[1:]))
                  if not step_holds(claim.direction, before, after)]
        series = ", ".join(f"{fact.shown} ({fact.key.period})" for fact in claim.facts)
        if broken:
            steps = "; ".join(f"{b.shown} ({b.key.period}) after {a.shown} ({a.key.period})" for a, b in broken)
            message = (f"claim {claim.id} says {claim.text!r} ({claim.direction}) but the series {series} "
                       f"breaks it: {steps}")
        else:
            message = f"claim {claim.id}: the series is {claim.direction}"
        yield Check(rule.id, not broken, list(claim.facts), message, dimension=claim.facts[0].unit.dimension,
                    check=series, about=claim.id)


def implied_ranges(check, index) -> dict:
    """Each fact of a claim's series lies between its neighbours (a half-line at the ends)."""
    from auditor.diagnosis.ranges import Range  # diagnosis only: a plain check never loads it

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
            before = fact_admitted(series[position - 1], index.vocabulary)
            lo, hi = (before.lo, hi) if rising else (lo, before.hi)
        if position + 1 < len(series):
            after = fact_admitted(series[position + 1], index.vocabulary)
            lo, hi = (lo, after.hi) if rising else (after.lo, hi)
        result[fact.id] = Range(lo, hi) if lo is None or hi is None or lo <= hi else None
    return result
