"""`iij-audit extract` on the command line: the printed draft, --into (create, merge, run twice), what the
draft loads as, and the refusals (exit 2, ``path[:line]: message``)."""

from __future__ import annotations

import yaml

from conftest import RULES

DECK = [
    "II-1. Consolidated Results for 1Q FY2011",      # 1
    "Unit: JPY billion",                             # 2
    "\t1Q11 (11/4~11/6)\t1Q10 (10/4~10/6)\tYoY",     # 3
    "Total Revenues\t23.4\t15.8\t47.7%",             # 4
    "Operating Income\t0.9\t0.3\t244.2%",            # 5
    "",                                              # 6
    "- Total revenues: JPY23,362 million (up 47.7% YoY)",  # 7
    "",                                              # 8
    "YoY = 1Q11 compared to 1Q10",                   # 9
]


def extract(ws, *args):
    return ws.run("extract", *args, "--vocabulary", RULES)


def test_prints_a_draft_that_loads_as_yaml(ws):
    ws.deck(DECK)
    result = extract(ws, ws.decks / "deck.txt")
    assert result.code == 0, result
    data = yaml.safe_load(result.out)
    assert data["document"].endswith("deck.txt")
    facts = {(f["line"], f["text"]): f for f in data["facts"]}
    assert set(facts) == {(4, "23.4"), (4, "15.8"), (4, "47.7%"), (5, "0.9"), (5, "0.3"), (5, "244.2%"),
                          (7, "JPY23,362 million"), (7, "up 47.7% YoY")}
    assert facts[(4, "23.4")]["id"] == "ddeck.l4.1"
    assert facts[(7, "up 47.7% YoY")]["id"] == "ddeck.l7.2"


def test_into_a_new_fixture_writes_a_draft_that_validates_and_checks(ws):
    ws.deck(DECK)
    fixture = ws.fx / "deck.yaml"
    result = extract(ws, ws.decks / "deck.txt", "--into", fixture)
    assert result.code == 0, result
    assert result.out.splitlines()[0] == f"{fixture}: added 8 fact(s), 2 with a todo"
    assert "  ddeck.l7.1: line 7: JPY23,362 million (todo: check the period 1Q11" in result.out
    assert yaml.safe_load(fixture.read_text())["document"] == "decks/deck.txt"
    assert ws.run("validate", fixture, "--rules", RULES).code == 0
    checked = ws.check("provenance", "change-relative", "agreement", fmt="json")
    assert checked.code == 0, checked
    assert checked.json["summary"]["failed"] == 0


def test_the_same_document_gives_the_same_draft(ws):
    ws.deck(DECK)
    first = extract(ws, ws.decks / "deck.txt")
    second = extract(ws, ws.decks / "deck.txt")
    assert first.out == second.out


def test_merge_keeps_reviewed_facts_and_appends_new_ones_once(ws):
    ws.deck(DECK)
    fixture = ws.fx / "deck.yaml"
    reviewed = ("document: decks/deck.txt\n"
                "facts:\n"
                "  # reviewed by hand\n"
                "  - header: 3\n"
                "    unit: JPY billion\n"
                "    facts:\n"
                "      - {id: t.rev.1q11, concept: revenue, period: 1Q11, value: \"23.4\", line: 4,\n"
                "         label: Total Revenues, note: kept as reviewed}\n"
                "claims: []\n")
    fixture.write_text(reviewed)
    result = extract(ws, ws.decks / "deck.txt", "--into", fixture)
    assert result.code == 0, result
    assert result.out.splitlines()[0] == f"{fixture}: added 7 fact(s), 2 with a todo"
    text = fixture.read_text()
    assert text.startswith(reviewed[:reviewed.index("claims:")])
    assert text.endswith("claims: []\n")
    data = yaml.safe_load(text)
    ids = [f.get("id") for f in data["facts"]]
    assert ids[0] is None and "t.rev.1q11" not in ids[1:]  # the group first, untouched
    assert (4, "23.4") not in {(f["line"], f["text"]) for f in data["facts"][1:]}
    again = extract(ws, ws.decks / "deck.txt", "--into", fixture)
    assert again.out.splitlines() == [f"{fixture}: added 0 fact(s), 0 with a todo"]
    assert fixture.read_text() == text
    assert ws.run("validate", fixture, "--rules", RULES).code == 0


