"""Figure tokens: the printed figures of one line, each with its exact character span.

A token is what a fact's ``text`` will be: the characters of the line from its first to its last
character (a hedge such as "approx.", a direction word, the currency, the number, the scale word, the
unit and a trailing YoY/QoQ), so that the text stands on its line by construction. The number itself
(``value``) is rebuilt from the printed digits, sign and parentheses only, never recomputed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from auditor.printed import is_date_part

# IIJ's notation (docs/domain.md), not labels: these do not vary with the document's wording.
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CORE = re.compile(
    r"(?P<open>\()?(?P<sign1>[+\-\u2212])?(?:(?P<cur>JPY|US\$|\u00a5)[ ]?)?(?P<sign2>[+\-\u2212])?"
    rf"(?P<num>{_NUMBER})"
    r"(?P<scale>[ ]?(?:million|billion|thousand))?"
    r"(?P<pct>[ ]?(?:%|points?(?![A-Za-z])|pts(?![A-Za-z])|Gbps(?![A-Za-z])))?"
    r"(?P<close>\))?"
)
_SCALE_UNIT = {"million": "JPY million", "billion": "JPY billion", "thousand": "JPY thousand"}
_COMPARE = re.compile(r"[ ]?(YoY|QoQ)(?![A-Za-z])")
_HEDGE = re.compile(r"(?:(?:approx\.?|approximately|about|around|over|nearly|almost)[ ]|approx\.)$", re.IGNORECASE)
_COLON = re.compile(r":[ ]*$")
_NUMBERING = re.compile(r"\.[ ]")
_WORD_AFTER = re.compile(r"[ ]+(?!YoY|QoQ)[A-Za-z]")
_BY = re.compile(r"(?:[ ]by)?[ ]$")
_DURATION_AFTER = re.compile(r"[ ]?(?:months?|years?|days?|weeks?|month|times|x)(?![A-Za-z])", re.IGNORECASE)


@dataclass(frozen=True)
class Token:
    start: int  # span of the printed text in the line: line[start:end]
    end: int
    value: str  # the number as printed, with its sign or parentheses, without currency or unit
    unit: str | None  # None: a bare number whose unit the context decides
    direction: str | None = None  # the direction word printed with the figure, as printed
    compare: str | None = None  # YoY / QoQ printed with the figure
    noun: str | None = None  # the count noun printed after it ("contracts")
    approx: bool = False
    num_start: int = 0  # where the digits (or the opening parenthesis) start
    after_colon: bool = False  # "Operating income : 3,412", "FY09: 30,534"
    currency_missing: bool = False  # "30.0 billion": a scale word without JPY
    foreign: bool = False  # "US$ 12.3 million": a currency that is no unit of ours

    def unparenthesized(self) -> Token:
        """The figure inside its parentheses, read as an aside ("3,627 (15.5%)"), not as a negative."""
        if not self.value.startswith("("):
            return self
        return replace(self, start=self.start + 1 if self.start == self.num_start else self.start,
                       end=self.end - 1 if self.end_paren else self.end, value=self.value[1:-1],
                       num_start=self.num_start + 1)

    @property
    def end_paren(self) -> bool:
        return self.compare is None and self.noun is None

    def text(self, line: str) -> str:
        return line[self.start:self.end]

    @property
    def qualified(self) -> bool:
        """Printed with something that makes it a figure outside a table cell."""
        return self.unit is not None or self.foreign or self.direction is not None or self.compare is not None \
            or self.noun is not None or self.approx or self.after_colon or self.value[0] in "+-"


def tokenize(line: str, directions: dict[str, int], nouns: dict[str, str]) -> list[Token]:
    """The figure tokens of ``line``, left to right.

    ``directions`` maps lower-case direction words to signs; ``nouns`` maps lower-case count nouns to
    their concept (both from the vocabulary)."""
    tokens = []
    position = 0
    while True:
        match = _CORE.search(line, position)
        if match is None:
            return tokens
        position = match.end()
        token = _read(line, match, directions, nouns)
        if token is not None:
            tokens.append(token)
            position = max(position, token.end)


def _read(line: str, match: re.Match, directions, nouns) -> Token | None:
    start, end = match.start(), match.end()
    opened, closed = bool(match["open"]), bool(match["close"])
    if opened != closed:  # "(up 4.1%" : the parenthesis is the sentence's, not the figure's
        if opened:
            start += 1
        else:
            end -= 1
        opened = closed = False
    sign = match["sign1"] or match["sign2"]
    if sign and opened:  # "(+3.0%)": a signed figure in parentheses is an aside, not a negative
        start, end, opened, closed = start + 1, end - 1, False, False
    if match["scale"] and line[end:end + 1].isalpha():
        if not _glued_word(line[end:], directions):
            return None  # "millions": not a scale word
    if not _bounded(line, start, end, match):
        return None
    num = match["num"]
    unit = None
    currency_missing = False
    if match["cur"] == "US$":
        unit = None  # a convenience translation: no unit of ours; drafted for the reviewer to decide
    elif match["scale"]:
        unit = _SCALE_UNIT[match["scale"].strip()]
        if not match["cur"]:
            if _WORD_AFTER.match(line, end):
                return None  # "5 million users": a count of people, not an amount
            currency_missing = True
    elif match["cur"]:
        unit = "JPY"
    pct = (match["pct"] or "").strip()
    if pct:
        if unit is not None:
            return None
        unit = {"%": "%", "Gbps": "Gbps"}.get(pct, "points")
    bare = unit is None and not match["cur"]
    if bare and _is_date_part(line, match.start("num"), match.end("num"), num):
        return None
    if bare and _NUMBERING.match(line, end) and not opened:
        return None  # "II -2. Revenues": a section number
    if bare and re.match(r"-\d", line[end:end + 2]):
        return None  # "03-5259-6500": a telephone number
    if bare and not sign and not opened and _DURATION_AFTER.match(line, end):
        return None
    value = ("(" + num + ")") if opened else ((sign.replace("\u2212", "-") if sign else "") + num)
    compare = None
    if cmp := _COMPARE.match(line, end):
        compare, end = cmp[1], cmp.end()
    noun = None
    if unit is None and compare is None:
        noun, end = _noun(line, end, nouns)
        if noun is not None:
            unit = "count"
            if cmp := _COMPARE.match(line, end):
                compare, end = cmp[1], cmp.end()
    num_start = start
    direction, start = _direction(line, start, directions)
    approx = False
    if hedge := _HEDGE.search(line[max(0, start - 16):start]):
        approx, start = True, start - len(hedge[0])
        if direction is None:
            direction, start = _direction(line, start, directions)
    # "Operating income : 3,412", "FY09: 30,534"; not "TSE1:3774" or "1:200" (codes and ratios)
    after_colon = bool(_COLON.search(line[max(0, start - 8):start])) and not re.search(r"[0-9A-Za-z]:$",
                                                                                         line[max(0, start - 2):start])
    return Token(start, end, value, unit, direction, compare, noun, approx, num_start, after_colon,
                 currency_missing, match["cur"] == "US$")


def _bounded(line: str, start: int, end: int, match: re.Match) -> bool:
    """The figure is a whole word: not part of a name ("1Q11", "FY10", "IPv6"), a date or a range."""
    before = line[start - 1] if start > 0 else " "
    after = line[end] if end < len(line) else " "
    if before == "." and re.search(r"approx\.$", line[max(0, start - 7):start], re.IGNORECASE):
        return True
    if match["cur"] and before.isalpha():
        return True  # run-together cells: "Total revenuesJPY150.7 billion"
    if before.isalnum() or before in "/~.,_":
        return False
    if after.isdigit() or after in "/~_" or (after == "." and line[end + 1:end + 2].isdigit()):
        return False
    if after.isalpha() and not (match["scale"] or match["pct"]):
        return False  # glued to a word: "3Q08", "1month"
    if before == "-" and start >= 2 and line[start - 2].isalnum():
        return False  # "II-1", "2007/4-9"
    return True


def _is_date_part(line: str, start: int, end: int, num: str) -> bool:
    """A year, a day of a month or a numbered heading rather than a figure."""
    if re.fullmatch(r"(?:19|20)\d\d", num):
        return True
    return is_date_part(line, start)


def _noun(line: str, end: int, nouns: dict[str, str]) -> tuple[str | None, int]:
    rest = line[end:end + 60].lower()
    if not rest.startswith(" "):
        return None, end
    for noun in sorted(nouns, key=len, reverse=True):
        if rest.startswith(" " + noun) and not rest[len(noun) + 1:len(noun) + 2].isalpha():
            return noun, end + 1 + len(noun)
    return None, end


def _direction(line: str, start: int, directions: dict[str, int]) -> tuple[str | None, int]:
    """The direction word printed just before the figure ("up", "decreased by"), if any."""
    # Only the words just before the figure count; a bounded look keeps long lines linear.
    offset = max(0, start - 40)
    head = line[offset:start]
    by = _BY.search(head)
    if by is None:
        return None, start
    words = head[:by.start()]
    word = re.search(r"([A-Za-z]+)$", words)
    if word is None:
        return None, start
    if word[1].lower() in directions:
        return word[1], offset + word.start()
    glued = re.search(r"(?:million|billion|thousand|%)([A-Za-z]+)$", head[:by.start()])
    if glued and glued[1].lower() in directions:  # run-together cells: "JPY150.7 billionup 7.9%"
        return glued[1], offset + glued.start(1)
    return None, start


def _glued_word(rest: str, directions: dict[str, int]) -> bool:
    """A direction word glued after a scale word ("billionup 7.9%"), as PDF text runs cells together."""
    word = re.match(r"[A-Za-z]+", rest)
    return bool(word) and word[0].lower() in directions
