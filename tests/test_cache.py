"""The fact cache (auditor.cache): a cached load is the fresh load, and anything that changes what a
file means is a miss."""

from __future__ import annotations

import marshal
import os
import shutil
from pathlib import Path

import pytest

from auditor.cache import FactCache
from auditor.errors import InputErrors
from auditor.loader import Loader, find_fixture_files
from auditor.ruleset import load_rules
from auditor.shared import Shared
from conftest import FIXTURES, PL_DECK, RULES, pl_level

VOCABULARY = load_rules(str(RULES)).vocabulary


def load(paths, cache_dir, vocabulary=VOCABULARY):
    """The dataset and the cache's (hits, misses) of one load."""
    cache = FactCache(str(cache_dir), vocabulary)
    dataset = Loader(vocabulary, cache).load([str(p) for p in paths])
    return dataset, (cache.hits, cache.misses)


def load_errors(paths, cache_dir) -> list[str]:
    with pytest.raises(InputErrors) as failure:
        load(paths, cache_dir)
    return [str(error) for error in failure.value.errors]


def fact_fields(fact) -> tuple:
    fields = [getattr(fact, name) for name in fact.__dataclass_fields__ if name != "document"]
    return (*fields, fact.document.path, fact.document.rounding)


def claim_fields(claim) -> tuple:
    return claim.id, claim.kind, claim.direction, [f.id for f in claim.facts], claim.line, claim.fixture_line


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project's fixtures and decks (so that tests may edit them)."""
    target = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, target)
    (target / "waivers.yaml").unlink()
    return target


def test_a_cached_load_is_the_fresh_load(project, tmp_path):
    fresh, stats = load([project], tmp_path / "cache")
    assert stats == (0, 4)
    cached, stats = load([project], tmp_path / "cache")
    assert stats == (4, 0)
    assert len(cached.facts) == len(fresh.facts) == 1094
    assert [fact_fields(f) for f in cached.facts] == [fact_fields(f) for f in fresh.facts]
    assert [claim_fields(c) for c in cached.claims] == [claim_fields(c) for c in fresh.claims]
    assert cached.claims, "the project's fixtures have claims: they must survive the cache"
    assert list(cached.documents) == list(fresh.documents)


def test_cached_facts_share_their_document_and_periods(project, tmp_path):
    load([project], tmp_path / "cache")
    cached, _ = load([project], tmp_path / "cache")
    documents = {id(fact.document) for fact in cached.facts}
    assert documents == {id(document) for document in cached.documents.values()}
    first_quarter = [f.key.period for f in cached.facts if str(f.key.period) == "2011-04..2011-06"]
    assert len(first_quarter) > 1 and len({id(p) for p in first_quarter}) == 1


@pytest.mark.parametrize("cached", [False, True], ids=["fresh", "cached"])
def test_facts_that_print_alike_share_their_value_and_interval(project, tmp_path, cached):
    if cached:
        load([project], tmp_path / "cache")
    dataset = load([project], tmp_path / "cache")[0] if cached else \
        Loader(VOCABULARY).load([str(project)])
    pool = dataset.facts
    by_reading: dict[tuple, list] = {}
    for fact in pool:
        # an "approx." figure's interval is widened (auditor.bounds): a reading of its own
        reading = (fact.value_text, fact.direction_sign, fact.exact, fact.document.rounding, fact.unit.name,
                   fact.bound == "approx")
        by_reading.setdefault(reading, []).append(fact)
    repeated = [facts for facts in by_reading.values() if len(facts) > 1]
    assert len(repeated) > 15, "the project's fixtures print many figures alike"
    for facts in repeated:
        assert len({id(fact.interval) for fact in facts}) == 1 and len({id(fact.printed) for fact in facts}) == 1
    # ... and only those: a shared interval belongs to one printed reading
    readings_of = {}
    for reading, facts in by_reading.items():
        readings_of.setdefault(id(facts[0].interval), set()).add(reading)
    assert all(len(readings) == 1 for readings in readings_of.values())
    same_header = [(a, b) for a, b in zip(pool, pool[1:]) if a.header == b.header and a.header]
    assert same_header and all(a.header is b.header for a, b in same_header)
    line_objects: dict[int, set] = {}
    for fact in pool:
        for line in (fact.line, fact.fixture_line):
            line_objects.setdefault(line, set()).add(id(line))
    assert max(line_objects) > 256  # beyond the ints Python shares anyway
    assert all(len(objects) == 1 for objects in line_objects.values())


def test_the_cli_reports_the_same_bytes_from_the_cache(run, tmp_path):
    outputs = []
    for name in ("cold", "warm"):
        target = tmp_path / f"{name}.json"
        result = run("check", "--rules", RULES, "--fixtures", FIXTURES, "--cache-dir", tmp_path / "cache",
                     "--output", f"json={target}")
        assert result.code == 0, str(result)
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    entries = sorted(path.name for path in (tmp_path / "cache").glob("*.cache"))
    assert len(entries) == 5  # one per fixture file, and the explain step's (auditor.explain_cache)
    assert sum(name.startswith("explain-") for name in entries) == 1


