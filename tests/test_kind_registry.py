"""A new rule kind is one module plus the registry line: a toy kind registered here (and nowhere else)
loads, lists, explains, evaluates and is diagnosed like the packaged ones. The registry is the only list
of kinds: no kind name is spelt outside auditor/kinds/."""

from __future__ import annotations

import re
import types
from fractions import Fraction

import pytest
from conftest import PL_DECK, PROJECT, pl_level

from auditor import kinds
from auditor.diagnosis.constraints import Linear
from auditor.expr import Relation
from auditor.index import level_key
from auditor.model import Strict
from auditor.results import Skip, relation_check
from auditor.rulenames import Reference

TOY_DOC = """difference: ``result`` is ``left`` minus ``right`` at every place (a toy kind for the tests).

Parameters:
  left, right, result: concepts.
"""


class DifferenceParams(Strict):
    left: str
    right: str
    result: str


def toy_references(params):
    return [Reference("concepts", getattr(params, name), (name,)) for name in ("left", "right", "result")]


def toy_evaluate(rule, params, index):
    names = (params.left, params.right, params.result)
    for figures in index.by_place.values():
        found = [figures[name] for name in names if name in figures]
        facts = [fact for figure in found for fact in figure.facts]
        if len(found) < 2:
            continue
        if len(found) < 3:
            yield Skip(rule.id, "missing figure(s)", facts)
            continue
        left, right, result = found
        relation = Relation(result.interval, "==", left.interval - right.interval)
        shown = f"{result.facts[0].shown} == {left.facts[0].shown} - {right.facts[0].shown}"
        yield relation_check(rule.id, relation, facts, result.dimension, shown, "the difference", result.key)


def toy_constraints(rule, params, index, anchors, levels):
    places = {(k.entity, k.segment, k.period, k.basis) for k in levels if k.concept == params.left}
    for entity, segment, period, basis in sorted(places, key=str):
        def key(name):
            return level_key(entity, segment, name, period, basis)
        one = Fraction(1)
        yield Linear(rule.id, terms=((one, key(params.result)), (-one, key(params.left)), (one, key(params.right))))


def toy_kind() -> types.ModuleType:
    module = types.ModuleType("toy_difference", TOY_DOC)
    module.Params, module.references = DifferenceParams, toy_references
    module.evaluate, module.constraints = toy_evaluate, toy_constraints
    return module


RULE = """rules:
  - id: toy-margin
    title: Gross margin is revenue less its cost
    severity: error
    rationale: A toy rule of a toy kind.
    kind: toy_difference
    left: revenue
    right: cost_of_revenue
    result: gross_margin
"""


@pytest.fixture
def toy(ws, monkeypatch):
    """The toy kind registered (the only change a new kind needs outside its module), with one rule."""
    monkeypatch.setitem(kinds.KINDS, "toy_difference", toy_kind())
    ws.deck(PL_DECK)
    return ws, ws.rules(RULE)


def write_facts(ws, margin="4.5", prior=True):
    facts = [pl_level("revenue", "1Q11", "23.4", 4, "Total Revenues"),
             pl_level("cost_of_revenue", "1Q11", "18.9", 5, "Total Costs"),
             pl_level("gross_margin", "1Q11", margin, 6, "Gross Margin")]
    if prior:  # 1Q10 prints revenue and cost only: the margin is derived
        facts += [pl_level("revenue", "1Q10", "15.8", 4, "Total Revenues"),
                  pl_level("cost_of_revenue", "1Q10", "12.8", 5, "Total Costs")]
    ws.fixture(facts)


def test_a_registered_kind_is_listed_and_explained(toy):
    ws, rules = toy
    listed = ws.run("rules", "--rules", rules)
    assert listed.code == 0, str(listed)
    assert re.search(r"^toy-margin +toy_difference +error +local +Gross margin is revenue less its cost$",
                     listed.out, re.M), listed.out
    explained = ws.run("explain", "toy-margin", "--rules", rules)
    assert explained.code == 0, str(explained)
    assert "kind: toy_difference   severity: error" in explained.out
    assert "  result: gross_margin" in explained.out.splitlines()
    assert "The toy_difference kind:" in explained.out and "a toy kind for the tests" in explained.out


