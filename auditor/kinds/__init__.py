"""The registry of rule kinds. Each kind is one module: its docstring is the user's documentation,
``Params`` the rule fields it takes (beyond id, title, severity, rationale, kind) and
``evaluate(rule, params, index)`` yields a Check or a Skip for every place the rule applies to.

A kind module may also say what its checks are about, as module attributes read only through the
functions below (so no list of kind names lives anywhere else); a kind that says nothing is a value
rule, which is what a new kind usually is:

- ``STATES_VALUES = False``: its checks say nothing about the values of figures (provenance, period
  labels): the diagnosis neither re-runs them per hypothesis nor solves them for a figure;
- ``READS_TEXT = True``: its checks read what the text prints (words, labels, the source line), so a
  derived figure, which has no text, cannot take part in them;
- ``SOURCE_CHECK = True``: it checks each fact against its source document and nothing else (what
  ``validate`` runs; a figure checked only by it counts as unchecked in the HTML report).
"""

from auditor.kinds import (
    agreement,
    aggregation,
    change,
    derived_change,
    direction,
    equation,
    implied_base,
    part_whole,
    period_label,
    provenance,
    rollforward,
    share,
    translation,
    trend,
)

KINDS = {
    "provenance": provenance,
    "equation": equation,
    "share": share,
    "change": change,
    "balance_change": change,
    "part_whole": part_whole,
    "aggregation": aggregation,
    "rollforward": rollforward,
    "agreement": agreement,
    "direction": direction,
    "period_label": period_label,
    "trend": trend,
    "implied_base": implied_base,
    "derived_change": derived_change,
    "translation": translation,
}


def states_values(kind: str) -> bool:
    return getattr(KINDS[kind], "STATES_VALUES", True)


def reads_text(kind: str) -> bool:
    return getattr(KINDS[kind], "READS_TEXT", False)


def source_check(kind: str) -> bool:
    return getattr(KINDS[kind], "SOURCE_CHECK", False)
