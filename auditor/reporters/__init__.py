"""Reporters turn a :class:`~auditor.pipeline.Report` into text (they only read it). One module per format; ``REPORTERS``
maps a format name to a function ``render(outcome) -> str``."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

# Format name -> its module. A run renders one or two of the seven formats: each module is imported
# when its format is first rendered (the HTML report's modules alone were a tenth of the CLI's start-up).
MODULES = {
    "text": "text",
    "json": "jsonreport",
    "markdown": "markdown",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "html": "html",
}


class Reporters(Mapping):
    """``REPORTERS[name]``: the ``render`` function of the format ``name``, its module imported on first use."""

    def __getitem__(self, name: str):
        return importlib.import_module(f"auditor.reporters.{MODULES[name]}").render

    def __iter__(self) -> Iterator[str]:
        return iter(MODULES)

    def __len__(self) -> int:
        return len(MODULES)


REPORTERS = Reporters()


def finding_line(check, outcome) -> str:
    from auditor.reporters import text

    return text.finding_line(check, outcome)
