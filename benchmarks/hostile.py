"""Hostile-input benchmark: the inputs a stranger's pull request could bring (issue 13), each run through the
command line in a subprocess and classified.

    python benchmarks/hostile.py [--scale 0.2] [--timeout 30] [--only CLASS[,CLASS...]] [--verbose]

Every case builds its own small project in a temporary directory (a six-line deck, a fixture citing it,
a copy of the project's rules; the "many failures" case copies the four decks and plants errors in them)
next to an ``outside/`` directory holding a secret and decoy files, and runs ``python -m auditor`` there
with a timeout and a 2 GiB address-space limit. Its outcome is one of:

- *clean exit 2*: exit 2, no traceback, a ``path[:line[:col]]: message`` line on stderr;
- *finding*: exit 1;
- *clean exit 0*: exit 0 (right only for the valid inputs: the one-line deck, a cache symlinked out);
- otherwise *wrong*: exit 0 where a refusal or finding is due, another exit code, a traceback, a timeout,
  or a violation whatever the exit code: anything under ``outside/`` written or changed, the secret (or
  the first line of /etc/passwd) in any output, a forged ``::`` workflow command, a JUnit file that is not
  XML, an uncapped stream of errors, a FIFO replaced by a report.

Each case says which outcomes are right, from the issue's text ("Every case above gives exit 2 with
path:line[:col]: message (or the right finding)"). The table gives, per class, the cases, the right clean
exits 2, the right findings, the right clean exits 0, the wrong ones, and the peak wall time, CPU time
(user + system of the child, from ``os.wait4``) and peak RSS (``ru_maxrss``) of its cases; the wrong cases
are listed below it with the reason. It always exits 0: it is a measurement, and many cases are expected
to be wrong until issue 13 is closed. ``--scale`` sizes the big inputs (1.0: the issue's 50 MB fixtures and
20 MB deck with 5,000 facts; the default 0.2 keeps the run under about two minutes; below 0.2 fewer than
200 figures are planted in the decks). The corpus itself is in ``hostile_corpus.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import resource
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile_corpus import CASES, CHECK, CLASSES, MARKER, MAX_ERROR_LINES, ROOT, Case, Workspace  # noqa: E402

__all__ = ["CASES", "CLASSES", "COLUMNS", "MAX_ERROR_LINES", "main"]
COLUMNS = ("class", "cases", "clean exit 2", "findings", "clean exit 0", "wrong", "peak wall s", "CPU s", "peak MB")
MEMORY_LIMIT = 2 << 30
LOCATED = re.compile(r"^(?!Error:|Usage:)\S.*?: \S")  # path[:line[:col]]: message
# A forged workflow command: a line whose own properties (comma-separated, as GitHub splits them) name
# README.md; an escaped name that merely contains the text inside another property is not one.
FORGED = re.compile(r"^::\w+ (?:[^,:]*,)*file=README\.md(?:,|::)")


# ----------------------------------------------------------------------------- running and judging
@dataclass
class Result:
    code: int | None  # None: timed out
    out: str
    err: str
    wall: float
    cpu: float
    rss_mb: float


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_cli(ws: Workspace, argv: list[str], env: dict | None = None, timeout: float = 30) -> Result:
    """``python -m auditor ARGV`` in the project, killed after ``timeout`` seconds; its own rusage."""
    environment = dict(os.environ, PYTHONPATH=ROOT, **(env or {}))
    environment.pop("GITHUB_ACTIONS", None)
    out_path, err_path = os.path.join(ws.runs, "stdout"), os.path.join(ws.runs, "stderr")
    reader = None
    fifo = ws.path("report.fifo")
    if os.path.exists(fifo) and stat.S_ISFIFO(os.lstat(fifo).st_mode):
        reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a writer must not block forever on it
    start = time.perf_counter()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        child = subprocess.Popen([sys.executable, "-m", "auditor", *argv], cwd=ws.project, env=environment,
                                 stdout=out, stderr=err, stdin=subprocess.DEVNULL, preexec_fn=limit_memory)
        code, usage = None, None
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() - start > timeout:
                child.kill()  # only the child this run started
                _, _, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.01)
        child.returncode = code if code is not None else -9  # reaped here: Popen must not wait again
    wall = time.perf_counter() - start
    if reader is not None:
        os.close(reader)
    read = lambda path: open(path, "rb").read().decode("utf-8", "replace")  # noqa: E731
    return Result(code, read(out_path), read(err_path), wall, usage.ru_utime + usage.ru_stime,
                  usage.ru_maxrss / 1024)


def snapshot(ws: Workspace) -> dict:
    """Every entry of the case's directory outside the project (and the run's own output): type, size,
    mtime and content digest."""
    found = {}
    for directory, dirs, files in os.walk(ws.root):
        dirs[:] = [d for d in dirs if os.path.join(directory, d) not in (ws.project, ws.runs)]
        for name in dirs + files:
            path = os.path.join(directory, name)
            info = os.lstat(path)
            digest = None
            if stat.S_ISREG(info.st_mode):
                with open(path, "rb") as handle:
                    digest = hashlib.sha256(handle.read()).hexdigest()
            found[path] = (stat.S_IFMT(info.st_mode), info.st_size, info.st_mtime_ns, digest)
    return found


def secrets() -> list[str]:
    found = [MARKER]
    try:
        with open("/etc/passwd", encoding="utf-8", errors="replace") as handle:
            first = handle.readline().strip()
        if first:
            found.append(first)
    except OSError:
        pass
    return found


def new_outputs(ws: Workspace, before: set[str]) -> str:
    """The text of the regular files the run created in the project (reports)."""
    text = []
    for directory, dirs, files in os.walk(ws.project):
        for name in files:
            path = os.path.join(directory, name)
            if path not in before and os.path.isfile(path) and not os.path.islink(path):
                with open(path, "rb") as handle:
                    text.append(handle.read(5_000_000).decode("utf-8", "replace"))
    return "\n".join(text)


def project_files(ws: Workspace) -> set[str]:
    return {os.path.join(d, name) for d, _, files in os.walk(ws.project) for name in files}


def judge(item: Case, ws: Workspace, result: Result, outside_changed: bool, produced: str) -> tuple[str, str]:
    """(outcome, reason): outcome is exit2/finding/exit0 when right, else wrong with the reason."""
    if result.code is None:
        return "wrong", f"timed out after {result.wall:.0f} s"
    if "Traceback (most recent call last)" in result.err:
        return "wrong", "traceback: " + result.err.strip().splitlines()[-1][:120]
    if outside_changed:
        return "wrong", "wrote or changed a file outside the project"
    everything = result.out + result.err + produced
    for secret in secrets():
        if secret in everything:
            return "wrong", "content of a file outside the project reached the output"
    if any(FORGED.match(line) for line in result.out.splitlines()):
        return "wrong", "forged a :: workflow command"
    violation = item.extra(ws, result) if item.extra else None
    if violation:
        return "wrong", violation
    if result.code == 2:
        if not any(LOCATED.match(line) for line in result.err.splitlines()):
            return "wrong", "exit 2 without a path:line: message"
        outcome = "exit2"
    elif result.code == 1:
        outcome = "finding"
    elif result.code == 0:
        outcome = "exit0"
    else:
        return "wrong", f"exit code {result.code}"
    if outcome not in item.right:
        return "wrong", f"{outcome} where {' or '.join(sorted(item.right))} is right"
    return outcome, ""


def run_case(item: Case, scale: float, timeout: float) -> tuple[str, str, Result]:
    with tempfile.TemporaryDirectory(prefix="iij-hostile-") as root:
        ws = Workspace(root, scale)
        argv = item.build(ws) or CHECK
        before, files = snapshot(ws), project_files(ws)
        result = run_cli(ws, argv, item.env, timeout)
        changed = snapshot(ws) != before
        outcome, reason = judge(item, ws, result, changed, new_outputs(ws, files))
        return outcome, reason, result


def table(rows: dict[str, list]) -> list[str]:
    lines = ["| " + " | ".join(COLUMNS) + " |", "| " + " | ".join(["---"] + ["---:"] * (len(COLUMNS) - 1)) + " |"]
    for cls, found in rows.items():
        counts = [len(found)] + [sum(o == kind for o, _, _, _ in found) for kind in ("exit2", "finding", "exit0",
                                                                                   "wrong")]
        peaks = (max(r.wall for *_, r in found), max(r.cpu for *_, r in found), max(r.rss_mb for *_, r in found))
        lines.append(f"| {cls} | " + " | ".join(str(c) for c in counts)
                     + f" | {peaks[0]:.2f} | {peaks[1]:.2f} | {peaks[2]:.0f} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=0.2, help="size of the big inputs (1.0: the issue's)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds a case may run (default 30)")
    parser.add_argument("--only", default="", help="comma-separated classes to run")
    parser.add_argument("--verbose", action="store_true", help="print each case as it ends")
    args = parser.parse_args(argv)
    wanted = {name.strip() for name in args.only.split(",") if name.strip()}
    rows: dict[str, list] = {}
    for item in CASES:
        if wanted and item.cls not in wanted:
            continue
        outcome, reason, result = run_case(item, args.scale, args.timeout)
        rows.setdefault(item.cls, []).append((outcome, reason, item.name, result))
        if args.verbose:
            first = result.err.strip().splitlines()[:1]
            print(f"{item.cls}: {item.name}: {outcome} {reason} ({result.wall:.2f} s) {first}", file=sys.stderr)
    print("\n".join(table(rows)))
    wrong = [(cls, name, reason) for cls, found in rows.items() for outcome, reason, name, _ in found
             if outcome == "wrong"]
    if wrong:
        print("\nwrong cases:")
        for cls, name, reason in wrong:
            print(f"- {cls}: {name}: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
