"""implied_base: statements of change that imply the same unprinted base agree on it.

A change printed with its current figure but without its base ("FY2016 income before tax JPY5.2 billion,
up 12.0% YoY", with FY2015 printed nowhere) implies the base: current - change, or current / (1 + p) for
a relative change p over a positive base (current / (1 - p) over a negative one; relative change is
``(current - base) / |base|``). Two such statements about the same base (same entity, segment, concept,
period, basis), in one document or in two, must imply a common value: a restated current figure with its
own YoY, or an absolute and a relative change of the same figure, are thereby checked against each other.
The finding shows each statement's chain, the base as the current figure less the change: "FY2018 =
5,600 JPY million - 700 JPY million = [4,899, 4,901] JPY million; FY2018 = 5,600 JPY million / (1 +
12.0%) = [4,996, 5,004.5] JPY million". A base that is printed is the change rule's business, not this
one's.

Parameters: none.
"""

from __future__ import annotations

from fractions import Fraction

from auditor.interval import Interval, IntervalError, intersect_all
from auditor.model import Key, Strict
from auditor.periods import Span, fiscal_name, fiscal_year_start
from auditor.results import Check, show_interval


class Params(Strict):
    pass


def base_key(key: Key) -> Key:
    return Key(key.entity, key.segment, key.concept, "level", key.base_period, key.base_basis)


def current_key(key: Key) -> Key:
    return Key(key.entity, key.segment, key.concept, "level", key.period, key.basis)


MEMO_SIZE = 4096  # distinct (change, current) pairs remembered; the decks' diagnosis meets about 300


def interval_row(interval: Interval) -> tuple:
    """An interval's exact representation (its scale too), so a remembered result is the very one the
    arithmetic would make again."""
    return (interval.lo_n, interval.hi_n, interval.exp) if interval.exp is not None else (interval.lo, interval.hi)


_memo: dict[tuple, Interval | None] = {}


def implied(change, current) -> Interval | None:
    """The base the change implies from the current figure; None when it implies none (or more than one
    range: a relative change whose base could be of either sign).

    Remembered by the exact intervals: the diagnosis's trials re-evaluate the same statements hundreds of
    times (6,660 calls for 308 distinct inputs on the decks), and a relative change costs two divisions."""
    if change.key.measure == "change":
        return current.interval - change.interval
    row = (interval_row(change.interval), interval_row(current.interval))
    if row in _memo:
        return _memo[row]
    if len(_memo) >= MEMO_SIZE:
        _memo.clear()
    found = _memo[row] = implied_by_relative(change.interval, current.interval)
    return found


def implied_by_relative(change: Interval, current: Interval) -> Interval | None:
    """The base of a relative change (see :func:`implied`)."""
    one = Interval.point(Fraction(1))
    found = []
    for sign, factor in ((1, one + change), (-1, one - change)):
        try:
            base = current / factor
        except IntervalError:
            return None
        if (sign > 0 and base.lo > 0) or (sign < 0 and base.hi < 0):
            found.append(Interval(max(base.lo, Fraction(0)), base.hi) if sign > 0 else base)
    return found[0] if len(found) == 1 else None


def period_name(period) -> str:
    """"FY2018", "1H18", "1Q-3Q18" (the nine months from April), or the months ("2018-05..2018-12") of a
    period without a fiscal name."""
    if not isinstance(period, Span):
        return str(period)
    if period.months == 9 and period.first == fiscal_year_start(period.first):
        return f"1Q-3Q{period.first // 12 % 100:02d}"
    return fiscal_name(period) or str(period)


def chain_text(base: Key, change, current, interval: Interval, dimension: str) -> str:
    """How one statement implies the base: "FY2018 = 5,600 JPY million / (1 + 12.0%) = [...]"."""
    now, by = current.facts[0].shown, change.facts[0].shown
    if change.key.measure == "change":
        formula = f"{now} - ({by})" if by.startswith("-") else f"{now} - {by}"
    else:
        sign = "-" if interval.hi <= 0 else "+"  # over a negative base the relative change runs the other way
        formula = f"{now} / (1 {sign} {f'({by})' if by.startswith('-') else by})"
    return f"{period_name(base.period)} = {formula} = {show_interval(interval, dimension)}"


def statements(index):
    """Base key -> [(change fact, current figure, implied interval)] for bases no fact prints."""
    found: dict[Key, list] = {}
    for figure in index.of_measure("change", "pct_change"):
        key = figure.key
        if key.base_period is None or (key.period, key.basis) == (key.base_period, key.base_basis):
            continue
        base = base_key(key)
        current = index.figures.get(current_key(key))
        if base in index.figures or current is None or current.interval is None or figure.interval is None:
            continue
        interval = implied(figure, current)
        if interval is not None:
            found.setdefault(base, []).append((figure, current, interval))
    return found


def evaluate(rule, params, index):
    for base, items in sorted(statements(index).items(), key=lambda item: str(item[0])):
        if len(items) < 2:
            continue
        facts = [fact for change, current, _ in items for fact in (*change.facts, *current.facts)]
        facts = list(dict.fromkeys(facts))
        dimension = items[0][1].dimension
        common = intersect_all([interval for _, _, interval in items])
        chain = "; ".join(chain_text(base, change, current, interval, dimension)
                          for change, current, interval in items)
        if common is not None:
            yield Check(rule.id, True, facts, f"the implied {base.describe()} agrees", dimension=dimension,
                        about=base)
            continue
        first, second = items[0][2], next(interval for _, _, interval in items[1:]
                                          if not interval.meets(items[0][2]))
        yield Check(rule.id, False, facts, f"statements imply different values of the unprinted "
                    f"{base.describe()}: {chain}", expected=first, reported=second, dimension=dimension,
                    about=base, check=chain)
