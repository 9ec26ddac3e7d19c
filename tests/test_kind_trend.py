"""trend kind (rule trend-claims): a claimed trend holds for the figures listed with it."""

import pytest

from conftest import assert_clean, assert_one_finding

RULE = "trend-claims"


def write(ws, values, direction="increasing", exact=False, text="constantly increasing"):
    periods = ["2012-03-31", "2012-06-30", "2012-09-30"][: len(values)]
    names = ["4Q11", "1Q12", "2Q12"]
    ws.deck([f"LTE services contracts {text} by "
             + ", ".join(f"{name}: approx. {value}" for name, value in zip(names, values))])
    facts = [{"id": f"t.lte.{name.lower()}", "segment": "lte", "concept": "contracts", "period": period,
              "value": value, "unit": "count", "exact": exact, "line": 1, "text": f"{name}: approx. {value}",
              "label": "LTE services"} for name, period, value in zip(names, periods, values)]
    claims = [{"id": "t.lte.trend", "kind": "trend", "direction": direction, "line": 1, "text": text,
               "facts": [fact["id"] for fact in facts]}]
    ws.fixture(facts, claims=claims)


def test_increasing_series_passes(ws):
    write(ws, ["6,500", "13,800", "21,000"])
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


def test_broken_increase_fails(ws):
    write(ws, ["6,500", "13,800", "11,200"])
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "claim t.lte.trend says 'constantly increasing' (increasing)",
                       "11,200 count (2012-09-30) after 13,800 count (2012-06-30)",
                       "deck.txt:1 '2Q12: approx. 11,200'", "deck.txt:1 '1Q12: approx. 13,800'")
    (finding,) = ws.check(RULE, fmt="json").findings
    assert [fact["id"] for fact in finding["facts"]] == ["t.lte.4q11", "t.lte.1q12", "t.lte.2q12"]


def test_equal_approximate_figures_may_still_increase(ws):
    # approx. 100 then approx. 100: [99.5, 100.5] each, the second can be larger
    write(ws, ["100", "100"], exact=False)
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


@pytest.mark.parametrize("direction, code", [("increasing", 1), ("non-decreasing", 0), ("decreasing", 1),
                                             ("non-increasing", 0)])
def test_equal_exact_figures(ws, direction, code):
    write(ws, ["100", "100"], direction=direction, exact=True)
    result = ws.check(RULE)
    assert result.code == code, str(result)
    if code:
        assert_one_finding(result, RULE, f"({direction}) but the series 100 count (2012-03-31), "
                           "100 count (2012-06-30) breaks it")
    else:
        assert result.finding_lines(RULE) == []
        assert "1 passed, 0 failed" in result.out


def test_decreasing_claim_on_rising_series_fails(ws):
    write(ws, ["6,500", "13,800"], direction="decreasing", text="decreasing")
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "says 'decreasing' (decreasing)", "13,800 count (2012-06-30) after 6,500")
