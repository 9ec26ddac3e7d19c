"""The ``iij-audit`` command line. ``main(argv) -> int`` is what the console script and tests call."""

from __future__ import annotations

import functools
import os
import sys

import click

from auditor import reporters, terminal
from auditor.cache import DEFAULT_DIR as DEFAULT_CACHE_DIR
from auditor.config import CONFIG_FILES, Config, default_map, find_config
from auditor.errors import InputError, InputErrors
from auditor.explaining import explain_lines
from auditor.limits import ErrorsFull, StoppedReading
from auditor.kinds import KINDS, record_check
from auditor.loader import WAIVERS_NAME, find_fixture_files, is_fixture_name
from auditor.output import write_all, write_atomic
from auditor.paths import is_under, named_problem
from auditor.pipeline import Options, UnknownRules, load, run, run_loaded
from auditor.reporters.common import outside_focus_sentence
from auditor.reporters.safe import line_safe, one_line
from auditor.reporters import github, text
from auditor.results import severity_of
from auditor.ruleset import find_rule_files, load_rules, rule_layers
from auditor.yamlsafe import read_text

SEVERITY_RANK = {"warning": 1, "error": 2}
FORMATS = sorted(reporters.REPORTERS)

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
DEFAULT_EXAMPLES = os.path.join("tests", "data", "rule_examples")
MAX_SHOWN_ERRORS = 100  # distinct input error lines printed; the rest are counted


def report_input_errors(errors: list[InputError]) -> int:
    """Each error on one line of its own (names and messages cannot start another), identical lines once
    with a count, at most MAX_SHOWN_ERRORS lines: a file of a million bad items gives a readable screen."""
    stops = [error for error in errors if isinstance(error, StoppedReading)]
    errors = [error for error in errors if not isinstance(error, StoppedReading)]
    counts: dict[str, int] = {}
    for error in errors:
        line = line_safe(str(error))
        counts[line] = counts.get(line, 0) + 1
    shown = list(counts.items())[:MAX_SHOWN_ERRORS]
    for line, count in shown:
        click.echo(line + (f" ({count:,} times)" if count > 1 else ""), err=True)
    rest = len(errors) - sum(count for _, count in shown)
    if rest:
        click.echo(f"... and {rest:,} more input error(s)", err=True)
    for stop in stops:
        click.echo(line_safe(str(stop)), err=True)
    more = "+" if stops else ""
    click.echo(f"iij-audit: {len(errors):,}{more} input error(s); nothing was checked", err=True)
    return EXIT_INPUT


def report_out_of_memory(cause: str = "out of memory") -> int:
    click.echo(f"iij-audit: {cause}: the inputs are too large for this machine; nothing was checked", err=True)
    return EXIT_INPUT


def cache_options(command):
    """``--cache-dir`` and ``--no-cache``, passed on as one ``cache_dir`` (None: no cache)."""

    @functools.wraps(command)
    def wrapper(*args, cache_dir: str, no_cache: bool, **kwargs):
        return command(*args, cache_dir=None if no_cache else cache_dir, **kwargs)

    wrapper = click.option("--no-cache", is_flag=True,
                           help="Load every fixture file afresh; neither read nor write the cache.")(wrapper)
    return click.option("--cache-dir", default=DEFAULT_CACHE_DIR, show_default=True, envvar="IIJ_AUDIT_CACHE_DIR",
                        type=click.Path(file_okay=False),
                        help="Where loaded fixture files are cached, keyed by their content "
                             "[env: IIJ_AUDIT_CACHE_DIR].")(wrapper)


def gate(command):
    """Turn a command's return value and its input errors into click's exit, so ``main`` and click's own
    runner see the same exit codes."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            code = command(*args, **kwargs)
        except (InputErrors, ErrorsFull) as errors:
            code = report_input_errors(errors.errors)
        except InputError as error:
            code = report_input_errors([error])
        raise click.exceptions.Exit(code)

    return wrapper


def quiet_option(command):
    return click.option("-q", "--quiet", is_flag=True,
                        help="Print only the findings: no summary line, nothing at all when clean.")(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="iij-audit")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Audit the figures of IIJ investor-relations decks against declarative rules.

    Settings are read from pyproject.toml [tool.iij-audit] or .iij-audit.yaml in the current directory;
    command-line flags override them (docs/configuration.md).
    """
    try:
        config = find_config(FORMATS)
    except (InputErrors, ErrorsFull) as errors:
        raise click.exceptions.Exit(report_input_errors(errors.errors)) from None
    except InputError as error:
        raise click.exceptions.Exit(report_input_errors([error])) from None
    ctx.obj = config
    ctx.default_map = default_map(config, cli.commands)


