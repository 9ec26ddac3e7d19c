"""Issue 14, periods as IIJ's releases write them: in ``period`` (auditor.periods, auditor.period_words)
and in ``period_text`` (rule period-label), cumulative quarters by document kind, glued footnote markers."""

import pytest

from auditor.periods import PeriodError, Span, parse_period
from conftest import assert_clean, assert_one_finding, dump_yaml

RULE = "period-label"


def months(first: str, last: str) -> Span:
    (y1, m1), (y2, m2) = (map(int, first.split("-")), map(int, last.split("-")))
    return Span(y1 * 12 + m1 - 1, y2 * 12 + m2 - 1)


@pytest.mark.parametrize("text, first, last", [
    ("1Q-3Q19", "2019-04", "2019-12"),
    ("1Q-3Q FY2019", "2019-04", "2019-12"),
    ("1Q-2Q13", "2013-04", "2013-09"),
    ("1H FY2013", "2013-04", "2013-09"),
    ("2H FY13", "2013-10", "2014-03"),
    ("1Q FY2012", "2012-04", "2012-06"),
    ("1st Quarter FY2012", "2012-04", "2012-06"),
    ("3rd quarter of FY2015", "2015-10", "2015-12"),
    ("2H14", "2014-10", "2015-03"),
    ("latter half of FY2014", "2014-10", "2015-03"),
    ("first half of FY2014", "2014-04", "2014-09"),
    ("first six months of the fiscal year ending March 31, 2020", "2019-04", "2019-09"),
    ("nine months of the fiscal year ending March 31, 2020", "2019-04", "2019-12"),
    ("nine months ended December 31, 2019", "2019-04", "2019-12"),
    ("three months ended June 30, 2019", "2019-04", "2019-06"),
    ("from April 1, 2019 to December 31, 2019", "2019-04", "2019-12"),
    ("from October 1, 2019 to March 31, 2020", "2019-10", "2020-03"),
    ("April-December 2019", "2019-04", "2019-12"),
    ("Oct.-Dec. 2019", "2019-10", "2019-12"),
    ("October 2019 - March 2020", "2019-10", "2020-03"),
    ("fiscal year ending March 31, 2020", "2019-04", "2020-03"),
    ("fiscal 2014", "2014-04", "2015-03"),                       # IIJ names a year by its start, as FY2014
    ("first half of fiscal 2014", "2014-04", "2014-09"),
    ("9M FY2015", "2015-04", "2015-12"),
    ("9M15", "2015-04", "2015-12"),
    ("6M FY2019", "2019-04", "2019-09"),
    ("3Q15 (3 months)", "2015-10", "2015-12"),
    ("from April 1, 2022 to September 30, 2022", "2022-04", "2022-09"),    # "September" once crashed the reader
    ("six months ended September 30, 2022", "2022-04", "2022-09"),
    ("July-Sept. 2022", "2022-07", "2022-09"),
])
def test_release_wordings_are_periods(text, first, last):
    assert parse_period(text) == months(first, last)


@pytest.mark.parametrize("text, needle", [
    ("from April 2, 2019 to December 31, 2019", "names no whole months"),    # not the start of a month
    ("from April 1, 2019 to December 30, 2019", "names no whole months"),    # not the end of one
    ("from April 1, 2020 to December 31, 2019", "ends before it starts"),
    ("3Q-1Q19", "ends before it starts"),
    ("fiscal year ending December 31, 2019", "fiscal year ends in March"),
    ("fiscal 201", "cannot read period"),                                    # "fiscal" takes four digits
    ("9m FY2015", "cannot read period"),                                     # months are "9M", upper case
    ("FY2014 (3 months)", "follows a quarter name"),
    ("FY20195", "cannot read period"),                                       # a glued footnote is no year
])
def test_wordings_that_name_no_whole_months_are_refused(text, needle):
    with pytest.raises(PeriodError, match=needle):
        parse_period(text)


def test_a_wording_as_period_in_a_fixture_loads_and_a_bad_one_is_exit_2(ws):
    ws.deck(["Revenue for the nine months ended December 31, 2019 was JPY150,000 million"])
    fact = {"id": "t.rev", "concept": "revenue", "value": "150,000", "unit": "JPY million", "line": 1,
            "text": "JPY150,000 million", "label": "Revenue", "period_text": "nine months ended December 31, 2019"}
    ws.fixture([{**fact, "period": "1Q-3Q19"}])
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)
    path = ws.fixture([{**fact, "period": "from April 1, 2019 to December 30, 2019"}])
    result = ws.check(RULE)
    assert result.code == 2
    assert f"{path.name}:" in result.err and "fact t.rev: period" in result.err
    assert "names no whole months" in result.err and "Traceback" not in result.err


