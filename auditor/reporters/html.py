"""The HTML report: each document's text, line by line, with every recorded figure marked by its status,
the findings beside the lines they concern, coverage numbers, and links both ways between a figure and
every check it takes part in. One self-contained file (auditor.reporters.html_page); deterministic.

A figure's status: *failed* when a check it is in fails, else *waived* when one is waived, else *passed*
when it is in a value check (any rule but provenance), else *not checked*. Number tokens that no fact
covers are *not recorded* (auditor.reporters.html_marks).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.reporters import html_marks as marks
from auditor.reporters.common import outside_focus_sentence, plain, summarize, summary_sentence, unit_of
from auditor.reporters.html_index import check_index, coverage_table, derived_section, figure_index, findings_list
from auditor.reporters.html_page import RANK, STATUSES, esc, frame, legend
from auditor.reporters.html_view import (Entry, View, build_view, fact_anchor, fact_links, figure_row_id, first_place,
                                         line_id, unique)
from auditor.results import severity_of, show, show_interval

if TYPE_CHECKING:
    from auditor.diagnosis.cause import Cause


def render(outcome) -> str:
    view = build_view(outcome)
    documents = sorted(outcome.dataset.documents.items())
    facts_by_doc = facts_by_document(outcome.dataset.facts)
    placed = {name: place_document(doc, facts_by_doc.get(name, [])) for name, doc in documents}
    body = ["<header>", "<h1>iij-audit report</h1>",
            f'<p class="summary">{esc(summary_sentence(summarize(outcome)))}.</p>', legend()]
    note = outside_focus_sentence(outcome)
    if note:
        body.append(f'<p class="summary">{esc(note)}.</p>')
    body += coverage_table(view, documents, placed) + findings_list(view) + ["</header>", "<main>"]
    for name, doc in documents:
        body += document_section(view, name, doc, placed[name])
    body += figure_index(view, documents, facts_by_doc) + check_index(view) + derived_section(view)
    return frame(body + ["</main>"])


def facts_by_document(facts: list) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for fact in sorted(facts, key=lambda fact: (fact.fixture, fact.fixture_line, fact.id)):
        grouped.setdefault(fact.document.name, []).append(fact)
    return grouped


@dataclass
class PlacedLine:
    facts: list  # the facts citing the line, in fixture order
    spans: dict  # index in facts -> (start, end)
    missing: list  # facts whose text is not on the line


def place_document(doc, facts: list) -> dict[int, PlacedLine]:
    by_line: dict[int, list] = {}
    for fact in facts:
        by_line.setdefault(fact.line, []).append(fact)
    placed = {}
    for number, line_facts in by_line.items():
        text = doc.lines[number - 1] if 1 <= number <= len(doc.lines) else ""
        spans, missing = marks.place(text, line_facts)
        placed[number] = PlacedLine(line_facts, spans, missing)
    return placed


FOLD = 3  # a run of at least this many lines without a figure or a note is folded (one click opens it)


def document_section(view: View, name: str, doc, placed: dict[int, PlacedLine]) -> list[str]:
    out = [f'<section id="doc-{view.doc_no[name]}">', f'<h2>{esc(name)}</h2>', '<div class="deck">']
    run: list[str] = []
    quiet_numbers = 0
    for number, text in enumerate(doc.lines, 1):
        entry = placed.get(number)
        notes = line_notes(view, name, number, entry)
        row = line_row(view, name, number, text, entry, notes)
        if entry or notes:
            out += fold(run, number - len(run), quiet_numbers) + [row]
            run, quiet_numbers = [], 0
        else:
            run.append(row)
            quiet_numbers += len(marks.number_tokens(text))
    out += fold(run, len(doc.lines) + 1 - len(run), quiet_numbers) + ["</div>", "</section>"]
    return out


def line_row(view: View, name: str, number: int, text: str, entry: PlacedLine | None, notes: str) -> str:
    anchor = line_id(view, name, number)
    blank = "" if text.strip() or notes else " blank"
    return (f'<div class="row{blank}" id="{anchor}"><a class="ln" href="#{anchor}">{number}</a>'
            f'<pre class="src">{marked_line(view, text, entry)}</pre><div class="notes">{notes}</div></div>')


def fold(rows: list[str], first: int, numbers: int) -> list[str]:
    """Lines that no fact cites, folded when there are many; the summary says how many numbers they
    print, so nothing unrecorded is out of sight without saying so."""
    if len(rows) < FOLD:
        return rows
    unrecorded = f"; {numbers} number(s) not recorded" if numbers else ""
    return [f'<details class="fold"><summary>lines {first}\u2013{first + len(rows) - 1}: no recorded figure'
            f'{unrecorded}</summary>'] + rows + ["</details>"]


def marked_line(view: View, text: str, entry: PlacedLine | None) -> str:
    spans = entry.spans if entry else {}
    parts = []
    for segment in marks.segments(text, spans):
        piece = esc(text[segment.start:segment.end])
        parts += [f'<span id="{fact_anchor(entry.facts[i])}"></span>' for i in segment.starts]
        if segment.facts:
            parts.append(mark(view, [entry.facts[i] for i in segment.facts], piece))
        elif segment.unrecorded:
            parts.append(f'<span class="mark st-unrecorded" title="not recorded">{piece}</span>')
        else:
            parts.append(piece)
    return "".join(parts)


def mark(view: View, facts: list, piece: str) -> str:
    status = min((view.status[fact.id] for fact in facts), key=RANK.__getitem__)
    title = "; ".join(f"{fact.id}: {STATUSES[view.status[fact.id]][0]}, "
                      f"{len(view.checks_of.get(fact.id, []))} check(s)" for fact in facts)
    overlap = " overlap" if len(facts) > 1 else ""
    return (f'<a class="mark st-{status}{overlap}" href="#{figure_row_id(facts[0])}" title="{esc(title)}">'
            f'{piece}</a>')


def line_notes(view: View, name: str, number: int, entry: PlacedLine | None) -> str:
    out = []
    for fact in entry.missing if entry else []:
        out.append(f'<span class="ref missing">\u2717 <a href="#{figure_row_id(fact)}">{esc(fact.id)}</a>: '
                   f'its text {esc(repr(fact.text))} is not on this line</span>'
                   f'<span id="{fact_anchor(fact)}"></span>')
    for entry in view.cards.get((name, number), []):
        first = first_place(entry.check)
        out.append(finding_card(view, entry) if first == (name, number) else finding_ref(view, entry, first))
    return "".join(out)


def finding_ref(view: View, entry: Entry, first: tuple[str, int]) -> str:
    check, number = entry.check, entry.finding
    return (f'<span class="ref">\u21b3 finding {number} <a href="#finding-{number}">{esc(check.rule_id)}</a> '
            f'(at <a href="#{line_id(view, *first)}">{esc(first[0])}:{first[1]}</a>)</span>')


def finding_card(view: View, entry: Entry) -> str:
    check, number = entry.check, entry.finding
    rule = view.outcome.ruleset.by_id(check.rule_id)
    rows = [("check", f'<a href="#c-{entry.number}">{esc(check.message)}</a>')]
    if check.check:
        rows.append(("relation", f"<code>{esc(check.check)}</code>"))
    if check.expected is not None and check.reported is not None:
        rows.append(("values", esc(f"expected {show_interval(check.expected, check.dimension)}; reported "
                                   f"{show_interval(check.reported, check.dimension)}; gap "
                                   f"{show(check.gap, check.dimension)}")))
    rows += cause_rows(check.cause, unit_of(check.dimension))
    rows += derived_rows(view, check)
    if check.waiver_reason:
        rows.append(("waived" if check.status == "waived" else "note", esc(check.waiver_reason)))
    rows.append(("figures", fact_links(unique(check.facts))))
    cells = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return (f'<div class="card {check.status}" id="finding-{number}"><div class="head">'
            f'<span class="badge {check.status}">{check.status}</span> {number}. {severity_of(check, rule)} '
            f'<span class="rule">{esc(check.rule_id)}</span>: {esc(rule.title)}</div><dl>{cells}</dl></div>')


def cause_rows(cause: Cause | None, unit: str) -> list[tuple[str, str]]:
    if not cause:
        return []
    text = f"({cause.kind}) {cause.explanation}"
    rows = [("likely cause", esc(text))]
    implied = cause.implied_ranges
    if implied:
        ranges = "; ".join(f"{fact_id} in {show_range(bounds)}" for fact_id, bounds in sorted(implied.items()))
        rows.append(("to pass", esc(f"each figure alone would have to lie in ({unit}): {ranges}")))
    return rows


def show_range(bounds) -> str:
    if bounds is None:
        return "any value"
    lo, hi = bounds
    return f"[{'-inf' if lo is None else lo}, {'+inf' if hi is None else hi}]"


def derived_rows(view: View, check) -> list[tuple[str, str]]:
    """The derived figures that this finding's figures take part in, linked to their derivation."""
    ids = {fact.id for fact in check.facts}
    related = [(number, item) for number, item in enumerate(view.outcome.derived, 1) if ids & set(item.facts)]
    if not related:
        return []
    links = "; ".join(f'<a href="#d-{number}">{esc(item.describe())}</a> in [{plain(item.interval.lo)}, '
                      f'{plain(item.interval.hi)}] {esc(unit_of(item.dimension))}' for number, item in related)
    return [("derived", links)]
