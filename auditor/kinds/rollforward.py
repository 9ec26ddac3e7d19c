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

from fractions import Fraction

from auditor.expr import Expression, ExpressionError, Relation, ZeroDivisor, parse
from auditor.index import readings
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


def evaluate(rule, params, index):
    for (entity, segment, concept, basis), series in index.by_series.items():
        if concept != params.stock:
            continue
        dates = sorted(period for period in series if isinstance(period, Instant))
        for position, start in enumerate(dates):
            for end in dates[position + 1:]:
                span = Span(start.month + 1, end.month)
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
    slack: Fraction = params.slack
    shown = (f"{end.facts[0].shown} - {start.facts[0].shown} == "
             + expression.substitute({flow.key.concept: flow.facts[0].shown for flow in flows})
             + (f" ± {slack}" if slack else ""))
    what = f"the movement of {params.stock} from {start.key.period} to {end.key.period}"
    try:
        computed = expression.evaluate({flow.key.concept: flow.interval for flow in flows})
    except ZeroDivisor as error:
        return undecidable_check(rule.id, f"in {what}, {error}", facts, end.dimension, shown, end.key)
    computed = Interval(computed.lo - slack, computed.hi + slack)
    moved = end.interval - start.interval
    return relation_check(rule.id, Relation(moved, "==", computed), facts, end.dimension, shown, what,
                          end.key)
