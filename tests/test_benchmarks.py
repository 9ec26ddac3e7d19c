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
