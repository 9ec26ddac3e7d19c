"""components: a figure's listed items (a ``components`` claim) agree with it and with its direction word.

A document often states a total with a direction word and lists what made it ("Net cash used in financing
activities was JPY2,346 million: borrowing of JPY4,310 million, principal payments under capital leases of
JPY1,658 million, dividend payments of JPY306 million"). The fixture records each figure with its printed
sign and a ``components`` claim naming the total and its items (docs/fact-format.md, "Claims"). Items are
summed with their signs, so each must be recorded with the sign of its effect on the total (a payment is
negative in a cash flow).

- ``check: sum`` (an error rule). A ``complete`` list must add up to its total. A list the document does
  not present as whole ("etc.", "such as", a few highlights) cannot prove its total, nor bound it: the
  unlisted items may be of either sign. It is skipped.
- ``check: bound`` (an error rule). A list that is not complete still bounds its total when nothing in it
  can be negative: the parts of a level of concepts the vocabulary calls ``nonnegative`` ("JPY2.6
  billion (of JPY0.9 billion related to Matsue DC)", "such as goodwill") cannot add up to more than the
  whole. The listed items must not exceed the total. A list with a figure that may be negative (a cash
  flow, a change) is skipped; a complete list is the sum check's.
- ``check: direction`` (a warning rule). A list that is not complete but whose items already give the
  stated magnitude with the opposite sign points at the direction word: "provided JPY811 million" over
  items summing to -811 is more likely a wrong "provided" than a coincidence of the missing items. A
  complete list is the sum check's; its message names the same cause.

Parameters:
  check: ``sum``, ``bound`` or ``direction``.
"""

from __future__ import annotations

from dataclasses import replace

from typing import Literal

from auditor.expr import Relation
from auditor.interval import Interval, sum_all
from auditor.model import Strict
from auditor.results import Check, Skip, relation_check, show_interval


class Params(Strict):
    check: Literal["sum", "bound", "direction"]


def sign_of(interval: Interval) -> int:
    return 1 if interval.lo > 0 else -1 if interval.hi < 0 else 0


def evaluate(rule, params, index):
    for claim in index.dataset.claims:
        if claim.kind != "components":
            continue
        if params.check == "sum":
            yield check_sum(rule, claim)
        elif params.check == "bound":
            if not claim.complete:
                yield check_bound(rule, claim, index.vocabulary)
        elif not claim.complete:
            yield check_direction(rule, claim)


def formula(claim) -> str:
    items = " + ".join(fact.shown for fact in claim.items)
    return f"{claim.total.shown} == {items}"


def flipped_cause(claim, total: Interval, listed: Interval) -> str:
    """The cause to name when the items give the total's magnitude with the other sign."""
    if sign_of(total) == 0 or not listed.meets(-total):
        return ""
    return (f"; the items give the stated magnitude with the opposite sign, so the direction word "
            f"{claim.total.direction or 'sign'!r} of {claim.total.text!r} is the likely error")


def check_sum(rule, claim):
    total, listed = claim.total.interval, sum_all([fact.interval for fact in claim.items])
    if not claim.complete:
        # The unlisted items may be of either sign (proceeds beside payments), so the listed ones bound
        # nothing: only their direction is evidence (check: direction).
        return Skip(rule.id, "a list that is not complete proves no total", list(claim.facts))
    check = relation_check(rule.id, Relation(total, "==", listed), list(claim.facts), claim.total.unit.dimension,
                           formula(claim), f"the items listed with {claim.total.key.describe()} (claim "
                           f"{claim.id})", claim.id)
    if not check.passed:
        check = replace(check, message=check.message + flipped_cause(claim, total, listed))
    return check


def check_direction(rule, claim):
    total, listed = claim.total.interval, sum_all([fact.interval for fact in claim.items])
    dimension = claim.total.unit.dimension
    cause = flipped_cause(claim, total, listed)
    facts = list(claim.facts)
    if not cause or listed.meets(total):
        return Check(rule.id, True, facts, f"claim {claim.id}: the listed items do not point at the direction "
                     "word", dimension=dimension, about=claim.id)
    return Check(rule.id, False, facts, f"the items listed with {claim.total.key.describe()} (claim "
                 f"{claim.id}, not a complete list) add up to {show_interval(listed, dimension)} against "
                 f"{show_interval(total, dimension)} printed{cause}", expected=-total, reported=total,
                 dimension=dimension, check=formula(claim), about=claim.id)


def cannot_be_negative(fact, vocabulary) -> bool:
    concept = vocabulary.concepts.get(fact.key.concept)
    return bool(concept and concept.nonnegative) and fact.key.measure == "level" and fact.interval.lo >= 0


def check_bound(rule, claim, vocabulary):
    """The listed parts of a list that is not complete add up to at most its total (no figure negative)."""
    facts = list(claim.facts)
    if not all(cannot_be_negative(fact, vocabulary) for fact in facts):
        return Skip(rule.id, "a list that is not complete bounds its total only when no figure can be negative",
                    facts)
    total, listed = claim.total.interval, sum_all([fact.interval for fact in claim.items])
    shown = f"{claim.total.shown} >= " + " + ".join(fact.shown for fact in claim.items)
    return relation_check(rule.id, Relation(total, ">=", listed), facts, claim.total.unit.dimension, shown,
                          f"the total bounds the items listed with {claim.total.key.describe()} (claim {claim.id}, "
                          "not a complete list)", claim.id)
