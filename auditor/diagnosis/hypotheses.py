"""Single-figure error hypotheses for a suspect fact: what the deck might have meant to print.

Value slips give a corrected fact (same fact, corrected value and interval):

- ``sign``: the sign or the direction word is flipped ("used" for "provided");
- ``scale``: a unit slip, the value is 1,000 times too large or too small (thousand, million, billion);
- ``transposition``: two adjacent digits swapped;
- ``digit``: one digit mistyped.

Label slips say the printed value is right but belongs elsewhere. They give a *ghost* (the printed value
restated where it belongs) and the fact's own slot gets the value its other relations imply, or is left
empty when nothing implies one:

- ``mislabel``: the value equals another concept's figure (printed or derived) for the same entity,
  segment, period and basis;
- ``wrong_period``: the value equals the same concept's figure of another period (same comparison, same
  length, a period the suspect's document prints figures for: a column it could have taken it from);
- ``wrong_base``: a change equals the change against another base period than the one it names.

A label-slip candidate needs a match: the other figure's range (not resting on the suspect itself) is
tight (width at most a tenth of its magnitude) and overlaps the suspect's interval over more than a point.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from auditor.diagnosis.derive import tight
from auditor.diagnosis.ranges import Range
from auditor.model import Fact, Key
from auditor.numbers import UNITS, Printed, Unit, display_interval
from auditor.periods import Instant, Span

VALUE_KINDS = ("sign", "scale", "transposition", "digit")
LABEL_KINDS = ("mislabel", "wrong_period", "wrong_base")


@dataclass(eq=False)
class Hypothesis:
    kind: str
    fact: Fact  # the suspect as printed
    corrected: Fact | None  # the suspect with its corrected value; None: it leaves its slot
    suggested: Fraction  # what the slot should read, in the suspect's printed units
    ghost: Fact | None = None  # label slips: the printed value restated where it belongs
    target: str = ""  # label slips: the concept, period or base it belongs to
    match: Range | None = None  # label slips: the range of the figure it matches

    @property
    def identity(self) -> tuple:
        return (self.fact.id, self.kind, self.suggested, self.target)

    @property
    def changes(self) -> dict:
        """``{fact id: corrected fact, or None when it leaves its slot}`` of the facts it replaces."""
        return {self.fact.id: self.corrected}

    @property
    def added(self) -> list:
        """The facts it adds: a label slip's ghost."""
        return [self.ghost] if self.ghost is not None else []

    @property
    def keys(self) -> set:
        """The keys whose facts the hypothesis changes."""
        return {self.fact.key} | {fact.key for fact in self.added}


# -- value slips ---------------------------------------------------------------------------------------
def restated(fact: Fact, value: Fraction) -> Fact:
    """The fact printed as ``value`` (signed, printed units) at its own precision, the way the loader
    would read it: a direction word takes the sign when the figure is printed unsigned."""
    decimals = fact.printed.decimals
    if fact.printed.signed or (not fact.direction_sign and value < 0):
        printed, sign = Printed(value, decimals, True), fact.direction_sign
    elif fact.direction_sign:
        sign = fact.direction_sign if value == 0 else (1 if value > 0 else -1)
        printed = Printed(abs(value), decimals, False)
    else:
        printed, sign = Printed(value, decimals, False), 0
    signed_value = printed.value * sign if sign and not printed.signed else printed.value
    interval = display_interval(Printed(signed_value, decimals, printed.signed), fact.exact,
                                fact.document.rounding).scale(fact.unit.factor)
    return replace(fact, printed=printed, direction_sign=sign, interval=interval,
                   value_text=render(printed.value, decimals, fact.value_text))


def render(value: Fraction, decimals: int, like: str) -> str:
    """``value`` written like the printed text ``like`` (thousands commas, parentheses, plus sign)."""
    scaled = abs(value) * 10**decimals
    whole, part = divmod(int(scaled), 10**decimals)
    text = f"{whole:,}" if "," in like or whole >= 10000 else str(whole)
    if decimals:
        text += "." + str(part).rjust(decimals, "0")
    if value < 0:
        return f"({text})" if like.startswith("(") else "-" + text
    return "+" + text if like.startswith("+") else text


def unit_scaled(unit: Unit, factor: Fraction) -> Unit | None:
    """The listed unit ``factor`` times larger (JPY million x 1000 = JPY billion), if any."""
    for other in UNITS.values():
        if other.dimension == unit.dimension and other.factor == unit.factor * factor and other.name != "JPY":
            return other
    return None


def rescaled(fact: Fact, factor: Fraction) -> Fact | None:
    """The fact with the same printed digits in a unit ``factor`` times larger (a unit slip)."""
    unit = unit_scaled(fact.unit, factor)
    return None if unit is None else replace(fact, unit=unit, interval=fact.interval.scale(factor))


def digits_of(fact: Fact) -> tuple[str, int]:
    decimals = fact.printed.decimals
    magnitude = int(abs(fact.printed.value) * 10**decimals)
    return str(magnitude).rjust(decimals + 1, "0"), decimals


def from_digits(fact: Fact, digits: str, decimals: int) -> Fraction | None:
    whole = digits[:-decimals] if decimals else digits
    if len(whole) > 1 and whole[0] == "0":
        return None
    magnitude = Fraction(int(digits), 10**decimals)
    sign = -1 if fact.value < 0 else 1
    return magnitude * sign


