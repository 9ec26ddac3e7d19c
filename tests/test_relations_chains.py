"""Issue 15, classes 1-3: unprinted levels implied several ways (changes, half less quarter, pairs of an
absolute and a relative change, across documents) must agree: rule implied-level."""

from conftest import assert_clean, dump_yaml

RULE = "implied-level"


def doc(ws, facts, name="deck"):
    """One deck line per fact, printing the fact's text; the facts cite their own line."""
    ws.deck([f"Revenues {fact.get('text', fact['value'])}" for fact in facts], name=f"{name}.txt")
    data = {"document": f"decks/{name}.txt", "facts": [
        {"line": number, "concept": "revenue", "unit": "JPY million", "label": "Revenues", **fact}
        for number, fact in enumerate(facts, 1)]}
    (ws.fx / f"{name}.yaml").write_text(dump_yaml(data), encoding="utf-8")


def level(period, value):
    return {"id": f"t.{period}", "period": period, "value": value}


def change(period, value, compare="YoY", direction="up", relative=False):
    unit = "%" if relative else "JPY million"
    text = f"{direction} {value}% {compare}" if relative else f"{direction} JPY{value} million {compare}"
    return {"id": f"t.{period}.{compare}.{'pct' if relative else 'abs'}", "period": period, "value": value,
            "measure": "pct_change" if relative else "change", "compare": compare, "unit": unit,
            "direction": direction, "text": text}


HALF = [level("1H13", "50,000"), level("1Q13", "24,000")]  # 2Q13 = 26,000


def checks_of(result, rule=RULE):
    return {item["id"]: item for item in result.json["rules"]}[rule]["checks"]


def test_a_pair_of_changes_implies_the_base_that_half_less_quarter_gives(ws):
    doc(ws, [*HALF, change("2Q14", "1,300"), change("2Q14", "5.0", relative=True)])   # 1,300 / 5% = 26,000
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


def test_a_pair_that_implies_another_base_fails_with_both_chains(ws):
    doc(ws, [*HALF, change("2Q14", "1,300"), change("2Q14", "7.0", relative=True)])
    result = ws.check(RULE, fmt="json")
    assert result.code == 1
    (finding,) = result.findings
    assert finding["rule"] == RULE
    assert {fact["id"] for fact in finding["facts"]} == {"t.1H13", "t.1Q13", "t.2Q14.YoY.abs", "t.2Q14.YoY.pct"}
    assert "unprinted IIJ revenue 2Q13" in finding["message"]
    assert "(1,300 JPY million / 7.0%) implies [18,432.6241, 18,712.2302] JPY million" in finding["check"]


def test_the_finding_is_reported_at_a_statement_of_change(ws):
    doc(ws, [*HALF, change("2Q14", "1,300"), change("2Q14", "7.0", relative=True)])
    (line,) = ws.check(RULE).finding_lines(RULE)
    assert line.split(": ")[0].endswith("deck.yaml:17")  # the entry of "up JPY1,300 million YoY"


def test_a_qoq_change_meets_the_quarter_the_nine_months_and_the_other_quarters_imply(ws):
    # 3Q08 and "down 20.0% QoQ" give 2Q08 = 10,000; so does 1Q-3Q08 - 1Q08 - 3Q08 (2Q08 lies inside).
    facts = [level("1Q-3Q08", "27,000"), level("1Q08", "9,000"), level("3Q08", "8,000"),
             change("3Q08", "20.0", compare="QoQ", direction="down", relative=True)]
    doc(ws, facts)
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)
    facts[-1] = change("3Q08", "30.0", compare="QoQ", direction="down", relative=True)   # 2Q08 = 11,429
    doc(ws, facts)
    result = ws.check(RULE, fmt="json")
    assert result.code == 1
    (finding,) = result.findings
    assert "unprinted IIJ revenue 2Q08" in finding["message"]
    assert "(27,000 JPY million 2008-04..2008-12 - 9,000 JPY million 2008-04..2008-06 - 8,000 JPY million " \
           "2008-10..2008-12) implies [9,998.5, 10,001.5] JPY million" in finding["check"]


def test_chains_cross_documents_on_one_key(ws):
    doc(ws, [level("1Q11", "24,000")], name="a")
    doc(ws, [level("1H11", "50,000"), level("2Q12", "28,600"), change("2Q12", "2,600")], name="b")
    # 2Q11 = 50,000 - 24,000 (two documents) and 28,600 - 2,600: equal; no other rule compares them
    result = ws.check(RULE, "derived-change", fmt="json")
    assert checks_of(result, "derived-change") == 1  # the direct one-step comparison belongs to that rule
    assert checks_of(result, RULE) == 0             # so it is not made twice
    assert result.code == 0


def test_a_second_step_reaches_what_one_step_cannot(ws):
    # 2Q11 = 1H11 - 1Q11; 2Q12 = 2Q11 + 2,600; 1Q12 = 2Q12 + 100 (down 100 QoQ); 1H12 must be 1Q12 + 2Q12.
    facts = [level("1H11", "50,000"), level("1Q11", "24,000"), change("2Q12", "2,600"),
             change("2Q12", "100", compare="QoQ", direction="down"), level("1H12", "57,300")]
    doc(ws, facts)
    assert_clean(ws.check(RULE, fmt="json"), RULE)
    facts[-1] = level("1H12", "58,300")
    doc(ws, facts)
    assert ws.check(RULE).code == 1


def test_no_check_is_proved_by_its_own_statements(ws):
    # A pair alone implies its base and current, but nothing else meets them: nothing to check.
    doc(ws, [change("2Q14", "1,300"), change("2Q14", "5.0", relative=True)])
    assert checks_of(ws.check(RULE, fmt="json")) == 0


def test_a_concept_that_may_be_negative_chains_through_its_known_base(ws):
    # Operating income may be negative, so the pair alone fixes no base; but 1H13 - 1Q13 gives a positive
    # 2Q13, from which "up 7.0%" gives 2Q14 = 27,820, and "up JPY1,300 million" back gives 26,520.
    facts = [{**fact, "concept": "operating_income", "label": "Operating income"} for fact in
             [*HALF, change("2Q14", "1,300"), change("2Q14", "7.0", relative=True)]]
    ws.deck([f"Operating income {fact.get('text', fact['value'])}" for fact in facts])
    data = {"document": "decks/deck.txt", "facts": [{"line": number, "unit": "JPY million", **fact}
                                                    for number, fact in enumerate(facts, 1)]}
    (ws.fx / "deck.yaml").write_text(dump_yaml(data), encoding="utf-8")
    result = ws.check(RULE, fmt="json")
    assert result.code == 1
    assert "/ 7.0%" not in result.findings[0]["check"]  # no pair division: the base may be negative
    assert "changed by 7.0%" in result.findings[0]["check"]


def test_two_changes_with_their_printed_current_are_the_implied_base_rule(ws):
    doc(ws, [level("2Q14", "27,300"), change("2Q14", "1,300"), change("2Q14", "5.0", relative=True)])
    result = ws.check(RULE, "implied-base", fmt="json")
    assert checks_of(result, "implied-base") == 1
    assert checks_of(result, RULE) == 0
