"""The vocabulary the facts are written in: entities, segments, concepts and direction words.

It lives in the rule files (``rules/*.yaml``) under the top-level keys ``entities``, ``segments``,
``concepts`` and ``directions``; several files may each contribute, but no name may be defined twice, and
names are ASCII. The setting ``default_entity`` is defined once (in ``vocabulary.yaml``, which loads first).
Every name a rule uses must be defined here (:mod:`auditor.rulenames`).
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
    default_entity: str = "IIJ"

    def direction_sign(self, word: str) -> int | None:
        return self.directions.get(word.strip().lower())
