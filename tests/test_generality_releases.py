"""Issue 14: the release-style dataset tests/data/releases (documents written for the tests in IIJ's
notation) gives exactly its planted findings; consistent documents of several vintages and both standards
give none (property test)."""

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.cli import main
from conftest import RULES, dump_yaml

RELEASES = Path(__file__).parent / "data" / "releases"

PLANTED = {
    ("usd-translation", frozenset({"b.op.1h19", "b.usd.op.1h19"})),                      # US$ 58 for 48
    ("dividends-annual", frozenset({"b.div.1h19", "b.div.2h19", "b.div.fy19"})),        # 5 + 5 != 11
    ("agreement", frozenset({"a.target.rev.fy19", "b.prev.rev.fy19", "c.target.rev.fy19",
                             "d.target.rev.fy19"})),                                    # stale target
    ("implied-base", frozenset({"c.pbt.9m19", "c.pbt.9m19.change", "c.pbt.9m19.yoy"})),  # 5,900 vs 6,000
    ("period-label", frozenset({"c.op.9m19"})),                                         # FY ending 2019
    ("agreement", frozenset({"b.rev.1h18", "c.rev.1h18"})),                             # IFRS 1H18 twice
}


def audit(fixtures, capsys) -> tuple[int, dict]:
    capsys.readouterr()
    code = main(["check", "--rules", str(RULES), "--fixtures", str(fixtures), "--format", "json", "--no-cache"])
    return code, json.loads(capsys.readouterr().out)


def test_the_release_dataset_gives_its_planted_findings_and_nothing_else(capsys):
    code, report = audit(RELEASES, capsys)
    assert code == 1
    found = {(finding["rule"], frozenset(fact["id"] for fact in finding["facts"])) for finding in report["findings"]}
    assert found == PLANTED
    assert len(report["findings"]) == len(PLANTED)
    stale = next(f for f in report["findings"] if "c.target.rev.fy19" in {x["id"] for x in f["facts"]})
    assert stale["message"].startswith("stale target:")


def test_the_release_dataset_checks_its_correct_examples(capsys):
    _, report = audit(RELEASES, capsys)
    stats = {rule["id"]: rule for rule in report["rules"]}
    # every case has a correct example that is checked and passes
    assert stats["usd-translation"]["passed"] >= 1          # US$972 million at JPY108.00
    assert stats["dividends-annual"]["passed"] >= 1         # 4.50 + 4.50 = 9.00 (US GAAP FY2018)
    assert stats["shares-outstanding"]["passed"] == 1
    assert stats["change-absolute"]["passed"] >= 4          # the revisions, tied to their vintages
    assert stats["change-relative"]["passed"] >= 3          # IFRS YoYs against IFRS comparatives
    assert stats["period-aggregation"]["passed"] >= 1       # 1H19 + 3Q19 (3 months) = 1Q-3Q19
    assert stats["period-label"]["passed"] >= 8             # cumulative 3Q19, FY2019[^5], wordings
    assert stats["provenance"]["failed"] == 0


STANDARDS = ("US GAAP", "IFRS")


@st.composite
def consistent_documents(draw):
    """2-4 dated documents, each under one of both standards, each printing the FY2018 revenue (1H, 2H,
    FY; one set of values per standard) and its FY2019 target, revised from the previous one it cites."""
    count = draw(st.integers(2, 4))
    standards = [draw(st.sampled_from(STANDARDS)) for _ in range(count)]
    halves = {standard: (draw(st.integers(40_000, 120_000)), draw(st.integers(40_000, 120_000)))
              for standard in STANDARDS}
    targets = [draw(st.integers(150_000, 260_000)) for _ in range(count)]
    documents, latest = [], {}
    for number in range(count):
        standard, (first, second) = standards[number], halves[standards[number]]
        previous = latest.get(standard, draw(st.integers(150_000, 260_000)))
        latest[standard] = targets[number]
        documents.append((f"2019-{number + 4:02d}-15", standard, first, second, previous, targets[number]))
    return documents


def write(root: Path, documents) -> None:
    (root / "docs").mkdir()
    for number, (date, standard, first, second, previous, target) in enumerate(documents):
        lines = [f"Results ({standard}) {date}", f"Revenues\t1H18\t{first:,}\t2H18\t{second:,}\tFY2018\t"
                 f"{first + second:,}", f"FY2019 target\tPrevious target\t{previous:,}\tRevised target\t{target:,}"
                 f"\tChange\t{target - previous:+,}"]
        (root / "docs" / f"d{number}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        level = {"concept": "revenue", "unit": "JPY million", "label": "Revenues"}
        facts = [{**level, "id": f"d{number}.{period}", "period": period, "value": f"{value:,}", "line": 2}
                 for period, value in (("1H18", first), ("2H18", second), ("FY2018", first + second))]
        facts += [{**level, "id": f"d{number}.prev", "period": "FY2019", "basis": "previous_target",
                   "value": f"{previous:,}", "line": 3, "label": "FY2019 target"},
                  {**level, "id": f"d{number}.target", "period": "FY2019", "basis": "revised_target",
                   "value": f"{target:,}", "line": 3, "label": "FY2019 target"},
                  {**level, "id": f"d{number}.change", "period": "FY2019", "measure": "change", "basis": "target",
                   "base_basis": "previous_target", "value": f"{target - previous:+,}", "line": 3,
                   "label": "FY2019 target"}]
        data = {"document": f"docs/d{number}.txt", "kind": "results_release", "date": date, "standard": standard,
                "facts": facts}
        (root / f"d{number}.yaml").write_text(dump_yaml(data), encoding="utf-8")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(consistent_documents())
def test_consistent_documents_of_several_vintages_and_both_standards_give_no_finding(capsys, documents):
    with tempfile.TemporaryDirectory() as directory:
        write(Path(directory), documents)
        code, report = audit(directory, capsys)
    assert report["findings"] == [], report["findings"]
    assert code == 0
    assert report["summary"]["checks"] > 0
