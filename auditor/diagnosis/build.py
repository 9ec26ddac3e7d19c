"""Instantiate the constraints of a rule set over the figures of an index (and over derived figures).

One constraint per place a relational rule applies to, including places where some of its figures are
not printed: those are the ones propagation can fill in. ``anchors`` are the keys known to exist (printed,
or derived in an earlier round); a rule is instantiated wherever at least one of its figures is an anchor.

| rule kind | constraint |
| --- | --- |
| equation (linear expressions) | :class:`Linear` at each place (entity, segment, period, basis) |
| part_whole | :class:`Linear` total - parts == 0 (non-exhaustive: >= 0, used for implied values only) |
| aggregation | :class:`Linear` for tilings of printed periods, their complements and fiscal sub-periods |
| rollforward | :class:`Linear` end - start - flows within +-slack, for each two printed dates |
| change / balance_change | :class:`Linear` (change, point_change), :class:`RelChange`, :class:`Quotient` |
| share | :class:`Quotient` share == part / whole |

agreement is not a constraint: repeated statements are already intersected into one figure. direction,
trend, provenance and period_label state no value relation and are not propagated.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from fractions import Fraction

from auditor.diagnosis.constraints import Constraint, Linear, Quotient, RelChange
from auditor.diagnosis.ranges import Range
from auditor.kinds.aggregation import tilings
from auditor.kinds.part_whole import resolve
from auditor.model import Key
from auditor.periods import Instant, Span

NOT_LINEAR = object()


def linearize(node, source: str):
    """``(coefficients by name, constant)`` of a linear expression tree, or NOT_LINEAR."""
    if isinstance(node, ast.Name):
        return {node.id: Fraction(1)}, Fraction(0)
    if isinstance(node, ast.Constant):
        return {}, Fraction(ast.get_source_segment(source, node))
    if isinstance(node, ast.UnaryOp):
        inner = linearize(node.operand, source)
        if inner is NOT_LINEAR:
            return NOT_LINEAR
        sign = -1 if isinstance(node.op, ast.USub) else 1
        return {k: v * sign for k, v in inner[0].items()}, inner[1] * sign
    if isinstance(node, ast.Call) and node.func.id == "sum":
        parts = [linearize(arg, source) for arg in node.args]
        return NOT_LINEAR if NOT_LINEAR in parts else _combine(parts, [1] * len(parts))
    if isinstance(node, ast.BinOp):
        left, right = linearize(node.left, source), linearize(node.right, source)
        if NOT_LINEAR in (left, right):
            return NOT_LINEAR
        if isinstance(node.op, (ast.Add, ast.Sub)):
            return _combine([left, right], [1, 1 if isinstance(node.op, ast.Add) else -1])
        if isinstance(node.op, ast.Mult):
            if not left[0]:
                return _combine([right], [left[1]])
            if not right[0]:
                return _combine([left], [right[1]])
        if isinstance(node.op, ast.Div) and not right[0] and right[1] != 0:
            return _combine([left], [1 / right[1]])
    return NOT_LINEAR


def _combine(parts, factors):
    coefs: dict[str, Fraction] = defaultdict(Fraction)
    constant = Fraction(0)
    for (names, const), factor in zip(parts, factors):
        for key, value in names.items():
            coefs[key] += value * factor
        constant += const * factor
    return dict(coefs), constant


def relation_range(op: str, constant: Fraction) -> Range:
    """The range of ``sum(coef * x)`` when ``sum(coef * x) + constant  op  0``."""
    bound = -constant
    if op == "==":
        return Range(bound, bound)
    if op in ("<=", "<"):
        return Range(None, bound)
    return Range(bound, None)


def level(entity, segment, concept, period, basis) -> Key:
    return Key(entity, segment, concept, "level", period, basis)


class ConstraintSet:
    """Constraints, deduplicated, indexed by variable and by (rule id, variable)."""

    def __init__(self) -> None:
        self.items: list[Constraint] = []
        self.by_key: dict[Key, list[Constraint]] = defaultdict(list)
        self.by_rule_key: dict[tuple[str, Key], list[Constraint]] = defaultdict(list)
        self._seen: set = set()
        self._canon: dict[Key, Key] = {}

    def canonical(self, key: Key) -> Key:
        """The one object this set uses for ``key`` (constraints compare keys by identity)."""
        return self._canon.setdefault(key, key)

    def add(self, constraint: Constraint) -> None:
        if len(set(constraint.keys)) < 2:
            return
        sign = (constraint.rule_id, type(constraint).__name__, constraint.keys,
                getattr(constraint, "terms", None), getattr(constraint, "rhs", None))
        if sign in self._seen:
            return
        self._seen.add(sign)
        constraint.canonicalize(self.canonical)
        self.items.append(constraint)
        for key in set(constraint.keys):
            self.by_key[key].append(constraint)
            self.by_rule_key[(constraint.rule_id, key)].append(constraint)

    def for_check(self, check) -> Constraint | None:
        """The constraint a check of a relational rule evaluated (most variables in common)."""
        keys = {fact.key for fact in check.facts}
        best, best_score = None, (False, 0)
        for key in keys:
            for constraint in self.by_rule_key.get((check.rule_id, key), []):
                own = set(constraint.keys)
                score = (own <= keys, len(own & keys))
                if score > best_score:
                    best, best_score = constraint, score
        return best


def key_order(key: Key) -> tuple[str, str]:
    """A deterministic order of keys (sets of keys iterate in hash order, which varies between runs)."""
    return (key.describe(), repr(key))


def build(index, ruleset, anchors=None, into: ConstraintSet | None = None) -> ConstraintSet:
    constraints = into or ConstraintSet()
    anchors = sorted(index.figures if anchors is None else anchors, key=key_order)
    levels = [key for key in anchors if key.measure == "level"]
    for rule in ruleset.rules:
        builder = BUILDERS.get(rule.kind)
        if builder is not None:
            for constraint in builder(rule, rule.params, index, anchors, levels):
                constraints.add(constraint)
    return constraints


def equation(rule, params, index, anchors, levels):
    expression = params.check
    tree = expression.tree
    sides = [linearize(tree.left, expression.source), linearize(tree.comparators[0], expression.source)]
    if NOT_LINEAR in sides:
        return
    coefs, constant = _combine(sides, [1, -1])
    op = {ast.Eq: "==", ast.LtE: "<=", ast.GtE: ">=", ast.Lt: "<", ast.Gt: ">"}[type(tree.ops[0])]
    rhs = relation_range(op, constant)
    places = {(k.entity, k.segment, k.period, k.basis) for k in levels if k.concept in coefs}
    for entity, segment, period, basis in sorted(places, key=str):
        if params.segments == "total" and segment is not None:
            continue
        terms = tuple((coef, level(entity, segment, name, period, basis)) for name, coef in coefs.items())
        yield Linear(rule.id, terms=terms, rhs=rhs)


def part_whole(rule, params, index, anchors, levels):
    concepts = [params.total.concept] if params.total.concept else list(params.concepts or [])
    totals: set[Key] = set()
    for key in levels:
        if key.concept in concepts and resolve(params.total, key.entity, key.concept) == (
                key.entity, key.segment, key.concept):
            totals.add(key)
        for selector in params.parts:
            total = total_of_part(params, selector, key, concepts)
            if total is not None:
                totals.add(total)
    rhs = Range.point(0) if params.exhaustive else Range(Fraction(0), None)
    for total in sorted(totals, key=key_order):
        terms = [(Fraction(1), total)]
        for selector in params.parts:
            entity, segment, concept = resolve(selector, total.entity, total.concept)
            terms.append((Fraction(-1), level(entity, segment, concept, total.period, total.basis)))
        yield Linear(rule.id, terms=tuple(terms), rhs=rhs, propagate=params.exhaustive)


def total_of_part(params, selector, key: Key, concepts) -> Key | None:
    """The total a printed figure is a part of under ``selector``, if it matches."""
    segment = None if selector.segment in (None, "total") else selector.segment
    if key.segment != segment:
        return None
    if selector.concept is not None and selector.concept != key.concept:
        return None
    if selector.entity is not None and selector.entity != key.entity:
        return None
    concept = key.concept if selector.concept is None else params.total.concept
    if concept is None or concept not in concepts:
        return None
    entity = key.entity if selector.entity is None else params.total.entity
    if entity is None or (params.total.entity is not None and params.total.entity != entity):
        return None
    total_segment = None if params.total.segment in (None, "total") else params.total.segment
    return level(entity, total_segment, concept, key.period, key.basis)


def candidate_spans(spans: list[Span]) -> set[Span]:
    """Printed spans plus the complements of nested pairs and the fiscal halves/quarters of years."""
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


def aggregation(rule, params, index, anchors, levels):
    series: dict[tuple, set] = defaultdict(set)
    for key in levels:
        if isinstance(key.period, Span) and (params.concepts is None or key.concept in params.concepts):
            if index.concept_kind(key.concept) == "flow":
                series[(key.entity, key.segment, key.concept, key.basis)].add(key.period)
    for (entity, segment, concept, basis), printed in series.items():
        printed = sorted(printed)
        for spans in (printed, sorted(candidate_spans(printed))):
            for whole in spans:
                for tiling in tilings(whole, spans, params.max_tilings):
                    terms = [(Fraction(1), level(entity, segment, concept, whole, basis))]
                    terms += [(Fraction(-1), level(entity, segment, concept, part, basis)) for part in tiling]
                    yield Linear(rule.id, terms=tuple(terms))


def rollforward(rule, params, index, anchors, levels):
    expression = params.flows
    lin = linearize(expression.tree, expression.source)
    if lin is NOT_LINEAR:
        return
    coefs, constant = lin
    dates: dict[tuple, set] = defaultdict(set)
    for key in levels:
        if key.concept == params.stock and isinstance(key.period, Instant):
            dates[(key.entity, key.segment, key.basis)].add(key.period)
    slack = Fraction(params.slack)
    for (entity, segment, basis), found in dates.items():
        ordered = sorted(found)
        for position, start in enumerate(ordered):
            for end in ordered[position + 1:]:
                span = Span(start.month + 1, end.month)
                if span.last < span.first:
                    continue
                terms = [(Fraction(1), level(entity, segment, params.stock, end, basis)),
                         (Fraction(-1), level(entity, segment, params.stock, start, basis))]
                terms += [(-coef, level(entity, segment, name, span, basis)) for name, coef in coefs.items()]
                yield Linear(rule.id, terms=tuple(terms), rhs=Range(constant - slack, constant + slack))


def share_key(key: Key, period, basis) -> Key:
    return Key(key.entity, key.segment, key.concept, "share", period, basis, of=key.of,
               of_segment=key.of_segment)


def share_quotient(rule_id: str, share: Key) -> Quotient:
    return Quotient(rule_id, q=share,
                    num=level(share.entity, share.segment, share.concept, share.period, share.basis),
                    den=level(share.entity, share.of_segment, share.of, share.period, share.basis))


def change(rule, params, index, anchors, levels):
    for key in anchors:
        if key.measure not in params.measures or key.base_period is None:
            continue
        if params.periods != "any" and isinstance(key.period, Instant) != (params.periods == "instant"):
            continue
        if key.of is None:
            cur = level(key.entity, key.segment, key.concept, key.period, key.basis)
            base = level(key.entity, key.segment, key.concept, key.base_period, key.base_basis)
        else:
            cur, base = share_key(key, key.period, key.basis), share_key(key, key.base_period, key.base_basis)
            yield share_quotient(rule.id, cur)
            yield share_quotient(rule.id, base)
        yield change_constraint(rule.id, key, cur, base)


def change_constraint(rule_id: str, key: Key, cur: Key, base: Key) -> Constraint:
    if key.measure in ("change", "point_change"):
        one = Fraction(1)
        return Linear(rule_id, terms=((one, key), (-one, cur), (one, base)))
    if key.measure == "attainment":
        return Quotient(rule_id, q=key, num=cur, den=base)
    return RelChange(rule_id, r=key, cur=cur, base=base)


def share(rule, params, index, anchors, levels):
    for key in anchors:
        if key.measure == "share" and (params.concepts is None or key.concept in params.concepts):
            yield share_quotient(rule.id, key._replace(base_period=None, base_basis=None))


BUILDERS = {
    "equation": equation,
    "part_whole": part_whole,
    "aggregation": aggregation,
    "rollforward": rollforward,
    "change": change,
    "balance_change": change,
    "share": share,
}
