"""agreement: the same figure printed in several places agrees, across units and documents.

Facts state the same figure when entity, segment, concept, measure, period, basis (and for changes the
compared period and basis, for shares the denominator) are equal. Their intervals must have a common
value: 6.5 (JPY billion, [6,450, 6,550] million) agrees with 6,464 (JPY million). When they do not, the
largest group of statements that can all be true is taken as the reference and every statement outside it
is a finding, with the reference interval as the expected value. Two statements that disagree with no
majority give one finding naming both. Which statement is wrong, and how (a mislabel, a digit, a sign), is the
diagnosis's question (auditor.diagnosis), answered in the finding's likely cause.

Parameters: none.
"""

from __future__ import annotations

from auditor.expr import Relation
from auditor.index import largest_agreeing
from auditor.interval import intersect_all
from auditor.model import Strict
from auditor.results import relation_check


class Params(Strict):
    pass


def evaluate(rule, params, index):
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
                check.message = no_majority_message(figure, outlier, reference[0], check.message)
            yield check


def no_majority_message(figure, first, second, message: str) -> str:
    """Two statements that disagree with no third to side with either: name both, blame neither."""
    gap = message.rsplit("off by ", 1)[-1]
    return (f"the statements of {figure.key.describe()} disagree with no majority: {first.shown} "
            f"({first.document.name}:{first.line}) vs {second.shown} ({second.document.name}:{second.line}); "
            f"off by {gap}")
