"""Property tests: true figures rounded for display never produce a finding; one figure pushed beyond its
rounding slack always does, and the finding names it."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.cli import main
from auditor.interval import Interval, sum_all
from conftest import RULES, dump_yaml

SETTINGS = settings(max_examples=50, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
UNITS = {"JPY million": Fraction(1), "JPY billion": Fraction(1000)}


def printed_text(value: Fraction, decimals: int) -> str:
    """``value`` rounded to ``decimals`` places as a deck prints it: thousands commas, (negative)."""
    scaled = round(value * 10**decimals)  # the nearest display; exact halves go either way (both display)
    whole, part = divmod(abs(scaled), 10**decimals)
    text = f"{whole:,}" + (f".{part:0{decimals}d}" if decimals else "")
    return f"({text})" if scaled < 0 else text


@dataclass
class Figure:
    id: str
    concept: str
    period: str
    label: str
    value: str               # as printed
    unit: str
    decimals: int
    measure: str = "level"
    direction: str | None = None
    text: str | None = None

    @property
    def ulp(self) -> Fraction:
        """One unit of the last printed digit, in JPY million (or in ratio for %)."""
        return Fraction(1, 10**self.decimals) * (UNITS[self.unit] if self.unit in UNITS else Fraction(1, 100))

    def fact(self, line: int) -> dict:
        fact = {"id": self.id, "concept": self.concept, "period": self.period, "value": self.value,
                "unit": self.unit, "line": line, "label": self.label}
        if self.measure != "level":
            fact.update(measure=self.measure, compare="YoY")
        if self.direction:
            fact["direction"] = self.direction
        if self.text:
            fact["text"] = self.text
        return fact

    def line(self) -> str:
        return f"{self.label} {self.period}: {self.text or self.value}"


money = st.builds(Fraction, st.integers(1_000, 5_000_000), st.sampled_from([1, 10, 1000]))
display = st.tuples(st.sampled_from(sorted(UNITS)), st.sampled_from([0, 1]))


@st.composite
def dataset(draw):
    """True P&L figures of 1Q11 and 1Q10 (JPY million) and how each is printed."""
    figures = []
    truth = {}
    for period in ("1Q11", "1Q10"):
        revenue = draw(money)
        cost = draw(st.fractions(min_value=0, max_value=revenue * Fraction(6, 5)).map(lambda f: f.limit_denominator(1000)))
        truth[period] = revenue
        for concept, label, value in (("revenue", "Total Revenues", revenue), ("cost_of_revenue", "Total Costs", cost),
                                      ("gross_margin", "Gross Margin", revenue - cost)):
            unit, decimals = draw(display)
            figures.append(Figure(f"p.{concept}.{period.lower()}", concept, period, label,
                                  printed_text(value / UNITS[unit], decimals), unit, decimals))
    change = (truth["1Q11"] - truth["1Q10"]) / truth["1Q10"] * 100  # in %
    style = draw(st.sampled_from(["signed", "word"]))
    figure = Figure("p.revenue.1q11.yoy", "revenue", "1Q11", "Total Revenues YoY", "", "%", 1, "pct_change")
    if style == "signed" or change == 0:
        figure.value = printed_text(change, 1)
        figure.text = f"{figure.value}%"
    else:
        figure.value = printed_text(abs(change), 1)
        figure.direction = "up" if change > 0 else "down"
        figure.text = f"{figure.direction} {figure.value}%"
    figures.append(figure)
    return figures


def audit(figures: list[Figure]) -> tuple[int, dict]:
    with tempfile.TemporaryDirectory() as tmp:
        fx = Path(tmp) / "fx"
        (fx / "decks").mkdir(parents=True)
        (fx / "decks" / "deck.txt").write_text("\n".join(f.line() for f in figures) + "\n", encoding="utf-8")
        facts = [figure.fact(number) for number, figure in enumerate(figures, 1)]
        (fx / "deck.yaml").write_text(dump_yaml({"document": "decks/deck.txt", "facts": facts}), encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", "--rules", str(RULES), "--fixtures", str(fx), "--format", "json"])
        assert code != 2, err.getvalue()
        return code, json.loads(out.getvalue())


def describe(figures) -> str:
    return "\n".join(f"{f.id}: {f.text or f.value} {f.unit}" for f in figures)


@SETTINGS
@given(dataset())
def test_rounded_true_values_never_produce_a_finding(figures):
    code, report = audit(figures)
    # A revenue printed as "0" (JPY billion) may be zero: the YoY change over it is undecidable, a warning
    # that says so (tests/test_trust_rules.py); nothing else may be reported.
    decided = [finding for finding in report["findings"]
               if not (finding["severity"] == "warning" and finding["message"].startswith("undecidable: "))]
    assert decided == [], describe(figures) + "\n" + json.dumps(report["findings"], indent=1)
    assert code == 0
    stats = {rule["id"]: rule for rule in report["rules"]}
    assert stats["pl-gross-margin"]["checks"] == 2          # both periods were checked, not skipped
    assert stats["provenance"]["passed"] == len(figures)


@SETTINGS
@given(dataset(), st.sampled_from(["revenue", "cost_of_revenue", "gross_margin"]), st.sampled_from([1, -1]),
       st.integers(0, 3))
def test_figure_beyond_rounding_slack_always_produces_a_finding(figures, concept, sign, extra_ulps):
    index = next(i for i, f in enumerate(figures) if f.id == f"p.{concept}.1q11")
    victim = figures[index]
    equation = [f for f in figures if f.period == "1Q11" and f.measure == "level"]
    # revenue == cost + margin: moving one figure by more than the three display widths together
    # takes its interval clear of every value the other two allow
    slack = sum(f.ulp for f in equation)
    steps = slack // victim.ulp + 1 + extra_ulps  # in units of the victim's last digit
    current = parse_printed(victim.value)
    victim.value = printed_text(current + sign * steps * Fraction(1, 10**victim.decimals), victim.decimals)

    code, report = audit(figures)
    assert code == 1, describe(figures)
    involving = [finding for finding in report["findings"]
                 if victim.id in {fact["id"] for fact in finding["facts"]}]
    assert involving, describe(figures) + "\n" + json.dumps(report["findings"], indent=1)
    rules = {finding["rule"] for finding in involving}
    assert "pl-gross-margin" in rules
    gross = next(finding for finding in involving if finding["rule"] == "pl-gross-margin")
    assert Fraction(gross["gap"]) > 0
    assert "provenance" not in {finding["rule"] for finding in report["findings"]}  # the deck prints it so


def parse_printed(text: str) -> Fraction:
    from auditor.numbers import parse_number

    return parse_number(text).value


def test_printed_text_helper():
    assert printed_text(Fraction(23362), 0) == "23,362"
    assert printed_text(Fraction("23.362"), 1) == "23.4"
    assert printed_text(Fraction("-1879.4"), 0) == "(1,879)"
    assert printed_text(Fraction("0.04"), 1) == "0.0"


@given(st.lists(st.tuples(st.fractions(), st.fractions(min_value=0, max_value=10)), min_size=1, max_size=12))
def test_sum_all_equals_adding_one_by_one(bounds):
    intervals = [Interval(lo, lo + width) for lo, width in bounds]
    expected = Interval.point(0)
    for interval in intervals:
        expected = expected + interval
    assert sum_all(intervals) == expected


@given(st.lists(st.tuples(st.fractions(), st.fractions(min_value=0, max_value=10)), min_size=2, max_size=2))
def test_interval_product_is_the_hull_of_the_four_bound_products(bounds):
    (a_lo, a_width), (b_lo, b_width) = bounds
    a, b = Interval(a_lo, a_lo + a_width), Interval(b_lo, b_lo + b_width)
    products = [x * y for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
    assert a * b == Interval(min(products), max(products))
