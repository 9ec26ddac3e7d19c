"""tiled_equation: an identity between concepts at a period where some of its flows are printed only for
the sub-periods that tile it.

A results deck prints a half year's or a year's income before tax and net income, and the tax,
equity-method and non-controlling lines only per quarter (deck 003's table of 1Q11 to 2Q12); the previous
year's deck may print the first of those quarters. The equation ``net_income == income_before_tax -
income_tax + equity_method_income + nci_loss`` still holds for the half: each missing flow is the sum of
its printed quarters, within and across documents (1H11 = 1Q11 + 2Q11 with 1Q11 from the 2011 deck or the
2012 one). The rule runs where the ``equation`` kind cannot (a concept missing at the place) and every
missing concept is a flow whose printed sub-periods of the same entity, segment and basis tile the period
exactly (the shortest tiling, as ``aggregation`` finds it). Where some missing flows are tiled and others
are not it skips, saying which; a place where none is tiled is the ``equation`` rule's skip.
Repeated figures are read as in ``equation``.

Parameters:
  check: the expression (one comparison at the top: ==, <=, >=, <, >).
  segments: ``any`` (default) or ``total`` (only entity totals, no segment).
"""

from __future__ import annotations

from auditor.expr import ZeroDivisor
from auditor.index import Figure, level_key, readings
from auditor.interval import sum_all
from auditor.kinds.aggregation import tilings
from auditor.kinds.equation import Params, places, prepare, references  # noqa: F401 (the kind's API)
from auditor.periods import Span
from auditor.results import Skip, best, relation_check, undecidable_check



def evaluate(rule, params, index):
    names = params.check.names
    for place, found, present in places(params, index.by_place):
        missing = [name for name in names if name not in found]
        if not missing or len(present) < 2:  # the equation kind's place, or one printed figure
            continue
        summed = {name: summed_figure(index, place, name) for name in missing}
        facts = [fact for name in present for fact in found[name].facts]
        absent = [name for name, figure in summed.items() if figure is None]
        if len(absent) == len(missing):  # nothing tiled: the equation rule reports the place as skipped
            continue
        if absent:
            yield Skip(rule.id, f"missing figure(s), not tiled by printed sub-periods: {', '.join(absent)}",
                       facts)
            continue
        figures = [found[name] if name in found else summed[name] for name in names]
        yield best([check_reading(rule, params.check, list(reading)) for reading in readings(figures)])


def summed_figure(index, place: tuple, concept: str) -> Figure | None:
    """The flow ``concept`` at the place's period as the sum of the shortest tiling by its printed
    sub-periods, or None (not a flow, no tiling, or a sub-period whose statements conflict)."""
    entity, segment, period, basis = place[:4]
    if not isinstance(period, Span) or index.concept_kind(concept) != "flow":
        return None
    series = index.by_series.get((entity, segment, concept, basis), {})
    spans = [span for span in series if isinstance(span, Span)]
    found = tilings(period, spans, 1)
    if not found:
        return None
    parts = [series[span] for span in found[0]]
    if any(part.interval is None for part in parts):
        return None
    return Figure(level_key(entity, segment, concept, period, basis),
                  [fact for part in parts for fact in part.facts], sum_all([part.interval for part in parts]))


def figure_text(figure) -> str:
    """A printed figure's text; a summed one's parts, one per sub-period."""
    if figure.key.period == figure.facts[0].key.period:
        return figure.facts[0].shown
    parts = dict.fromkeys((fact.key.period, fact.shown) for fact in figure.facts)
    return "(" + " + ".join(f"{shown} ({period})" for period, shown in parts) + ")"


def check_reading(rule, expression, figures):
    facts = list(dict.fromkeys(fact for figure in figures for fact in figure.facts))
    env = {figure.key.concept: figure.interval for figure in figures}
    shown = expression.substitute({figure.key.concept: figure_text(figure) for figure in figures})
    subject = figures[0].key
    try:
        relation = expression.evaluate(env)
    except ZeroDivisor as error:
        return undecidable_check(rule.id, str(error), facts, figures[0].dimension, shown, subject)
    return relation_check(rule.id, relation, facts, figures[0].dimension, shown,
                          f"{expression.source} with sub-periods summed", subject)
