"""derived_change: a change stated for a period no document prints is checked against the figures that
tile it.

A change whose current or base figure is printed nowhere is skipped by the change rules. When that
figure is the difference of two printed figures of the same flow (same entity, segment, concept, basis and
standard), a longer period less the part of it that precedes or follows ("2Q13 = 1H13 - 1Q13", "2H14 =
FY2014 - 1H14", "3Q16 = 1Q-3Q16 - 1H16"), the change is checked against that difference: "2Q14 up 5.0%
YoY" against 2Q14 and 1H13 - 1Q13, "2H14 grew by 10.0%" against FY2014 - 1H14 and FY2013 - 1H13. A
failing check's message shows the chain of each derived figure: "2H14 = FY2014 - 1H14 = 210,000 JPY
million - 100,000 JPY million = [109,999, 110,001] JPY million". Where the difference could be zero under a relative change, the check is
undecidable (a warning), never passed.

Parameters: none.
"""

from __future__ import annotations

from dataclasses import replace

from auditor.kinds.change import compare
from auditor.kinds.implied_base import period_name
from auditor.model import Strict
from auditor.periods import Span
from auditor.results import show_interval


class Params(Strict):
    pass


def derived(index, key, period, basis):
    """(interval, facts, text, chain) of the level at ``period``: printed (no chain), or a printed whole
    less a printed part; None when neither."""
    printed = index.level(key.entity, key.segment, key.concept, period, basis)
    if printed is not None:
        return (printed.interval, list(printed.facts), printed.facts[0].shown, None) if printed.interval else None
    if not isinstance(period, Span) or index.concept_kind(key.concept) != "flow":
        return None
    series = index.by_series.get((key.entity, key.segment, key.concept, basis), {})
    for whole in sorted((span for span in series if isinstance(span, Span)), key=lambda span: (span.months, span)):
        if not (whole.first <= period.first and period.last <= whole.last) or whole == period:
            continue
        if whole.first == period.first:
            rest = Span(period.last + 1, whole.last)
        elif whole.last == period.last:
            rest = Span(whole.first, period.first - 1)
        else:
            continue
        part = series.get(rest)
        outer = series[whole]
        if part is None or part.interval is None or outer.interval is None:
            continue
        text = f"({outer.facts[0].shown} {whole} - {part.facts[0].shown} {rest})"
        interval = outer.interval - part.interval
        chain = (f"{period_name(period)} = {period_name(whole)} - {period_name(rest)} = {outer.facts[0].shown} - "
                 f"{part.facts[0].shown} = {show_interval(interval, outer.dimension)}")
        return interval, [*outer.facts, *part.facts], text, chain
    return None


def evaluate(rule, params, index):
    for figure in index.of_measure("change", "pct_change"):
        key = figure.key
        if key.of is not None or key.base_period is None or figure.interval is None:
            continue
        printed = [index.level(key.entity, key.segment, key.concept, period, basis)
                   for period, basis in ((key.period, key.basis), (key.base_period, key.base_basis))]
        if all(found is not None for found in printed):
            continue  # the change rules' check
        current = derived(index, key, key.period, key.basis)
        base = derived(index, key, key.base_period, key.base_basis)
        if current is None or base is None:
            continue  # the change rules report it as skipped for a missing figure

        check = compare(rule, figure, current[0], base[0], current[1], base[1], current[2], base[2], key.concept)
        chains = [found[3] for found in (current, base) if found[3]]
        if not check.passed:  # a passed check keeps no relation text (as every kind)
            check = replace(check, message=f"{check.message}; {'; '.join(chains)}")
        yield check
