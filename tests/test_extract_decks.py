"""The four decks drafted from scratch: every drafted figure stands at its cited line by construction
(text on the line, label and period text on it or its header lines, value readable), and the facts the
draft decides fully load with the project's loader and pass provenance."""

from __future__ import annotations

import shutil

import pytest

from auditor.extract import document_key, draft_facts
from auditor.extract.command import read_document
from auditor.extract.write import render_fixture
from auditor.model import fold_whitespace
from auditor.numbers import parse_number
from auditor.ruleset import load_rules
from conftest import FIXTURES, RULES

VOCABULARY = load_rules(str(RULES)).vocabulary
DECKS = sorted((FIXTURES / "decks").glob("*.txt"))


@pytest.mark.parametrize("deck", DECKS, ids=lambda path: path.name[:3])
def test_every_drafted_figure_stands_at_its_line(deck):
    lines = read_document(str(deck))
    facts = draft_facts(lines, VOCABULARY, document_key(str(deck)))
    assert len(facts) > 100
    assert len({f["id"] for f in facts}) == len(facts)
    for fact in facts:
        line = lines[fact["line"] - 1]
        assert fact["text"] in line, fact
        parse_number(fact["value"])
        headers = fact.get("header", [])
        context = [line] + [lines[n - 1] for n in ([headers] if isinstance(headers, int) else headers)]
        for field in ("label", "period_text"):
            if field in fact:
                assert any(fold_whitespace(fact[field]).lower() in fold_whitespace(c).lower() for c in context), fact


@pytest.mark.parametrize("deck", DECKS, ids=lambda path: path.name[:3])
def test_decided_facts_load_and_pass_provenance(deck, ws):
    shutil.copy(deck, ws.decks / deck.name)
    facts = [f for f in draft_facts(read_document(str(deck)), VOCABULARY, document_key(str(deck)))
             if "decide" not in f.get("todo", "")]
    (ws.fx / "draft.yaml").write_text(render_fixture(f"decks/{deck.name}", facts))
    result = ws.check("provenance", fmt="json", extra=("--no-waivers",))
    assert result.code == 0, result
    assert result.json["summary"]["facts"] == len(facts)