def configured(parameter: str) -> tuple[str, int | None] | None:
    """Where the configuration set ``parameter`` of the running command, or None if it did not."""
    ctx = click.get_current_context()
    if ctx.get_parameter_source(parameter) is not click.core.ParameterSource.DEFAULT_MAP:
        return None
    return ctx.find_object(Config).where(parameter)


RULES_HELP = "Rule file or directory: the whole ruleset [default: the packaged rules, plus ./rules when present]."


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--rules", "rules_path", default=None, type=click.Path(), help=RULES_HELP)
@click.option("--fixtures", default="fixtures", show_default=True, type=click.Path(),
              help="The dataset: loaded when PATHS are empty or name a deck.")
@quiet_option
@cache_options
@gate
def validate(paths: tuple[str, ...], rules_path: str, fixtures: str, quiet: bool, cache_dir: str | None) -> int:
    """Check fixture files against the schema and their source documents (provenance) only.

    A deck or other non-fixture file named inside FIXTURES validates the whole dataset: any fixture may
    cite it.
    """
    # a file named alone belongs to the default dataset when it lies in it (its documents may be anywhere
    # in that directory), else to its own directory
    load_paths = [path for path in paths if os.path.isdir(path) or is_fixture_name(os.path.basename(path))
                  or not is_under(path, fixtures)]
    if len(load_paths) < len(paths) and fixtures not in load_paths:
        load_paths.append(fixtures)
    ruleset, dataset = load(rules_path, load_paths or [fixtures], cache_dir, [fixtures])
    only = tuple(rule.id for rule in ruleset.rules if record_check(rule.kind))
    outcome = run_loaded(ruleset, dataset, Options(only_rules=only, diagnose=False))
    failed = outcome.findings
    for check in failed:
        click.echo(reporters.finding_line(check, outcome))
    if not quiet:
        click.echo(f"{len(dataset.facts)} facts in {len(dataset.fixture_files)} file(s); "
                   f"{len(failed)} provenance finding(s)")
    return EXIT_FINDINGS if failed else EXIT_OK


def split_paths(paths: tuple[str, ...], fixtures: str, rules_path: str | None,
                waivers_path: str | None) -> tuple[list[str], set[str] | None, list[str]]:
    """The fixture directories to load, the files to focus the report on (None: report everything), and
    the other files named inside those directories (decks: they focus on the fixtures that cite them).

    A named file must be one of the dataset's own: a fixture under the directories (a focus), a rule,
    waivers or configuration file (everything counts), or a file inside the directories. Anything else
    (README.md, /etc/passwd) is refused: a hook that was handed it would otherwise pass without having
    looked at it.
    """
    roots = [path for path in paths if os.path.isdir(path)] or [fixtures]
    files = [path for path in paths if not os.path.isdir(path)]
    missing = [InputError(path, None, "no such file or directory") for path in files if not os.path.lexists(path)]
    if missing:
        raise InputErrors(missing)
    if not files:
        return roots, None, []
    fixture_files = {os.path.realpath(path): path for path in find_fixture_files(roots)}
    others = {os.path.realpath(path) for path in rule_files(rules_path) + list(CONFIG_FILES)}
    if waivers_path:
        others.add(os.path.realpath(waivers_path))
    focus, everything, documents, strangers = set(), False, [], []
    for path in files:
        real = os.path.realpath(path)
        if real in fixture_files:
            focus.add(fixture_files[real])
        elif real in others:
            everything = True
        elif any(is_under(path, root) for root in roots) and not named_problem(path):
            documents.append(path)
        else:
            strangers.append(InputError(path, None, "not a fixture, rule, waivers or configuration file of the "
                                        f"dataset (fixtures {', '.join(roots)}; rules {rules_path or 'packaged'})"))
    if strangers:
        raise InputErrors(strangers)
    return roots, None if everything else focus, documents


def rule_files(rules_path: str | None) -> list[str]:
    """The rule files, or none when they cannot be listed (loading the rules then names the problem)."""
    try:
        return [file for _, layer in rule_layers(rules_path) for file in find_rule_files(layer)]
    except InputErrors:
        return []