def test_a_registered_kind_passes_true_figures(toy):
    ws, rules = toy
    write_facts(ws)
    result = ws.check("toy-margin", rules=rules, fmt="json")
    assert result.code == 0, str(result)
    (stats,) = [rule for rule in result.json["rules"] if rule["id"] == "toy-margin"]
    assert (stats["kind"], stats["checks"], stats["failed"], stats["skipped"]) == ("toy_difference", 1, 0, 1)


def test_a_registered_kind_reports_and_diagnoses_a_finding(toy):
    ws, rules = toy
    write_facts(ws, margin="4.8")  # 23.4 - 18.9 = 4.5
    result = ws.check("toy-margin", rules=rules, fmt="json")
    assert result.code == 1, str(result)
    (finding,) = result.findings
    assert (finding["rule"], finding["check"]) == (
        "toy-margin", "4.8 JPY billion == 23.4 JPY billion - 18.9 JPY billion")
    # the diagnosis solved the kind's own constraint for each fact: 4.8 would have to be 4.4 .. 4.6
    implied = finding["cause"]["implied"]
    assert implied["t.pl.gross_margin.1q11"] == ["4400", "4600"]
    assert implied["t.pl.revenue.1q11"] == ["23600", "23800"]
    # and propagated it: the 1Q10 margin no deck prints
    derived = {item["figure"]: item for item in result.json["derived"]}
    (margin,) = [item for name, item in derived.items() if name.startswith("IIJ gross_margin 1Q10")]
    assert margin["interval"] == ["2900", "3100"] and margin["rules"] == ["toy-margin"]


def test_a_registered_kind_has_its_parameters_checked_at_load(toy):
    ws, rules = toy
    write_facts(ws, prior=False)
    (rules / "rules.yaml").write_text(RULE.replace("result: gross_margin", "result: gross_margni"))
    result = ws.check("toy-margin", rules=rules)
    assert result.code == 2
    assert re.search(r"rules\.yaml:\d+(:\d+)?: .*'gross_margni'.*did you mean 'gross_margin'", result.err), result.err
    (rules / "rules.yaml").write_text(RULE + "    extra: 1\n")
    result = ws.check("toy-margin", rules=rules)
    assert result.code == 2
    assert "rules.yaml:" in result.err and "extra" in result.err and "Traceback" not in result.err


def test_an_unregistered_kind_is_an_input_error(ws):
    ws.deck(PL_DECK)
    write_facts(ws, prior=False)
    rules = ws.rules(RULE)
    result = ws.check("toy-margin", rules=rules)
    assert result.code == 2
    assert re.search(r"rules\.yaml:\d+: rule toy-margin: unknown kind 'toy_difference' \(known: ", result.err)


def test_no_kind_name_list_outside_the_registry():
    # what a kind is (states values, runs on derived figures, checks records) is read from its module
    # through the registry, never from a comparison of a rule's kind with a name or a tuple of names
    names = "|".join(sorted(kinds.KINDS))
    # a claim's kind (model.Claim, loader) is another vocabulary that happens to share some names
    compared = re.compile(rf"\b(rule|r|check\.rule)\.kind\s*(==|!=)\s*[\"']({names})[\"']")
    listed = re.compile(rf"^[A-Z_]*KINDS\s*=\s*\(.*[\"']({names})[\"']")
    found = []
    for path in sorted((PROJECT / "auditor").rglob("*.py")):
        # cli.py: its validate command still selects the provenance rules by name (kinds.record_check)
        if path.parent.name == "kinds" or path.name == "cli.py":
            continue
        found += [f"{path.name}:{number}" for number, line in enumerate(path.read_text().splitlines(), 1)
                  if compared.search(line) or listed.search(line.strip())]
    assert found == []