def level(ws, period_text, period, *, kind=None, value="23.4", label="Total Revenues", header_line=None,
          extra=None):
    ws.deck([f"\t{header_line or period_text}", f"{label}\t{value}"])
    data = {"document": "decks/deck.txt"}
    if kind:
        data.update({"kind": kind, "date": "2020-02-06"})
    data["facts"] = [{"id": "t.fact", "concept": "revenue", "period": period, "value": value,
                      "unit": "JPY billion", "line": 2, "header": 1, "label": label.split("\t")[0],
                      "period_text": period_text, **(extra or {})}]
    (ws.fx / "deck.yaml").write_text(dump_yaml(data), encoding="utf-8")


@pytest.mark.parametrize("period_text, period", [
    ("1Q-3Q19", "2019-04..2019-12"),
    ("1Q-3Q19 (Apr.-Dec. 2019)", "1Q-3Q19"),
    ("1H FY2013", "1H13"),
    ("1st Quarter FY2012", "1Q12"),
    ("2H14", "2H14"),
    ("latter half of FY2014", "2H14"),
    ("Results for the first six months of the fiscal year ending March 31, 2020", "1H19"),
    ("nine months of the fiscal year ending March 31, 2020", "1Q-3Q19"),
    ("from April 1, 2019 to December 31, 2019", "1Q-3Q19"),
    ("fiscal 2014", "FY2014"),
    ("first half of fiscal 2014", "1H14"),
    ("9M FY2015", "1Q-3Q15"),
])
def test_release_period_texts_pass(ws, period_text, period):
    level(ws, period_text, period)
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


@pytest.mark.parametrize("period_text, period, needle", [
    ("1Q-3Q19", "3Q19", "'1Q-3Q19' denotes 2019-04..2019-12 but the figure is recorded for 3Q19"),
    ("1H FY2013", "1H12", "'1H FY2013' denotes 1H13 (2013-04..2013-09)"),            # not FY2013's year
    ("1st Quarter FY2012", "2Q12", "denotes 1Q12 (2012-04..2012-06)"),
    ("latter half of FY2014", "1H14", "denotes 2H14 (2014-10..2015-03)"),
    ("first six months of the fiscal year ending March 31, 2020", "1H20", "denotes 1H19"),
    ("from April 1, 2019 to December 31, 2019", "1Q-3Q18", "denotes 2019-04..2019-12"),
    ("1H FY2013 (13/4~13/6)", "1Q13", "the name means 1H13 (2013-04..2013-09) but the months printed are 1Q13"),
    ("from April 15, 2019 to December 31, 2019", "1Q-3Q19", "is not a period: the days do not start and end"),
    ("3Q-1Q19", "1Q-3Q19", "'3Q-1Q19' is not a period: it ends before it starts"),
    ("fiscal 2014", "FY2015", "'fiscal 2014' denotes FY2014 (2014-04..2015-03)"),
    ("9M FY2015", "1H15", "'9M FY2015' denotes 2015-04..2015-12"),
])
def test_release_period_texts_that_disagree_fail(ws, period_text, period, needle):
    level(ws, period_text, period)
    result = ws.check(RULE)
    assert result.code == 1, str(result)
    assert_one_finding(result, RULE, needle, "deck.txt:2")


def test_a_quarter_name_in_a_results_release_is_cumulative(ws):
    level(ws, "3Q15", "1Q-3Q15", kind="results_release")
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


def test_a_quarter_name_in_a_results_release_is_not_its_three_months(ws):
    level(ws, "3Q15", "3Q15 (3 months)", kind="results_release")
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "'3Q15' denotes 2015-04..2015-12 but the figure is recorded for 3Q15")


def test_a_quarter_name_as_period_in_a_results_release_is_cumulative(ws):
    level(ws, "3Q15", "3Q15", kind="results_release")
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)
    level(ws, "3rd Quarter FY2015", "3rd Quarter FY2015", kind="results_release")
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


@pytest.mark.parametrize("text, cumulative, first, last", [
    ("3Q15", True, "2015-04", "2015-12"),
    ("3Q15", False, "2015-10", "2015-12"),
    ("1st Quarter FY2012", True, "2012-04", "2012-06"),
    ("3rd quarter of FY2015", True, "2015-04", "2015-12"),
    ("3Q15 (3 months)", True, "2015-10", "2015-12"),
    ("3Q15 (three months)", True, "2015-10", "2015-12"),
    ("2H14", True, "2014-10", "2015-03"),                       # halves and years are never cumulated
    ("2015-10..2015-12", True, "2015-10", "2015-12"),
])
def test_cumulative_reading_of_quarter_names(text, cumulative, first, last):
    assert parse_period(text, cumulative) == months(first, last)


