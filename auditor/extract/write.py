"""Writing drafted facts as fixture YAML, and appending the new ones to an existing fixture.

Every string is written as a JSON string with non-ASCII escaped: a valid YAML double-quoted scalar
whatever the document's characters (quotes, colons, line separators), so no printed text can change the
structure of the file. Existing facts are never rewritten: merging appends text after them.
"""

from __future__ import annotations

import json
import re

from auditor.errors import InputError
from auditor.model import fold_whitespace

_ORDER = ("id", "entity", "segment", "concept", "measure", "period", "basis", "compare", "base_basis", "of",
          "value", "direction", "unit", "exact", "line", "text", "label", "header", "period_text", "todo")


def fact_fields(draft, fact_id: str, default_entity: str) -> dict:
    fields = {"id": fact_id, "entity": None if draft.entity in (None, default_entity) else draft.entity,
              "segment": draft.segment, "concept": draft.concept,
              "measure": None if draft.measure == "level" else draft.measure, "period": draft.period,
              "basis": None if draft.basis in (None, "actual") else draft.basis, "compare": draft.compare,
              "base_basis": draft.base_basis, "of": draft.of, "value": draft.value, "direction": draft.direction,
              "unit": draft.unit, "exact": draft.exact, "line": draft.line, "text": draft.text,
              "label": draft.label, "header": draft.header[0] if len(draft.header) == 1 else (draft.header or None),
              "period_text": draft.period_text, "todo": "; ".join(draft.todo) or None}
    return {key: fields[key] for key in _ORDER if fields[key] is not None}


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=True)


def render_facts(facts: list[dict], indent: str = "  ") -> str:
    out = []
    for fact in facts:
        first = True
        for key, value in fact.items():
            out.append(f"{indent}{'- ' if first else '  '}{key}: {_scalar(value)}")
            first = False
    return "\n".join(out) + ("\n" if out else "")


def render_fixture(document: str, facts: list[dict]) -> str:
    head = (f"# Drafted by `iij-audit extract`: review every fact (and its todo) before relying on it.\n"
            f"document: {_scalar(document)}\nrounding: half\nfacts:\n")
    if not facts:
        return head.replace("facts:\n", "facts: []\n")
    return head + render_facts(facts)


def recorded(data) -> tuple[set[tuple[int, str]], set[str]]:
    """(line, text) of every fact in a loaded fixture (groups expanded), and every id."""
    seen, ids = set(), set()

    def walk(items, defaults):
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            merged = {**defaults, **{k: v for k, v in item.items() if k != "facts"}}
            if isinstance(item.get("facts"), list):
                walk(item["facts"], merged)
                continue
            if isinstance(item.get("id"), str):
                ids.add(item["id"])
            text = merged.get("text", merged.get("value"))
            line = str(merged.get("line", ""))  # the safe loader keeps scalars as their text
            if line.isdigit() and text is not None:
                seen.add((int(line), fold_whitespace(str(text))))

    if isinstance(data, dict):
        defaults = data.get("defaults") if isinstance(data.get("defaults"), dict) else {}
        walk(data.get("facts"), dict(defaults))
    return seen, ids


def append_facts(path: str, text: str, facts: list[dict]) -> str:
    """``text`` (a fixture file) with ``facts`` appended to its top-level block list ``facts:``."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if re.match(r"^facts:\s*(#.*)?$", line)), None)
    if start is None:
        if re.search(r"^facts:\s*\[\s*\]\s*$", text, re.M) or "facts:" not in text:
            body = re.sub(r"^facts:\s*\[\s*\]\s*$\n?", "", text, flags=re.M)
            body = body if body.endswith("\n") or not body else body + "\n"
            return body + "facts:\n" + render_facts(facts)
        raise InputError(path, None, "cannot append to this fixture: its 'facts' is not a block list "
                         "('facts:' on a line of its own)")
    end = len(lines)
    indent = None
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if line.strip() and not line.startswith((" ", "#", "-")):
            end = i
            break
        if indent is None and (m := re.match(r"^(\s*)- ", line)):
            indent = m[1]
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    addition = render_facts(facts, indent if indent is not None else "  ").rstrip("\n").split("\n")
    merged = lines[:end] + addition + lines[end:]
    result = "\n".join(merged)
    return result if result.endswith("\n") else result + "\n"
