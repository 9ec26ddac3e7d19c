"""per_share kind (rule per-share-counts): the share counts net income / EPS imply agree within a document."""

import re

from conftest import assert_clean, assert_one_finding

RULE = "per-share-counts"
HEADER = "\tFY19 Target\tFY18 Actual\t1H19 Actual"


def deck_lines(eps: tuple[str, str, str], income: tuple[str, str, str] = ("4.0", "3.6", "2.0")) -> list[str]:
    return [
        "IIJ 1H FY2019 Consolidated Financial Results",             # 1
        "Unit: JPY billion (except for per share figures)",         # 2
        HEADER,                                                     # 3
        "Net Income attributable to IIJ\t" + "\t".join(income),     # 4
        "Net Income attributable to IIJ per Share\t" + "\t".join(f"JPY {value}" for value in eps),  # 5
    ]


COLUMNS = (("fy19", "FY19", "target"), ("fy18", "FY18", "actual"), ("1h19", "1H19", "actual"))


def facts(eps, income=("4.0", "3.6", "2.0"), shares=(None, None, None)):
    out = []
    for (name, period, basis), value, amount, split in zip(COLUMNS, eps, income, shares):
        if amount is not None:
            out.append({"id": f"t.ni.{name}", "concept": "net_income", "period": period, "basis": basis,
                        "value": amount, "unit": "JPY billion", "line": 4, "header": 3,
                        "label": "Net Income attributable to IIJ"})
        if value is not None:
            eps_fact = {"id": f"t.eps.{name}", "concept": "eps", "period": period, "basis": basis,
                        "value": value, "unit": "JPY", "exact": False, "line": 5, "header": 3,
                        "text": f"JPY {value}", "label": "Net Income attributable to IIJ per Share"}
            if split:
                eps_fact["shares"] = split
            out.append(eps_fact)
    return out


def write(ws, eps, income=("4.0", "3.6", "2.0"), shares=(None, None, None)):
    ws.deck(deck_lines(tuple(value or "-" for value in eps), tuple(value or "-" for value in income)))
    ws.fixture(facts(eps, income, shares), defaults={"entity": "IIJ"})


def test_counts_that_agree_pass(ws):
    # 4.0bn / 88.69 = 45.1m shares, 3.6bn / 79.82 = 45.1m, 2.0bn / 44.35 = 45.1m
    write(ws, ("88.69", "79.82", "44.35"))
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


def test_counts_apart_within_the_tolerance_pass(ws):
    # 1H19: 2.0bn / 46.50 = [41.93m, 44.09m] shares, FY19: 4.0bn / 88.69 = [44.53m, 45.67m]: apart, but
    # 44.09m * 1.03 = 45.41m reaches FY19's lower bound, so they agree within the rule's 3%
    write(ws, ("88.69", "79.82", "46.50"))
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


def test_count_beyond_the_tolerance_fails_at_the_odd_figure(ws):
    # 2.0bn / 88.70 = about 22.5m shares (an EPS on the pre-split basis) against 45.1m for both years:
    # the 1H19 figure disagrees with both others, so the finding stands at its line.
    write(ws, ("88.69", "79.82", "88.70"))
    result = ws.check(RULE)
    assert result.code == 0, str(result)  # a warning rule: the gate fails on it only when asked to
    assert ws.check(RULE, extra=("--fail-on", "warning")).code == 1
    line = assert_one_finding(result, RULE, "disagree by more than 3%", "2.0 JPY billion / 88.70 JPY",
                              "(1H19", "against 4.0 JPY billion / 88.69 JPY",
                              "deck.txt:5 'JPY 88.70'", "deck.txt:4 '2.0'", "deck.txt:5 'JPY 88.69'", "deck.txt:4 '4.0'")
    assert ": warning per-share-counts " in line
    (finding,) = ws.check(RULE, fmt="json").findings
    assert finding["severity"] == "warning"
    assert finding["facts"][0]["id"] == "t.eps.1h19"
    assert {fact["id"] for fact in finding["facts"]} == {"t.eps.1h19", "t.ni.1h19", "t.eps.fy19", "t.ni.fy19"}


def test_counts_on_two_share_bases_are_not_compared(ws):
    # the years' EPS imply 22.6m shares (4.0bn / 177.38), the 1H19 EPS on the basis of a 1:2 split
    # (shares: 2019-10-01) 45.1m: alone on its share basis, it is compared with nothing (skipped)
    write(ws, ("177.38", "159.64", "44.35"), shares=(None, None, "2019-10-01"))
    result = ws.check(RULE, fmt="json")
    assert result.code == 0 and result.findings == [], str(result)
    stats = {rule["id"]: rule for rule in result.json["rules"]}[RULE]
    assert stats["checks"] == 1 and stats["skipped"] == 1


