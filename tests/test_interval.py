"""auditor.interval: exact closed intervals of Fractions."""

from fractions import Fraction as F

import pytest

from auditor.interval import Interval, IntervalError, fraction_sum, hull_all, intersect_all, sum_all


def I(lo, hi):  # noqa: E743 - short constructor for readability
    return Interval(F(lo), F(hi))


def test_point_and_properties():
    p = Interval.point(3)
    assert (p.lo, p.hi, p.width) == (F(3), F(3), F(0))
    assert I("23.35", "23.45").width == F(1, 10)
    assert I("23.35", "23.45").mid == F("23.4")


def test_empty_interval_is_refused():
    # bounds from outside the arithmetic go through Interval.checked; arithmetic keeps lo <= hi itself
    with pytest.raises(ValueError, match="empty interval"):
        Interval.checked(F(2), F(1))
    assert Interval.checked(F(1), F(2)) == I(1, 2)


def test_addition_and_subtraction_are_exact():
    # 18.9 + 4.5 with half rounding = [23.3, 23.5]: no float error at the bounds
    total = I("18.85", "18.95") + I("4.45", "4.55")
    assert total == I("23.3", "23.5")
    assert I("23.35", "23.45") - I("15.75", "15.85") == I("7.5", "7.7")
    assert -I(1, 2) == I(-2, -1)


def test_multiplication_takes_extreme_products():
    assert I(-2, 3) * I(4, 5) == I(-10, 15)
    assert I(-2, -1) * I(-3, 4) == I(-8, 6)


def test_division():
    assert I(7500, 7700) / I(15750, 15850) == Interval(F(7500, 15850), F(7700, 15750))
    assert I(1, 2) / I(-4, -2) == I(-1, F(-1, 4))


@pytest.mark.parametrize("denominator", [I(-1, 1), I(0, 1), I(-1, 0), Interval.point(0)])
def test_division_by_interval_containing_zero_raises(denominator):
    with pytest.raises(IntervalError, match="contains zero"):
        I(1, 2) / denominator


def test_abs():
    assert abs(I(1, 2)) == I(1, 2)
    assert abs(I(-3, -1)) == I(1, 3)
    assert abs(I(-3, 2)) == I(0, 3)


def test_scale_by_negative_factor_keeps_order():
    assert I(1, 2).scale(F(1000)) == I(1000, 2000)
    assert I(1, 2).scale(F(-1)) == I(-2, -1)


def test_meets_touching_bounds():
    # [23.35, 23.45] vs [23.4, 23.6] overlap; [23.35, 23.45] vs [23.45, 23.6] touch: both meet
    assert I("23.35", "23.45").meets(I("23.4", "23.6"))
    assert I("23.35", "23.45").meets(I("23.45", "23.6"))
    assert not I("23.35", "23.45").meets(I("23.46", "23.6"))


def test_gap_is_zero_when_meeting_and_symmetric():
    assert I(0, 1).gap(I(1, 2)) == 0
    assert I(0, 1).gap(I("1.5", 2)) == F(1, 2)
    assert I("1.5", 2).gap(I(0, 1)) == F(1, 2)


def test_intersect_and_hull():
    assert I(0, 2).intersect(I(1, 3)) == I(1, 2)
    assert I(0, 1).intersect(I(2, 3)) is None
    assert I(0, 1).intersect(I(1, 3)) == Interval.point(1)
    assert I(0, 1).hull(I(2, 3)) == I(0, 3)


def test_intersect_all_and_hull_all():
    assert intersect_all([I(6450, 6550), I("6463.5", "6464.5")]) == I("6463.5", "6464.5")
    assert intersect_all([I(0, 1), I(2, 3), I(0, 3)]) is None
    assert hull_all([I(0, 1), I(5, 6), I(-1, 0)]) == I(-1, 6)


def test_contains():
    assert I(0, 1).contains(F(0)) and I(0, 1).contains(F(1))
    assert not I(0, 1).contains(F(-1, 10**9))


def test_sum_all_is_the_exact_sum_with_shared_and_mixed_denominators():
    assert fraction_sum([F(1, 2), F(3, 2), F(5, 2)]) == F(9, 2)
    assert fraction_sum([F(1, 2), F(1, 3), F(1, 6)]) == 1
    assert fraction_sum([F(1, 2), F(1, 2)]).denominator == 1  # reduced
    assert sum_all([]) == Interval.point(0)
    parts = [Interval(F(1, 2), F(3, 2)), Interval(F(-7, 20), F(1, 20)), Interval.point(3)]
    assert sum_all(parts) == parts[0] + parts[1] + parts[2]