def test_an_edited_fixture_is_read_afresh(ws, tmp_path):
    ws.deck(PL_DECK)
    ws.fixture([pl_level("revenue", "1Q11", "23.4", 4, "Total Revenues")])
    first, _ = load([ws.fx], tmp_path / "cache")
    ws.fixture([pl_level("revenue", "1Q11", "23.5", 4, "Total Revenues")])
    second, stats = load([ws.fx], tmp_path / "cache")
    assert stats == (0, 1)
    assert (first.facts[0].value_text, second.facts[0].value_text) == ("23.4", "23.5")


def test_an_edited_source_document_is_a_miss(ws, tmp_path):
    ws.deck(PL_DECK)
    ws.fixture([pl_level("revenue", "1Q11", "23.4", 6, "Total Revenues")])
    load([ws.fx], tmp_path / "cache")
    ws.deck(PL_DECK[:4])  # line 6 is gone: the fact now points past the end of its document
    errors = load_errors([ws.fx], tmp_path / "cache")
    assert len(errors) == 1 and errors[0].startswith(f"{ws.fx / 'deck.yaml'}:")
    assert errors[0].endswith(": fact t.pl.revenue.1q11: line 6 is beyond the end of deck.txt (4 lines)")


def test_a_changed_vocabulary_is_a_miss(ws, tmp_path):
    ws.deck(PL_DECK)
    ws.fixture([pl_level("revenue", "1Q11", "23.4", 4, "Total Revenues")])
    load([ws.fx], tmp_path / "cache")
    vocabulary = load_rules(str(RULES)).vocabulary
    vocabulary.entities["ACME"] = vocabulary.entities[vocabulary.default_entity]
    _, stats = load([ws.fx], tmp_path / "cache", vocabulary)
    assert stats == (0, 1)


@pytest.mark.parametrize("damage", [b"", b"not marshal at all", marshal.dumps(("key", "too", "short")),
                                    marshal.dumps([1, 2, 3, 4])])
def test_a_damaged_entry_is_a_miss(ws, tmp_path, damage):
    ws.deck(PL_DECK)
    ws.fixture([pl_level("revenue", "1Q11", "23.4", 4, "Total Revenues")])
    fresh, _ = load([ws.fx], tmp_path / "cache")
    (entry,) = (tmp_path / "cache").glob("*.cache")
    entry.write_bytes(damage)
    again, stats = load([ws.fx], tmp_path / "cache")
    assert stats == (0, 1)
    assert [fact_fields(f) for f in again.facts] == [fact_fields(f) for f in fresh.facts]
    assert entry.read_bytes() != damage, "the fresh load replaces the damaged entry"


def test_a_damaged_row_is_a_miss_not_a_wrong_fact(ws, tmp_path):
    ws.deck(PL_DECK)
    ws.fixture([pl_level("revenue", "1Q11", "23.4", 4, "Total Revenues")])
    load([ws.fx], tmp_path / "cache")
    (entry,) = (tmp_path / "cache").glob("*.cache")
    *head, rows = marshal.loads(entry.read_bytes())
    entry.write_bytes(marshal.dumps((*head, [row[:-1] for row in rows])))
    dataset, stats = load([ws.fx], tmp_path / "cache")
    assert stats == (0, 1) and dataset.facts[0].value_text == "23.4"


def test_a_file_with_errors_is_not_cached(ws, tmp_path):
    ws.deck(PL_DECK)
    ws.fixture([pl_level("revenue", "1Q11", "23.4", 40, "Total Revenues")])
    first = load_errors([ws.fx], tmp_path / "cache")
    assert not list((tmp_path / "cache").glob("*.cache"))
    assert load_errors([ws.fx], tmp_path / "cache") == first


def test_a_duplicate_id_across_files_is_reported_as_without_the_cache(ws, tmp_path):
    ws.deck(PL_DECK)
    fact = pl_level("revenue", "1Q11", "23.4", 4, "Total Revenues")
    ws.fixture([fact], name="a.yaml")
    load([ws.fx], tmp_path / "cache")  # a.yaml cached alone
    ws.fixture([fact], name="b.yaml")
    uncached = load_errors([ws.fx], tmp_path / "fresh-cache")
    cached = load_errors([ws.fx], tmp_path / "cache")
    assert cached == uncached
    assert "duplicate fact id" in cached[0]