def test_in_a_results_release_a_cumulative_quarter_period_tiles_with_its_three_months(ws):
    ws.deck(["\t1H15\t3Q15 (3 months)\t3Q15", "Revenues\t100\t55\t155"])
    base = {"concept": "revenue", "unit": "JPY million", "line": 2, "header": 1, "label": "Revenues"}
    facts = [{**base, "id": "t.1h", "period": "1H15", "value": "100"},
             {**base, "id": "t.3q", "period": "3Q15 (3 months)", "value": "55", "period_text": "3Q15 (3 months)"},
             {**base, "id": "t.9m", "period": "3Q15", "value": "155", "period_text": "3Q15"}]
    data = {"document": "decks/deck.txt", "kind": "results_release", "date": "2016-02-05", "facts": facts}
    (ws.fx / "deck.yaml").write_text(dump_yaml(data), encoding="utf-8")
    assert_clean(ws.check("period-aggregation", fmt="json"), "period-aggregation", checks=1)
    facts[2]["value"] = "165"
    ws.deck(["\t1H15\t3Q15 (3 months)\t3Q15", "Revenues\t100\t55\t165"])
    (ws.fx / "deck.yaml").write_text(dump_yaml(data), encoding="utf-8")
    result = ws.check("period-aggregation")
    assert result.code == 1
    assert_one_finding(result, "period-aggregation", "fails", "deck.txt:2")


def test_in_a_deck_a_quarter_period_is_its_three_months(ws):
    ws.deck(["\t3Q15", "Revenues\t55"])
    facts = [{"id": "t.3q", "concept": "revenue", "unit": "JPY million", "line": 2, "header": 1,
              "label": "Revenues", "period": "3Q15", "value": "55", "period_text": "3Q15"}]
    data = {"document": "decks/deck.txt", "kind": "deck", "date": "2016-02-05", "facts": facts}
    (ws.fx / "deck.yaml").write_text(dump_yaml(data), encoding="utf-8")
    result = ws.check(RULE, fmt="json")
    assert_clean(result, RULE, checks=1)


def test_three_months_after_a_name_that_is_no_quarter_is_exit_2(ws):
    ws.deck(["Revenues FY2015 55"])
    path = ws.fixture([{"id": "t.fy", "concept": "revenue", "unit": "JPY million", "line": 1, "label": "Revenues",
                        "period": "FY2015 (3 months)", "value": "55"}])
    result = ws.check(RULE)
    assert result.code == 2
    assert f"{path.name}:" in result.err and "fact t.fy: period" in result.err
    assert "'(3 months)' follows a quarter name" in result.err and "Traceback" not in result.err


def test_three_months_of_a_cumulative_quarter_name_is_the_quarter(ws):
    level(ws, "3Q16 (3 months)", "3Q16 (3 months)", kind="results_release")
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


def test_a_quarter_name_in_a_deck_is_its_three_months(ws):
    level(ws, "3Q15", "3Q15", kind="deck")
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)
    level(ws, "3Q15", "1Q-3Q15", kind="deck")
    assert ws.check(RULE).code == 1


def test_a_glued_footnote_marker_is_cited_and_not_read(ws):
    level(ws, "FY2019[^5]", "FY2019", header_line="FY20195", label="Net profit3",
          extra={"label": "Net profit[^3]"})
    result = ws.check(RULE, "provenance", fmt="json")
    assert result.code == 0, str(result)
    assert result.findings == []


def test_a_glued_footnote_without_marker_is_undecidable_not_passed(ws):
    level(ws, "FY20195", "FY2019")
    result = ws.check(RULE, fmt="json", extra=("--fail-on", "warning"))
    assert result.code == 1, str(result)
    (finding,) = result.findings
    assert finding["severity"] == "warning" and finding["facts"][0]["id"] == "t.fact"
    assert "'FY20195'" in finding["message"] and "FY2019[^5]" in finding["message"]


def test_a_footnote_marker_on_the_wrong_digit_fails_provenance(ws):
    level(ws, "FY2019[^4]", "FY2019", header_line="FY20195")
    result = ws.check("provenance")
    assert result.code == 1
    assert_one_finding(result, "provenance", "period text 'FY2019[^4]' is not on line 2 or header line(s) 1")


def test_a_marker_after_a_space_is_not_a_marker(ws):
    level(ws, "FY2019 [^5]", "FY2019", header_line="FY2019 5")
    result = ws.check("provenance")
    assert result.code == 1
    assert_one_finding(result, "provenance", "period text 'FY2019 [^5]' is not on")
