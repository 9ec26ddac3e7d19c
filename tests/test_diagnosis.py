"""Likely causes (the diagnosis, run by auditor.pipeline): each cause kind on a small synthetic deck, and
"undetermined" where two causes fit.

The deck is a 1Q11 P&L table in JPY million with 1Q10 and YoY columns. Every table figure takes part in
several checks (gross margin, operating income, YoY), so a single wrong figure has one explanation. Line 9
is a sentence each test writes to plant one error.
"""

from __future__ import annotations

from conftest import RULES

from auditor.loader import load_dataset
from auditor.pipeline import Options, run_loaded
from auditor.ruleset import load_rules

UNLIMITED = Options(diagnosis_budget=0)


def audit(ws):
    ruleset = load_rules(str(RULES))
    return run_loaded(ruleset, load_dataset([str(ws.fx)], ruleset.vocabulary), UNLIMITED)

TABLE = [
    "IIJ test results (JPY million)",                     # 1
    "\t1Q11 (11/4~11/6)\t1Q10 (10/4~10/6)\tYoY",          # 2
    "Total Revenues\t{rev}\t15,815\t47.7%",               # 3
    "Total Costs\t18,860\t12,819\t47.1%",                 # 4
    "Gross Margin\t4,502\t2,996\t50.3%",                  # 5
    "SG&A/R&D\t3,587\t2,730\t31.4%",                      # 6
    "Operating Income\t915\t266\t244.0%",                 # 7
    "4Q10 (11/1~11/3) Total Revenues\t22,000",            # 8
    "{sentence}",                                         # 9
]
ROWS = [("revenue", 3, "Total Revenues", "15,815", "47.7"), ("cost_of_revenue", 4, "Total Costs", "12,819", "47.1"),
        ("gross_margin", 5, "Gross Margin", "2,996", "50.3"), ("sga_rd", 6, "SG&A/R&D", "2,730", "31.4"),
        ("operating_income", 7, "Operating Income", "266", "244.0")]
CURRENT = {"revenue": "23,362", "cost_of_revenue": "18,860", "gross_margin": "4,502", "sga_rd": "3,587",
           "operating_income": "915"}


def table_facts(rev: str) -> list[dict]:
    facts = []
    for concept, line, label, before, yoy in ROWS:
        now = rev if concept == "revenue" else CURRENT[concept]
        common = {"concept": concept, "unit": "JPY million", "line": line, "label": label, "header": 2}
        facts.append({"id": f"t.{concept}.1q11", "period": "1Q11", "value": now, **common})
        facts.append({"id": f"t.{concept}.1q10", "period": "1Q10", "value": before, **common})
        facts.append({"id": f"t.{concept}.1q11.yoy", "period": "1Q11", "measure": "pct_change", "compare": "YoY",
                      "value": yoy, "text": f"{yoy}%", "concept": concept, "unit": "%", "line": line,
                      "label": label})
    facts.append({"id": "t.revenue.4q10", "concept": "revenue", "period": "4Q10", "value": "22,000",
                  "unit": "JPY million", "line": 8, "label": "Total Revenues"})
    return facts


def run(ws, sentence: str = "", extra: list[dict] | None = None, rev: str = "23,362"):
    ws.deck([line.format(rev=rev, sentence=sentence) for line in TABLE])
    ws.fixture(table_facts(rev) + (extra or []))
    findings = audit(ws).findings
    assert findings, "the planted error should fail a check"
    causes = [check.cause for check in findings]
    assert None not in causes
    return causes


def only_cause(causes: list) -> object:
    """Every finding names the same cause; return it."""
    first = causes[0]
    for cause in causes:
        assert (cause.kind, cause.fact, cause.suggested) == (first.kind, first.fact, first.suggested), causes
    return first


def sentence_fact(fact_id: str, concept: str, value: str, text: str, **extra) -> dict:
    return {"id": fact_id, "concept": concept, "period": "1Q11", "value": value, "unit": "JPY million",
            "line": 9, "text": text, "label": extra.pop("label", concept.replace("_", " ")), **extra}


def test_clean_deck_has_no_findings(ws):
    ws.deck([line.format(rev="23,362", sentence="") for line in TABLE])
    ws.fixture(table_facts("23,362"))
    report = audit(ws)
    assert report.findings == []
    assert all(check.cause is None for check in report.checks)


def test_one_digit_mistyped(ws):
    cause = only_cause(run(ws, rev="23,462"))
    assert cause.kind == "digit"
    assert cause.fact == "t.revenue.1q11"
    assert cause.suggested == "23362"
    assert cause.corrected == ("23361.5", "23362.5")


def test_two_digits_transposed(ws):
    cause = only_cause(run(ws, rev="23,326"))
    assert (cause.kind, cause.fact, cause.suggested) == ("transposition", "t.revenue.1q11", "23362")


