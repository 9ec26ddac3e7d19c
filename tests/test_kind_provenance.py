"""provenance kind: every figure's text stands on its cited line, its label on that line or a header."""

from conftest import assert_clean, assert_one_finding

RULE = "provenance"

DECK = [
    "Unit: JPY billion",                         # 1
    "\t1Q11 (11/4~11/6)\t1Q10 (10/4~10/6)",      # 2  header
    "Total Revenues\t23.4\t15.8",                # 3
    "\t18.9\t12.8",                              # 4  a row whose label is on the header line only
    "Revenues were JPY23,362   million in 1Q11",  # 5
]


def fact(fact_id="t.f", value="23.4", line=3, label="Total Revenues", **extra):
    return {"id": fact_id, "concept": "revenue", "period": "1Q11", "value": value, "unit": "JPY billion",
            "line": line, "label": label, **extra}


def test_text_and_label_on_line_pass(ws):
    ws.deck(DECK)
    ws.fixture([fact(), fact("t.g", "23,362", 5, "revenues", unit="JPY million",
                             text="JPY23,362 million")])  # whitespace runs count as one; label case ignored
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=2)


def test_label_on_header_line_passes(ws):
    ws.deck(DECK)
    ws.fixture([fact(value="18.9", line=4, label="1Q11", header=2, period_text="1Q11 (11/4~11/6)")])
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


def test_text_not_on_line_fails(ws):
    ws.deck(DECK)
    ws.fixture([fact(value="23.5")])
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "fact t.f does not match deck.txt", "text '23.5' is not on line 3",
                       "deck.txt:3 '23.5'")
    (finding,) = ws.check(RULE, fmt="json").findings
    assert finding["facts"][0]["id"] == "t.f"
    assert finding["facts"][0]["line"] == 3


def test_text_case_must_match(ws):
    ws.deck(DECK)
    ws.fixture([fact("t.g", "23,362", 5, "Revenues", unit="JPY million", text="jpy23,362 million")])
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "text 'jpy23,362 million' is not on line 5")


def test_label_missing_from_line_and_header_fails(ws):
    ws.deck(DECK)
    ws.fixture([fact(value="18.9", line=4, label="Total Costs", header=2)])
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "label 'Total Costs' is not on line 4 or header line(s) 2", "deck.txt:4 '18.9'")


def test_period_text_missing_fails(ws):
    ws.deck(DECK)
    ws.fixture([fact(period_text="2Q11 (11/7~11/9)", header=2)])
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "period text '2Q11 (11/7~11/9)' is not on line 3 or header line(s) 2")


def test_claim_text_must_be_on_its_line(ws):
    ws.deck(DECK)
    facts = [fact("a", "23.4", 3), fact("b", "15.8", 3, period="1Q10")]
    ws.fixture(facts, claims=[{"id": "t.claim", "kind": "trend", "direction": "increasing", "line": 3,
                               "text": "steadily growing", "facts": ["b", "a"]}])
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "claim t.claim: text 'steadily growing' is not on deck.txt line 3")


def test_validate_command_runs_provenance_only(ws):
    from conftest import RULES

    ws.deck(DECK)
    # t.f fails provenance; t.g/t.h are printed as cited but would fail other rules (agreement): not run here
    ws.fixture([fact(value="23.5"), fact("t.g", "15.8", 3), fact("t.h", "23.4", 3)])
    result = ws.run("validate", "--rules", RULES, ws.fx)
    assert result.code == 1, str(result)
    lines = [line for line in result.out.splitlines() if ": error provenance " in line]
    assert len(lines) == 1
    assert "fact t.f does not match deck.txt: text '23.5' is not on line 3" in lines[0]
    assert "3 facts in 1 file(s); 1 provenance finding(s)" in result.out
    assert "agreement" not in result.out

    ws.fixture([fact()])
    clean = ws.run("validate", "--rules", RULES, ws.fx)
    assert clean.code == 0, str(clean)
    assert "1 facts in 1 file(s); 0 provenance finding(s)" in clean.out
