"""Hardening: bad facts and claims in a fixture file. Exit 2, ``fixture:line: fact ID: message``, no traceback.

Line numbers refer to ``FIXTURE`` (test_hardening_support): fact h.revenue starts on line 4 (concept 5,
period 6, value 7, unit 8, line 9, label 10, header 11), fact h.cost on line 12.
"""

from __future__ import annotations

import pytest

from test_hardening_support import (  # noqa: F401 - hws is a fixture
    DECK_LINES,
    FIXTURE,
    assert_input_error,
    drop_line,
    hws,
    insert_after,
    line_of,
    replace_line,
)

FACT_START = 4


def check_fixture(hws, text: str):
    path = hws.fixture(text)
    return path, hws.check()


# -- fields ---------------------------------------------------------------------------------------


def test_unknown_field_in_a_fact(hws):
    text = insert_after(FIXTURE, "header: 3", "    bogus: 1")
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, line_of(text, "bogus"), "fact h.revenue", "unknown field 'bogus'")


def test_unknown_field_in_the_document(hws):
    text = insert_after(FIXTURE, "title:", "author: someone")
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, line_of(text, "author:"), "unknown field 'author'")


@pytest.mark.parametrize("needle, field", [
    ('value: "23.4"', "value"),
    ("line: 4", "line"),
    ("label: Total Revenues", "label"),
    ("concept: revenue", "concept"),
    ("period: 1Q11", "period"),
    ("unit: JPY billion", "unit"),
])
def test_missing_field(hws, needle, field):
    path, result = check_fixture(hws, drop_line(FIXTURE, needle))
    assert_input_error(result, path, FACT_START, "fact h.revenue", f"missing field '{field}'")


def test_missing_id(hws):
    text = FIXTURE.replace("  - id: h.revenue\n    concept: revenue\n", "  - concept: revenue\n")
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, None, "missing field 'id'")


def test_missing_document(hws):
    path, result = check_fixture(hws, drop_line(FIXTURE, "document:"))
    assert_input_error(result, path, 1, "missing field 'document'")


@pytest.mark.parametrize("needle, new, words", [
    ("line: 4", 'line: "abc"', ("line:", "valid integer")),
    ("line: 4", "line: 0", ("line:", "greater than or equal to 1")),
    ("line: 4", "line: [4]", ("line:", "valid integer")),
    ("header: 3", "header: three", ("header",)),
    ('value: "23.4"', "value: [23.4]", ("value:", "valid string")),
    ('value: "23.4"', "value: {a: 1}", ("value:", "valid string")),
    ("- id: h.revenue", "- id: h revenue!", ("id:", "pattern")),
    ("label: Total Revenues", "label: null", ("label:",)),
])
def test_wrong_type(hws, needle, new, words):
    text = replace_line(FIXTURE, needle, new)
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, line_of(text, new.split(":")[0] + ":"), *words)


def test_wrong_type_exact(hws):
    text = insert_after(FIXTURE, "header: 3", "    exact: maybe")
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, line_of(text, "exact: maybe"), "exact:", "valid boolean")


@pytest.mark.parametrize("value", ["1,2,3", "12..5", "(12", "12)", "--5", "+-5", "(-5)", "1,23", "12.", ".5",
                                   "1 000", "12a", "0x10", "1e3", "", "--", "nan", "∞"])
def test_unparseable_number(hws, value):
    text = replace_line(FIXTURE, 'value: "23.4"', f"value: {value!r}".replace("'", '"'))
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, line_of(text, "value:"), "fact h.revenue", "cannot read", repr(value))


def test_value_too_long(hws):
    text = replace_line(FIXTURE, 'value: "23.4"', 'value: "' + "1" * 5000 + '"')
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, line_of(text, "value:"), "value:", "at most 40 characters")


def test_unknown_unit(hws):
    text = replace_line(FIXTURE, "unit: JPY billion", "unit: JPY trillion")
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, line_of(text, "JPY trillion"), "fact h.revenue", "unknown unit 'JPY trillion'")


