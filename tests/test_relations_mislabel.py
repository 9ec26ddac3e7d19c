"""Issue 15, class 7: a figure recorded under its printed label with a ``reading`` claim naming the concept
the document supports; rule label-reading proves the mislabel from the relations of both readings."""

from conftest import dump_yaml

RULE = "label-reading"


def write(ws, labelled="6,464", quarters=None, reading="revenue", extra_facts=(), revenue="6.5"):
    """IIJ-Global: revenue 6.5bn and operating income 0.4bn printed; a figure labelled operating income;
    ``extra_facts``: (fact, deck line) pairs appended."""
    lines = [f"Revenues of JPY{revenue} billion and operating income of JPY0.4 billion",
             f"IJ-Global operating income: JPY{labelled} million"]
    facts = [{"id": "t.revenue", "concept": "revenue", "value": revenue, "unit": "JPY billion", "line": 1,
              "text": f"JPY{revenue} billion", "label": "Revenues"},
             {"id": "t.oi", "concept": "operating_income", "value": "0.4", "unit": "JPY billion", "line": 1,
              "text": "JPY0.4 billion", "label": "operating income"},
             {"id": "t.labelled", "concept": "operating_income", "value": labelled, "unit": "JPY million",
              "line": 2, "text": f"JPY{labelled} million", "label": "IJ-Global operating income"}]
    ids = ["t.labelled"]
    for period, value in quarters or []:
        lines.append(f"{period}: JPY{value} million")
        facts.append({"id": f"t.{period}", "concept": "operating_income", "period": period, "value": value,
                      "unit": "JPY million", "line": len(lines), "text": f"JPY{value} million",
                      "label": "IJ-Global operating income", "header": 2})
        ids.append(f"t.{period}")
    for fact, text in extra_facts:
        lines.append(text)
        facts.append({**fact, "line": len(lines)})
    ws.deck(lines)
    claim = {"id": "t.reading", "kind": "reading", "concept": reading, "facts": ids, "line": 2,
             "text": "IJ-Global operating income"}
    data = {"document": "decks/deck.txt", "defaults": {"entity": "IIJ-Global", "period": "1Q11"}, "facts": facts,
            "claims": [claim]}
    (ws.fx / "deck.yaml").write_text(dump_yaml(data), encoding="utf-8")


def findings_of(result, rule=RULE):
    return [finding for finding in result.findings if finding["rule"] == rule]


def test_a_revenue_labelled_operating_income_is_a_mislabel_at_its_label(ws):
    write(ws)
    result = ws.check(RULE, "agreement", fmt="json")
    assert result.code == 1
    (finding,) = findings_of(result)
    assert finding["facts"][0]["id"] == "t.labelled"
    assert finding["message"].startswith("mislabel: claim t.reading (deck.txt:2 'IJ-Global operating income') "
                                         "labels 6,464 JPY million operating_income, but it is revenue")
    assert "as operating_income it fails agreement IIJ-Global operating_income 1Q11" in finding["message"]
    assert "as revenue it passes agreement IIJ-Global revenue 1Q11" in finding["message"]
    assert len(findings_of(result, "agreement")) == 1  # the relation as labelled stays a finding of its own


def test_quarters_read_together_sum_to_the_longer_period(ws):
    seven_months = {"id": "t.7m", "concept": "revenue", "period": "2010-09..2011-03", "value": "15,094",
                    "unit": "JPY million", "text": "JPY15,094 million", "label": "Revenues"}
    incomes = [({"id": f"t.oi.{period}", "concept": "operating_income", "period": period, "value": value,
                 "unit": "JPY million", "text": f"JPY{value} million", "label": "Operating income"},
                f"Operating income {period} JPY{value} million")
               for period, value in (("2010-09..2010-09", "261"), ("3Q10", "414"), ("4Q10", "515"))]
    write(ws, quarters=[("2010-09..2010-09", "2,246"), ("3Q10", "6,406"), ("4Q10", "6,442")],
          extra_facts=[(seven_months, "Revenues (7 months) JPY15,094 million"), *incomes])
    findings = findings_of(ws.check(RULE, fmt="json"))
    assert [finding["facts"][0]["id"] for finding in findings] == [
        "t.labelled", "t.2010-09..2010-09", "t.3Q10", "t.4Q10"]  # one per figure, each at its own line
    assert all("aggregation IIJ-Global revenue 2010-09..2011-03" in finding["message"] for finding in findings[1:])


def test_a_reading_the_figures_deny_is_a_finding_too(ws):
    write(ws, reading="cost_of_revenue", extra_facts=[
        ({"id": "t.cost", "concept": "cost_of_revenue", "value": "5.2", "unit": "JPY billion",
          "text": "JPY5.2 billion", "label": "Costs"}, "Costs JPY5.2 billion")])
    (finding,) = findings_of(ws.check(RULE, fmt="json"))
    assert "6,464 JPY million fails as operating_income and as cost_of_revenue: agreement" in finding["message"]


