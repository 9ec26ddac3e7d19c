"""The fixed parts of the HTML report: escaping, safe ids, the style sheet, the legend and the page frame.

Nothing here loads anything from outside the file: no scripts, no fonts, no images; the Content Security
Policy says so to the browser too, so a report opened from a stranger's pull request cannot call out.
"""

from __future__ import annotations

import html
import re

from auditor.reporters.safe import one_line

STATUSES = {  # status -> (label, symbol, what it means)
    "failed": ("failed", "\u2717", "in a check that fails"),
    "waived": ("waived", "\u2691", "in a failing check whose finding is waived (a known error of the source)"),
    "passed": ("passed", "\u2713", "in at least one value check, all passing"),
    "unchecked": ("not checked", "\u25cb", "recorded, but in no value check (provenance only)"),
    "unrecorded": ("not recorded", "?", "a number printed on the line that no fact records"),
}
RANK = {"failed": 0, "waived": 1, "passed": 2, "unchecked": 3}  # the worst status shows on shared text

_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'"

CSS = """
:root { --failed:#b3261e; --waived:#9a5b00; --passed:#1e6b34; --unchecked:#3f5f8a; --unrecorded:#6b6b6b; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1b1b;
       background: #f6f6f3; }
header, main { max-width: 1380px; margin: 0 auto; padding: 0 16px; }
header { padding-top: 14px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 24px 0 8px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.summary { color: #333; margin: 0 0 10px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 8px 12px; background: #fff;
          border: 1px solid #ddd; border-radius: 6px; margin-bottom: 10px; }
.legend span.mark { margin-right: 6px; }
table.cov { border-collapse: collapse; background: #fff; font-variant-numeric: tabular-nums; }
table.cov th, table.cov td { border: 1px solid #ddd; padding: 3px 8px; text-align: right; }
table.cov th:first-child, table.cov td:first-child { text-align: left; }
table.cov th { background: #efefe9; }
.deck { background: #fff; border: 1px solid #ddd; border-radius: 6px; overflow: hidden; }
.row { display: grid; grid-template-columns: 3.6em minmax(0, 1fr) 430px; border-top: 1px solid #f0f0ec; }
.row:target, .row.hit { background: #fffbe6; }
.row.blank .ln, .row.blank .src { font-size: 8px; line-height: 1; }
details.fold > summary { padding: 2px 8px 2px 4.2em; color: #666; font-size: 12px; background: #fafaf7;
                         border-top: 1px solid #f0f0ec; cursor: pointer; }
.ln { color: #999; text-align: right; padding: 1px 8px 1px 0; font: 12px/1.6 ui-monospace, monospace;
      user-select: none; text-decoration: none; }
.src { margin: 0; padding: 1px 6px; font: 13px/1.6 ui-monospace, "DejaVu Sans Mono", monospace;
       white-space: pre-wrap; overflow-wrap: anywhere; tab-size: 6; }
.notes { padding: 2px 6px; font-size: 12.5px; }
a.mark, span.mark { color: inherit; text-decoration-line: underline; text-underline-offset: 3px;
                    text-decoration-thickness: 2px; border-radius: 2px; padding: 0 1px; }
.mark::after { font: bold 10px/1 system-ui, sans-serif; vertical-align: super; margin-left: 1px; }
.st-failed { background: #fde3e1; text-decoration-color: var(--failed); text-decoration-style: wavy; }
.st-failed::after { content: "\\2717"; color: var(--failed); }
.st-waived { background: #fff0cf; text-decoration-color: var(--waived); text-decoration-style: dashed; }
.st-waived::after { content: "\\2691"; color: var(--waived); }
.st-passed { background: #e1f3e5; text-decoration-color: var(--passed); text-decoration-style: solid; }
.st-passed::after { content: "\\2713"; color: var(--passed); }
.st-unchecked { background: #e6edf7; text-decoration-color: var(--unchecked); text-decoration-style: dotted; }
.st-unchecked::after { content: "\\25cb"; color: var(--unchecked); }
span.st-unrecorded { text-decoration: none; outline: 1px dashed #9a9a9a; outline-offset: -1px; color: #555; }
.overlap { box-shadow: inset 0 -3px 0 #7b3fa0; }
.card { border: 1px solid #ddd; border-left: 4px solid var(--failed); border-radius: 4px; background: #fff;
        padding: 5px 8px; margin: 3px 0; }
.card.waived { border-left-color: var(--waived); background: #fffaf0; }
.card .head { font-weight: 600; } .card .rule { font-family: ui-monospace, monospace; }
.card dl { margin: 4px 0 0; display: grid; grid-template-columns: 6.6em 1fr; gap: 1px 6px; }
.card dt { color: #666; } .card dd { margin: 0; overflow-wrap: anywhere; }
.ref { display: block; color: #555; font-size: 12px; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11.5px; font-weight: 600;
         color: #fff; white-space: nowrap; }
.badge.failed { background: var(--failed); } .badge.waived { background: var(--waived); }
.badge.passed { background: var(--passed); } .badge.unchecked { background: var(--unchecked); }
.missing { color: var(--failed); }
table.index { border-collapse: collapse; background: #fff; width: 100%; font-size: 12.5px; }
table.index td, table.index th { border-bottom: 1px solid #eee; padding: 2px 6px; text-align: left;
                                 vertical-align: top; }
table.findings { table-layout: fixed; }
table.findings td:nth-child(1) { width: 3em; } table.findings td:nth-child(2) { width: 9.5em; }
table.findings td:nth-child(3) { width: 12em; } table.findings td:nth-child(4) { width: 19em; }
table.findings td { overflow: hidden; text-overflow: ellipsis; }
table.findings td.message { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
table.index tr:target { background: #fffbe6; }
ol.checks { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 6px 6px 6px 3.2em;
            font-size: 12.5px; }
ol.checks li:target { background: #fffbe6; }
code, .id { font-family: ui-monospace, monospace; font-size: 12px; }
a { color: #1d4f91; }
"""


def esc(text) -> str:
    """Untrusted text as HTML: one line (no control, bidi or line-breaking character stays raw, and no
    lone surrogate, which UTF-8 cannot hold), then every markup character escaped, quotes included."""
    return html.escape(one_line(str(text)), quote=True)


def safe_id(prefix: str, name: str) -> str:
    """An HTML id for ``name``: the name itself when it has only id-safe characters, else its UTF-8
    bytes in hex under a prefix of its own, so two names never share an id and none can break out."""
    if _SAFE_ID.fullmatch(name):
        return f"{prefix}-{name}"
    return f"{prefix}x-{name.encode('utf-8', 'surrogatepass').hex()}"


def legend() -> str:
    items = [f'<span><span class="mark st-{status}">12.3</span>{esc(label)}: {esc(meaning)}</span>'
             for status, (label, _symbol, meaning) in STATUSES.items()]
    items.append('<span><span class="mark st-passed overlap">4.5</span>overlap: two recorded texts share '
                 'these characters</span>')
    return '<div class="legend">' + "".join(items) + "</div>"


def frame(body: list[str]) -> str:
    head = ['<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<title>iij-audit report</title>', f'<style>{CSS}</style>', '</head>', '<body>']
    return "\n".join(head + body + ["</body>", "</html>", ""])
