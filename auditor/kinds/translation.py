"""translation: US$ convenience translations agree with their yen figures at one rate per document.

A fact in ``US$ million``, ``US$ thousand`` or ``US$`` (per share) is the convenience translation of the
yen figure of the same key (its basis without ``in US$``; auditor.vintages), printed in the same document
or another. When the document states its rate (``usd_rate: "108.83"`` with ``usd_rate_line``, the line
that prints "US$1 = JPY108.83"), each translation must equal the yen figure divided by that rate, within
the display rounding of both. When it does not, all the document's translations must share one rate: the
rate each one implies (yen / dollars, an interval) must meet the rate the others imply; a translation
outside the largest group that shares a rate fails.

Parameters: none.
"""

from __future__ import annotations

from fractions import Fraction

from auditor import vintages
from auditor.expr import Relation
from auditor.interval import Interval, IntervalError, intersect_all
from auditor.model import Strict
from auditor.numbers import USD_UNITS
from auditor.results import Check, Skip, relation_check


class Params(Strict):
    pass


def yen_key(key):
    """The key of the yen figure that a translation's key translates."""
    def plain(text):
        return text and vintages.text(vintages.parse(text)._replace(currency=None))
    return key._replace(basis=plain(key.basis), base_basis=plain(key.base_basis))


def pairs(index):
    """(document, translation, yen figure) for every translation whose yen figure is printed."""
    for fact in index.dataset.facts:
        if fact.unit.name not in USD_UNITS or fact.bound not in (None, "approx"):
            continue  # a bound ("over US$5 million") is no value to translate (auditor.bounds)
        yen = index.figures.get(yen_key(fact.key))
        if yen is None or yen.interval is None:
            yield fact.document, fact, None
        else:
            yield fact.document, fact, yen


def implied_rate(fact, yen) -> Interval | None:
    try:
        return yen.interval / fact.interval
    except IntervalError:
        return None


def evaluate(rule, params, index):
    by_document: dict[str, list] = {}
    for document, fact, yen in pairs(index):
        if yen is None:
            yield Skip(rule.id, f"{fact.id}: no yen figure of {yen_key(fact.key).describe()} is printed", [fact])
            continue
        by_document.setdefault(document.name, []).append((document, fact, yen))
    for name in sorted(by_document):
        yield from check_document(rule, by_document[name])


def check_document(rule, items):
    document = items[0][0]
    if document.usd_rate is not None:
        rate = Interval.point(Fraction(document.usd_rate))
        for _, fact, yen in items:
            yield translated(rule, fact, yen, rate, f"the document's rate JPY{document.usd_rate}")
        return
    rates = {fact.id: implied_rate(fact, yen) for _, fact, yen in items}
    for _, fact, yen in items:
        others = [rate for other, rate in rates.items() if other != fact.id and rate is not None]
        common = intersect_all(others) if others else None
        if rates[fact.id] is None:
            yield Check(rule.id, False, [fact, *yen.facts], f"undecidable: {fact.shown} may be zero, so its "
                        "rate can be neither confirmed nor refuted", dimension=fact.unit.dimension,
                        about=fact.key, undecidable=True)
        elif common is None:
            # a single translation, or others that disagree among themselves: they are checked one by one
            yield Check(rule.id, True, [fact, *yen.facts], f"{fact.shown} implies a rate of JPY"
                        f"[{float_free(rates[fact.id].lo)}, {float_free(rates[fact.id].hi)}] per US$",
                        dimension=fact.unit.dimension, about=fact.key)
        else:
            yield translated(rule, fact, yen, common, "the rate of the document's other translations")


def translated(rule, fact, yen, rate: Interval, what: str) -> Check:
    computed = yen.interval / rate
    shown = f"{fact.shown} == {yen.facts[0].shown} / rate"
    return relation_check(rule.id, Relation(fact.interval, "==", computed), [fact, *yen.facts],
                          fact.unit.dimension, shown, f"the US$ translation at {what}", fact.key)


def float_free(value: Fraction) -> str:
    """A rate shown to 4 decimals, from the exact fraction."""
    scaled = round(value * 10000)
    return f"{scaled // 10000}.{scaled % 10000:04d}"