def test_split_figures_pair_with_the_plain_net_income(ws):
    # every EPS restated on the split basis still divides the net income, which is not per share
    write(ws, ("88.69", "79.82", "88.70"), shares=("2019-10-01",) * 3)
    assert_one_finding(ws.check(RULE), RULE, "2.0 JPY billion / 88.70 JPY")


def test_one_count_in_a_document_is_skipped(ws):
    write(ws, ("88.69", None, None), income=("4.0", None, None))
    result = ws.check(RULE, fmt="json")
    assert result.code == 0, str(result)
    stats = {rule["id"]: rule for rule in result.json["rules"]}[RULE]
    assert stats["checks"] == 0 and stats["skipped"] == 1


def test_eps_without_its_net_income_is_skipped(ws):
    write(ws, ("88.69", "79.82", "44.35"), income=("4.0", "3.6", None))
    stats = {rule["id"]: rule for rule in ws.check(RULE, fmt="json").json["rules"]}[RULE]
    assert stats["checks"] == 1 and stats["skipped"] == 1


def test_opposite_signs_fail_on_their_own(ws):
    write(ws, ("88.69", "79.82", "(44.35)"))
    assert_one_finding(ws.check(RULE), RULE, "2.0 JPY billion / (44.35) JPY", "opposite signs",
                       "deck.txt:5 'JPY (44.35)'")


def test_eps_that_may_be_zero_is_undecidable(ws):
    write(ws, ("88.69", "79.82", "0"))
    assert_one_finding(ws.check(RULE), RULE, "undecidable", "may be zero")


def test_negative_tolerance_is_refused_at_its_rule(ws):
    write(ws, ("88.69", "79.82", "44.35"))
    rules = ws.rules("rules:\n  - id: counts\n    title: t\n    severity: warning\n    rationale: r\n"
                     "    kind: per_share\n    amount: net_income\n    per_share: eps\n    tolerance_pct: \"-1\"\n")
    result = ws.check(rules=rules)
    assert result.code == 2
    assert "rules.yaml:2:" in result.err and "tolerance_pct must not be negative" in result.err


def test_unknown_concept_is_refused_with_its_field(ws):
    write(ws, ("88.69", "79.82", "44.35"))
    rules = ws.rules("rules:\n  - id: counts\n    title: t\n    severity: warning\n    rationale: r\n"
                     "    kind: per_share\n    amount: net_incme\n    per_share: eps\n")
    result = ws.check(rules=rules)
    assert result.code == 2
    assert "rules.yaml:" in result.err and "net_incme" in result.err and "net_income" in result.err


PAYMENT_LINE = "- Payments for FY18 year-end dividends (JPY {dps} per share): JPY 586 million"


def write_payment(ws, dps: str, claims: list[dict] | None = None):
    # the years' EPS imply 45.1m shares; JPY 586 million paid at JPY 13.00 a share is 45.08m shares
    ws.deck([*deck_lines(("88.69", "79.82", "44.35")), PAYMENT_LINE.format(dps=dps)])
    payment = {"id": "t.paid", "concept": "dividends_paid", "period": "1H19", "value": "586",
               "direction": "payments", "unit": "JPY million", "line": 6, "text": "JPY 586 million",
               "label": "Payments for FY18 year-end dividends"}
    dividend = {"id": "t.dps.2h18", "concept": "dividend_per_share", "period": "2H18", "value": dps,
                "unit": "JPY", "line": 6, "text": f"JPY {dps}", "label": "FY18 year-end dividends"}
    claims = claims if claims is not None else [
        {"id": "t.paid.fy18", "kind": "dividend_payment", "facts": ["t.paid", "t.dps.2h18"], "line": 6,
         "text": "Payments for FY18 year-end dividends"}]
    ws.fixture([*facts(("88.69", "79.82", "44.35")), payment, dividend], claims=claims,
               defaults={"entity": "IIJ"})


def test_a_dividend_payment_that_fits_the_count_passes(ws):
    write_payment(ws, "13.00")
    result = ws.check(RULE, fmt="json")
    assert_clean(result, RULE, checks=1)
    (check,) = [rule for rule in result.json["rules"] if rule["id"] == RULE]
    assert check["skipped"] == 0


def test_a_dividend_payment_at_the_annual_rate_fails_at_the_payment(ws):
    # JPY 586 million at JPY 26.00 a share is 22.5m shares: the payment's dividend is half what is printed
    write_payment(ws, "26.00")
    assert_one_finding(ws.check(RULE), RULE, "586 JPY million paid / 26.00 JPY", "(2H18",
                       "deck.txt:6 'JPY 26.00'", "deck.txt:6 'JPY 586 million'")
    (finding,) = ws.check(RULE, fmt="json").findings
    assert finding["facts"][0]["id"] == "t.dps.2h18"


