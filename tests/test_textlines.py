"""auditor.textlines: a document's lines as one text and offsets read as the list of its lines."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditor.textlines import TextLines


def as_list(text: str) -> list[str]:
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return lines


@given(st.text(alphabet="ab \r\n\t\u3042", max_size=60))
def test_lines_are_the_split_text(text):
    lines, expected = TextLines(text), as_list(text)
    assert len(lines) == len(expected)
    assert list(lines) == expected and lines == expected
    assert [lines[i] for i in range(len(lines))] == expected
    assert [lines[-i] for i in range(1, len(lines) + 1)] == [expected[-i] for i in range(1, len(expected) + 1)]
    assert lines[1:3] == expected[1:3]


@pytest.mark.parametrize("index", [2, -3])
def test_a_line_outside_is_an_index_error(index):
    with pytest.raises(IndexError):
        TextLines("one\ntwo\n")[index]
