"""equation kind (rule pl-gross-margin: revenue == cost_of_revenue + gross_margin), rounding-aware."""

from conftest import PL_DECK, assert_clean, assert_one_finding, pl_level

RULE = "pl-gross-margin"


def write_pl(ws, revenue="23.4", cost="18.9", margin="4.5", rounding=None, with_margin=True):
    lines = list(PL_DECK)
    lines[3] = f"Total Revenues\t{revenue}\t15.8\t47.7%"
    lines[4] = f"Total Costs\t<i>80.7%</i> {cost}\t<i>80.9%</i> 12.8\t47.5%"
    lines[5] = f"Gross Margin\t<i>19.3%</i> {margin}\t<i>19.1%</i> 3.0\t48.8%"
    ws.deck(lines)
    facts = [
        pl_level("revenue", "1Q11", revenue, 4, "Total Revenues"),
        pl_level("cost_of_revenue", "1Q11", cost, 5, "Total Costs"),
    ]
    if with_margin:
        facts.append(pl_level("gross_margin", "1Q11", margin, 6, "Gross Margin"))
    ws.fixture(facts, rounding=rounding)


def test_exact_sum_passes(ws):
    # 18.9 + 4.5 = 23.4 exactly
    write_pl(ws)
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


def test_sum_within_rounding_passes(ws):
    # [23.35, 23.45] vs 18.9 + 4.6 = [23.4, 23.6]: the intervals meet
    write_pl(ws, margin="4.6")
    result = ws.check(RULE, fmt="json")
    assert_clean(result, RULE, checks=1)
    assert result.json["summary"]["passed"] == 1


def test_sum_beyond_rounding_fails_with_gap(ws):
    # [23.35, 23.45] vs 18.9 + 4.8 = [23.6, 23.8]: 150 JPY million apart
    write_pl(ws, margin="4.8")
    result = ws.check(RULE)
    assert result.code == 1, str(result)
    line = assert_one_finding(result, RULE, "deck.txt:6 '4.8'", "deck.txt:4 '23.4'",
                              "off by 150 JPY million")
    assert line.split(":")[0].endswith("deck.yaml")

    data = ws.check(RULE, fmt="json")
    assert data.code == 1
    (finding,) = data.findings
    assert finding["rule"] == RULE
    assert finding["status"] == "failed"
    assert finding["gap"] == "150"
    assert finding["expected"] == ["23600", "23800"]
    assert finding["reported"] == ["23350", "23450"]
    assert finding["unit"] == "JPY million"
    assert finding["check"] == "23.4 JPY billion == 18.9 JPY billion + 4.8 JPY billion"
    assert {fact["id"] for fact in finding["facts"]} == {
        "t.pl.revenue.1q11", "t.pl.cost_of_revenue.1q11", "t.pl.gross_margin.1q11"}


def test_just_beyond_half_rounding_fails(ws):
    # [23.25, 23.35] vs [23.4, 23.6]: 50 JPY million apart, the smallest possible miss at one decimal
    write_pl(ws, revenue="23.3", margin="4.6")
    result = ws.check(RULE, fmt="json")
    assert result.code == 1
    (finding,) = result.findings
    assert finding["gap"] == "50"
    assert finding["reported"] == ["23250", "23350"]


def test_truncate_rounding_widens_upwards(ws):
    # 23.6 vs 18.9 + 4.5: half-rounding misses by 50 million, truncation ([23.6, 23.7] vs [23.4, 23.6]) meets
    write_pl(ws, revenue="23.6", rounding="half")
    half = ws.check(RULE, fmt="json")
    assert half.code == 1
    assert half.findings[0]["gap"] == "50"

    write_pl(ws, revenue="23.6", rounding="truncate")
    truncated = ws.check(RULE, fmt="json")
    assert_clean(truncated, RULE, checks=1)


def test_missing_figure_is_skipped_not_a_finding(ws):
    write_pl(ws, with_margin=False)
    result = ws.check(RULE, fmt="json")
    assert result.code == 0
    assert result.findings == []
    stats = {rule["id"]: rule for rule in result.json["rules"]}
    assert stats[RULE]["checks"] == 0
    assert stats[RULE]["skipped"] == 1
    assert result.json["summary"]["rules_without_checks"] == [RULE]


def test_custom_inequality_rule(ws):
    # a custom equation rule with <=; margin can be at most revenue
    write_pl(ws)
    rules = ws.rules(
        "rules:\n"
        "  - id: margin-below-revenue\n"
        "    title: Gross margin cannot exceed revenue\n"
        "    rationale: costs are not negative\n"
        "    kind: equation\n"
        "    check: gross_margin <= revenue\n")
    assert_clean(ws.check("margin-below-revenue", fmt="json", rules=rules), "margin-below-revenue", checks=1)

    write_pl(ws, margin="24.0", cost="0.1")
    result = ws.check("margin-below-revenue", rules=rules)
    assert result.code == 1
    assert_one_finding(result, "margin-below-revenue", "gross_margin <= revenue fails", "deck.txt:6 '24.0'")