def test_direction_word_flipped(ws):
    sentence = "Operating income was JPY915 million, down 244.0% YoY"
    extra = [sentence_fact("t.s.oi", "operating_income", "915", "JPY915 million", label="Operating income"),
             {"id": "t.s.oi.yoy", "concept": "operating_income", "measure": "pct_change", "compare": "YoY",
              "period": "1Q11", "value": "244.0", "direction": "down", "unit": "%", "line": 9,
              "text": "down 244.0% YoY", "label": "Operating income"}]
    cause = only_cause(run(ws, sentence, extra))
    assert (cause.kind, cause.fact, cause.suggested) == ("sign", "t.s.oi.yoy", "244.0")


def test_unit_slip(ws):
    extra = [sentence_fact("t.s.oi", "operating_income", "915", "JPY915 billion", label="Operating income",
                           unit="JPY billion")]
    cause = only_cause(run(ws, "Operating income was JPY915 billion", extra))
    assert (cause.kind, cause.fact, cause.suggested) == ("scale", "t.s.oi", "0.915")


def test_mislabel_names_the_concept(ws):
    extra = [sentence_fact("t.s.gm", "gross_margin", "23,362", "JPY23,362 million", label="Gross margin")]
    cause = only_cause(run(ws, "Gross margin was JPY23,362 million", extra))
    assert (cause.kind, cause.fact, cause.concept) == ("mislabel", "t.s.gm", "revenue")
    assert cause.suggested == "4502"  # what a figure labelled gross margin should read
    assert "revenue" in cause.explanation


def test_wrong_period(ws):
    extra = [sentence_fact("t.s.oi", "operating_income", "266", "JPY266 million", label="Operating income")]
    cause = only_cause(run(ws, "Operating income was JPY266 million", extra))
    assert (cause.kind, cause.fact, cause.period) == ("wrong_period", "t.s.oi", "2010-04..2010-06")
    assert cause.suggested == "915"


def test_wrong_comparison_base(ws):
    extra = [{"id": "t.s.rev.yoy", "concept": "revenue", "measure": "change", "compare": "YoY", "period": "1Q11",
              "value": "1,362", "direction": "up", "unit": "JPY million", "line": 9,
              "text": "up JPY1,362 million YoY", "label": "Revenues"}]
    cause = only_cause(run(ws, "Revenues up JPY1,362 million YoY", extra))
    assert (cause.kind, cause.fact, cause.base) == ("wrong_base", "t.s.rev.yoy", "2011-01..2011-03")
    assert cause.suggested == "7547"  # the change against 1Q10: 23,362 - 15,815


def test_undetermined_when_two_causes_fit(ws):
    # Two statements of one figure and nothing else: either could be the transposed one.
    ws.deck(["IIJ", "Net income was JPY512 million.", "Net income attributable to IIJ: JPY521 million"])
    ws.fixture([
        {"id": "t.ni.a", "concept": "net_income", "period": "1Q11", "value": "512", "unit": "JPY million",
         "line": 2, "text": "JPY512 million", "label": "Net income"},
        {"id": "t.ni.b", "concept": "net_income", "period": "1Q11", "value": "521", "unit": "JPY million",
         "line": 3, "text": "JPY521 million", "label": "Net income attributable to IIJ"}])
    (finding,) = audit(ws).findings
    cause = finding.cause
    assert cause.kind == "undetermined"
    assert cause.fact is None and cause.suggested is None
    assert any("t.ni.a as 521" in item for item in cause.alternatives)
    assert any("t.ni.b as 512" in item for item in cause.alternatives)


def test_a_finding_without_a_value_relation_is_undetermined(ws):
    # A period-label finding says nothing about values: no figure can be blamed.
    ws.deck(["IIJ", "\tFY10 (11/4~12/3)", "Total Revenues\t100.0"])
    ws.fixture([{"id": "t.rev", "concept": "revenue", "period": "FY2011", "value": "100.0", "unit": "JPY billion",
                 "line": 3, "label": "Total Revenues", "header": 2, "period_text": "FY10 (11/4~12/3)"}])
    (finding,) = audit(ws).findings
    assert finding.cause.kind == "undetermined"


def test_causes_carry_the_implied_values(ws):
    # revenue = cost + margin: [23,361, 23,363]; = cost + SG&A + operating income: [23,360.5, 23,363.5]
    causes = run(ws, rev="23,462")
    revenue = [cause.implied_ranges["t.revenue.1q11"] for cause in causes]
    assert ("23361", "23363") in revenue and ("23360.5", "23363.5") in revenue
    assert all(value is None or len(value) == 2 for cause in causes for value in cause.implied_ranges.values())
