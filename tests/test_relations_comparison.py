"""Issue 15, class 5: comparison phrases in prose ("Compared to 2Q12, SG&A slightly increased") recorded as
``comparison`` claims: rule comparison-claims."""

from conftest import dump_yaml

RULE = "comparison-claims"


def write(ws, compare, direction="increased", levels=(), change=None):
    """A 2Q12 SG&A figure (a change against ``change``'s period, or a level) and one comparison claim."""
    lines = [f"SG&A {period} JPY{value} million" for period, value in levels]
    facts = [{"id": f"t.{period}", "concept": "sga_rd", "period": period, "value": value, "unit": "JPY million",
              "line": number, "text": f"JPY{value} million", "label": "SG&A"}
             for number, (period, value) in enumerate(levels, 1)]
    if change is not None:
        base, value, word = change
        lines.append(f"2Q12 SG&A: {word} JPY{value} million compared to {base}")
        facts.append({"id": "t.change", "concept": "sga_rd", "period": "2Q12", "measure": "change", "compare": base,
                      "value": value, "direction": word, "unit": "JPY million", "line": len(lines),
                      "text": f"{word} JPY{value} million", "label": "SG&A"})
    lines.append(f"Compared to {compare}, SG&A slightly {direction}")
    subject = "t.change" if change is not None else "t.2Q12"
    claim = {"id": "t.claim", "kind": "comparison", "facts": [subject], "compare": compare, "direction": direction,
             "line": len(lines), "text": f"Compared to {compare}, SG&A slightly {direction}"}
    ws.deck(lines)
    (ws.fx / "deck.yaml").write_text(dump_yaml({"document": "decks/deck.txt", "facts": facts, "claims": [claim]}),
                                     encoding="utf-8")


def only_finding(ws):
    result = ws.check(RULE, fmt="json")
    assert result.code == 1, result
    (finding,) = result.findings
    return finding


def test_a_phrase_that_compares_a_period_with_itself_fails(ws):
    write(ws, "2Q12", change=("2Q11", "239", "up"))
    finding = only_finding(ws)
    assert "claim t.claim (deck.txt:2 'Compared to 2Q12, SG&A slightly increased') compares 2Q12 " in finding["message"]
    assert "with itself" in finding["message"]
    assert [fact["id"] for fact in finding["facts"]] == ["t.change"]


def test_a_phrase_that_matches_the_printed_change_passes(ws):
    write(ws, "2Q11", change=("2Q11", "239", "up"))
    result = ws.check(RULE, fmt="json")
    assert result.code == 0
    assert {item["id"]: item for item in result.json["rules"]}[RULE]["passed"] == 1


def test_a_phrase_against_the_sign_of_the_printed_change_fails(ws):
    write(ws, "1Q12", "increased", change=("1Q12", "5", "down"))
    finding = only_finding(ws)
    assert "says 'increased', but -5 JPY million gives [-5.5, -4.5] JPY million" in finding["message"]


def test_the_levels_of_both_periods_decide_when_no_change_is_printed(ws):
    write(ws, "1Q12", "decreased", levels=[("1Q12", "3,450"), ("2Q12", "3,445")])
    assert ws.check(RULE).code == 0
    write(ws, "1Q12", "decreased", levels=[("1Q12", "3,440"), ("2Q12", "3,445")])
    finding = only_finding(ws)
    assert {fact["id"] for fact in finding["facts"]} == {"t.1Q12", "t.2Q12"}


def test_a_compared_period_printed_nowhere_fails(ws):
    write(ws, "3Q11", levels=[("1Q12", "3,450"), ("2Q12", "3,445")])
    finding = only_finding(ws)
    assert "compares with 3Q11 (2011-10..2011-12), a period the dataset prints nowhere" in finding["message"]


def test_without_figures_for_the_difference_only_the_periods_are_checked(ws):
    ws.deck(["SG&A 2Q12 JPY3,445 million", "Revenues 2Q11 JPY23,000 million",
             "Compared to 2Q11, SG&A slightly increased"])
    facts = [{"id": "t.sga", "concept": "sga_rd", "period": "2Q12", "value": "3,445", "unit": "JPY million",
              "line": 1, "text": "JPY3,445 million", "label": "SG&A"},
             {"id": "t.revenue", "concept": "revenue", "period": "2Q11", "value": "23,000", "unit": "JPY million",
              "line": 2, "text": "JPY23,000 million", "label": "Revenues"}]
    claim = {"id": "t.claim", "kind": "comparison", "facts": ["t.sga"], "compare": "2Q11", "direction": "increased",
             "line": 3, "text": "Compared to 2Q11, SG&A slightly increased"}
    (ws.fx / "deck.yaml").write_text(dump_yaml({"document": "decks/deck.txt", "facts": facts, "claims": [claim]}),
                                     encoding="utf-8")
    result = ws.check(RULE, fmt="json")
    assert result.code == 0
    assert {item["id"]: item for item in result.json["rules"]}[RULE]["passed"] == 1


def test_a_comparison_claim_needs_its_compared_period_and_a_direction_word(ws):
    write(ws, "2Q11", change=("2Q11", "239", "up"))
    path = ws.fx / "deck.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("direction: increased", "direction: sideways"),
                    encoding="utf-8")
    result = ws.check(RULE)
    assert result.code == 2
    assert "claim t.claim: a comparison claim needs compare (the compared period) and a direction word of the " \
           "vocabulary, not 'sideways'" in result.err


def test_an_unreadable_compared_period_is_refused_at_its_claim(ws):
    write(ws, "2Q11", change=("2Q11", "239", "up"))
    path = ws.fx / "deck.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("compare: 2Q11\n  direction", "compare: 2Q13Q\n  direction"),
                    encoding="utf-8")
    result = ws.check(RULE)
    assert result.code == 2
    assert "claim t.claim: compare:" in result.err
    assert "deck.yaml:" in result.err
