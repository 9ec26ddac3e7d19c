"""period_bound: a nonnegative flow of a sub-period is at most the flow of a period that contains it.

Where the printed sub-periods tile a period, ``aggregation`` checks that they sum to it. A sub-period that
is in no such tiling still bounds the period: the months it leaves out cannot add a negative amount of a
flow the vocabulary marks ``nonnegative`` (revenues, costs, expenses). hi-ho's revenue of June-September
2007 (JPY1,419 million in the 1H FY2007 deck) is part of its June-December 2007 revenue (JPY2,537 million
in the 3Q FY2008 deck), whose October-December part no deck prints. Within and across documents; the
same entity, segment, concept and basis.

Parameters:
  concepts: optional list; only these concepts (default: every nonnegative flow).
"""

from __future__ import annotations

from auditor.expr import Relation
from auditor.index import readings
from auditor.kinds.aggregation import tilings
from auditor.model import Strict
from auditor.periods import Span
from auditor.rulenames import list_references
from auditor.results import best, relation_check


class Params(Strict):
    concepts: list[str] | None = None


def references(params: Params):
    return list_references("concepts", params.concepts, "concepts")


def applies(params: Params, index, concept: str) -> bool:
    known = index.vocabulary.concepts[concept]
    return (known.kind == "flow" and known.nonnegative
            and (params.concepts is None or concept in params.concepts))


def untiled_parts(whole: Span, spans: list[Span]) -> list[Span]:
    """The spans strictly inside ``whole`` that no tiling of it by the others uses (aggregation checks
    those exactly)."""
    tiled = {span for tiling in tilings(whole, spans, 8) for span in tiling}
    return [span for span in spans if span != whole and whole.first <= span.first and span.last <= whole.last
            and span not in tiled]


def evaluate(rule, params, index):
    for (_entity, _segment, concept, _basis), series in index.by_series.items():
        if not applies(params, index, concept):
            continue
        spans = sorted(period for period in series if isinstance(period, Span))
        for whole in spans:
            for part in untiled_parts(whole, spans):
                figures = [series[whole], series[part]]
                yield best([check_reading(rule, *reading) for reading in readings(figures)])


def check_reading(rule, whole, part):
    facts = whole.facts + part.facts
    shown = f"{part.facts[0].shown} ({part.key.period}) <= {whole.facts[0].shown} ({whole.key.period})"
    return relation_check(rule.id, Relation(part.interval, "<=", whole.interval), facts, whole.dimension, shown,
                          "a sub-period's nonnegative flow at most its period's", whole.key)
