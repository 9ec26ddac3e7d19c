"""The corpus of benchmarks/hostile.py: one or more cases per class of hostile input of issue 13.

A case builds its inputs in a :class:`Workspace` (``root/project``, the run's working directory, with a
six-line deck, a fixture citing it and a copy of the project's rules; ``root/outside``, a secret and decoy
files that must stay untouched and unread) and returns the command's arguments. ``right`` names the
outcomes that are right for it, from the issue's text: ``exit2`` (a clean refusal), ``finding`` (exit 1),
``exit0`` (only for valid inputs); ``extra`` checks what the exit code cannot show (a FIFO replaced, a
first report left behind, uncapped errors, a JUnit file that is not XML).
"""

from __future__ import annotations

import marshal
import os
import random
import shutil
import stat
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from typing import Callable

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)  # the cache forger and the error planter use the project's own loader
MARKER = "HOSTILE-SECRET-7f3a9c"  # the content of outside/secret.txt: it must never reach an output
MAX_ERROR_LINES = 2_000  # more stderr lines than this is an uncapped stream of errors

DECK = ["IIJ 1Q FY2011 consolidated results", "Unit: JPY billion", "\t1Q11 (11/4~11/6)",
        "Total Revenues\t23.4", "Total Costs\t18.9", "Gross Margin\t4.5"]
FACT = ("  - {{id: {id}, concept: {concept}, period: {period}, value: \"{value}\", unit: JPY billion, "
        "line: {line}, label: {label}{extra}}}")
ROWS = [("h.revenue", "revenue", "23.4", 4, "Total Revenues"),
        ("h.cost", "cost_of_revenue", "18.9", 5, "Total Costs"),
        ("h.gross_margin", "gross_margin", "4.5", 6, "Gross Margin")]


