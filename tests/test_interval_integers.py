"""auditor.interval's integer representation against plain Fraction arithmetic (issue 16).

Printed figures become intervals of integers on a power-of-ten scale; these properties check that every
operation's bounds are exactly the ones the same operation on Fraction bounds gives, for random printed
figures in every unit and rounding mode, and for the rational intervals quotients make.
"""

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.cache import interval_from_row, interval_row
from auditor.interval import Interval, IntervalError, as_decimal, decimal_exponent, hull_all, intersect_all, sum_all
from auditor.numbers import UNITS, Printed, display_interval, fraction_display_interval

UNIT_FACTORS = sorted({unit.factor for unit in UNITS.values()})


@st.composite
def printed_figures(draw):
    """A printed number as the loader reads it: its digits, decimals and sign, unit and rounding."""
    decimals = draw(st.integers(0, 4))
    units = draw(st.integers(-10**9, 10**9))
    printed = Printed(F(units, 10**decimals), decimals, draw(st.booleans()))
    return printed, draw(st.booleans()), draw(st.sampled_from(["half", "truncate"])), draw(
        st.sampled_from(UNIT_FACTORS))


def figure_interval(figure) -> Interval:
    printed, exact, rounding, factor = figure
    return display_interval(printed, exact, rounding).scale(factor)


def reference_bounds(figure) -> tuple[F, F]:
    printed, exact, rounding, factor = figure
    plain = fraction_display_interval(printed, exact, rounding)
    lo, hi = F(plain.lo), F(plain.hi)
    return (lo * factor, hi * factor) if factor >= 0 else (hi * factor, lo * factor)


def bounds(interval: Interval) -> tuple[F, F]:
    return interval.lo, interval.hi


def quotient(a: Interval, b: Interval) -> Interval | None:
    try:
        return a / b
    except IntervalError:
        return None


intervals = printed_figures().map(lambda figure: (figure_interval(figure), reference_bounds(figure)))


@given(printed_figures())
def test_a_printed_figure_is_its_fraction_interval(figure):
    interval = figure_interval(figure)
    assert interval.exp is not None  # printed figures are decimals: integers, no Fraction
    assert bounds(interval) == reference_bounds(figure)
    assert interval == Interval(*reference_bounds(figure))
    assert hash(interval) == hash(Interval(*reference_bounds(figure)))


@given(intervals, intervals)
def test_sum_difference_product_are_exact(a, b):
    (x, (xl, xh)), (y, (yl, yh)) = a, b
    assert bounds(x + y) == (xl + yl, xh + yh)
    assert bounds(x - y) == (xl - yh, xh - yl)
    products = (xl * yl, xl * yh, xh * yl, xh * yh)
    assert bounds(x * y) == (min(products), max(products))
    assert bounds(-x) == (-xh, -xl)
    assert (x + y).exp is not None and (x * y).exp is not None  # no Fraction on these paths


@given(intervals, intervals)
def test_comparisons_are_exact(a, b):
    (x, (xl, xh)), (y, (yl, yh)) = a, b
    assert x.meets(y) == (xl <= yh and yl <= xh)
    assert x.at_most(y) == (xl <= yh)
    assert x.below(y) == (xl < yh)
    assert x.gap(y) == max(F(0), xl - yh, yl - xh)
    expected = (max(xl, yl), min(xh, yh))
    assert (None if x.intersect(y) is None else bounds(x.intersect(y))) == \
        (expected if expected[0] <= expected[1] else None)
    assert bounds(x.hull(y)) == (min(xl, yl), max(xh, yh))
    assert (x == y) == ((xl, xh) == (yl, yh))
    assert x.width == xh - xl and x.mid == (xl + xh) / 2
    assert (x.sign_of_lo(), x.sign_of_hi()) == ((xl > 0) - (xl < 0), (xh > 0) - (xh < 0))


@given(intervals, intervals, intervals)
def test_quotients_are_rational_and_mix_exactly(a, b, c):
    (x, (xl, xh)), (y, (yl, yh)), (z, (zl, zh)) = a, b, c
    ratio = quotient(x, y)
    if ratio is None:
        assert yl <= 0 <= yh
        return
    candidates = (xl / yl, xl / yh, xh / yl, xh / yh)
    assert bounds(ratio) == (min(candidates), max(candidates))
    # a rational interval meets a decimal one exactly too
    rl, rh = min(candidates), max(candidates)
    assert bounds(ratio + z) == (rl + zl, rh + zh)
    assert bounds(ratio * z) == (min(rl * zl, rl * zh, rh * zl, rh * zh), max(rl * zl, rl * zh, rh * zl, rh * zh))
    assert ratio.meets(z) == (rl <= zh and zl <= rh)
    assert ratio.gap(z) == max(F(0), rl - zh, zl - rh)


@given(st.lists(intervals, min_size=1, max_size=8))
def test_sums_and_intersections_of_many(items):
    values = [interval for interval, _ in items]
    assert bounds(sum_all(values)) == (sum(lo for _, (lo, _) in items), sum(hi for _, (_, hi) in items))
    lo, hi = max(lo for _, (lo, _) in items), min(hi for _, (_, hi) in items)
    common = intersect_all(values)
    assert (None if common is None else bounds(common)) == ((lo, hi) if lo <= hi else None)
    assert bounds(hull_all(values)) == (min(lo for _, (lo, _) in items), max(hi for _, (_, hi) in items))


@given(intervals, st.sampled_from([F(1000), F(1), F(-1), F(1, 100), F(1, 3), F(-7, 2), 0]))
def test_scale_and_abs(a, factor):
    x, (xl, xh) = a
    scaled = (xl * factor, xh * factor) if factor >= 0 else (xh * factor, xl * factor)
    assert bounds(x.scale(factor)) == scaled
    expected_abs = (xl, xh) if xl >= 0 else (-xh, -xl) if xh <= 0 else (F(0), max(-xl, xh))
    assert bounds(abs(x)) == expected_abs


@given(intervals, intervals)
@settings(max_examples=50)
def test_cache_rows_round_trip(a, b):
    for interval in (a[0], quotient(a[0], b[0]) or a[0]):
        assert interval_from_row(interval_row(interval)) == interval


@pytest.mark.parametrize("value, expected", [(F(3), (3, 0)), (F(-1, 8), (-125, 3)), (F(1, 3), None),
                                             (F(7, 20), (35, 2)), (0, (0, 0))])
def test_as_decimal(value, expected):
    assert as_decimal(value) == expected


def test_decimal_exponent():
    assert [decimal_exponent(d) for d in (1, 2, 5, 10, 16, 125, 3, 6)] == [0, 1, 1, 1, 4, 3, None, None]


def test_fractions_and_ints_still_construct():
    # kinds and tests build intervals from Fractions and ints; thirds stay rational, decimals do not
    assert Interval(F(1, 3), F(1, 2)).exp is None
    assert Interval(1, F("2.5")).exp == 1 and Interval(1, F("2.5")).lo_n == 10
    assert Interval.point(F(1, 3)) + Interval.point(F(2, 3)) == Interval.point(1)
    assert (Interval.point(F(1, 3)) + Interval.point(F(2, 3))).exp == 0  # back to integers once decimal


@pytest.mark.parametrize("row", [("1", 2, 0), (1, 2, -1), (3, 2, 0), (1.0, 2, 0)])
def test_a_planted_cache_row_is_refused(row):
    with pytest.raises(ValueError):
        interval_from_row(row)
