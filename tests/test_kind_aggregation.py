"""aggregation kind (rule period-aggregation): sub-periods that tile a period sum to its figure."""

from conftest import assert_clean, assert_one_finding

RULE = "period-aggregation"


def rev(fact_id, period, value, line, unit="JPY billion", **extra):
    return {"id": fact_id, "concept": "revenue", "period": period, "value": value, "unit": unit, "line": line,
            "label": "Revenues", **extra}


def write_halves(ws, first_half="47.6"):
    ws.deck(["Revenues (JPY billion)", "1Q11 Revenues 23.4", "2Q11 Revenues 24.2", f"1H11 Revenues {first_half}"])
    ws.fixture([rev("t.1q11", "1Q11", "23.4", 2), rev("t.2q11", "2Q11", "24.2", 3),
                rev("t.1h11", "1H11", first_half, 4)])


def test_quarters_sum_to_half(ws):
    # 23.4 + 24.2 = 47.6
    write_halves(ws)
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


def test_quarters_within_rounding(ws):
    # [47.5, 47.7] meets 47.7 ([47.65, 47.75])
    write_halves(ws, first_half="47.7")
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


def test_quarters_not_summing_fail(ws):
    write_halves(ws, first_half="48.0")
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "the sum of the sub-periods fails", "off by 250 JPY million",
                       "deck.txt:4 '48.0'", "deck.txt:2 '23.4'", "deck.txt:3 '24.2'")
    (finding,) = ws.check(RULE, fmt="json").findings
    assert finding["check"] == ("48.0 JPY billion (2011-04..2011-09) == 23.4 JPY billion (2011-04..2011-06) + "
                                "24.2 JPY billion (2011-07..2011-09)")
    assert (finding["expected"], finding["reported"], finding["gap"]) == (
        ["47500", "47700"], ["47950", "48050"], "250")
    assert [fact["id"] for fact in finding["facts"]] == ["t.1h11", "t.1q11", "t.2q11"]


def write_iij_global(ws, seven_months="15,094"):
    # IIJ-Global was acquired on 2010-09-01: its 2Q10 is one month (September 2010)
    ws.deck([
        "IIJ-Global revenues (JPY million)",                                 # 1
        "2Q10 (1month) JPY2,246 million, 3Q10 JPY6,406 million, 4Q10 JPY6,442 million",  # 2
        f"7 months from Sep 2010 to March 2011: Revenues JPY{seven_months} million",     # 3
    ])
    common = {"entity": "IIJ-Global", "unit": "JPY million"}
    ws.fixture([
        rev("t.g.2q10", "2010-09..2010-09", "2,246", 2, text="JPY2,246 million", **common),
        rev("t.g.3q10", "3Q10", "6,406", 2, text="JPY6,406 million", **common),
        rev("t.g.4q10", "4Q10", "6,442", 2, text="JPY6,442 million", **common),
        rev("t.g.7m", "2010-09..2011-03", seven_months, 3, text=f"JPY{seven_months} million", **common),
    ])


def test_one_month_and_two_quarters_tile_seven_months(ws):
    # 2,246 + 6,406 + 6,442 = 15,094
    write_iij_global(ws)
    result = ws.check(RULE, fmt="json")
    assert_clean(result, RULE, checks=1)


def test_seven_month_tiling_fails(ws):
    write_iij_global(ws, seven_months="15,200")
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "the sum of the sub-periods fails",
                       "off by 104 JPY million", "deck.txt:3 'JPY15,200 million'", "deck.txt:2 'JPY2,246 million'",
                       "deck.txt:2 'JPY6,442 million'")
    (finding,) = ws.check(RULE, fmt="json").findings
    assert finding["subject"] == "IIJ-Global revenue 2010-09..2011-03"
    assert finding["expected"] == ["15092.5", "15095.5"]
    assert finding["gap"] == "104"


def test_tiling_across_two_documents(ws):
    ws.deck(["1Q11 Revenues JPY23.4 billion"], name="q1.txt")
    ws.deck(["2Q11 Revenues JPY24.2 billion", "1H11 Revenues JPY47.6 billion"], name="h1.txt")
    ws.fixture([rev("a.1q11", "1Q11", "23.4", 1)], name="a.yaml", document="decks/q1.txt")
    ws.fixture([rev("b.2q11", "2Q11", "24.2", 1), rev("b.1h11", "1H11", "47.6", 2)], name="b.yaml",
               document="decks/h1.txt")
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)

    ws.fixture([rev("b.2q11", "2Q11", "24.2", 1), rev("b.1h11", "1H11", "46.0", 2)], name="b.yaml",
               document="decks/h1.txt")
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "off by 1,450 JPY million", "h1.txt:2 '46.0'", "q1.txt:1 '23.4'",
                       "h1.txt:1 '24.2'")
    (finding,) = ws.check(RULE, fmt="json").findings
    assert {fact["document"] for fact in finding["facts"]} == {"q1.txt", "h1.txt"}
    assert {fact["id"] for fact in finding["facts"]} == {"a.1q11", "b.2q11", "b.1h11"}


def test_balances_are_not_aggregated(ws):
    # stocks never add up over time: no check at all
    ws.deck(["Cash 1Q11 100 2Q11 100 1H11 999"])
    ws.fixture([
        {"id": "c1", "concept": "cash", "period": "2011-06-30", "value": "100", "unit": "JPY million", "line": 1,
         "label": "Cash"},
        {"id": "c2", "concept": "cash", "period": "2011-09-30", "value": "999", "unit": "JPY million", "line": 1,
         "label": "Cash"},
    ])
    result = ws.check(RULE, fmt="json")
    assert result.code == 0
    assert result.json["rules"][0]["checks"] == 0
