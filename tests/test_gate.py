"""The gate on the real dataset: a copy of fixtures/ with one printed figure changed by one digit fails.

The copy keeps the decks and waivers.yaml, so only the edit can make a difference. The edited value no
longer matches the deck, so provenance flags it too; besides that, at least one arithmetic rule must.
"""

import re
import shutil

import pytest

from conftest import FIXTURES, RULES

CASES = [
    # fixture file, fact id, printed value, value with one digit changed
    ("000_bofa_2011_1q11.yaml", "d000.pl.revenue.1q11", "23.4", "24.4"),
    ("001_1h_fy2007.yaml", "d001.pl1h.revenue.1h07", "30.0", "31.0"),
    ("002_3q_fy2008.yaml", "d002.pl3q.revenue.3q08", "17.5", "18.5"),
    ("003_1h_fy2012.yaml", "d003.pl.revenue.1h12", "51.1", "52.1"),
]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    """The JSON report of an untouched copy (the reference: which facts already fail)."""
    from auditor.cli import main
    import contextlib
    import io
    import json

    copy = tmp_path_factory.mktemp("baseline") / "fixtures"
    shutil.copytree(FIXTURES, copy)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["check", "--rules", str(RULES), "--fixtures", str(copy), "--format", "json"])
    return code, json.loads(out.getvalue())


def failing_fact_ids(report) -> set[str]:
    return {fact["id"] for finding in report["findings"] if finding["status"] == "failed"
            for fact in finding["facts"]}


def edit_copy(tmp_path, fixture, fact_id, old, new):
    copy = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, copy)
    path = copy / fixture
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    pattern = re.compile(rf"\bid: {re.escape(fact_id)}\s*,")
    (index,) = [i for i, line in enumerate(lines) if pattern.search(line)]
    assert f'value: "{old}"' in lines[index], lines[index]
    lines[index] = lines[index].replace(f'value: "{old}"', f'value: "{new}"', 1)
    path.write_text("".join(lines), encoding="utf-8")
    return copy


@pytest.mark.parametrize("fixture, fact_id, old, new", CASES, ids=[case[1] for case in CASES])
def test_one_digit_change_fails_the_gate(ws, tmp_path, baseline, fixture, fact_id, old, new):
    base_code, base_report = baseline
    assert fact_id not in failing_fact_ids(base_report), "the untouched copy already fails on this fact"

    copy = edit_copy(tmp_path, fixture, fact_id, old, new)
    text = ws.run("check", "--rules", RULES, "--fixtures", copy)
    assert text.code == 1, str(text)
    assert fact_id in text.out
    assert f"fact {fact_id} does not match" in text.out          # provenance: '{new}' is not on its line
    assert f"'{new}'" in text.out

    report = ws.run("check", "--rules", RULES, "--fixtures", copy, "--format", "json")
    assert report.code == 1
    involving = [finding for finding in report.findings if finding["status"] == "failed"
                 and fact_id in {fact["id"] for fact in finding["facts"]}]
    rules = {finding["rule"] for finding in involving}
    assert "provenance" in rules
    assert rules - {"provenance"}, f"only provenance noticed the edit: {rules}"
    for finding in involving:
        edited = next(fact for fact in finding["facts"] if fact["id"] == fact_id)
        assert edited["value"] == new
        if finding["gap"] is not None:
            assert float(finding["gap"]) > 0
    # nothing else changed: every other failing finding was already failing in the untouched copy
    assert failing_fact_ids(report.json) - {fact_id} <= failing_fact_ids(base_report) | {
        fact["id"] for finding in involving for fact in finding["facts"]}


def test_untouched_copy_has_no_unwaived_finding(baseline):
    code, report = baseline
    failed = [f"{finding['rule']}: {finding['message']}" for finding in report["findings"]
              if finding["status"] == "failed"]
    assert code == 0 and failed == [], "\n".join(failed)
    assert report["summary"]["stale_waivers"] == 0
