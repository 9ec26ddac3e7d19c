"""trend: a claim that a series is increasing or decreasing holds for the figures listed with it.

Each claim (``claims:`` in a fixture file) names its facts in series order. "increasing" holds when each
figure can be larger than the one before it (some values inside their display intervals make it so);
"decreasing" likewise; "non-decreasing"/"non-increasing" allow equal neighbours.

Parameters: none.
"""

from __future__ import annotations

from auditor.model import Strict
from auditor.results import Check


class Params(Strict):
    pass


def step_holds(direction: str, before, after) -> bool:
    return {
        "increasing": after.hi > before.lo,
        "decreasing": after.lo < before.hi,
        "non-decreasing": after.hi >= before.lo,
        "non-increasing": after.lo <= before.hi,
    }[direction]


def evaluate(rule, params, index):
    for claim in index.dataset.claims:
        if claim.kind != "trend":
            continue
        broken = [(a, b) for a, b in zip(claim.facts, claim.facts[1:])
                  if not step_holds(claim.direction, a.interval, b.interval)]
        series = ", ".join(f"{fact.shown} ({fact.key.period})" for fact in claim.facts)
        if broken:
            steps = "; ".join(f"{b.shown} ({b.key.period}) after {a.shown} ({a.key.period})" for a, b in broken)
            message = (f"claim {claim.id} says {claim.text!r} ({claim.direction}) but the series {series} "
                       f"breaks it: {steps}")
        else:
            message = f"claim {claim.id}: the series is {claim.direction}"
        yield Check(rule.id, not broken, list(claim.facts), message, dimension=claim.facts[0].unit.dimension,
                    check=series, about=claim.id)

# What its checks are about (read through auditor.kinds): the words printed, about the values' signs.
READS_TEXT = True
