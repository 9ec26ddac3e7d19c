"""Helpers shared by the hardening tests (``test_hardening_*.py``); this module holds no tests.

Every hardening case builds a tiny workspace in ``tmp_path``::

    tmp_path/fx/decks/deck.txt    a six-line "deck"
    tmp_path/fx/deck.yaml         a fixture citing it, written as literal text so line numbers are known
    tmp_path/rules/               optional copy of the project rules plus one extra rule file

and runs ``auditor.cli.main`` in-process. The runner never lets an exception escape: a traceback is
appended to the captured stderr and the exit code is ``None``, so every test can assert "no Traceback"
as a plain assertion.
"""

from __future__ import annotations

import os
import re
import shutil
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

from auditor.cli import main

PROJECT = Path(__file__).resolve().parents[1]
RULES = PROJECT / "rules"

DECK_LINES = [
    "IIJ 1Q FY2011 consolidated results",  # 1
    "Unit: JPY billion",                   # 2
    "\t1Q11 (11/4~11/6)",                  # 3
    "Total Revenues\t23.4",                # 4
    "Total Costs\t18.9",                   # 5
    "Gross Margin\t4.5",                   # 6
]
DECK_TEXT = "\n".join(DECK_LINES)  # no trailing newline: exactly six lines

# Literal fixture text; the comments give the line numbers tests rely on.
FIXTURE = """\
document: decks/deck.txt
title: hardening fixture
facts:
  - id: h.revenue
    concept: revenue
    period: 1Q11
    value: "23.4"
    unit: JPY billion
    line: 4
    label: Total Revenues
    header: 3
  - id: h.cost
    concept: cost_of_revenue
    period: 1Q11
    value: "18.9"
    unit: JPY billion
    line: 5
    label: Total Costs
    header: 3
"""
# line 4: "- id: h.revenue"; lines 5-11 its fields; line 12: "- id: h.cost"; lines 13-19 its fields.


@dataclass
class Run:
    code: int | None
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err

    def __str__(self) -> str:  # shown by pytest when an assertion fails
        return f"exit {self.code}\n--- stdout\n{self.out}\n--- stderr\n{self.err}"


def run_cli(capsys, *argv) -> Run:
    """``main(argv)`` with stdout/stderr captured; an escaping exception becomes a Traceback in err."""
    capsys.readouterr()
    crash = ""
    try:
        code = main([str(arg) for arg in argv])
    except BaseException:  # noqa: BLE001 - a crash is what these tests look for
        code, crash = None, traceback.format_exc()
    out, err = capsys.readouterr()
    return Run(code, out, err + crash)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the ``occurrence``-th line of ``text`` containing ``needle``."""
    seen = 0
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in text")


def replace_line(text: str, needle: str, new: str) -> str:
    """``text`` with the first line containing ``needle`` replaced by ``new`` (indentation kept)."""
    lines = text.splitlines()
    number = line_of(text, needle) - 1
    indent = re.match(r"\s*", lines[number])[0]
    lines[number] = indent + new
    return "\n".join(lines) + "\n"


def insert_after(text: str, needle: str, new_line: str) -> str:
    """Insert ``new_line`` (with its own indentation) after the first line containing ``needle``."""
    lines = text.splitlines()
    lines.insert(line_of(text, needle), new_line)
    return "\n".join(lines) + "\n"


def drop_line(text: str, needle: str) -> str:
    lines = text.splitlines()
    del lines[line_of(text, needle) - 1]
    return "\n".join(lines) + "\n"


class Workspace:
    def __init__(self, root: Path, capsys) -> None:
        self.root = root
        self.fx = root / "fx"
        self.decks = self.fx / "decks"
        self.decks.mkdir(parents=True)
        self.capsys = capsys
        self.rules_dir = RULES
        self.deck()

    def deck(self, text: str = DECK_TEXT, name: str = "deck.txt") -> Path:
        path = self.decks / name
        path.write_text(text, encoding="utf-8")
        return path

    def fixture(self, text: str | bytes = FIXTURE, name: str = "deck.yaml") -> Path:
        path = self.fx / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def waivers(self, text: str) -> Path:
        path = self.fx / "waivers.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    def rules(self, text: str, name: str = "zz_hardening.yaml") -> Path:
        """A copy of the project rules with one more rule file; returns the path of the new file."""
        target = self.root / "rules"
        if not target.exists():
            shutil.copytree(RULES, target)
        self.rules_dir = target
        path = target / name
        path.write_text(text, encoding="utf-8")
        return path

    def run(self, *argv) -> Run:
        return run_cli(self.capsys, *argv)

    def check(self, *extra) -> Run:
        return self.run("check", "--rules", self.rules_dir, "--fixtures", self.fx, *extra)


def display_names(path) -> list[str]:
    """How a path may be printed: as given, or relative to the working directory when under it."""
    names = [str(path)]
    relative = os.path.relpath(str(path))
    if not relative.startswith(".."):
        names.append(relative)
    return names


def assert_input_error(result: Run, path, line: int | None, *words: str, column: int | None = None) -> str:
    """Exit 2, no traceback, and one stderr line ``path:line[:column]: ...`` holding every word.

    ``line=None`` means the message concerns a whole file (missing, empty directory): ``path: ...``.
    Returns the matching line.
    """
    assert "Traceback" not in result.text, str(result)
    assert result.code == 2, str(result)
    names = "|".join(re.escape(name) for name in display_names(path))
    if line is None:
        pattern = rf"({names})(:\d+)*: "
    elif column is None:
        pattern = rf"({names}):{line}(:\d+)?: "
    else:
        pattern = rf"({names}):{line}:{column}: "
    candidates = [text for text in result.err.splitlines() if re.match(pattern, text)]
    assert candidates, f"no stderr line matches {pattern!r}\n{result}"
    matching = [text for text in candidates if all(word in text for word in words)]
    assert matching, f"no stderr line {pattern!r} holds all of {words}\n{result}"
    assert "nothing was checked" in result.err, str(result)
    return matching[0]


def assert_no_crash(result: Run) -> None:
    assert "Traceback" not in result.text, str(result)
    assert result.code in (0, 1, 2), str(result)


@pytest.fixture
def hws(tmp_path, capsys) -> Workspace:
    """A hardening workspace: valid deck and fixture written, project rules selected."""
    workspace = Workspace(tmp_path, capsys)
    workspace.fixture()
    return workspace
