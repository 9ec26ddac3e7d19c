"""Which files the tool may read: regular files inside the directory they were found under.

Fixtures, rules and waivers may come from a stranger's pull request, so a symbolic link, a FIFO or a device
among them is refused with a message instead of being skipped (a skip would pass the gate with less data)
or followed (a link pointing out would read, and leak, a file of the machine). Every check here is done
with ``lstat``/``stat`` before anything is opened, and a refusal never says what lies outside: not whether
the target exists, nor its size or type.
"""

from __future__ import annotations

import errno
import os
import stat

from auditor.errors import InputError


def is_under(path: str, directory: str) -> bool:
    """Whether ``path`` is ``directory`` itself or below it, symbolic links resolved in both."""
    path, directory = os.path.realpath(path), os.path.realpath(directory)
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


def shown(directory: str) -> str:
    """A directory as the user named it, for messages."""
    return directory.rstrip(os.sep) or os.sep


def link_problem(path: str, root: str) -> str | None:
    """Why the symbolic link ``path`` may not be followed, or None. Where it points is checked first, so
    a link out gets the same answer whether or not its target exists."""
    if not is_under(path, root):
        return f"symbolic link pointing outside {shown(root)}"
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop"
        if error.errno == errno.ENOENT:
            return "dangling symbolic link"
        return f"cannot follow symbolic link: {error.strerror or error}"
    return None


def entry_problem(path: str, root: str, directories: bool = False) -> str | None:
    """Why ``path`` is not a regular file (or, with ``directories``, a directory) inside ``root``."""
    try:
        info = os.lstat(path)
    except OSError as error:
        return f"cannot read file: {error.strerror or error}"
    if stat.S_ISLNK(info.st_mode):
        problem = link_problem(path, root)
        if problem:
            return problem
        info = os.stat(path)
    if stat.S_ISDIR(info.st_mode) and directories:
        return None
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    return None


def named_problem(path: str, directories: bool = False) -> str | None:
    """Why a path named on the command line (or by default) may not be read. The name is the user's, but
    what it points to may have been committed by anyone: a link in it must stay inside the project (the
    working directory)."""
    return entry_problem(path, os.getcwd(), directories)


def require_named(path: str, directories: bool = False) -> None:
    problem = named_problem(path, directories)
    if problem:
        raise InputError(path, None, problem)


def scan(root: str, wanted, recursive: bool = True) -> tuple[list[str], list[InputError]]:
    """The files under ``root`` that ``wanted(name)`` selects, and an error for every entry that is not a
    regular file or a directory inside ``root`` (whether wanted or not: anything odd in a dataset is
    someone's doing). Linked directories inside ``root`` are not descended: their files are found where
    they really are."""
    files: list[str] = []
    errors: list[InputError] = []

    def unreadable(error: OSError) -> None:  # os.walk would skip the directory silently
        errors.append(InputError(error.filename or root, None, f"cannot read directory: {error.strerror or error}"))

    for directory, subdirectories, names in os.walk(root, onerror=unreadable, followlinks=False):
        for name in sorted(subdirectories):
            path = os.path.join(directory, name)
            if os.path.islink(path):
                problem = entry_problem(path, root, directories=True)
                if problem:
                    errors.append(InputError(path, None, problem))
        for name in sorted(names):
            path = os.path.join(directory, name)
            problem = entry_problem(path, root)
            if problem:
                errors.append(InputError(path, None, problem))
            elif wanted(name):
                files.append(path)
        if not recursive:
            break
    return files, errors


def document_problem(raw: str, joined: str, root: str) -> str | None:
    """Why the source document ``raw`` (``joined``: as the fixture's directory sees it) may not be read,
    or None. The refusal is decided before the file is opened and does not depend on what is outside."""
    if "\0" in raw:  # no file has such a name; the system calls below would refuse it with an exception
        return f"source document {raw!r} is not a valid file name (it holds a NUL character)"
    if os.path.isabs(raw) or not is_under(joined, root):
        return f"source document {raw!r} is outside the dataset directory {shown(root)}"
    try:
        info = os.stat(joined)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return f"source document {raw!r} is a symbolic link loop"
        return None  # missing: the loader says where it looked
    if not stat.S_ISREG(info.st_mode):
        return f"source document {raw!r} is not a regular file"
    return None
