"""label_reading: a figure whose printed label names one concept and whose value fits another is a mislabel,
proved by the relations of both readings.

A fixture records a mislabelled figure as printed, under the concept its label names (so the relations of
that concept, such as agreement with the concept's other statements, find it), and a ``reading`` claim
(docs/fact-format.md, "Claims") names the concept the document's other figures support. This rule runs the
value relations that need no parameters (``agreement``, ``aggregation``, ``share``) twice over the claim's
facts: once as labelled, once with the facts read as the claimed concept, all of the claim's facts
together (so that three quarters read as revenue can sum to a seven-month revenue). Then:

- some relation fails as labelled and every relation passes as read (at least one): a **mislabel**, an
  error reported at the figure whose label is wrong, naming the relations that prove it both ways;
- a relation fails as read: the reading is wrong too (an error: the claim asserts what the figures deny);
- no relation tests the reading: undecidable (a warning), never a silent pass;
- the figures fit both readings: no mislabel is shown, and the check passes (the label stands).

Parameters: none.
"""

from __future__ import annotations

from dataclasses import replace

from auditor.index import Index
from auditor.kinds import aggregation, agreement, share
from auditor.model import Dataset, Strict
from auditor.results import Check, undecidable_check

RELATIONS = (agreement, aggregation, share)


class Params(Strict):
    pass


class _Relation:
    """The rule object the relations are evaluated with: their checks are this rule's evidence."""

    def __init__(self, kind) -> None:
        self.id = kind.__name__.rsplit(".", 1)[-1]


def relations(index, ids: set[str]) -> list[Check]:
    """The checks of the parameterless value relations that involve any of the facts ``ids``."""
    found = []
    for kind in RELATIONS:
        for result in kind.evaluate(_Relation(kind), kind.Params(), index):
            if isinstance(result, Check) and ids & {fact.id for fact in result.facts}:
                found.append(result)
    return found


def read_as(index, claim) -> Index:
    """The index with the claim's facts read as its concept."""
    dataset = index.dataset
    swap = {fact.id: replace(fact, key=fact.key._replace(concept=claim.concept)) for fact in claim.facts}
    facts = [swap.get(fact.id, fact) for fact in dataset.facts]
    return Index(Dataset(facts, dataset.claims, dataset.documents, dataset.fixture_files), index.vocabulary)


def evaluate(rule, params, index):
    for claim in index.dataset.claims:
        if claim.kind == "reading":
            yield check_claim(rule, index, claim)


def summary(checks: list[Check]) -> str:
    return "; ".join(f"{check.rule_id} {check.subject}" for check in checks)


def check_claim(rule, index, claim) -> Check:
    ids = {fact.id for fact in claim.facts}
    labelled = claim.facts[0].key.concept
    as_label = [check for check in relations(index, ids) if not check.passed]
    as_read = relations(read_as(index, claim), ids)
    denied = [check for check in as_read if not check.passed]
    facts = list(claim.facts)
    words = f"claim {claim.id} ({claim.document.name}:{claim.line} {claim.text!r})"
    about = f"{claim.facts[0].key.describe()} read as {claim.concept}"
    dimension = claim.facts[0].unit.dimension
    if denied:
        return Check(rule.id, False, facts, f"{words}: read as {claim.concept}, the figures still fail: "
                     f"{summary(denied)}", dimension=dimension, about=about, check=denied[0].message)
    if not as_read:
        return undecidable_check(rule.id, f"{words}: no relation tests the reading as {claim.concept}", facts,
                                 dimension, "", about)
    if not as_label:
        return Check(rule.id, True, facts, f"{words}: the figures fit both {labelled} and {claim.concept}; "
                     "no mislabel is shown", dimension=dimension, about=about)
    shown = ", ".join(fact.shown for fact in claim.facts)
    return Check(rule.id, False, facts, f"mislabel: {words} labels {shown} {labelled}, but the figures are "
                 f"{claim.concept}: as {labelled} they fail {summary(as_label)}; as {claim.concept} they pass "
                 f"{summary(as_read)}", dimension=dimension, about=about,
                 check=" | ".join(check.message for check in as_label))
