"""The vocabulary the facts are written in: entities, segments, concepts and direction words.

It lives in the rule files (``rules/*.yaml``) under the top-level keys ``entities``, ``segments``,
``concepts``, ``directions`` and ``change_words``; several files may each contribute, but no name may be
defined twice, and names are ASCII. The setting ``default_entity`` is defined once (in ``vocabulary.yaml``,
which loads first). Every name a rule uses must be defined here (:mod:`auditor.rulenames`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field

from auditor.model import Strict

ConceptKind = Literal["flow", "stock", "ratio", "per_share", "count"]


class ConceptSpec(Strict):
    kind: ConceptKind
    nonnegative: bool = False
    labels: list[str] = Field(default_factory=list)
    # For `iij-audit extract` only (the checks ignore both): labels that name this concept as a share of
    # revenue ("Operating Margin Ratio"), and the nouns printed after a count of it ("131 contracts").
    share_labels: list[str] = Field(default_factory=list)
    share_of: str | None = None  # the denominator of its share labels, when not revenue ("equity ratio")
    nouns: list[str] = Field(default_factory=list)
    description: str | None = None


class NameSpec(Strict):
    name: str | None = None
    labels: list[str] = Field(default_factory=list)
    description: str | None = None


@dataclass
class Vocabulary:
    concepts: dict[str, ConceptSpec] = field(default_factory=dict)
    entities: dict[str, NameSpec] = field(default_factory=dict)
    segments: dict[str, NameSpec] = field(default_factory=dict)
    directions: dict[str, int] = field(default_factory=dict)
    # Direction words that, printed just before a figure, make it a change ("up 47.7%"); for the extractor.
    change_words: list[str] = field(default_factory=list)
    # The concept of a line of business's figure whose label names none ("VAS: grew 23.0% YoY"); extractor.
    segment_concept: str | None = None
    default_entity: str = "IIJ"

    def direction_sign(self, word: str) -> int | None:
        return self.directions.get(word.strip().lower())
