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

from typing import Literal

from auditor.expr import Expression, ExpressionError, ZeroDivisor, parse
from auditor.index import readings
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


def evaluate(rule, params, index):
    yield from evaluate_places(rule, params, index.by_place)


def evaluate_places(rule, params, places: dict):
    """The expression at every place (a key beginning entity, segment, period, basis -> figures by concept)."""
    expression: Expression = params.check
    names = expression.names
    for (entity, segment, period, basis, *_), figures in places.items():
        if params.segments == "total" and segment is not None:
            continue
        present = [name for name in names if name in figures]
        if len(present) < 2:
            continue
        facts = [fact for name in present for fact in figures[name].facts]
        if len(present) < len(names):
            missing = ", ".join(name for name in names if name not in figures)
            yield Skip(rule.id, f"missing figure(s): {missing}", facts)
            continue
        yield from evaluate_place(rule, expression, [figures[name] for name in names], facts)


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
