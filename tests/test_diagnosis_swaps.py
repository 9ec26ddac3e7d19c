"""Two-fact and majority causes (auditor.diagnosis.pairs, Diagnoser.majority) and points written as %,
each on the small 1Q11 P&L deck of test_diagnosis (IIJ's notation: JPY million, 1Q11 / 1Q10 / YoY columns)
with one planted error: a cause is named when it is the one explanation, never when the data is right.
"""

from __future__ import annotations

from conftest import RULES
from test_diagnosis import TABLE, table_facts

from auditor import engine
from auditor.diagnosis import diagnose
from auditor.loader import load_dataset
from auditor.ruleset import load_rules


def deck_lines(edits: dict[int, tuple[str, str]], extra: list[str] = ()) -> list[str]:
    """The deck with ``{line: (old cell text, new cell text)}`` replaced, extra lines after line 8."""
    lines = [line.format(rev="23,362", sentence="") for line in TABLE][:8]
    for number, (old, new) in edits.items():
        assert old in lines[number - 1]
        lines[number - 1] = lines[number - 1].replace(old, new, 1)
    return lines + list(extra)


def set_values(facts: list[dict], values: dict[str, str]) -> list[dict]:
    for fact in facts:
        if fact["id"] in values:
            fact["value"] = values[fact["id"]]
    return facts


def causes_of(ws, lines, facts) -> list[tuple]:
    """(rule, cause) of every finding, with the findings' facts."""
    ws.deck(lines)
    ws.fixture(facts)
    ruleset = load_rules(str(RULES))
    dataset = load_dataset([str(ws.fx)], ruleset.vocabulary)
    outcome = engine.evaluate(ruleset, dataset)
    causes = diagnose(outcome, outcome.index)
    return [(check.rule_id, causes[id(check)]) for check in outcome.findings]


def named(found: list[tuple]) -> set[tuple]:
    return {(cause["kind"], cause["fact"], cause.get("other_fact")) for _, cause in found}


def test_the_clean_deck_names_no_exchange(ws):
    assert causes_of(ws, deck_lines({}), table_facts("23,362")) == []


def test_two_rows_exchanging_labels_is_a_label_swap(ws):
    # SG&A/R&D and Operating Income of 1Q11 exchanged: GM - SG&A = OI still holds, both YoYs fail
    lines = deck_lines({6: ("3,587", "915"), 7: ("\t915\t", "\t3,587\t")})
    facts = set_values(table_facts("23,362"), {"t.sga_rd.1q11": "915", "t.operating_income.1q11": "3,587"})
    found = causes_of(ws, lines, facts)
    assert found and named(found) == {("label_swap", "t.operating_income.1q11", "t.sga_rd.1q11")}
    cause = found[0][1]
    assert cause["suggested"] == "915" and cause["other_suggested"] == "3587"
    assert "two rows of one column exchanged their labels" in cause["explanation"]


def test_two_period_cells_of_a_row_exchanged_is_a_period_swap(ws):
    lines = deck_lines({6: ("3,587\t2,730", "2,730\t3,587")})
    facts = set_values(table_facts("23,362"), {"t.sga_rd.1q11": "2,730", "t.sga_rd.1q10": "3,587"})
    found = causes_of(ws, lines, facts)
    assert found and named(found) == {("period_swap", "t.sga_rd.1q10", "t.sga_rd.1q11")}


FOURTH = "4Q10: Total Costs JPY{cost} million, Gross Margin JPY{gm} million, SG&A/R&D JPY3,000 million"


def fourth_quarter(cost: str, gm: str) -> tuple[list[str], list[dict]]:
    line = FOURTH.format(cost=cost, gm=gm)
    facts = [{"id": f"t.{concept}.4q10", "concept": concept, "period": "4Q10", "value": value, "unit": "JPY million",
              "line": 9, "text": f"JPY{value} million", "label": label}
             for concept, value, label in (("cost_of_revenue", cost, "Total Costs"), ("gross_margin", gm, "Gross Margin"),
                                           ("sga_rd", "3,000", "SG&A/R&D"))]
    facts.append({"id": "t.operating_income.4q10", "concept": "operating_income", "period": "4Q10", "value": "2,000",
                  "unit": "JPY million", "line": 10, "text": "JPY2,000 million", "label": "Operating Income"})
    return deck_lines({}, [line, "4Q10 Operating Income JPY2,000 million"]), table_facts("23,362") + facts


def test_true_figures_across_a_line_name_no_shift(ws):
    assert causes_of(ws, *fourth_quarter("17,000", "5,000")) == []


def test_two_neighbouring_cells_of_a_line_exchanged_is_an_adjacent_shift(ws):
    found = causes_of(ws, *fourth_quarter("5,000", "17,000"))
    assert found and named(found) == {("adjacent_shift", "t.cost_of_revenue.4q10", "t.gross_margin.4q10")}


