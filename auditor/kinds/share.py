"""share: a "% of Revenues" figure (or a margin or equity ratio) equals the concept divided by its base.

For every fact with ``measure: share`` the rule looks up the level of the same concept and the level of its
denominator (``of``, default ``revenue``; ``of_segment``, default the same segment) for the same entity,
period and basis, and checks ``share == concept / of`` within display rounding. When either level is not
printed the share is reported as skipped.

Parameters:
  concepts: optional list; only shares of these concepts.
"""

from __future__ import annotations

from auditor.expr import Relation
from auditor.index import level_key, readings
from auditor.interval import IntervalError
from auditor.model import Key, Strict
from auditor.rulenames import list_references
from auditor.results import Skip, best, relation_check, undecidable_check


class Params(Strict):
    concepts: list[str] | None = None


def references(params: Params):
    return list_references("concepts", params.concepts, "concepts")


def applies(params: Params, key: Key) -> bool:
    """Whether the rule checks the figure of ``key``."""
    return key.measure == "share" and (params.concepts is None or key.concept in params.concepts)


def terms(share: Key) -> tuple[Key, Key]:
    """The levels a share is the quotient of: (part, whole), same entity, period and basis."""
    return (level_key(share.entity, share.segment, share.concept, share.period, share.basis),
            level_key(share.entity, share.of_segment, share.of, share.period, share.basis))


def evaluate(rule, params, index):
    for figure in index.of_measure("share"):
        if applies(params, figure.key):
            part, whole = (index.figures.get(key) for key in terms(figure.key))
            yield from check_share(rule, figure, part, whole)


def check_share(rule, figure, part, whole):
    facts = list(figure.facts)
    if part is None or whole is None:
        missing = [name for name, found in ((figure.key.concept, part), (figure.key.of, whole)) if found is None]
        yield Skip(rule.id, f"missing figure(s): {', '.join(missing)}", facts)
        return
    yield best([check_reading(rule, *reading) for reading in readings([figure, part, whole])])


def check_reading(rule, figure, part, whole):
    facts = figure.facts + part.facts + whole.facts
    shown = f"{figure.facts[0].shown} == {part.facts[0].shown} / {whole.facts[0].shown}"
    what = f"{figure.key.concept} as a share of {figure.key.of}"
    try:
        computed = part.interval / whole.interval
    except IntervalError:
        return undecidable_check(rule.id, f"{what}: the divisor {figure.key.of} ({whole.facts[0].shown}) may be "
                                 "zero", facts, "ratio", shown, figure.key)
    return relation_check(rule.id, Relation(figure.interval, "==", computed), facts, "ratio", shown, what,
                         figure.key)


def constraints(rule, params, index, anchors, levels):
    """``share == part / whole`` for every known share the rule checks."""
    for key in anchors:
        if applies(params, key):
            yield quotient(rule.id, key._replace(base_period=None, base_basis=None))


def quotient(rule_id: str, share: Key):
    """The share as a :class:`~auditor.diagnosis.constraints.Quotient` of its levels (the change kind
    relates shares of two periods through it too)."""
    from auditor.diagnosis.constraints import Quotient  # diagnosis only: a plain check never loads it

    part, whole = terms(share)
    return Quotient(rule_id, q=share, num=part, den=whole)
