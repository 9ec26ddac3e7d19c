"""Issue 14: document metadata (kind, date, standard) and accounting standards in the figure key."""

import pytest

from conftest import assert_clean, dump_yaml


def release(ws, name, facts, *, standard=None, date="2020-05-12", kind="results_release", lines=None):
    """A release ``name``.txt whose lines are the facts' texts, and its fixture ``name``.yaml."""
    deck_lines = lines or [f"{fact['label']}\t{fact['value']}" for fact in facts]
    ws.deck(deck_lines, name=f"{name}.txt")
    data = {"document": f"decks/{name}.txt"}
    for field, value in (("kind", kind), ("date", date), ("standard", standard)):
        if value is not None:
            data[field] = value
    data["facts"] = [{"line": index, **fact} for index, fact in enumerate(facts, 1)]
    path = ws.fx / f"{name}.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


def revenue(fact_id, period, value, **extra):
    return {"id": fact_id, "concept": "revenue", "period": period, "value": value, "unit": "JPY million",
            "label": "Revenue", **extra}


def test_one_period_under_two_standards_is_two_figures(ws):
    release(ws, "gaap", [revenue("g.rev.1h18", "1H18", "97,000")], standard="US GAAP", date="2018-11-08")
    release(ws, "ifrs", [revenue("i.rev.1h18", "1H18", "95,500")], standard="IFRS", date="2019-11-07")
    result = ws.check("agreement", fmt="json")
    assert result.code == 0 and result.findings == [], str(result)


def test_two_documents_of_one_standard_still_disagree(ws):
    release(ws, "ifrs1", [revenue("a.rev.1h18", "1H18", "95,500")], standard="IFRS", date="2019-11-07")
    release(ws, "ifrs2", [revenue("b.rev.1h18", "1H18", "97,000")], standard="IFRS", date="2020-05-12")
    result = ws.check("agreement", fmt="json")
    assert result.code == 1
    (finding,) = result.findings
    assert {fact["id"] for fact in finding["facts"]} == {"a.rev.1h18", "b.rev.1h18"}
    assert "1H18 (2018-04..2018-09) (actual, IFRS)" in finding["message"]


def test_an_undeclared_standard_is_not_assumed(ws):
    # the deck declares no standard: its figure meets neither the IFRS one nor is taken for US GAAP
    release(ws, "deck", [revenue("d.rev.1h18", "1H18", "97,000")], kind=None, date=None)
    release(ws, "ifrs", [revenue("i.rev.1h18", "1H18", "95,500")], standard="IFRS", date="2019-11-07")
    release(ws, "gaap", [revenue("g.rev.1h18", "1H18", "97,000")], standard="US GAAP", date="2018-11-08")
    result = ws.check("agreement", fmt="json")
    assert result.code == 0 and result.findings == [], str(result)
    assert {rule["id"]: rule for rule in result.json["rules"]}["agreement"]["checks"] == 0


def test_a_yoy_in_an_ifrs_release_compares_with_the_ifrs_comparative(ws):
    facts = [revenue("i.rev.fy19", "FY2019", "204,000"), revenue("i.rev.fy18", "FY2018", "185,000"),
             {**revenue("i.rev.fy19.yoy", "FY2019", "10.3"), "measure": "pct_change", "compare": "YoY",
              "unit": "%", "direction": "up"}]
    release(ws, "ifrs", facts, standard="IFRS", date="2020-05-12")
    # the US GAAP FY2018 revenue (JPY 194,000 million) would make the YoY 5.2%
    release(ws, "gaap", [revenue("g.rev.fy18", "FY2018", "194,000")], standard="US GAAP", date="2019-05-14")
    assert_clean(ws.check("change-relative", fmt="json"), "change-relative", checks=1)


def test_a_wrong_yoy_against_the_ifrs_comparative_fails(ws):
    facts = [revenue("i.rev.fy19", "FY2019", "204,000"), revenue("i.rev.fy18", "FY2018", "185,000"),
             {**revenue("i.rev.fy19.yoy", "FY2019", "5.2"), "measure": "pct_change", "compare": "YoY",
              "unit": "%", "direction": "up"}]
    release(ws, "ifrs", facts, standard="IFRS", date="2020-05-12")
    release(ws, "gaap", [revenue("g.rev.fy18", "FY2018", "194,000")], standard="US GAAP", date="2019-05-14")
    result = ws.check("change-relative", fmt="json")
    assert result.code == 1
    (finding,) = result.findings
    assert {fact["id"] for fact in finding["facts"]} == {"i.rev.fy19", "i.rev.fy18", "i.rev.fy19.yoy"}


