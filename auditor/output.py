"""Writing reports and waivers: all or nothing, atomically, and only onto regular files in place.

Every output of a run is checked and written to a temporary file in its directory first; only when all of
them are written are they renamed into place. A run that fails (an input error, a full disk, a refused
path) leaves no report behind, so no stale report can pass for this run's.

A target path is refused when it is an input file, a symbolic link (os.replace would replace the link, but
a link there was committed by someone, and following it would write outside the project), or anything but
a regular file (a device such as /dev/full, a FIFO, a directory); and when it is inside the working
directory but its directory resolves outside it (a linked directory).
"""

from __future__ import annotations

import os
import stat
import tempfile

from auditor.errors import InputError, InputErrors
from auditor.paths import is_under


def current_umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it; set it straight back
    os.umask(mask)
    return mask


def target_problem(path: str, inputs: set[str]) -> str | None:
    """Why ``path`` may not be written, or None."""
    if os.path.realpath(path) in inputs:
        return "refusing to overwrite an input file"
    absolute = os.path.abspath(path)
    directory, project = os.path.dirname(absolute), os.getcwd()
    if not os.path.isdir(directory):
        return f"directory {os.path.dirname(path) or '.'} does not exist"
    if absolute.startswith(project.rstrip(os.sep) + os.sep) and not is_under(directory, project):
        return "cannot write: its directory is a symbolic link pointing outside the project"
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot write: {error.strerror or error}"
    if stat.S_ISLNK(info.st_mode):
        return "cannot write: is a symbolic link"
    if stat.S_ISDIR(info.st_mode):
        return "cannot write: is a directory"
    if not stat.S_ISREG(info.st_mode):
        return "cannot write: not a regular file"
    return None


class Outputs:
    """The files a run writes, staged as temporary files and committed together by :meth:`commit`."""

    def __init__(self, inputs: set[str]) -> None:
        self.inputs = inputs
        self.staged: list[tuple[str, str]] = []  # (temporary, target)

    def add(self, path: str, text: str) -> None:
        problem = target_problem(path, self.inputs)
        if problem:
            raise InputError(path, None, problem)
        directory = os.path.dirname(os.path.abspath(path))
        temporary = None
        try:
            handle, temporary = tempfile.mkstemp(prefix=".iij-audit-", dir=directory)
            # mkstemp makes 0600; a report is an ordinary file of the user's, as their umask wants it
            os.fchmod(handle, 0o666 & ~current_umask())
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
        except OSError as error:
            if temporary:
                self.remove(temporary)
            raise InputError(path, None, f"cannot write: {error.strerror or error}") from None
        self.staged.append((temporary, path))

    def commit(self) -> None:
        try:
            for temporary, target in self.staged:
                problem = target_problem(target, self.inputs)  # again: it may have changed meanwhile
                if problem:
                    raise InputError(target, None, problem)
                try:
                    os.replace(temporary, target)
                except OSError as error:
                    raise InputError(target, None, f"cannot write: {error.strerror or error}") from None
        finally:
            self.discard()

    def discard(self) -> None:
        """Remove every temporary file not renamed into place."""
        for temporary, _ in self.staged:
            self.remove(temporary)
        self.staged = []

    @staticmethod
    def remove(temporary: str) -> None:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass


def write_all(items: list[tuple[str, str]], inputs: set[str]) -> None:
    """Write every (path, text) or none: the first problem is raised after all were checked."""
    outputs = Outputs(inputs)
    errors: list[InputError] = []
    for path, text in items:
        try:
            outputs.add(path, text)
        except InputError as error:
            errors.append(error)
    if errors:
        outputs.discard()
        raise InputErrors(errors)
    outputs.commit()


def write_atomic(path: str, text: str, inputs: set[str]) -> None:
    write_all([(path, text)], inputs)
