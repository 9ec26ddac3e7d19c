"""Issue 14: targets as of their document's date (vintages), previous/original targets resolved to earlier
vintages, revisions checked across documents, stale repeats found."""

from conftest import dump_yaml


def notice(ws, name, date, facts):
    """A dated document whose line n prints the n-th fact (label and value)."""
    ws.deck([f"{fact['label']}\t{fact['value']}" for fact in facts], name=f"{name}.txt")
    data = {"document": f"decks/{name}.txt", "kind": "target_notice", "date": date, "standard": "IFRS",
            "facts": [{"line": index, "concept": "revenue", "period": "FY2020", "unit": "JPY billion", **fact}
                      for index, fact in enumerate(facts, 1)]}
    (ws.fx / f"{name}.yaml").write_text(dump_yaml(data), encoding="utf-8")


def target(fact_id, value, basis="target", label="Target"):
    return {"id": fact_id, "basis": basis, "value": value, "label": label}


def revision(fact_id, value, direction, base_basis="previous_target"):
    return {"id": fact_id, "measure": "change", "basis": "target", "base_basis": base_basis, "value": value,
            "direction": direction, "label": "from the previous target"}


def ids(finding) -> set[str]:
    return {fact["id"] for fact in finding["facts"]}


def run(ws, *rules):
    return ws.check(*rules, fmt="json")


def test_targets_of_successive_documents_are_vintages_not_a_clash(ws):
    notice(ws, "may", "2020-05-12", [target("may.t", "220.0")])
    notice(ws, "nov", "2020-11-06", [target("nov.t", "215.0"), target("nov.rt", "215.0", "revised_target")])
    result = run(ws, "agreement")
    assert result.code == 0 and result.findings == [], ws
    stats = {rule["id"]: rule for rule in result.json["rules"]}["agreement"]
    assert stats["checks"] == 2  # the two statements of the November target, and November against May


def test_the_previous_target_is_the_earlier_vintage(ws):
    notice(ws, "may", "2020-05-12", [target("may.t", "220.0")])
    notice(ws, "nov", "2020-11-06", [target("nov.t", "215.0"), target("nov.prev", "220.0", "previous_target"),
                                     revision("nov.down", "5.0", "down")])
    result = run(ws, "agreement", "change-absolute")
    assert result.code == 0 and result.findings == [], str(result)


def test_a_previous_target_that_is_not_the_earlier_vintage_fails_agreement(ws):
    notice(ws, "may", "2020-05-12", [target("may.t", "220.0")])
    notice(ws, "nov", "2020-11-06", [target("nov.t", "215.0"), target("nov.prev", "221.0", "previous_target")])
    result = run(ws, "agreement")
    assert result.code == 1
    (finding,) = result.findings
    assert ids(finding) == {"may.t", "nov.prev"}
    assert "(target as of 2020-05-12, IFRS)" in finding["message"]


def test_a_revision_is_tied_to_the_two_vintages(ws):
    # "down JPY1.0 billion from the previous target": 215.0 - 220.0 is down 5.0, not 1.0
    notice(ws, "may", "2020-05-12", [target("may.t", "220.0")])
    notice(ws, "nov", "2020-11-06", [target("nov.t", "215.0"), revision("nov.down", "1.0", "down")])
    result = run(ws, "change-absolute")
    assert result.code == 1
    (finding,) = result.findings
    assert ids(finding) == {"may.t", "nov.t", "nov.down"}


def test_the_original_target_is_the_earliest_vintage(ws):
    notice(ws, "may", "2020-05-12", [target("may.t", "220.0")])
    notice(ws, "aug", "2020-08-06", [target("aug.t", "215.0")])
    notice(ws, "nov", "2020-11-06", [target("nov.t", "212.0"), target("nov.orig", "220.0", "original_target"),
                                     revision("nov.vs.orig", "8.0", "down", base_basis="original_target"),
                                     target("nov.prev", "215.0", "previous_target")])
    result = run(ws, "agreement", "change-absolute")
    assert result.code == 0 and result.findings == [], str(result)
    notice(ws, "nov", "2020-11-06", [target("nov.t", "212.0"), target("nov.orig", "215.0", "initial_target")])
    result = run(ws, "agreement")
    assert result.code == 1
    (finding,) = result.findings
    assert ids(finding) == {"may.t", "nov.orig"}


def test_a_previous_target_without_an_earlier_document_stands_alone(ws):
    notice(ws, "nov", "2020-11-06", [target("nov.t", "215.0"), target("nov.prev", "220.0", "previous_target"),
                                     revision("nov.down", "5.0", "down")])
    result = run(ws, "agreement", "change-absolute")
    assert result.code == 0 and result.findings == [], str(result)
    notice(ws, "nov", "2020-11-06", [target("nov.t", "215.0"), target("nov.prev", "220.0", "previous_target"),
                                     revision("nov.down", "4.0", "down")])
    assert run(ws, "change-absolute").code == 1


