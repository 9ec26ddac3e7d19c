"""Levels no document prints, as the printed figures imply them through short chains.

A level that is not printed can still be pinned down: a longer period less the part of it that precedes
or follows (2Q11 = 1H11 - 1Q11), two parts that tile it (1H11 = 1Q11 + 2Q11), the other side of a change
("2Q12 JPY1,889 million, up JPY355 million YoY" implies 2Q11; 2Q11 and "up 23.2%" imply 2Q12), or an
absolute and a relative change of one comparison (|base| = change / relative change, for a concept that
cannot be negative). Each step's inputs are themselves printed or implied, up to ``DEPTH`` steps, so
chains cross documents wherever the figures meet on one key.

A resolution never uses the facts it is asked to leave out (the statements a check is about), so no check
is proved by its own statement. Only figures whose repeats agree take part: a conflict is the agreement
rule's finding, and a chain through it would prove nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from auditor.interval import Interval, IntervalError
from auditor.kinds.implied_base import implied
from auditor.model import Key
from auditor.periods import Span

DEPTH = 3  # steps of a chain: enough for half - quarter from a change, small enough to stay cheap
MAX_WAYS = 8  # implications of one level that a check compares


@dataclass(frozen=True)
class Way:
    """One way of knowing a level: its interval, the facts it rests on and the chain in words."""

    interval: Interval
    facts: tuple
    text: str
    printed: bool = False
    steps: int = 0

    @property
    def ids(self) -> frozenset:
        return frozenset(fact.id for fact in self.facts)


def level_key(key: Key, period, basis) -> Key:
    return Key(key.entity, key.segment, key.concept, "level", period, basis)


def shown(figure) -> str:
    return f"{figure.facts[0].shown} {figure.key.period}"


class Chains:
    """Resolves levels over one index; the change statements are grouped once by the levels they touch."""

    def __init__(self, index) -> None:
        self.index = index
        self.by_current: dict[Key, list] = {}
        self.by_base: dict[Key, list] = {}
        self.by_comparison: dict[tuple, dict[str, object]] = {}
        for figure in index.of_measure("change", "pct_change"):
            key = figure.key
            if key.of is not None or key.base_period is None or figure.interval is None:
                continue
            if (key.period, key.basis) == (key.base_period, key.base_basis):
                continue
            self.by_current.setdefault(level_key(key, key.period, key.basis), []).append(figure)
            self.by_base.setdefault(level_key(key, key.base_period, key.base_basis), []).append(figure)
            self.by_comparison.setdefault(key._replace(measure=""), {})[key.measure] = figure

    def printed(self, key: Key):
        figure = self.index.figures.get(key)
        return figure if figure is not None and figure.interval is not None else None

    def resolve(self, key: Key, excluded: frozenset, depth: int = DEPTH, visiting: frozenset = frozenset()):
        """The first way of knowing ``key`` (printed first, then the shortest chain), or None."""
        ways = self.ways(key, excluded, depth, visiting, limit=1)
        return ways[0] if ways else None

    def ways(self, key: Key, excluded: frozenset, depth: int = DEPTH, visiting: frozenset = frozenset(),
             limit: int = MAX_WAYS) -> list[Way]:
        """Ways of knowing ``key`` without the facts in ``excluded``, printed first, at most ``limit``."""
        found: list[Way] = []
        figure = self.printed(key)
        if figure is not None and not excluded.intersection(fact.id for fact in figure.facts):
            found.append(Way(figure.interval, tuple(figure.facts), shown(figure), printed=True))
        if depth <= 0 or key in visiting:
            return found[:limit]
        inner = visiting | {key}
        seen = {way.ids for way in found}
        for make in (self.from_tiles, self.from_changes, self.from_pairs):
            for way in make(key, excluded, depth - 1, inner):
                if len(found) >= limit:
                    return found
                if way.ids not in seen:  # the same facts the other way round (1Q + 2Q, 2Q + 1Q)
                    seen.add(way.ids)
                    found.append(way)
        return found[:limit]

    def from_tiles(self, key: Key, excluded, depth, visiting):
        """A flow over a span: a printed longer span less the parts before and after it, or a printed part
        of it plus the rest."""
        if not isinstance(key.period, Span) or self.index.concept_kind(key.concept) != "flow":
            return
        period = key.period
        series = self.index.by_series.get((key.entity, key.segment, key.concept, key.basis), {})
        for span in sorted((span for span in series if isinstance(span, Span) and span != period),
                           key=lambda span: (span.months, span)):
            known = self.printed(level_key(key, span, key.basis))
            if known is None or excluded.intersection(fact.id for fact in known.facts):
                continue
            if span.first <= period.first and period.last <= span.last:
                rests, sign = [Span(span.first, period.first - 1), Span(period.last + 1, span.last)], -1
            elif period.first == span.first and span.last < period.last:
                rests, sign = [Span(span.last + 1, period.last)], 1
            elif period.last == span.last and period.first < span.first:
                rests, sign = [Span(period.first, span.first - 1)], 1
            else:
                continue
            without = excluded | {fact.id for fact in known.facts}
            parts = [self.resolve(level_key(key, rest, key.basis), without, depth, visiting)
                     for rest in rests if rest.first <= rest.last]
            if None in parts:
                continue
            interval, text = known.interval, shown(known)
            for part in parts:
                interval = interval + part.interval if sign > 0 else interval - part.interval
                text += f" {'+' if sign > 0 else '-'} {part.text}"
            facts = (*known.facts, *(fact for part in parts for fact in part.facts))
            yield Way(interval, facts, f"({text})", steps=1 + sum(part.steps for part in parts))

    def from_changes(self, key: Key, excluded, depth, visiting):
        """The other side of a change: its base and the change give the current, or the current gives the base."""
        for change in self.by_current.get(key, ()):
            if excluded.intersection(fact.id for fact in change.facts):
                continue
            ck = change.key
            without = excluded | {fact.id for fact in change.facts}
            base = self.resolve(level_key(ck, ck.base_period, ck.base_basis), without, depth, visiting)
            interval = None if base is None else current_from(change, base.interval)
            if interval is not None:
                yield Way(interval, (*change.facts, *base.facts), f"({base.text} {'+' if change.key.measure == 'change' else 'changed by'} {change.facts[0].shown})",
                          steps=base.steps + 1)
        for change in self.by_base.get(key, ()):
            if excluded.intersection(fact.id for fact in change.facts):
                continue
            ck = change.key
            without = excluded | {fact.id for fact in change.facts}
            current = self.resolve(level_key(ck, ck.period, ck.basis), without, depth, visiting)
            interval = None if current is None else implied(change, current)
            if interval is not None:
                yield Way(interval, (*change.facts, *current.facts),
                          f"({current.text} {'-' if change.key.measure == 'change' else 'before'} {change.facts[0].shown})", steps=current.steps + 1)

    def from_pairs(self, key: Key, excluded, depth, visiting):
        """An absolute and a relative change of one comparison: |base| = change / relative change, and the
        current is that base plus the change. Only for a concept that cannot be negative, where |base| is
        the base."""
        if not self.index.vocabulary.concepts[key.concept].nonnegative:
            return
        for is_base, changes in ((True, self.by_base.get(key, ())), (False, self.by_current.get(key, ()))):
            for change in changes:
                relative = self.by_comparison.get(change.key._replace(measure=""), {}).get("pct_change")
                if change.key.measure != "change" or relative is None:
                    continue
                facts = (*change.facts, *relative.facts)
                if excluded.intersection(fact.id for fact in facts):
                    continue
                try:
                    base = change.interval / relative.interval
                except IntervalError:
                    continue
                if base.lo <= 0:
                    continue
                text = f"{change.facts[0].shown} / {relative.facts[0].shown}"
                yield (Way(base, facts, f"({text})", steps=1) if is_base else
                       Way(base + change.interval, facts, f"({text} + {change.facts[0].shown})", steps=1))


def current_from(change, base: Interval) -> Interval | None:
    """The current figure a change implies from its base: base + change, or base + p * |base| (None when
    the base may be zero or of either sign)."""
    if change.key.measure == "change":
        return base + change.interval
    if base.lo > 0:
        return base * (Interval.point(Fraction(1)) + change.interval)
    if base.hi < 0:
        return base * (Interval.point(Fraction(1)) - change.interval)
    return None
