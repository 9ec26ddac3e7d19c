"""Issue 14: statements of change implying the same unprinted base are checked against each other."""

from conftest import assert_clean, dump_yaml

RULE = "implied-base"


def doc(ws, name, facts, standard="IFRS", date="2020-05-12"):
    ws.deck([f"PBT\t{fact['value']}" for fact in facts], name=f"{name}.txt")
    data = {"document": f"decks/{name}.txt", "kind": "results_release", "date": date, "standard": standard,
            "facts": [{"line": index, "concept": "income_before_tax", "unit": "JPY million", "label": "PBT",
                       **fact} for index, fact in enumerate(facts, 1)]}
    (ws.fx / f"{name}.yaml").write_text(dump_yaml(data), encoding="utf-8")


def level(fact_id, period, value):
    return {"id": fact_id, "period": period, "value": value}


def yoy(fact_id, period, value, direction="up"):
    return {"id": fact_id, "period": period, "value": value, "measure": "pct_change", "compare": "YoY",
            "unit": "%", "direction": direction}


def diff(fact_id, period, value, direction="up"):
    return {"id": fact_id, "period": period, "value": value, "measure": "change", "compare": "YoY",
            "direction": direction}


def test_two_documents_implying_one_base_agree(ws):
    # 5,600 / 1.12 = 5,000 and 5,600 - 600 = 5,000: FY2018 is printed nowhere
    doc(ws, "a", [level("a.fy19", "FY2019", "5,600"), yoy("a.fy19.yoy", "FY2019", "12.0")])
    doc(ws, "b", [level("b.fy19", "FY2019", "5,600"), diff("b.fy19.diff", "FY2019", "600")], date="2020-08-06")
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)
    doc(ws, "b", [level("b.fy19", "FY2019", "5,600"), diff("b.fy19.diff", "FY2019", "500")], date="2020-08-06")
    result = ws.check(RULE, fmt="json")
    assert result.code == 1
    assert {fact["id"] for fact in result.findings[0]["facts"]} == {"a.fy19", "a.fy19.yoy", "b.fy19", "b.fy19.diff"}


def test_an_absolute_and_a_relative_change_imply_one_base(ws):
    doc(ws, "a", [level("a.fy19", "FY2019", "5,600"), yoy("a.fy19.yoy", "FY2019", "12.0"),
                  diff("a.fy19.diff", "FY2019", "600")])
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


def test_a_planted_error_in_one_change_is_found(ws):
    doc(ws, "a", [level("a.fy19", "FY2019", "5,600"), yoy("a.fy19.yoy", "FY2019", "12.0"),
                  diff("a.fy19.diff", "FY2019", "700")])
    result = ws.check(RULE, fmt="json")
    assert result.code == 1
    (finding,) = result.findings
    assert {fact["id"] for fact in finding["facts"]} == {"a.fy19", "a.fy19.yoy", "a.fy19.diff"}
    assert "unprinted IIJ income_before_tax FY2018" in finding["message"]
    # the chain of each statement: the base as the current figure less the change
    assert "FY2018 = 5,600 JPY million / (1 + 12.0%) = [4,997.3226, 5,002.6798] JPY million" in finding["message"]
    assert "FY2018 = 5,600 JPY million - 700 JPY million = [4,899, 4,901] JPY million" in finding["message"]


def test_a_decrease_and_a_nine_month_base_show_their_chain(ws):
    doc(ws, "a", [level("a.9m19", "1Q-3Q19", "4,400"), yoy("a.9m19.yoy", "1Q-3Q19", "12.0", "down"),
                  diff("a.9m19.diff", "1Q-3Q19", "500", "down")])
    result = ws.check(RULE, fmt="json")
    assert result.code == 1
    (finding,) = result.findings
    assert "1Q-3Q18 = 4,400 JPY million / (1 + (-12.0%)) = [4,996.5928, 5,003.411] JPY million" in finding["message"]
    assert "1Q-3Q18 = 4,400 JPY million - (-500 JPY million) = [4,899, 4,901] JPY million" in finding["message"]
    text = ws.check(RULE)
    assert "1Q-3Q18 = 4,400 JPY million - (-500 JPY million)" in text.out


def test_a_printed_base_is_left_to_the_change_rules(ws):
    doc(ws, "a", [level("a.fy19", "FY2019", "5,600"), level("a.fy18", "FY2018", "5,000"),
                  yoy("a.fy19.yoy", "FY2019", "12.0"), diff("a.fy19.diff", "FY2019", "700")])
    result = ws.check(RULE, fmt="json")
    assert {rule["id"]: rule for rule in result.json["rules"]}[RULE]["checks"] == 0
    assert ws.check("change-absolute").code == 1


def test_bases_under_two_standards_are_not_compared(ws):
    doc(ws, "a", [level("a.fy19", "FY2019", "5,600"), yoy("a.fy19.yoy", "FY2019", "12.0")])
    doc(ws, "b", [level("b.fy19", "FY2019", "5,600"), diff("b.fy19.diff", "FY2019", "700")], standard="US GAAP")
    result = ws.check(RULE, fmt="json")
    assert {rule["id"]: rule for rule in result.json["rules"]}[RULE]["checks"] == 0