def test_a_claim_on_a_fact_of_another_file_is_resolved_at_every_load(ws, tmp_path):
    ws.deck(PL_DECK)
    ws.fixture([pl_level("revenue", "1Q11", "23.4", 4, "Total Revenues", id="x.one")], name="a.yaml")
    claim = {"id": "c1", "kind": "trend", "direction": "increasing", "facts": ["x.one", "x.two"], "line": 4,
             "text": "up"}
    ws.fixture([pl_level("revenue", "1Q10", "15.8", 4, "Total Revenues", id="x.two")], name="b.yaml",
               claims=[claim])
    load([ws.fx], tmp_path / "cache")
    dataset, stats = load([ws.fx], tmp_path / "cache")
    assert stats == (2, 0)
    assert [f.id for f in dataset.claims[0].facts] == ["x.one", "x.two"]
    (ws.fx / "a.yaml").unlink()
    (error,) = load_errors([ws.fx], tmp_path / "cache")
    assert error.startswith(f"{ws.fx / 'b.yaml'}:") and error.endswith(": claim c1: unknown fact 'x.one'")


def test_a_document_rounded_by_another_fixture_first_is_a_miss(ws, tmp_path):
    ws.deck(PL_DECK)
    ws.fixture([pl_level("revenue", "1Q11", "23.4", 4, "Total Revenues", id="t.a")], name="a.yaml",
               rounding="truncate")
    ws.fixture([pl_level("revenue", "1Q10", "15.8", 4, "Total Revenues", id="t.b")], name="b.yaml")
    both, _ = load([ws.fx], tmp_path / "cache")  # b.yaml read the deck with a.yaml's rounding
    alone, stats = load([ws.fx / "b.yaml"], tmp_path / "cache")  # now b.yaml sets it: half
    assert stats == (0, 1)
    assert both.facts[1].interval != alone.facts[0].interval
    fresh, _ = load([ws.fx / "b.yaml"], tmp_path / "other-cache")
    assert alone.facts[0].interval == fresh.facts[0].interval


def test_no_cache_writes_nothing_and_the_cache_ignores_itself(run, ws, tmp_path):
    ws.deck(PL_DECK)
    ws.fixture([pl_level("revenue", "1Q11", "23.4", 4, "Total Revenues")])
    cache = tmp_path / "cache"
    result = run("check", "--rules", RULES, "--fixtures", ws.fx, "--cache-dir", cache, "--no-cache")
    assert result.code == 0, str(result)
    assert not cache.exists()
    result = run("check", "--rules", RULES, "--fixtures", ws.fx, "--cache-dir", cache)
    assert result.code == 0, str(result)
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"


def test_an_unwritable_cache_only_costs_speed(run, ws, tmp_path):
    ws.deck(PL_DECK)
    ws.fixture([pl_level("revenue", "1Q11", "23.4", 4, "Total Revenues")])
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache directory would be")
    result = run("check", "--rules", RULES, "--fixtures", ws.fx, "--cache-dir", blocker / "sub")
    assert result.code == 0, str(result)
    assert "1 facts" in result.out


def test_the_cache_directory_comes_from_the_environment(run, ws, tmp_path, monkeypatch):
    ws.deck(PL_DECK)
    ws.fixture([pl_level("revenue", "1Q11", "23.4", 4, "Total Revenues")])
    monkeypatch.setenv("IIJ_AUDIT_CACHE_DIR", str(tmp_path / "from-env"))
    assert run("check", "--rules", RULES, "--fixtures", ws.fx).code == 0
    assert len(list((tmp_path / "from-env").glob("*.cache"))) == 1


def test_every_fixture_file_has_one_entry_whatever_its_edits(ws, tmp_path):
    ws.deck(PL_DECK)
    for value in ("23.4", "23.5", "23.6"):
        ws.fixture([pl_level("revenue", "1Q11", value, 4, "Total Revenues")])
        load([ws.fx], tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("*.cache"))) == 1
    assert not [p for p in os.listdir(tmp_path / "cache") if p.endswith(".tmp")]
    assert find_fixture_files([str(ws.fx)])  # the cache is not inside the fixtures


def test_a_cached_fact_keeps_its_bound_and_an_approximation_its_widened_interval(project, tmp_path):
    # reading "over 52,000" back as the value 52,000 would be a false alarm; "approx. 600" is [550, 650]
    fresh, _ = load([project], tmp_path / "cache")
    dataset, (hits, misses) = load([project], tmp_path / "cache")
    assert (hits, misses) == (4, 0)
    bounds = {fact.id: fact.bound for fact in dataset.facts if fact.bound}
    assert bounds["d000.ns.mobile.contracts.2011-06-30"] == "over"
    approx = {fact.id: fact.interval for fact in fresh.facts if fact.bound == "approx"}
    assert approx and {fact.id: fact.interval for fact in dataset.facts if fact.bound == "approx"} == approx
    # and the widened interval did not leak into the shared reading of the same text
    display = Shared()
    for fact in dataset.facts:
        if fact.bound is None:
            reading = display.reading(fact.value_text, fact.direction_sign, fact.exact, fact.document.rounding,
                                      fact.unit)
            assert fact.interval == reading[1], fact.id
    assert any(interval != display.reading(f.value_text, f.direction_sign, f.exact, f.document.rounding,
                                           f.unit)[1] for f in dataset.facts if f.bound == "approx"
               for interval in [f.interval])
