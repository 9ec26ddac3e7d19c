"""Relations between figures as constraints over :class:`~auditor.model.Key` variables.

Three shapes cover the relational rule kinds:

- :class:`Linear`: ``sum(coef * x) in rhs``: equation rules (linear ones), part_whole, aggregation
  tilings, rollforward (rhs widened by the slack), absolute and point changes;
- :class:`Quotient`: ``q == num / den``: shares, margin ratios, attainment;
- :class:`RelChange`: ``r == (cur - base) / |base|``: relative changes.

Variables are compared by identity: a :class:`~auditor.diagnosis.build.ConstraintSet` makes every key
canonical (one object per key), and callers pass its canonical keys. Each constraint can be *solved* for any one of its variables given ranges for the others (the range the
variable must lie in for the relation to be satisfiable), and can state an affine *link*
``u = k * v + d`` between two of its variables when the others are bounded. Propagation uses both.
Building the constraints of a rule set over an index is :mod:`auditor.diagnosis.build`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from auditor.diagnosis.ranges import EVERYTHING, NONNEGATIVE, NONPOSITIVE, Range, _make
from auditor.model import Key


@dataclass(eq=False)
class Constraint:
    rule_id: str
    keys: tuple[Key, ...] = ()
    propagate: bool = True  # False: only used to compute implied values (the kind checks it conditionally)
    broken: bool = field(default=False, compare=False)  # set when propagation found it contradicted

    def solve(self, key: Key, env) -> Range:
        raise NotImplementedError

    def canonicalize(self, canon) -> None:
        """Replace every key by ``canon(key)`` (one object per distinct key)."""
        raise NotImplementedError

    def links(self, u: Key, v: Key, env) -> list[tuple[Range, Range]]:
        """Affine links ``u = k * v + d`` as (k, d), given bounded values of every other variable."""
        return []

    def formula(self) -> str:
        raise NotImplementedError


def name(key: Key) -> str:
    return key.describe()


@dataclass(eq=False)
class Linear(Constraint):
    terms: tuple[tuple[Fraction, Key], ...] = ()
    rhs: Range = field(default_factory=lambda: Range.point(0))

    def __post_init__(self) -> None:
        merged: dict[Key, Fraction] = {}
        for coef, key in self.terms:
            coef = coef if type(coef) is Fraction else Fraction(coef)
            merged[key] = merged[key] + coef if key in merged else coef
        self.terms = tuple((coef, key) for key, coef in merged.items() if coef != 0)
        self.keys = tuple(key for _, key in self.terms)

    def canonicalize(self, canon) -> None:
        self.terms = tuple((coef, canon(key)) for coef, key in self.terms)
        self.keys = tuple(key for _, key in self.terms)

    def _rest(self, skip, env) -> Range | None:
        """Sum of coef * x over the terms not in ``skip``; None when it is unbounded on both sides."""
        lo = hi = Fraction(0)
        for coef, key in self.terms:
            if any(key is item for item in skip):
                continue
            value = env(key)
            if coef == 1:
                low, high = value.lo, value.hi
            elif coef == -1:
                low = None if value.hi is None else -value.hi
                high = None if value.lo is None else -value.lo
            else:
                scaled = value.scale(coef)
                low, high = scaled.lo, scaled.hi
            lo = None if lo is None or low is None else lo + low
            hi = None if hi is None or high is None else hi + high
            if lo is None and hi is None:
                return None
        return Range(lo, hi)

    def coef(self, key: Key) -> Fraction:
        for coef, k in self.terms:
            if k is key:
                return coef
        raise KeyError(key)

    def solve(self, key: Key, env) -> Range:
        """``(rhs - sum of the other terms) / coef(key)``, summed on integer numerators (one reduction
        per bound instead of one per term: this is most of the propagation's time). Exactly the value
        that Range arithmetic gives."""
        rhs = self.rhs
        lo = None if rhs.lo is None else [rhs.lo.numerator, rhs.lo.denominator]  # running sum as [num, den]
        hi = None if rhs.hi is None else [rhs.hi.numerator, rhs.hi.denominator]
        own = None
        for coef, other in self.terms:
            if other is key:
                own = coef
                continue
            value = env(other)
            low, high = (value.lo, value.hi) if coef.numerator > 0 else (value.hi, value.lo)  # of coef * x
            if lo is not None:  # the lower bound takes off the most coef * x can be
                lo = None if high is None else _less(lo, coef, high)
            if hi is not None:
                hi = None if low is None else _less(hi, coef, low)
            if lo is None and hi is None:
                return EVERYTHING
        if lo is None and hi is None:
            return EVERYTHING
        lo, hi = _over(lo, own), _over(hi, own)
        return _make(lo, hi) if own.numerator > 0 else _make(hi, lo)

    def links(self, u: Key, v: Key, env) -> list[tuple[Range, Range]]:
        # a_u u + a_v v in rhs - rest  =>  u = (-a_v / a_u) v + (rhs - rest) / a_u
        a_u, a_v = self.coef(u), self.coef(v)
        rest = self._rest((u, v), env)
        rest = EVERYTHING if rest is None else self.rhs - rest
        return [(Range.point(-a_v / a_u), rest.scale(1 / a_u))]

    def formula(self) -> str:
        parts = []
        for coef, key in self.terms:
            sign = "-" if coef < 0 else "+"
            size = "" if abs(coef) == 1 else f"{abs(coef)}*"
            parts.append(f"{sign} {size}{{{name(key)}}}")
        text = " ".join(parts).lstrip("+ ")
        if self.rhs.lo == self.rhs.hi == 0:
            return f"{text} == 0"
        return f"{text} in {self.rhs}"


@dataclass(eq=False)
class Quotient(Constraint):
    """``q == num / den``."""

    q: Key | None = None
    num: Key | None = None
    den: Key | None = None

    def __post_init__(self) -> None:
        self.keys = (self.q, self.num, self.den)

    def canonicalize(self, canon) -> None:
        self.q, self.num, self.den = canon(self.q), canon(self.num), canon(self.den)
        self.keys = (self.q, self.num, self.den)

    def solve(self, key: Key, env) -> Range:
        if key is self.q:
            return env(self.num) / env(self.den)
        if key is self.num:
            return env(self.q) * env(self.den)
        return env(self.num) / env(self.q)

    def links(self, u: Key, v: Key, env) -> list[tuple[Range, Range]]:
        zero = Range.point(0)
        if u is self.num and v is self.den:
            return [(env(self.q), zero)]
        if u is self.num and v is self.q:
            return [(env(self.den), zero)]
        return []

    def formula(self) -> str:
        return f"{{{name(self.q)}}} == {{{name(self.num)}}} / {{{name(self.den)}}}"


@dataclass(eq=False)
class RelChange(Constraint):
    """``r == (cur - base) / |base|``: a relative change (the change kind's reading)."""

    r: Key | None = None
    cur: Key | None = None
    base: Key | None = None

    def __post_init__(self) -> None:
        self.keys = (self.r, self.cur, self.base)

    def canonicalize(self, canon) -> None:
        self.r, self.cur, self.base = canon(self.r), canon(self.cur), canon(self.base)
        self.keys = (self.r, self.cur, self.base)

    def solve(self, key: Key, env) -> Range:
        r, cur, base = env(self.r), env(self.cur), env(self.base)
        one = Range.point(1)
        if key is self.r:
            if not base.excludes_zero():
                return EVERYTHING
            return cur / base - one if base.sign > 0 else one - cur / base
        cases = []
        for sign, region in ((1, NONNEGATIVE), (-1, NONPOSITIVE)):
            part = base.intersect(region)
            if part is None:
                continue
            factor = one + r if sign > 0 else one - r
            if key is self.cur:
                cases.append(part * factor)
            else:
                value = (cur / factor).intersect(region)
                if value is not None:
                    cases.append(value)
        if not cases:
            return _EMPTY_MARK
        result = cases[0]
        for case in cases[1:]:
            result = result.hull(case)
        return result

    def links(self, u: Key, v: Key, env) -> list[tuple[Range, Range]]:
        one = Range.point(1)
        if u is self.cur and v is self.base:
            base_sign = env(self.base).sign
            if base_sign == 0:
                return []
            r = env(self.r)
            return [((one + r) if base_sign > 0 else (one - r), Range.point(0))]
        if u is self.cur and v is self.r:
            base = env(self.base)
            if not base.excludes_zero():
                return []
            return [(abs(base), base)]
        return []

    def formula(self) -> str:
        return (f"{{{name(self.r)}}} == ({{{name(self.cur)}}} - {{{name(self.base)}}}) / "
                f"|{{{name(self.base)}}}|")


def _less(total: list, coef: Fraction, value: Fraction) -> list:
    """``total - coef * value`` on a running [numerator, denominator] (not reduced)."""
    num = coef.numerator * value.numerator
    den = coef.denominator * value.denominator
    if den == total[1]:
        return [total[0] - num, den]
    return [total[0] * den - num * total[1], total[1] * den]


def _over(total: list | None, coef: Fraction) -> Fraction | None:
    """``total / coef`` as a reduced Fraction."""
    if total is None:
        return None
    return Fraction(total[0] * coef.denominator, total[1] * coef.numerator)


class _Empty:
    """Returned by a solve that finds no value at all (a contradiction)."""


_EMPTY_MARK = _Empty()


def is_empty(result) -> bool:
    return result is _EMPTY_MARK
