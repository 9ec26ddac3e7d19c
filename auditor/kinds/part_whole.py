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

from fractions import Fraction

from auditor.expr import Relation
from auditor.index import level_key, readings
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


def total_concepts(params: Params) -> list[str]:
    return [params.total.concept] if params.total.concept else list(params.concepts)


def is_total(params: Params, key: Key) -> bool:
    """Whether a level is a total the rule checks."""
    return (key.concept in total_concepts(params)
            and resolve(params.total, key.entity, key.concept) == (key.entity, key.segment, key.concept))


def part_keys(params: Params, total: Key) -> list[Key]:
    """The keys of the parts of ``total`` (same period and basis), in the order of ``parts``."""
    found = []
    for selector in params.parts:
        entity, segment, concept = resolve(selector, total.entity, total.concept)
        found.append(level_key(entity, segment, concept, total.period, total.basis))
    return found


def evaluate(rule, params, index):
    for concept in total_concepts(params):
        for figure in index.levels_by_concept.get(concept, ()):
            if is_total(params, figure.key):
                yield from check_total(rule, params, index, figure)


def check_total(rule, params, index, total):
    parts, missing = [], []
    for key in part_keys(params, total.key):
        part = index.figures.get(key)
        (parts if part is not None else missing).append(part or (key.segment or key.concept))
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


def constraints(rule, params, index, anchors, levels):
    """``total - sum(parts) == 0`` (non-exhaustive: ``>= 0``, used for implied values only, since the kind
    checks it only when no figure is negative) for every total that is known or has a known part."""
    from auditor.diagnosis.build import key_order  # diagnosis only: a plain check never loads it
    from auditor.diagnosis.constraints import Linear
    from auditor.diagnosis.ranges import Range

    totals: set[Key] = set()
    for key in levels:
        if is_total(params, key):
            totals.add(key)
        for selector in params.parts:
            total = total_of_part(params, selector, key)
            if total is not None:
                totals.add(total)
    rhs = Range.point(0) if params.exhaustive else Range(Fraction(0), None)
    for total in sorted(totals, key=key_order):
        terms = [(Fraction(1), total)] + [(Fraction(-1), part) for part in part_keys(params, total)]
        yield Linear(rule.id, terms=tuple(terms), rhs=rhs, propagate=params.exhaustive)


def total_of_part(params: Params, selector: Selector, key: Key) -> Key | None:
    """The total a level is a part of under ``selector``, if it matches (the inverse of part_keys)."""
    segment = None if selector.segment in (None, TOTAL) else selector.segment
    if key.segment != segment:
        return None
    if selector.concept is not None and selector.concept != key.concept:
        return None
    if selector.entity is not None and selector.entity != key.entity:
        return None
    concept = key.concept if selector.concept is None else params.total.concept
    if concept is None or concept not in total_concepts(params):
        return None
    entity = key.entity if selector.entity is None else params.total.entity
    if entity is None or (params.total.entity is not None and params.total.entity != entity):
        return None
    total_segment = None if params.total.segment in (None, TOTAL) else params.total.segment
    return level_key(entity, total_segment, concept, key.period, key.basis)