def default_waivers(fixtures: str) -> str | None:
    """FIXTURES/waivers.yaml when there is anything by that name: a dangling link there is an error, not
    the absence of waivers."""
    candidate = os.path.join(fixtures, WAIVERS_NAME)
    return candidate if os.path.lexists(candidate) else None


def parse_outputs(outputs: tuple[str, ...], default_format: str) -> list[tuple[str, str]]:
    parsed = []
    for item in outputs:
        name, sep, path = item.partition("=")
        if sep and name in reporters.REPORTERS:
            parsed.append((name, path))
        elif sep and "/" not in name and "." not in name:
            raise click.BadParameter(f"unknown format {name!r} (known: {', '.join(FORMATS)})",
                                     param_hint="--output")
        else:
            parsed.append((default_format, item))
    return parsed


def input_paths(dataset, ruleset, waivers_path: str | None) -> set[str]:
    paths = set(dataset.fixture_files) | set(ruleset.files) | {d.path for d in dataset.documents.values()}
    if waivers_path:
        paths.add(waivers_path)
    return {os.path.realpath(path) for path in paths}


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--rules", "rules_path", default=None, type=click.Path(), help=RULES_HELP)
@click.option("--fixtures", default="fixtures", show_default=True, type=click.Path(),
              help="The dataset loaded when PATHS name only files.")
@click.option("--waivers", "waivers_path", default=None, type=click.Path(),
              help="Waivers file [default: FIXTURES/waivers.yaml when it exists].")
@click.option("--no-waivers", is_flag=True, help="Ignore every waiver.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Format of the report on standard output.")
@click.option("--output", "outputs", multiple=True, metavar="[FORMAT=]PATH",
              help="Write a report to PATH (repeatable); FORMAT defaults to --format.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]), default="error",
              show_default=True, help="Lowest severity of an unwaived finding that makes the exit code 1.")
@click.option("--all", "report_all", is_flag=True, help="Report every finding, not only those of PATHS.")
@click.option("--strict", is_flag=True, help="Exit 1 when something is out of the checks without a reason: an idle "
              "rule without idle_reason, a fact in no value check without 'unchecked', a number token no fact "
              "records without an 'unrecorded' entry (docs/coverage.md).")
@click.option("--rule", "only_rules", multiple=True, metavar="ID", help="Run only this rule (repeatable).")
@click.option("--exclude-rule", "exclude_rule", multiple=True, metavar="ID",
              help="Do not run this rule (repeatable; applied after --rule).")
@click.option("--show-waived", is_flag=True, help="List waived findings in text output too.")
@click.option("--no-diagnose", is_flag=True,
              help="Skip the likely-cause analysis of findings and the derived figures.")
@click.option("--diagnosis-budget", type=click.IntRange(min=0), default=None, metavar="N",
              help="Checks the likely-cause analysis may re-evaluate; later findings get no cause "
                   "[default: 60000; 0: no limit].")
@click.option("--propagation-budget", type=click.IntRange(min=0), default=None, metavar="N",
              help="Constraint solves the propagation of derived figures may make; beyond them it stops, "
                   "and the report says so [default: 400000; 0: no limit].")
@quiet_option
@click.option("--color", type=click.Choice(terminal.COLOR_CHOICES), default="auto", show_default=True,
              help="Colour the text output; auto: on a terminal, unless NO_COLOR is set (FORCE_COLOR forces).")
