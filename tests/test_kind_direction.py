"""direction kind (rule direction-words): signs agree with direction words and with each other."""

from conftest import assert_clean, assert_one_finding

RULE = "direction-words"


def write_signed(ws, value, word):
    ws.deck([f"Operating income {word} ({value.strip('()+-')}%) YoY"])
    ws.fixture([{"id": "t.oi.yoy", "concept": "operating_income", "measure": "pct_change", "compare": "YoY",
                 "period": "1Q11", "value": value, "direction": word, "unit": "%", "line": 1,
                 "label": "Operating income"}])


def test_sign_and_word_agree(ws):
    # "down (5.0%)": parentheses and "down" both say negative
    write_signed(ws, "(5.0)", "down")
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


def test_sign_contradicts_word(ws):
    write_signed(ws, "+5.0", "down")
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "+5.0 is printed with the word 'down'", "opposite sign", "deck.txt:1 '+5.0'")
    (finding,) = ws.check(RULE, fmt="json").findings
    assert finding["facts"][0]["id"] == "t.oi.yoy"
    assert finding["facts"][0]["value"] == "+5.0"
    assert finding["gap"] is None


def write_pair(ws, relative_word):
    ws.deck(["Revenues 1Q11: JPY2,000 million, Down JPY111 million QoQ (" + relative_word + " 2.3%)"])
    common = {"concept": "revenue", "compare": "QoQ", "period": "1Q11", "line": 1, "label": "Revenues"}
    ws.fixture([
        {"id": "t.rev.qoq", "measure": "change", "value": "111", "direction": "down", "unit": "JPY million",
         "text": "Down JPY111 million QoQ", **common},
        {"id": "t.rev.qoq.pct", "measure": "pct_change", "value": "2.3", "direction": relative_word, "unit": "%",
         "text": f"{relative_word} 2.3%", **common},
    ])


def test_absolute_and_relative_changes_point_the_same_way(ws):
    write_pair(ws, "down")
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


def test_absolute_down_relative_up_fails(ws):
    # "Down JPY111 million QoQ (up 2.3%)" cannot be true for revenue (never negative)
    write_pair(ws, "up")
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "-111 JPY million is a decrease", "2.3% is an increase",
                       "deck.txt:1 'Down JPY111 million QoQ'", "deck.txt:1 'up 2.3%'")
    (finding,) = ws.check(RULE, fmt="json").findings
    assert {fact["id"] for fact in finding["facts"]} == {"t.rev.qoq", "t.rev.qoq.pct"}


def test_sign_mismatch_allowed_when_base_may_be_negative(ws):
    # operating income can be negative and no base level is printed: a mismatch is not provably wrong
    ws.deck(["Operating income 1Q11: Down JPY111 million QoQ (up 2.3%)"])
    common = {"concept": "operating_income", "compare": "QoQ", "period": "1Q11", "line": 1,
              "label": "Operating income"}
    ws.fixture([
        {"id": "a", "measure": "change", "value": "111", "direction": "down", "unit": "JPY million",
         "text": "Down JPY111 million QoQ", **common},
        {"id": "b", "measure": "pct_change", "value": "2.3", "direction": "up", "unit": "%", "text": "up 2.3%",
         **common},
    ])
    result = ws.check(RULE, fmt="json")
    assert result.code == 0
    assert result.findings == []
    assert result.json["rules"][0]["checks"] == 0