def test_a_stale_repeat_is_a_finding(ws):
    notice(ws, "may", "2020-05-12", [target("may.t", "220.0")])
    notice(ws, "nov", "2020-11-06", [target("nov.t", "215.0")])
    notice(ws, "feb", "2021-02-05", [target("feb.t", "220.0")])
    result = run(ws, "agreement")
    assert result.code == 1
    (finding,) = result.findings
    assert ids(finding) == {"may.t", "nov.t", "feb.t"}
    assert finding["message"].startswith("stale target: 220.0 JPY billion (feb.txt:1) states")
    assert "the target as of 2020-11-06 is 215.0 JPY billion (nov.txt:1)" in finding["message"]
    assert "the target as of 2020-05-12" in finding["message"]


def test_a_repeat_of_the_target_in_force_and_a_fresh_revision_pass(ws):
    notice(ws, "may", "2020-05-12", [target("may.t", "220.0")])
    notice(ws, "nov", "2020-11-06", [target("nov.t", "215.0")])
    notice(ws, "feb", "2021-02-05", [target("feb.t", "215.0")])
    notice(ws, "mar", "2021-03-10", [target("mar.t", "218.0")])
    result = run(ws, "agreement")
    assert result.code == 0 and result.findings == [], str(result)


def test_a_revision_back_that_cites_the_previous_target_is_not_stale(ws):
    notice(ws, "may", "2020-05-12", [target("may.t", "220.0")])
    notice(ws, "nov", "2020-11-06", [target("nov.t", "215.0")])
    notice(ws, "feb", "2021-02-05", [target("feb.t", "220.0"), target("feb.prev", "215.0", "previous_target")])
    result = run(ws, "agreement")
    assert result.code == 0 and result.findings == [], str(result)


def test_actual_figures_have_no_vintage(ws):
    notice(ws, "may", "2020-05-12", [target("may.a", "200.0", "actual")])
    notice(ws, "nov", "2020-11-06", [target("nov.a", "201.0", "actual")])
    result = run(ws, "agreement")
    assert result.code == 1
    assert ids(result.findings[0]) == {"may.a", "nov.a"}


def attainment(fact_id, value):
    return {"id": fact_id, "measure": "attainment", "basis": "actual", "base_basis": "target", "value": value,
            "unit": "%", "label": "of the target"}


def test_an_actual_against_the_target_in_force_when_the_document_states_none(ws):
    notice(ws, "may", "2020-05-12", [target("may.t", "200.0")])
    notice(ws, "nov", "2020-11-06", [target("nov.t", "210.0")])
    notice(ws, "results", "2021-05-13", [{"id": "res.a", "value": "212.1", "label": "Revenues"},
                                         attainment("res.att", "101.0")])          # 212.1 / 210.0 (November)
    result = run(ws, "actual-against-target")
    assert result.code == 0 and result.findings == [], result
    assert {rule["id"]: rule for rule in result.json["rules"]}["actual-against-target"]["passed"] == 1
    notice(ws, "results", "2021-05-13", [{"id": "res.a", "value": "212.1", "label": "Revenues"},
                                         attainment("res.att", "106.1")])          # 212.1 / 200.0 (May): stale
    result = run(ws, "actual-against-target")
    assert result.code == 1
    (finding,) = result.findings
    assert ids(finding) == {"res.a", "res.att", "nov.t"}


def test_a_document_stating_its_own_target_is_compared_with_it(ws):
    notice(ws, "may", "2020-05-12", [target("may.t", "200.0")])
    notice(ws, "results", "2021-05-13", [target("res.t", "210.0"), {"id": "res.a", "value": "212.1", "label": "Rev"},
                                         attainment("res.att", "101.0")])
    result = run(ws, "actual-against-target")
    assert result.code == 0 and result.findings == [], result


def test_a_target_change_without_its_level_is_not_compared_with_an_earlier_vintage(ws):
    # "down JPY5.0 billion from the previous target" with no revised level printed: the revised target
    # is this document's own (unknown), never May's, so nothing is compared and nothing is found
    notice(ws, "may", "2020-05-12", [target("may.t", "220.0")])
    notice(ws, "nov", "2020-11-06", [revision("nov.c", "5.0", "down")])
    result = run(ws, "change-absolute")
    assert result.code == 0 and result.findings == [], result
    assert {rule["id"]: rule for rule in result.json["rules"]}["change-absolute"]["passed"] == 0
