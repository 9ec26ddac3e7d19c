"""period_label kind (rule period-label): period names, month ranges and compared periods agree."""

import pytest

from conftest import assert_clean, assert_one_finding

RULE = "period-label"


def write_level(ws, period_text, period, basis="actual", concept="revenue", entity="IIJ", value="23.4"):
    ws.deck([f"\t{period_text}", f"Total Revenues\t{value}"])
    ws.fixture([{"id": "t.fact", "entity": entity, "concept": concept, "period": period, "basis": basis,
                 "value": value, "unit": "JPY billion", "line": 2, "header": 1, "label": "Total Revenues",
                 "period_text": period_text}])


@pytest.mark.parametrize("period_text, period, entity", [
    ("1Q11 (11/4~11/6)", "1Q11", "IIJ"),
    ("3Q08 (08/4~08/12)", "2008-04..2008-12", "IIJ"),           # cumulative year-to-date reading
    ("2Q10 (1month)", "2010-09..2010-09", "IIJ-Global"),         # last month of 2Q10
    ("FY11 Target (11/4~12/3)", "FY2011", "IIJ"),
    ("1H07 (2007/4-9)", "1H07", "IIJ"),
    ("FY12 Target (12/4 ~ 13/3)", "FY2012", "IIJ"),
    ("FY2008/1Q-3Q (cumulative)", "2008-04..2008-12", "IIJ"),
])
def test_consistent_period_texts_pass(ws, period_text, period, entity):
    write_level(ws, period_text, period, entity=entity, basis="target" if "Target" in period_text else "actual")
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


def test_name_contradicting_months_fails(ws):
    # FY10 is 10/4~11/3; the months printed are FY11's
    write_level(ws, "FY10 Target (11/4~12/3)", "FY2011", basis="target", value="100.0")
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "'FY10 Target (11/4~12/3)'", "the name means FY2010 (2010-04..2011-03)",
                       "the months printed are FY2011 (2011-04..2012-03)", "deck.txt:2 '100.0'")
    (finding,) = ws.check(RULE, fmt="json").findings
    assert finding["facts"][0]["id"] == "t.fact"


def test_text_denoting_another_period_than_recorded_fails(ws):
    write_level(ws, "1Q11 (11/4~11/6)", "1Q10")
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "'1Q11 (11/4~11/6)' denotes 1Q11 (2011-04..2011-06)",
                       "recorded for 1Q10 (2010-04..2010-06)", "deck.txt:2 '23.4'")


def test_cumulative_range_for_wrong_quarter_fails(ws):
    # 08/4~08/12 ends with 3Q08, not 2Q08: not a cumulative reading of 2Q08
    write_level(ws, "2Q08 (08/4~08/12)", "2008-04..2008-12")
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "'2Q08 (08/4~08/12)': the name means 2Q08 (2008-07..2008-09)")


def write_change(ws, period_text, period="FY2011", basis="target", compare="YoY", base_basis="actual",
                 value="+17.6"):
    ws.deck([f"\tYoY ({period_text})", f"Total Revenues\t{value}"])
    fact = {"id": "t.change", "concept": "revenue", "measure": "change", "period": period, "basis": basis,
            "compare": compare, "value": value, "unit": "JPY billion", "line": 2, "header": 1,
            "label": "Total Revenues", "period_text": f"YoY ({period_text})"}
    if base_basis:
        fact["base_basis"] = base_basis
    ws.fixture([fact])


def test_comparison_text_naming_the_compared_periods_passes(ws):
    write_change(ws, "Revised FY11 to FY10 Actual")
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


def test_comparison_text_naming_other_periods_fails(ws):
    # the figure compares the FY2011 target with FY2010 actual, the header says FY10 vs FY09
    write_change(ws, "Revised FY10 to FY09 Actual")
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "'YoY (Revised FY10 to FY09 Actual)' names a comparison of FY2010 (2010-04..2011-03) "
                       "with FY2009 (2009-04..2010-03)", "FY2011 (2011-04..2012-03) (target) and FY2010 (2010-04..2011-03) (actual)",
                       "deck.txt:2 '+17.6'")


def test_change_comparing_a_period_with_itself_fails(ws):
    ws.deck(["Revenues 1Q11 up JPY1.2 billion"])
    ws.fixture([{"id": "t.self", "concept": "revenue", "measure": "change", "period": "1Q11", "compare": "1Q11",
                 "value": "1.2", "direction": "up", "unit": "JPY billion", "line": 1, "text": "up JPY1.2 billion",
                 "label": "Revenues"}])
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "t.self compares 1Q11 (2011-04..2011-06) (actual) with itself",
                       "deck.txt:1 'up JPY1.2 billion'")


def test_same_period_different_basis_is_not_self_comparison(ws):
    # "down JPY3.7 billion from previous target": same period, other basis
    ws.deck(["FY11 revenue target down JPY3.7 billion from previous target"])
    ws.fixture([{"id": "t.revision", "concept": "revenue", "measure": "change", "period": "FY2011",
                 "basis": "target", "base_basis": "previous_target", "value": "3.7", "direction": "down",
                 "unit": "JPY billion", "line": 1, "text": "down JPY3.7 billion", "label": "revenue"}])
    result = ws.check(RULE, fmt="json")
    assert result.code == 0
    assert result.findings == []
