"""The explain cache (auditor.explain_cache): a warm run prints the cold run's bytes in every format, any
changed input misses, and a damaged or foreign entry is ignored and rebuilt."""

from __future__ import annotations

import marshal
import shutil
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType

import pytest

from auditor import pipeline
from auditor.diagnosis.ranges import Range
from auditor.explain_cache import decode, encode
from auditor.interval import Interval
from auditor.model import Key
from auditor.periods import Span
from conftest import FIXTURES, RULES

FIXTURE = "003_1h_fy2012.yaml"  # one deck: findings with a cause and derived figures, about a second a run


@pytest.fixture
def project(tmp_path) -> Path:
    """One fixture and the decks, with a waivers file and a copy of the rules (so that tests may edit them)."""
    target = tmp_path / "fixtures"
    target.mkdir()
    shutil.copytree(FIXTURES / "decks", target / "decks")
    shutil.copy(FIXTURES / FIXTURE, target / FIXTURE)
    (target / "waivers.yaml").write_text("waivers: []\n", encoding="utf-8")
    shutil.copytree(RULES, tmp_path / "rules")
    return target


@pytest.fixture
def explained(monkeypatch) -> list:
    """The explain step's calls (one per run that computed it rather than read it from the cache)."""
    calls = []
    real = pipeline.explain

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "explain", counting)
    return calls


def check(run, project: Path, *extra):
    return run("check", "--fixtures", project, "--rules", project.parent / "rules",
               "--cache-dir", project.parent / "cache", *extra)


def reports(run, project: Path, name: str):
    """One run writing json, markdown, sarif and text reports: (exit code, {format: bytes})."""
    out = project.parent / name
    out.mkdir()
    formats = ("json", "markdown", "sarif", "text")
    result = check(run, project, "--format", "json", *[f"--output={fmt}={out / fmt}" for fmt in formats])
    return result.code, {fmt: (out / fmt).read_bytes() for fmt in formats}, result.out


def test_a_warm_run_prints_the_cold_runs_bytes_in_every_format(run, project, explained):
    cold = reports(run, project, "cold")
    assert len(explained) == 1
    warm = reports(run, project, "warm")
    assert len(explained) == 1  # the second run read the cache
    assert cold[0] == warm[0] == 1
    assert cold == warm
    assert b'"chain"' in cold[1]["json"] and b'"cause"' in cold[1]["json"]  # causes and derived figures
    assert list((project.parent / "cache").glob("explain-*.cache"))


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_reports_without_derived_figures_are_cached_too(run, project, explained, fmt):
    cold = check(run, project, "--format", fmt)
    warm = check(run, project, "--format", fmt)
    assert len(explained) == 1
    assert (cold.code, cold.out) == (warm.code, warm.out)
    assert cold.code == 1


def edit_fact_value(project: Path) -> None:
    """Net income 2,007 becomes 2,070: in the (copied) deck and in the fact that records it."""
    deck = project / "decks" / "003_1e0a72612b28a18d.txt"
    lines = deck.read_text(encoding="utf-8").split("\n")
    assert "JPY 2,007 million" in lines[28]
    lines[28] = lines[28].replace("2,007", "2,070")
    deck.write_text("\n".join(lines), encoding="utf-8")
    fixture = project / FIXTURE
    old = 'value: "2,007", unit: JPY million, line: 29, text: "JPY 2,007 million"'
    text = fixture.read_text(encoding="utf-8")
    assert old in text
    fixture.write_text(text.replace(old, old.replace("2,007", "2,070")), encoding="utf-8")


