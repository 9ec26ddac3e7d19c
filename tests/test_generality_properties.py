"""Issue 14, property: a dataset of consistent documents of several vintages and both standards gives no
finding. The documents are drawn by hypothesis: a US GAAP full-year release (its 1H18, 2H18 and FY2018),
then one to three IFRS releases on later dates, each printing the current half-year against the 1H18
restated under IFRS (a different figure from the US GAAP one) with its YoY, the US GAAP 1H18 for
reference, and the FY2019 target of its date: the first states the initial target, each later one the
previous target, the revised target, the revision and the change from the initial target."""

import math
import tempfile
from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_generality_dataset import audit
from conftest import dump_yaml

AMOUNT = st.integers(20_000, 150_000)


def percent(current: int, base: int) -> str:
    """The YoY as a release prints it: (current - base) / base in %, one decimal, half away from zero."""
    exact = abs(Fraction(current - base, base) * 100)
    tenths = math.floor(exact * 10 + Fraction(1, 2))
    return f"{tenths // 10}.{tenths % 10}"


@st.composite
def datasets(draw):
    gaap = (draw(AMOUNT), draw(AMOUNT))                      # US GAAP 1H18, 2H18
    ifrs_1h18, ifrs_1h19 = draw(AMOUNT), draw(AMOUNT)        # the IFRS restated comparative, the current half
    count = draw(st.integers(1, 3))
    targets = [draw(st.integers(150_000, 260_000)) for _ in range(count)]
    days = sorted(draw(st.sets(st.integers(1, 28), min_size=count, max_size=count)))
    return gaap, ifrs_1h18, ifrs_1h19, targets, [f"2019-{6 + index:02d}-{day:02d}" for index, day in enumerate(days)]


class Document:
    """One document's lines and facts: each fact is printed on a line of its own ("label<TAB>text")."""

    def __init__(self, name: str, date: str, standard: str):
        self.name, self.date, self.standard = name, date, standard
        self.lines, self.facts = [f"Results ({standard}) {date} [written for the tests]"], []

    def add(self, label: str, text: str, **fact) -> None:
        self.lines.append(f"{label}\t{text}")
        self.facts.append({"id": f"{self.name}.{len(self.facts)}", "label": label, "line": len(self.lines),
                           "text": text, "unit": "JPY million", "concept": "revenue", **fact})

    def write(self, root: Path) -> None:
        (root / "docs" / f"{self.name}.txt").write_text("\n".join(self.lines) + "\n", encoding="utf-8")
        data = {"document": f"docs/{self.name}.txt", "kind": "results_release", "date": self.date,
                "standard": self.standard, "facts": self.facts}
        (root / f"{self.name}.yaml").write_text(dump_yaml(data), encoding="utf-8")


def level(document: Document, label: str, period: str, value: int, **extra) -> None:
    document.add(label, f"{value:,}", period=period, value=f"{value:,}", **extra)


def documents(gaap, ifrs_1h18, ifrs_1h19, targets, dates) -> list[Document]:
    us = Document("gaap", "2019-05-14", "US GAAP")
    level(us, "Revenues 1H18", "1H18", gaap[0])
    level(us, "Revenues 2H18", "2H18", gaap[1])
    level(us, "Total revenues FY2018", "FY2018", gaap[0] + gaap[1])
    found = [us]
    for number, (target, date) in enumerate(zip(targets, dates)):
        ifrs = Document(f"ifrs{number}", date, "IFRS")
        level(ifrs, "Revenues 1H19", "1H19", ifrs_1h19)
        level(ifrs, "Revenues 1H18 (restated under IFRS)", "1H18", ifrs_1h18)
        direction = "up" if ifrs_1h19 >= ifrs_1h18 else "down"
        ifrs.add("Revenues YoY", f"{direction} {percent(ifrs_1h19, ifrs_1h18)}%", period="1H19",
                 measure="pct_change", compare="YoY", value=percent(ifrs_1h19, ifrs_1h18), direction=direction,
                 unit="%")
        level(ifrs, "Revenues 1H18 under U.S. GAAP (for reference)", "1H18", gaap[0], standard="US GAAP")
        if number == 0:
            level(ifrs, "FY2019 target", "FY2019", target, basis="target")
        else:
            level(ifrs, "FY2019 previous target", "FY2019", targets[number - 1], basis="previous_target")
            level(ifrs, "FY2019 revised target", "FY2019", target, basis="revised_target")
            for label, earlier, base_basis in (("revision", targets[number - 1], "previous_target"),
                                               ("from the initial target", targets[0], "initial_target")):
                ifrs.add(f"FY2019 target, {label}", f"{target - earlier:+,}", period="FY2019", measure="change",
                         basis="target", base_basis=base_basis, value=f"{target - earlier:+,}")
        found.append(ifrs)
    return found


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(datasets())
def test_consistent_documents_of_several_vintages_and_both_standards_give_no_finding(capsys, dataset):
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / "docs").mkdir()
        for document in documents(*dataset):
            document.write(root)
        code, report = audit(root, capsys)
    assert report["findings"] == [], report["findings"]
    assert code == 0
    passed = {rule["id"]: rule["passed"] for rule in report["rules"]}
    assert passed["change-relative"] >= 1          # the IFRS YoY, against the IFRS comparative
    assert passed["period-aggregation"] >= 1       # the US GAAP year
    # each revision tied to the vintage before it, each change from the initial target to the first one
    # (in the second document the two are one figure: the previous target is the initial one)
    assert passed["change-absolute"] >= 2 * len(dataset[3]) - 3


def test_the_generated_documents_fail_when_the_comparative_is_the_us_gaap_figure(capsys):
    """The check is not vacuous: a YoY computed against the US GAAP 1H18 fails against the IFRS one."""
    gaap, ifrs_1h18, ifrs_1h19 = (50_000, 60_000), 46_000, 52_000
    found = documents(gaap, ifrs_1h18, ifrs_1h19, [200_000], ["2019-08-07"])
    yoy = next(fact for fact in found[1].facts if fact.get("measure") == "pct_change")
    wrong = percent(ifrs_1h19, gaap[0])                      # 4.0 instead of 13.0
    found[1].lines[yoy["line"] - 1] = f"{yoy['label']}\tup {wrong}%"
    yoy.update(value=wrong, text=f"up {wrong}%")
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / "docs").mkdir()
        for document in found:
            document.write(root)
        code, report = audit(root, capsys)
    assert code == 1
    assert [(finding["rule"], {fact["id"] for fact in finding["facts"]}) for finding in report["findings"]] == [
        ("change-relative", {"ifrs0.0", "ifrs0.1", "ifrs0.2"})]
