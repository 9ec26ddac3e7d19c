"""The coverage fields of the data (docs/fact-format.md, docs/coverage.md): a fact's `unchecked`, a
fixture's `unrecorded` entries and a rule's `idle_reason`; bad ones are input errors at their line."""

from __future__ import annotations

import pytest

from conftest import RULES

DECK = ["Example Corp. 1Q FY2011", "Data center floor space: approx. 5,000 m2", "Employees: 1,953", "3"]
EMPLOYEES = {"id": "t.employees", "concept": "employees", "period": "2011-06-30", "value": "1,953", "unit": "count",
             "line": 3, "label": "Employees"}


def write(ws, unrecorded, fact_extra: dict | None = None):
    ws.deck(DECK)
    path = ws.fixture([{**EMPLOYEES, **(fact_extra or {})}])
    text = path.read_text(encoding="utf-8")
    if unrecorded is not None:
        text = text.replace("facts:\n", f"unrecorded:\n{unrecorded}facts:\n", 1)
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path, needle: str) -> int:
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_reasons_load(ws):
    write(ws, '- {line: 2, text: "5,000", reason: "floor space, stated once"}\n- {lines: "4-4", reason: slide number}\n',
          {"unchecked": "stated once, no relation printed"})
    result = ws.check("provenance")
    assert result.code == 0, str(result)


@pytest.mark.parametrize("entry, message", [
    ('- {line: 2, text: "5,00", reason: x}\n', "unrecorded: text '5,00' is not on deck.txt line 2"),
    ('- {line: 2, text: "floor", reason: x}\n', "unrecorded: text 'floor' prints no number"),
    ('- {line: 2, text: "5,000", reason: ""}\n', "unrecorded: reason: a reason is a non-empty line of text"),
    ('- {line: 2, text: "5,000", reason: "   "}\n', "unrecorded: reason: a reason is a non-empty line of text"),
    ('- {line: 2, text: "5,000", reason: "a\\nb"}\n', "unrecorded: reason: a reason is one line of text"),
    ('- {line: 2, text: "5,000"}\n', "unrecorded: missing field 'reason'"),
    ('- {lines: "3-2", reason: x}\n', "unrecorded: lines '3-2' run backwards"),
    ('- {lines: "2-9", reason: x}\n', "unrecorded: line 9 is beyond the end of deck.txt (4 lines)"),
    ('- {line: 2, lines: "2-3", reason: x}\n', "unrecorded: give either 'line'"),
    ('- {reason: x}\n', "unrecorded: give either 'line'"),
    ('- {lines: "2-3", text: "5,000", reason: x}\n', "unrecorded: 'text' goes with one 'line'"),
    ('- {lines: "two", reason: x}\n', "unrecorded: lines:"),
    ('- {line: 2, reason: x, why: y}\n', "unrecorded: unknown field 'why'"),
    ('- slide number\n', "unrecorded: an entry is a mapping"),
])
def test_bad_unrecorded_entry_is_an_input_error_at_its_line(ws, entry, message):
    path = write(ws, entry)
    result = ws.check("provenance")
    assert result.code == 2, str(result)
    assert f"{path}:{line_of(path, entry.strip()[:12])}: {message}" in result.err, str(result)


@pytest.mark.parametrize("reason, message", [
    ('""', "a reason is a non-empty line of text"),
    ('"a\\nb"', "a reason is one line of text"),
])
def test_bad_unchecked_reason_is_an_input_error(ws, reason, message):
    path = write(ws, None)
    path.write_text(path.read_text().replace("label: Employees", f"label: Employees\n  unchecked: {reason}"))
    result = ws.check("provenance")
    assert result.code == 2, str(result)
    assert f"{path}:{line_of(path, 'unchecked')}: fact t.employees: unchecked: {message}" in result.err, str(result)


@pytest.mark.parametrize("reason, message", [
    ('""', "a reason is a non-empty line of text"),
    ('"charts\\u2028only"', "a reason is one line of text"),
])
def test_bad_idle_reason_is_an_input_error(ws, reason, message):
    write(ws, None)
    rules = ws.rules("rules:\n  - id: idle-one\n    title: t\n    rationale: r\n    kind: equation\n"
                     f"    idle_reason: {reason}\n    check: shares_issued - treasury_shares == shares_outstanding\n")
    result = ws.check("idle-one", rules=rules)
    assert result.code == 2, str(result)
    assert f"{rules / 'rules.yaml'}:6: idle_reason: {message}" in result.err, str(result)


def test_project_idle_rules_carry_reasons():
    from auditor.ruleset import load_rules
    rules = {rule.id: rule for rule in load_rules(str(RULES)).rules}
    assert rules["usd-translation"].idle_reason == "the decks print no US$ convenience translations"


def test_cached_load_keeps_the_fields(ws):
    """A second run reads the fixture from the cache: the reasons and entries come back the same."""
    write(ws, '- {line: 2, text: "5,000", reason: floor space}\n', {"unchecked": "stated once"})
    from auditor.loader import load_dataset
    from auditor.ruleset import load_rules
    vocabulary = load_rules(str(RULES)).vocabulary
    cache = str(ws.root / "cache")
    first = load_dataset([str(ws.fx)], vocabulary, cache)
    second = load_dataset([str(ws.fx)], vocabulary, cache)
    for dataset in (first, second):
        assert [fact.unchecked for fact in dataset.facts] == ["stated once"]
        assert [(item.first, item.last, item.text, item.reason) for item in dataset.unrecorded] == [
            (2, 2, "5,000", "floor space")]
