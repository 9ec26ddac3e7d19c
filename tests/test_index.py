"""The figure index: a figure printed once is its fact; repeats make a Figure; groupings on first use."""

from __future__ import annotations

from auditor.index import Figure, Index
from auditor.loader import load_dataset
from auditor.ruleset import load_rules
from conftest import FIXTURES, RULES


def project_index() -> Index:
    ruleset = load_rules(str(RULES))
    return Index(load_dataset([str(FIXTURES)], ruleset.vocabulary), ruleset.vocabulary)


def test_a_figure_printed_once_is_its_fact_and_answers_as_a_figure():
    index = project_index()
    singles = [figure for figure in index.figures.values() if type(figure) is not Figure]
    assert len(singles) > 500
    for fact in singles:
        assert fact.facts == [fact] and fact.readings == [fact]
        assert fact.dimension == fact.unit.dimension and index.figures[fact.key] is fact


def test_repeated_statements_make_one_figure_with_their_intersection():
    index = project_index()
    repeated = [figure for figure in index.figures.values() if type(figure) is Figure]
    assert repeated and all(len(figure.facts) > 1 for figure in repeated)
    # a fact printed as a bound ("over 52,000") stands in no figure: the index keeps it apart (auditor.bounds)
    bounds = sum(len(facts) for facts in index.bounds.values())
    assert bounds and sum(len(figure.facts) for figure in index.figures.values()) + bounds == len(index.dataset.facts)
    for figure in repeated:
        assert all(fact.key == figure.key for fact in figure.facts)
        if figure.interval is not None:
            assert all(fact.interval.lo <= figure.interval.lo and figure.interval.hi <= fact.interval.hi
                       for fact in figure.facts)
    conflicting = [figure for figure in repeated if figure.interval is None]
    assert conflicting, "the decks repeat some figures inconsistently (waived source errors)"
    assert all(len(figure.readings) > 1 for figure in conflicting)


def test_groupings_are_built_on_first_use_and_hold_every_level():
    index = project_index()
    assert not {"by_place", "by_series", "levels_by_concept"} & set(vars(index))
    levels = [figure for figure in index.figures.values() if figure.key.measure == "level"]
    for grouping in (index.by_place, index.by_series):
        assert sum(len(group) for group in grouping.values()) == len(levels)
    assert sum(len(group) for group in index.levels_by_concept.values()) == len(levels)
    key = levels[0].key
    assert index.by_place[(key.entity, key.segment, key.period, key.basis)][key.concept] is levels[0]
    assert index.by_series[(key.entity, key.segment, key.concept, key.basis)][key.period] is levels[0]
    assert {"by_place", "by_series", "levels_by_concept"} <= set(vars(index))