# ----------------------------------------------------------------------------- a case's project
class Workspace:
    """``root/project`` (the working directory of the run) and ``root/outside`` (never to be touched)."""

    def __init__(self, root: str, scale: float) -> None:
        self.root, self.scale = root, scale
        self.runs = os.path.join(root, "run")  # the child's stdout and stderr
        os.makedirs(self.runs)
        self.project = os.path.join(root, "project")
        self.outside = os.path.join(root, "outside")
        self.fixtures = os.path.join(self.project, "fixtures")
        os.makedirs(os.path.join(self.fixtures, "decks"))
        os.makedirs(self.outside)
        shutil.copytree(os.path.join(ROOT, "rules"), os.path.join(self.project, "rules"))
        self.write("../outside/secret.txt", MARKER + "\n")
        self.write("../outside/victim.json", "victim\n")
        self.write("README.md", "# a project README\n")
        self.write("fixtures/decks/deck.txt", "\n".join(DECK) + "\n")
        self.fixture()

    def path(self, relative: str) -> str:
        return os.path.join(self.project, relative)

    def write(self, relative: str, content: str | bytes) -> str:
        path = self.path(relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    def fixture(self, rows=None, document: str = "decks/deck.txt", name: str = "fixtures/deck.yaml",
                extra: str = "", period: str = "1Q11", header: int | None = 3) -> str:
        """A fixture of ``rows`` ((id, concept, value, line, label) or (..., extra)), written as text."""
        extra = (f", header: {header}" if header else "") + extra
        lines = [f"document: {document}", "title: hostile case", "facts:"]
        for row in rows or ROWS:
            fact_id, concept, value, line, label, *more = row
            lines.append(FACT.format(id=fact_id, concept=concept, period=period, value=value, line=line,
                                     label=label, extra=(more[0] if more else "") + extra))
        return self.write(name, "\n".join(lines) + "\n")

    def failing(self) -> None:
        """The gross margin printed 4.9 (deck and fixture alike): one pl-gross-margin finding."""
        self.write("fixtures/decks/deck.txt", "\n".join(DECK[:5] + ["Gross Margin\t4.9"]) + "\n")
        self.fixture(ROWS[:2] + [("h.gross_margin", "gross_margin", "4.9", 6, "Gross Margin")])

    def rule(self, text: str, name: str = "zz_hostile.yaml") -> str:
        return self.write(f"rules/{name}", text)


def equation_rule(check: str, rule_id: str = "hostile-rule") -> str:
    return (f"rules:\n  - id: {rule_id}\n    title: hostile\n    severity: error\n    rationale: hostile\n"
            f"    kind: equation\n    check: {check}\n")


# ----------------------------------------------------------------------------- the corpus
@dataclass
class Case:
    cls: str
    name: str
    build: Callable[[Workspace], list[str] | None]  # returns the arguments after ``iij-audit`` (None: check)
    right: frozenset = frozenset({"exit2"})
    env: dict = field(default_factory=dict)
    extra: Callable[[Workspace, "object"], str | None] | None = None  # a violation, or None


def case(cls: str, name: str, right=("exit2",), env=None, extra=None):
    def register(build):
        CASES.append(Case(cls, name, build, frozenset(right), env or {}, extra))
        return build
    return register


CASES: list[Case] = []
CHECK = ["check"]
EITHER = ("exit2", "finding")


@case("control", "the unmodified mini project passes", right=("exit0",))
def _control(ws):
    return CHECK


@case("value/text mismatch", "value 2.7, text JPY2.1 billion", right=EITHER)
def _value_text(ws):
    ws.write("fixtures/decks/deck.txt", "\n".join(DECK[:3] + ["Total Revenues\tJPY2.1 billion"] + DECK[4:]) + "\n")
    ws.fixture([("h.revenue", "revenue", "2.7", 4, "Total Revenues", ", text: JPY2.1 billion")])
    return CHECK


@case("value/text mismatch", "value 9,999, text 1,953", right=EITHER)
def _value_text_count(ws):
    ws.write("fixtures/decks/deck.txt", "\n".join(DECK[:3] + ["Employees\t1,953"] + DECK[4:]) + "\n")
    ws.write("fixtures/deck.yaml", "document: decks/deck.txt\ntitle: hostile\nfacts:\n"
             "  - {id: h.employees, concept: employees, period: 2011-06-30, value: \"9,999\", unit: count, "
             "line: 4, text: \"1,953\", label: Employees}\n")
    return CHECK


@case("substring text", "the deck's 4.5 edited to 4.9; 4.5 stands inside 14.5% on that line", right=EITHER)
def _substring(ws):
    ws.write("fixtures/decks/deck.txt", "\n".join(DECK[:5] + ["Gross Margin\t4.9\t14.5%"]) + "\n")
    return CHECK


@case("unknown concept in a rule", "gross_margni")
def _unknown_concept(ws):
    ws.rule(equation_rule("revenue == cost_of_revenue + gross_margni"))
    return CHECK


@case("division by zero", "revenue / 0 in a rule")
def _literal_zero(ws):
    ws.rule(equation_rule("revenue / 0 == 1"))
    return CHECK


@case("division by zero", "divisor printed as 0.0 (a warning finding)", right=("finding",))
def _zero_divisor(ws):
    ws.write("fixtures/decks/deck.txt", "\n".join(DECK[:4] + ["Total Costs\t0.0", "Gross Margin\t23.4"]) + "\n")
    ws.fixture([ROWS[0], ("h.cost", "cost_of_revenue", "0.0", 5, "Total Costs"),
                ("h.gross_margin", "gross_margin", "23.4", 6, "Gross Margin")])
    ws.rule(equation_rule("gross_margin / cost_of_revenue >= 0").replace("severity: error", "severity: warning"))
    return CHECK + ["--fail-on", "warning"]


@case("duplicate default_entity", "a second default_entity in a new rule file")
def _default_entity(ws):
    ws.rule("default_entity: IIJ-Global\n")
    return CHECK


for _label, _value, _period in (("fullwidth value", "１,９５３", "1Q11"), ("Arabic-Indic value", "١٩٥٣", "1Q11"),
                                ("fullwidth period", "23.4", "FY２０１１"), ("Arabic-Indic period", "23.4", "1Q١١")):
    def _digits(ws, value=_value, period=_period):
        ws.write("fixtures/decks/deck.txt", "\n".join(DECK[:3] + [f"Total Revenues\t{value}"] + DECK[4:]) + "\n")
        ws.fixture([("h.revenue", "revenue", value, 4, "Total Revenues")], period=period)
        return CHECK
    case("non-ASCII digits", _label)(_digits)


@case("backwards range", "1H13 (13/9~13/4)", right=EITHER)
def _backwards(ws):
    ws.write("fixtures/decks/deck.txt", "\n".join(DECK[:2] + ["\t1H13 (13/9~13/4)"] + DECK[3:]) + "\n")
    ws.fixture(period="1H13", extra=", period_text: 1H13 (13/9~13/4)")
    return CHECK


for _where in ("fixtures", "rules"):
    for _kind in ("symlink loop", "dangling symlink", "FIFO"):
        def _special(ws, where=_where, kind=_kind):
            path = ws.path(f"{where}/zz_special.yaml")
            if kind == "symlink loop":
                os.symlink("zz_special.yaml", path)
            elif kind == "dangling symlink":
                os.symlink("no-such-file.yaml", path)
            else:
                os.mkfifo(path)
            return CHECK
        case("symlink loop / dangling symlink / FIFO", f"{_kind} under {_where}/")(_special)


@case("U+2028 / U+0085", "a fact after U+2028 on a comment line")
def _u2028(ws):
    text = open(ws.fixture(), encoding="utf-8").read()
    ghost = ("  - {id: h.ghost, concept: revenue, period: 1Q12, value: \"1.0\", unit: JPY billion, line: 4, "
             "label: Total Revenues, header: 3}")
    ws.write("fixtures/deck.yaml", text + "# note\u2028" + ghost + "\n")
    return CHECK


@case("U+2028 / U+0085", "U+0085 in a rule file")
def _u0085(ws):
    ws.rule("# hostile\u0085rules: []\n")
    return CHECK


@case("focus outside the dataset", "check README.md")
def _focus_readme(ws):
    return CHECK + ["README.md"]


@case("focus outside the dataset", "check /etc/passwd")
def _focus_passwd(ws):
    return CHECK + ["/etc/passwd"]


def _names_other_failures(ws, result):
    """The focus decides the exit code (as pre-commit hooks expect), but the failures elsewhere must be
    counted and their file named, never silently dropped."""
    if result.code == 0 and "outside the named files" not in result.out + result.err:
        return "exit 0 without naming the failures outside the named files"
    return None


@case("focus outside the dataset", "focus on a clean file while another fails", right=("finding", "exit0"),
      extra=_names_other_failures)
def _focus_other(ws):
    ws.failing()
    ws.write("fixtures/decks/other.txt", "\n".join(DECK) + "\n")
    ws.fixture([(f"o.{r[0]}", *r[1:]) for r in ROWS], document="decks/other.txt", name="fixtures/other.yaml",
               period="1Q12")
    ws.write("fixtures/decks/other.txt", "\n".join(DECK[:2] + ["\t1Q12 (12/4~12/6)"] + DECK[3:]) + "\n")
    return CHECK + ["fixtures/other.yaml"]


@case("trusted cache entries", "a committed cache entry supplies the facts of a file that does not load")
def _forged_cache(ws):
    from auditor.cache import FactCache
    from auditor.ruleset import load_rules

    cache = os.path.join(ws.project, ".iij-audit-cache")
    subprocess.run([sys.executable, "-m", "auditor", "check", "--cache-dir", cache], cwd=ws.project,
                   env=dict(os.environ, PYTHONPATH=ROOT), capture_output=True, timeout=120)  # an honest run fills it
    fixture = "fixtures/deck.yaml"
    vocabulary = load_rules(os.path.join(ws.project, "rules")).vocabulary
    broken = b"document: decks/deck.txt\nfacts: [{{{\n"
    entries = FactCache(cache, vocabulary)
    for name in os.listdir(cache):
        if name.endswith(".cache"):
            path = os.path.join(cache, name)
            with open(path, "rb") as handle:
                stored = marshal.loads(handle.read())
            with open(path, "wb") as handle:  # the forger's entry: the good facts under the bad file's key
                handle.write(marshal.dumps((entries.key(fixture, broken), *stored[1:])))
    ws.write(fixture, broken)
    return ["check", "--cache-dir", cache]


@case("trusted cache entries", "the cache directory is a symlink out of the project", right=("exit0", "exit2"))
def _cache_out(ws):
    os.makedirs(os.path.join(ws.outside, "cache"))
    os.symlink(os.path.join(ws.outside, "cache"), ws.path(".iij-audit-cache"))
    return CHECK


for _label, _target in (("/etc/passwd", "/etc/passwd"), ("../../x (into outside/)", "../../outside/secret.txt"),
                        ("/proc/self/environ", "/proc/self/environ")):
    def _document(ws, target=_target):
        ws.fixture([("h.revenue", "revenue", "23.4", 1, "Total Revenues")], document=target, header=None)
        return CHECK + ["--format", "markdown"]
    case("document outside the project", _label, env={"HOSTILE_ENV_SECRET": MARKER})(_document)


@case("document outside the project", "a deck symlink pointing out")
def _document_symlink(ws):
    os.symlink(os.path.join(ws.outside, "secret.txt"), ws.path("fixtures/decks/link.txt"))
    ws.fixture([("h.revenue", "revenue", "23.4", 1, "Total Revenues")], document="decks/link.txt", header=None)
    return CHECK + ["--format", "markdown"]


@case("--output through a symlink / onto a FIFO", "--output through a committed symlink")
def _output_symlink(ws):
    os.symlink(os.path.join(ws.outside, "victim.json"), ws.path("report.json"))
    return CHECK + ["--output", "json=report.json"]


def fifo_survives(ws, result) -> str | None:
    path = ws.path("report.fifo")
    return None if stat.S_ISFIFO(os.lstat(path).st_mode) else "the FIFO was replaced by a report"


@case("--output through a symlink / onto a FIFO", "--output onto a FIFO (as /dev/full would be)",
      extra=fifo_survives)
def _output_fifo(ws):
    os.mkfifo(ws.path("report.fifo"))
    return CHECK + ["--output", "json=report.fifo"]


def first_report_absent(ws, result) -> str | None:
    return "the first report was left behind" if os.path.exists(ws.path("first.json")) else None


@case("--output through a symlink / onto a FIFO", "the second --output fails: no first report either",
      extra=first_report_absent)
def _output_second(ws):
    return CHECK + ["--output", "json=first.json", "--output", "json=no-such-dir/second.json"]


@case("baseline through a dangling waivers symlink", "fixtures/waivers.yaml -> outside/created.yaml")
def _baseline(ws):
    ws.failing()
    os.symlink(os.path.join(ws.outside, "created.yaml"), ws.path("fixtures/waivers.yaml"))
    return ["baseline"]


@case("oversize and many-error files", "a 50 MB fixture (scaled) under a 2 GiB limit",
      right=("exit2", "finding", "exit0"))
def _oversize(ws):
    row = FACT.format(id="o.{}", concept="revenue", period="1Q11", value="23.4", line=4, label="Total Revenues",
                      extra="")
    count = max(10, int(50_000_000 * ws.scale) // len(row))
    with open(ws.path("fixtures/deck.yaml"), "w", encoding="utf-8") as handle:
        handle.write("document: decks/deck.txt\ntitle: oversize\nfacts:\n")
        for number in range(count):
            handle.write(row.replace("o.{}", f"o.{number}") + "\n")
    return CHECK


def errors_capped(ws, result) -> str | None:
    lines = result.err.count("\n")
    return f"{lines} lines of errors: not capped" if lines > MAX_ERROR_LINES else None


@case("oversize and many-error files", "a 50 MB flow sequence of bad facts (scaled)", extra=errors_capped)
def _many_errors(ws):
    count = max(MAX_ERROR_LINES + 10, int(50_000_000 * ws.scale) // 3)
    with open(ws.path("fixtures/deck.yaml"), "w", encoding="utf-8") as handle:
        handle.write("document: decks/deck.txt\nfacts: [")
        handle.write("1, " * count)
        handle.write("1]\n")
    return CHECK


@case("one-line deck", "a 20 MB one-line deck cited by 5,000 facts (scaled)", right=("exit0",))
def _one_line(ws):
    facts = max(10, int(5_000 * ws.scale))
    padding = "x " * max(1, int(20_000_000 * ws.scale) // 2)
    ws.write("fixtures/decks/deck.txt", f"Total Revenues 1Q11 (11/4~11/6) {padding}23.4\n")
    rows = [(f"l.{n}", "revenue", "23.4", 1, "Total Revenues") for n in range(facts)]
    ws.fixture(rows, extra=", period_text: 1Q11 (11/4~11/6)", header=None)
    return CHECK


@case("200 failing places", "the four decks with 200 figures planted wrong", right=("finding",))
def _many_failures(ws):
    shutil.rmtree(ws.fixtures)
    shutil.rmtree(ws.path("rules"))
    shutil.copytree(os.path.join(ROOT, "fixtures"), ws.fixtures)
    shutil.copytree(os.path.join(ROOT, "rules"), ws.path("rules"))
    os.unlink(os.path.join(ws.fixtures, "waivers.yaml"))  # waivers of the real errors would go stale
    plant_failures(ws.project, min(200, max(5, round(1000 * ws.scale))))  # 200 from the default scale up
    return CHECK


@case("non-UTF-8 file name", "a failing fixture named b'bad\\xff.yaml', strict UTF-8 stdout", right=EITHER,
      env={"PYTHONIOENCODING": "utf-8"})
def _non_utf8(ws):
    ws.failing()
    os.rename(ws.path("fixtures/deck.yaml"), os.path.join(os.fsencode(ws.fixtures), b"bad\xff.yaml"))
    return CHECK


FORGE = "\n::error file=README.md,line=1::forged"


@case("newline forging a GitHub command", "in a file name", right=EITHER)
def _forge_name(ws):
    ws.failing()
    os.rename(ws.path("fixtures/deck.yaml"), ws.path(f"fixtures/x{FORGE}.yaml"))
    return CHECK + ["--format", "github"]


@case("newline forging a GitHub command", "in a document: (a deck so named exists)", right=EITHER)
def _forge_document(ws):
    ws.failing()
    os.rename(ws.path("fixtures/decks/deck.txt"), ws.path(f"fixtures/decks/deck.txt{FORGE}"))
    ws.fixture(ROWS[:2] + [("h.gross_margin", "gross_margin", "4.9", 6, "Gross Margin")],
               document='"decks/deck.txt\\n::error file=README.md,line=1::forged"')
    return CHECK + ["--format", "github"]


@case("newline forging a GitHub command", "in a waiver's rule id", right=EITHER)
def _forge_waiver(ws):
    ws.failing()
    ws.write("fixtures/waivers.yaml", 'waivers:\n  - rule: "pl-gross-margin\\n::error file=README.md,line=1::forged"\n'
             "    facts: [h.revenue, h.cost, h.gross_margin]\n    reason: hostile\n")
    return CHECK + ["--format", "github"]


def junit_parses(ws, result) -> str | None:
    path = ws.path("report.xml")
    if not os.path.exists(path):
        return None
    try:
        ElementTree.parse(path)
    except ElementTree.ParseError as error:
        return f"the JUnit report is not XML ({error})"
    return None


@case("control character vs JUnit", "U+0007 in a failing fact's text", right=EITHER, extra=junit_parses)
def _junit(ws):
    ws.write("fixtures/decks/deck.txt", "\n".join(DECK[:5] + ["Gross Margin\t4.9\x07"]) + "\n")
    ws.fixture(ROWS[:2] + [("h.gross_margin", "gross_margin", "4.9", 6, "Gross Margin", ', text: "4.9\\a"')])
    return CHECK + ["--output", "junit=report.xml"]


@case("fullwidth names in a rule", "ｒｅｖｅｎｕｅ == ｃｏｓｔ_of_revenue + gross_margin")
def _fullwidth(ws):
    ws.failing()
    ws.rule(equation_rule("ｒｅｖｅｎｕｅ == ｃｏｓｔ_of_revenue + gross_margin"))
    return CHECK + ["--format", "json"]


CLASSES = list(dict.fromkeys(c.cls for c in CASES))


# ----------------------------------------------------------------------------- planting errors in the decks
def plant_failures(project: str, count: int, seed: int = 1) -> int:
    """Edit up to ``count`` checked figures of the project's decks in place, each alike in its fixture and
    on its deck line (the printed text still matches); returns how many were planted."""
    from auditor.loader import load_dataset
    from auditor.pipeline import Options, run_loaded
    from auditor.ruleset import load_rules

    rules = load_rules(os.path.join(project, "rules"))
    dataset = load_dataset([os.path.join(project, "fixtures")], rules.vocabulary)
    outcome = run_loaded(rules, dataset, Options(diagnose=False))
    checked = {i for c in outcome.checks if c.passed and c.rule_id != "provenance" for i in c.fact_ids}
    files: dict[str, list[str]] = {}
    used: set[tuple] = set()

    def lines(path: str) -> list[str]:
        if path not in files:
            with open(path, encoding="utf-8") as handle:
                files[path] = handle.read().split("\n")
        return files[path]

    facts = sorted((f for f in dataset.facts if f.id in checked), key=lambda f: f.id)
    random.Random(seed).shuffle(facts)
    planted = 0
    for fact in facts:
        where = [(fact.fixture, fact.fixture_line), (fact.document.path, fact.line)]
        if planted == count or any(w in used for w in where) or fact.text.count(fact.value_text) != 1:
            continue
        row, deck_row = lines(fact.fixture)[fact.fixture_line - 1], lines(fact.document.path)[fact.line - 1]
        token = f'value: "{fact.value_text}"'
        digit = next((n for n, ch in enumerate(fact.value_text) if ch.isdigit()), None)
        if f"id: {fact.id}," not in row or row.count(token) != 1 or deck_row.count(fact.text) != 1 or digit is None:
            continue
        old = fact.value_text
        new = old[:digit] + str(int(old[digit]) % 9 + 1) + old[digit + 1:]
        row = row.replace(token, f'value: "{new}"')
        if row.count(fact.text) != 1:
            continue
        files[fact.fixture][fact.fixture_line - 1] = row.replace(fact.text, fact.text.replace(old, new))
        files[fact.document.path][fact.line - 1] = deck_row.replace(fact.text, fact.text.replace(old, new))
        used.update(where)
        planted += 1
    for path, rows in files.items():
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("\n".join(rows))
    return planted
