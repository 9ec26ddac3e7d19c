"""How the text output fits the place it goes to: colour and width.

Colour follows the usual conventions: ``--color always`` or ``never`` decide; with ``auto`` (the default)
a non-empty ``NO_COLOR`` turns colour off (https://no-color.org), else a non-empty ``FORCE_COLOR`` turns it
on (https://force-color.org), else colour is used when standard output is a terminal. The layout (a table
on a terminal, one line per finding elsewhere) depends only on whether standard output is a terminal, so
``--color always`` into a pipe colours the lines a script would read, as ``grep --color=always`` does.
"""

from __future__ import annotations

import os
import shutil
import sys

COLOR_CHOICES = ("auto", "always", "never")
MIN_WIDTH = 40  # below this the table's columns cannot hold a word; rich folds anything wider


def is_terminal(stream=None) -> bool:
    stream = stream or sys.stdout
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a closed or replaced stream is no terminal
        return False


def use_color(choice: str, stream=None) -> bool:
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return is_terminal(stream)


def width() -> int:
    """The terminal's columns (``COLUMNS`` first, as shells set it), 80 when it cannot be told."""
    return max(MIN_WIDTH, shutil.get_terminal_size((80, 24)).columns)
