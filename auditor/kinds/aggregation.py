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

from auditor.expr import Relation
from auditor.index import readings
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


def evaluate(rule, params, index):
    for (entity, segment, concept, basis), series in index.by_series.items():
        kind = index.concept_kind(concept)
        if params.concepts is None and kind != "flow":
            continue
        if params.concepts is not None and (concept not in params.concepts or kind not in ("flow", "per_share")):
            continue
        spans = [period for period in series if isinstance(period, Span)]
        for period in spans:
            for tiling in tilings(period, spans, params.max_tilings):
                figures = [series[period], *(series[p] for p in tiling)]
                yield best([check_tiling(rule, r[0], list(r[1:])) for r in readings(figures)])


def check_tiling(rule, whole, parts):
    facts = whole.facts + [fact for part in parts for fact in part.facts]
    summed = sum_all([part.interval for part in parts])
    shown = f"{whole.facts[0].shown} ({whole.key.period}) == " + " + ".join(
        f"{part.facts[0].shown} ({part.key.period})" for part in parts)
    return relation_check(rule.id, Relation(whole.interval, "==", summed), facts, whole.dimension, shown,
                          "the sum of the sub-periods", whole.key)
