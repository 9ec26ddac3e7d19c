"""Rendering untrusted text (file names, document names, ids, printed texts, messages) into outputs.

Names and texts come from a stranger's pull request as easily as from us. Printed raw, a newline in a
file name starts a line of its own, which a CI log reads as a workflow command (``::error ...``); a control
character makes XML malformed; a byte that is not UTF-8 in a file name (kept by Python as a lone
surrogate) makes a strict UTF-8 stream raise. Every reporter passes such text through one of these.
"""

from __future__ import annotations

import re

# What may not stand raw in a line of text output: C0 controls (tab breaks no line, so it stays), DEL, C1
# controls (U+0085 is a line break to some readers), the Unicode line and paragraph separators, the
# bidirectional controls that make a line display other than it reads, lone surrogates, and the two
# noncharacters U+FFFE/U+FFFF.
_NOT_IN_A_LINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
                            "\ud800-\udfff\ufffe\uffff]")
# What XML 1.0 does not allow at all (tab, LF and CR it does).
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What cannot be written as UTF-8: lone surrogates (JSON escapes every control character itself).
_NOT_IN_UTF8 = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that was not UTF-8 (surrogateescape): show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """``text`` with every character that could break or disguise a line written as a backslash escape."""
    return _NOT_IN_A_LINE.sub(_escape, text)


def line_safe(line: str) -> str:
    """One output line that data cannot turn into a CI workflow command.

    GitHub reads a line as a command when it starts, after blanks, with ``::``; only the lines we print as
    annotations may. Lines of ours start with a path, so "./" keeps the path the same file.
    """
    line = one_line(line)
    return "./" + line if line.lstrip().startswith("::") else line


def xml_chars(text: str) -> str:
    """``text`` holding only characters XML 1.0 allows; the others are written as backslash escapes."""
    return _NOT_IN_XML.sub(_escape, text)


def utf8_strings(value):
    """A JSON-ready value whose strings can all be written as UTF-8 (lone surrogates become escapes)."""
    if isinstance(value, str):
        return _NOT_IN_UTF8.sub(_escape, value)
    if isinstance(value, dict):
        return {utf8_strings(key): utf8_strings(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [utf8_strings(item) for item in value]
    return value
