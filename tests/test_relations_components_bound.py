"""components kind, check: bound (rule listed-components-bound): the parts named in a list that is not
complete ("of JPY0.9 billion related to Matsue DC", "such as") add up to at most a total that cannot be
negative."""

from conftest import assert_clean, assert_one_finding

RULE = "listed-components-bound"


def write(ws, part="0.9", concept="capex", complete=False):
    ws.deck(["Domestic IIJ GIO related CAPEX", f"1H11\tJPY2.6 billion (of JPY{part} billion related to Matsue DC)"])
    facts = [{"id": f"t.{name}", "entity": "IIJ-GIO", "concept": concept, "period": "1H11", "value": value,
              "unit": "JPY billion", "line": 2, "text": f"JPY{value} billion", "label": label, **extra}
             for name, value, label, extra in (("total", "2.6", "Domestic IIJ GIO related CAPEX", {"header": 1}),
                                               ("part", part, "related to Matsue DC", {"segment": "matsue_dc"}))]
    claims = [{"id": "t.parts", "kind": "components", "total": "t.total", "facts": ["t.part"], "line": 2,
               "text": f"(of JPY{part} billion related to Matsue DC)", "complete": complete}]
    ws.fixture(facts, claims=claims)


def test_a_part_within_its_total_passes(ws):
    write(ws)
    assert_clean(ws.check(RULE, fmt="json"), RULE, checks=1)


def test_a_part_larger_than_its_total_fails(ws):
    write(ws, part="3.1")
    result = ws.check(RULE)
    assert result.code == 1
    assert_one_finding(result, RULE, "(claim t.parts, not a complete list) fails",
                       "[2,550, 2,650] JPY million reported, [3,050, 3,150] JPY million computed",
                       "deck.txt:2 'JPY2.6 billion'")


def test_a_list_of_figures_that_may_be_negative_is_skipped(ws):
    # operating income may be negative: the unlisted parts may make up for a larger listed one
    write(ws, part="3.1", concept="operating_income")
    data = ws.check(RULE, fmt="json").json
    stats = {rule["id"]: rule for rule in data["rules"]}[RULE]
    assert data["findings"] == [] and (stats["checks"], stats["skipped"]) == (0, 1)


def test_a_complete_list_is_left_to_the_sum_check(ws):
    write(ws, part="3.1", complete=True)
    data = ws.check(RULE, "listed-components", fmt="json").json
    stats = {rule["id"]: rule for rule in data["rules"]}
    assert stats[RULE]["checks"] == 0 and stats["listed-components"]["failed"] == 1
