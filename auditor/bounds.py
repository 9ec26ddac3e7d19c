"""Figures printed as bounds: "over 52,000 contracts", "reduction of over 50 personnel", "under 5%".

``bound: approx`` ("approx. 600 projects") is a value, not a bound: its interval is widened to the values
that round to the printed figure at its last nonzero digit (:func:`approximate`), and it is a figure as
any other. Every other ``bound`` states no value, only a side of one: its printed figure bounds the magnitude of the
value, which keeps the sign its text gives (a sign, parentheses or a direction word). ``over`` and
``at_least`` admit every magnitude from the printed figure's lowest display value up, without end;
``under`` and ``at_most`` every magnitude up to its highest display value. The bound is taken closed at
the printed figure's rounding interval: "over 50" admits 50 itself, since a deck's "over" may be said of a
rounded figure, and a check fails only when no admitted value satisfies it.

A lower bound has no upper end, so it never enters interval arithmetic: the figure index leaves bound
facts out of its figures (auditor.index), and only the kinds that read the admitted half-line here use
them (``bound``, ``trend``). An unsigned upper bound of a figure that may be negative admits everything
below the printed figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from auditor.interval import Interval
from auditor.numbers import format_fraction

# the words that print each bound: a fact may say it is a bound only where its line prints one
WORDS = {
    "over": ("over", "more than", "above", "exceed", "in excess of"),
    "at_least": ("at least", "or more", "no less than", "minimum"),
    "under": ("under", "less than", "below"),
    "at_most": ("at most", "up to", "or less", "no more than", "maximum"),
    "approx": ("approx", "around", "about", "roughly", "nearly", "almost", "some", "~"),
}
_PRINTED = {bound: re.compile("|".join(rf"(?<![a-z]){re.escape(word)}" for word in words), re.IGNORECASE)
            for bound, words in WORDS.items()}

LOWER = ("over", "at_least")
UPPER = ("under", "at_most")
APPROXIMATE = "approx"


def printed_on(bound: str, line: str) -> bool:
    """Whether ``line`` prints a word of ``bound`` ("over", "approx." ...): without one, the figure is a value."""
    return _PRINTED[bound].search(line) is not None


def one_sided(fact) -> bool:
    """Whether ``fact`` is printed as a bound (no interval of values), not as a value or an approximation."""
    return fact.bound is not None and fact.bound != APPROXIMATE


def approximate(value: Fraction, display: Interval, factor: Fraction) -> Interval:
    """The values an approximate figure ("approx. 600 projects") stands for, in the base unit: those that
    round to it at its last nonzero digit (600: [550, 650]; 13,800: [13,750, 13,850]), and at least those
    that display as it. ``value`` is the signed printed value, ``display`` its display interval, already
    multiplied by the unit's ``factor``."""
    if value == 0:
        return display
    place = Fraction(1)
    magnitude = abs(value)
    while (magnitude / place).denominator != 1:  # down to the last decimal that is not zero
        place /= 10
    while (magnitude / (place * 10)).denominator == 1:  # up to the last digit that is not zero
        place *= 10
    half = place / 2 * factor
    return display.hull(Interval(value * factor - half, value * factor + half))


@dataclass(frozen=True, slots=True)
class Admitted:
    """The values a statement admits: [lo, hi], where None is no end on that side."""

    lo: Fraction | None
    hi: Fraction | None

    def intersect(self, other: Admitted) -> Admitted | None:
        lo = other.lo if self.lo is None else self.lo if other.lo is None else max(self.lo, other.lo)
        hi = other.hi if self.hi is None else self.hi if other.hi is None else min(self.hi, other.hi)
        return None if lo is not None and hi is not None and lo > hi else Admitted(lo, hi)

    def bounded(self) -> Interval | None:
        """The admitted values as an interval, or None when a side has no end."""
        return None if self.lo is None or self.hi is None else Interval.rational(self.lo, self.hi)

    def show(self, factor: Fraction, unit: str) -> str:
        """In the fact's unit: ``>= 179.5 JPY million``, ``[0, 50.5] %``."""
        def value(bound: Fraction) -> str:
            return format_fraction(bound / factor, 4).rstrip("0").rstrip(".")
        if self.lo is None and self.hi is None:
            return "any value"
        if self.hi is None:
            return f">= {value(self.lo)} {unit}"
        if self.lo is None:
            return f"<= {value(self.hi)} {unit}"
        return f"[{value(self.lo)}, {value(self.hi)}] {unit}"


def of_interval(interval: Interval) -> Admitted:
    return Admitted(interval.lo, interval.hi)


def admitted(fact, nonnegative: bool = False) -> Admitted:
    """The values ``fact`` admits: its display interval, or for a bound the half-line (or, for an upper
    bound of a figure whose sign is known, the segment from zero) beyond or within its printed figure.
    ``nonnegative``: the vocabulary says the fact's concept cannot be negative (its levels' sign is known)."""
    interval = fact.interval
    if not one_sided(fact):
        return of_interval(interval)  # an approximation's interval is already its widened one
    negative = fact.value < 0
    if fact.bound in LOWER:
        return Admitted(None, interval.hi) if negative else Admitted(interval.lo, None)
    if negative:
        return Admitted(interval.lo, Fraction(0))
    signed = fact.printed.signed or fact.direction_sign != 0 or (nonnegative and fact.key.measure == "level")
    return Admitted(Fraction(0) if signed else None, interval.hi)


def fact_admitted(fact, vocabulary) -> Admitted:
    """``admitted`` with the fact's concept looked up in the vocabulary."""
    concept = vocabulary.concepts.get(fact.key.concept)
    return admitted(fact, bool(concept and concept.nonnegative))
