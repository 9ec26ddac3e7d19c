"""share kind (rule share-of-revenue): "% of Revenues" == concept / revenue within display rounding."""

from fractions import Fraction

from conftest import PL_DECK, assert_clean, assert_one_finding, pl_level

RULE = "share-of-revenue"


def write(ws, cost_share="80.7", margin_share="19.3"):
    lines = list(PL_DECK)
    lines[4] = f"Total Costs\t<i>{cost_share}%</i> 18.9\t<i>80.9%</i> 12.8\t47.5%"
    lines[5] = f"Gross Margin\t<i>{margin_share}%</i> 4.5\t<i>19.1%</i> 3.0\t48.8%"
    ws.deck(lines)
    ws.fixture([
        pl_level("revenue", "1Q11", "23.4", 4, "Total Revenues"),
        pl_level("cost_of_revenue", "1Q11", "18.9", 5, "Total Costs"),
        pl_level("gross_margin", "1Q11", "4.5", 6, "Gross Margin"),
        {"id": "t.share.cost", "concept": "cost_of_revenue", "measure": "share", "period": "1Q11",
         "value": cost_share, "unit": "%", "line": 5, "text": f"{cost_share}%", "label": "Total Costs"},
        {"id": "t.share.margin", "concept": "gross_margin", "measure": "share", "period": "1Q11",
         "value": margin_share, "unit": "%", "line": 6, "text": f"{margin_share}%", "label": "Gross Margin"},
    ])


def test_printed_shares_pass(ws):
    # 18.9/23.4 = 80.77%: 80.7% ([80.65, 80.75]) meets [18.85/23.45, 18.95/23.35] = [80.38%, 81.16%]
    write(ws)
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=2)


def test_share_at_edge_of_interval_passes(ws):
    # 81.2% = [81.15%, 81.25%]; the computed upper bound 18.95/23.35 = 81.156% is inside: still passes
    write(ws, cost_share="81.2")
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=2)


def test_share_beyond_rounding_fails(ws):
    # 81.3% = [81.25%, 81.35%] cannot be 18.9/23.4 with any values inside the display intervals
    write(ws, cost_share="81.3")
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "cost_of_revenue as a share of revenue fails", "[81.25%, 81.35%] reported",
                       "deck.txt:5 '81.3%'", "deck.txt:4 '23.4'", "deck.txt:5 '18.9'")

    (finding,) = ws.check(RULE, fmt="json").findings
    assert finding["unit"] == "ratio"
    assert finding["reported"] == ["0.8125", "0.8135"]
    exact_gap = Fraction("0.8125") - Fraction(18950, 23350)
    assert abs(Fraction(finding["gap"]) - exact_gap) <= Fraction(1, 2 * 10**6)
    assert Fraction(finding["expected"][1]) == round(Fraction(18950, 23350), 6)
    assert finding["facts"][0]["id"] == "t.share.cost"
    assert finding["facts"][0]["value"] == "81.3"


def test_share_without_denominator_is_skipped(ws):
    ws.deck(PL_DECK)
    ws.fixture([
        pl_level("cost_of_revenue", "1Q11", "18.9", 5, "Total Costs"),
        {"id": "t.share.cost", "concept": "cost_of_revenue", "measure": "share", "period": "1Q11",
         "value": "80.7", "unit": "%", "line": 5, "text": "80.7%", "label": "Total Costs"},
    ])  # the value is its text's number (test_trust_text.py); without revenue there is nothing to check
    result = ws.check(RULE, fmt="json")
    assert result.code == 0
    assert result.findings == []
    (stats,) = result.json["rules"]
    assert (stats["checks"], stats["skipped"]) == (0, 1)