def test_payments_count_only_when_the_rule_asks(ws):
    write_payment(ws, "26.00")
    rules = ws.rules("rules:\n  - id: counts\n    title: t\n    severity: warning\n    rationale: r\n"
                     "    kind: per_share\n    amount: net_income\n    per_share: eps\n    tolerance_pct: \"3\"\n")
    assert_clean(ws.check("counts", fmt="json", rules=rules), "counts", checks=1)


def test_a_dividend_payment_claim_needs_a_payment_and_a_dividend_per_share(ws):
    write_payment(ws, "13.00", claims=[{"id": "t.paid.fy18", "kind": "dividend_payment",
                                        "facts": ["t.dps.2h18", "t.paid"], "line": 6, "text": "Payments"}])
    result = ws.check(RULE)
    assert result.code == 2
    assert re.search(r"deck\.yaml:\d+: claim t\.paid\.fy18: fact 't\.dps\.2h18' is not a payment", result.err)


def test_a_dividend_payment_claim_of_one_fact_is_refused(ws):
    write_payment(ws, "13.00", claims=[{"id": "t.paid.fy18", "kind": "dividend_payment", "facts": ["t.paid"],
                                        "line": 6, "text": "Payments"}])
    result = ws.check(RULE)
    assert result.code == 2
    assert re.search(r"deck\.yaml:\d+: claim t\.paid\.fy18: a dividend_payment claim needs two facts", result.err)


SPLIT_LINE = "* IIJ conducted a 1:2 stock split effective October 1, 2019; the 1H19 per share figure is adjusted"


def write_split(ws, h1_eps: str, claim: dict | None = None):
    # FY19 and FY18 on the shares before the split (22.6m), 1H19 restated after the 1:2 split (45.1m)
    ws.deck([*deck_lines(("177.38", "159.64", h1_eps)), SPLIT_LINE])
    split = {"id": "t.split", "kind": "split", "ratio": "1:2", "facts": ["t.eps.1h19"], "line": 6,
             "text": "1:2 stock split"}
    ws.fixture(facts(("177.38", "159.64", h1_eps), shares=(None, None, "2019-10-01")),
               claims=[claim if claim is not None else split], defaults={"entity": "IIJ"})


def test_a_declared_split_rebases_its_counts_onto_the_earlier_shares(ws):
    # 2.0bn / 44.35 = 45.1m after the split, / 2 = 22.5m: compared with the years' 22.6m, and agrees
    write_split(ws, "44.35")
    result = ws.check(RULE, fmt="json")
    assert_clean(result, RULE, checks=1)
    assert {rule["id"]: rule for rule in result.json["rules"]}[RULE]["skipped"] == 0


def test_a_figure_not_restated_for_a_declared_split_fails_at_its_line(ws):
    # 1H19 printed as if before the split (88.70): 2.0bn / 88.70 / 2 = 11.3m against the years' 22.6m
    write_split(ws, "88.70")
    assert_one_finding(ws.check(RULE), RULE, "2.0 JPY billion / 88.70 JPY / 2 (split)", "(1H19",
                       "deck.txt:5 'JPY 88.70'", "deck.txt:4 '2.0'")
    (finding,) = ws.check(RULE, fmt="json").findings
    assert finding["facts"][0]["id"] == "t.eps.1h19"


def split_claim(**fields) -> dict:
    return {"id": "t.split", "kind": "split", "ratio": "1:2", "facts": ["t.eps.1h19"], "line": 6,
            "text": "1:2 stock split", **fields}


def test_a_split_claim_whose_ratio_is_not_in_its_text_is_refused(ws):
    write_split(ws, "44.35", split_claim(ratio="1:3"))
    result = ws.check(RULE)
    assert result.code == 2
    assert re.search(r"deck\.yaml:\d+: claim t\.split: the ratio '1:3' is not in the claim's text", result.err)


def test_a_split_claim_on_figures_without_a_share_basis_is_refused(ws):
    write_split(ws, "44.35", split_claim(facts=["t.eps.fy18"]))
    result = ws.check(RULE)
    assert result.code == 2
    assert re.search(r"deck\.yaml:\d+: claim t\.split: the facts of a split claim are per-share figures on one "
                     r"share basis", result.err)


def test_a_ratio_belongs_to_a_split_claim_only(ws):
    write_split(ws, "44.35", split_claim(ratio=None))
    assert re.search(r"deck\.yaml:\d+: claim t\.split: a split claim needs its printed ratio", ws.check(RULE).err)
    write_split(ws, "44.35", split_claim(kind="trend", direction="increasing", facts=["t.eps.fy18", "t.eps.fy19"]))
    result = ws.check(RULE)
    assert result.code == 2
    assert re.search(r"claim t\.split: a split claim needs its printed ratio .*only a split claim takes one",
                     result.err)


def test_a_split_ratio_is_written_old_to_new_shares(ws):
    write_split(ws, "44.35", split_claim(ratio="2"))
    result = ws.check(RULE)
    assert result.code == 2 and "deck.yaml:" in result.err and "ratio" in result.err
