"""agreement kind: the same figure printed in several places agrees, across units and documents."""

from fractions import Fraction

from conftest import assert_clean, assert_one_finding

RULE = "agreement"
G = {"entity": "IIJ-Global", "concept": "operating_income", "period": "1Q11"}


def write(ws, *statements):
    """statements: (fact id, value, unit, text) printed on successive lines."""
    ws.deck([f"IIJ-Global operating income 1Q11: {text}" for _, _, _, text in statements])
    ws.fixture([{"id": fact_id, "value": value, "unit": unit, "line": number, "text": text,
                 "label": "IIJ-Global operating income", **G}
                for number, (fact_id, value, unit, text) in enumerate(statements, 1)])


def test_billion_agrees_with_million(ws):
    # 6.5 JPY billion = [6,450, 6,550] million contains 6,464 ([6,463.5, 6,464.5])
    write(ws, ("t.a", "6.5", "JPY billion", "JPY6.5 billion"), ("t.b", "6,464", "JPY million", "JPY6,464 million"))
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


def test_billion_rounding_edge(ws):
    # 6.4 JPY billion = [6,350, 6,450] does not contain 6,464: off by 13.5 million
    write(ws, ("t.a", "6.4", "JPY billion", "JPY6.4 billion"), ("t.b", "6,464", "JPY million", "JPY6,464 million"))
    result = ws.check(RULE, fmt="json")
    assert result.code == 1
    (finding,) = result.findings
    assert finding["gap"] == "13.5"


def test_two_disagreeing_statements_give_one_finding_naming_both(ws):
    write(ws, ("t.rev", "6,464", "JPY million", "JPY6,464 million"), ("t.oi", "436", "JPY million", "JPY436 million"))
    result = ws.check(RULE)
    assert result.code == 1
    # the message names both statements (neither is blamed) and the gap
    assert_one_finding(result, RULE, "IIJ-Global operating_income 1Q11 (2011-04..2011-06)", "6,464 JPY million",
                       "436 JPY million", "off by 6,027 JPY million", "deck.txt:1 'JPY6,464 million'",
                       "deck.txt:2 'JPY436 million'")
    (finding,) = ws.check(RULE, fmt="json").findings
    assert {fact["id"] for fact in finding["facts"]} == {"t.rev", "t.oi"}
    assert finding["gap"] == "6027"
    assert sorted([finding["expected"], finding["reported"]]) == [["435.5", "436.5"], ["6463.5", "6464.5"]]


def test_majority_is_the_reference(ws):
    # 0.4 billion and 436 million agree; 6,464 million is the outlier and the one finding
    write(ws, ("t.rev", "6,464", "JPY million", "JPY6,464 million"),
          ("t.oi.bn", "0.4", "JPY billion", "operating income of JPY0.4 billion"),
          ("t.oi.m", "436", "JPY million", "JPY436 million"))
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "[6,463.5, 6,464.5] JPY million reported",
                       "[435.5, 436.5] JPY million computed", "deck.txt:1 'JPY6,464 million'",
                       "deck.txt:2 'operating income of JPY0.4 billion'", "deck.txt:3 'JPY436 million'")
    (finding,) = ws.check(RULE, fmt="json").findings
    assert finding["facts"][0]["id"] == "t.rev"
    assert finding["expected"] == ["435.5", "436.5"]
    assert finding["reported"] == ["6463.5", "6464.5"]
    assert finding["check"] == ("6,464 JPY million (line 1) == 0.4 JPY billion (line 2) == "
                                "436 JPY million (line 3)")


def test_agreement_across_documents(ws):
    ws.deck(["Revenues JPY23.4 billion"], name="one.txt")
    ws.deck(["Total Revenues 23,362"], name="two.txt")
    common = {"concept": "revenue", "period": "1Q11", "line": 1}
    ws.fixture([{"id": "one.rev", "value": "23.4", "unit": "JPY billion", "text": "JPY23.4 billion",
                 "label": "Revenues", **common}], name="one.yaml", document="decks/one.txt")
    ws.fixture([{"id": "two.rev", "value": "23,362", "unit": "JPY million", "label": "Total Revenues", **common}],
               name="two.yaml", document="decks/two.txt")
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)

    ws.fixture([{"id": "two.rev", "value": "23,262", "unit": "JPY million", "label": "Total Revenues", **common}],
               name="two.yaml", document="decks/two.txt")
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "off by 87.5 JPY million", "one.txt:1 'JPY23.4 billion'", "two.txt:1 '23,262'")


def test_different_periods_are_different_figures(ws):
    ws.deck(["IIJ-Global operating income 1Q11: JPY436 million, 4Q10: JPY515 million"])
    ws.fixture([
        {"id": "a", "value": "436", "unit": "JPY million", "line": 1, "text": "JPY436 million",
         "label": "operating income", **G},
        {"id": "b", "value": "515", "unit": "JPY million", "line": 1, "text": "JPY515 million",
         "label": "operating income", **{**G, "period": "4Q10"}},
    ])
    result = ws.check(RULE, fmt="json")
    assert result.code == 0
    assert result.findings == []
    assert result.json["rules"][0]["checks"] == 0


def write_eps(ws, first, second):
    ws.deck([f"Net Income per Share JPY{first}", f"Net Income per Share JPY{second}"])
    common = {"concept": "eps", "period": "1Q11", "unit": "JPY", "label": "Net Income per Share"}
    ws.fixture([{"id": "t.eps.a", "value": first, "line": 1, "text": f"JPY{first}", **common},
                {"id": "t.eps.b", "value": second, "line": 2, "text": f"JPY{second}", **common}])


def test_per_share_amounts_agree(ws):
    write_eps(ws, "1,234.56", "1,234.56")
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


def test_per_share_amounts_disagree(ws):
    # per-share amounts (JPY) are exact: one yen apart is a finding
    write_eps(ws, "1,234", "1,235")
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "1,234 JPY", "1,235 JPY", "deck.txt:1 'JPY1,234'", "deck.txt:2 'JPY1,235'")


def test_per_share_gap_is_reported(ws):
    write_eps(ws, "12.34", "12.35")
    result = ws.check(RULE)
    assert result.code == 1
    (line,) = result.finding_lines(RULE)
    assert "off by 0 JPY million" not in line
    (finding,) = ws.check(RULE, fmt="json").findings
    assert Fraction(finding["gap"]) > 0
    assert finding["expected"] != finding["reported"]