@pytest.mark.parametrize("change", ["fixture", "rule", "waiver", "budget", "propagation", "rule-selection"])
def test_a_changed_input_misses_the_cache(run, project, explained, change):
    first = check(run, project, "--format", "markdown")
    extra = []
    if change == "fixture":
        edit_fact_value(project)
    elif change == "rule":
        rules = project.parent / "rules" / "pl.yaml"
        rules.write_text(rules.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    elif change == "waiver":
        (project / "waivers.yaml").write_text("# an edit\nwaivers: []\n", encoding="utf-8")
    elif change == "budget":
        extra = ["--diagnosis-budget", "50000"]
    elif change == "propagation":
        extra = ["--propagation-budget", "300000"]
    else:
        extra = ["--exclude-rule", "provenance"]
    second = check(run, project, "--format", "markdown", *extra)
    assert len(explained) == 2
    assert first.code == 1 and second.code == 1


def test_a_changed_fact_value_misses_and_reports_the_new_value(run, project, explained):
    first = check(run, project, "--format", "json")
    edit_fact_value(project)
    second = check(run, project, "--format", "json")
    assert len(explained) == 2
    assert '"2,070"' in second.out and '"2,070"' not in first.out


def test_no_cache_neither_reads_nor_writes_it(run, project, explained):
    check(run, project, "--format", "markdown")
    result = check(run, project, "--format", "markdown", "--no-cache")
    assert len(explained) == 2
    assert result.code == 1


@pytest.mark.parametrize("damage", [b"", b"not marshal", b"\xfa" * 64])
def test_a_damaged_entry_is_ignored_and_rebuilt(run, project, explained, damage):
    first = check(run, project, "--format", "markdown")
    (entry,) = (project.parent / "cache").glob("explain-*.cache")
    entry.write_bytes(damage)
    second = check(run, project, "--format", "markdown")
    assert len(explained) == 2
    assert (first.code, first.out) == (second.code, second.out)
    third = check(run, project, "--format", "markdown")  # rebuilt: read again
    assert len(explained) == 2 and third.out == first.out


def test_an_entry_for_other_inputs_is_a_miss(run, project, explained):
    """Runs that differ only in a budget share the entry's file: each finds the other's key there."""
    check(run, project, "--format", "markdown", "--diagnosis-budget", "50000")
    check(run, project, "--format", "markdown")
    check(run, project, "--format", "markdown", "--diagnosis-budget", "50000")
    assert len(explained) == 3


def test_an_entry_with_the_right_key_but_unknown_values_is_a_miss(run, project, explained):
    first = check(run, project, "--format", "markdown")
    (entry,) = (project.parent / "cache").glob("explain-*.cache")
    key, _causes, derived, info = marshal.loads(entry.read_bytes())
    entry.write_bytes(marshal.dumps((key, ("os.system", ("echo",)), derived, info)))
    second = check(run, project, "--format", "markdown")
    assert len(explained) == 2
    assert (first.code, first.out) == (second.code, second.out)


@pytest.mark.parametrize("part", [1, 2, 3])
def test_an_entry_of_the_wrong_shape_is_a_miss(run, project, explained, part):
    """Well-formed values in the wrong places (a cause where the info goes, a short info) are not used."""
    first = check(run, project, "--format", "json")
    (entry,) = (project.parent / "cache").glob("explain-*.cache")
    stored = list(marshal.loads(entry.read_bytes()))
    stored[part] = ("T", (1, 2)) if part == 3 else ("L", (("T", ()),))
    entry.write_bytes(marshal.dumps(tuple(stored)))
    second = check(run, project, "--format", "json")
    assert len(explained) == 2
    assert (first.code, first.out) == (second.code, second.out)


def test_a_cache_directory_that_is_a_link_is_not_used(run, project, explained):
    target = project.parent / "elsewhere"
    target.mkdir()
    (project.parent / "cache").symlink_to(target)
    check(run, project, "--format", "markdown")
    check(run, project, "--format", "markdown")
    assert len(explained) == 2
    assert not list(target.iterdir())


def test_values_round_trip_and_unknown_ones_are_refused():
    key = Key("IIJ", None, "revenue", "level", Span(24000, 24002), "jgaap")
    values = [key, Range(Fraction(1, 3), None), Interval.decimal(5, 15, 1), ("a", ["b", 2]), None, True,
              MappingProxyType({"lo": "1.5", "hi": None})]
    assert decode(encode(values)) == values
    with pytest.raises(TypeError):
        encode({"a": 1})
    with pytest.raises(KeyError):
        decode(("X", ()))
