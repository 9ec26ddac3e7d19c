"""change / balance_change kinds: pct_change, change, point_change, attainment, balance change on dates."""

from fractions import Fraction

from conftest import assert_clean, assert_one_finding

DECK = [
    "IIJ 1Q FY2011 results",                                                             # 1
    "\t1Q11 (11/4~11/6)\t1Q10 (10/4~10/6)\tYoY",                                         # 2
    "Total Revenues\t23.4\t15.8\t{yoy}%",                                                # 3
    "Gross Margin\t<i>19.3%</i> 4.5\t<i>19.1%</i> 3.0\t{points} points",                 # 4
    "ATM operation business: JPY244 million (up JPY{atm_yoy} million YoY, up JPY{atm_qoq} million QoQ)",  # 5
    "ATM operation business revenue 4Q10: JPY164 million, 1Q10: JPY106 million",         # 6
    "1H11 Revenues: Actual JPY47.6 billion, Target JPY48.0 billion, {attain}% against target",  # 7
    "Cash and Cash Equivalents\t13,000\t12,500\tChanges {cash_change}",                   # 8
]


def write(ws, yoy="47.7", points="+0.2", atm_yoy="138", atm_qoq="80", attain="99.2", cash_change="(500)",
          extra=()):
    values = dict(yoy=yoy, points=points, atm_yoy=atm_yoy, atm_qoq=atm_qoq, attain=attain,
                  cash_change=cash_change)
    ws.deck([line.format(**values) for line in DECK])
    bn = {"unit": "JPY billion"}
    facts = [
        {"id": "t.rev.1q11", "concept": "revenue", "period": "1Q11", "value": "23.4", "line": 3,
         "label": "Total Revenues", **bn},
        {"id": "t.rev.1q10", "concept": "revenue", "period": "1Q10", "value": "15.8", "line": 3,
         "label": "Total Revenues", **bn},
        {"id": "t.rev.1q11.yoy", "concept": "revenue", "measure": "pct_change", "compare": "YoY",
         "period": "1Q11", "value": yoy, "unit": "%", "line": 3, "text": f"{yoy}%", "label": "Total Revenues"},
        {"id": "t.gm.1q11", "concept": "gross_margin", "period": "1Q11", "value": "4.5", "line": 4,
         "label": "Gross Margin", **bn},
        {"id": "t.gm.1q10", "concept": "gross_margin", "period": "1Q10", "value": "3.0", "line": 4,
         "label": "Gross Margin", **bn},
        {"id": "t.gm.1q11.share", "concept": "gross_margin", "measure": "share", "period": "1Q11",
         "value": "19.3", "unit": "%", "line": 4, "text": "19.3%", "label": "Gross Margin"},
        {"id": "t.gm.1q10.share", "concept": "gross_margin", "measure": "share", "period": "1Q10",
         "value": "19.1", "unit": "%", "line": 4, "text": "19.1%", "label": "Gross Margin"},
        {"id": "t.gm.1q11.points", "concept": "gross_margin", "measure": "point_change", "compare": "YoY",
         "period": "1Q11", "value": points, "unit": "points", "line": 4, "text": f"{points} points",
         "label": "Gross Margin"},
        {"id": "t.atm.1q11", "segment": "atm_operation", "concept": "revenue", "period": "1Q11", "value": "244",
         "unit": "JPY million", "line": 5, "text": "JPY244 million", "label": "ATM operation business"},
        {"id": "t.atm.4q10", "segment": "atm_operation", "concept": "revenue", "period": "4Q10", "value": "164",
         "unit": "JPY million", "line": 6, "text": "JPY164 million", "label": "ATM operation business"},
        {"id": "t.atm.1q10", "segment": "atm_operation", "concept": "revenue", "period": "1Q10", "value": "106",
         "unit": "JPY million", "line": 6, "text": "JPY106 million", "label": "ATM operation business"},
        {"id": "t.atm.1q11.yoy", "segment": "atm_operation", "concept": "revenue", "measure": "change",
         "compare": "YoY", "period": "1Q11", "value": atm_yoy, "direction": "up", "unit": "JPY million",
         "line": 5, "text": f"up JPY{atm_yoy} million YoY", "label": "ATM operation business"},
        {"id": "t.atm.1q11.qoq", "segment": "atm_operation", "concept": "revenue", "measure": "change",
         "compare": "QoQ", "period": "1Q11", "value": atm_qoq, "direction": "up", "unit": "JPY million",
         "line": 5, "text": f"up JPY{atm_qoq} million QoQ", "label": "ATM operation business"},
        {"id": "t.rev.1h11", "concept": "revenue", "period": "1H11", "value": "47.6", "line": 7,
         "text": "JPY47.6 billion", "label": "Revenues", **bn},
        {"id": "t.rev.1h11.target", "concept": "revenue", "basis": "target", "period": "1H11", "value": "48.0",
         "line": 7, "text": "JPY48.0 billion", "label": "Revenues", **bn},
        {"id": "t.rev.1h11.attainment", "concept": "revenue", "measure": "attainment", "basis": "actual",
         "base_basis": "target", "period": "1H11", "value": attain, "unit": "%", "line": 7,
         "text": f"{attain}% against target", "label": "Revenues"},
        {"id": "t.cash.2011-06-30", "concept": "cash", "period": "2011-06-30", "value": "13,000",
         "unit": "JPY million", "line": 8, "label": "Cash and Cash Equivalents"},
        {"id": "t.cash.2011-03-31", "concept": "cash", "period": "2011-03-31", "value": "12,500",
         "unit": "JPY million", "line": 8, "label": "Cash and Cash Equivalents"},
        {"id": "t.cash.change", "concept": "cash", "measure": "change", "compare": "2011-03-31",
         "period": "2011-06-30", "value": cash_change, "unit": "JPY million", "line": 8,
         "text": f"Changes {cash_change}", "label": "Cash and Cash Equivalents"},
        *extra,
    ]
    ws.fixture(facts)


