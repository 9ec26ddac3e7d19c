"""per_share: the share counts that per-share figures imply agree within a document.

No deck prints its share count, but a per-share figure (``per_share``: ``eps``, "Net Income attributable to
IIJ per Share") printed beside the amount it divides (``amount``: ``net_income``) for the same entity,
segment, period and basis implies one: amount / per-share figure, an interval through the rounding of
both ("3.4" billion over "JPY 16,775" is anything from 3.35e9 / 16,775.5 to 3.45e9 / 16,774.5 shares).
Every count a document implies this way (its actual years, its targets, its halves) is about the same
shares, so the counts must agree with each other: the rule fails when the largest lower bound exceeds the
smallest upper bound by more than ``tolerance_pct`` percent of it. They need not agree exactly: earnings
per share divide by the average number of shares of the period, a target by the count the company
assumes, and treasury-share purchases or issues between the periods move the count. That tolerance is an
approximation, so the rule is a warning rule, and its YAML says why the tolerance is what it is.

A per-share figure restated after a stock split (its ``shares:`` date, docs/fact-format.md) implies a count
on that share basis: the amount it divides is the same (net income is not per share). When the document
declares the split (a ``split`` claim with its printed ratio, "1:200"), the counts of that basis are divided
by its ratio (and by those of the earlier splits it declares) and compared with the counts before the
split; without one, they are compared with the counts of the same share basis only. A document that implies one count on a basis has nothing to compare it with (skipped); a count
that is not positive (an amount and a per-share figure of opposite signs) fails on its own; a per-share
figure that may be zero implies no count (undecidable, a warning).

With ``payments: true`` a document's ``dividend_payment`` claims (docs/fact-format.md, "Claims") add
their counts: a dividend payment ("Payments for FY2011 year-end dividends: JPY355 million") over the
dividend per share it pays is the number of shares at the dividend's record date, which must agree with
the document's other counts within the same tolerance. A payment recorded with the sign of its cash
flow counts by its magnitude.

Parameters:
  amount: the concept divided (``net_income``).
  per_share: the per-share concept (``eps``).
  tolerance_pct: how far apart, in percent of the smaller, two implied counts may be (default 0).
  payments: also the counts of the ``dividend_payment`` claims (default false).
"""

from __future__ import annotations

import copy
from collections import defaultdict
from fractions import Fraction

from auditor import vintages
from auditor.index import level_key
from auditor.interval import Interval
from auditor.model import Strict
from auditor.numbers import parse_number
from auditor.rulenames import Reference
from auditor.results import Check, Skip, show, show_interval, undecidable_check

# Checks read the amount and the per-share figure of one period and counts of other periods and concepts.
# A derived level stands in no document, and counts are compared per document.
USES_DERIVED = False

YEN_PER_MONEY_UNIT = 10**6  # amounts are held in JPY million (numbers.BASE_UNIT), per-share figures in JPY


class Params(Strict):
    amount: str
    per_share: str
    tolerance_pct: str = "0"
    payments: bool = False


def prepare(params: Params) -> Params:
    value = parse_number(params.tolerance_pct).value
    if value < 0:
        raise ValueError("tolerance_pct must not be negative")
    params.tolerance_pct = value
    return params


def references(params: Params):
    return [Reference("concepts", params.amount, ("amount",)),
            Reference("concepts", params.per_share, ("per_share",))]


def amount_basis(basis: str) -> str:
    """The basis of the amount a per-share figure divides: its own, without the share basis."""
    return vintages.text(vintages.parse(basis)._replace(shares=None))


class Count:
    """The share count implied by one amount and one per-share figure (a payment by its magnitude: the
    fixture records it with the sign of its cash flow)."""

    def __init__(self, amount, per_share, payment: bool = False):
        self.amount, self.per_share, self.payment = amount, per_share, payment
        paid = abs(amount.interval) if payment else amount.interval
        self.interval = paid.scale(YEN_PER_MONEY_UNIT) / per_share.interval
        self.split: Fraction | None = None  # the splits' factor it was divided by onto the earlier shares

    def rebased(self, factor: Fraction) -> Count:
        """The count on the shares before splits of ``factor`` new shares per old share."""
        count = copy.copy(self)
        count.interval, count.split = self.interval.scale(1 / factor), factor
        return count

    @property
    def facts(self) -> list:
        return [*self.per_share.facts, *self.amount.facts]

    @property
    def formula(self) -> str:
        amount = self.amount.facts[0].shown
        amount = f"{amount.lstrip('-')} paid" if self.payment else amount
        return f"{amount} / {self.per_share.facts[0].shown}"

    def describe(self) -> str:
        rebased = f" / {show(self.split, 'count')} (split)" if self.split else ""
        return (f"{self.formula}{rebased} = {show_interval(self.interval, 'count')} "
                f"({self.per_share.key.period.label})")


