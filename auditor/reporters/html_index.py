"""The summary parts of the HTML report: coverage per document, the list of findings, and the indexes
of figures, checks and derived figures that the marks in the text link to."""

from __future__ import annotations

from auditor.reporters import html_marks as marks
from auditor.reporters.common import plain, unit_of
from auditor.reporters.html_page import RANK, STATUSES, esc, safe_id
from auditor.reporters.html_view import View, fact_anchor, fact_links, figure_row_id, first_place, line_id, unique
from auditor.results import severity_of


def document_counts(view: View, doc, placed: dict) -> dict[str, int]:
    """Numbers printed, recorded and checked on the document's lines, and its facts by status; ``placed``
    maps a line number to the facts citing it and their spans (auditor.reporters.html.PlacedLine)."""
    counts = {"printed": 0, "recorded": 0, "checked": 0, "facts": 0}
    counts.update({status: 0 for status in RANK})
    for number, text in enumerate(doc.lines, 1):
        entry = placed.get(number)
        spans = entry.spans if entry else {}
        checked = {i for i, fact in enumerate(entry.facts) if view.status[fact.id] != "unchecked"} if entry else set()
        printed, recorded, in_check = marks.coverage(text, spans, checked)
        counts["printed"] += printed
        counts["recorded"] += recorded
        counts["checked"] += in_check
    for entry in placed.values():
        for fact in entry.facts:
            counts["facts"] += 1
            counts[view.status[fact.id]] += 1
    return counts


def coverage_table(view: View, documents, placed) -> list[str]:
    out = ['<h2>Coverage</h2>', '<table class="cov"><tr><th>document</th><th>lines</th>'
           '<th>numbers printed</th><th>recorded</th><th>checked</th><th>facts</th><th>passed</th>'
           '<th>failed</th><th>waived</th><th>not checked</th><th>findings</th></tr>']
    for name, doc in documents:
        c = document_counts(view, doc, placed[name])
        findings = sum(1 for check in view.outcome.reported if any(f.document.name == name for f in check.facts))
        out.append(f'<tr><td><a href="#doc-{view.doc_no[name]}">{esc(name)}</a></td><td>{len(doc.lines)}</td>'
                   f'<td>{c["printed"]}</td><td>{c["recorded"]} ({percent(c["recorded"], c["printed"])})</td>'
                   f'<td>{c["checked"]} ({percent(c["checked"], c["printed"])})</td><td>{c["facts"]}</td>'
                   f'<td>{c["passed"]}</td><td>{c["failed"]}</td><td>{c["waived"]}</td>'
                   f'<td>{c["unchecked"]}</td><td>{findings}</td></tr>')
    out.append("</table>")
    out.append('<p class="summary">Numbers printed: number tokens on the document\'s lines; recorded: '
               'covered by a fact\'s printed text; checked: covered by a fact in a value check.</p>')
    return out


def percent(part: int, whole: int) -> str:
    return "-" if not whole else f"{part * 100 // whole}%"


def findings_list(view: View) -> list[str]:
    reported = view.outcome.reported
    out = [f'<h2 id="findings">Findings ({len(reported)})</h2>']
    if not reported:
        return out + ['<p class="summary">No findings.</p>']
    out.append('<table class="index findings">')
    for entry in view.findings:
        check, number = entry.check, entry.finding
        rule = view.outcome.ruleset.by_id(check.rule_id)
        first = first_place(check)
        where = f'<a href="#{line_id(view, *first)}">{esc(first[0])}:{first[1]}</a>' if first else ""
        out.append(f'<tr><td><a href="#finding-{number}">{number}.</a></td><td><span class="badge '
                   f'{check.status}">{check.status}</span> {severity_of(check, rule)}</td>'
                   f'<td class="id">{esc(check.rule_id)}</td><td>{where}</td>'
                   f'<td class="message" title="{esc(check.message)}">{esc(check.message)}</td></tr>')
    return out + ["</table>"]


def figure_index(view: View, documents, facts_by_doc) -> list[str]:
    out = ['<h2 id="figures">Figures</h2>']
    for name, _doc in documents:
        out += [f"<h3>{esc(name)}</h3>", '<table class="index"><tr><th>fact</th><th>line</th><th>printed</th>'
                '<th>label</th><th>status</th><th>checks</th></tr>']
        for fact in facts_by_doc.get(name, []):
            status = view.status[fact.id]
            checks = ", ".join(f'<a href="#c-{entry.number}">{STATUSES[entry.check.status][1]}\u00a0'
                               f'{esc(entry.check.rule_id)}</a>' for entry in view.checks_of.get(fact.id, []))
            out.append(f'<tr id="{figure_row_id(fact)}"><td><a class="id" href="#{fact_anchor(fact)}">'
                       f'{esc(fact.id)}</a></td><td><a href="#{line_id(view, name, fact.line)}">{fact.line}</a></td>'
                       f'<td>{esc(fact.text)}</td><td>{esc(fact.label)}</td><td><span class="badge {status}">'
                       f'{STATUSES[status][1]} {STATUSES[status][0]}</span></td><td>{checks}</td></tr>')
        out.append("</table>")
    return out


def check_index(view: View) -> list[str]:
    out = ['<h2 id="checks">Checks</h2>', '<ol class="checks">']
    for entry in view.entries:
        check, number, finding = entry.check, entry.number, entry.finding
        extra = f' &middot; <a href="#finding-{finding}">finding {finding}</a>' if finding else ""
        symbol = STATUSES[check.status][1] if check.status in STATUSES else ""
        out.append(f'<li id="c-{number}" value="{number}"><span class="badge {esc(check.status)}">{symbol} '
                   f'{esc(check.status)}</span> <b>{esc(check.rule_id)}</b> {esc(check.subject)}: '
                   f'{esc(check.message)}{extra} &middot; {fact_links(unique(check.facts))}</li>')
    out.append("</ol>")
    return out


def derived_section(view: View) -> list[str]:
    derived = view.outcome.derived
    if not derived:
        return []
    out = ['<h2 id="derived">Derived figures</h2>', '<p class="summary">Figures no fact prints but the '
           'printed ones force, with their derivation.</p>', '<table class="index">']
    for number, item in enumerate(derived, 1):
        out.append(f"<tr id=\"d-{number}\"><td>{esc(item.describe())}</td><td>[{plain(item.interval.lo)}, "
                   f"{plain(item.interval.hi)}] {esc(unit_of(item.dimension))}</td>"
                   f"<td>{esc('; '.join(item.derivation))}</td><td>{derived_fact_links(view, item)}</td></tr>")
    out.append("</table>")
    return out


def derived_fact_links(view: View, item) -> str:
    return ", ".join(f'<a class="id" href="#{safe_id("f", fact_id)}">{esc(fact_id)}</a>'
                     for fact_id in item.facts)