ALL = ("change-relative", "change-absolute", "change-points", "actual-against-target", "balance-change")


def test_all_changes_pass(ws):
    # 13,000 on 2011-06-30 vs 12,500 on 2011-03-31 with "Changes (500)" is wrong, so use +500 here
    write(ws, cash_change="+500")
    result = ws.check(*ALL, fmt="json")
    assert result.code == 0, str(result)
    assert result.findings == []
    stats = {rule["id"]: rule for rule in result.json["rules"]}
    assert {rule: stats[rule]["checks"] for rule in ALL} == {
        "change-relative": 1, "change-absolute": 2, "change-points": 1, "actual-against-target": 1,
        "balance-change": 1}
    assert all(stats[rule]["skipped"] == 0 for rule in ALL)


# ---------------------------------------------------------------------------------------------- pct_change
def test_pct_change_within_rounding_passes(ws):
    # (23.4 - 15.8) / 15.8 = 48.1%; intervals: [7.5/15.85, 7.7/15.75] = [47.32%, 48.89%]: 47.7% is inside
    write(ws, cash_change="+500")
    assert_clean(ws.check("change-relative", fmt="json"), "change-relative", checks=1)


def test_pct_change_beyond_rounding_fails(ws):
    write(ws, yoy="40.0", cash_change="+500")
    result = ws.check("change-relative")
    assert result.code == 1
    assert_one_finding(result, "change-relative", "pct_change of revenue fails", "[39.95%, 40.05%] reported",
                       "deck.txt:3 '40.0%'", "deck.txt:3 '23.4'", "deck.txt:3 '15.8'")
    (finding,) = ws.check("change-relative", fmt="json").findings
    assert finding["reported"] == ["0.3995", "0.4005"]
    low = (Fraction(23350) - 15850) / 15850
    assert abs(Fraction(finding["expected"][0]) - low) <= Fraction(1, 2 * 10**6)
    assert abs(Fraction(finding["gap"]) - (low - Fraction("0.4005"))) <= Fraction(1, 10**6)
    assert finding["facts"][0]["id"] == "t.rev.1q11.yoy"


