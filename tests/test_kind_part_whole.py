"""part_whole kind: exhaustive (lines-of-business) and non-exhaustive (sga-components) lists of parts."""

from conftest import assert_clean, assert_one_finding

EXHAUSTIVE = "lines-of-business"
BOUND = "sga-components"


def write(ws, total="23,409", network="14,500", sm="1,200", ga="2,100", sga="3,600", with_atm=True):
    ws.deck([
        "Revenues by line of business (JPY million)\t1Q11 (11/4~11/6)",  # 1
        f"Network services\t{network}",                                   # 2
        "Systems integration\t8,300",                                     # 3
        "Equipment sales\t365",                                           # 4
        "ATM operation business\t244",                                    # 5
        f"Total Revenues\t{total}",                                       # 6
        f"SG&A/R&D\t{sga}",                                               # 7
        f"Sales and Marketing Expenses\t{sm}",                            # 8
        f"General and Administrative Expenses\t{ga}",                     # 9
    ])
    common = {"concept": "revenue", "period": "1Q11", "unit": "JPY million", "header": 1}
    facts = [
        {"id": "t.rev.network", "segment": "network_services", "value": network, "line": 2,
         "label": "Network services", **common},
        {"id": "t.rev.si", "segment": "systems_integration", "value": "8,300", "line": 3,
         "label": "Systems integration", **common},
        {"id": "t.rev.equipment", "segment": "equipment_sales", "value": "365", "line": 4,
         "label": "Equipment sales", **common},
        {"id": "t.rev.total", "value": total, "line": 6, "label": "Total Revenues", **common},
        {"id": "t.sga", "concept": "sga_rd", "period": "1Q11", "unit": "JPY million", "value": sga, "line": 7,
         "label": "SG&A/R&D"},
        {"id": "t.sm", "concept": "sales_marketing_expenses", "period": "1Q11", "unit": "JPY million",
         "value": sm, "line": 8, "label": "Sales and Marketing Expenses"},
        {"id": "t.ga", "concept": "general_admin_expenses", "period": "1Q11", "unit": "JPY million",
         "value": ga, "line": 9, "label": "General and Administrative Expenses"},
    ]
    if with_atm:
        facts.insert(3, {"id": "t.rev.atm", "segment": "atm_operation", "value": "244", "line": 5,
                         "label": "ATM operation business", **common})
    ws.fixture(facts)


# ------------------------------------------------------------------------------------------- exhaustive
def test_parts_sum_to_total(ws):
    # 14,500 + 8,300 + 365 + 244 = 23,409
    write(ws)
    assert_clean(ws.check(EXHAUSTIVE, fmt="json"), EXHAUSTIVE, checks=1)


def test_parts_within_rounding_pass(ws):
    # parts [23,407, 23,411] (each +-0.5) meet 23,411
    write(ws, total="23,411")
    assert_clean(ws.check(EXHAUSTIVE, fmt="json"), EXHAUSTIVE, checks=1)


def test_parts_not_summing_fail(ws):
    write(ws, total="23,500")
    result = ws.check(EXHAUSTIVE)
    assert result.code == 1
    assert_one_finding(result, EXHAUSTIVE, "the parts' sum fails", "off by 88.5 JPY million",
                       "deck.txt:6 '23,500'", "deck.txt:2 '14,500'", "deck.txt:5 '244'")
    (finding,) = ws.check(EXHAUSTIVE, fmt="json").findings
    assert finding["expected"] == ["23407", "23411"]
    assert finding["reported"] == ["23499.5", "23500.5"]
    assert finding["gap"] == "88.5"
    assert finding["check"] == ("23,500 JPY million == 14,500 JPY million + 8,300 JPY million + "
                                "365 JPY million + 244 JPY million")
    assert [fact["id"] for fact in finding["facts"]] == [
        "t.rev.total", "t.rev.network", "t.rev.si", "t.rev.equipment", "t.rev.atm"]


def test_exhaustive_with_missing_part_is_skipped(ws):
    # without the ATM line the total cannot be checked: skipped, not a finding
    write(ws, total="99,999", with_atm=False)
    result = ws.check(EXHAUSTIVE, fmt="json")
    assert result.code == 0
    assert result.findings == []
    (stats,) = result.json["rules"]
    assert (stats["checks"], stats["skipped"]) == (0, 1)


# --------------------------------------------------------------------------------------- non-exhaustive
def test_listed_parts_below_total_pass(ws):
    # 1,200 + 2,100 = 3,300 <= 3,600: the rest is R&D
    write(ws)
    assert_clean(ws.check(BOUND, fmt="json"), BOUND, checks=1)


def test_listed_parts_equal_to_total_pass(ws):
    write(ws, sm="1,500")
    assert_clean(ws.check(BOUND, fmt="json"), BOUND, checks=1)


def test_listed_parts_above_total_fail(ws):
    # 1,600 + 2,100 = [3,699, 3,701] cannot be within 3,600 ([3,599.5, 3,600.5])
    write(ws, sm="1,600")
    result = ws.check(BOUND)
    assert result.code == 1
    assert_one_finding(result, BOUND, "the total bounds its listed parts fails", "off by 98.5 JPY million",
                       "deck.txt:7 '3,600'", "deck.txt:8 '1,600'", "deck.txt:9 '2,100'")
    (finding,) = ws.check(BOUND, fmt="json").findings
    assert finding["check"] == "3,600 JPY million >= 1,600 JPY million + 2,100 JPY million"
    assert finding["gap"] == "98.5"


def test_non_exhaustive_with_negative_figure_is_skipped(ws):
    write(ws, sm="(1,600)")
    result = ws.check(BOUND, fmt="json")
    assert result.code == 0
    assert result.findings == []
    (stats,) = result.json["rules"]
    assert (stats["checks"], stats["skipped"]) == (0, 1)
