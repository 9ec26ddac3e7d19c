"""Load rule files: the vocabulary and the rules, each rule validated by its kind's own parameters."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from auditor.errors import InputError, InputErrors
from auditor.expr import ExpressionError
from auditor.kinds import KINDS
from auditor.loader import validate
from auditor.model import Strict
from auditor.vocabulary import ConceptSpec, NameSpec, Vocabulary
from auditor.yamlsafe import LineDict, load_yaml

RULE_ID = r"^[a-z0-9][a-z0-9\-]*$"
COMMON = ("id", "title", "severity", "rationale", "kind", "description")
EXPRESSION_FIELDS = ("check", "flows")


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
    if os.path.isdir(path):
        files = sorted(str(p) for p in Path(path).glob("*.y*ml") if p.is_file())
        if not files:
            raise InputErrors([InputError(path, None, "no rule files (*.yaml) in this directory")])
        return files
    if os.path.isfile(path):
        return [path]
    raise InputErrors([InputError(path, None, "no such file or directory")])


def load_rules(path: str) -> RuleSet:
    vocabulary = Vocabulary()
    rules: list[Rule] = []
    errors: list[InputError] = []
    vocabulary_broken = False
    files = find_rule_files(path)
    origins: dict[tuple[str, str], str] = {}
    for file in files:
        try:
            data = load_yaml(file)
            if not isinstance(data, dict):
                raise InputError(file, getattr(data, "line", 1), "a rule file must be a mapping")
            try:
                spec: RuleFile = validate(RuleFile, data, file)
            except InputErrors:
                vocabulary_broken = True
                raise
            vocabulary_errors = merge_vocabulary(vocabulary, spec, data, file, origins)
            vocabulary_broken |= bool(vocabulary_errors)
            errors.extend(vocabulary_errors)
            for index, raw in enumerate(data.get("rules") or []):
                line = data["rules"].item_lines[index]
                try:
                    rules.append(build_rule(raw, file, line))
                except InputErrors as exc:
                    errors.extend(exc.errors)
        except InputError as error:
            vocabulary_broken = True
            errors.append(error)
        except InputErrors as exc:
            errors.extend(exc.errors)
    errors.extend(duplicate_rules(rules))
    if not errors and vocabulary.default_entity not in vocabulary.entities:
        errors.append(InputError(files[0], None, f"default entity {vocabulary.default_entity!r} "
                                 "is not among the entities"))
    if errors:
        failure = InputErrors(errors)
        failure.vocabulary = None if vocabulary_broken else vocabulary  # fixtures can still be checked
        raise failure
    return RuleSet(vocabulary, rules, files)


def merge_vocabulary(vocabulary: Vocabulary, spec: RuleFile, data: LineDict, file: str,
                     origins: dict) -> list[InputError]:
    errors = []
    if spec.default_entity:
        vocabulary.default_entity = spec.default_entity
    if spec.segment_concept:
        vocabulary.segment_concept = spec.segment_concept
    for word in spec.change_words:
        if word.lower() not in vocabulary.change_words:
            vocabulary.change_words.append(word.lower())
    for section in ("entities", "segments", "concepts", "directions"):
        target = getattr(vocabulary, section)
        for name, value in getattr(spec, section).items():
            line = data[section].line_of(name)
            if section == "directions" and value not in (1, -1):
                errors.append(InputError(file, line, f"direction {name!r} must have the sign 1 or -1"))
                continue
            if name in target:
                errors.append(InputError(file, line, f"{section[:-1] if section != 'entities' else 'entity'} "
                                         f"{name!r} is already defined in {origins[(section, name)]}"))
                continue
            target[name] = value
            origins[(section, name)] = f"{file}:{line}"
    return errors


def build_rule(raw: dict, file: str, line: int) -> Rule:
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
            raise InputErrors([expression_error(raw, file, line, head.id, error)]) from None
        except ValueError as error:
            raise InputErrors([InputError(file, line, f"rule {head.id}: {error}")]) from None
    return Rule(head.id, head.title, head.severity, head.rationale, head.kind, head.description,
                params, file, line)


def expression_error(raw: dict, file: str, line: int, rule_id: str, error: ExpressionError) -> InputError:
    """Locate an expression error in the rule file: the expression's own position plus the column."""
    marks = getattr(raw, "value_marks", {})
    field = next((key for key in EXPRESSION_FIELDS if key in marks), None)
    if field is None or error.column is None:
        return InputError(file, line, f"rule {rule_id}: {error}")
    value_line, value_column, style = marks[field]
    column = value_column + (1 if style in ("'", '"') else 0) + error.column - 1
    return InputError(file, value_line, f"rule {rule_id}: {field}: {error}", column)


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
