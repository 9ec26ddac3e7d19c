"""One object per equal value while loading.

Facts repeat each other's line numbers, header lines, periods, printed values and display intervals. All of
these are immutable, so a fact can point at one shared object instead of holding an equal copy: a pointer
is 8 bytes where an int is 28, a tuple 48 and a printed value with its interval about 300.
"""

from __future__ import annotations

from auditor.interval import Interval
from auditor.numbers import Printed, Unit, display_interval, parse_number


class Shared:
    def __init__(self) -> None:
        self.numbers: dict = {}  # ints and tuples of ints, never bools (True == 1 would answer 1)
        self.periods: dict = {}  # the cache's period rows -> their periods (parse_period caches its own)
        self.printed_by_text: dict[str, Printed] = {}
        # (printed text, direction sign, exact, rounding, unit name) -> (Printed, Interval)
        self.readings: dict[tuple, tuple[Printed, Interval]] = {}
        # the same reading of an "approx." figure -> its widened interval (auditor.bounds.approximate)
        self.approximations: dict[tuple, Interval] = {}

    def number(self, value):
        return self.numbers.setdefault(value, value)

    def printed(self, text: str) -> Printed:
        """``text`` as a printed number, parsed once per distinct text (NumberError when it is none)."""
        printed = self.printed_by_text.get(text)
        if printed is None:
            printed = self.printed_by_text[text] = parse_number(text)
        return printed

    def reading(self, text: str, sign: int, exact: bool, rounding: str, unit: Unit,
                stored=None) -> tuple[Printed, Interval]:
        """The printed value of ``text`` and the values, in the unit's base unit, that display as it; the
        direction word's ``sign`` applies when the text has none of its own. ``stored``, when given, makes
        the pair instead (the cache's rows hold it already)."""
        key = (text, sign, exact, rounding, unit.name)
        reading = self.readings.get(key)
        if reading is None:
            reading = self.readings[key] = stored() if stored else self.computed(text, sign, exact, rounding, unit)
        return reading

    def computed(self, text: str, sign: int, exact: bool, rounding: str, unit: Unit) -> tuple[Printed, Interval]:
        printed = self.printed(text)
        value = printed.value * sign if sign and not printed.signed else printed.value
        signed = Printed(value, printed.decimals, printed.signed)
        return printed, display_interval(signed, exact, rounding).scale(unit.factor)
