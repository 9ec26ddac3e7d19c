"""Issue 14: a fact's ``header`` adds to its group's headers instead of replacing them."""

from conftest import assert_clean, assert_one_finding, dump_yaml

DECK = [
    "\tFY2019 Results",            # 1: column heading (period text)
    "Operating profit",            # 2: row heading (label)
    "\tTotal\t12.3",               # 3: the figure
]


def write(ws, group_header, fact_header, label="Operating profit", inner_group=False):
    ws.deck(DECK)
    fact = {"id": "t.op", "concept": "operating_income", "value": "12.3", "line": 3, "label": label}
    if fact_header is not None:
        fact["header"] = fact_header
    items = [fact]
    if inner_group:
        items = [{"header": 2, "facts": items}]
    data = {"document": "decks/deck.txt",
            "facts": [{"header": group_header, "period": "FY2019", "period_text": "FY2019", "unit": "JPY billion",
                       "facts": items}]}
    path = ws.fx / "deck.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


def test_a_fact_header_adds_to_its_group_header(ws):
    write(ws, 1, 2)
    assert_clean(ws.check("provenance", "period-label", fmt="json"), "provenance", checks=1)


def test_an_inner_group_header_adds_too(ws):
    write(ws, 1, None, inner_group=True)
    assert_clean(ws.check("provenance", "period-label", fmt="json"), "provenance", checks=1)


def test_the_same_header_twice_is_one_header(ws):
    write(ws, [1, 2], [2, 1], label="Missing label")
    result = ws.check("provenance")
    assert result.code == 1
    assert_one_finding(result, "provenance", "label 'Missing label' is not on line 3 or header line(s) 1, 2")


def test_a_label_on_neither_header_still_fails(ws):
    write(ws, 1, 2, label="Net profit")
    result = ws.check("provenance")
    assert result.code == 1
    assert_one_finding(result, "provenance", "label 'Net profit' is not on line 3 or header line(s) 1, 2")


def test_a_fact_header_outside_the_document_is_exit_2_at_its_line(ws):
    path = write(ws, 1, 99)
    result = ws.check("provenance")
    assert result.code == 2
    assert "header line 99 is outside deck.txt" in result.err
    line = next(number for number, text in enumerate(path.read_text().splitlines(), 1) if "header: 99" in text)
    assert f"{path.name}:{line}: fact t.op:" in result.err


def test_a_fact_header_that_is_not_a_line_number_is_exit_2(ws):
    path = write(ws, 1, "two")
    result = ws.check("provenance")
    assert result.code == 2
    assert f"{path.name}:" in result.err and "fact t.op: header" in result.err and "Traceback" not in result.err


# Run-together table cells: the text cites the run up to its number boundaries, the cell in braces.
ROW = "Previous Target (A)97,7002,2001,50055012.20"
CELLS = [("revenue", "97,700", "{97,700}2,2001,50055012.20"),
         ("operating_income", "2,200", "97,700{2,200}1,50055012.20"),
         ("income_before_tax", "1,500", "97,7002,200{1,500}55012.20"),
         ("net_income", "550", "97,7002,2001,500{550}12.20")]


def row(ws, cells):
    ws.deck(["\tRevenues\tOperating profit\tProfit before tax\tNet profit\tEPS", ROW])
    facts = [{"id": f"t.{concept}", "concept": concept, "value": value, "text": text} for concept, value, text in cells]
    data = {"document": "decks/deck.txt", "facts": [{"label": "Previous Target (A)", "line": 2, "header": 1,
                                                     "period": "FY2012", "unit": "JPY million", "facts": facts}]}
    path = ws.fx / "deck.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


def test_run_together_cells_are_cited_with_the_cell_in_braces(ws):
    row(ws, CELLS)
    assert_clean(ws.check("provenance", fmt="json"), "provenance", checks=4)


def test_a_bare_cell_inside_a_run_is_not_on_the_line(ws):
    row(ws, [("operating_income", "2,200", "2,200")])      # "2,200" runs on into "97,7002" and "2001"
    result = ws.check("provenance")
    assert result.code == 1
    assert_one_finding(result, "provenance", "text '2,200' is not on line 2", "deck.txt:2")


def test_a_braced_cell_that_stops_inside_the_run_is_not_on_the_line(ws):
    row(ws, [("operating_income", "2,200", "97,700{2,200}1,500")])   # the run goes on: "1,50055012.20"
    result = ws.check("provenance")
    assert result.code == 1
    assert_one_finding(result, "provenance", "text '97,700{2,200}1,500' is not on line 2")


def test_a_value_other_than_the_braced_cell_is_exit_2(ws):
    path = row(ws, [("operating_income", "1,500", "97,700{2,200}1,50055012.20")])
    result = ws.check("provenance")
    assert result.code == 2
    assert f"{path.name}:" in result.err and "fact t.operating_income: value '1,500' is not what its text" in result.err
    assert "Traceback" not in result.err


def test_a_text_marking_two_cells_is_exit_2(ws):
    path = row(ws, [("operating_income", "2,200", "97,700{2,200}{1,500}55012.20")])
    result = ws.check("provenance")
    assert result.code == 2
    assert f"{path.name}:" in result.err and "marks 2 cells in braces" in result.err
