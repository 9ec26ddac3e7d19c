"""Safe YAML loading that remembers where every mapping and item came from.

Uses PyYAML's C parser (libyaml) when it is available and builds the values from its events, so that:
scalars stay as their printed text (``23.40`` is not turned into a float), every mapping knows its line,
and duplicate keys, tags other than the plain YAML ones, anchors and aliases (the "billion laughs") and
very deep nesting are refused with the line they sit on.

Line numbers are the editor's: characters YAML reads as line breaks but editors and ``wc -l`` do not are
refused before parsing. Memory is bounded: a file holds at most MAX_BYTES bytes, MAX_LINES lines and
MAX_EVENTS parse events, whatever its shape (a flow sequence of ``{}`` costs hundreds of bytes a node).
"""

from __future__ import annotations

import os
import re
import stat
from sys import intern
from types import MappingProxyType

import yaml

from auditor.errors import InputError

# The base loaders resolve no implicit types: every plain scalar stays the text it was printed as, which
# is what a fixture wants, and skipping the resolver's regular expressions is most of the parse time.
try:
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover - the pure-Python parser is the fallback
    from yaml import BaseLoader as _Loader

MAX_BYTES = 32 * 1024 * 1024  # any file read: fixtures, rules, waivers, decks
MAX_LINES = 2_000_000  # of any file read: a deck's lines are kept, about 60 bytes each when short
MAX_EVENTS = 500_000  # of a YAML file: a scalar is one parse event, a mapping or list two; a fact ~17
MAX_DEPTH = 50
_PLAIN_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
_NULL = "tag:yaml.org,2002:null"
_NULL_TEXTS = {"", "~", "null", "Null", "NULL"}
# Line breaks to YAML (1.1, libyaml) that are no line break to editors, ``wc -l`` or our line counts.
_HIDDEN_BREAKS = re.compile("[\x85\u2028\u2029]|\r(?!\n)")
_BREAK_NAMES = {  # name, and how to write the character when it is meant
    "\x85": ("U+0085 NEXT LINE", "write it as \\x85 in a double-quoted string"),
    "\u2028": ("U+2028 LINE SEPARATOR", "write it as \\u2028 in a double-quoted string"),
    "\u2029": ("U+2029 PARAGRAPH SEPARATOR", "write it as \\u2029 in a double-quoted string"),
    "\r": ("U+000D CARRIAGE RETURN without a line feed", "end lines with LF or CRLF"),
}


class LineDict(dict):
    """A mapping with the 1-based line of itself and of each key, and the (line, column) of each value.
    Slots, not an instance dict: a fixture file builds one per fact."""

    __slots__ = ("line", "key_lines", "value_marks")

    def line_of(self, key: object) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    __slots__ = ("line", "item_lines")


def read_bytes(path: str, max_bytes: int | None = None) -> bytes:
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(path, None, "not a regular file")
        size = info.st_size
        if size > max_bytes:
            raise InputError(path, None, f"file is {size} bytes, more than the limit of {max_bytes}")
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise InputError(path, None, f"cannot read file: {error.strerror or error}") from None


