"""The shapes of the per-share claims (docs/fact-format.md, "Claims"): what a ``dividend_payment`` and a
``split`` claim need, checked by the loader (auditor.loader.claim_shape_problem) when it resolves a claim's
facts. ``fail(message)`` raises the input error at the claim's line."""

from __future__ import annotations

from fractions import Fraction

from auditor import vintages
from auditor.model import ClaimSpec, Fact
from auditor.numbers import PER_SHARE_UNITS


def dividend_payment_problem(spec: ClaimSpec, facts: list[Fact], fail) -> None:
    """A dividend_payment claim: the payment (a money level) and the dividend per share it pays."""
    if spec.total or spec.complete or spec.compare or spec.direction or spec.concept or len(facts) != 2:
        fail("a dividend_payment claim needs two facts, the payment and the dividend per share it pays, and no "
             "total, complete, compare, direction or concept")
    payment, per_share = facts
    if payment.key.measure != "level" or payment.unit.dimension not in PER_SHARE_OF:
        fail(f"fact {payment.id!r} is not a payment (a level in JPY or US$ million, thousand)")
    if per_share.key.measure != "level" or per_share.unit.dimension != PER_SHARE_OF[payment.unit.dimension]:
        fail(f"fact {per_share.id!r} is not a dividend per share in the currency of {payment.id!r} (a level "
             f"in {' or '.join(PER_SHARE_UNITS)})")


PER_SHARE_OF = {"money": "yen", "usd": "usd_share"}  # the dimension of a per-share amount of a currency


def split_problem(spec: ClaimSpec, facts: list[Fact], fail) -> None:
    """A split claim: its ratio stands in its text, and its facts are per-share figures on one share basis."""
    if spec.total or spec.complete or spec.compare or spec.direction or spec.concept:
        fail("a split claim takes no total, complete, compare, direction or concept")
    if spec.ratio not in spec.text:
        fail(f"the ratio {spec.ratio!r} is not in the claim's text")
    bases = {vintages.parse(fact.key.basis).shares for fact in facts}
    for fact in facts:
        if fact.unit.name not in PER_SHARE_UNITS:
            fail(f"fact {fact.id!r} is not a per-share figure")
    if len(bases) != 1 or None in bases:
        fail("the facts of a split claim are per-share figures on one share basis (the same 'shares:' date)")


def split_ratio(ratio: str | None) -> Fraction | None:
    """New shares per old share of a printed split ratio ("1:200" is 200)."""
    if ratio is None:
        return None
    old, new = ratio.split(":")
    return Fraction(int(new), int(old))