def test_pct_change_down_word_gives_sign(ws):
    # "down 37.5%": 10.0 vs 16.0 -> -37.5%
    ws.deck(["Revenues 1Q11 JPY10.0 billion, down 37.5% YoY; 1Q10 JPY16.0 billion"])
    common = {"concept": "revenue", "line": 1, "label": "Revenues"}
    ws.fixture([
        {"id": "a", "period": "1Q11", "value": "10.0", "unit": "JPY billion", **common},
        {"id": "b", "period": "1Q10", "value": "16.0", "unit": "JPY billion", **common},
        {"id": "c", "measure": "pct_change", "compare": "YoY", "period": "1Q11", "value": "37.5",
         "direction": "down", "unit": "%", "text": "down 37.5%", **common},
    ])
    assert_clean(ws.check("change-relative", fmt="json"), "change-relative", checks=1)
    ws.fixture([
        {"id": "a", "period": "1Q11", "value": "10.0", "unit": "JPY billion", **common},
        {"id": "b", "period": "1Q10", "value": "16.0", "unit": "JPY billion", **common},
        {"id": "c", "measure": "pct_change", "compare": "YoY", "period": "1Q11", "value": "37.5",
         "direction": "up", "unit": "%", "text": "up 37.5%", **common},
    ])  # a direction that contradicts the text's word is a load error (test_trust_text.py): here both say up
    result = ws.check("change-relative")
    assert result.code == 1
    assert_one_finding(result, "change-relative", "[37.45%, 37.55%] reported", "deck.txt:1 'up 37.5%'")


def test_yoy_is_only_compared_with_the_year_earlier_figure(ws):
    # a YoY change whose year-earlier level is not printed is skipped, even though 4Q10 is printed
    ws.deck(["ATM revenue 1Q11 JPY244 million (up JPY80 million YoY); 4Q10 JPY164 million"])
    common = {"segment": "atm_operation", "concept": "revenue", "unit": "JPY million", "line": 1,
              "label": "ATM revenue"}
    ws.fixture([
        {"id": "a", "period": "1Q11", "value": "244", "text": "JPY244 million", **common},
        {"id": "b", "period": "4Q10", "value": "164", "text": "JPY164 million", **common},
        {"id": "c", "measure": "change", "compare": "YoY", "period": "1Q11", "value": "80", "direction": "up",
         "text": "up JPY80 million YoY", **common},
    ])
    result = ws.check("change-absolute", fmt="json")
    assert result.code == 0
    assert result.findings == []
    (stats,) = result.json["rules"]
    assert (stats["checks"], stats["skipped"]) == (0, 1)


# -------------------------------------------------------------------------------------------------- change
def test_absolute_change_yoy_and_qoq_pass(ws):
    write(ws, cash_change="+500")
    assert_clean(ws.check("change-absolute", fmt="json"), "change-absolute", checks=2)


def test_absolute_change_qoq_fails(ws):
    # 244 - 164 = 80 (each +-0.5): [79, 81]; "up JPY90 million QoQ" is 9 million off
    write(ws, atm_qoq="90", cash_change="+500")
    result = ws.check("change-absolute")
    assert result.code == 1
    assert_one_finding(result, "change-absolute", "change of revenue fails", "off by 8.5 JPY million",
                       "deck.txt:5 'up JPY90 million QoQ'", "deck.txt:5 'JPY244 million'",
                       "deck.txt:6 'JPY164 million'")
    (finding,) = ws.check("change-absolute", fmt="json").findings
    assert (finding["expected"], finding["reported"], finding["gap"]) == (["79", "81"], ["89.5", "90.5"], "8.5")
    assert finding["facts"][0]["id"] == "t.atm.1q11.qoq"


# -------------------------------------------------------------------------------------------- point_change
def test_point_change_passes(ws):
    # share(1Q11) = 19.3% (meets 4.5/23.4), share(1Q10) = 19.1%: +0.2 points ([0.10, 0.30] computed)
    write(ws, cash_change="+500")
    assert_clean(ws.check("change-points", fmt="json"), "change-points", checks=1)