def decode(path: str, data: bytes) -> str:
    lines = data.count(b"\n")
    if lines > MAX_LINES:
        raise InputError(path, None, f"file has {lines:,} lines, more than the limit of {MAX_LINES:,}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(path, line, f"not valid UTF-8 (byte 0x{data[error.start]:02x})") from None


def read_text(path: str, max_bytes: int | None = None) -> str:
    return decode(path, read_bytes(path, max_bytes))


def load_yaml(path: str, max_bytes: int | None = None, text: str | None = None, value_marks: bool = True) -> object:
    """The YAML value of ``path`` (or of ``text``, already read from it). ``value_marks``: whether the
    mappings record each value's (line, column, style); a fixture's facts need only their keys' lines, and
    a tuple for each of their values was a tenth of a fresh load."""
    if text is None:
        text = read_text(path, max_bytes)
    check_line_breaks(path, text)
    parser = _Loader(text)
    try:
        # The parser's own get_event until it answers None, rather than yaml.parse: that generator costs
        # a Python frame switch per event, a tenth of a fresh load.
        return _Builder(path, value_marks).build(iter(parser.get_event, None))
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise InputError(path, line, f"invalid YAML: unacceptable character {error.character!r}") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = error.problem or error.context or "invalid YAML"
        raise InputError(path, line, f"invalid YAML: {problem}", column) from None
    except yaml.YAMLError as error:
        raise InputError(path, None, f"invalid YAML: {error}") from None
    finally:
        parser.dispose()


def check_line_breaks(path: str, text: str) -> None:
    """Refuse the first character that YAML would read as a line break and an editor would not: the
    parser's line numbers would be off from there on, and text after it on a "comment" line would load."""
    match = _HIDDEN_BREAKS.search(text)
    if match is None:
        return
    start = match.start()
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    more = sum(1 for _ in _HIDDEN_BREAKS.finditer(text, start + 1))
    also = f"; {more:,} more in this file" if more else ""
    name, hint = _BREAK_NAMES[match.group()]
    raise InputError(path, line, f"{name} is not allowed: YAML reads it as a line break but `wc -l` and "
                     f"editors may not, so line numbers would be off ({hint}){also}", column)


_NO_KEY = object()
_NO_MARKS = MappingProxyType({})  # the value marks of every mapping read without them: read-only, empty


class _Builder:
    """Builds LineDict/LineList values from libyaml's parse events.

    libyaml's parser is a state machine with its own stack, and this builder keeps an explicit stack too:
    nothing recurses, so a hostile nesting depth is refused at MAX_DEPTH instead of overflowing the C
    stack. Anchors, aliases, tags other than the plain YAML ones and duplicate keys are refused as they
    are met, each with its line. The event loop is the hottest code of a fresh load (about 16 events a
    fact), so scalars are handled inline, the open container and its pending key are local variables
    rather than a stack frame read per event, and a value's mark is read only where a line is kept (keys,
    list items, value marks): a fixture's values need none.
    """

    def __init__(self, path: str, value_marks: bool = True) -> None:
        self.path = path
        self.value_marks = value_marks

    def error(self, event, message: str) -> InputError:
        mark = event.start_mark
        return InputError(self.path, mark.line + 1, message, mark.column + 1)

    def build(self, events) -> object:
        stack: list[tuple] = []  # the enclosing containers: (container, is a list, its pending key)
        container, is_list, key = None, False, _NO_KEY  # the open container and its pending key
        root, have_root, documents = None, False, 0
        scalar_event, null_texts, max_events = yaml.ScalarEvent, _NULL_TEXTS, MAX_EVENTS
        value_marks = self.value_marks
        for count, event in enumerate(events):
            if count >= max_events:  # memory: the values built so far are bounded, whatever their shape
                raise self.error(event, f"more than {max_events:,} YAML parse events (a value is one, a "
                                 "mapping or list two) in one file; split it")
            kind = type(event)
            if kind is scalar_event:
                value = event.value
                if event.anchor is not None or event.tag is not None:  # most scalars have neither
                    self.check_node_event(event)
                    if event.tag == _NULL:
                        value = None
                if value in null_texts and not event.style:
                    value = None
                line = 0  # read from the mark below, where it is kept
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self.check_node_event(event)
                if container is not None and not is_list and key is _NO_KEY:
                    raise self.error(event, "mapping keys must be plain strings")
                if len(stack) >= MAX_DEPTH:
                    raise self.error(event, f"nesting deeper than {MAX_DEPTH} levels")
                stack.append((container, is_list, key))
                container, is_list, key = self.opened(event), kind is yaml.SequenceStartEvent, _NO_KEY
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                value = container
                line = value.line
                container, is_list, key = stack.pop()
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.error(event, "one YAML document per file")
                continue
            elif kind is yaml.AliasEvent:
                raise self.error(event, "YAML anchors and aliases are not allowed")
            else:  # stream start and end, document end
                continue
            if container is None:
                root, have_root = value, True
            elif is_list:
                container.append(value)
                container.item_lines.append(line or event.start_mark.line + 1)
            elif key is _NO_KEY:  # this scalar is a key
                if type(value) is not str or value == "<<" or value in container:  # most keys are fine
                    self.check_key(container, value, event)
                key = intern(value)  # a fixture repeats its few keys in every fact: one string each
                container.key_lines[key] = event.start_mark.line + 1
            else:
                container[key] = value
                if value_marks:
                    self.mark_value(container, key, event, line)
                key = _NO_KEY
        if not have_root:
            raise InputError(self.path, 1, "empty YAML document")
        return root

    @staticmethod
    def mark_value(container: LineDict, key: str, event, line: int) -> None:
        """The value's (line, column, style); a mapping's or list's is its own line and its end's column."""
        mark = event.start_mark
        style = "" if line else event.style or ""
        container.value_marks[key] = (line or mark.line + 1, mark.column + 1, style)

    def opened(self, event) -> LineDict | LineList:
        if type(event) is yaml.MappingStartEvent:
            container = LineDict()
            container.key_lines, container.value_marks = {}, {} if self.value_marks else _NO_MARKS
        else:
            container = LineList()
            container.item_lines = []
        container.line = event.start_mark.line + 1
        return container

    def check_node_event(self, event) -> None:
        if event.anchor is not None:
            raise self.error(event, "YAML anchors and aliases are not allowed")
        tag = event.tag
        if tag is not None and tag != "!" and tag not in _PLAIN_TAGS:
            raise self.error(event, f"YAML tag {tag!r} is not allowed")

    def check_key(self, container: LineDict, key: object, event) -> None:
        if not isinstance(key, str):
            raise self.error(event, "mapping keys must be plain strings")
        if key == "<<":
            raise self.error(event, "YAML merge keys are not allowed")
        if key in container:
            raise self.error(event, f"duplicate key {key!r}")


def line_for(data: object, loc: tuple) -> int | None:
    """The line of the innermost located container along a pydantic error location."""
    line = getattr(data, "line", None)
    current = data
    for part in loc:
        if isinstance(current, LineDict) and part in current:
            line = current.line_of(part)
            current = current[part]
        elif isinstance(current, LineList) and isinstance(part, int) and 0 <= part < len(current):
            line = current.item_lines[part]
            current = current[part]
        else:
            break
    return line
