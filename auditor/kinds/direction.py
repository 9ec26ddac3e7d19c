"""direction: direction words agree with signs, and two statements of one change agree in direction.

1. A figure printed with both a sign (``+``, ``-``, parentheses) and a direction word ("down (5.0%)")
   must not contradict itself.
2. An absolute change and a relative change of the same concept, period and comparison must point the
   same way ("Down JPY111 million QoQ (up 2.3%)" cannot be true), whenever the base cannot be negative
   (the concept is ``nonnegative`` in the vocabulary, or its printed base level is positive).

Parameters: none.
"""

from __future__ import annotations

from auditor.model import Key, Strict
from auditor.results import Check


class Params(Strict):
    pass


def sign_of(interval) -> int:
    return 1 if interval.lo > 0 else -1 if interval.hi < 0 else 0


def evaluate(rule, params, index):
    for fact in index.dataset.facts:
        if fact.direction_sign and fact.printed.signed and fact.printed.value != 0:
            passed = (fact.printed.value > 0) == (fact.direction_sign > 0)
            message = (f"the sign of {fact.value_text} agrees with {fact.direction!r}" if passed else
                       f"{fact.value_text} is printed with the word {fact.direction!r}, which gives the "
                       "opposite sign")
            yield Check(rule.id, passed, [fact], message, dimension=fact.unit.dimension,
                        about=fact.key)
    for figure in index.of_measure("change"):
        key = figure.key
        relative = index.figures.get(Key(key.entity, key.segment, key.concept, "pct_change", key.period,
                                         key.basis, key.base_period, key.base_basis))
        if relative is None or figure.interval is None or relative.interval is None:
            continue
        if not base_is_positive(index, key):
            continue
        absolute_sign, relative_sign = sign_of(figure.interval), sign_of(relative.interval)
        if 0 in (absolute_sign, relative_sign):
            continue
        facts = figure.facts + relative.facts
        passed = absolute_sign == relative_sign
        words = lambda s: "an increase" if s > 0 else "a decrease"  # noqa: E731
        message = ("the absolute and relative changes point the same way" if passed else
                   f"the absolute change {figure.facts[0].shown} is {words(absolute_sign)} but the relative "
                   f"change {relative.facts[0].shown} is {words(relative_sign)} of {key.describe()}")
        yield Check(rule.id, passed, facts, message, dimension="ratio", about=key)


def base_is_positive(index, key) -> bool:
    if index.vocabulary.concepts[key.concept].nonnegative:
        return True
    base = index.level(key.entity, key.segment, key.concept, key.base_period, key.base_basis)
    return base is not None and base.interval is not None and base.interval.lo > 0

# What its checks are about (read through auditor.kinds): the words printed, about the values' signs.
READS_TEXT = True
