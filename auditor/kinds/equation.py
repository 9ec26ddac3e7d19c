"""equation: an identity between concepts of the same entity, segment, period and basis.

``check`` is an expression over concept names, e.g. ``revenue == cost_of_revenue + gross_margin`` or
``net_income == income_before_tax - income_tax + equity_method_income + nci_loss``. The rule runs at every
place (entity, segment, period, basis) where all its concepts are printed; where only some of them are,
the place is reported as skipped (missing figures). Repeated figures are intersected first; when they
conflict, each agreeing reading is checked.

Parameters:
  check: the expression (one comparison at the top: ==, <=, >=, <, >).
  segments: ``any`` (default) or ``total`` (only entity totals, no segment).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator, Literal, Mapping

from auditor.expr import Expression, ExpressionError, ZeroDivisor, parse
from auditor.index import level_key, readings
from auditor.model import Strict
from auditor.rulenames import expression_references
from auditor.results import Skip, best, relation_check, undecidable_check


class Params(Strict):
    check: str | Expression
    segments: Literal["any", "total"] = "any"

    model_config = {**Strict.model_config, "arbitrary_types_allowed": True}


def prepare(params: Params) -> Params:
    expression = parse(params.check)
    if not expression.is_relation:
        raise ExpressionError("an equation needs a comparison (==, <=, >=, <, >)")
    params.check = expression
    return params


def references(params: Params):
    return expression_references(params.check, "check")


def places(params: Params, by_place: Mapping[tuple, Mapping]) -> Iterator[tuple[tuple, Mapping, list[str]]]:
    """``(place, what is there by concept, the rule's names found there)`` for the places (entity, segment,
    period, basis) of ``by_place`` the rule applies to, in its order: those with at least one of its
    figures. Evaluation passes the printed levels, diagnosis the known ones (printed or derived)."""
    names = params.check.names
    for place, found in by_place.items():
        if params.segments == "total" and place[1] is not None:
            continue
        present = [name for name in names if name in found]
        if present:
            yield place, found, present


def evaluate(rule, params, index):
    yield from evaluate_places(rule, params, index.by_place)


def evaluate_places(rule, params, by_place: Mapping[tuple, Mapping]):
    """The expression at every place of ``by_place`` (a key beginning entity, segment, period, basis ->
    figures by concept): the printed levels, or another kind's grouping (share_equation's shares)."""
    names = params.check.names
    for _, figures, present in places(params, by_place):
        if len(present) < 2:  # one printed figure checks nothing
            continue
        facts = [fact for name in present for fact in figures[name].facts]
        if len(present) < len(names):
            missing = ", ".join(name for name in names if name not in figures)
            yield Skip(rule.id, f"missing figure(s): {missing}", facts)
            continue
        yield from evaluate_place(rule, params.check, [figures[name] for name in names], facts)


def evaluate_place(rule, expression, figures, facts):
    yield best([evaluate_reading(rule, expression, list(reading)) for reading in readings(figures)])


def evaluate_reading(rule, expression, figures):
    facts = [fact for figure in figures for fact in figure.facts]
    env = {figure.key.concept: figure.interval for figure in figures}
    texts = {figure.key.concept: figure_text(figure) for figure in figures}
    subject = figures[0].key
    try:
        relation = expression.evaluate(env)
    except ZeroDivisor as error:
        return undecidable_check(rule.id, str(error), facts, figures[0].dimension,
                                 expression.substitute(texts), subject)
    return relation_check(rule.id, relation, facts, figures[0].dimension, expression.substitute(texts),
                         expression.source, subject)


def figure_text(figure) -> str:
    return figure.facts[0].shown


def constraints(rule, params, index, anchors, levels):
    """The relation as one :class:`~auditor.diagnosis.constraints.Linear` per place where at least one of
    its figures is known (``levels``), when the expression is linear; an equation that is not (a product
    or quotient of figures, abs, min, max) is checked but not propagated."""
    from auditor.diagnosis.constraints import Linear  # diagnosis only: a plain check never loads it

    form = params.check.linear()
    if form is None:
        return
    rhs = relation_range(form.op, form.constant)
    known: dict[tuple, set[str]] = defaultdict(set)
    for key in levels:
        known[(key.entity, key.segment, key.period, key.basis)].add(key.concept)
    ordered = dict(sorted(known.items(), key=lambda item: str(item[0])))
    for (entity, segment, period, basis), _, _ in places(params, ordered):
        terms = tuple((coef, level_key(entity, segment, name, period, basis)) for name, coef in form.coefficients)
        yield Linear(rule.id, terms=terms, rhs=rhs)


def relation_range(op: str, constant):
    """The range of ``sum(coef * x)`` when ``sum(coef * x) + constant  op  0`` (a strict comparison read
    as its closure: the propagation's ranges are closed)."""
    from auditor.diagnosis.ranges import Range

    bound = -constant
    if op == "==":
        return Range(bound, bound)
    if op in ("<=", "<"):
        return Range(None, bound)
    return Range(bound, None)
