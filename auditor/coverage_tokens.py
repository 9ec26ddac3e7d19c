"""The number tokens of one document and what became of each: no figure (auditor.nonfigures), recorded
by a fact, or unrecorded (with the fixture's ``unrecorded`` entry that covers it, if any).

A fact records the figure tokens inside its ``text`` where that text stands on its line at number
boundaries (as the provenance rule finds it: "3.3" is not in "33.3%"). Two facts printing the same text
on one line take its occurrences in turn, in fixture order, so that "15.8 ... 15.8" is two recorded
tokens only when two facts cite them. A token the fact's text holds that looks like a date is a figure
when it is all the text holds: the fact says it is one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from auditor.footnotes import printed
from auditor.model import Document, fold_whitespace
from auditor.nonfigures import REASONS, classes, page_lines
from auditor.printed import ascii_digits, tokens


@dataclass
class DocumentTokens:
    document: Document
    facts: list = field(default_factory=list)  # the facts citing it, in fixture order
    count: int = 0
    kinds: Counter = field(default_factory=Counter)  # tokens that state no figure, by class
    figures: int = 0
    recorded: int = 0
    unrecorded: list = field(default_factory=list)  # (line, digits, covering entry or None)
    idle_entries: list = field(default_factory=list)  # `unrecorded` entries that cover no figure token

    def not_figures(self) -> tuple[tuple[str, str, int], ...]:
        return tuple((kind, REASONS[kind], count) for kind, count in sorted(self.kinds.items()))


def per_document(dataset, names: list[str]) -> list[DocumentTokens]:
    """The tokens of the named documents, each with the facts and ``unrecorded`` entries citing it."""
    facts: dict[int, list] = {}
    entries: dict[int, list] = {}
    for fact in dataset.facts:
        facts.setdefault(id(fact.document), []).append(fact)
    for entry in dataset.unrecorded:
        entries.setdefault(id(entry.document), []).append(entry)
    documents = [dataset.documents[name] for name in names]
    return [document_tokens(document, facts.get(id(document), []), entries.get(id(document), []))
            for document in documents]


def document_tokens(document: Document, facts: list, entries: list) -> DocumentTokens:
    result = DocumentTokens(document)
    result.facts = sorted(facts, key=lambda fact: (fact.fixture, fact.fixture_line))
    by_line: dict[int, list] = {}
    for fact in result.facts:
        by_line.setdefault(fact.line, []).append(fact)
    entries = sorted(entries, key=lambda entry: (entry.fixture, entry.fixture_line))
    used: set[int] = set()
    pages = page_lines([document.folded_line(n) for n in range(1, len(document.lines) + 1)])
    for number in range(1, len(document.lines) + 1):
        line = ascii_digits(document.folded_line(number))
        found = tokens(line)
        if found:
            count_line(result, number, line, found, number in pages, by_line.get(number, []), entries, used)
    result.idle_entries = [entry for entry in entries if id(entry) not in used]
    return result


def count_line(result: DocumentTokens, number: int, line: str, found, is_page: bool, facts, entries,
               used: set[int]) -> None:
    starts = [line.find(token.digits, token.start) for token in found]
    recorded = recorded_tokens(line, found, starts, facts)
    covering = [entry for entry in entries if entry.first <= number <= entry.last]
    for index, (token, kind) in enumerate(zip(found, classes(line, found, is_page))):
        result.count += 1
        if kind is not None and index not in recorded.figures:
            result.kinds[kind] += 1
            continue
        result.figures += 1
        if index in recorded.indexes:
            result.recorded += 1
            continue
        entry = next((entry for entry in covering if covers(entry, line, starts[index], found, starts)), None)
        if entry is not None:
            used.add(id(entry))
        result.unrecorded.append((number, token.digits, entry))


@dataclass
class Recorded:
    indexes: set[int]  # tokens inside a fact's text
    figures: set[int]  # of those, tokens that are figures whatever their look (all a fact's text holds)


def recorded_tokens(line: str, found, starts: list[int], facts) -> Recorded:
    indexes: set[int] = set()
    figures: set[int] = set()
    taken: dict[str, int] = {}
    for fact in facts:
        text = ascii_digits(fold_whitespace(printed(fact.text)))
        places = occurrences(line, text, found, starts)
        if not places:
            continue  # not on its line: the provenance rule's finding
        turn = taken.get(text, 0)
        taken[text] = turn + 1
        begin = places[min(turn, len(places) - 1)]
        inside = [index for index, start in enumerate(starts) if begin <= start < begin + len(text)]
        indexes.update(inside)
        if len(inside) == 1:
            figures.update(inside)
    return Recorded(indexes, figures)


def occurrences(line: str, text: str, found, starts: list[int]) -> list[int]:
    """Where ``text`` stands on ``line`` without cutting a number token's digits."""
    places = []
    position = line.find(text) if text else -1
    while position >= 0:
        end = position + len(text)
        if all(start + len(token.digits) <= position or start >= end
               or (position <= start and start + len(token.digits) <= end)
               for token, start in zip(found, starts)):
            places.append(position)
        position = line.find(text, position + 1)
    return places


def covers(entry, line: str, start: int, found, starts: list[int]) -> bool:
    """Whether an ``unrecorded`` entry covering this line covers the token whose digits begin at
    ``start``: all of its line's tokens, or those inside its text."""
    if entry.text is None:
        return True
    text = ascii_digits(fold_whitespace(entry.text))
    return any(place <= start < place + len(text) for place in occurrences(line, text, found, starts))
