"""Every name a rule uses exists in the vocabulary, checked once all rule files are loaded.

A rule naming a concept the vocabulary does not have (``gross_margni``) would otherwise load and check
nothing. Each kind lists the names its parameters use (``references(params)``); this module finds each
unknown one in the rule file, at the name itself: inside an expression at the name's character column,
in a list at the item. Measures are the kind's own choices; functions are the evaluator's whitelist
(checked by :mod:`auditor.expr`). No kind takes a basis as a parameter.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from auditor.errors import InputError
from auditor.expr import Expression
from auditor.vocabulary import Vocabulary
from auditor.yamlsafe import LineDict, LineList

_WHAT = {"concepts": "concept", "entities": "entity", "segments": "segment", "measures": "measure"}


@dataclass(frozen=True)
class Reference:
    section: str  # the vocabulary section the name belongs to: concepts, entities or segments
    name: str
    path: tuple  # where the name stands in the rule's mapping, e.g. ("parts", 0, "segment")
    column: int | None = None  # for a name inside an expression: its 1-based column there
    known: tuple[str, ...] | None = None  # the names allowed, when they are a kind's choices (measures)


def expression_references(expression: Expression, field: str) -> list[Reference]:
    return [Reference("concepts", name, (field,), expression.column_of(name)) for name in expression.names]


def list_references(section: str, names: list[str] | None, field: str,
                    known: tuple[str, ...] | None = None) -> list[Reference]:
    return [Reference(section, name, (field, index), known=known) for index, name in enumerate(names or [])]


def unknown_names(rule, raw: LineDict, lines: list[str], vocabulary: Vocabulary, kind) -> list[InputError]:
    """An error for each name of ``rule`` that ``vocabulary`` lacks, at the name's position."""
    if not hasattr(kind, "references"):
        return []
    errors, seen = [], set()
    for ref in kind.references(rule.params):
        known = ref.known if ref.known is not None else getattr(vocabulary, ref.section)
        if ref.name in known or (ref.section, ref.name) in seen:
            continue
        seen.add((ref.section, ref.name))
        line, column = locate(raw, lines, ref.path, rule.line, ref.column)
        if ref.known is not None:
            where = "one of " + ", ".join(ref.known)
        else:
            close = difflib.get_close_matches(ref.name, sorted(known), n=1)
            where = "not in the vocabulary" + (f"; did you mean {close[0]!r}?" if close else "")
        errors.append(InputError(rule.path, line, f"rule {rule.id}: {ref.path[0]}: unknown {_WHAT[ref.section]} "
                                 f"{ref.name!r} ({where})", column))
    return errors


def locate(raw: LineDict, lines: list[str], path: tuple, line: int,
           inner: int | None = None) -> tuple[int, int | None]:
    """The (line, column) in the rule file of the value at ``path`` in ``raw`` (a rule's mapping); with
    ``inner``, of that character of the value's text (a column inside an expression)."""
    container, column = raw, None
    for step in path:
        if isinstance(container, LineDict) and step in container:
            line, column, _ = container.value_marks.get(step, (container.line_of(step), None, ""))
        elif isinstance(container, LineList) and isinstance(step, int) and 0 <= step < len(container):
            line, column = container.item_lines[step], item_column(container, step, lines)
        else:
            return line, None
        container = container[step]
    if not isinstance(container, str) or column is None:
        return line, column
    return text_position(lines, line, column, container.strip(), inner or 1)


def text_position(lines: list[str], line: int, column: int, text: str, inner: int) -> tuple[int, int]:
    """Where the ``inner``-th character of a scalar's ``text`` stands: the scalar starts at (line, column),
    but quotes and block indicators (``>-``) put its text further on, on its line or the next ones. A text
    that YAML folded or unescaped stands nowhere verbatim: then the scalar's own start."""
    for number in range(line, min(line + 3, len(lines)) + 1):
        start = column - 1 if number == line else 0
        found = lines[number - 1].find(text, start)
        if found >= 0:
            return number, found + inner
    return line, column


def item_column(items: LineList, index: int, lines: list[str]) -> int | None:
    """The column of a scalar list item: found on its line, after the items before it on that line."""
    line = items.item_lines[index]
    if not 1 <= line <= len(lines):
        return None
    start = 0
    for position in range(index + 1):
        item = items[position]
        if items.item_lines[position] != line:
            continue
        if not isinstance(item, str):
            return None
        match = re.compile(rf"(?<![\w-]){re.escape(item)}(?![\w-])").search(lines[line - 1], start)
        if match is None:
            return None
        if position == index:
            return match.start() + 1
        start = match.end()
    return None
