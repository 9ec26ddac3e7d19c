"""``iij-audit explain RULE``: a rule, its parameters in words and its kind's documentation.

Parameters are written as a reader says them ("entity IIJ", "yes", "revenue, gross_margin"), never as
Python's repr of the parsed values; rule text comes from a rule file, which anyone may write, so every
line goes through ``line_safe``.
"""

from __future__ import annotations

from fractions import Fraction

from pydantic import BaseModel

from auditor.reporters.common import plain
from auditor.reporters.safe import line_safe, one_line


def words(value) -> str:
    """One parameter value in words."""
    if hasattr(value, "source"):  # a parsed expression: what the rule file says
        return value.source
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Fraction):
        return plain(value)
    if isinstance(value, BaseModel):  # a selector: the names it sets, "segment connectivity"
        return ", ".join(f"{name} {words(item)}" for name, item in fields(value))
    if isinstance(value, (list, tuple)):
        items = [words(item) for item in value]
        return ("; " if any(", " in item for item in items) else ", ").join(items)
    if isinstance(value, dict):
        return ", ".join(f"{name} {words(item)}" for name, item in value.items() if item not in (None, [], {}))
    return str(value)


def fields(model: BaseModel) -> list[tuple[str, object]]:
    """A model's set fields, in declaration order, without the empty ones."""
    return [(name, getattr(model, name)) for name in type(model).model_fields
            if getattr(model, name) not in (None, [], {})]


def explain_lines(rule, kind_doc: str) -> list[str]:
    lines = [f"{rule.id}: {rule.title}",
             f"kind: {rule.kind}   severity: {rule.severity}   defined at {rule.path}:{rule.line}",
             "", f"Why: {rule.rationale}"]
    if rule.description:
        lines += ["", *rule.description.splitlines()]
    if rule.idle_reason:
        lines += ["", f"Idle on the project's data: {rule.idle_reason}"]
    params = fields(rule.params)
    if params:
        lines += ["", "Parameters:"] + [f"  {name}: {one_line(words(value))}" for name, value in params]
    lines += ["", f"The {rule.kind} kind:", "", *kind_doc.strip().splitlines()]
    return [line_safe(line) for line in lines]