def value_slips(fact: Fact) -> list[Hypothesis]:
    found: list[Hypothesis] = []
    if fact.value != 0:
        flipped = restated(fact, -fact.value)
        found.append(Hypothesis("sign", fact, flipped, flipped.value))
    if fact.unit.dimension == "money" and fact.unit.name != "JPY":
        for factor, target in ((Fraction(1000), "x1000"), (Fraction(1, 1000), "x1/1000")):
            scaled = rescaled(fact, factor)
            if scaled is not None:
                found.append(Hypothesis("scale", fact, scaled, fact.value * factor, target=target))
    digits, decimals = digits_of(fact)
    seen = {digits}
    for position in range(len(digits) - 1):
        swapped = digits[:position] + digits[position + 1] + digits[position] + digits[position + 2:]
        if swapped not in seen and (value := from_digits(fact, swapped, decimals)) is not None:
            seen.add(swapped)
            found.append(Hypothesis("transposition", fact, restated(fact, value), value))
    for position in range(len(digits)):
        for digit in "0123456789":
            typed = digits[:position] + digit + digits[position + 1:]
            if typed in seen or (value := from_digits(fact, typed, decimals)) is None:
                continue
            seen.add(typed)
            found.append(Hypothesis("digit", fact, restated(fact, value), value))
    return found


# -- label slips ---------------------------------------------------------------------------------------
def label_slips(fact: Fact, knowledge) -> list[Hypothesis]:
    """``knowledge`` (:class:`auditor.diagnosis.causes.Knowledge`) gives the figures to match against."""
    key = fact.key
    found = []
    for other in knowledge.keys_like(key, "concept"):
        value = knowledge.usable(other, fact.id)
        if value is not None and matches(value, fact) and knowledge.dimension(other) == fact.unit.dimension:
            found.append(ghost_hypothesis("mislabel", fact, other, other.concept, value))
    for other in knowledge.keys_like(key, "period"):
        if not same_comparison(key, other) or not knowledge.printable(other, fact):
            continue
        value = knowledge.usable(other, fact.id)
        if value is not None and matches(value, fact):
            found.append(ghost_hypothesis("wrong_period", fact, other, str(other.period), value))
    if key.measure in ("change", "pct_change", "point_change") and key.base_period not in (None, key.period):
        for base, value in other_bases(key, fact.id, knowledge):
            if matches(value, fact):
                found.append(ghost_hypothesis("wrong_base", fact, key._replace(base_period=base), str(base),
                                              value))
    return found


def matches(value: Range, fact: Fact) -> bool:
    """The other figure is tight and overlaps the printed figure's interval over more than one point (or
    is an exact value inside it)."""
    if not tight(value):
        return False
    common = value.intersect(fact.interval)
    return common is not None and (common.width > 0 or value.width == 0 or fact.interval.width == 0)


def ghost_hypothesis(kind: str, fact: Fact, key: Key, target: str, value: Range) -> Hypothesis:
    ghost = replace(fact, id=f"{fact.id}#{kind}:{target}", key=key)
    return Hypothesis(kind, fact, None, fact.value, ghost=ghost, target=target, match=value)


def same_comparison(key: Key, other: Key) -> bool:
    """Whether ``other`` (another period of the same line) compares the way ``key`` does."""
    if isinstance(key.period, Span) != isinstance(other.period, Span):
        return False
    if isinstance(key.period, Span) and key.period.months != other.period.months:
        return False
    if key.base_period is None or key.base_period == key.period:
        return other.base_period == (None if key.base_period is None else other.period)
    return offset(key.period, key.base_period) == offset(other.period, other.base_period)


def offset(period, base) -> int | None:
    if base is None:
        return None
    if isinstance(period, Span) and isinstance(base, Span):
        return period.first - base.first if period.months == base.months else None
    if isinstance(period, Instant) and isinstance(base, Instant):
        return period.month - base.month
    return None


def other_bases(key: Key, fact_id: str, knowledge):
    """Changes of the same quantity from other base periods of the same length, where computable."""
    measure = "share" if key.of is not None else "level"
    current_key = quantity_key(key, key.period, key.basis, measure)
    current = knowledge.usable(current_key, fact_id)
    if current is None:
        return
    for candidate in knowledge.keys_like(current_key, "period"):
        base = candidate.period
        if base in (key.base_period, key.period) or not comparable(key.period, base):
            continue
        if candidate.basis != key.base_basis:
            continue
        value = knowledge.usable(candidate, fact_id)
        if value is None:
            continue
        if key.measure in ("change", "point_change"):
            yield base, current - value
        elif value.excludes_zero():
            yield base, (current - value) / abs(value)


def quantity_key(key: Key, period, basis, measure: str) -> Key:
    if measure == "share":
        return Key(key.entity, key.segment, key.concept, "share", period, basis, of=key.of,
                   of_segment=key.of_segment)
    return Key(key.entity, key.segment, key.concept, "level", period, basis)


def comparable(period, base) -> bool:
    if isinstance(period, Span) and isinstance(base, Span):
        return base.months == period.months and base.last < period.first
    return isinstance(period, Instant) and isinstance(base, Instant) and base < period
