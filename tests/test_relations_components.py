"""Issue 15, class 4: a total's listed items (``components`` claims) against the total and its direction
word: rules listed-components (complete lists) and listed-components-direction (lists ending in "etc.")."""

from conftest import dump_yaml

SUM, DIRECTION = "listed-components", "listed-components-direction"

DECK = ["Net cash {word} in financing activities was JPY2,346 million.", "- Borrowing of JPY4,310 million",
        "- Principal payments under capital leases of JPY1,658 million", "- Dividend payments of JPY306 million",
        "etc."]


def write(ws, word="provided", complete=False, claim=None):
    ws.deck([line.format(word=word) for line in DECK])
    fact = {"period": "1H07", "unit": "JPY million"}
    data = {"document": "decks/deck.txt", "facts": [
        {**fact, "id": "t.total", "concept": "financing_cash_flow", "value": "2,346", "direction": word, "line": 1,
         "text": "JPY2,346 million", "label": f"Net cash {word} in financing activities"},
        {**fact, "id": "t.borrowing", "concept": "borrowing_net", "value": "4,310", "line": 2,
         "text": "JPY4,310 million", "label": "Borrowing"},
        {**fact, "id": "t.leases", "concept": "capital_lease_payments", "value": "1,658", "direction": "payments",
         "line": 3, "text": "JPY1,658 million", "label": "Principal payments under capital leases"},
        {**fact, "id": "t.dividends", "concept": "dividends_paid", "value": "306", "direction": "payments",
         "line": 4, "text": "JPY306 million", "label": "Dividend payments"}],
        "claims": [claim or {"id": "t.items", "kind": "components", "total": "t.total", "complete": complete,
                             "facts": ["t.borrowing", "t.leases", "t.dividends"], "line": 5, "text": "etc."}]}
    (ws.fx / "deck.yaml").write_text(dump_yaml(data), encoding="utf-8")


def rule_stats(result, rule):
    return {item["id"]: item for item in result.json["rules"]}[rule]


def test_a_complete_list_that_adds_up_passes(ws):
    write(ws, "provided", complete=True)
    result = ws.check(SUM, fmt="json")
    assert result.code == 0
    assert rule_stats(result, SUM)["passed"] == 1


def test_a_complete_list_against_the_wrong_direction_word_names_it(ws):
    write(ws, "used", complete=True)
    result = ws.check(SUM, fmt="json")
    assert result.code == 1
    (finding,) = result.findings
    assert finding["facts"][0]["id"] == "t.total"  # reported where the wrong word stands
    assert "direction word 'used' of 'JPY2,346 million' is the likely error" in finding["message"]
    assert finding["reported"] == ["-2346.5", "-2345.5"]


def test_a_list_that_is_not_complete_proves_no_total(ws):
    write(ws, "used", complete=False)
    result = ws.check(SUM, fmt="json")
    assert result.code == 0
    assert rule_stats(result, SUM)["checks"] == 0
    assert rule_stats(result, SUM)["skipped"] == 1


def test_an_etc_list_giving_the_magnitude_with_the_other_sign_is_a_warning_with_that_cause(ws):
    write(ws, "used", complete=False)
    result = ws.check(DIRECTION, fmt="json", extra=("--fail-on", "warning"))
    assert result.code == 1
    (finding,) = result.findings
    assert finding["severity"] == "warning"
    assert finding["facts"][0]["id"] == "t.total"
    assert "not a complete list) add up to [2,344.5, 2,347.5] JPY million" in finding["message"]
    assert "direction word 'used'" in finding["message"]
    assert ws.check(DIRECTION).code == 0  # a warning does not fail the default gate


def test_an_etc_list_that_agrees_with_its_direction_word_passes(ws):
    write(ws, "provided", complete=False)
    result = ws.check(DIRECTION, fmt="json")
    assert result.code == 0
    assert rule_stats(result, DIRECTION)["passed"] == 1


def test_a_complete_list_is_left_to_the_sum_rule(ws):
    write(ws, "used", complete=True)
    assert rule_stats(ws.check(DIRECTION, fmt="json"), DIRECTION)["checks"] == 0


def test_a_components_claim_without_a_total_is_refused(ws):
    write(ws, claim={"id": "t.items", "kind": "components", "facts": ["t.borrowing"], "line": 5, "text": "etc."})
    result = ws.check(SUM)
    assert result.code == 2
    assert "deck.yaml:" in result.err
    assert "claim t.items: a components claim needs a total and no direction or compare" in result.err


def test_a_claim_whose_total_is_among_its_items_is_refused(ws):
    write(ws, claim={"id": "t.items", "kind": "components", "total": "t.total", "facts": ["t.total", "t.leases"],
                     "line": 5, "text": "etc."})
    result = ws.check(SUM)
    assert result.code == 2
    assert "claim t.items: item 't.total' is not an item of the total 't.total'" in result.err


def test_a_trend_claim_still_needs_its_direction(ws):
    write(ws, claim={"id": "t.up", "kind": "trend", "facts": ["t.leases", "t.dividends"], "line": 5,
                     "text": "etc."})
    result = ws.check("trend-claims")
    assert result.code == 2
    assert "claim t.up: a trend claim needs a direction (increasing, decreasing, non-decreasing, non-increasing) and at least two facts" in result.err


def test_an_unknown_total_is_refused(ws):
    write(ws, claim={"id": "t.items", "kind": "components", "total": "t.nothing", "facts": ["t.leases"],
                     "line": 5, "text": "etc."})
    result = ws.check(SUM)
    assert result.code == 2
    assert "claim t.items: unknown fact 't.nothing'" in result.err
