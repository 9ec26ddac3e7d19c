"""Kind tiled_equation (rule pl-net-income-bridge-quarters, issue 15 class 3): the net income bridge of a
half whose tax, equity-method and NCI lines are printed only per quarter, the quarters summed within and
across documents (1Q11 from the 2011 deck, 2Q11 and 1H11 from the 2012 one)."""

from __future__ import annotations

from auditor.loader import display_path

RULE = "pl-net-income-bridge-quarters"
ROWS = (("income_tax", "Income Tax Expenses"), ("equity_method_income", "Equity in net income of investees"),
        ("nci_loss", "Net loss attributable to noncontrolling interests"))


def quarter_facts(prefix: str, period: str, values: tuple[str, str, str]) -> list[dict]:
    return [{"id": f"{prefix}.{concept}.{period.lower()}", "concept": concept, "period": period, "value": value,
             "unit": "JPY million", "line": line, "label": label}
            for line, ((concept, label), value) in enumerate(zip(ROWS, values), 2)]


def write(ws, net_income="1,370", second=("631", "37", "18")):
    """The 2011 deck prints 1Q11's rows; the 2012 deck 2Q11's rows and 1H11's income before tax and net
    income: 2,300 - (425 + 631) + (40 + 37) + (31 + 18) = 1,370."""
    ws.deck(["1Q11", "Income Tax Expenses 425", "Equity in net income of investees 40",
             "Net loss attributable to noncontrolling interests 31"], name="a.txt")
    ws.fixture(quarter_facts("a", "1Q11", ("425", "40", "31")), name="a.yaml", document="decks/a.txt")
    ws.deck(["2Q11", *(f"{label} {value}" for (_, label), value in zip(ROWS, second)),
             "1H11 Income before Income Tax Expense 2,300", f"1H11 Net Income attributable to IIJ {net_income}"],
            name="b.txt")
    half = [{"id": "b.income_before_tax.1h11", "concept": "income_before_tax", "period": "1H11", "value": "2,300",
             "unit": "JPY million", "line": 5, "label": "Income before Income Tax Expense"},
            {"id": "b.net_income.1h11", "concept": "net_income", "period": "1H11", "value": net_income,
             "unit": "JPY million", "line": 6, "label": "Net Income attributable to IIJ"}]
    return ws.fixture(half + quarter_facts("b", "2Q11", second), name="b.yaml", document="decks/b.txt")


def stats(result) -> dict:
    return {item["id"]: item for item in result.json["rules"]}[RULE]


def test_the_half_bridge_holds_with_quarters_of_two_documents(ws):
    write(ws)
    result = ws.check(RULE, fmt="json")
    assert result.code == 0, str(result)
    assert (stats(result)["passed"], stats(result)["failed"]) == (1, 0)


def test_a_wrong_net_income_is_a_finding_at_its_fixture_line_with_the_quarters(ws):
    fixture = write(ws, net_income="1,470")
    result = ws.check(RULE, fmt="json")
    assert result.code == 1
    (finding,) = result.findings
    assert finding["facts"][0]["id"] == "b.net_income.1h11"
    assert {fact["document"] for fact in finding["facts"]} == {"a.txt", "b.txt"}
    assert "(425 JPY million (2011-04..2011-06) + 631 JPY million (2011-07..2011-09))" in finding["check"]
    assert finding["message"].startswith("net_income == income_before_tax - income_tax + equity_method_income "
                                         "+ nci_loss with sub-periods summed fails: [1,469.5, 1,470.5] JPY million reported, "
                                         "[1,366.5, 1,373.5] JPY million computed; off by 96 JPY million")
    (line,) = ws.check(RULE).finding_lines(RULE)
    assert line.startswith(f"{display_path(str(fixture))}:"), line


def test_a_flow_missing_for_a_quarter_is_a_skip_that_names_it(ws):
    write(ws)
    (ws.fx / "a.yaml").write_text((ws.fx / "a.yaml").read_text().replace("concept: nci_loss", "concept: sga_rd"))
    result = ws.check(RULE, fmt="json")
    assert result.code == 0
    assert (stats(result)["checks"], stats(result)["skipped"]) == (0, 1)
    assert "not tiled by printed sub-periods: nci_loss" in result.out


def test_a_place_the_equation_rule_checks_is_left_to_it(ws):
    write(ws)
    ws.deck(["1H11 Income Tax Expenses 1,056 / 77 / 49"], name="c.txt")
    ws.fixture([{"id": f"c.{concept}", "concept": concept, "period": "1H11", "value": value, "unit": "JPY million",
                 "line": 1, "text": value, "label": "1H11"}
                for concept, value in (("income_tax", "1,056"), ("equity_method_income", "77"), ("nci_loss", "49"))],
               name="c.yaml", document="decks/c.txt")
    result = ws.check(RULE, "pl-net-income-bridge", fmt="json")
    assert result.code == 0, str(result)
    assert stats(result)["checks"] == 0
    assert {item["id"]: item for item in result.json["rules"]}["pl-net-income-bridge"]["passed"] == 1


def test_an_expression_without_a_comparison_is_refused(ws):
    write(ws)
    rules = ws.rules("rules:\n  - id: q\n    title: t\n    severity: error\n    rationale: r\n"
                     "    kind: tiled_equation\n    check: net_income - income_before_tax\n")
    result = ws.check(rules=rules)
    assert result.code == 2
    assert "rules.yaml:2: rule q: an equation needs a comparison" in result.err