def evaluate(rule, params, index):
    groups: dict[tuple, list[Count]] = defaultdict(list)
    for per_share in index.levels_by_concept.get(params.per_share, ()):
        key = per_share.key
        amount = index.figures.get(level_key(key.entity, key.segment, params.amount, key.period,
                                             amount_basis(key.basis)))
        if amount is None:
            yield Skip(rule.id, f"missing figure(s): {params.amount}", list(per_share.facts))
            continue
        documents = sorted({fact.document.name for fact in per_share.facts})
        yield from add_count(rule, groups, documents, amount, per_share)
    if params.payments:
        for claim in index.dataset.claims:
            if claim.kind == "dividend_payment":
                yield from add_count(rule, groups, [claim.document.name], *claim.facts, payment=True)
    groups = on_declared_bases(groups, declared_splits(index.dataset.claims))
    for (document, *_), counts in sorted(groups.items()):
        yield from check_counts(rule, params, document, sorted(counts, key=lambda count: count.facts[0].line))


def add_count(rule, groups: dict, documents: list[str], amount, per_share, payment: bool = False):
    """Add the count ``amount`` / ``per_share`` implies to its documents' groups (by share basis), or yield
    why it implies none."""
    key, facts = per_share.key, [*per_share.facts, *amount.facts]
    if per_share.interval is None or amount.interval is None:
        yield Skip(rule.id, "conflicting repeated figures (the agreement rule's finding)", facts)
        return
    if per_share.interval.sign_of_lo() <= 0 <= per_share.interval.sign_of_hi():
        yield undecidable_check(rule.id, f"{key.describe()} may be zero", facts, "count",
                                f"{amount.key.concept} / {key.concept}", key)
        return
    count = Count(amount, per_share, payment)
    shares = vintages.parse(key.basis).shares
    for document in documents:
        groups[(document, key.entity, key.segment or "", shares or "")].append(count)


def declared_splits(claims) -> dict[str, dict[str, Fraction]]:
    """The stock splits each document declares (``split`` claims): ratio by effective date. A date
    declared with two ratios is left out: its counts are compared with nothing on another basis."""
    found: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for claim in claims:
        if claim.kind == "split":
            found[claim.document.name][vintages.parse(claim.facts[0].key.basis).shares].add(claim.ratio)
    return {document: {date: next(iter(ratios)) for date, ratios in dates.items() if len(ratios) == 1}
            for document, dates in found.items()}


def on_declared_bases(groups: dict, splits: dict) -> dict:
    """The counts of a share basis whose split the document declares, divided by the ratios of that split
    and of the earlier ones it declares, joined to the counts before any split; other bases stay apart."""
    joined: dict[tuple, list[Count]] = defaultdict(list)
    for (document, entity, segment, shares), counts in groups.items():
        ratios = splits.get(document, {})
        if shares in ratios:
            factor = Fraction(1)
            for date in sorted(date for date in ratios if date <= shares):
                factor *= ratios[date]
            counts, shares = [count.rebased(factor) for count in counts], ""
        joined[(document, entity, segment, shares)].extend(counts)
    return joined


def check_counts(rule, params, document: str, counts: list[Count]):
    """One check of the counts a document implies on one share basis (and one per count not positive)."""
    positive = []
    for count in counts:
        if count.interval.sign_of_hi() > 0:
            positive.append(count)
        else:
            yield Check(rule.id, False, count.facts, f"{count.describe()}: the amount and the per-share figure "
                        "have opposite signs, so no share count is implied", dimension="count",
                        check=count.formula, about=count.per_share.key)
    if len(positive) < 2:
        if positive:
            yield Skip(rule.id, f"one share count implied in {document}: nothing to compare it with",
                       positive[0].facts)
        return
    yield agreement(rule, params, document, positive)


def agree(one: Count, other: Count, factor: Fraction) -> bool:
    """Whether two counts come within ``factor`` of each other (some values of both do)."""
    return one.interval.lo <= other.interval.hi * factor and other.interval.lo <= one.interval.hi * factor


def agreement(rule, params, document: str, counts: list[Count]) -> Check:
    """The counts agree when the largest lower bound is within the tolerance of the smallest upper bound;
    else the finding names those two, the one that disagrees with more of the others first (the likelier
    wrong figure: its line is the finding's)."""
    high = max(counts, key=lambda count: count.interval.lo)
    low = min(counts, key=lambda count: count.interval.hi)
    factor = 1 + Fraction(params.tolerance_pct) / 100
    facts = [fact for count in counts for fact in count.facts]
    check = f"{high.formula} ~ {low.formula}"
    if agree(high, low, factor):
        return Check(rule.id, True, facts, f"the share counts implied in {document} agree", dimension="count",
                     check=check, about=high.per_share.key)
    odd, other = sorted((high, low), key=lambda one: -sum(not agree(one, count, factor) for count in counts))
    allowed = Interval.rational(other.interval.lo / factor, other.interval.hi * factor)
    return Check(rule.id, False, [*odd.facts, *other.facts],
                 f"the share counts implied in {document} disagree by more than "
                 f"{show(params.tolerance_pct, 'count')}%: {odd.describe()} against {other.describe()}",
                 expected=allowed, reported=odd.interval, dimension="count", check=f"{odd.formula} ~ {other.formula}",
                 about=odd.per_share.key)
