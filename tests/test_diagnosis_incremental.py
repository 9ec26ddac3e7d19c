"""Incremental trials (auditor.diagnosis.trials) give the checks a full re-evaluation gives.

A hypothesis property test on the project's fixtures: a random edit of one or two facts (a value slip, a
move to another figure's key as a label slip makes, or a fact leaving its slot), then every check of the
value rules (every kind, the chaining ones included) compared, incremental against full; the edits it
once found to differ, as plain regression tests. And the causes of a Diagnoser that re-evaluates the
whole dataset per hypothesis equal the incremental one's on a small deck with a planted error.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import FIXTURES, RULES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor import engine, kinds
from auditor.diagnosis import Diagnoser, propagate
from auditor.diagnosis.hypotheses import value_slips
from auditor.diagnosis.trials import Places, full_trial
from auditor.loader import load_dataset
from auditor.ruleset import load_rules

SETTINGS = settings(max_examples=30, deadline=None, database=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
STATE: dict = {}


def decks():
    """(ruleset, dataset, value rules, places), built once for the module (one evaluation and one
    propagation, which the causes test shares)."""
    if not STATE:
        ruleset = load_rules(str(RULES))
        dataset = load_dataset([str(FIXTURES)], ruleset.vocabulary)
        only = {rule.id for rule in ruleset.rules if kinds.states_values(rule.kind)}
        outcome = engine.evaluate(ruleset, dataset)  # waived or not, every finding is diagnosed here
        propagation = propagate(outcome.index, ruleset)
        checks = [check for check in outcome.checks if check.rule_id in only]
        skips = [skip for skip in outcome.skips if skip.rule_id in only]
        places = Places(dataset, outcome.index, checks, skips, propagation.constraints)
        STATE.update(ruleset=ruleset, dataset=dataset, only=only, places=places, outcome=outcome,
                     propagation=propagation, keys=list(outcome.index.figures))
    return STATE["ruleset"], STATE["dataset"], STATE["only"], STATE["places"]


def verdicts(checks) -> list[tuple]:
    return sorted((c.rule_id, c.fact_ids, c.passed, c.undecidable, c.message if not c.passed else "")
                  for c in checks)


def edit(data, fact):
    """One random edit of ``fact``: (replaced, added) as a trial takes them."""
    choice = data.draw(st.sampled_from(["value", "move", "leave"]))
    if choice == "value":
        slips = value_slips(fact)
        return {fact.id: data.draw(st.sampled_from(slips))} if slips else {}, []
    if choice == "move":  # the printed value restated at another figure's key, its own slot left empty
        key = data.draw(st.sampled_from(STATE["keys"]))
        return {fact.id: None}, [replace(fact, id=fact.id + "#moved", key=key)]
    return {fact.id: None}, []


@SETTINGS
@given(data=st.data())
def test_incremental_trial_equals_full_reevaluation(data):
    ruleset, dataset, only, places = decks()
    replaced, added = {}, []
    for _ in range(data.draw(st.integers(1, 2))):
        fact = data.draw(st.sampled_from(dataset.facts))
        more, extra = edit(data, fact)
        replaced.update({k: (v.corrected if hasattr(v, "corrected") else v) for k, v in more.items()})
        added += extra
    incremental = places.trial(ruleset, only, replaced, added)
    full = full_trial(ruleset, only, dataset, replaced, added)
    assert verdicts(incremental) == verdicts(full)


# Edits the property once found to differ (issue 16): the fact leaves its slot, and a check that does not
# name it changes, because the check read the slot without taking a fact from it (a base's sign, a period
# printed nowhere, a part not listed, a base or level implied only where nothing is printed).
LEFT_SLOTS = [
    ("d000.tgt.eps.fy10", "direction-words"),  # the base of a change decides whether its words are compared
    ("d000.tgt.eps.fy10", "implied-base"),  # an unprinted base is implied by the changes of its current
    ("d001.pl1h.sga_rd.1h07", "derived-change"),  # 1H07 printed nowhere: 1Q-3Q07 less 3Q07 stands in
    ("d002.bs.amortized_intangibles.2008-12-31", "intangible-components"),  # a total over the parts printed
    ("d000.tgt.revenue.fy10", "implied-base"),
    ("d002.pl9m.cost.9m07", "implied-level"),  # a level implied two ways once 1Q-3Q07 is gone
    ("d000.acq.revenue.7m", "label-reading"),  # a reading's relations read the concept it is read as
]


@pytest.mark.parametrize("fact_id, rule_id", LEFT_SLOTS)
def test_a_trial_re_checks_what_read_a_slot_left_empty(fact_id, rule_id):
    ruleset, dataset, only, places = decks()
    assert fact_id in {fact.id for fact in dataset.facts}
    incremental = verdicts(places.trial(ruleset, only, {fact_id: None}, []))
    full = verdicts(full_trial(ruleset, only, dataset, {fact_id: None}, []))
    baseline = verdicts(check for check in places.checks if check.rule_id in only)
    assert [v for v in full if v[0] == rule_id] != [v for v in baseline if v[0] == rule_id]  # the edit matters
    assert incremental == full


@pytest.fixture(scope="module")
def audit():
    decks()
    return STATE["outcome"], STATE["propagation"]


def test_incremental_causes_equal_full_causes_on_the_decks(audit):
    outcome, propagation = audit
    # a few findings of different kinds (a full re-evaluation per hypothesis costs seconds per finding):
    # a sign slip in a roll-forward, a digit in a share, and statements of one figure that disagree
    picked = [c for c in outcome.findings if c.rule_id in ("cash-rollforward", "share-of-revenue")]
    picked += [c for c in outcome.findings if c.rule_id == "agreement"][:1]
    fast = Diagnoser(outcome, outcome.index, propagation).diagnose(picked)
    slow = Diagnoser(outcome, outcome.index, propagation, incremental=False).diagnose(picked)
    assert len(fast) == len(picked) >= 3 and fast == slow
    assert {cause["kind"] for cause in fast.values()} - {"undetermined"}  # some causes are named
