"""The registry of rule kinds. Each kind is one module: its docstring is the user's documentation,
``Params`` the rule fields it takes (beyond id, title, severity, rationale, kind) and
``evaluate(rule, params, index)`` yields a Check or a Skip for every place the rule applies to."""

from auditor.kinds import (
    agreement,
    aggregation,
    change,
    comparison,
    components,
    derived_change,
    direction,
    equation,
    implied_base,
    implied_level,
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
    "components": components,
    "aggregation": aggregation,
    "rollforward": rollforward,
    "agreement": agreement,
    "direction": direction,
    "period_label": period_label,
    "trend": trend,
    "comparison": comparison,
    "implied_base": implied_base,
    "implied_level": implied_level,
    "derived_change": derived_change,
    "translation": translation,
}
