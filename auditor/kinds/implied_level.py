"""implied_level: every way the printed figures imply an unprinted level agrees.

A level no document prints (2Q11 operating income, 2Q08 revenue) is often implied several ways at once:
by the other side of a change ("2Q12 JPY1,889 million, up JPY355 million YoY" gives 2Q11; "down 41.2%
QoQ" from 3Q08 gives 2Q08), by a period less its other parts (2Q11 = 1H11 - 1Q11, across documents when
the figures meet on one key), by its parts (1H11 = 1Q11 + 2Q11), or by an absolute and a relative change
of one comparison (|base| = change / relative change). The steps chain: an implied figure implies others
(up to three steps; see ``auditor/kinds/chains.py``). Two ways of knowing one figure must give a common
value; the finding names both chains and their intervals.

The check is made once per unprinted level that two or more ways reach, unless the ``implied_base`` rule
(two changes and their printed current) or the ``derived_change`` rule (a change against a printed period
less its printed part) already compares every two of them: intervals that meet two by two share a point,
so the check would repeat theirs. A change whose base may be of either sign implies nothing here.

Parameters: none.
"""

from __future__ import annotations

from auditor.interval import intersect_all
from auditor.kinds import derived_change, implied_base
from auditor.kinds.chains import Chains
from auditor.model import Strict
from auditor.results import Check, show_interval


class Params(Strict):
    pass


class _Other:
    """The rule object the kinds whose checks this one does not repeat are evaluated with."""

    id = "(other)"


def checked_elsewhere(index) -> set[frozenset]:
    """The fact sets of the checks the implied_base and derived_change kinds make on this index."""
    sets = set()
    for kind in (implied_base, derived_change):
        for result in kind.evaluate(_Other, kind.Params(), index):
            if isinstance(result, Check):
                sets.add(frozenset(fact.id for fact in result.facts))
    return sets


def evaluate(rule, params, index):
    chains = Chains(index)
    elsewhere, made = None, set()
    keys = sorted({*chains.by_current, *chains.by_base} - index.figures.keys(), key=str)
    for key in keys:
        ways = chains.ways(key, frozenset())
        if len(ways) < 2:
            continue
        if elsewhere is None:
            elsewhere = checked_elsewhere(index)
        if all(covered(one, other, elsewhere) for number, one in enumerate(ways) for other in ways[number + 1:]):
            continue
        facts = list(dict.fromkeys(fact for way in ways for fact in way.facts))
        facts.sort(key=lambda fact: fact.key.measure == "level")  # reported at a statement of change
        ids = frozenset(fact.id for fact in facts)
        if ids in made:
            continue  # the same statements, met at another of the levels they imply: one relation
        made.add(ids)
        yield check_ways(rule, key, ways, facts)


def covered(one, other, elsewhere) -> bool:
    """Whether another rule's check already compares these two ways. Intervals that meet two by two share
    a point (Helly), so checking every pair that no other rule checks is checking all the ways."""
    both = one.ids | other.ids
    return any(both <= facts for facts in elsewhere)


def check_ways(rule, key, ways, facts) -> Check:
    dimension = dimension_of(facts)
    chain = "; ".join(f"{way.text} implies {show_interval(way.interval, dimension)}" for way in ways)
    if intersect_all([way.interval for way in ways]) is not None:
        return Check(rule.id, True, facts, f"the ways of implying {key.describe()} agree", dimension=dimension,
                     about=key)
    first, second = next(((one, other) for number, one in enumerate(ways) for other in ways[number + 1:]
                          if not one.interval.meets(other.interval)), (ways[0], ways[-1]))
    return Check(rule.id, False, facts, f"the printed figures imply different values of the unprinted "
                 f"{key.describe()}: {chain}", expected=first.interval, reported=second.interval,
                 dimension=dimension, about=key, check=chain)


def dimension_of(facts) -> str:
    """The dimension of a level: that of the first fact that is not a ratio (a relative change is one)."""
    return next((fact.unit.dimension for fact in facts if fact.unit.dimension != "ratio"), "money")
