"""part_whole: listed parts sum to their total.

The total and each part are selectors: a concept and/or segment and/or entity; what a selector leaves out
is taken from the total being checked. The rule runs for every printed total that matches ``total`` (each
period and basis, and each of ``concepts`` when given) and sums the parts of the same period and basis.

With ``exhaustive: true`` (default) the parts must add up to the total, and a total whose parts are not all
printed is skipped. With ``exhaustive: false`` ("such as", "etc.") the listed parts only bound it: the sum
of the printed parts must not exceed the total (for figures that cannot be negative).

Parameters:
  total: selector, e.g. ``{segment: network_services}`` or ``{concept: other_investments}``.
  parts: list of selectors.
  concepts: optional list of concepts the selectors apply to when they name no concept.
  exhaustive: true (default) or false.
"""

from __future__ import annotations

from auditor.expr import Relation
from auditor.index import readings
from auditor.interval import sum_all
from auditor.model import Key, Strict
from auditor.results import Skip, best, relation_check
from auditor.rulenames import Reference, list_references

TOTAL = "total"


class Selector(Strict):
    concept: str | None = None
    segment: str | None = None
    entity: str | None = None


class Params(Strict):
    total: Selector
    parts: list[Selector]
    concepts: list[str] | None = None
    exhaustive: bool = True


def prepare(params: Params) -> Params:
    if not params.parts:
        raise ValueError("part_whole needs at least one part")
    if params.total.concept is None and not params.concepts:
        raise ValueError("name the total's concept or give 'concepts'")
    return params


def references(params: Params) -> list[Reference]:
    found = list_references("concepts", params.concepts, "concepts")
    located = [(params.total, ("total",))] + [(part, ("parts", n)) for n, part in enumerate(params.parts)]
    for selector, path in located:
        for section, field in (("concepts", "concept"), ("segments", "segment"), ("entities", "entity")):
            name = getattr(selector, field)
            if name is not None and not (field == "segment" and name == TOTAL):
                found.append(Reference(section, name, (*path, field)))
    return found


def resolve(selector: Selector, entity: str, concept: str) -> tuple[str, str | None, str]:
    segment = None if selector.segment in (None, TOTAL) else selector.segment
    return selector.entity or entity, segment, selector.concept or concept


def evaluate(rule, params, index):
    concepts = [params.total.concept] if params.total.concept else params.concepts
    for figure in [figure for concept in concepts for figure in index.levels_by_concept.get(concept, ())]:
        key = figure.key
        if resolve(params.total, key.entity, key.concept) != (key.entity, key.segment, key.concept):
            continue
        yield from check_total(rule, params, index, figure)


def check_total(rule, params, index, total):
    key = total.key
    parts, missing = [], []
    for selector in params.parts:
        entity, segment, concept = resolve(selector, key.entity, key.concept)
        part = index.figures.get(Key(entity, segment, concept, "level", key.period, key.basis))
        (parts if part is not None else missing).append(part or (segment or concept))
    if not parts:
        return
    facts = total.facts + [fact for part in parts for fact in part.facts]
    if missing and params.exhaustive:
        yield Skip(rule.id, f"missing part(s): {', '.join(map(str, missing))}", facts)
        return
    yield best([check_reading(rule, params, reading[0], list(reading[1:]))
                for reading in readings([total, *parts])])


def check_reading(rule, params, total, parts):
    facts = total.facts + [fact for part in parts for fact in part.facts]
    if not params.exhaustive and any(figure.interval.lo < 0 for figure in [total, *parts]):
        return Skip(rule.id, "a non-exhaustive list bounds its total only when no figure is negative", facts)
    summed = sum_all([part.interval for part in parts])
    shown = f"{total.facts[0].shown} == " + " + ".join(part.facts[0].shown for part in parts)
    if params.exhaustive:
        relation, what = Relation(total.interval, "==", summed), "the parts' sum"
    else:
        relation, what = Relation(total.interval, ">=", summed), "the total bounds its listed parts"
        shown = shown.replace("==", ">=", 1)
    return relation_check(rule.id, relation, facts, total.dimension, shown, what, total.key)
