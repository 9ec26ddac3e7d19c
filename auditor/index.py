"""Figures indexed by what they are about, so that no rule compares all pairs of facts.

A :class:`Figure` is every fact that states the same thing (the same :class:`~auditor.model.Key`); its
interval is the intersection of theirs. When repeated statements cannot all be true the intersection is
empty: the agreement rule reports that, and the other rules check each *reading* of the figure (each
group of its statements that agree) instead of guessing which one is right, so the wrong reading fails
its own checks too.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterator

from auditor.interval import Interval, intersect_all
from auditor.model import Dataset, Fact, Key
from auditor.vocabulary import Vocabulary

MAX_READINGS = 16


@dataclass(eq=False, slots=True)
class Figure:
    key: Key
    facts: list[Fact] = field(default_factory=list)
    interval: Interval | None = None  # None when the facts conflict

    @property
    def dimension(self) -> str:
        return self.facts[0].unit.dimension

    @property
    def readings(self) -> list[Figure]:
        """This figure, or when its statements conflict, one figure per group of statements that agree."""
        if self.interval is not None:
            return [self]
        groups, rest = [], list(self.facts)
        while rest:
            group = largest_agreeing(rest)
            groups.append(Figure(self.key, group, intersect_all([fact.interval for fact in group])))
            rest = [fact for fact in rest if fact not in group]
        return groups


def largest_agreeing(facts: list[Fact]) -> list[Fact]:
    """The largest set of facts whose intervals share a point (ties: the earliest facts)."""
    best: list[Fact] = []
    for candidate in facts:
        for point in (candidate.interval.lo, candidate.interval.hi):
            members = [fact for fact in facts if fact.interval.contains(point)]
            if len(members) > len(best):
                best = members
    return best


def readings(figures: list[Figure]) -> Iterator[list[Figure]]:
    """Every combination of consistent readings of ``figures`` (at most MAX_READINGS)."""
    return itertools.islice(itertools.product(*(figure.readings for figure in figures)), MAX_READINGS)


class Index:
    def __init__(self, dataset: Dataset, vocabulary: Vocabulary) -> None:
        self.dataset = dataset
        self.vocabulary = vocabulary
        self.figures: dict[Key, Figure] = {}
        for fact in dataset.facts:
            figure = self.figures.get(fact.key)
            if figure is None:
                figure = self.figures[fact.key] = Figure(fact.key)
            figure.facts.append(fact)
        # Group levels by (entity, segment, period, basis) for identities across concepts, and by
        # (entity, segment, concept, basis) for relations across periods.
        self.by_place: dict[tuple, dict[str, Figure]] = defaultdict(dict)
        self.by_series: dict[tuple, dict] = defaultdict(dict)
        self.by_measure: dict[str, list[Figure]] = defaultdict(list)
        self.levels_by_concept: dict[str, list[Figure]] = defaultdict(list)
        for key, figure in self.figures.items():
            facts = figure.facts
            figure.interval = facts[0].interval if len(facts) == 1 else intersect_all([f.interval for f in facts])
            self.by_measure[key.measure].append(figure)
            if key.measure == "level":
                self.by_place[(key.entity, key.segment, key.period, key.basis)][key.concept] = figure
                self.by_series[(key.entity, key.segment, key.concept, key.basis)][key.period] = figure
                self.levels_by_concept[key.concept].append(figure)

    def level(self, entity, segment, concept, period, basis) -> Figure | None:
        return self.figures.get(Key(entity, segment, concept, "level", period, basis))

    def of_measure(self, *measures: str) -> list[Figure]:
        return [figure for measure in measures for figure in self.by_measure.get(measure, ())]

    def concept_kind(self, concept: str) -> str:
        return self.vocabulary.concepts[concept].kind
