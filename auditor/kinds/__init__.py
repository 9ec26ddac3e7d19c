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
  ``READS_LOCALLY`` [True]: False when its checks chain through figures of other places (a diagnosis
  trial re-runs them on the changed figures' region only, so its verdicts for them are approximate).

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
    period_label,
    provenance,
    rollforward,
    share,
    share_equation,
    translation,
    trend,
)

KINDS: dict[str, ModuleType] = {
    "provenance": provenance,
    "equation": equation,
    "share": share,
    "share_equation": share_equation,
    "change": change,
    "balance_change": change,
    "part_whole": part_whole,
    "components": components,
    "aggregation": aggregation,
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
}


def states_values(kind: str) -> bool:
    """Whether checks of the kind relate figures' values (diagnosis re-runs them under a hypothesis)."""
    return getattr(KINDS[kind], "STATES_VALUES", True)


def uses_derived(kind: str) -> bool:
    """Whether checks of the kind can run on derived figures standing in for unprinted ones."""
    return states_values(kind) and getattr(KINDS[kind], "USES_DERIVED", True)


def reads_locally(kind: str) -> bool:
    """Whether a check of the kind reads only figures that share a place with its own facts (the same
    entity, segment and concept at any period, or the same period at any concept), so that a diagnosis
    trial may re-run it on the region of a changed figure; False for kinds that chain across places."""
    return getattr(KINDS[kind], "READS_LOCALLY", True)


def record_check(kind: str) -> bool:
    """Whether checks of the kind compare facts' records with their sources (what ``validate`` runs)."""
    return getattr(KINDS[kind], "RECORD_CHECK", False)


def expression_fields(kind: str) -> tuple[str, ...]:
    """The kind's parameters that hold expressions (where the rule loader places an expression's error)."""
    fields = KINDS[kind].Params.model_fields
    return tuple(name for name, field in fields.items() if Expression in get_args(field.annotation))
