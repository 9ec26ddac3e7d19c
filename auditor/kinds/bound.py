"""bound: a figure printed as a bound admits every other statement of the same figure.

A fact with ``bound: over`` ("Mobile service contracts reached over 52,000"), ``at_least``, ``under`` or
``at_most`` states a side of a value, not the value (auditor.bounds): "over" admits every magnitude from
the printed figure's lowest display value up, without end. Such a fact stands in no figure of the index,
so no sum, change or ratio reads it as a value. This rule compares it with the statements of the same
figure (entity, segment, concept, measure, period, basis and what a change compares with): the figure
printed as a value elsewhere, a figure derived from the printed ones (when derived figures stand in), and
the other bounds of it. The check fails when no value is admitted by all of them: "over 180" beside a
printed 150, or "over 50" beside "under 40".

A bound that nothing else states is skipped (missing figures): a half-line alone can be neither confirmed
nor refuted. Bounds in trend claims are read by the trend rule.

Parameters: none.
"""

from __future__ import annotations

from functools import reduce

from auditor.bounds import Admitted, fact_admitted, of_interval
from auditor.model import Strict
from auditor.results import Check, Skip


class Params(Strict):
    pass


def evaluate(rule, params, index):
    for key, bounds in index.bounds.items():
        figure = index.figures.get(key)
        if figure is None and len(bounds) < 2:
            yield Skip(rule.id, f"missing figures: only the bound states {key.describe()}", list(bounds))
            continue
        yield check_key(rule, key, bounds, figure, index.vocabulary)


def common(admitted: list[Admitted]) -> Admitted | None:
    return reduce(lambda left, right: left and left.intersect(right), admitted[1:], admitted[0])


def statement(fact, admitted: Admitted) -> str:
    return f"{fact.text!r} (line {fact.line}: {admitted.show(fact.unit.factor, fact.unit.name)})"


def check_key(rule, key, bounds, figure, vocabulary) -> Check:
    admitted = [fact_admitted(fact, vocabulary) for fact in bounds]
    readings = figure.readings if figure is not None else [None]
    facts = [*bounds, *(figure.facts if figure is not None else [])]
    shown = [statement(fact, item) for fact, item in zip(bounds, admitted)]
    values = ""
    for reading in readings:
        values = "" if reading is None else " and " + " == ".join(f.shown for f in reading.facts)
        if common(admitted + ([] if reading is None else [of_interval(reading.interval)])) is not None:
            return Check(rule.id, True, facts, f"the bounds of {key.describe()} admit its other statements",
                         dimension=bounds[0].dimension, check=", ".join(shown) + values, about=key)
    reported = readings[0].interval if readings[0] is not None else None
    message = (f"the bound(s) {', '.join(shown)}{values.replace(' and ', ' admit no value in common with ', 1)}"
               if reported is not None else f"the bounds {', '.join(shown)} admit no value in common")
    between = common(admitted)  # what the bounds alone admit: the expected values, when they are bounded
    return Check(rule.id, False, facts, f"{message} ({key.describe()})",
                 expected=between.bounded() if between is not None else None, reported=reported,
                 dimension=bounds[0].dimension, check=", ".join(shown) + values, about=key)
