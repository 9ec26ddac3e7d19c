"""What a fact's printed ``text`` says: the numbers it prints, each with its sign, scale word and the
direction word that governs it.

A fact's ``value`` must be one of these numbers exactly (same digits, decimals and sign): a value
edited away from its text is refused at load time (:func:`check_value`), before any rule runs.

Reading a text:

- A number is a run of digits with thousands commas and decimals (``1,953``, ``23.4``; other decimal
  digits of the deck's own, such as fullwidth ones, read as 0-9 here, never in a value). A run
  glued to letters is part of a word, not a figure (``1H06``, ``FY11``, ``2Q12``), except after the
  currency (``JPY23.4``) or before a scale word (``JPY155million``).
- A sign (``+``, ``-``, U+2212) or parentheses around the number, the currency and its unit
  (``(JPY18,764)``, ``(20.8%)``) make it signed; parentheses or a minus make it negative. Parentheses
  are an aside, not a sign, when they follow another number of the text (``3,627 (15.5%)``) or when the
  figure is a share of a concept that cannot be negative (a share printed under its amount).
- The scale word right after the number (``billion``, ``million``, ``thousand``, ``%``, ``points``,
  ``Gbps``) names the unit the fact must have.
- The direction word nearest before the number (or, for a fact with a direction, after it) must have
  the sign of the fact's direction (none counts as up).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from auditor.numbers import NumberError, Printed, parse_number

# Runs of digits with inner commas and points: the same segmentation for texts and deck lines, so
# "3.3" can never stand for part of "33.3" (see auditor.linetext).
RUN = re.compile(r"[0-9](?:[0-9.,]*[0-9])?")
_WELL_FORMED = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
CURRENCY = "JPY"
SCALE_UNITS = {"billion": "JPY billion", "million": "JPY million", "thousand": "JPY thousand",
               "%": "%", "points": "points", "point": "points", "gbps": "Gbps"}
_SCALE = re.compile(r"[ ]?(%|billion|million|thousand|points|point|gbps)(?![a-z])", re.IGNORECASE)
_SIGNS = "+-\u2212"
_NEGATIVE = ("-", "\u2212")


def ascii_digits(text: str) -> str:
    """``text`` with other decimal digits as 0-9: the text keeps the deck's characters ("１,９５３"), the
    value is written in ASCII ("1,953"), and both must be the same number."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char for char in text)


def ascii_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


@dataclass(frozen=True, slots=True)
class Token:
    """One number a text prints."""

    magnitude: Printed  # unsigned
    digits: str  # as printed
    sign: str  # "+", "-", U+2212 or "" for none
    paren: bool  # enclosed in parentheses
    after_number: bool  # another number of the text stands before it
    start: int  # extent in the text, markers included
    end: int
    scale: str | None  # unit named by the scale word after it

    def reading(self, aside_ok: bool) -> Printed:
        """The printed value; ``aside_ok``: parentheses may set off an aside rather than a negative."""
        aside = self.paren and not self.sign and (self.after_number or aside_ok)
        negative = self.sign in _NEGATIVE or (self.paren and not self.sign and not aside)
        value = -self.magnitude.value if negative else self.magnitude.value
        return Printed(value, self.magnitude.decimals, bool(self.sign) or (self.paren and not aside))

    def shown(self, reading: Printed) -> str:
        """The reading written as a fact's value would be (``(20.8)``, ``+3.0``, ``2.1``)."""
        if not reading.signed:
            return self.digits
        if reading.value < 0:
            return f"({self.digits})" if self.paren else f"{self.sign}{self.digits}"
        return f"+{self.digits}"


def tokens(text: str) -> list[Token]:
    found: list[Token] = []
    for match in RUN.finditer(text):
        start, end = match.span()
        if not _WELL_FORMED.fullmatch(match.group()):
            continue
        left = _left_markers(text, start)
        if left is None:
            continue
        scale = _SCALE.match(text, end)
        after = scale.end() if scale else end
        if scale is None and after < len(text) and ascii_letter(text[after]):
            continue  # "1H06", "2Q12": digits of a word
        begin, sign, paren_open = left
        paren = paren_open and after < len(text) and text[after] == ")"
        try:
            magnitude = Printed(parse_number(match.group()).value, _decimals(match.group()), False)
        except NumberError:  # more digits than any figure has: not a number this tool reads
            continue
        found.append(Token(magnitude, match.group(), sign, paren, bool(found), begin if paren or sign else start,
                           after + paren, SCALE_UNITS[scale.group(1).lower()] if scale else None))
    return found


def _decimals(run: str) -> int:
    return len(run) - run.index(".") - 1 if "." in run else 0


def _left_markers(text: str, start: int) -> tuple[int, str, bool] | None:
    """Where the figure's markers begin, its sign and whether a '(' opens it; None for a word's digits."""
    pos, sign = start, ""
    for _ in range(2):  # "JPY +1,014" and "+JPY 844" alike
        if not sign and sign_before(text, pos):
            sign, pos = text[pos - 1], pos - 1
            continue
        stripped = pos - 1 if pos and text[pos - 1] == " " else pos
        if currency_ends_at(text, stripped):
            pos = stripped - len(CURRENCY)
            continue
        break
    if pos == start and start and ascii_letter(text[start - 1]):
        return None  # "FY11", "1H06"
    return pos, sign, bool(pos and text[pos - 1] == "(")


