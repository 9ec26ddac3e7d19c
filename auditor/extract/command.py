"""The work of ``iij-audit extract``: read the document, draft its facts, print them or merge them."""

from __future__ import annotations

import os

import click

from auditor.errors import InputError
from auditor.extract import document_key, draft_facts
from auditor.extract.write import append_facts, recorded, render_fixture
from auditor.model import fold_whitespace
from auditor.output import write_atomic
from auditor.ruleset import load_rules
from auditor.yamlsafe import load_yaml, read_text


def shown(text: str) -> str:
    """Document text as printed to the terminal: control characters escaped, so none can forge output."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def read_document(path: str) -> list[str]:
    text = read_text(path)
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()  # as the loader counts lines: the last newline ends the last line
    return lines


def run(document: str, into: str | None, vocabulary_path: str) -> int:
    vocabulary = load_rules(vocabulary_path).vocabulary
    lines = read_document(document)
    key = document_key(document)
    if into is None:
        facts = draft_facts(lines, vocabulary, key)
        click.echo(render_fixture(os.path.relpath(document), facts), nl=False)
        return 0
    if os.path.realpath(into) == os.path.realpath(document):
        raise InputError(into, None, "refusing to write the draft over the document it is drafted from")
    if not os.path.exists(into):
        facts = draft_facts(lines, vocabulary, key)
        relative = os.path.relpath(document, os.path.dirname(os.path.abspath(into)))
        write_atomic(into, render_fixture(relative, facts), {os.path.realpath(document)})
        report(into, facts)
        return 0
    text = read_text(into)
    seen, ids = recorded(load_yaml(into, text=text))
    facts = [fact for fact in draft_facts(lines, vocabulary, key, ids)
             if (fact["line"], fold_whitespace(fact["text"])) not in seen]
    if facts:
        write_atomic(into, append_facts(into, text, facts), {os.path.realpath(document)})
    report(into, facts)
    return 0


def report(into: str, facts: list[dict]) -> None:
    todo = sum(1 for fact in facts if "todo" in fact)
    click.echo(f"{shown(into)}: added {len(facts)} fact(s), {todo} with a todo")
    for fact in facts:
        note = f" (todo: {shown(fact['todo'])})" if "todo" in fact else ""
        click.echo(f"  {fact['id']}: line {fact['line']}: {shown(fact['text'])}{note}")
