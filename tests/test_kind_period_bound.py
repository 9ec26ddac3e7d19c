"""Kind period_bound (rule period-bound, issue 15 class 3): a nonnegative flow of a sub-period that no
tiling uses is at most its period's, within and across documents (hi-ho's June-September 2007 revenue in
the 1H FY2007 deck against its June-December 2007 revenue in the 3Q FY2008 deck)."""

from __future__ import annotations

from auditor.loader import display_path

RULE = "period-bound"


def write(ws, seven="2,537", concept="revenue", extra=()):
    ws.deck(["hi-ho revenues: JPY 1,419 million from June 1, 2007"], name="a.txt")
    ws.fixture([{"id": "a.4m", "entity": "hi-ho", "concept": concept, "period": "2007-06..2007-09",
                 "value": "1,419", "unit": "JPY million", "line": 1, "text": "JPY 1,419 million", "label": "hi-ho"}],
               name="a.yaml", document="decks/a.txt")
    ws.deck([f"hi-ho revenues for 7 months: JPY{seven} million", *(text for _, text in extra)], name="b.txt")
    facts = [{"id": "b.7m", "entity": "hi-ho", "concept": concept, "period": "2007-06..2007-12", "value": seven,
              "unit": "JPY million", "line": 1, "text": f"JPY{seven} million", "label": "hi-ho"}]
    facts += [{**fact, "line": line} for line, (fact, _) in enumerate(extra, 2)]
    return ws.fixture(facts, name="b.yaml", document="decks/b.txt")


def stats(result) -> dict:
    return {item["id"]: item for item in result.json["rules"]}[RULE]


def test_a_part_across_documents_within_its_period_passes(ws):
    write(ws)
    result = ws.check(RULE, fmt="json")
    assert result.code == 0
    assert (stats(result)["passed"], stats(result)["failed"]) == (1, 0)


def test_a_period_below_its_part_is_a_finding_naming_both(ws):
    fixture = write(ws, seven="1,237")
    result = ws.check(RULE, fmt="json")
    assert result.code == 1
    (finding,) = result.findings
    assert [fact["id"] for fact in finding["facts"]] == ["b.7m", "a.4m"]
    assert finding["check"] == "1,419 JPY million (2007-06..2007-09) <= 1,237 JPY million (2007-06..2007-12)"
    assert finding["message"].startswith("a sub-period's nonnegative flow at most its period's fails: ")
    (line,) = ws.check(RULE).finding_lines(RULE)
    assert line.startswith(f"{display_path(str(fixture))}:"), line


def test_a_flow_that_may_be_negative_is_not_bounded(ws):
    write(ws, seven="1,237", concept="operating_income")
    result = ws.check(RULE, fmt="json")
    assert result.code == 0 and stats(result)["checks"] == 0


def test_parts_that_tile_the_period_are_left_to_aggregation(ws):
    rest = {"id": "b.3m", "entity": "hi-ho", "concept": "revenue", "period": "2007-10..2007-12", "value": "1,118",
            "unit": "JPY million", "text": "JPY1,118 million", "label": "hi-ho"}
    write(ws, extra=[(rest, "hi-ho revenues Oct-Dec 2007: JPY1,118 million")])
    result = ws.check(RULE, "period-aggregation", fmt="json")
    assert result.code == 0, str(result)
    assert stats(result)["checks"] == 0
    assert {item["id"]: item for item in result.json["rules"]}["period-aggregation"]["passed"] == 1
