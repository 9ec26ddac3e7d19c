"""``iij-audit extract``: draft a document's facts from its text, with exact line provenance.

Modules: :mod:`tokens` (the figures of a line, with their spans), :mod:`periods` (printed period
expressions), :mod:`tables` (headers and columns), :mod:`prose` (a sentence's subject and periods),
:mod:`labels` (names from the vocabulary), :mod:`draft` (the pass over the document), :mod:`write`
(YAML out, merging into a fixture) and :mod:`command` (the command's work). See docs/extract.md.
"""

from __future__ import annotations

import os
import re

from auditor.extract.draft import Draft, Drafter
from auditor.extract.labels import Namer
from auditor.extract.write import fact_fields
from auditor.vocabulary import Vocabulary


def document_key(path: str) -> str:
    """The ``<doc>`` of fact ids: the document name's leading digits ("000_e7c2...txt" -> "000"), else
    its stem reduced to id characters."""
    stem = os.path.splitext(os.path.basename(path))[0]
    if match := re.match(r"^(\d+)", stem):
        return match[1]
    return re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:40] or "doc"


def draft_lines(lines: list[str], vocabulary: Vocabulary) -> list[Draft]:
    return Drafter(lines, Namer(vocabulary)).run()


def draft_facts(lines: list[str], vocabulary: Vocabulary, key: str, taken: set[str] = frozenset()) -> list[dict]:
    """The drafted facts as fixture fields, with ids ``d<key>.l<line>.<n>`` (n counts the line's figures)."""
    facts, per_line = [], {}
    for draft in draft_lines(lines, vocabulary):
        per_line[draft.line] = per_line.get(draft.line, 0) + 1
        fact_id = f"d{key}.l{draft.line}.{per_line[draft.line]}"
        suffix = 1
        while fact_id in taken:
            suffix += 1
            fact_id = f"d{key}.l{draft.line}.{per_line[draft.line]}-{suffix}"
        facts.append(fact_fields(draft, fact_id, vocabulary.default_entity))
    return facts
