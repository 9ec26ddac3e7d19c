"""Issue 15, class 6: percentage identities over printed ratios (rules of kind share_equation)
and a table's shares against its printed total (a complete components claim)."""

from conftest import dump_yaml

COST, OPERATING = "share-cost-and-margin", "share-operating-income"


def write(ws, ratios: dict[str, str], of_segment=None, claims=None):
    labels = {"cost_of_revenue": "Total Costs", "gross_margin": "Gross Margin", "sga_rd": "SG&A/R&D",
              "operating_income": "Operating Income"}
    concepts = list(ratios)
    ws.deck([f"{labels.get(concept, concept)}\t{value}%" for concept, value in ratios.items()])
    facts = [{"id": f"t.{concept}", "concept": concept, "measure": "share", "period": "1H12", "value": value,
              "unit": "%", "line": number, "text": f"{value}%", "label": labels.get(concept, concept)}
             for number, (concept, value) in enumerate(ratios.items(), 1)]
    data = {"document": "decks/deck.txt", "facts": facts}
    if claims:
        data["claims"] = claims
    (ws.fx / "deck.yaml").write_text(dump_yaml(data), encoding="utf-8")
    return concepts


def stats(result, rule):
    return {item["id"]: item for item in result.json["rules"]}[rule]


def test_cost_and_margin_ratios_that_make_100_pass(ws):
    write(ws, {"cost_of_revenue": "80.1", "gross_margin": "19.9"})
    result = ws.check(COST, fmt="json")
    assert result.code == 0
    assert stats(result, COST)["passed"] == 1


def test_ratios_that_miss_100_beyond_rounding_fail_with_both_facts(ws):
    write(ws, {"cost_of_revenue": "80.1", "gross_margin": "19.7"})      # at most 99.9%
    result = ws.check(COST, fmt="json")
    assert result.code == 1
    (finding,) = result.findings
    assert {fact["id"] for fact in finding["facts"]} == {"t.cost_of_revenue", "t.gross_margin"}
    assert finding["check"] == "80.1% + 19.7% == 1"


def test_rounding_of_both_ratios_is_allowed(ws):
    write(ws, {"cost_of_revenue": "80.15", "gross_margin": "19.9"})     # [80.145, 80.155] + [19.85, 19.95]
    assert ws.check(COST).code == 0


def test_operating_margin_from_the_gross_margin_and_sga_ratios(ws):
    write(ws, {"gross_margin": "19.9", "sga_rd": "13.5", "operating_income": "6.4"})
    assert ws.check(OPERATING).code == 0
    write(ws, {"gross_margin": "19.9", "sga_rd": "13.5", "operating_income": "5.4"})
    result = ws.check(OPERATING, fmt="json")
    assert result.code == 1
    assert result.findings[0]["rule"] == OPERATING


def test_a_share_rule_never_reads_levels(ws):
    ws.deck(["Total Costs 41.0", "Gross Margin 10.1"])
    data = {"document": "decks/deck.txt", "facts": [
        {"id": "t.cost", "concept": "cost_of_revenue", "period": "1H12", "value": "41.0", "unit": "JPY billion",
         "line": 1, "label": "Total Costs"},
        {"id": "t.gm", "concept": "gross_margin", "period": "1H12", "value": "10.1", "unit": "JPY billion",
         "line": 2, "label": "Gross Margin"}]}
    (ws.fx / "deck.yaml").write_text(dump_yaml(data), encoding="utf-8")
    assert stats(ws.check(COST, fmt="json"), COST)["checks"] == 0


def test_a_tables_line_shares_against_its_printed_total(ws):
    ws.deck(["Connectivity 19.1%", "Outsourcing 22.4%", "Recurring Revenues Total 41.5%"])
    facts = [{"id": f"t.{segment}", "segment": segment, "concept": "revenue", "measure": "share",
              "of_segment": "total", "period": "1H12", "value": value, "unit": "%", "line": line,
              "text": f"{value}%", "label": label}
             for segment, value, line, label in (("connectivity", "19.1", 1, "Connectivity"),
                                                  ("outsourcing_services", "22.4", 2, "Outsourcing"),
                                                  ("recurring", "41.5", 3, "Recurring Revenues Total"))]
    claim = {"id": "t.lines", "kind": "components", "total": "t.recurring", "complete": True,
             "facts": ["t.connectivity", "t.outsourcing_services"], "line": 3, "text": "Recurring Revenues Total"}
    (ws.fx / "deck.yaml").write_text(dump_yaml({"document": "decks/deck.txt", "facts": facts,
                                                "claims": [claim]}), encoding="utf-8")
    assert ws.check("listed-components").code == 0
    facts[2]["value"], facts[2]["text"] = "42.5", "42.5%"
    ws.deck(["Connectivity 19.1%", "Outsourcing 22.4%", "Recurring Revenues Total 42.5%"])
    (ws.fx / "deck.yaml").write_text(dump_yaml({"document": "decks/deck.txt", "facts": facts,
                                                "claims": [claim]}), encoding="utf-8")
    result = ws.check("listed-components", fmt="json")
    assert result.code == 1
    assert result.findings[0]["facts"][0]["id"] == "t.recurring"


def test_a_share_equation_with_an_unknown_concept_is_refused_at_the_name(ws):
    write(ws, {"cost_of_revenue": "80.1", "gross_margin": "19.9"})
    rules = ws.rules("rules:\n  - id: bad-share\n    title: t\n    severity: error\n    rationale: r\n"
                     "    kind: share_equation\n    check: cost_of_revenue + gross_margn == 1\n")
    result = ws.check("bad-share", rules=rules)
    assert result.code == 2
    assert "rules.yaml:7:" in result.err
    assert "did you mean 'gross_margin'?" in result.err
