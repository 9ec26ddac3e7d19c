"""Where a printed text stands on a deck line: at number boundaries, each line scanned once.

A text matches a line where its characters stand and no number of the line runs on past the text's
own first or last digit: "3.3" is not inside "33.3%" or "13.3", "1,953" not inside "11,953", "23.4" not
inside "23.45", "5" not inside "-5". Letters next to a number are fine ("JPY23.4", "billionup 7.9%").

Matching costs a line once, not once per fact: :class:`LineIndex` scans the line one time for the digit
runs (auditor.printed.RUN) that the texts cited on it begin with, and keeps only their positions. A text
is then tried at those positions alone.
"""

from __future__ import annotations

import re
from array import array

from auditor.printed import RUN, sign_before

_NUMBER_GOES_ON = re.compile(r"[.,]*[0-9]")  # as auditor.printed.RUN reads it: "1,953" goes on in "1,953,000"


def _digit(char: str) -> bool:
    return len(char) == 1 and "0" <= char <= "9"


def anchor(text: str) -> tuple[int, str] | None:
    """The first digit run of ``text`` and its offset, or None when it has no digit."""
    match = RUN.search(text)
    return (match.start(), match.group()) if match else None


LONG_LINE = 4096  # from this length a line is scanned with one expression of all its anchors


def _runs(line: str, anchors: set[str]):
    """(start, run) of the digit runs of ``line`` that are among ``anchors``."""
    if not anchors:
        return
    if len(line) < LONG_LINE:
        for match in RUN.finditer(line):
            if match.group() in anchors:
                yield match.start(), match.group()
        return
    # A long line has millions of runs: one Match object each costs seconds. The anchors as a trie
    # expression let the regular-expression engine skip the others; a hit that starts inside a longer
    # run is dropped here (it cannot hide a hit at a run's start: no run starts inside another).
    for match in _anchor_pattern(anchors).finditer(line):
        if not _after_number(line, match.start()):
            yield match.start(), match.group()


def _after_number(line: str, start: int) -> bool:
    """Whether a number of ``line`` runs on into ``start`` from the left (its digit, maybe ',' or '.')."""
    position = start - 1
    while position >= 0 and line[position] in ".,":
        position -= 1
    return position >= 0 and _digit(line[position])


def _anchor_pattern(anchors: set[str]) -> re.Pattern:
    return re.compile(f"(?:{_trie(sorted(anchors))})(?![.,]*[0-9])")


def _trie(words: list[str]) -> str:
    """An expression matching exactly ``words``, as a trie (shared prefixes tried once)."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit(root)


def _emit(node: dict) -> str:
    branches = [re.escape(char) + _emit(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


class LineIndex:
    """The positions on one line of the digit runs some texts begin with, and where those texts stand."""

    def __init__(self, line: str, anchors: set[str]) -> None:
        self.line = line
        self.positions: dict[str, array] = {}
        for start, run in _runs(line, anchors):
            self.positions.setdefault(run, array("q")).append(start)
        self.found: dict[str, bool] = {}  # text -> whether it stands on the line (texts repeat)

    def has(self, text: str) -> bool:
        found = self.found.get(text)
        if found is None:
            found = self.found[text] = self._search(text)
        return found

    def _search(self, text: str) -> bool:
        first = anchor(text)
        if first is None:
            return text in self.line
        offset, run = first
        line = self.line
        for position in self.positions.get(run, ()):
            start = position - offset
            if start >= 0 and line.startswith(text, start) and self._bounded(start, text):
                return True
        return False

    def _bounded(self, start: int, text: str) -> bool:
        """No number of the line runs on past the text's edges (the first run is whole already)."""
        line, end = self.line, start + len(text)
        if _digit(text[0]) and sign_before(line, start):
            return False  # "5" inside "-5"
        if _digit(text[-1]) and _NUMBER_GOES_ON.match(line, end):
            return False
        return True


def present(line: str, needles: set[str]) -> set[str]:
    """Those of ``needles`` that stand in ``line`` as substrings, found in one pass over a long line."""
    if len(line) < LONG_LINE or len(needles) < 2:
        return {needle for needle in needles if needle in line}
    found: set[str] = set()
    remaining = set(needles)
    sizes = sorted({len(needle) for needle in needles})
    while remaining:
        pattern, position = re.compile(_trie(sorted(remaining))), 0
        in_pattern = len(remaining)
        # Every start of a needle, overlaps included; a needle that is a prefix of the one found at a
        # start is there too. The pattern is rebuilt without the found needles when half are found.
        while remaining and 2 * len(remaining) > in_pattern:
            match = pattern.search(line, position)
            if match is None:
                return found
            hit = match.group()
            found.update(hit[:size] for size in sizes if hit[:size] in remaining)
            remaining -= found
            position = match.start() + 1
    return found


class TextIndex:
    """Line indexes of the documents, built in batches: each line is scanned once for all the texts of a
    batch (twice at most, when a later batch asks it about texts that begin with other numbers)."""

    def __init__(self) -> None:
        self.lines: dict[tuple[str, int], LineIndex] = {}
        self.anchors: dict[tuple[str, int], set[str]] = {}

    def ask(self, requests) -> None:
        """Index the lines of ``requests``, (document, line number, folded text) triples."""
        wanted: dict[tuple[str, int], tuple[object, set[str]]] = {}
        for document, number, text in requests:
            first = anchor(text)
            entry = wanted.setdefault((document.path, number), (document, set()))
            if first:
                entry[1].add(first[1])
        for key, (document, anchors) in wanted.items():
            known = self.anchors.get(key)
            if known is not None and anchors <= known:
                continue
            anchors |= known or set()
            self.anchors[key] = anchors
            self.lines[key] = LineIndex(document.folded_line(key[1]), anchors)

    def has(self, document, number: int, text: str) -> bool:
        return self.lines[document.path, number].has(text)