def currency_ends_at(text: str, end: int) -> bool:
    """Whether the currency word ends at ``end`` ("JPY", any case, not the end of a longer word)."""
    begin = end - len(CURRENCY)
    return begin >= 0 and text[begin:end].upper() == CURRENCY and not (begin and ascii_letter(text[begin - 1]))


def sign_before(text: str, pos: int) -> bool:
    """Whether a sign of the number at ``pos`` stands just before it: not the dash of "2010-09" or
    "FY10-11", but the minus of "-5", "(-5" and "JPY-0.1"."""
    if not pos or text[pos - 1] not in _SIGNS:
        return False
    return pos == 1 or not text[pos - 2].isalnum() or currency_ends_at(text, pos - 1)


@lru_cache(maxsize=16)
def _direction_pattern(words: tuple[str, ...]) -> re.Pattern | None:
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    # case-insensitive on the text itself: lower() may change a text's length, and so its positions
    return re.compile(rf"(?<![A-Za-z])(?:{alternatives})(?![A-Za-z])", re.IGNORECASE)


def governing_word(text: str, token: Token, directions: dict[str, int], after_too: bool):
    """The direction word (word, sign) that gives ``token`` its sign, or None."""
    pattern = _direction_pattern(tuple(directions))
    if pattern is None:
        return None
    match = None
    for match in pattern.finditer(text, 0, token.start):
        pass  # the nearest before the number
    if match is None and after_too:
        match = pattern.search(text, token.end)
    if match is None:
        return None
    sign = directions.get(match.group().lower())
    return (match.group(), sign) if sign is not None else None


def check_value(value: Printed, text: str, unit: str, direction: str | None, direction_sign: int,
                directions: dict[str, int], aside_ok: bool) -> str | None:
    """Why ``value`` is not what ``text`` prints, or None when it is."""
    plain = ascii_digits(text)
    found = figures(plain, tokens(plain), unit)
    if len(found) > 1:
        return ("prints several figures (" + ", ".join(repr(token.digits) for token in found) + "), "
                "so it cannot say which one the value is: cite only the figure's own characters")
    readings = [token.reading(aside_ok) for token in found]
    matching = [token for token, reading in zip(found, readings) if reading == value]
    if not matching:
        prints = ", ".join(repr(token.shown(reading)) for token, reading in zip(found, readings))
        return f"prints {prints or 'no number'}"
    problems = []
    for token in matching:
        problem = _scale_problem(token, unit, text) or _direction_problem(text, token, direction, direction_sign,
                                                                    directions)
        if problem is None:
            return None
        problems.append(problem)
    return problems[0]


# A day or year printed with a month name ("Sep. 30, 2011", "April 2011", "June 1, 2007") and a number of
# months or years ("(9 months)") say when, not how much: they are not the figure a fact records.
_MONTH = (r"(?<![a-z])(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?")
_DATE_BEFORE = re.compile(_MONTH + r"[ ]?(?:[0-9]{1,2},[ ]?)?$", re.IGNORECASE)
_SPAN_AFTER = re.compile(r"[ ]?(?:months?|years?|days?|quarters?)(?![a-z])", re.IGNORECASE)


def is_date_part(text: str, start: int) -> bool:
    """Whether the number starting at ``start`` is the day or year of a date printed with its month."""
    return bool(_DATE_BEFORE.search(text, max(0, start - 16), start))


def figures(text: str, found: list[Token], unit: str) -> list[Token]:
    """The tokens that can be the fact's figure: dates and spans left out; of several, those whose
    scale word names the fact's unit (``3,627 (15.5%)`` for a share), else those with no scale word."""
    spans_are_figures = unit == "years"  # "over 10 years" of experience is the figure itself
    found = [token for token in found if not is_date_part(text, token.start)
             and (spans_are_figures or not _SPAN_AFTER.match(text, token.end))]
    if len(found) <= 1:
        return found
    scaled = [token for token in found if token.scale == unit]
    return scaled or [token for token in found if token.scale is None] or found


_USD_BEFORE = re.compile(r"(?:US)?\$[ ]?[+\-\u2212]?$")


def _scale_problem(token: Token, unit: str, text: str = "") -> str | None:
    """The scale word must name the fact's unit; a figure printed in US$ ("US$58 million") has the US$
    unit of that scale."""
    scale = token.scale
    in_usd = bool(_USD_BEFORE.search(text, 0, token.start if not token.paren else token.start + 1))
    if scale is not None and scale.startswith("JPY ") and in_usd:
        scale = "US$ " + scale.split(" ", 1)[1]
    if scale is not None and scale != unit:
        return f"prints: its scale is {scale!r}, the fact's unit {unit!r}"
    return None


def _direction_problem(text, token, direction, direction_sign, directions) -> str | None:
    if token.sign:
        return None  # a printed sign is the figure's own; the direction rule compares it with words
    word = governing_word(text, token, directions, after_too=direction is not None)
    if word is None or word[1] == (direction_sign or 1):
        return None
    has = f"'s direction is {direction!r}" if direction else " has no direction (it reads as up)"
    return f"prints: the text says {word[0]!r}, the fact{has}"

