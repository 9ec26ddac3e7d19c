"""Writing reports: atomically (temporary file + rename), and never over an input file."""

from __future__ import annotations

import os
import tempfile

from auditor.errors import InputError


def write_atomic(path: str, text: str, inputs: set[str]) -> None:
    target = os.path.realpath(path)
    if target in inputs:
        raise InputError(path, None, "refusing to overwrite an input file")
    directory = os.path.dirname(target) or "."
    if not os.path.isdir(directory):
        raise InputError(path, None, f"directory {directory} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=".iij-audit-", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except OSError as error:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise InputError(path, None, f"cannot write: {error.strerror or error}") from None