@pytest.mark.parametrize("field, value, words", [
    ("concept", "revenu", ("unknown concept 'revenu'",)),
    ("entity", "ACME", ("unknown entity 'ACME'",)),
    ("segment", "teleportation", ("unknown segment 'teleportation'",)),
    ("of", "revenu", ("unknown concept 'revenu'",)),
    ("of_segment", "nowhere", ("unknown segment 'nowhere'",)),
    ("direction", "sideways", ("unknown direction word 'sideways'",)),
])
def test_unknown_vocabulary_name(hws, field, value, words):
    if field == "concept":
        text = replace_line(FIXTURE, "concept: revenue", f"concept: {value}")
    else:
        text = insert_after(FIXTURE, "header: 3", f"    {field}: {value}")
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, line_of(text, f"{field}: {value}"), "fact h.revenue", *words)


def test_unknown_entity_in_defaults(hws):
    text = insert_after(FIXTURE, "title:", "defaults: {entity: ACME}")
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, line_of(text, "defaults:"), "unknown entity 'ACME'")


@pytest.mark.parametrize("period, words", [
    ("5Q11", ("cannot read period '5Q11'",)),
    ("3H11", ("cannot read period '3H11'",)),
    ("FY1", ("cannot read period 'FY1'",)),
    ("2011-13..2012-01", ("impossible month", "2011-13..2012-01")),
    ("2011-00..2011-03", ("impossible month",)),
    ("2012-01..2011-12", ("ends before it starts",)),
    ('"2011-02-30"', ("impossible date", "2011-02-30")),
    ('"2011-06-31"', ("impossible date",)),
    ("0000-01-01", ("impossible date",)),
    ("yesterday", ("cannot read period",)),
])
def test_impossible_period(hws, period, words):
    text = replace_line(FIXTURE, "period: 1Q11", f"period: {period}")
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, line_of(text, f"period: {period}"), "fact h.revenue", *words)


def test_flow_concept_with_a_date(hws):
    text = replace_line(FIXTURE, "period: 1Q11", 'period: "2011-06-30"')
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, line_of(text, "2011-06-30"), "fact h.revenue", "'revenue' is a flow",
                       "not the date 2011-06-30")


def test_stock_concept_with_a_span(hws):
    text = replace_line(FIXTURE, "concept: revenue", "concept: cash")
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, line_of(text, "period: 1Q11"), "fact h.revenue", "'cash' is a stock",
                       "not a span")


# -- identity and provenance -----------------------------------------------------------------------


def test_duplicate_fact_id_in_one_file(hws):
    text = FIXTURE.replace("- id: h.cost", "- id: h.revenue")
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, 12, "fact h.revenue", "duplicate fact id", f"(also at {path}:{FACT_START})")


def test_duplicate_fact_id_across_two_files(hws):
    first = hws.fx / "deck.yaml"
    second = hws.fixture(FIXTURE.replace("h.cost", "h.other.cost"), name="second.yaml")
    result = hws.check()
    # files load in sorted order: deck.yaml first, so second.yaml's copy is the duplicate
    assert_input_error(result, second, FACT_START, "fact h.revenue", "duplicate fact id",
                       f"(also at {first}:{FACT_START})")


def test_line_beyond_the_end_of_the_document(hws):
    text = replace_line(FIXTURE, "line: 4", "line: 99")
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, line_of(text, "line: 99"), "fact h.revenue",
                       "line 99 is beyond the end of deck.txt", f"({len(DECK_LINES)} lines)")


def test_header_beyond_the_end_of_the_document(hws):
    text = replace_line(FIXTURE, "header: 3", "header: [3, 99]")
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, line_of(text, "header: [3, 99]"), "header line 99 is outside deck.txt")


def test_line_just_past_a_newline_terminated_document(hws):
    hws.deck("\n".join(DECK_LINES) + "\n")  # six lines, as `wc -l` counts them
    text = replace_line(FIXTURE, "line: 4", "line: 7")
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, line_of(text, "line: 7"), "line 7 is beyond the end of deck.txt",
                       "(6 lines)")


def test_document_that_does_not_exist(hws):
    text = replace_line(FIXTURE, "document:", "document: decks/missing.txt")
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, 1, "source document 'decks/missing.txt' not found")


def test_document_that_is_a_directory(hws):
    text = replace_line(FIXTURE, "document:", "document: decks")
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, 1, "source document 'decks' is not a regular file")


