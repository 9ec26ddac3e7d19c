"""rollforward: a balance moves between two dates by the flows of the months in between.

For every two printed dates of the stock (same entity, segment and basis), the flows expression is
evaluated over the span from the month after the first date to the month of the second, and
``stock(end) - stock(start) == flows`` must hold within rounding plus ``slack`` (JPY million), the
documented bound for effects the decks do not print (exchange-rate effects on cash, say).

Examples: ``accumulated_deficit`` with ``net_income + dividends_paid`` (dividends paid are a negative cash
flow); ``cash`` with ``operating_cash_flow + investing_cash_flow + financing_cash_flow``.

Parameters:
  stock: the balance concept.
  flows: expression over flow concepts (no comparison).
  slack: non-negative number of JPY million allowed for unprinted effects (default 0).
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction
from typing import Iterable, Iterator

from auditor.expr import Expression, ExpressionError, Relation, ZeroDivisor, parse
from auditor.index import level_key, readings
from auditor.interval import Interval
from auditor.model import Strict
from auditor.numbers import parse_number
from auditor.periods import Instant, Span
from auditor.rulenames import Reference, expression_references
from auditor.results import Skip, best, relation_check, undecidable_check


class Params(Strict):
    stock: str
    flows: str | Expression
    slack: str = "0"

    model_config = {**Strict.model_config, "arbitrary_types_allowed": True}


def prepare(params: Params) -> Params:
    expression = parse(params.flows)
    if expression.is_relation:
        raise ExpressionError("'flows' is an expression, not a comparison")
    params.flows = expression
    value = parse_number(params.slack).value
    if value < 0:
        raise ValueError("slack must not be negative")
    params.slack = value
    return params


def references(params: Params):
    return [Reference("concepts", params.stock, ("stock",)), *expression_references(params.flows, "flows")]


def movements(periods: Iterable) -> Iterator[tuple[Instant, Instant, Span]]:
    """``(start, end, the span of months between)`` for every two dates among ``periods``, in date order
    (two dates of one month have no months between: no movement)."""
    dates = sorted(period for period in periods if isinstance(period, Instant))
    for position, start in enumerate(dates):
        for end in dates[position + 1:]:
            span = Span(start.month + 1, end.month)
            if span.first <= span.last:
                yield start, end, span


def evaluate(rule, params, index):
    for (entity, segment, concept, basis), series in index.by_series.items():
        if concept != params.stock:
            continue
        for start, end, span in movements(series):
            place = index.by_place.get((entity, segment, span, basis), {})
            yield from check_pair(rule, params, series[start], series[end], place)


def check_pair(rule, params, start, end, place):
    expression: Expression = params.flows
    flows = [place[name] for name in expression.names if name in place]
    facts = start.facts + end.facts + [fact for flow in flows for fact in flow.facts]
    if not flows:
        return
    if len(flows) < len(expression.names):
        missing = ", ".join(name for name in expression.names if name not in place)
        yield Skip(rule.id, f"missing flow(s): {missing}", facts)
        return
    yield best([check_reading(rule, params, r[0], r[1], list(r[2:])) for r in readings([start, end, *flows])])


def check_reading(rule, params, start, end, flows):
    expression: Expression = params.flows
    facts = start.facts + end.facts + [fact for flow in flows for fact in flow.facts]
    allowed: Fraction = params.slack  # beyond rounding, for effects the decks do not print
    shown = (f"{end.facts[0].shown} - {start.facts[0].shown} == "
             + expression.substitute({flow.key.concept: flow.facts[0].shown for flow in flows})
             + (f" ± {allowed}" if allowed else ""))
    what = f"the movement of {params.stock} from {start.key.period} to {end.key.period}"
    try:
        computed = expression.evaluate({flow.key.concept: flow.interval for flow in flows})
    except ZeroDivisor as error:
        return undecidable_check(rule.id, f"in {what}, {error}", facts, end.dimension, shown, end.key)
    computed = Interval(computed.lo - allowed, computed.hi + allowed)
    moved = end.interval - start.interval
    return relation_check(rule.id, Relation(moved, "==", computed), facts, end.dimension, shown, what,
                          end.key)


def constraints(rule, params, index, anchors, levels):
    """``end - start - flows`` within the flows' constant plus or minus the slack, for every two known dates
    of the stock, when the flows expression is linear (one that is not is checked but not propagated)."""
    from auditor.diagnosis.constraints import Linear  # diagnosis only: a plain check never loads it
    from auditor.diagnosis.ranges import Range

    form = params.flows.linear()
    if form is None:
        return
    dates: dict[tuple, set] = defaultdict(set)
    for key in levels:
        if key.concept == params.stock:
            dates[(key.entity, key.segment, key.basis)].add(key.period)
    allowed: Fraction = params.slack  # the same allowance as evaluation's
    rhs = Range(form.constant - allowed, form.constant + allowed)
    for (entity, segment, basis), known in dates.items():
        for start, end, span in movements(known):
            terms = [(Fraction(1), level_key(entity, segment, params.stock, end, basis)),
                     (Fraction(-1), level_key(entity, segment, params.stock, start, basis))]
            terms += [(-coef, level_key(entity, segment, name, span, basis)) for name, coef in form.coefficients]
            yield Linear(rule.id, terms=tuple(terms), rhs=rhs)
