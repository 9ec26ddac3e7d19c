"""A document's lines as one string and the offsets where its lines start.

A deck is kept whole for the reports and the provenance checks, which read a few of its lines each. A list
of one string per line costs a string object (about 50 bytes) per line on top of the characters; a
synthetic deck has a line per figure, so that was an eighth of a fresh load's memory. Here the text is one
string and each line costs 8 bytes of offset; a line read is sliced out when asked for.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import accumulate


class TextLines(Sequence):
    """The lines of ``text`` split at "\\n", as ``text.split("\\n")`` without the empty string after a
    final newline (the newline ends the last line; it does not start another). Immutable."""

    __slots__ = ("text", "starts")

    def __init__(self, text: str) -> None:
        lengths = [len(line) + 1 for line in text.split("\n")]  # + 1: the newline after each line
        if text.endswith("\n"):
            lengths.pop()
        self.text = text
        self.starts = array("q", accumulate(lengths, initial=0))  # line i is text[starts[i]:starts[i+1]-1]

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[position] for position in range(*index.indices(len(self)))]
        size = len(self.starts) - 1
        if index < 0:
            index += size
        if not 0 <= index < size:
            raise IndexError("line index out of range")
        return self.text[self.starts[index]:self.starts[index + 1] - 1]

    def __iter__(self):
        lines = self.text.split("\n")
        return iter(lines[:-1] if self.text.endswith("\n") else lines)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (TextLines, list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"TextLines({len(self)} lines)"
