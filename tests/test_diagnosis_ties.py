"""Ties between corrections the checks cannot tell apart (Diagnoser.prior): each on a small deck with one
planted error where a rival correction fits every check as well as the right one. The cause named is the
error kind that explains the printed value best; where none does, the finding stays undetermined with the
right cause among its rivals.
"""

from __future__ import annotations

from conftest import FIXTURES, RULES
from test_diagnosis_swaps import causes_of, deck_lines, named, set_values
from test_diagnosis import table_facts

from auditor.loader import load_dataset
from auditor.pipeline import Options, run_loaded
from auditor.ruleset import load_rules


def test_a_transposition_is_named_before_a_digit_that_fits_the_slack_too(ws):
    # Operating income 915 / 266 is up [243.1%, 244.9%]: 244.0 printed as 240.4; 243.4 and 244.4 (one digit
    # each) fit the same check as well as 244.0 (two digits swapped back)
    lines = deck_lines({7: ("244.0%", "240.4%")})
    facts = set_values(table_facts("23,362"), {"t.operating_income.1q11.yoy": "240.4"})
    for fact in facts:
        if fact["id"] == "t.operating_income.1q11.yoy":
            fact["text"] = "240.4%"
    found = causes_of(ws, lines, facts)
    assert named(found) == {("transposition", "t.operating_income.1q11.yoy", None)}
    cause = found[0][1]
    assert cause["suggested"] == "244.0"
    assert "named before 2 rivals that fit as well" in cause["explanation"]
    assert "digit of t.operating_income.1q11.yoy as 244.4" in cause["explanation"]


PERIODS = ["IIJ test results (JPY million)", "\t1Q11 (11/4~11/6)\t1Q10 (10/4~10/6)",
           "Total Revenues\t{rev}\t1,006", "Total Costs\t600\t616", "Gross Margin\t400\t390"]


def period_facts(rev: str) -> list[dict]:
    facts = []
    for concept, line, label, now, before in (("revenue", 3, "Total Revenues", rev, "1,006"),
                                              ("cost_of_revenue", 4, "Total Costs", "600", "616"),
                                              ("gross_margin", 5, "Gross Margin", "400", "390")):
        common = {"concept": concept, "unit": "JPY million", "line": line, "label": label, "header": 2}
        facts.append({"id": f"p.{concept}.1q11", "period": "1Q11", "value": now, **common})
        facts.append({"id": f"p.{concept}.1q10", "period": "1Q10", "value": before, **common})
    return facts


def test_a_wrong_period_is_named_before_digits_that_fit_as_well(ws):
    # 1Q11 revenue printed as 1Q10's 1,006: 600 + 400 = 1,000. A digit of the revenue (1,006 -> 1,000), of
    # the costs (600 -> 606) or of the margin (400 -> 406) fits as well; only the period slip explains why
    # the deck prints 1,006, a figure it prints for 1Q10.
    found = causes_of(ws, [line.format(rev="1,006") for line in PERIODS], period_facts("1,006"))
    assert found and named(found) == {("wrong_period", "p.revenue.1q11", None)}
    cause = found[0][1]
    assert cause["period"] == "2010-04..2010-06" and cause["suggested"] == "1000"
    assert "digit of p.cost_of_revenue.1q11 as 606" in cause["explanation"]


def test_the_right_periods_name_nothing(ws):
    assert causes_of(ws, [line.format(rev="1,000") for line in PERIODS], period_facts("1,000")) == []


SHARES = ["IIJ test results (JPY billion)", "\t1Q11 (11/4~11/6)\t% of Revenues",
          "Total Revenues\t12.5\t", "Income before Income Tax\t0.3\t{ibt}%", "Net Income\t0.2\t{ni}%"]


def share_facts(ibt: str, ni: str) -> list[dict]:
    facts = [{"id": "s.revenue", "concept": "revenue", "period": "1Q11", "value": "12.5", "unit": "JPY billion",
              "line": 3, "text": "12.5", "label": "Total Revenues", "header": 2}]
    for concept, line, label, amount, share in (("income_before_tax", 4, "Income before Income Tax", "0.3", ibt),
                                                ("net_income", 5, "Net Income", "0.2", ni)):
        facts.append({"id": f"s.{concept}", "concept": concept, "period": "1Q11", "value": amount,
                      "unit": "JPY billion", "line": line, "text": amount, "label": label, "header": 2})
        facts.append({"id": f"s.{concept}.share", "concept": concept, "measure": "share", "period": "1Q11",
                      "value": share, "unit": "%", "line": line, "text": f"{share}%", "label": label, "header": 2})
    return facts


def test_an_exchange_of_two_checked_figures_is_named_before_a_digit(ws):
    # 0.3 / 12.5 is [2.0%, 2.8%] and 0.2 / 12.5 is [1.2%, 2.0%]: the shares 2.0% and 1.6% printed the other
    # way round. 1.6 -> 2.6 (a digit) fits too, with the net income's 2.0% inside its rounding; the exchange
    # explains both printed shares.
    found = causes_of(ws, [line.format(ibt="1.6", ni="2.0") for line in SHARES], share_facts("1.6", "2.0"))
    assert found and named(found) == {("label_swap", "s.income_before_tax.share", "s.net_income.share")}
    assert "digit of s.income_before_tax.share as 2.6" in found[0][1]["explanation"]


def test_an_exchange_with_a_figure_in_no_check_stays_a_rival(ws):
    # The same error, but the net income's share is printed in no value check (no amount beside it): the
    # exchange only moves a value printed nearby, no more likely than the digit, so both are listed.
    facts = [f for f in share_facts("1.6", "2.0") if f["id"] != "s.net_income"]
    lines = [line.format(ibt="1.6", ni="2.0") for line in SHARES]
    lines[4] = "Net Income\t\t2.0%"
    found = causes_of(ws, lines, facts)
    assert found and {cause["kind"] for _, cause in found} == {"undetermined"}
    alternatives = found[0][1]["alternatives"]
    assert "digit of s.income_before_tax.share as 2.6" in alternatives
    assert "label_swap of s.income_before_tax.share and s.net_income.share" in alternatives


def test_the_decks_tax_bridge_names_the_sign_not_the_exchange_with_an_unchecked_figure():
    # Deck 002's 3Q08 tax bridge (waived): income before tax 0.5bn - tax 653 - equity-method loss 44 + 120
    # cannot give (0.01)bn. A flipped sign of the 44, two transposed digits (120, 653) or income tax
    # exchanged with the deferred tax (594, in no value check) each close it; the sign keeps the printed
    # digits, the exchange proves nothing, so the sign is named with the others as rivals.
    ruleset = load_rules(str(RULES))
    report = run_loaded(ruleset, load_dataset([str(FIXTURES)], ruleset.vocabulary),
                        Options(fixtures=str(FIXTURES), waivers=str(FIXTURES / "waivers.yaml"),
                                diagnose_waived=True, diagnosis_budget=0))
    (finding,) = [c for c in report.findings if c.rule_id == "pl-net-income-bridge"
                  and "d002.inc.income_tax.3q08" in c.fact_ids]
    cause = finding.cause
    assert (cause.kind, cause.fact, cause.suggested) == ("sign", "d002.inc.equity_method_income.3q08", "44")
    assert "named before 3 rivals" in cause.explanation
    assert "label_swap of d002.inc.deferred_tax_expense.3q08 and d002.inc.income_tax.3q08" in cause.explanation
