"""label_reading: a figure whose printed label names one concept and whose value fits another is a mislabel,
proved by the relations of both readings.

A fixture records a mislabelled figure as printed, under the concept its label names (so the relations of
that concept, such as agreement with the concept's other statements, find it), and a ``reading`` claim
(docs/fact-format.md, "Claims") names the concept the document's other figures support. This rule runs the
value relations that need no parameters (``agreement``, ``aggregation``, ``share``), and the ratios whose
own level is not printed through the rule's level ``identities`` (auditor.kinds.share_levels: a gross
margin ratio beside a cost of revenue is ``(revenue - cost_of_revenue) / revenue``), twice over the claim's
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

The ratio relations as read are also checks of their own, at the ratios (which no other rule reads when
the level is missing): the ratios then take part in a value check, and one that does not fit the reading
is a finding at the ratio.

Parameters:
  identities: optional list of linear level equations (``revenue == cost_of_revenue + gross_margin``)
    through which a printed share whose own level is missing is the quotient of printed levels.
"""

from __future__ import annotations

from dataclasses import replace

from auditor.expr import Expression
from auditor.index import Index
from auditor.kinds import aggregation, agreement, share, share_levels
from auditor.model import Dataset, Strict
from auditor.rulenames import expression_references
from auditor.results import Check, undecidable_check

RELATIONS = (agreement, aggregation, share)



class Params(Strict):
    identities: list[str | Expression] = []

    model_config = {**Strict.model_config, "arbitrary_types_allowed": True}


def prepare(params: Params) -> Params:
    params.identities = [share_levels.prepare_identity(source) for source in params.identities]
    return params


def references(params: Params):
    return [ref for identity in params.identities for ref in expression_references(identity, "identities")]


class _Relation:
    """The rule object the relations are evaluated with: their checks are this rule's evidence."""

    def __init__(self, kind) -> None:
        self.id = kind.__name__.rsplit(".", 1)[-1]


def relations(index, ids: set[str], params: Params) -> list[Check]:
    """The checks of the parameterless value relations and of the ratios through the identities that
    involve any of the facts ``ids``."""
    found = []
    for kind in RELATIONS:
        for result in kind.evaluate(_Relation(kind), kind.Params(), index):
            if isinstance(result, Check) and ids & {fact.id for fact in result.facts}:
                found.append(result)
    for result in share_levels.checks(index, params.identities):
        if ids & {fact.id for fact in result.facts}:
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
            as_label = [check for check in relations(index, ids, params) if not check.passed]
            as_read = relations(read_as(index, claim), ids, params)
            for fact in claim.facts:
                yield check_fact(rule, claim, fact, involving(as_label, fact), involving(as_read, fact))
            yield from ratio_evidence(rule, claim, as_read)


def ratio_evidence(rule, claim, as_read: list[Check]):
    """The ratio relations as read, as this rule's checks at the ratios: why they hold or fail."""
    words = f"claim {claim.id} ({claim.document.name}:{claim.line} {claim.text!r})"
    for check in as_read:
        if check.rule_id == share_levels.RULE_ID:
            yield replace(check, rule_id=rule.id, message=f"{words}, read as {claim.concept}: {check.message}",
                          about=f"{check.subject} read as {claim.concept}")


def reads(check, index):
    """The figure groups a check reads: its own facts' (a ratio's identity reads other concepts), and those
    of its claim's facts, as labelled and as read (the relations run with all of them read together)."""
    read = {fact.id for fact in check.facts}  # a ratio's check names its identity's figures before the claim's
    for fact in check.facts:
        yield fact.key.entity, fact.key.segment, fact.key.concept
    for claim in index.dataset.claims:
        if claim.kind == "reading" and any(fact.id in read for fact in claim.facts):
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
