"""Load rule files: the vocabulary and the rules, each rule validated by its kind's own parameters."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field

from auditor.errors import InputError, InputErrors
from auditor.expr import ExpressionError
from auditor.kinds import KINDS
from auditor.limits import ErrorList
from auditor.loader import validate
from auditor.model import Strict
from auditor.paths import named_problem, scan
from auditor.rulenames import locate, unknown_names
from auditor.vocabulary import ConceptSpec, NameSpec, Vocabulary
from auditor.yamlsafe import LineDict, load_yaml, read_text

RULE_ID = r"^[a-z0-9][a-z0-9\-]*$"
COMMON = ("id", "title", "severity", "rationale", "kind", "description")
EXPRESSION_FIELDS = ("check", "flows")


class RuleFile(Strict):
    default_entity: str | None = None
    entities: dict[str, NameSpec] = Field(default_factory=dict)
    segments: dict[str, NameSpec] = Field(default_factory=dict)
    concepts: dict[str, ConceptSpec] = Field(default_factory=dict)
    directions: dict[str, int] = Field(default_factory=dict)
    rules: list[dict] = Field(default_factory=list)


class RuleHead(Strict):
    id: str = Field(pattern=RULE_ID, max_length=80)
    title: str
    severity: Literal["error", "warning"] = "error"
    rationale: str
    kind: str
    description: str | None = None


@dataclass
class Rule:
    id: str
    title: str
    severity: str
    rationale: str
    kind: str
    description: str | None
    params: BaseModel
    path: str
    line: int


@dataclass
class RuleSet:
    vocabulary: Vocabulary
    rules: list[Rule]
    files: list[str]

    def by_id(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)


def find_rule_files(path: str) -> list[str]:
    """The rule files (``*.yaml``, ``*.yml``) of a directory, or the one file named. Anything in the
    directory that is not a regular file inside it (a FIFO, a dangling link, a link out) is an error."""
    problem = named_problem(path, directories=True) if os.path.lexists(path) else None
    if problem:
        raise InputErrors([InputError(path, None, problem)])
    if os.path.isdir(path):
        files, errors = scan(path, lambda name: name.endswith((".yaml", ".yml")), recursive=False)
        if errors:
            raise InputErrors(errors)
        files = sorted(files)
        if not files:
            raise InputErrors([InputError(path, None, "no rule files (*.yaml) in this directory")])
        return files
    if os.path.isfile(path):
        return [path]
    raise InputErrors([InputError(path, None, "no such file or directory")])


VOCABULARY_FILE = "vocabulary.yaml"  # where the settings and the vocabulary live
SETTING = ("settings", "default_entity")  # its key in the origins of definitions


@dataclass
class _Loading:
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    rules: list = field(default_factory=list)  # (Rule, its raw mapping, its file's lines)
    errors: list = field(default_factory=ErrorList)  # a huge rule file stops at MAX_ERRORS (ErrorsFull)
    origins: dict = field(default_factory=dict)  # (section, name) -> "path:line" of its definition
    incomplete: bool = False  # a file's vocabulary could not be read at all
    vocabulary_errors: bool = False


def load_rules(path: str) -> RuleSet:
    """Every rule file's errors in one run, each blamed on the file that brings it: the vocabulary file is
    loaded first, so a name or setting that another file defines again is that file's error."""
    state = _Loading()
    files = sorted(find_rule_files(path), key=lambda file: os.path.basename(file) != VOCABULARY_FILE)
    for file in files:
        try:
            load_rule_file(file, state)
        except InputError as error:
            state.incomplete = True
            state.errors.append(error)
        except InputErrors as exc:
            state.errors.extend(exc.errors)
    errors = state.errors
    errors.extend(duplicate_rules([rule for rule, _, _ in state.rules]))
    if not state.incomplete:  # with a file's vocabulary missing, a name would be unknown for nothing
        errors.extend(default_entity_error(state, files[0]))
        for rule, raw, lines in state.rules:
            errors.extend(unknown_names(rule, raw, lines, state.vocabulary, KINDS[rule.kind]))
    if errors:
        order = {file: number for number, file in enumerate(files)}
        errors.sort(key=lambda error: (order.get(error.path, -1), error.line or 0, error.column or 0))
        failure = InputErrors(errors)
        broken = state.incomplete or state.vocabulary_errors
        failure.vocabulary = None if broken else state.vocabulary  # fixtures can still be checked
        raise failure
    return RuleSet(state.vocabulary, [rule for rule, _, _ in state.rules], files)


