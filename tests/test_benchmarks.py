"""Smoke test of benchmarks/floors.py: at a tiny size it runs and prints every figure it promises.

Its numbers are measurements, not checked here (benchmarks are never timed in tests)."""

from __future__ import annotations

import re
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def test_floors_prints_every_stage_and_the_budgets(capsys, monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import floors

    assert floors.main(["--entities", "2", "--runs", "1", "--arelle-seconds", "10", "--arelle-mb", "100"]) == 0
    output = capsys.readouterr().out
    assert "240 facts in 1 files" in output
    for stage in ("libyaml alone", "PyYAML's events", "PyYAML's C composer", "PyYAML's C loader",
                  "iij-audit's YAML builder", "pydantic's validation", "fresh load", "load from the cache",
                  "check (lines-of-business)", "the interpreter", "+ a first pydantic model",
                  "+ iij-audit's modules"):
        assert re.search(re.escape(stage) + r".*\s\d+\.\d$", output, re.MULTILINE), stage
    assert re.search(r"one process \d+\.\d\d; two processes .* \d+\.\d\d: \d+\.\d\dx", output)
    assert "5x its speed leaves 2.00 s, 8333.3 microseconds a fact end to end" in output
    assert "a quarter of its memory leaves 25.0 MB" in output


def test_coverage_prints_every_document_and_the_totals(capsys, monkeypatch):
    import importlib.util  # by its path: a module named "coverage" may be imported already (coverage.py)

    spec = importlib.util.spec_from_file_location("coverage_benchmark", BENCHMARKS / "coverage.py")
    coverage_benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(coverage_benchmark)

    data = BENCHMARKS.parent / "tests" / "data" / "coverage"
    assert coverage_benchmark.main(["--fixtures", str(data), "--runs", "1"]) == 0
    output = capsys.readouterr().out
    assert re.search(r"^deck\.txt +15 figure tokens of +36, recorded +7 \( 46\.7%\); +7 facts, in a value check "
                     r"+4 \( 57\.1%\); unchecked +3 \(1 without a reason\), unrecorded +8 \(5 without a reason\)$",
                     output, re.MULTILINE), output
    assert re.search(r"^computing the coverage: \d+\.\d ms wall, \d+\.\d ms CPU \(best of 1\)$", output, re.MULTILINE)
