"""label_reading: a figure whose printed label names one concept and whose value fits another is a mislabel,
proved by the relations of both readings.

A fixture records a mislabelled figure as printed, under the concept its label names (so the relations of
that concept, such as agreement with the concept's other statements, find it), and a ``reading`` claim
(docs/fact-format.md, "Claims") names the concept the document's other figures support. This rule runs the
value relations that need no parameters (``agreement``, ``aggregation``, ``share``) twice over the claim's
facts: once as labelled, once with the facts read as the claimed concept, all of the claim's facts
together (so that three quarters read as revenue can sum to a seven-month revenue). Then, for each of
the claim's figures (one check each, at the figure, on the relations it takes part in):

- no relation fails as labelled (and one tests the reading, or the figure is already of that concept): no
  mislabel is shown, and the check passes: the label stands (a corrected figure in the diagnosis's trials
  passes so);
- some relation fails as labelled and every relation passes as read (at least one): a **mislabel**, an
  error reported at the figure whose label is wrong, naming the relations that prove it both ways;
- relations fail both ways: an error (neither the label nor the claimed reading fits);
- relations fail as labelled and none tests the reading: undecidable (a warning), never a silent pass.

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
    swap = {fact.id: replace(fact, key=fact.key._replace(concept=claim.concept)) for fact in claim.facts
            if fact.key.concept != claim.concept}
    facts = [swap.get(fact.id, fact) for fact in dataset.facts]
    return Index(Dataset(facts, dataset.claims, dataset.documents, dataset.fixture_files), index.vocabulary)


def evaluate(rule, params, index):
    for claim in index.dataset.claims:
        if claim.kind == "reading":
            ids = {fact.id for fact in claim.facts}
            as_label = [check for check in relations(index, ids) if not check.passed]
            as_read = relations(read_as(index, claim), ids)
            for fact in claim.facts:
                yield check_fact(rule, claim, fact, involving(as_label, fact), involving(as_read, fact))


def reads(check, index):
    """The figure groups a check reads: those of its claim's facts, as labelled and as read (the relations
    run with all of them read together)."""
    fact_id = check.facts[0].id
    for claim in index.dataset.claims:
        if claim.kind == "reading" and any(fact.id == fact_id for fact in claim.facts):
            for fact in claim.facts:
                key = fact.key
                yield key.entity, key.segment, key.concept
                yield key.entity, key.segment, claim.concept


def involving(checks: list[Check], fact) -> list[Check]:
    return [check for check in checks if any(other.id == fact.id for other in check.facts)]


def summary(checks: list[Check]) -> str:
    return "; ".join(f"{check.rule_id} {check.subject}" for check in checks)


def check_fact(rule, claim, fact, as_label: list[Check], as_read: list[Check]) -> Check:
    """The verdict on one of the claim's figures (the relations ran with all of them read together)."""
    labelled = fact.key.concept
    denied = [check for check in as_read if not check.passed]
    words = f"claim {claim.id} ({claim.document.name}:{claim.line} {claim.text!r})"
    about = f"{fact.key.describe()} read as {claim.concept}"
    dimension = fact.unit.dimension
    if not as_label and (as_read or labelled == claim.concept):
        return Check(rule.id, True, [fact], f"{words}: no relation contradicts {fact.shown} as {labelled}; no "
                     "mislabel is shown", dimension=dimension, about=about)
    if denied:
        return Check(rule.id, False, [fact], f"{words}: {fact.shown} fails as {labelled} and as {claim.concept}: "
                     f"{summary(denied)}", dimension=dimension, about=about, check=denied[0].message)
    if not as_read:
        return undecidable_check(rule.id, f"{words}: no relation tests {fact.shown} as {claim.concept}", [fact],
                                 dimension, "", about)
    return Check(rule.id, False, [fact], f"mislabel: {words} labels {fact.shown} {labelled}, but it is "
                 f"{claim.concept}: as {labelled} it fails {summary(as_label)}; as {claim.concept} it passes "
                 f"{summary(as_read)}", dimension=dimension, about=about,
                 check=" | ".join(check.message for check in as_label))
