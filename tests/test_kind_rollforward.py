"""rollforward kind: cash-rollforward (slack JPY100 million) and deficit-rollforward (no slack)."""

from conftest import assert_clean, assert_one_finding

CASH = "cash-rollforward"
DEFICIT = "deficit-rollforward"
M = {"unit": "JPY million"}


def write_cash(ws, financing="450", with_investing=True):
    ws.deck([
        "Cash and Cash Equivalents: 12,500 (2011-03-31) 13,000 (2011-06-30)",                     # 1
        "Net cash provided by operating activities was JPY 2,000 million in 1Q11",                 # 2
        "Net cash used in investing activities was JPY 1,000 million in 1Q11",                     # 3
        f"Net cash used in financing activities was JPY {financing} million in 1Q11",              # 4
    ])
    facts = [
        {"id": "t.cash.start", "concept": "cash", "period": "2011-03-31", "value": "12,500", "line": 1,
         "label": "Cash and Cash Equivalents", **M},
        {"id": "t.cash.end", "concept": "cash", "period": "2011-06-30", "value": "13,000", "line": 1,
         "label": "Cash and Cash Equivalents", **M},
        {"id": "t.ocf", "concept": "operating_cash_flow", "period": "1Q11", "value": "2,000", "direction": "provided",
         "line": 2, "text": "JPY 2,000 million", "label": "operating activities", **M},
        {"id": "t.fcf", "concept": "financing_cash_flow", "period": "1Q11", "value": financing, "direction": "used",
         "line": 4, "text": f"JPY {financing} million", "label": "financing activities", **M},
    ]
    if with_investing:
        facts.append({"id": "t.icf", "concept": "investing_cash_flow", "period": "1Q11", "value": "1,000",
                      "direction": "used", "line": 3, "text": "JPY 1,000 million", "label": "investing activities",
                      **M})
    ws.fixture(facts)


def test_cash_moves_by_its_flows(ws):
    # 13,000 - 12,500 = 500 vs 2,000 - 1,000 - 450 = 550: within the JPY100 million slack
    write_cash(ws)
    assert_clean(ws.check(CASH, fmt="json"), CASH, checks=1)


def test_cash_beyond_slack_fails(ws):
    # 2,000 - 1,000 - 700 = [298.5, 301.5] +- 100 = [198.5, 401.5] vs [499, 501]
    write_cash(ws, financing="700")
    result = ws.check(CASH)
    assert result.code == 1
    assert_one_finding(result, CASH, "the movement of cash from 2011-03-31 to 2011-06-30 fails",
                       "off by 97.5 JPY million", "deck.txt:1 '13,000'", "deck.txt:1 '12,500'",
                       "deck.txt:4 'JPY 700 million'")
    (finding,) = ws.check(CASH, fmt="json").findings
    assert finding["expected"] == ["198.5", "401.5"]
    assert finding["reported"] == ["499", "501"]
    assert finding["gap"] == "97.5"
    assert "± 100" in finding["check"]
    assert {fact["id"] for fact in finding["facts"]} == {"t.cash.start", "t.cash.end", "t.ocf", "t.icf", "t.fcf"}


def test_missing_flow_is_skipped(ws):
    write_cash(ws, financing="9,999", with_investing=False)
    result = ws.check(CASH, fmt="json")
    assert result.code == 0
    assert result.findings == []
    (stats,) = result.json["rules"]
    assert (stats["checks"], stats["skipped"]) == (0, 1)


def write_deficit(ws, net_income="300"):
    ws.deck([
        "Accumulated Deficit (5,000) at 2011-03-31 and (4,800) at 2011-06-30",  # 1
        f"Net Income attributable to IIJ 1Q11: JPY{net_income} million",        # 2
        "Payment of dividends 1Q11: (100)",                                    # 3
    ])
    ws.fixture([
        {"id": "t.deficit.start", "concept": "accumulated_deficit", "period": "2011-03-31", "value": "(5,000)",
         "line": 1, "label": "Accumulated Deficit", **M},
        {"id": "t.deficit.end", "concept": "accumulated_deficit", "period": "2011-06-30", "value": "(4,800)",
         "line": 1, "label": "Accumulated Deficit", **M},
        {"id": "t.ni", "concept": "net_income", "period": "1Q11", "value": net_income, "line": 2,
         "text": f"JPY{net_income} million", "label": "Net Income", **M},
        {"id": "t.div", "concept": "dividends_paid", "period": "1Q11", "value": "(100)", "line": 3,
         "label": "Payment of dividends", **M},
    ])


def test_deficit_moves_by_net_income_less_dividends(ws):
    # -4,800 - (-5,000) = 200 = 300 - 100
    write_deficit(ws)
    assert_clean(ws.check(DEFICIT, fmt="json"), DEFICIT, checks=1)


def test_deficit_without_slack_fails_by_a_little(ws):
    # 305 - 100 = [204, 206] vs [199, 201]: 3 JPY million off, no slack for this rule
    write_deficit(ws, net_income="305")
    result = ws.check(DEFICIT)
    assert result.code == 1
    assert_one_finding(result, DEFICIT, "the movement of accumulated_deficit", "off by 3 JPY million",
                       "deck.txt:1 '(4,800)'", "deck.txt:2 'JPY305 million'", "deck.txt:3 '(100)'")
    (finding,) = ws.check(DEFICIT, fmt="json").findings
    assert (finding["expected"], finding["reported"], finding["gap"]) == (["204", "206"], ["199", "201"], "3")
