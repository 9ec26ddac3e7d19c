"""Figures indexed by what they are about, so that no rule compares all pairs of facts.

A :class:`Figure` is every fact that states the same thing (the same :class:`~auditor.model.Key`); its
interval is the intersection of theirs. When repeated statements cannot all be true the intersection is
empty: the agreement rule reports that, and the other rules check each *reading* of the figure (each
group of its statements that agree) instead of guessing which one is right, so the wrong reading fails
its own checks too.

A figure printed once is its fact, which answers the same attributes (``key``, ``facts``, ``interval``,
``readings``, ``dimension``): most figures are printed once, and a Figure and a list for each would
double the index's memory.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterator, Union

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


AnyFigure = Union[Figure, Fact]  # a Fact is the figure of a key it alone prints


def largest_agreeing(facts: list[Fact]) -> list[Fact]:
    """The largest set of facts whose intervals share a point (ties: the earliest facts)."""
    best: list[Fact] = []
    for candidate in facts:
        for point in (candidate.interval.lo, candidate.interval.hi):
            members = [fact for fact in facts if fact.interval.contains(point)]
            if len(members) > len(best):
                best = members
    return best


def level_key(entity, segment, concept, period, basis) -> Key:
    """The key of a level: what the kinds relate, for evaluation (a figure's key) and diagnosis alike."""
    return Key(entity, segment, concept, "level", period, basis)


def readings(figures: list[AnyFigure]) -> Iterator[list[AnyFigure]]:
    """Every combination of consistent readings of ``figures`` (at most MAX_READINGS)."""
    return itertools.islice(itertools.product(*(figure.readings for figure in figures)), MAX_READINGS)


class Index:
    def __init__(self, dataset: Dataset, vocabulary: Vocabulary) -> None:
        self.dataset = dataset
        self.vocabulary = vocabulary
        self.figures: dict[Key, AnyFigure] = {}
        # Facts printed as bounds ("over 52,000"), by key: they state no interval of values, so they stand
        # in no figure; the kinds that read bounds find them here (auditor.bounds).
        self.bounds: dict[Key, list[Fact]] = defaultdict(list)
        figures = self.figures
        for fact in dataset.facts:
            if fact.bound is not None and fact.bound != "approx":  # auditor.bounds.one_sided
                self.bounds[fact.key].append(fact)
                continue
            known = figures.get(fact.key)
            if known is None:
                figures[fact.key] = fact
            elif type(known) is Figure:
                known.facts.append(fact)
            else:
                figures[fact.key] = Figure(fact.key, [known, fact])
        self.by_measure: dict[str, list[AnyFigure]] = defaultdict(list)
        for key, figure in figures.items():
            if type(figure) is Figure:
                figure.interval = intersect_all([fact.interval for fact in figure.facts])
            self.by_measure[key.measure].append(figure)

    # The groupings below are built on first use: a run of some of the rules pays only for the ones its
    # rule kinds read.
    @cached_property
    def by_place(self) -> dict[tuple, dict[str, AnyFigure]]:
        """Levels by (entity, segment, period, basis), then concept: identities across concepts."""
        groups: dict[tuple, dict[str, AnyFigure]] = defaultdict(dict)
        for figure in self.by_measure.get("level", ()):
            key = figure.key
            groups[(key.entity, key.segment, key.period, key.basis)][key.concept] = figure
        return groups

    @cached_property
    def by_series(self) -> dict[tuple, dict]:
        """Levels by (entity, segment, concept, basis), then period: relations across periods."""
        groups: dict[tuple, dict] = defaultdict(dict)
        for figure in self.by_measure.get("level", ()):
            key = figure.key
            groups[(key.entity, key.segment, key.concept, key.basis)][key.period] = figure
        return groups

    @cached_property
    def levels_by_concept(self) -> dict[str, list[AnyFigure]]:
        groups: dict[str, list[AnyFigure]] = defaultdict(list)
        for figure in self.by_measure.get("level", ()):
            groups[figure.key.concept].append(figure)
        return groups

    def level(self, entity, segment, concept, period, basis) -> AnyFigure | None:
        return self.figures.get(level_key(entity, segment, concept, period, basis))

    def of_measure(self, *measures: str) -> list[AnyFigure]:
        return [figure for measure in measures for figure in self.by_measure.get(measure, ())]

    def concept_kind(self, concept: str) -> str:
        return self.vocabulary.concepts[concept].kind
