"""Load rule files: the vocabulary and the rules, each rule validated by its kind's own parameters."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field

from auditor.errors import InputError, InputErrors
from auditor.expr import ExpressionError
from auditor.kinds import KINDS, expression_fields
from auditor.limits import ErrorList
from auditor.loader import validate
from auditor.model import Reason, Strict
from auditor.paths import named_problem, scan
from auditor.rulenames import locate, unknown_names
from auditor.vocabulary import ConceptSpec, NameSpec, Vocabulary
from auditor.yamlsafe import LineDict, load_yaml, read_text

RULE_ID = r"^[a-z0-9][a-z0-9\-]*$"
COMMON = ("id", "title", "severity", "rationale", "kind", "description", "idle_reason")


class RuleFile(Strict):
    default_entity: str | None = None
    entities: dict[str, NameSpec] = Field(default_factory=dict)
    segments: dict[str, NameSpec] = Field(default_factory=dict)
    concepts: dict[str, ConceptSpec] = Field(default_factory=dict)
    directions: dict[str, int] = Field(default_factory=dict)
    change_words: list[str] = Field(default_factory=list)
    segment_concept: str | None = None
    rules: list[dict] = Field(default_factory=list)


class RuleHead(Strict):
    id: str = Field(pattern=RULE_ID, max_length=80)
    title: str
    severity: Literal["error", "warning"] = "error"
    rationale: str
    kind: str
    description: str | None = None
    idle_reason: Reason | None = None  # why it finds nothing to check on the project's data


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
    origin: str = "local"  # packaged, local, or overriding (a local rule replacing a packaged one)
    idle_reason: str | None = None  # why it finds nothing to check on the project's data (docs/coverage.md)


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
LOCAL_RULES = "rules"  # a repository's own rules, layered on the packaged ones when --rules is not given
PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def packaged_rules_dir() -> str | None:
    """The rules installed with the package (pyproject maps the top-level rules/ to auditor.default_rules).
    Looked up on disk rather than imported: setuptools' editable finder does not resolve a mapped data
    directory nested in a package, so a source checkout or editable install finds rules/ beside auditor/."""
    for candidate in (os.path.join(PACKAGE_DIR, "default_rules"), os.path.join(os.path.dirname(PACKAGE_DIR), "rules")):
        if os.path.isfile(os.path.join(candidate, VOCABULARY_FILE)):
            return candidate
    return None


def rule_layers(path: str | None) -> list[tuple[str, str]]:
    """(origin, rule file or directory) in loading order. A path named (--rules or the config's ``rules``)
    is the whole ruleset; by default the packaged rules, then ./rules when the repository has one."""
    packaged = packaged_rules_dir()
    if path is not None:
        same = packaged is not None and os.path.realpath(path) == os.path.realpath(packaged)
        return [("packaged" if same else "local", path)]
    local = LOCAL_RULES if os.path.lexists(LOCAL_RULES) else None
    if local and packaged and os.path.realpath(local) == os.path.realpath(packaged):
        return [("packaged", local)]  # the package's own checkout: one layer, named as the user sees it
    layers = [("packaged", packaged)] if packaged else []
    if local or not layers:
        layers.append(("local", LOCAL_RULES))  # with no packaged rules either, its absence is the error
    return layers


@dataclass
class _Loading:
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    rules: list = field(default_factory=list)  # (Rule, its raw mapping, its file's lines)
    errors: list = field(default_factory=ErrorList)  # a huge rule file stops at MAX_ERRORS (ErrorsFull)
    origins: dict = field(default_factory=dict)  # (section, name) -> "path:line" of its definition
    layers: dict = field(default_factory=dict)  # (section, name) -> the origin of the layer defining it
    layer: str = "local"  # the origin of the layer being loaded
    incomplete: bool = False  # a file's vocabulary could not be read at all
    vocabulary_errors: bool = False


def load_rules(path: str | None = None) -> RuleSet:
    """Every rule file's errors in one run, each blamed on the file that brings it: the vocabulary file is
    loaded first, so a name or setting that another file defines again is that file's error. ``path`` None:
    the packaged rules with ./rules layered on them (see :func:`rule_layers`)."""
    state = _Loading()
    files: list[str] = []
    for origin, layer_path in rule_layers(path):
        state.layer = origin
        layer_files = sorted(find_rule_files(layer_path), key=lambda file: os.path.basename(file) != VOCABULARY_FILE)
        files += layer_files
        start = len(state.rules)
        for file in layer_files:
            try:
                load_rule_file(file, state)
            except InputError as error:
                state.incomplete = True
                state.errors.append(error)
            except InputErrors as exc:
                state.errors.extend(exc.errors)
        for rule, _, _ in state.rules[start:]:
            rule.origin = origin
        state.errors.extend(duplicate_rules([rule for rule, _, _ in state.rules[start:]]))
    state.rules = overridden(state.rules)
    errors = state.errors
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


def overridden(rules: list) -> list:
    """A local rule with a packaged rule's id replaces it in its place (origin "overriding"); other local
    rules follow the packaged ones. Duplicates inside one layer are errors reported elsewhere."""
    packaged = [entry for entry in rules if entry[0].origin == "packaged"]
    local = [entry for entry in rules if entry[0].origin == "local"]
    packaged_ids = {rule.id for rule, _, _ in packaged}
    replacing = {}
    for entry in local:
        if entry[0].id in packaged_ids:
            entry[0].origin = "overriding"
            replacing.setdefault(entry[0].id, entry)
    return ([replacing.get(entry[0].id, entry) for entry in packaged]
            + [entry for entry in local if entry[0].id not in packaged_ids])


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
    vocabulary_errors = merge_vocabulary(state, spec, data, file, lines)
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


def inherited(state: _Loading, key: tuple, value) -> bool:
    """Whether a local definition restates the packaged one exactly (a copy of the packaged vocabulary
    still loads); any other second definition, inside one layer or across them, is an error."""
    current = state.vocabulary.default_entity if key == SETTING else getattr(state.vocabulary, key[0]).get(key[1])
    return state.layer != "packaged" and state.layers.get(key) == "packaged" and current == value


def merge_vocabulary(state: _Loading, spec: RuleFile, data: LineDict, file: str,
                     lines: list[str]) -> list[InputError]:
    vocabulary, origins = state.vocabulary, state.origins
    errors = []
    if spec.default_entity:
        line = data.line_of("default_entity")
        if inherited(state, SETTING, spec.default_entity):
            origins[SETTING], state.layers[SETTING] = f"{file}:{line}", state.layer  # restated once only
        elif SETTING in origins:  # one place for a setting: a second one would silently override the first
            errors.append(InputError(file, line, f"default_entity is already set in {origins[SETTING]}; "
                                     "a setting is defined once, in the vocabulary file"))
        else:
            vocabulary.default_entity = spec.default_entity
            origins[SETTING], state.layers[SETTING] = f"{file}:{line}", state.layer
    if spec.segment_concept:
        line = data.line_of("segment_concept")
        known = origins.get(("settings", "segment_concept"))
        if known and vocabulary.segment_concept != spec.segment_concept:  # a setting has one place
            errors.append(InputError(file, line, f"segment_concept is already set in {known}; a setting "
                                     "is defined once, in the vocabulary file"))
        elif not known:
            vocabulary.segment_concept = spec.segment_concept
            origins[("settings", "segment_concept")] = f"{file}:{line}"
    for word in spec.change_words:
        if word.lower() not in vocabulary.change_words:
            vocabulary.change_words.append(word.lower())
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
            if inherited(state, (section, name), value):
                origins[(section, name)], state.layers[(section, name)] = f"{file}:{line}", state.layer
                continue
            if name in target:
                errors.append(InputError(file, line, f"{what} {name!r} is already defined in "
                                         f"{origins[(section, name)]}"))
                continue
            target[name] = value
            origins[(section, name)], state.layers[(section, name)] = f"{file}:{line}", state.layer
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
            fields = expression_fields(head.kind)
            raise InputErrors([expression_error(raw, file, line, lines, head.id, error, fields)]) from None
        except ValueError as error:
            raise InputErrors([InputError(file, line, f"rule {head.id}: {error}")]) from None
    return Rule(head.id, head.title, head.severity, head.rationale, head.kind, head.description,
                params, file, line, idle_reason=head.idle_reason)


def expression_error(raw: dict, file: str, line: int, lines: list[str], rule_id: str,
                     error: ExpressionError, fields: tuple[str, ...]) -> InputError:
    """Locate an expression error in the rule file: at its column inside the expression's text (one of
    ``fields``, the kind's expression parameters)."""
    name = next((key for key in fields if key in getattr(raw, "value_marks", {})), None)
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