# -- measures ----------------------------------------------------------------------------------------


def pct_change(extra: str = "") -> str:
    fact = ("  - {id: h.revenue.yoy, concept: revenue, measure: pct_change, period: 1Q11, value: \"47.7\", "
            "unit: \"%\", line: 4, text: \"23.4\", label: Total Revenues" + extra + "}\n")
    return FIXTURE + fact


def test_change_measure_without_compare(hws):
    text = pct_change()
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, line_of(text, "h.revenue.yoy"), "fact h.revenue.yoy",
                       "a pct_change needs 'compare'")


def test_compare_on_a_level(hws):
    text = insert_after(FIXTURE, "header: 3", "    compare: YoY")
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, line_of(text, "compare: YoY"), "belong to change measures")


def test_compare_with_an_impossible_period(hws):
    text = pct_change(", compare: 5Q10")
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, line_of(text, "h.revenue.yoy"), "cannot read period '5Q10'")


def test_share_not_in_percent(hws):
    text = insert_after(FIXTURE, "header: 3", "    measure: share")
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, line_of(text, "unit: JPY billion"), "a share is printed in %")


# -- claims --------------------------------------------------------------------------------------


def claim(facts: str, line: int = 4) -> str:
    return (FIXTURE + "claims:\n"
            f"  - {{id: h.claim, kind: trend, direction: increasing, facts: {facts}, line: {line}, "
            "text: Total Revenues}\n")


def test_claim_naming_an_unknown_fact(hws):
    text = claim("[h.revenue, h.nope]")
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, line_of(text, "h.claim"), "claim h.claim", "unknown fact 'h.nope'")


def test_claim_beyond_the_end_of_the_document(hws):
    text = claim("[h.revenue, h.cost]", line=99)
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, line_of(text, "h.claim"), "claim h.claim", "line 99 is beyond the end")


def test_claim_with_an_unknown_direction(hws):
    text = claim("[h.revenue, h.cost]").replace("direction: increasing", "direction: sideways")
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, line_of(text, "h.claim"), "direction")


# -- several problems and groups --------------------------------------------------------------------


def test_every_bad_fact_of_a_file_is_reported(hws):
    text = replace_line(FIXTURE, "concept: revenue", "concept: revenu")
    text = replace_line(text, 'value: "18.9"', 'value: "12..5"')
    text = insert_after(text, "label: Total Costs", "    bogus: 1")
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, 5, "unknown concept 'revenu'")
    assert_input_error(result, path, line_of(text, "bogus"), "unknown field 'bogus'")
    assert "2 input error(s)" in result.err


def test_group_with_a_bad_default(hws):
    text = ("document: decks/deck.txt\nfacts:\n  - unit: JPY trillion\n    header: 3\n    facts:\n"
            "      - {id: h.g.revenue, concept: revenue, period: 1Q11, value: \"23.4\", line: 4, "
            "label: Total Revenues}\n")
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, 3, "fact h.g.revenue", "unknown unit 'JPY trillion'")


@pytest.mark.parametrize("children", ['"just text"', "[text]", "[null]", "[[1, 2]]"])
def test_group_with_a_non_mapping_child(hws, children):
    text = f"document: decks/deck.txt\nfacts:\n  - unit: JPY billion\n    facts: {children}\n"
    path, result = check_fixture(hws, text)
    assert_input_error(result, path, 4, "a fact or group must be a mapping")


@pytest.mark.parametrize("compare, period", [("YoY", "0001-03-31"), ("QoQ", "0001-01-31")])
def test_change_of_a_date_in_year_one(hws, compare, period):
    text = FIXTURE + (f"  - {{id: h.cash.chg, concept: cash, measure: change, compare: {compare}, "
                      f"period: \"{period}\", value: \"1\", unit: JPY million, line: 4, text: \"23.4\", "
                      "label: Total Revenues}\n")
    path, result = check_fixture(hws, text)
    # found as a crash (ValueError 'year 0 is out of range' from periods.Instant.shifted); now refused
    assert_input_error(result, path, line_of(text, "h.cash.chg"), "fact h.cash.chg", compare, period)
