"""The one error type for bad input: it always knows where, so the user gets ``path:line:column: message``."""

from __future__ import annotations


class InputError(Exception):
    def __init__(self, path: str, line: int | None, message: str, column: int | None = None) -> None:
        super().__init__(message)
        self.path = str(path)
        self.line = line
        self.column = column
        self.message = message

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class InputErrors(Exception):
    """Several input errors, reported together so one run shows every bad file."""

    def __init__(self, errors: list[InputError]) -> None:
        super().__init__("\n".join(map(str, errors)))
        self.errors = errors
        self.vocabulary = None  # set by the rule loader when the vocabulary itself loaded fine
