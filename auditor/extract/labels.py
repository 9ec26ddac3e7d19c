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
        self.nouns = {noun.lower(): name for name, spec in vocabulary.concepts.items() for noun in spec.nouns}
        # Only words that are also direction words can be recorded as a fact's direction.
        self.change_words = {w: vocabulary.directions[w] for w in vocabulary.change_words
                             if w in vocabulary.directions}
        self.negative_words = sorted((w for w, sign in vocabulary.directions.items() if sign < 0),
                                     key=len, reverse=True)

    def concept(self, label: str) -> Found:
        return _find(self.concepts, label)

    def entity(self, label: str) -> Found:
        return _find(self.entities, label)

    def segment(self, label: str) -> Found:
        return _find(self.segments, label)

    def is_name(self, text: str) -> tuple[str, str] | None:
        """("entity"|"segment", name) when ``text`` is exactly an entity's or a segment's label."""
        for kind, table in (("entity", self.entities), ("segment", self.segments)):
            found = _find(table, text)
            if found.name and found.start == 0 and found.end == len(text):
                return kind, found.name
        return None

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


def _table(entries):
    """Labels as compiled patterns, longest first: (pattern, length, name, share)."""
    table = []
    for label, name, share in entries:
        pattern = re.compile(rf"(?<![A-Za-z0-9]){re.escape(label)}(?![A-Za-z0-9])", re.IGNORECASE)
        table.append((pattern, len(label), name, share))
    table.sort(key=lambda entry: -entry[1])
    return table


def _find(table, label: str) -> Found:
    best = None
    names = set()
    for pattern, length, name, share in table:
        if best is not None and length < best[0]:
            break
        match = pattern.search(label)
        if match is None:
            continue
        if best is None:
            best = (length, match.start(), match.end(), name, share)
            names.add(name)
        elif match.start() == best[1]:
            names.add(name)
    if best is None:
        return Found(None)
    if len(names) > 1:
        return Found(None, tuple(sorted(names)))
    return Found(best[3], (best[3],), best[4], best[1], best[2])
