"""Exact ranges of rationals that may be unbounded on either side.

:class:`auditor.interval.Interval` is always bounded. Constraint propagation starts unprinted figures at
"any value" and some relations only bound a figure on one side ("the total is at least its listed parts",
"the change is positive"), so the diagnosis works on :class:`Range`: ``lo``/``hi`` are
:class:`fractions.Fraction` or ``None`` for -infinity/+infinity. All arithmetic is exact (never float);
every operation returns a superset of the true set of results, so narrowing with it is sound.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from auditor.interval import Interval

_NEG, _POS = "-inf", "+inf"  # extended bounds used only inside this module


def _order(value) -> tuple:
    if value is _NEG:
        return (-1, 0)
    if value is _POS:
        return (1, 0)
    return (0, value)


def _sign(value) -> int:
    if value is _NEG:
        return -1
    if value is _POS:
        return 1
    return (value > 0) - (value < 0)


def _times(a, b):
    if isinstance(a, str) or isinstance(b, str):
        sign = _sign(a) * _sign(b)
        return Fraction(0) if sign == 0 else (_POS if sign > 0 else _NEG)
    return a * b


@dataclass(frozen=True, slots=True)
class Range:
    lo: Fraction | None = None  # None: unbounded below
    hi: Fraction | None = None  # None: unbounded above

    def __post_init__(self) -> None:
        if self.lo is not None and self.hi is not None and self.lo > self.hi:
            raise ValueError(f"empty range [{self.lo}, {self.hi}]")

    # -- construction ----------------------------------------------------------------------------
    @classmethod
    def of(cls, interval: Interval) -> Range:
        return cls(interval.lo, interval.hi)

    @classmethod
    def point(cls, value) -> Range:
        return cls(Fraction(value), Fraction(value))

    @classmethod
    def everything(cls) -> Range:
        return cls(None, None)

    # -- properties ------------------------------------------------------------------------------
    @property
    def bounded(self) -> bool:
        return self.lo is not None and self.hi is not None

    @property
    def is_everything(self) -> bool:
        return self.lo is None and self.hi is None

    @property
    def width(self) -> Fraction | None:
        return self.hi - self.lo if self.bounded else None

    @property
    def mid(self) -> Fraction | None:
        return (self.lo + self.hi) / 2 if self.bounded else None

    @property
    def interval(self) -> Interval:
        if not self.bounded:
            raise ValueError("an unbounded range has no Interval")
        return Interval(self.lo, self.hi)

    def excludes_zero(self) -> bool:
        return (self.lo is not None and self.lo > 0) or (self.hi is not None and self.hi < 0)

    @property
    def sign(self) -> int:
        """+1 when every value is >= 0, -1 when every value is <= 0 (not both), else 0."""
        if self.lo is not None and self.lo >= 0 and not (self.hi is not None and self.hi <= 0):
            return 1
        if self.hi is not None and self.hi <= 0 and not (self.lo is not None and self.lo >= 0):
            return -1
        return 0

    def contains(self, value: Fraction) -> bool:
        return (self.lo is None or self.lo <= value) and (self.hi is None or value <= self.hi)

    def meets(self, other: Range | Interval) -> bool:
        return self.intersect(other) is not None

    # -- set operations --------------------------------------------------------------------------
    def intersect(self, other: Range | Interval) -> Range | None:
        # max and min by cross-multiplied integers (Fraction comparisons were a tenth of the propagation)
        a, b = self.lo, other.lo
        lo = b if a is None else a if b is None else b if _below(a, b) else a
        a, b = self.hi, other.hi
        hi = b if a is None else a if b is None else b if _below(b, a) else a
        if lo is not None and hi is not None and _below(hi, lo):
            return None
        return _make(lo, hi)

    def hull(self, other: Range) -> Range:
        lo = None if self.lo is None or other.lo is None else min(self.lo, other.lo)
        hi = None if self.hi is None or other.hi is None else max(self.hi, other.hi)
        return _make(lo, hi)

    def narrows(self, old: Range, ratio: Fraction = Fraction(1, 1000)) -> bool:
        """Whether ``self`` (a subset of ``old``) is worth recording: it closes an open side of ``old``
        or shrinks its width by more than ``ratio``. Tiny improvements are dropped so that propagation
        over rationals cannot creep forever (dropping them keeps the result sound, only less tight)."""
        if (old.lo is None) != (self.lo is None) or (old.hi is None) != (self.hi is None):
            return True
        if not old.bounded:  # one side open: a side must move by more than ``ratio`` of its size
            moved_lo = old.lo is not None and self.lo - old.lo > ratio * max(abs(old.lo), abs(self.lo))
            moved_hi = old.hi is not None and old.hi - self.hi > ratio * max(abs(old.hi), abs(self.hi))
            return moved_lo or moved_hi
        # width < old width * (1 - ratio), on integers: (h - l) * den(1 - r) < (H - L) * num(1 - r)
        # (called for every revision; Fraction arithmetic would reduce each intermediate by a gcd)
        keep = 1 - ratio
        new_num, new_den = _difference(self.hi, self.lo)
        old_num, old_den = _difference(old.hi, old.lo)
        if old_num == 0:
            return False
        return new_num * old_den * keep.denominator < old_num * new_den * keep.numerator

    def tidy(self, places: int = 9) -> Range:
        """Round the bounds outwards to ``places`` decimals when their denominators grow large."""
        scale = 10**places
        lo, hi = self.lo, self.hi
        if (lo is None or lo.denominator <= scale) and (hi is None or hi.denominator <= scale):
            return self  # nothing to round (the common case: printed figures have small denominators)
        if lo is not None and lo.denominator > scale:
            lo = Fraction(math.floor(lo * scale), scale)
        if hi is not None and hi.denominator > scale:
            hi = Fraction(math.ceil(hi * scale), scale)
        return _make(lo, hi)  # rounded outwards: still ordered

    # -- arithmetic ------------------------------------------------------------------------------
    def _ext(self) -> tuple:
        return (_NEG if self.lo is None else self.lo, _POS if self.hi is None else self.hi)

    @staticmethod
    def _from_ext(lo, hi) -> Range:
        return Range(None if isinstance(lo, str) else lo, None if isinstance(hi, str) else hi)

    def __add__(self, other: Range) -> Range:
        lo = None if self.lo is None or other.lo is None else self.lo + other.lo
        hi = None if self.hi is None or other.hi is None else self.hi + other.hi
        return _make(lo, hi)

    def __neg__(self) -> Range:
        return _make(None if self.hi is None else -self.hi, None if self.lo is None else -self.lo)

    def __sub__(self, other: Range) -> Range:
        return self + (-other)

    def scale(self, factor: Fraction) -> Range:
        if factor == 1:
            return self
        if factor == -1:
            return -self
        factor = Fraction(factor)
        if factor == 0:
            return Range.point(0)
        lo = None if self.lo is None else self.lo * factor
        hi = None if self.hi is None else self.hi * factor
        return _make(lo, hi) if factor > 0 else _make(hi, lo)

    def __mul__(self, other: Range) -> Range:
        a, b, c, d = self.lo, self.hi, other.lo, other.hi
        if a is not None and b is not None and c is not None and d is not None:  # bounded: plain products
            if a >= 0 and c >= 0:
                return _make(a * c, b * d)
            products = (a * c, a * d, b * c, b * d)
            return _make(min(products), max(products))
        products = [_times(x, y) for x in self._ext() for y in other._ext()]
        return self._from_ext(min(products, key=_order), max(products, key=_order))

    def reciprocal(self) -> Range:
        """1/x over the range; everything when the range contains zero (no bound can be given)."""
        if not self.excludes_zero():
            return Range.everything()
        lo = Fraction(0) if self.hi is None else 1 / self.hi
        hi = Fraction(0) if self.lo is None else 1 / self.lo
        return Range(lo, hi)

    def __truediv__(self, other: Range) -> Range:
        return self * other.reciprocal()

    def __abs__(self) -> Range:
        if self.sign > 0:
            return self
        if self.sign < 0:
            return -self
        top = None if self.lo is None or self.hi is None else max(-self.lo, self.hi)
        return Range(Fraction(0), top)

    def __str__(self) -> str:
        lo = "-inf" if self.lo is None else str(self.lo)
        hi = "+inf" if self.hi is None else str(self.hi)
        return f"[{lo}, {hi}]"


def _below(a: Fraction, b: Fraction) -> bool:
    """``a < b`` for rationals (denominators are positive)."""
    return a.numerator * b.denominator < b.numerator * a.denominator


def _difference(hi: Fraction, lo: Fraction) -> tuple[int, int]:
    """``hi - lo`` as an unreduced (numerator, positive denominator)."""
    if hi.denominator == lo.denominator:
        return hi.numerator - lo.numerator, hi.denominator
    return hi.numerator * lo.denominator - lo.numerator * hi.denominator, hi.denominator * lo.denominator


def _make(lo, hi) -> Range:
    """A Range from bounds already known to be ordered (skips the check)."""
    value = object.__new__(Range)
    object.__setattr__(value, "lo", lo)
    object.__setattr__(value, "hi", hi)
    return value


EVERYTHING = Range.everything()
NONNEGATIVE = Range(Fraction(0), None)
NONPOSITIVE = Range(None, Fraction(0))


def intersect_ranges(ranges) -> Range | None:
    result = EVERYTHING
    for item in ranges:
        result = result.intersect(item)
        if result is None:
            return None
    return result