def test_merge_into_an_empty_fact_list(ws):
    ws.deck(DECK)
    fixture = ws.fx / "deck.yaml"
    fixture.write_text("document: decks/deck.txt\nfacts: []\n")
    result = extract(ws, ws.decks / "deck.txt", "--into", fixture)
    assert result.code == 0, result
    assert len(yaml.safe_load(fixture.read_text())["facts"]) == 8


def test_todo_is_a_field_the_loader_accepts(ws):
    ws.deck(DECK)
    ws.fixture([{"id": "t.a", "concept": "revenue", "period": "1Q11", "value": "23.4", "unit": "JPY billion",
                 "line": 4, "label": "Total Revenues", "todo": "check the period"}])
    assert ws.run("validate", ws.fx / "deck.yaml", "--rules", RULES).code == 0


# ------------------------------------------------------------------------------------------------ refusals
def test_missing_document_is_exit_2_with_its_path(ws):
    result = extract(ws, ws.root / "nowhere.txt")
    assert result.code == 2
    assert result.err.splitlines()[0].startswith(f"{ws.root / 'nowhere.txt'}: cannot read file")


def test_document_not_utf8_is_exit_2_with_its_line(ws):
    (ws.decks / "bad.txt").write_bytes(b"Total Revenues\t23.4\n\xff\xfe\n")
    result = extract(ws, ws.decks / "bad.txt")
    assert result.code == 2
    assert result.err.splitlines()[0] == f"{ws.decks / 'bad.txt'}:2: not valid UTF-8 (byte 0xff)"


def test_into_the_document_itself_is_refused(ws):
    ws.deck(DECK)
    before = (ws.decks / "deck.txt").read_text()
    result = extract(ws, ws.decks / "deck.txt", "--into", ws.decks / "deck.txt")
    assert result.code == 2
    assert "refusing to write the draft over the document" in result.err
    assert (ws.decks / "deck.txt").read_text() == before


def test_into_a_flow_style_fact_list_is_refused_and_left_alone(ws):
    ws.deck(DECK)
    fixture = ws.fx / "deck.yaml"
    fixture.write_text("document: decks/deck.txt\nfacts: [{id: a, concept: revenue, period: 1Q11, value: '1',"
                       " unit: JPY billion, line: 4, label: Total Revenues}]\n")
    before = fixture.read_text()
    result = extract(ws, ws.decks / "deck.txt", "--into", fixture)
    assert result.code == 2
    assert result.err.splitlines()[0] == (f"{fixture}: cannot append to this fixture: its 'facts' is not a "
                                          "block list ('facts:' on a line of its own)")
    assert fixture.read_text() == before


def test_into_invalid_yaml_is_exit_2_with_its_line(ws):
    ws.deck(DECK)
    fixture = ws.fx / "deck.yaml"
    fixture.write_text("document: decks/deck.txt\nfacts:\n  - {id: a\n")
    result = extract(ws, ws.decks / "deck.txt", "--into", fixture)
    assert result.code == 2
    assert result.err.startswith(f"{fixture}:")
    assert "invalid YAML" in result.err


def test_bad_vocabulary_path_is_exit_2(ws):
    ws.deck(DECK)
    result = ws.run("extract", ws.decks / "deck.txt", "--vocabulary", ws.root / "missing")
    assert result.code == 2
    assert result.err.splitlines()[0] == f"{ws.root / 'missing'}: no such file or directory"


# --------------------------------------------------------------------------------------- untrusted text
def test_document_text_cannot_forge_output_or_yaml_structure(ws):
    ws.deck(["Revenues \x1b[31m\"}\n".rstrip("\n") + ": JPY1,234 million in 1Q11",
             "Sales\u2028- id: evil: JPY5 million in 1Q11"])
    fixture = ws.fx / "deck.yaml"
    result = extract(ws, ws.decks / "deck.txt", "--into", fixture)
    assert result.code == 0, result
    assert "\x1b" not in result.out
    data = yaml.safe_load(fixture.read_text())
    assert [f["line"] for f in data["facts"]] == [1, 2]
    assert data["facts"][0]["label"].startswith("Revenues \x1b[31m")
    assert all(f["id"].startswith("ddeck.") for f in data["facts"])