ROUTES = """rules:
  - id: agreement
    title: The same figure agrees wherever it is printed
    severity: error
    rationale: repeats of one figure
    kind: agreement
{rules}
"""
RULE = """  - id: {id}
    title: route {id}
    severity: error
    rationale: a route from printed figures to the operating income through a figure no fact prints
    kind: equation
    check: {check}
"""
CHECKS = {  # two routes give 2,000 (through gross margin, through total costs), one gives 2,090
    "via-gm-1": "gross_margin - sga_rd == operating_income", "via-gm-2": "revenue - cost_of_revenue == gross_margin",
    "via-costs-1": "revenue - operating_costs_expenses == operating_income",
    "via-costs-2": "operating_costs_expenses == cost_of_revenue + sga_rd",
    "via-tax-1": "income_before_tax == operating_income - impairment_losses",
    "via-tax-2": "net_income == income_before_tax - income_tax"}


def repeated_income(ws, second: str) -> list[tuple]:
    """4Q10 operating income printed twice. No check reads the statements but agreement, and the
    derived-figure network disagrees with itself, so each statement alone fits; the routes vote."""
    rules = ws.rules(ROUTES.format(rules="".join(RULE.format(id=i, check=c) for i, c in CHECKS.items())))
    printed = [("revenue", "22,000"), ("cost_of_revenue", "17,000"), ("sga_rd", "3,000"), ("net_income", "1,250"),
               ("income_tax", "800"), ("impairment_losses", "40"), ("operating_income", "2,000"),
               ("operating_income", second)]
    lines = [f"4Q10 (11/1~11/3) {concept} JPY{value} million" for concept, value in printed]
    facts = [{"id": f"t.{concept}.{n}", "concept": concept, "period": "4Q10", "value": value, "unit": "JPY million",
              "line": n + 1, "text": f"JPY{value} million", "label": concept} for n, (concept, value) in enumerate(printed)]
    ws.deck(lines)
    ws.fixture(facts)
    ruleset = load_rules(str(rules))
    dataset = load_dataset([str(ws.fx)], ruleset.vocabulary)
    outcome = engine.evaluate(ruleset, dataset)
    causes = diagnose(outcome, outcome.index)
    return [(check.rule_id, causes[id(check)]) for check in outcome.findings]


def test_a_statement_outvoted_by_independent_checks_is_named(ws):
    found = repeated_income(ws, "2,090")
    assert [rule for rule, _ in found] == ["agreement"]
    cause = found[0][1]
    assert (cause["kind"], cause["fact"], cause["suggested"]) == ("digit", "t.operating_income.7", "2000"), cause
    assert "the other statements agree with 2 independent checks of the figure" in cause["explanation"]


def test_repeats_that_agree_name_no_majority(ws):
    assert repeated_income(ws, "2,000") == []


def ratio_change(printed: str) -> tuple[list[str], list[dict]]:
    """The gross margin ratio went from 18.9% (1Q10) to 19.3% (1Q11): +0.3 points, +1.7% relative."""
    lines = deck_lines({}, [f"Gross margin ratio 19.3% ({printed} YoY)"])
    facts = table_facts("23,362") + [
        {"id": "t.gm_ratio.1q11.yoy", "concept": "gross_margin", "of": "revenue", "measure": "pct_change",
         "compare": "YoY", "period": "1Q11", "value": printed.rstrip("%"), "unit": "%", "line": 9, "text": printed,
         "label": "Gross margin ratio"}]
    return lines, facts


def test_points_written_as_percent_is_a_warning_with_its_cause(ws):
    lines, facts = ratio_change("+0.3%")
    found = causes_of(ws, lines, facts)
    assert [(rule, cause["kind"], cause["fact"], cause["suggested"]) for rule, cause in found] == [
        ("change-relative", "points_as_percent", "t.gm_ratio.1q11.yoy", "1.7")]
    result = ws.check(fmt="json")
    assert result.code == 0, result  # a warning does not fail the default gate
    (finding,) = result.findings
    assert (finding["rule"], finding["severity"]) == ("change-relative", "warning")
    assert "it is the change in points, written as a percentage" in finding["message"]


def test_a_true_relative_change_of_a_ratio_is_no_finding(ws):
    assert causes_of(ws, *ratio_change("+1.7%")) == []


def test_a_wrong_relative_change_of_a_ratio_stays_an_error(ws):
    lines, facts = ratio_change("+5.0%")
    found = causes_of(ws, lines, facts)
    assert [cause["kind"] for _, cause in found] != ["points_as_percent"]
    result = ws.check(fmt="json")
    assert result.code == 1 and {f["severity"] for f in result.findings} == {"error"}
