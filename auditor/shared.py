"""One object per equal value while loading.

Facts repeat each other's line numbers, header lines, periods, printed values and display intervals. All of
these are immutable, so a fact can point at one shared object instead of holding an equal copy: a pointer
is 8 bytes where an int is 28, a tuple 48 and a printed value with its interval about 300.
"""

from __future__ import annotations

from auditor.interval import Interval
from auditor.numbers import Printed


class Shared:
    def __init__(self) -> None:
        self.numbers: dict = {}  # ints and tuples of ints, never bools (True == 1 would answer 1)
        self.periods: dict = {}  # period row or text -> its period
        self.printed: dict[str, Printed] = {}  # printed text -> its value (parsed once)
        # (printed text, direction sign, exact, rounding, unit name) -> (Printed, Interval)
        self.readings: dict[tuple, tuple[Printed, Interval]] = {}

    def number(self, value):
        return self.numbers.setdefault(value, value)
