"""agreement: the same figure printed in several places agrees, across units and documents.

Facts state the same figure when entity, segment, concept, measure, period, basis (and for changes the
compared period and basis, for shares the denominator) are equal. Their intervals must have a common
value: 6.5 (JPY billion, [6,450, 6,550] million) agrees with 6,464 (JPY million). When they do not, the
largest group of statements that can all be true is taken as the reference and every statement outside it
is a finding, with the reference interval as the expected value. Two statements that disagree with no
majority give one finding naming both. Which statement is wrong, and how (a mislabel, a digit, a sign), is the
diagnosis's question (auditor.diagnosis), answered in the finding's likely cause.

Vintages (auditor.vintages): a target of a dated document is "as of" its date, so the targets of two
documents are two figures and never disagree here. Instead, each vintage is checked against the one
before it: a later document may repeat the target in force or revise it, but a **stale repeat** fails: it
states as current a target that an earlier vintage had already replaced (it equals an older vintage and
not the latest one before it), unless the document itself cites that latest one (as its previous target).

Parameters: none.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from auditor import vintages
from auditor.expr import Relation
from auditor.index import largest_agreeing
from auditor.interval import intersect_all
from auditor.model import Strict
from auditor.results import Check, relation_check


class Params(Strict):
    pass


def evaluate(rule, params, index):
    yield from repeats(rule, index)
    yield from stale_repeats(rule, index)


def repeats(rule, index):
    for figure in index.figures.values():
        facts = figure.facts
        if len(facts) < 2:
            continue
        if figure.interval is not None:
            relation = Relation(facts[0].interval, "==", figure.interval)
            yield relation_check(rule.id, relation, list(facts), figure.dimension,
                                 " == ".join(fact.shown for fact in facts), "agreement of the repeats", figure.key)
            continue
        reference = largest_agreeing(facts)
        expected = intersect_all([fact.interval for fact in reference])
        for outlier in [fact for fact in facts if fact not in reference]:
            relation = Relation(outlier.interval, "==", expected)
            shown = f"{outlier.shown} (line {outlier.line}) == " + " == ".join(
                f"{fact.shown} (line {fact.line})" for fact in reference)
            check = relation_check(rule.id, relation, [outlier, *reference], figure.dimension, shown,
                                   f"agreement of {figure.key.describe()}", figure.key)
            if len(reference) == 1:
                check = replace(check, message=no_majority_message(figure, outlier, reference[0], check.message))
            yield check


def no_majority_message(figure, first, second, message: str) -> str:
    """Two statements that disagree with no third to side with either: name both, blame neither."""
    gap = message.rsplit("off by ", 1)[-1]
    return (f"the statements of {figure.key.describe()} disagree with no majority: {first.shown} "
            f"({first.document.name}:{first.line}) vs {second.shown} ({second.document.name}:{second.line}); "
            f"off by {gap}")


def target_series(index) -> dict[tuple, dict[str, object]]:
    """Level targets of dated documents: (entity, segment, concept, period, basis but its vintage) ->
    vintage -> figure."""
    series: dict[tuple, dict[str, object]] = defaultdict(dict)
    for figure in index.by_measure.get("level", ()):
        key = figure.key
        basis = vintages.parse(key.basis)
        if basis.name == "target" and basis.vintage:
            place = (key.entity, key.segment, key.concept, key.period, basis._replace(vintage=None))
            series[place][basis.vintage] = figure
    return series


def cited_by(index, place: tuple, date: str, cited: str) -> bool:
    """Whether a fact of a document dated ``date`` compares with, or restates, the target ``cited``."""
    entity, segment, concept, period, _ = place
    for fact in index.dataset.facts:
        key = fact.key
        if fact.document.date == date and (key.entity, key.segment, key.concept) == (entity, segment, concept):
            if (key.basis == cited and key.period == period) or (key.base_basis == cited and
                                                                  key.base_period == period):
                return True
    return False


def stale_repeats(rule, index):
    for place, by_date in sorted(target_series(index).items(), key=lambda item: str(item[0])):
        dates = sorted(by_date)
        for position in range(1, len(dates)):
            date, before = dates[position], dates[position - 1]
            current, previous = by_date[date], by_date[before]
            if current.interval is None or previous.interval is None:
                continue  # conflicting repeats of one vintage: reported above
            facts = [*current.facts, *previous.facts]
            if current.interval.meets(previous.interval):
                yield Check(rule.id, True, facts, f"the target as of {date} repeats the one as of {before}",
                            dimension=current.dimension, about=current.key)
                continue
            older = [day for day in dates[:position - 1] if by_date[day].interval is not None
                     and by_date[day].interval.meets(current.interval)
                     and not by_date[day].interval.meets(previous.interval)]
            if not older or cited_by(index, place, date, previous.key.basis):
                yield Check(rule.id, True, facts, f"the target as of {date} revises the one as of {before}",
                            dimension=current.dimension, about=current.key)
                continue
            stale = by_date[older[-1]]
            shown = ", ".join(f"{fact.shown} ({fact.document.name}:{fact.line})" for fact in current.facts)
            message = (f"stale target: {shown} states {current.key.describe()} as current, but the target as "
                       f"of {before} is {previous.facts[0].shown} ({previous.facts[0].document.name}:"
                       f"{previous.facts[0].line}); {current.facts[0].shown} is the target as of {older[-1]}, "
                       "which that one replaced")
            yield Check(rule.id, False, [*facts, *stale.facts], message, expected=previous.interval,
                        reported=current.interval, dimension=current.dimension, about=current.key,
                        check=f"{current.facts[0].shown} == {previous.facts[0].shown}")


def implied_ranges(check, index) -> dict:
    """Each statement would have to lie in the intersection of the others."""
    from auditor.diagnosis.implied import others  # diagnosis only: a plain check never loads it

    facts = list(dict.fromkeys(check.facts))
    return {fact.id: others(facts, fact) for fact in facts}
