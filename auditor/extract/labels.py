"""Naming a printed label from the vocabulary: its concept, entity and segment.

Every word that names something lives in the vocabulary (``rules/vocabulary.yaml``: each concept's,
entity's and segment's ``labels``, a concept's ``share_labels`` and ``nouns``); this module only finds
them in a label. The longest label found wins; two names with an equally long label found at the same
place are ambiguous and decide nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.vocabulary import Vocabulary


@dataclass(frozen=True)
class Found:
    name: str | None  # None when the label names nothing, or is ambiguous
    candidates: tuple[str, ...] = ()  # the names an ambiguous label could mean
    share: bool = False  # found through a share label ("Operating Margin Ratio")
    start: int = -1
    end: int = -1


class Namer:
    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        concept_labels = []
        for name, spec in vocabulary.concepts.items():
            concept_labels += [(label, name, False) for label in spec.labels]
            concept_labels += [(label, name, True) for label in spec.share_labels]
        self.concepts = _table(concept_labels)
        self.entities = _table([(label, name, False) for name, spec in vocabulary.entities.items()
                                for label in spec.labels])
        self.segments = _table([(label, name, False) for name, spec in vocabulary.segments.items()
                                for label in spec.labels])
        self._found: dict[tuple[str, str], Found] = {}
        labels = [label for spec in (*vocabulary.concepts.values(), *vocabulary.entities.values(),
                                     *vocabulary.segments.values()) for label in spec.labels]
        self.numbered = [_table([(label, "", False)])[0][0] for label in sorted(set(labels))
                         if re.search(r"\d", label)]
        self.nouns = {noun.lower(): name for name, spec in vocabulary.concepts.items() for noun in spec.nouns}
        # Only words that are also direction words can be recorded as a fact's direction.
        self.change_words = {w: vocabulary.directions[w] for w in vocabulary.change_words
                             if w in vocabulary.directions}
        self.negative_words = sorted((w for w, sign in vocabulary.directions.items() if sign < 0),
                                     key=len, reverse=True)

    def concept(self, label: str) -> Found:
        return self._cached("concepts", label)

    def entity(self, label: str) -> Found:
        return self._cached("entities", label)

    def segment(self, label: str) -> Found:
        return self._cached("segments", label)

    def _cached(self, kind: str, label: str) -> Found:
        # A row label names every cell of its row: look it up once.
        key = (kind, label)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = _find(getattr(self, kind), label)
        return found

    def inside_names(self, line: str) -> list[tuple[int, int]]:
        """Spans of the vocabulary labels on ``line`` that print a number ("contracts for over 1Gbps",
        "clients with monthly revenue of approx. JPY0.5 million"): a figure inside one is part of a name."""
        spans = []
        for pattern in self.numbered:
            spans += [match.span() for match in pattern.finditer(line)]
        return spans

    def widen(self, line: str, start: int, end: int, floor: int) -> int:
        """A new start for the subject ``line[start:end]`` when a vocabulary label begins before it (at or
        after ``floor``) and reaches into it: "Sales and Marketing Expenses" is one label, not a clause
        "Marketing Expenses" after "and"."""
        text = line[floor:end]
        best = start
        for table in (self.concepts, self.segments, self.entities):
            lower = text.lower()
            for pattern, _length, _name, _share, word in table:
                if word not in lower:
                    continue
                for match in pattern.finditer(text):
                    if floor + match.start() < best and floor + match.end() > start:
                        best = floor + match.start()
        # "Cost of Connectivity and Outsourcing Services revenue": the head of "X of Y" belongs to it.
        head = re.search(r"([A-Za-z&/]+(?:[ ][A-Za-z&/]+)?)[ ]+of[ ]+$", line[floor:best])
        if head and self.concept(head[1]).name:
            best = floor + head.start(1)
        return best

    def is_name(self, text: str, whole: bool = True) -> dict[str, str]:
        """{"entity"|"segment": name} for the entity and segment ``text`` names (the whole text, unless
        not ``whole``)."""
        named = {}
        for kind, table in (("entity", self.entities), ("segment", self.segments)):
            found = _find(table, text)
            if found.name and (not whole or (found.start == 0 and found.end == len(text))):
                named[kind] = found.name
        return named

    def negative_word(self, label: str, concept: str | None) -> str | None:
        """A negative direction word in the label ("Operating loss", "used in"), as printed.

        Not when the concept's own name says it (``nci_loss``): its figures are already the loss."""
        spec = self.vocabulary.concepts.get(concept) if concept else None
        if spec is not None and spec.nonnegative:
            return None  # a negative direction would make the figure impossible: the word is its name
        for word in self.negative_words:
            match = re.search(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", label, re.IGNORECASE)
            if match and not (concept and word.split()[-1] in concept):
                return match[0]
        return None


def _word(word: str) -> str:
    """A label word as a pattern that also matches its singular or plural ("Service"/"Services")."""
    if not word[-1].isalpha():
        return re.escape(word)
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3 and not word[:-1].isupper():
        word = word[:-1]  # not "ATMs": "ATM operation business" is no count of ATMs
    return re.escape(word) + "(?:s|es)?"


def _table(entries):
    """Labels as compiled patterns, longest first: (pattern, length, name, share, first word)."""
    table = []
    for label, name, share in entries:
        # Spacing varies between decks ("net income(loss)", "net income (loss)"): any run of spaces, and
        # none or some around parentheses, match.
        # A word's plural matches too ("Purchase of property and equipments").
        body = r"\s+".join(_word(word) for word in label.split())
        body = re.sub(r"\s*(\\[()])\s*", r"\\s*\1\\s*", body).replace("\\s+\\s*", "\\s*")
        pattern = re.compile(rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])", re.IGNORECASE)
        first = label.split()[0].lower().strip("()")
        if first.endswith("s") and not first.endswith("ss") and len(first) > 3 and not label.split()[0][:-1].isupper():
            first = first[:-1]  # the prefilter must let the singular through too
        table.append((pattern, len(label), name, share, first))
    table.sort(key=lambda entry: -entry[1])
    return table


def _find(table, label: str) -> Found:
    """The longest label found, except that the head of "X of Y" wins over a longer Y ("Cost of SI
    revenues" is a cost); equally long labels of several names at one place are ambiguous."""
    matches = []
    lower = label.lower()
    for pattern, length, name, share, word in table:
        if word not in lower:  # a cheap test first: most labels share no word with it
            continue
        for match in pattern.finditer(label):
            matches.append((length, match.start(), match.end(), name, share))
    if not matches:
        return Found(None)
    best = max(matches, key=lambda m: (m[0], -m[1]))
    heads = [m for m in matches if m[2] <= best[1] and re.match(r"[ ]+of[ ]", label[m[2]:])
             and not re.search(r"[,;]", label[m[2]:best[1]])]
    if heads:
        best = max(heads, key=lambda m: (m[0], -m[1]))
    names = {m[3] for m in matches if m[1] == best[1] and m[0] == best[0]}
    if len(names) > 1:
        return Found(None, tuple(sorted(names)))
    return Found(best[3], (best[3],), best[4], best[1], best[2])
