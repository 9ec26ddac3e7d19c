"""aggregation: figures of sub-periods that exactly tile a period sum to that period's figure.

Flows only (a balance never adds up over time), and per-share amounts that a rule names in ``concepts``:
dividends per share are recorded by the period they are for (interim = 1H, year-end = 2H, annual = FY), so
that interim + year-end = annual is a tiling; earnings per share are not additive (the share count
changes) and are never named. For every flow figure of a period, every way of tiling it
with other printed periods of the same entity, segment, concept and basis is checked, within and across
documents: 1Q + 2Q = 1H, 1H + 2H = FY, 2Q10 (one month) + 3Q10 + 4Q10 = Sep 2010 .. Mar 2011.

Parameters:
  concepts: optional list of concepts (default: every flow concept).
  max_tilings: how many tilings of one period to check at most (default 8; shortest first).
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction
from typing import Iterator

from auditor.expr import Relation
from auditor.index import level_key, readings
from auditor.interval import sum_all
from auditor.model import Strict
from auditor.periods import Span
from auditor.rulenames import list_references
from auditor.results import best, relation_check


class Params(Strict):
    concepts: list[str] | None = None
    max_tilings: int = 8


def tilings(target: Span, spans: list[Span], limit: int) -> list[list[Span]]:
    """Sequences of spans (other than the target) that cover the target's months exactly, in order."""
    starting: dict[int, list[Span]] = {}
    for span in spans:
        if span != target and target.first <= span.first and span.last <= target.last:
            starting.setdefault(span.first, []).append(span)
    found: list[list[Span]] = []
    frontier: list[list[Span]] = [[span] for span in sorted(starting.get(target.first, []), reverse=True)]
    while frontier and len(found) < limit * 4 and len(frontier) < 1000:
        path = frontier.pop(0)
        end = path[-1].last
        if end == target.last:
            found.append(path)
            continue
        frontier.extend(path + [span] for span in sorted(starting.get(end + 1, []), reverse=True))
    found.sort(key=lambda path: (len(path), [(s.first, s.last) for s in path]))
    return found[:limit]


def references(params: Params):
    return list_references("concepts", params.concepts, "concepts")


# The concept kinds whose tilings the diagnosis propagates. Per-share amounts a rule names are checked but
# not propagated: propagating them would derive year-end dividends (annual - interim), a change of the
# reports' derived figures to be made on its own (add "per_share" here).
PROPAGATED = ("flow",)


def applies(params: Params, index, concept: str) -> bool:
    """Whether the rule sums the series of ``concept``: flows, and per-share amounts it names."""
    kind = index.concept_kind(concept)
    if params.concepts is None:
        return kind == "flow"
    return concept in params.concepts and kind in ("flow", "per_share")


def tiled(spans: list[Span], limit: int) -> Iterator[tuple[Span, list[Span]]]:
    """``(whole, tiling)`` for each of ``spans`` and each of its tilings by the others."""
    for whole in spans:
        for tiling in tilings(whole, spans, limit):
            yield whole, tiling


def evaluate(rule, params, index):
    for (entity, segment, concept, basis), series in index.by_series.items():
        if not applies(params, index, concept):
            continue
        spans = [period for period in series if isinstance(period, Span)]
        for whole, tiling in tiled(spans, params.max_tilings):
            figures = [series[whole], *(series[p] for p in tiling)]
            yield best([check_tiling(rule, r[0], list(r[1:])) for r in readings(figures)])


def check_tiling(rule, whole, parts):
    facts = whole.facts + [fact for part in parts for fact in part.facts]
    summed = sum_all([part.interval for part in parts])
    shown = f"{whole.facts[0].shown} ({whole.key.period}) == " + " + ".join(
        f"{part.facts[0].shown} ({part.key.period})" for part in parts)
    return relation_check(rule.id, Relation(whole.interval, "==", summed), facts, whole.dimension, shown,
                          "the sum of the sub-periods", whole.key)


def constraints(rule, params, index, anchors, levels):
    """``whole - sum(parts) == 0`` for each tiling of known periods, and of the periods propagation can
    fill in: the complements of nested known periods and the fiscal halves and quarters of known years."""
    from auditor.diagnosis.constraints import Linear  # diagnosis only: a plain check never loads it

    series: dict[tuple, set] = defaultdict(set)
    for key in levels:
        if (isinstance(key.period, Span) and applies(params, index, key.concept)
                and index.concept_kind(key.concept) in PROPAGATED):
            series[(key.entity, key.segment, key.concept, key.basis)].add(key.period)
    for (entity, segment, concept, basis), known in series.items():
        known = sorted(known)
        for spans in (known, sorted(candidate_spans(known))):
            for whole, tiling in tiled(spans, params.max_tilings):
                terms = [(Fraction(1), level_key(entity, segment, concept, whole, basis))]
                terms += [(Fraction(-1), level_key(entity, segment, concept, part, basis)) for part in tiling]
                yield Linear(rule.id, terms=tuple(terms))


def candidate_spans(spans: list[Span]) -> set[Span]:
    """Known spans plus the complements of nested pairs and the fiscal halves/quarters of years."""
    found = set(spans)
    for whole in spans:
        if whole.months in (12, 6) and (whole.first - 3) % whole.months == 0:
            step = 3
            found.update(Span(first, first + step - 1) for first in range(whole.first, whole.last, step))
            if whole.months == 12:
                found.update({Span(whole.first, whole.first + 5), Span(whole.first + 6, whole.last)})
        for part in spans:
            if part == whole or not (whole.first <= part.first and part.last <= whole.last):
                continue
            if part.first == whole.first:
                found.add(Span(part.last + 1, whole.last))
            elif part.last == whole.last:
                found.add(Span(whole.first, part.first - 1))
    return found