def test_point_change_fails(ws):
    write(ws, points="+1.0", cash_change="+500")
    result = ws.check("change-points")
    assert result.code == 1
    assert_one_finding(result, "change-points", "point_change of the gross_margin ratio", "[0.95%, 1.05%] reported",
                       "deck.txt:4 '+1.0 points'")
    (finding,) = ws.check("change-points", fmt="json").findings
    assert finding["expected"] == ["0.001", "0.003"]
    assert finding["gap"] == "0.0065"


# ---------------------------------------------------------------------------------------------- attainment
def test_attainment_passes(ws):
    # 47.6 / 48.0 = 99.17%; [47.55/48.05, 47.65/47.95] = [98.96%, 99.37%]
    write(ws, cash_change="+500")
    assert_clean(ws.check("actual-against-target", fmt="json"), "actual-against-target", checks=1)


def test_attainment_fails(ws):
    write(ws, attain="95.0", cash_change="+500")
    result = ws.check("actual-against-target")
    assert result.code == 1
    assert_one_finding(result, "actual-against-target", "attainment of revenue fails", "[94.95%, 95.05%] reported",
                       "deck.txt:7 '95.0% against target'", "deck.txt:7 'JPY47.6 billion'",
                       "deck.txt:7 'JPY48.0 billion'")
    (finding,) = ws.check("actual-against-target", fmt="json").findings
    assert Fraction(finding["expected"][0]) == round(Fraction(47550, 48050), 6)


# ------------------------------------------------------------------------------------------ balance change
def test_balance_change_passes(ws):
    write(ws, cash_change="+500")
    assert_clean(ws.check("balance-change", fmt="json"), "balance-change", checks=1)


def test_balance_change_wrong_sign_fails(ws):
    # 13,000 - 12,500 = +500, printed (500)
    write(ws, cash_change="(500)")
    result = ws.check("balance-change")
    assert result.code == 1
    assert_one_finding(result, "balance-change", "change of cash fails", "[-500.5, -499.5] JPY million reported",
                       "[499, 501] JPY million computed", "deck.txt:8 'Changes (500)'")
    (finding,) = ws.check("balance-change", fmt="json").findings
    assert finding["gap"] == "998.5"
    assert finding["facts"][0]["value"] == "(500)"


def test_balance_change_is_not_checked_by_span_rule(ws):
    # change-absolute has periods: span, so a wrong balance change is not its business
    write(ws, cash_change="(500)")
    result = ws.check("change-absolute", fmt="json")
    assert result.code == 0
    assert result.findings == []
    assert result.json["rules"][0]["checks"] == 2


def write_atms(ws):
    ws.deck(["320 ATMs as of Aug 12, 2011 (up 20 YoY); 300 ATMs as of Aug 12, 2010"])
    common = {"segment": "atm_operation", "concept": "atms", "unit": "count", "line": 1, "label": "ATMs"}
    ws.fixture([
        {"id": "t.atms.2011", "period": "2011-08-12", "value": "320", "text": "320 ATMs", **common},
        {"id": "t.atms.2010", "period": "2010-08-12", "value": "300", "text": "300 ATMs", **common},
        {"id": "t.atms.yoy", "measure": "change", "compare": "YoY", "period": "2011-08-12", "value": "20",
         "direction": "up", "text": "up 20 YoY", **common},
    ])


def test_balance_change_between_month_end_dates_with_qoq(ws):
    ws.deck(["Cash 13,000 (2011-06-30), 12,500 (2011-03-31), up 500 QoQ"])
    common = {"concept": "cash", "unit": "JPY million", "line": 1, "label": "Cash"}
    ws.fixture([
        {"id": "a", "period": "2011-06-30", "value": "13,000", **common},
        {"id": "b", "period": "2011-03-31", "value": "12,500", **common},
        {"id": "c", "measure": "change", "compare": "QoQ", "period": "2011-06-30", "value": "500",
         "direction": "up", "text": "up 500 QoQ", **common},
    ])
    assert_clean(ws.check("balance-change", fmt="json"), "balance-change", checks=1)


def test_yoy_change_of_a_count_as_of_a_mid_month_date(ws):
    write_atms(ws)
    result = ws.check("balance-change", fmt="json")
    assert result.code == 0
    (stats,) = result.json["rules"]
    assert (stats["checks"], stats["skipped"]) == (1, 0)
