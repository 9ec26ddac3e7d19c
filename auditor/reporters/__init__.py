"""Reporters turn a :class:`~auditor.pipeline.Report` into text (they only read it). One module per format; ``REPORTERS``
maps a format name to a function ``render(outcome) -> str``."""

from __future__ import annotations

from auditor.reporters import github, html, jsonreport, junit, markdown, sarif, text

REPORTERS = {
    "text": text.render,
    "json": jsonreport.render,
    "markdown": markdown.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
    "html": html.render,
}


def finding_line(check, outcome) -> str:
    return text.finding_line(check, outcome)
