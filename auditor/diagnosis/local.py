"""A propagation around the findings only, for runs that show causes but no derived figures.

The causes use the derived-figure network near the suspects: label slips match values derived there, the
filter asks a correction to agree with what the network implies for the suspect's figure. Propagating
the whole dataset costs time in proportion to the dataset; propagating the figures within ``HOPS`` places
(:meth:`auditor.diagnosis.trials.Places.neighbours`: checks, skips, the same concept at other periods, the
same period at other concepts) of the findings' figures costs time in proportion to the findings. A
figure further away is left underived, which can only widen what the network implies (a filter that lets
more hypotheses through to their trials, whose verdicts do not depend on it), or hide a match for a label
slip whose value comes from far away.

For the same reason the local propagation runs one generation (``GENERATIONS``): the later generations
anchor constraints at figures derived in the earlier ones, which reaches further from the findings (it was
half of a text run's diagnosis at 10,000 facts; the causes on the decks and on the synthetic 10,000 facts
are the same with one generation as with three).
"""

from __future__ import annotations

from dataclasses import replace

from auditor.diagnosis.build import ConstraintSet
from auditor.diagnosis.derive import DEFAULT_REVISIONS, Propagation
from auditor.diagnosis.trials import Places
from auditor.index import Index

HOPS = 1
GENERATIONS = 1


def local_propagation(outcome, checks, hops: int = HOPS, revisions: int = DEFAULT_REVISIONS) -> Propagation:
    """The propagation over the facts within ``hops`` places of the facts of ``checks``."""
    index = outcome.index
    places = Places(outcome.dataset, index, outcome.checks, outcome.skips, ConstraintSet())
    reached = {fact.key for check in checks for fact in check.facts}
    frontier = set(reached)
    for _ in range(hops):
        frontier = {other for key in frontier for other in places.neighbours(key)} - reached
        reached |= frontier
    facts = [fact for fact in outcome.dataset.facts if fact.key in reached]
    near = replace(outcome.dataset, facts=facts, claims=[])
    return Propagation(Index(near, outcome.ruleset.vocabulary), outcome.ruleset, generations=GENERATIONS,
                       revisions=revisions)
