"""A printed share whose own level is not printed, checked through a level identity (a helper of
label_reading, not a kind of its own).

A gross margin ratio beside a cost of revenue and no gross margin level is still a quotient of printed
levels: with the identity ``revenue == cost_of_revenue + gross_margin`` its level is revenue less cost,
so ``gross_margin % == (revenue - cost_of_revenue) / revenue``. Where the level is printed the ``share``
kind checks the share, so this reads only shares whose level is missing, through the first identity that
gives the level from printed levels of the same place (entity, segment, period, basis).
"""

from __future__ import annotations

from fractions import Fraction

from auditor.expr import Expression, ExpressionError, Relation, parse
from auditor.index import level_key, readings
from auditor.interval import Interval, IntervalError
from auditor.kinds.share import terms
from auditor.results import best, relation_check, undecidable_check

RULE_ID = "share_levels"  # the relation's name in label_reading's evidence


def prepare_identity(source: str | Expression) -> Expression:
    """A level identity: a linear equation (``==``) between concept names."""
    expression = source if isinstance(source, Expression) else parse(source)
    form = expression.linear()
    if form is None or form.op != "==":
        raise ExpressionError("an identity must be a linear equation (==) between concepts")
    return expression


def solved(identity: Expression, concept: str) -> tuple[dict[str, Fraction], Fraction] | None:
    """``concept`` as ``sum(coefficient * other) + constant`` by the identity, or None when the identity
    does not name it."""
    form = identity.linear()
    coefficients = dict(form.coefficients)
    own = coefficients.pop(concept, Fraction(0))
    if not own:
        return None
    return ({name: -value / own for name, value in coefficients.items()}, -form.constant / own)


def checks(index, identities: list[Expression]):
    """A check for every printed share whose level is not printed and that an identity reaches."""
    for figure in index.of_measure("share"):
        part, whole = terms(figure.key)
        if part in index.figures or whole not in index.figures:
            continue
        for identity in identities:
            found = level_through(index, identity, part)
            if found is not None:
                yield check_figures(figure, index.figures[whole], identity, part.concept, found)
                break


def level_through(index, identity: Expression, part) -> list | None:
    """The printed levels the identity gives ``part`` from, or None when one of them is missing."""
    form = solved(identity, part.concept)
    if form is None:
        return None
    keys = [level_key(part.entity, part.segment, name, part.period, part.basis) for name in form[0]]
    figures = [index.figures.get(key) for key in keys]
    return None if not figures or None in figures else figures


def check_figures(share, whole, identity: Expression, concept: str, levels: list):
    coefficients, constant = solved(identity, concept)
    results = [check_reading(share_r, whole_r, identity, coefficients, constant, list(levels_r))
               for share_r, whole_r, *levels_r in readings([share, whole, *levels])]
    return best(results)


def check_reading(share, whole, identity, coefficients, constant, levels):
    facts = list(dict.fromkeys(share.facts + whole.facts + [fact for level in levels for fact in level.facts]))
    level = Interval.point(constant)
    for figure in levels:
        level = level + figure.interval * Interval.point(coefficients[figure.key.concept])
    texts = identity.substitute({figure.key.concept: figure.facts[0].shown for figure in levels})
    shown = f"{share.facts[0].shown} == {share.key.concept} / {whole.facts[0].shown} where {texts}"
    what = f"{share.key.concept} as a share of {share.key.of}, its level by {identity.source}"
    try:
        computed = level / whole.interval
    except IntervalError:
        return undecidable_check(RULE_ID, f"{what}: the divisor may be zero", facts, "ratio", shown, share.key)
    return relation_check(RULE_ID, Relation(share.interval, "==", computed), facts, "ratio", shown, what,
                          share.key)