def test_a_figure_that_fits_both_readings_passes(ws):
    write(ws, labelled="436", revenue="0.4")
    result = ws.check(RULE, fmt="json")
    assert result.code == 0
    assert {item["id"]: item for item in result.json["rules"]}[RULE]["passed"] == 1


def test_a_reading_no_relation_tests_is_undecidable_not_passed(ws):
    write(ws, reading="sga_rd")
    result = ws.check(RULE, fmt="json", extra=("--fail-on", "warning"))
    assert result.code == 1
    (finding,) = findings_of(result)
    assert finding["severity"] == "warning"
    assert "no relation tests 6,464 JPY million as sga_rd" in finding["message"]


def test_a_reading_claim_needs_a_known_other_concept(ws):
    write(ws, reading="revenu")
    result = ws.check(RULE)
    assert result.code == 2
    assert "claim t.reading: unknown concept 'revenu'" in result.err
    write(ws, reading="operating_income")
    result = ws.check(RULE)
    assert result.code == 2
    assert "claim t.reading: fact 't.labelled' is not a level recorded under another concept than " \
           "'operating_income'" in result.err


def ratio_facts(share: str) -> list:
    """IIJ-Global's 1Q11 cost of revenue and a gross margin ratio, with no gross margin level printed."""
    return [({"id": "t.cost", "concept": "cost_of_revenue", "value": "5,173", "unit": "JPY million",
              "text": "5,173", "label": "Cost of Revenue"}, "Cost of Revenue 5,173"),
            ({"id": "t.gm", "concept": "gross_margin", "measure": "share", "value": share, "unit": "%",
              "text": f"{share}%", "label": "Gross Margin Ratio"}, f"Gross Margin Ratio {share}%")]


def rule_stats(result) -> dict:
    return {item["id"]: item for item in result.json["rules"]}[RULE]


def test_a_ratio_without_its_level_is_checked_through_the_identity_as_read(ws):
    # (6,464 - 5,173) / 6,464 = 19.97%: the printed 20.0% fits the figure read as revenue
    write(ws, extra_facts=ratio_facts("20.0"))
    result = ws.check(RULE, fmt="json")
    (finding,) = findings_of(result)
    assert finding["facts"][0]["id"] == "t.labelled"
    assert "as revenue it passes agreement IIJ-Global revenue 1Q11" in finding["message"]
    assert "share_levels IIJ-Global gross_margin share 1Q11" in finding["message"]
    assert rule_stats(result)["passed"] == 1  # the ratio's own check, at the ratio


def test_a_ratio_that_does_not_fit_the_reading_is_a_finding_at_the_ratio(ws):
    write(ws, extra_facts=ratio_facts("30.0"))
    findings = findings_of(ws.check(RULE, fmt="json"))
    assert [finding["facts"][0]["id"] for finding in findings] == ["t.labelled", "t.gm"]
    labelled, ratio = findings
    assert "fails as operating_income and as revenue: share_levels IIJ-Global gross_margin share" \
        in labelled["message"]
    assert ratio["message"].startswith("claim t.reading (deck.txt:2 'IJ-Global operating income'), read as "
                                       "revenue: gross_margin as a share of revenue, its level by revenue == "
                                       "cost_of_revenue + gross_margin fails")
    # the revenue read from the label is a repeat of the printed 6.5 billion: both are its figure
    assert {fact["id"] for fact in ratio["facts"]} == {"t.gm", "t.labelled", "t.revenue", "t.cost"}


def test_a_ratio_whose_level_is_printed_is_left_to_the_share_rule(ws):
    level = ({"id": "t.gm.level", "concept": "gross_margin", "value": "1,291", "unit": "JPY million",
              "text": "1,291", "label": "Gross Margin"}, "Gross Margin 1,291")
    write(ws, extra_facts=[*ratio_facts("20.0"), level])
    assert rule_stats(ws.check(RULE, fmt="json"))["passed"] == 0


def test_an_identity_must_be_a_linear_equation(ws):
    write(ws)
    rules = ws.rules("rules:\n  - id: reading\n    title: t\n    severity: error\n    rationale: r\n    kind: label_reading\n"
                     "    identities: [\"revenue * gross_margin == cost_of_revenue\"]\n")
    result = ws.check(rules=rules)
    assert result.code == 2
    assert "rules.yaml:2: rule reading: an identity must be a linear equation (==) between concepts" in result.err
    rules = ws.rules("rules:\n  - id: reading\n    title: t\n    severity: error\n    rationale: r\n    kind: label_reading\n"
                     "    identities: [\"revenue == cost_of_revenu + gross_margin\"]\n")
    result = ws.check(rules=rules)
    assert result.code == 2 and "unknown concept 'cost_of_revenu'" in result.err
