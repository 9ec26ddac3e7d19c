"""Exact closed intervals of rationals.

A printed figure stands for every value that displays as it, so all arithmetic on figures is interval
arithmetic on :class:`fractions.Fraction` bounds. A relation between figures *fails* only when no choice
of values inside their intervals satisfies it (the XBRL Calculations 1.1 reading).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


class IntervalError(ArithmeticError):
    """An operation has no bounded result (division by an interval that contains zero)."""


@dataclass(frozen=True, slots=True)
class Interval:
    lo: Fraction
    hi: Fraction

    @classmethod
    def checked(cls, lo: Fraction, hi: Fraction) -> Interval:
        """An interval from bounds that were not computed here (arithmetic keeps lo <= hi by itself)."""
        if lo > hi:
            raise ValueError(f"empty interval [{lo}, {hi}]")
        return cls(lo, hi)

    @classmethod
    def point(cls, value: Fraction | int) -> Interval:
        value = Fraction(value)
        return cls(value, value)

    @property
    def width(self) -> Fraction:
        return self.hi - self.lo

    @property
    def mid(self) -> Fraction:
        return (self.lo + self.hi) / 2

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo)

    def __mul__(self, other: Interval) -> Interval:
        if self.lo >= 0 and other.lo >= 0:  # most figures: two products instead of four and their extremes
            return Interval(self.lo * other.lo, self.hi * other.hi)
        products = (self.lo * other.lo, self.lo * other.hi, self.hi * other.lo, self.hi * other.hi)
        return Interval(min(products), max(products))

    def __truediv__(self, other: Interval) -> Interval:
        if other.lo <= 0 <= other.hi:
            raise IntervalError("division by an interval that contains zero")
        return self * Interval(1 / other.hi, 1 / other.lo)

    def __abs__(self) -> Interval:
        if self.lo >= 0:
            return self
        if self.hi <= 0:
            return -self
        return Interval(Fraction(0), max(-self.lo, self.hi))

    def scale(self, factor: Fraction) -> Interval:
        if factor >= 0:
            return Interval(self.lo * factor, self.hi * factor)
        return Interval(self.hi * factor, self.lo * factor)

    def meets(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def intersect(self, other: Interval) -> Interval | None:
        lo, hi = max(self.lo, other.lo), min(self.hi, other.hi)
        return Interval(lo, hi) if lo <= hi else None

    def hull(self, other: Interval) -> Interval:
        return Interval(min(self.lo, other.lo), max(self.hi, other.hi))

    def gap(self, other: Interval) -> Fraction:
        """Distance between the two intervals; zero when they meet."""
        return max(Fraction(0), self.lo - other.hi, other.lo - self.hi)

    def contains(self, value: Fraction) -> bool:
        return self.lo <= value <= self.hi


def fraction_sum(values: list[Fraction]) -> Fraction:
    """The exact sum. Figures printed in one unit share a denominator, and then the numerators add as
    integers with one reduction at the end instead of one per addition (most of a sum's cost)."""
    denominator = values[0].denominator
    if all(value.denominator == denominator for value in values):
        return Fraction(sum(value.numerator for value in values), denominator)
    return sum(values, Fraction(0))


def sum_all(intervals: list[Interval]) -> Interval:
    if not intervals:
        return Interval.point(0)
    return Interval(fraction_sum([item.lo for item in intervals]), fraction_sum([item.hi for item in intervals]))


def hull_all(intervals: list[Interval]) -> Interval:
    result = intervals[0]
    for item in intervals[1:]:
        result = result.hull(item)
    return result


def intersect_all(intervals: list[Interval]) -> Interval | None:
    result: Interval | None = intervals[0]
    for item in intervals[1:]:
        if result is None:
            return None
        result = result.intersect(item)
    return result