@cache_options
@gate
def check(paths, rules_path, fixtures, waivers_path, no_waivers, fmt, outputs, fail_on, report_all,
          strict, only_rules, exclude_rule, show_waived, no_diagnose, diagnosis_budget, propagation_budget, quiet,
          color, cache_dir) -> int:
    """Check the fixtures against the rules and report every finding.

    PATHS are fixture files or directories. Files narrow the report to findings that involve them (a deck:
    the fixtures citing it; a rule, waivers or configuration file: everything), while the whole dataset
    (FIXTURES plus the files) is still loaded, since rules cross documents.
    """
    named_waivers = waivers_path is not None
    if waivers_path is None and not no_waivers:
        waivers_path = default_waivers(fixtures)
    load_paths, focus, documents = split_paths(paths, fixtures, rules_path, waivers_path)
    targets = parse_outputs(outputs, fmt)
    formats = {name for name, _ in targets} | {fmt}
    options = Options(
        rules=rules_path, paths=tuple(load_paths), fixtures=fixtures,
        focus=None if report_all or focus is None else frozenset(focus),
        focus_documents=tuple(documents) if focus is not None else (),
        waivers=None if no_waivers else waivers_path, waivers_named=named_waivers, only_rules=tuple(only_rules),
        excluded_rules=tuple(exclude_rule), show_waived=show_waived, diagnose=not no_diagnose,
        diagnose_waived=bool(formats & REPORT_FORMATS), derive=bool(formats & DERIVED_FORMATS),
        diagnosis_budget=diagnosis_budget, propagation_budget=propagation_budget, cache_dir=cache_dir)
    report = run_selected(options)
    for note in report.notes:
        click.echo(line_safe(note), err=True)
    emit(report, fmt, targets, input_paths(report.dataset, report.ruleset, waivers_path), quiet, color)
    code = exit_code(report, fail_on)
    return max(code, strict_problems(report)) if strict else code


def strict_problems(report) -> int:
    """``--strict``: what the run leaves out without saying why (auditor.coverage), on stderr."""
    from auditor.reporters.coverage import problem_lines

    lines = problem_lines(report.coverage)
    for line in lines:
        click.echo(line, err=True)
    return EXIT_FINDINGS if lines else EXIT_OK


def run_selected(options: Options):
    """:func:`auditor.pipeline.run`, with an unknown rule id blamed on the configuration line when it came
    from there, else on the option."""
    try:
        return run(options)
    except UnknownRules as unknown:
        parameter, hint = {"only_rules": ("only_rules", "--rule"),
                           "excluded_rules": ("exclude_rule", "--exclude-rule")}[unknown.option]
        origin = configured(parameter)
        if origin:
            key = "enable" if parameter == "only_rules" else "disable"
            raise InputError(origin[0], origin[1],
                             f"{key}: unknown rule(s): {one_line(', '.join(unknown.ids))}") from None
        raise click.BadParameter(str(unknown), param_hint=hint) from None


REPORT_FORMATS = {"json", "markdown", "sarif", "html"}
DERIVED_FORMATS = {"json", "html"}  # the reports that show the derived figures


def emit(outcome, fmt: str, outputs: list[tuple[str, str]], inputs: set[str], quiet: bool = False,
         color: str = "auto") -> None:
    """Render every report, write the files all together (or none), then print."""
    write_all([(path, reporters.REPORTERS[name](outcome)) for name, path in outputs], inputs)
    note = outside_focus_sentence(outcome)
    if any(name == fmt for name, _ in outputs):
        from auditor.reporters.common import summarize, summary_sentence

        if not quiet:
            click.echo(summary_sentence(summarize(outcome)), err=True)
        if note:
            click.echo(line_safe(note), err=True)
        return
    in_actions = fmt == "text" and os.environ.get("GITHUB_ACTIONS") == "true"
    if in_actions:
        click.echo(github.render(outcome, quiet), nl=False)
    elif fmt == "text":
        colored = terminal.use_color(color)
        click.echo(text_report(outcome, colored, quiet), nl=False, color=colored)
    else:
        click.echo(reporters.REPORTERS[fmt](outcome), nl=False)
    if note and (in_actions or fmt not in ("text", "markdown")):  # text and markdown say it in the report
        click.echo(line_safe(note), err=True)


def text_report(outcome, colored: bool, quiet: bool) -> str:
    """A table as wide as the terminal on a terminal, else the one-line-per-finding format."""
    if terminal.is_terminal():
        return text.render_rich(outcome, terminal.width(), colored, quiet)
    return text.render(outcome, colored, quiet)


def exit_code(outcome, fail_on: str) -> int:
    if outcome.stale_waivers:
        return EXIT_FINDINGS
    if fail_on == "never":
        return EXIT_OK
    threshold = SEVERITY_RANK[fail_on]
    rules = {rule.id: rule for rule in outcome.ruleset.rules}
    failing = [c for c in outcome.failing if SEVERITY_RANK[severity_of(c, rules[c.rule_id])] >= threshold]
    return EXIT_FINDINGS if failing else EXIT_OK


