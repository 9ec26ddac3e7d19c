"""Exact closed intervals of rationals, held as integers on a power-of-ten scale.

A printed figure stands for every value that displays as it, so all arithmetic on figures is interval
arithmetic. A relation between figures *fails* only when no choice of values inside their intervals
satisfies it (the XBRL Calculations 1.1 reading).

Every bound a printed figure gives is a decimal: "1,234.5" in JPY billion is [1,234,450, 1,234,550] JPY
million, "23.4%" is [0.2335, 0.2345]. An :class:`Interval` therefore holds two integers and a scale,
``lo_n / 10**exp`` and ``hi_n / 10**exp``, and sums, differences, products, comparisons and intersections
of such intervals are integer operations (a :class:`fractions.Fraction` pays a gcd for each of them, which
was 40% of a run). Only a quotient (a share, a ratio, a % change) can leave the decimals: its interval is
*rational*, ``exp`` is None and the bounds are Fractions. ``lo`` and ``hi`` answer Fractions either way
(made once, on first use), so code that reads the bounds sees exact values whatever the representation.

Intervals are immutable: nothing assigns to one after it is made.
"""

from __future__ import annotations

from fractions import Fraction

_POWERS = tuple(10**exponent for exponent in range(40))


def power10(exponent: int) -> int:
    return _POWERS[exponent] if exponent < 40 else 10**exponent


def decimal_exponent(denominator: int) -> int | None:
    """The least ``k`` with ``denominator`` dividing 10**k, or None when there is none (a factor other
    than 2 and 5)."""
    twos = (denominator & -denominator).bit_length() - 1
    rest, fives = denominator >> twos, 0
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    return max(twos, fives) if rest == 1 else None


