"""Where a fact's label or period wording is printed: on one of its ``header`` lines (a table's column
or row heading) or on its own line (a sentence). Findings about a wrong period name or label cite that
line first (auditor.results.Where), so the reader lands on the words to correct, not on a data row."""

from __future__ import annotations

from auditor.footnotes import printed
from auditor.model import fold_whitespace
from auditor.results import Where


def printed_at(fact, wording: str | None) -> Where | None:
    """The first of the fact's header lines, then its own line, that prints ``wording`` (case and
    whitespace aside, footnote markers as their digits, as the provenance rule reads them); None when
    none does (the provenance rule reports that)."""
    if not wording:
        return None
    wanted = fold_whitespace(printed(wording)).lower()
    document = fact.document
    for number in (*fact.header, fact.line):
        if 1 <= number <= len(document.lines) and wanted in document.folded_line(number).lower():
            return Where(document.path, document.name, number, wording)
    return None


def label_place(fact, cause_kind: str | None) -> Where | None:
    """For a finding whose likely cause is a label slip of ``fact``: where the slipped wording stands
    (its label for a mislabel, its period wording for a wrong period)."""
    if cause_kind == "mislabel":
        return printed_at(fact, fact.label)
    if cause_kind == "wrong_period":
        return printed_at(fact, fact.period_text)
    return None
