"""Safe YAML loading that remembers where every mapping and item came from.

Uses PyYAML's C parser when it is available. The document is composed into nodes and converted here,
so that: scalars stay as their printed text (``23.40`` is not turned into a float), every mapping knows
its line, duplicate keys, tags other than the plain YAML ones, anchors/aliases (the "billion laughs")
and very deep nesting are refused with the line they sit on.
"""

from __future__ import annotations

import os
import re
import stat

import yaml

from auditor.errors import InputError

# The base loaders resolve no implicit types: every plain scalar stays the text it was printed as, which
# is what a fixture wants, and skipping the resolver's regular expressions is most of the parse time.
try:
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover - the pure-Python parser is the fallback
    from yaml import BaseLoader as _Loader

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 50
_PLAIN_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
_NULL = "tag:yaml.org,2002:null"
_NULL_TEXTS = {"", "~", "null", "Null", "NULL"}


_QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\n]|\'\')*\'|#[^\n]*')
MAX_INDENT = 1000


class LineDict(dict):
    """A mapping with the 1-based line of itself and of each key, and the (line, column) of each value."""

    line: int = 0
    key_lines: dict
    value_marks: dict

    def line_of(self, key: object) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0
    item_lines: list


def read_text(path: str, max_bytes: int = MAX_BYTES) -> str:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(path, None, "not a regular file")
        size = info.st_size
        if size > max_bytes:
            raise InputError(path, None, f"file is {size} bytes, more than the limit of {max_bytes}")
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise InputError(path, None, f"cannot read file: {error.strerror or error}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(path, line, f"not valid UTF-8 (byte 0x{data[error.start]:02x})") from None


def check_nesting(path: str, text: str) -> None:
    """Refuse documents nested deeper than MAX_DEPTH before the (recursive, C) composer sees them.

    Flow nesting is bounded by counting brackets outside quoted strings and comments; block nesting by
    the indentation (each level indents at least one column). Both over-estimate, never under-estimate.
    """
    depth = 0
    for match in re.finditer(r"[\[\]{}]", _QUOTED.sub("", text)):
        depth = depth + 1 if match[0] in "[{" else max(0, depth - 1)
        if depth > MAX_DEPTH:
            raise InputError(path, _line_of_depth(text), f"nesting deeper than {MAX_DEPTH} levels")
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) - len(line.lstrip(" ")) > MAX_INDENT:
            raise InputError(path, number, f"nesting deeper than {MAX_DEPTH} levels (indented over "
                             f"{MAX_INDENT} columns)")


def _line_of_depth(text: str) -> int:
    """The line where flow nesting first exceeds MAX_DEPTH (a plain scan; only run on failure)."""
    depth, line, quote = 0, 1, ""
    for char in text:
        if char == "\n":
            line += 1
        elif quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif char in "]}":
            depth = max(0, depth - 1)
    return line


def load_yaml(path: str, max_bytes: int = MAX_BYTES) -> object:
    text = read_text(path, max_bytes)
    check_nesting(path, text)
    try:
        node = yaml.compose(text, Loader=_Loader)
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
    if node is None:
        raise InputError(path, 1, "empty YAML document")
    return _Converter(path).convert(node, 0)


class _Converter:
    def __init__(self, path: str) -> None:
        self.path = path
        self.seen: set[int] = set()

    def error(self, node: yaml.Node, message: str) -> InputError:
        return InputError(self.path, node.start_mark.line + 1, message, node.start_mark.column + 1)

    def convert(self, node: yaml.Node, depth: int) -> object:
        if depth > MAX_DEPTH:
            raise self.error(node, f"nesting deeper than {MAX_DEPTH} levels")
        if id(node) in self.seen:
            raise self.error(node, "YAML anchors and aliases are not allowed")
        self.seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            raise self.error(node, f"YAML tag {node.tag!r} is not allowed")
        if isinstance(node, yaml.ScalarNode):
            plain_null = not node.style and node.value in _NULL_TEXTS
            return None if node.tag == _NULL or plain_null else node.value
        if isinstance(node, yaml.SequenceNode):
            return self.sequence(node, depth)
        return self.mapping(node, depth)

    def sequence(self, node: yaml.SequenceNode, depth: int) -> LineList:
        result = LineList(self.convert(item, depth + 1) for item in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [item.start_mark.line + 1 for item in node.value]
        return result

    def mapping(self, node: yaml.MappingNode, depth: int) -> LineDict:
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        result.value_marks = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _NULL or (
                    not key_node.style and key_node.value in _NULL_TEXTS):
                raise self.error(key_node, "mapping keys must be plain strings")
            key = key_node.value
            if key == "<<":
                raise self.error(key_node, "YAML merge keys are not allowed")
            if key in result:
                raise self.error(key_node, f"duplicate key {key!r}")
            result.key_lines[key] = key_node.start_mark.line + 1
            result.value_marks[key] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1,
                                       getattr(value_node, "style", None) or "")
            result[key] = self.convert(value_node, depth + 1)
        return result


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
