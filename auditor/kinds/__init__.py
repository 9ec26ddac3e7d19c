"""The registry of rule kinds: the only list of them. Each kind is one module, and everything the rest of
the tool knows about a kind it reads from that module, through the functions below:

- its docstring: the user's documentation (``iij-audit explain``);
- ``Params``: the rule fields it takes (beyond id, title, severity, rationale, kind); optional
  ``prepare(params)`` (parse and check them when the rule is loaded) and ``references(params)`` (the
  vocabulary names they use, checked at load);
- ``evaluate(rule, params, index)``: a Check or a Skip for every place the rule applies to;
- optional ``constraints(rule, params, index, anchors, levels)``: the same relation over the same places,
  as constraints for the diagnosis (:mod:`auditor.diagnosis.build`);
- optional ``implied_ranges(check, index)``: for a kind without constraints whose checks still bound
  values, the range each fact of a check would have to lie in (:mod:`auditor.diagnosis.implied`);
- optional attributes (defaults in brackets): ``STATES_VALUES`` [True]: False when its checks read
  printed text, labels or periods only, so diagnosis re-runs none of them and implies no value;
  ``USES_DERIVED`` [True]: False when its checks cannot run on derived figures (synthetic facts have no
  direction word and stand in no claim); ``RECORD_CHECK`` [False]: True when its checks compare a fact's
  record with its source (``validate`` runs them; a fact only they check is "unchecked" in reports);
- optional ``reads(check, index)``: the figure groups (entity, segment, concept), all periods and
  measures, that a check of the kind reads beyond the places of its facts (the same concept at other
  periods, the same period at other concepts, the keys its facts and skips name), for a kind whose checks
  read figures of other places (a label reading reads its facts as another concept); a diagnosis trial
  re-runs such a check whenever a changed figure is in one of them (:mod:`auditor.diagnosis.trials`).

Adding a kind: docs/rule-kinds.md, "Adding a rule kind".
"""

from types import ModuleType
from typing import get_args

from auditor.expr import Expression

from auditor.kinds import (
    agreement,
    aggregation,
    bound,
    change,
    comparison,
    components,
    derived_change,
    direction,
    equation,
    implied_base,
    implied_level,
    label_reading,
    part_whole,
    per_share,
    period_bound,
    period_label,
    provenance,
    rollforward,
    share,
    share_equation,
    tiled_equation,
    translation,
    trend,
)

KINDS: dict[str, ModuleType] = {
    "provenance": provenance,
    "equation": equation,
    "tiled_equation": tiled_equation,
    "share": share,
    "share_equation": share_equation,
    "change": change,
    "balance_change": change,
    "part_whole": part_whole,
    "components": components,
    "aggregation": aggregation,
    "period_bound": period_bound,
    "rollforward": rollforward,
    "agreement": agreement,
    "bound": bound,
    "direction": direction,
    "period_label": period_label,
    "trend": trend,
    "comparison": comparison,
    "implied_base": implied_base,
    "implied_level": implied_level,
    "label_reading": label_reading,
    "derived_change": derived_change,
    "translation": translation,
    "per_share": per_share,
}


def states_values(kind: str) -> bool:
    """Whether checks of the kind relate figures' values (diagnosis re-runs them under a hypothesis)."""
    return getattr(KINDS[kind], "STATES_VALUES", True)


def uses_derived(kind: str) -> bool:
    """Whether checks of the kind can run on derived figures standing in for unprinted ones."""
    return states_values(kind) and getattr(KINDS[kind], "USES_DERIVED", True)


def read_groups(kind: str, check, index) -> frozenset:
    """The figure groups (entity, segment, concept) a check of the kind reads beyond the places of its
    facts: the kind's ``reads``, or none."""
    reads = getattr(KINDS[kind], "reads", None)
    return frozenset(reads(check, index)) if reads is not None else frozenset()


def has_read_groups(kind: str) -> bool:
    """Whether checks of the kind state further groups they read (so a trial looks them up)."""
    return hasattr(KINDS[kind], "reads")


def record_check(kind: str) -> bool:
    """Whether checks of the kind compare facts' records with their sources (what ``validate`` runs)."""
    return getattr(KINDS[kind], "RECORD_CHECK", False)


def expression_fields(kind: str) -> tuple[str, ...]:
    """The kind's parameters that hold expressions (where the rule loader places an expression's error)."""
    fields = KINDS[kind].Params.model_fields
    return tuple(name for name, field in fields.items() if Expression in get_args(field.annotation))