def test_a_comparative_under_another_standard_is_recorded_as_such(ws):
    # the IFRS release prints the US GAAP FY2018 figure for reference: it meets the US GAAP release's
    release(ws, "ifrs", [revenue("i.rev.fy18.gaap", "FY2018", "194,100", standard="US GAAP")],
            standard="IFRS", date="2020-05-12")
    release(ws, "gaap", [revenue("g.rev.fy18", "FY2018", "194,000")], standard="US GAAP", date="2019-05-14")
    result = ws.check("agreement", fmt="json")
    assert result.code == 1
    (finding,) = result.findings
    assert {fact["id"] for fact in finding["facts"]} == {"i.rev.fy18.gaap", "g.rev.fy18"}
    assert "(actual, US GAAP)" in finding["message"]


def test_figures_of_two_standards_never_aggregate(ws):
    quarters = [revenue("i.rev.1h18", "1H18", "95,000"), revenue("i.rev.2h18", "2H18", "99,000")]
    release(ws, "ifrs", quarters, standard="IFRS", date="2019-05-14")
    release(ws, "gaap", [revenue("g.rev.fy18", "FY2018", "190,000")], standard="US GAAP", date="2019-05-14")
    result = ws.check("period-aggregation", fmt="json")
    assert result.code == 0 and result.findings == [], str(result)
    release(ws, "gaap", [revenue("g.rev.fy18", "FY2018", "190,000")], standard="IFRS", date="2019-05-14")
    assert ws.check("period-aggregation").code == 1


@pytest.mark.parametrize("fields, line_key, needle", [
    ({"kind": "results_release"}, "kind", "a document with 'kind' needs its publication 'date'"),
    ({"standard": "IFRS"}, "standard", "a document with 'standard' needs its publication 'date'"),
    ({"kind": "deck", "date": "2019-02-30"}, "date", "impossible date '2019-02-30'"),
    ({"kind": "deck", "date": "12 May 2020"}, "date", "date"),
    ({"kind": "deck", "date": "2020-05-12", "standard": "GAAP"}, "standard", "standard"),
    ({"kind": "press", "date": "2020-05-12"}, "kind", "kind"),
])
def test_bad_document_metadata_is_exit_2_at_its_line(ws, fields, line_key, needle):
    ws.deck(["Revenue\t1"])
    data = {"document": "decks/deck.txt", **fields,
            "facts": [{"id": "t.rev", "concept": "revenue", "period": "FY2019", "value": "1",
                       "unit": "JPY million", "line": 1, "label": "Revenue"}]}
    path = ws.fx / "deck.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    result = ws.check("agreement")
    assert result.code == 2, str(result)
    line = next(number for number, text in enumerate(path.read_text().splitlines(), 1)
                if text.startswith(f"{line_key}:"))
    assert f"deck.yaml:{line}:" in result.err and needle in result.err and "Traceback" not in result.err


def test_a_document_declared_two_ways_is_exit_2(ws):
    ws.deck(["Revenue\t1"])
    for name, date in (("a.yaml", "2020-05-12"), ("b.yaml", "2020-05-13")):
        data = {"document": "decks/deck.txt", "kind": "deck", "date": date,
                "facts": [{"id": f"{name}.rev", "concept": "revenue", "period": "FY2019", "value": "1",
                           "unit": "JPY million", "line": 1, "label": "Revenue"}]}
        (ws.fx / name).write_text(dump_yaml(data), encoding="utf-8")
    result = ws.check("agreement")
    assert result.code == 2
    assert "b.yaml:1: deck.txt is declared with kind, date, standard and usd_rate" in result.err


def test_metadata_survives_the_cache(ws):
    # the second run reads the fixture from the cache: the document keeps its standard and kind
    release(ws, "ifrs1", [revenue("a.rev.1h18", "1H18", "95,500")], standard="IFRS", date="2019-11-07")
    release(ws, "gaap", [revenue("b.rev.1h18", "1H18", "97,000")], standard="US GAAP", date="2018-11-08")
    first = ws.check("agreement", fmt="json")
    second = ws.check("agreement", fmt="json")
    assert first.code == second.code == 0 and first.out == second.out