def load_rule_file(file: str, state: _Loading) -> None:
    text = read_text(file)
    data = load_yaml(file, text=text)
    if not isinstance(data, dict):
        raise InputError(file, getattr(data, "line", 1), "a rule file must be a mapping")
    try:
        spec: RuleFile = validate(RuleFile, data, file)
    except InputErrors:
        state.incomplete = True
        raise
    lines = text.splitlines()
    vocabulary_errors = merge_vocabulary(state.vocabulary, spec, data, file, state.origins, lines)
    state.vocabulary_errors |= bool(vocabulary_errors)
    state.errors.extend(vocabulary_errors)
    for index, raw in enumerate(data.get("rules") or []):
        line = data["rules"].item_lines[index]
        try:
            state.rules.append((build_rule(raw, file, line, lines), raw, lines))
        except InputErrors as exc:
            state.errors.extend(exc.errors)


def default_entity_error(state: _Loading, first_file: str) -> list[InputError]:
    entity = state.vocabulary.default_entity
    if entity in state.vocabulary.entities:
        return []
    path, _, line = state.origins.get(SETTING, f"{first_file}:").rpartition(":")
    return [InputError(path, int(line) if line else None, f"default entity {entity!r} is not among the entities")]



def merge_vocabulary(vocabulary: Vocabulary, spec: RuleFile, data: LineDict, file: str,
                     origins: dict, lines: list[str]) -> list[InputError]:
    errors = []
    if spec.default_entity:
        line = data.line_of("default_entity")
        if SETTING in origins:  # one place for a setting: a second one would silently override the first
            errors.append(InputError(file, line, f"default_entity is already set in {origins[SETTING]}; "
                                     "a setting is defined once, in the vocabulary file"))
        else:
            vocabulary.default_entity = spec.default_entity
            origins[SETTING] = f"{file}:{line}"
    for section in ("entities", "segments", "concepts", "directions"):
        target = getattr(vocabulary, section)
        for name, value in getattr(spec, section).items():
            line = data[section].line_of(name)
            what = section[:-1] if section != "entities" else "entity"
            if not name.isascii():  # rules name it in ASCII; a lookalike would be a second, unreachable name
                errors.append(InputError(file, line, f"{what} {name!r} is not ASCII (names in rules are ASCII)",
                                         first_non_ascii(lines, line)))
                continue
            if section == "directions" and value not in (1, -1):
                errors.append(InputError(file, line, f"direction {name!r} must have the sign 1 or -1"))
                continue
            if name in target:
                errors.append(InputError(file, line, f"{what} {name!r} is already defined in "
                                         f"{origins[(section, name)]}"))
                continue
            target[name] = value
            origins[(section, name)] = f"{file}:{line}"
    return errors


def first_non_ascii(lines: list[str], line: int) -> int | None:
    text = lines[line - 1] if 1 <= line <= len(lines) else ""
    return next((number for number, char in enumerate(text, 1) if not char.isascii()), None)


def build_rule(raw: dict, file: str, line: int, lines: list[str]) -> Rule:
    head_data = LineDict({k: v for k, v in raw.items() if k in COMMON})
    head_data.line, head_data.key_lines = line, getattr(raw, "key_lines", {})
    head: RuleHead = validate(RuleHead, head_data, file, line)
    kind = KINDS.get(head.kind)
    if kind is None:
        known = ", ".join(sorted(KINDS))
        raise InputErrors([InputError(file, head_data.line_of("kind"), f"rule {head.id}: unknown kind "
                                      f"{head.kind!r} (known: {known})")])
    params_data = LineDict({k: v for k, v in raw.items() if k not in COMMON})
    params_data.line, params_data.key_lines = line, getattr(raw, "key_lines", {})
    params = validate(kind.Params, params_data, file, line)
    if hasattr(kind, "prepare"):
        try:
            params = kind.prepare(params)
        except ExpressionError as error:
            raise InputErrors([expression_error(raw, file, line, lines, head.id, error)]) from None
        except ValueError as error:
            raise InputErrors([InputError(file, line, f"rule {head.id}: {error}")]) from None
    return Rule(head.id, head.title, head.severity, head.rationale, head.kind, head.description,
                params, file, line)


def expression_error(raw: dict, file: str, line: int, lines: list[str], rule_id: str,
                     error: ExpressionError) -> InputError:
    """Locate an expression error in the rule file: at its column inside the expression's text."""
    name = next((key for key in EXPRESSION_FIELDS if key in getattr(raw, "value_marks", {})), None)
    if name is None or error.column is None:
        return InputError(file, line, f"rule {rule_id}: {error}")
    value_line, column = locate(raw, lines, (name,), line, error.column)
    return InputError(file, value_line, f"rule {rule_id}: {name}: {error}", column)


def duplicate_rules(rules: list[Rule]) -> list[InputError]:
    seen: dict[str, Rule] = {}
    errors = []
    for rule in rules:
        if rule.id in seen:
            first = seen[rule.id]
            errors.append(InputError(rule.path, rule.line, f"duplicate rule id {rule.id!r} "
                                     f"(first defined at {first.path}:{first.line})"))
        else:
            seen[rule.id] = rule
    return errors