def as_decimal(value: Fraction | int) -> tuple[int, int] | None:
    """``value`` as (n, exp) with value == n / 10**exp, or None when it is no decimal."""
    if type(value) is int:
        return value, 0
    value = Fraction(value)
    exponent = decimal_exponent(value.denominator)
    if exponent is None:
        return None
    return value.numerator * (power10(exponent) // value.denominator), exponent


class IntervalError(ArithmeticError):
    """An operation has no bounded result (division by an interval that contains zero)."""


class Interval:
    """The closed interval [lo, hi]. Decimal: ``lo_n``, ``hi_n`` integers on the scale ``10**-exp``.
    Rational (only quotients): ``exp`` is None and the Fraction bounds are the value."""

    __slots__ = ("lo_n", "hi_n", "exp", "_lo", "_hi")

    def __init__(self, lo: Fraction | int, hi: Fraction | int) -> None:
        low, high = as_decimal(lo), as_decimal(hi)
        if low is None or high is None:
            self.lo_n = self.hi_n = self.exp = None
            self._lo, self._hi = Fraction(lo), Fraction(hi)
            return
        (lo_n, lo_exp), (hi_n, hi_exp) = low, high
        exp = max(lo_exp, hi_exp)
        self.lo_n, self.hi_n, self.exp = lo_n * power10(exp - lo_exp), hi_n * power10(exp - hi_exp), exp
        self._lo = self._hi = None

    # -- construction -------------------------------------------------------------------------------
    @classmethod
    def decimal(cls, lo_n: int, hi_n: int, exp: int) -> Interval:
        """[lo_n, hi_n] / 10**exp, from integers already ordered (the arithmetic's own results)."""
        interval = _new(cls)
        interval.lo_n, interval.hi_n, interval.exp = lo_n, hi_n, exp
        interval._lo = interval._hi = None
        return interval

    @classmethod
    def rational(cls, lo: Fraction, hi: Fraction) -> Interval:
        """[lo, hi] from ordered Fractions: decimal when both are, else rational."""
        lo, hi = Fraction(lo), Fraction(hi)
        exp_lo, exp_hi = decimal_exponent(lo.denominator), decimal_exponent(hi.denominator)
        interval = _new(cls)
        if exp_lo is None or exp_hi is None:
            interval.lo_n = interval.hi_n = interval.exp = None
            interval._lo, interval._hi = lo, hi
            return interval
        exp = max(exp_lo, exp_hi)
        scale = power10(exp)
        interval.lo_n, interval.hi_n = lo.numerator * (scale // lo.denominator), hi.numerator * (scale // hi.denominator)
        interval.exp, interval._lo, interval._hi = exp, lo, hi
        return interval

    @classmethod
    def checked(cls, lo: Fraction, hi: Fraction) -> Interval:
        """An interval from bounds that were not computed here (arithmetic keeps lo <= hi by itself)."""
        if lo > hi:
            raise ValueError(f"empty interval [{lo}, {hi}]")
        return cls(lo, hi)

    @classmethod
    def point(cls, value: Fraction | int) -> Interval:
        return cls(value, value)

    # -- bounds -------------------------------------------------------------------------------------
    @property
    def lo(self) -> Fraction:
        value = self._lo
        if value is None:
            value = self._lo = Fraction(self.lo_n, power10(self.exp))
        return value

    @property
    def hi(self) -> Fraction:
        value = self._hi
        if value is None:
            value = self._hi = Fraction(self.hi_n, power10(self.exp))
        return value

    @property
    def width(self) -> Fraction:
        if self.exp is not None:
            return Fraction(self.hi_n - self.lo_n, power10(self.exp))
        return self.hi - self.lo

    @property
    def mid(self) -> Fraction:
        if self.exp is not None:
            return Fraction(self.lo_n + self.hi_n, 2 * power10(self.exp))
        return (self.lo + self.hi) / 2

    def sign_of_lo(self) -> int:
        """-1, 0 or +1: the sign of the lower bound, without making a Fraction."""
        lo = self.lo_n if self.exp is not None else self._lo
        return (lo > 0) - (lo < 0)

    def sign_of_hi(self) -> int:
        hi = self.hi_n if self.exp is not None else self._hi
        return (hi > 0) - (hi < 0)

    # -- arithmetic ---------------------------------------------------------------------------------
    def __add__(self, other: Interval) -> Interval:
        e, f = self.exp, other.exp
        if e is not None and f is not None:
            if e == f:
                return _decimal(self.lo_n + other.lo_n, self.hi_n + other.hi_n, e)
            if e > f:
                k = power10(e - f)
                return _decimal(self.lo_n + other.lo_n * k, self.hi_n + other.hi_n * k, e)
            k = power10(f - e)
            return _decimal(self.lo_n * k + other.lo_n, self.hi_n * k + other.hi_n, f)
        return _rational(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        e, f = self.exp, other.exp
        if e is not None and f is not None:
            if e == f:
                return _decimal(self.lo_n - other.hi_n, self.hi_n - other.lo_n, e)
            if e > f:
                k = power10(e - f)
                return _decimal(self.lo_n - other.hi_n * k, self.hi_n - other.lo_n * k, e)
            k = power10(f - e)
            return _decimal(self.lo_n * k - other.hi_n, self.hi_n * k - other.lo_n, f)
        return _rational(self.lo - other.hi, self.hi - other.lo)

    def __neg__(self) -> Interval:
        if self.exp is not None:
            return _decimal(-self.hi_n, -self.lo_n, self.exp)
        return _rational(-self._hi, -self._lo)

    def __mul__(self, other: Interval) -> Interval:
        e, f = self.exp, other.exp
        if e is not None and f is not None:
            a, b, c, d = self.lo_n, self.hi_n, other.lo_n, other.hi_n
            if a >= 0 and c >= 0:  # most figures: two products instead of four and their extremes
                return _decimal(a * c, b * d, e + f)
            products = (a * c, a * d, b * c, b * d)
            return _decimal(min(products), max(products), e + f)
        if self.lo >= 0 and other.lo >= 0:
            return _rational(self.lo * other.lo, self.hi * other.hi)
        products = (self.lo * other.lo, self.lo * other.hi, self.hi * other.lo, self.hi * other.hi)
        return _rational(min(products), max(products))

    def __truediv__(self, other: Interval) -> Interval:
        if other.sign_of_lo() <= 0 <= other.sign_of_hi():
            raise IntervalError("division by an interval that contains zero")
        return self * _rational(1 / other.hi, 1 / other.lo)

    def __abs__(self) -> Interval:
        if self.sign_of_lo() >= 0:
            return self
        if self.sign_of_hi() <= 0:
            return -self
        if self.exp is not None:
            return _decimal(0, max(-self.lo_n, self.hi_n), self.exp)
        return _rational(Fraction(0), max(-self._lo, self._hi))

    def scale(self, factor: Fraction | int) -> Interval:
        decimal = as_decimal(factor) if self.exp is not None else None
        if decimal is not None:
            n, exp = decimal
            lo, hi = self.lo_n * n, self.hi_n * n
            return _decimal(lo, hi, self.exp + exp) if n >= 0 else _decimal(hi, lo, self.exp + exp)
        factor = Fraction(factor)
        if factor >= 0:
            return _rational(self.lo * factor, self.hi * factor)
        return _rational(self.hi * factor, self.lo * factor)

    # -- comparison ---------------------------------------------------------------------------------
    def aligned(self, other: Interval) -> tuple | None:
        """(self.lo, self.hi, other.lo, other.hi) as integers on one scale, or None when either is
        rational."""
        e, f = self.exp, other.exp
        if e is None or f is None:
            return None
        if e == f:
            return self.lo_n, self.hi_n, other.lo_n, other.hi_n
        if e > f:
            k = power10(e - f)
            return self.lo_n, self.hi_n, other.lo_n * k, other.hi_n * k
        k = power10(f - e)
        return self.lo_n * k, self.hi_n * k, other.lo_n, other.hi_n

    def meets(self, other: Interval) -> bool:
        bounds = self.aligned(other)
        if bounds is None:
            return self.lo <= other.hi and other.lo <= self.hi
        a, b, c, d = bounds
        return a <= d and c <= b

    def at_most(self, other: Interval) -> bool:
        """Some value here is <= some value there (``lo <= other.hi``)."""
        bounds = self.aligned(other)
        return self.lo <= other.hi if bounds is None else bounds[0] <= bounds[3]

    def below(self, other: Interval) -> bool:
        """Some value here is < some value there (``lo < other.hi``)."""
        bounds = self.aligned(other)
        return self.lo < other.hi if bounds is None else bounds[0] < bounds[3]

    def intersect(self, other: Interval) -> Interval | None:
        bounds = self.aligned(other)
        if bounds is None:
            lo, hi = max(self.lo, other.lo), min(self.hi, other.hi)
            return _rational(lo, hi) if lo <= hi else None
        a, b, c, d = bounds
        lo, hi = (a if a > c else c), (b if b < d else d)
        return _decimal(lo, hi, max(self.exp, other.exp)) if lo <= hi else None

    def hull(self, other: Interval) -> Interval:
        bounds = self.aligned(other)
        if bounds is None:
            return _rational(min(self.lo, other.lo), max(self.hi, other.hi))
        a, b, c, d = bounds
        return _decimal(min(a, c), max(b, d), max(self.exp, other.exp))

    def gap(self, other: Interval) -> Fraction:
        """Distance between the two intervals; zero when they meet."""
        bounds = self.aligned(other)
        if bounds is None:
            return max(Fraction(0), self.lo - other.hi, other.lo - self.hi)
        a, b, c, d = bounds
        return Fraction(max(0, a - d, c - b), power10(max(self.exp, other.exp)))

    def contains(self, value: Fraction) -> bool:
        return self.lo <= value <= self.hi

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Interval):
            return NotImplemented
        bounds = self.aligned(other)
        if bounds is None:
            return (self.lo, self.hi) == (other.lo, other.hi)
        return bounds[0] == bounds[2] and bounds[1] == bounds[3]

    def __hash__(self) -> int:
        return hash((self.lo, self.hi))  # a Fraction's hash is its value's, whatever the representation

    def __repr__(self) -> str:
        return f"Interval(lo={self.lo!r}, hi={self.hi!r})"


_new = object.__new__


def _decimal(lo_n: int, hi_n: int, exp: int) -> Interval:
    interval = _new(Interval)
    interval.lo_n, interval.hi_n, interval.exp = lo_n, hi_n, exp
    interval._lo = interval._hi = None
    return interval


_rational = Interval.rational


def fraction_sum(values: list[Fraction]) -> Fraction:
    """The exact sum. Figures printed in one unit share a denominator, and then the numerators add as
    integers with one reduction at the end instead of one per addition (most of a sum's cost)."""
    denominator = values[0].denominator
    if all(value.denominator == denominator for value in values):
        return Fraction(sum(value.numerator for value in values), denominator)
    return sum(values, Fraction(0))


def sum_all(intervals: list[Interval]) -> Interval:
    """The sum: integer additions on the finest scale among the terms."""
    if not intervals:
        return Interval.point(0)
    exps = [item.exp for item in intervals]
    if None in exps:
        return _rational(fraction_sum([item.lo for item in intervals]), fraction_sum([item.hi for item in intervals]))
    top = max(exps)
    if min(exps) == top:
        return _decimal(sum(item.lo_n for item in intervals), sum(item.hi_n for item in intervals), top)
    lo = hi = 0
    for item in intervals:
        k = power10(top - item.exp)
        lo += item.lo_n * k
        hi += item.hi_n * k
    return _decimal(lo, hi, top)


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