@cli.command("coverage")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--rules", "rules_path", default=None, type=click.Path(), help=RULES_HELP)
@click.option("--fixtures", default="fixtures", show_default=True, type=click.Path(),
              help="The dataset loaded when PATHS name only files.")
# its own parameter name: the configuration's `format` (a check report's) does not apply here
@click.option("--format", "coverage_format", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="Tables and lists, or the JSON report's coverage object, or Markdown.")
@click.option("--strict", is_flag=True, help="Exit 1 when something is out of the checks without a reason "
              "(each problem on stderr as path:line: message).")
@click.option("--rule", "only_rules", multiple=True, metavar="ID", help="Run only this rule (repeatable).")
@click.option("--exclude-rule", "exclude_rule", multiple=True, metavar="ID",
              help="Do not run this rule (repeatable; applied after --rule).")
@cache_options
@gate
def coverage_command(paths, rules_path, fixtures, coverage_format, strict, only_rules, exclude_rule,
                     cache_dir) -> int:
    """What the checks cover: per document the number tokens printed, recorded by a fact and in a value
    check; the facts in no value check and the tokens no fact records, with their reasons; per rule the
    checks run and skipped, and why an idle rule finds nothing (docs/coverage.md).

    PATHS narrow the documents shown to those the named fixtures (or decks) are about; the whole dataset
    is loaded and checked, since rules cross documents.
    """
    from auditor.reporters import coverage as shown

    load_paths, focus, documents = split_paths(paths, fixtures, rules_path, None)
    report = run_selected(Options(
        rules=rules_path, paths=tuple(load_paths), fixtures=fixtures,
        focus=None if focus is None else frozenset(focus), focus_documents=tuple(documents) if focus is not None else (),
        waivers=None, only_rules=tuple(only_rules), excluded_rules=tuple(exclude_rule), diagnose=False,
        cache_dir=cache_dir))
    coverage = report.coverage
    if coverage_format == "json":
        click.echo(shown.render_json(coverage), nl=False)
    elif coverage_format == "markdown":
        click.echo(shown.render_markdown(coverage), nl=False)
    else:
        click.echo(shown.render_text(coverage, terminal.width() if terminal.is_terminal() else shown.PIPE_WIDTH),
                   nl=False)
    return strict_problems(report) if strict else EXIT_OK


@cli.command()
@click.option("--rules", "rules_path", default=None, type=click.Path(), help=RULES_HELP)
@click.option("--fixtures", default="fixtures", show_default=True, type=click.Path())
@click.option("--waivers", "waivers_path", default=None, type=click.Path(),
              help="Waivers file to extend [default: FIXTURES/waivers.yaml].")
@cache_options
@gate
def baseline(rules_path: str, fixtures: str, waivers_path: str | None, cache_dir: str | None) -> int:
    """Append a waiver for every failing finding to the waivers file.

    Each new waiver has an empty reason: the gate refuses it (exit 2) until someone writes down the
    evidence that the source is wrong. Existing waivers and comments are kept as they are.
    """
    ruleset, dataset = load(rules_path, [fixtures], cache_dir)
    named, waivers_path = waivers_path is not None, waivers_path or os.path.join(fixtures, WAIVERS_NAME)
    exists = os.path.lexists(waivers_path)  # a dangling link is refused, not written through
    outcome = run_loaded(ruleset, dataset, Options(
        fixtures=fixtures, waivers=waivers_path if exists else None, waivers_named=named,
        waivers_need_reasons=False, diagnose=False))
    new = [check for check in outcome.findings if check.status == "failed"]
    old_text = read_text(waivers_path) if exists else ""
    if not old_text.strip():
        old_text = "waivers:\n" if new else "waivers: []\n"
    if not old_text.endswith("\n"):
        old_text += "\n"
    entries = "".join(baseline_entry(check) for check in new)
    write_atomic(waivers_path, old_text + entries, set())
    stale = outcome.stale_waivers
    click.echo(f"{len(new)} waiver(s) added to {one_line(waivers_path)}; write a reason for each before the gate "
               f"accepts them" + (f"; {len(stale)} stale waiver(s) to remove" if stale else ""))
    return EXIT_OK


def baseline_entry(check) -> str:
    facts = ", ".join(check.fact_ids)
    return (f"  - rule: {check.rule_id}\n    facts: [{facts}]\n"
            f"    reason: \"\"  # TODO: the evidence that the source is wrong ({check.message[:80]!r})\n")


