"""Round trip: a document generated from known facts, in a simple table or sentence layout, extracts to
those facts (line, text, value, label, concept, period, measure, unit, compare, direction)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.extract import draft_facts
from auditor.ruleset import load_rules
from conftest import RULES

VOCABULARY = load_rules(str(RULES)).vocabulary
# Each concept with a label the vocabulary lists for it.
ROWS = [("revenue", "Total Revenues"), ("cost_of_revenue", "Total Costs"), ("gross_margin", "Gross Margin"),
        ("sga_rd", "SG&A/R&D"), ("operating_income", "Operating Income"),
        ("income_before_tax", "Income before Income Tax Expense"), ("net_income", "Net Income")]


def printed(value: int, decimals: int, negative: bool = False) -> str:
    whole, part = divmod(value, 10 ** decimals)
    text = f"{whole:,}" + (f".{part:0{decimals}d}" if decimals else "")
    return f"({text})" if negative else text


figures = st.tuples(st.integers(0, 9_999_999), st.integers(0, 2), st.booleans())
rows = st.lists(st.sampled_from(ROWS), min_size=1, max_size=7, unique=True)
quarters = st.tuples(st.integers(1, 4), st.integers(5, 25))


@settings(max_examples=60, deadline=None)
@given(rows=rows, quarter=quarters, data=st.data())
def test_table_round_trip(rows, quarter, data):
    q, year = quarter
    current, previous = f"{q}Q{year:02d}", f"{q}Q{year - 1:02d}"
    lines = ["Consolidated Results", "Unit: JPY million", f"\t{current}\t{previous}\tYoY"]
    expected = []
    for concept, label in rows:
        now, before = (printed(v, d, n) for v, d, n in (data.draw(figures), data.draw(figures)))
        change = printed(*data.draw(figures))
        cell = f"({change[1:-1]}%)" if change.startswith("(") else f"{change}%"  # "(20.8%)" is negative
        number = len(lines) + 1
        lines.append(f"{label}\t{now}\t{before}\t{cell}")
        expected += [(number, now, now, concept, current, "level", "JPY million", None),
                     (number, before, before, concept, previous, "level", "JPY million", None),
                     (number, cell, change, concept, current, "pct_change", "%", "YoY")]
    drafted = draft_facts(lines, VOCABULARY, "t")
    got = [(f["line"], f["text"], f["value"], f.get("concept"), f.get("period"), f.get("measure", "level"),
            f.get("unit"), f.get("compare")) for f in drafted]
    assert got == expected
    assert all("todo" not in f for f in drafted)
    labels = {f["line"]: f["label"] for f in drafted}
    assert [labels[n] for n in sorted(labels)] == [label for _, label in rows]


@settings(max_examples=60, deadline=None)
@given(rows=rows, quarter=quarters, data=st.data())
def test_sentence_round_trip(rows, quarter, data):
    q, year = quarter
    period = f"{q}Q{year:02d}"
    lines, expected = [], []
    for concept, label in rows:
        amount = printed(*data.draw(figures)[:2])
        pct = printed(*data.draw(figures)[:2])
        word = data.draw(st.sampled_from(["up", "down"]))
        compare = data.draw(st.sampled_from(["YoY", "QoQ"]))
        number = len(lines) + 1
        lines.append(f"- {label}: JPY{amount} million ({word} {pct}% {compare})")
        expected += [(number, f"JPY{amount} million", amount, label, concept, period, "level", None, None),
                     (number, f"{word} {pct}% {compare}", pct, label, concept, period, "pct_change", compare, word)]
    lines += ["", f"YoY = {period} compared to {q}Q{year - 1:02d}"]
    drafted = draft_facts(lines, VOCABULARY, "t")
    got = [(f["line"], f["text"], f["value"], f["label"], f.get("concept"), f.get("period"),
            f.get("measure", "level"), f.get("compare"), f.get("direction")) for f in drafted]
    assert got == expected
