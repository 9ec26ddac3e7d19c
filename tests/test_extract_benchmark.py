"""Smoke test of benchmarks/extract_compare.py: it prints its table for the decks and the releases and the
genuine findings it looked for. Its figures are measurements, not checked here."""

from __future__ import annotations

import re
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def test_extract_compare_prints_every_document_and_the_findings(capsys, monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import extract_compare

    assert extract_compare.run([]) == 0
    output = capsys.readouterr().out
    for name in ("decks/000_bofa_2011_1q11.yaml", "decks/003_1h_fy2012.yaml", "**all decks**",
                 "releases/release_a_3q19_ifrs.yaml", "releases/release_c_revision_fy14.yaml", "**all releases**"):
        assert re.search(rf"^\| {re.escape(name)} \| \d+ \| \d+ \| \d+ \(\d+\.\d%\) \|", output, re.M), name
    assert "refused its input" not in output
    assert re.search(r"^\d+ of \d+ genuine findings reproduced with the same lines", output, re.M)