@cli.command("rules")
@click.option("--rules", "rules_path", default=None, type=click.Path(), help=RULES_HELP)
@gate
def list_rules(rules_path: str) -> int:
    """List the rules: id, kind, severity, origin (packaged, local, or overriding a packaged rule) and title."""
    ruleset = load_rules(rules_path)
    width = max((len(rule.id) for rule in ruleset.rules), default=10)
    for rule in ruleset.rules:
        click.echo(f"{rule.id:<{width}}  {rule.kind:<14} {rule.severity:<8} {rule.origin:<11} {one_line(rule.title)}")
    return EXIT_OK


@cli.command()
@click.argument("rule_id")
@click.option("--rules", "rules_path", default=None, type=click.Path(), help=RULES_HELP)
@gate
def explain(rule_id: str, rules_path: str) -> int:
    """Print one rule with its rationale and the documentation of its kind."""
    ruleset = load_rules(rules_path)
    rule = ruleset.by_id(rule_id)
    if rule is None:
        raise click.BadParameter(f"no rule {rule_id!r}; `iij-audit rules` lists them", param_hint="RULE_ID")
    for line in explain_lines(rule, KINDS[rule.kind].__doc__ or ""):
        click.echo(line)
    return EXIT_OK


@cli.command()
@click.argument("document", type=click.Path())
@click.option("--into", "into", default=None, type=click.Path(dir_okay=False),
              help="Fixture to merge into: facts already recorded (same line and text) are left as they are, "
                   "new ones appended. Created when it does not exist. Without it the draft is printed.")
@click.option("--vocabulary", "vocabulary_path", default="rules", show_default=True, type=click.Path(),
              help="Rule file or directory whose vocabulary names the figures.")
@gate
def extract(document: str, into: str | None, vocabulary_path: str) -> int:
    """Draft the facts of a plain-text DOCUMENT, each with its line and printed text, for review."""
    from auditor.extract.command import run

    return run(document, into, vocabulary_path)


@cli.command("test-rules")
@click.option("--rules", "rules_path", default=None, type=click.Path(), help=RULES_HELP)
@click.option("--examples", default=DEFAULT_EXAMPLES, show_default=True, type=click.Path(),
              help="Directory holding one directory of examples per rule id.")
@click.option("--strict", is_flag=True, help="A rule without a failing or a passing example fails.")
@quiet_option
@gate
def test_rules(rules_path: str, examples: str, strict: bool, quiet: bool) -> int:
    """Run every rule against its failing and passing examples (as ``semgrep --test`` does).

    The failing example must give the findings its ``# ruleid:`` comments declare (or, without them, a
    finding of its rule and no other); the passing example must give none. See docs/writing-rules.md.
    """
    from auditor import testrules

    ruleset = load_rules(rules_path)
    results, strangers = testrules.run(ruleset, examples)
    for result in results:
        if not quiet or result.failed(strict):
            click.echo(result.line(strict))
    for name in strangers:
        click.echo(line_safe(f"FAIL {name}: an example directory of no rule (rename or remove it)"))
    failed = strangers or any(result.failed(strict) for result in results)
    if not quiet:
        click.echo(testrules.summary(results, strangers, strict))
    return EXIT_FINDINGS if failed else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    try:
        result = cli.main(args=argv, prog_name="iij-audit", standalone_mode=False)
    except MemoryError:  # anywhere in the run: the input is too big, which is bad input, not a crash
        return report_out_of_memory()
    except SystemError as error:  # what CPython raises when an allocation fails inside some C paths
        return report_out_of_memory(f"the interpreter failed, as when memory runs out (SystemError: "
                                    f"{one_line(str(error))})")
    except (InputErrors, ErrorsFull) as errors:
        return report_input_errors(errors.errors)
    except InputError as error:
        return report_input_errors([error])
    except click.exceptions.Exit as exit_:
        return exit_.exit_code
    except click.ClickException as error:
        error.show()
        return EXIT_INPUT
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return EXIT_INPUT
    return result if isinstance(result, int) else EXIT_OK


def console() -> None:  # pragma: no cover - the console-script entry point
    # A safety net under the reporters' own escaping: a character a strict stream cannot encode (a file
    # name's byte that is not UTF-8) is printed as an escape rather than ending the run in a traceback.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    sys.exit(main())
