"""Where the figures stand on a deck line, for the HTML report: number tokens, each fact's span, and the
line cut into segments that each carry the facts covering them (marks may overlap).

A fact records its printed ``text`` and its line, not its column, so its span is found by searching the
line for the text at token boundaries (plain string search: no pattern is compiled from data). When several facts print the same text on one line (a table row
whose columns repeat a value), they take its occurrences in fixture order, which is the order auditors
record columns in; a fact that finds no free occurrence shares one, and the overlap is shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditor.printed import tokens

def number_tokens(line: str) -> list[tuple[int, int]]:
    """The (start, end) of every number printed on ``line``, read as a fact's text is read
    (:func:`auditor.printed.tokens`: not the digits of a word such as "FY2007" or "4Q06", never part of a
    longer number); a closing parenthesis is not part of the mark."""
    return [(token.start, token.end - token.paren) for token in tokens(line)]


class Folded:
    """A line with each whitespace run as one space (as provenance reads it), and where each folded
    character came from, so a text found in the folded line maps back to a span of the line itself."""

    def __init__(self, line: str) -> None:
        self.line = line
        chars, self.starts, self.ends = [], [], []
        for match in re.finditer(r"\s+|\S+", line):
            start, end = match.span()
            if match.group()[0].isspace():
                chars.append(" ")
                self.starts.append(start)
                self.ends.append(end)
            else:
                chars.append(match.group())
                self.starts += range(start, end)
                self.ends += range(start + 1, end + 1)
        self.text = "".join(chars)

    def find_all(self, text: str) -> list[tuple[int, int]]:
        """The spans of the line where ``text`` (whitespace folded) stands at token boundaries."""
        needle = " ".join(text.split())
        found, at = [], self.text.find(needle) if needle else -1
        while at >= 0:
            span = (self.starts[at], self.ends[at + len(needle) - 1])
            if bounded(self.line, span):
                found.append(span)
            at = self.text.find(needle, at + 1)
        return found


def word(char: str) -> bool:
    return char.isascii() and char.isalnum()


def bounded(line: str, span: tuple[int, int]) -> bool:
    """A span that starts or ends with a letter or digit must not continue a longer word or number
    ("30.0" is not found inside "130.05")."""
    start, end = span
    before, after = line[max(start - 2, 0):start], line[end:end + 2]
    if word(line[start]) and before and (word(before[-1]) or (before[-1] in ".," and before[:-1].isdigit())):
        return False
    if word(line[end - 1]) and after and (word(after[0]) or (after[0] in ".," and after[1:].isdigit())):
        return False
    return True


def occurrences(line: str, text: str) -> list[tuple[int, int]]:
    return Folded(line).find_all(text)


def place(line: str, facts: list) -> tuple[dict[int, tuple[int, int]], list]:
    """Spans of ``facts`` (in fixture order) on ``line``: {index in facts: (start, end)}, and the facts
    whose text is not on the line (provenance reports them; the report lists them beside the line)."""
    folded = Folded(line)
    spans: dict[int, tuple[int, int]] = {}
    missing = []
    for number, fact in enumerate(facts):
        found = folded.find_all(fact.text)
        if not found:
            missing.append(fact)
            continue
        free = [span for span in found if not any(overlaps(span, taken) for taken in spans.values())]
        spans[number] = (free or found)[0]
    return spans, missing


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class Segment:
    start: int
    end: int
    facts: list[int] = field(default_factory=list)  # indexes of the facts covering it, in order
    unrecorded: bool = False  # a number token that no fact covers
    starts: list[int] = field(default_factory=list)  # facts whose span begins here (anchor targets)


def segments(line: str, spans: dict[int, tuple[int, int]]) -> list[Segment]:
    """``line`` cut at every span edge and every unrecorded number token, left to right."""
    tokens = [token for token in number_tokens(line)
              if not any(overlaps(token, span) for span in spans.values())]
    cuts = {0, len(line)}
    for start, end in list(spans.values()) + tokens:
        cuts.update((start, end))
    edges = sorted(cuts)
    token_set = set(tokens)
    out = []
    for start, end in zip(edges, edges[1:]):
        covering = [number for number, span in sorted(spans.items()) if span[0] <= start and end <= span[1]]
        begins = [number for number, span in sorted(spans.items()) if span[0] == start]
        out.append(Segment(start, end, covering, (start, end) in token_set, begins))
    return out


def coverage(line: str, spans: dict[int, tuple[int, int]], checked: set[int]) -> tuple[int, int, int]:
    """(printed, recorded, checked) number tokens of ``line``: a token is recorded when a fact's span
    covers it, checked when the span of a fact in a value check does."""
    printed = recorded = in_check = 0
    for token in number_tokens(line):
        covering = [number for number, span in spans.items() if overlaps(token, span)]
        printed += 1
        recorded += bool(covering)
        in_check += any(number in checked for number in covering)
    return printed, recorded, in_check
