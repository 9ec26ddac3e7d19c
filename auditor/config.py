"""Project configuration: ``[tool.iij-audit]`` in ``pyproject.toml`` or a ``.iij-audit.yaml`` file.

Both are looked up in the current directory only (the project is where the command runs, as for the
default ``fixtures`` and ``rules``). A configuration may come from a stranger's pull request, so it is
read like any other input: a regular file inside the project, YAML through our safe loader, every key
known, every value checked, every path resolved against the configuration file's directory and kept
inside the project. The values become click's ``default_map``, so a flag given on the command line (or
an option's environment variable) always wins over the file.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field

from auditor.errors import InputError, InputErrors
from auditor.paths import is_under, named_problem
from auditor.reporters.safe import one_line
from auditor.yamlsafe import LineDict, load_yaml, read_text

PYPROJECT, YAML_CONFIG = "pyproject.toml", ".iij-audit.yaml"
CONFIG_FILES = (PYPROJECT, YAML_CONFIG)  # where a configuration may be (named to a hook: everything counts)
TABLE = "[tool.iij-audit]"
RULE_ID = re.compile(r"^[a-z0-9][a-z0-9\-]*$")  # as auditor.ruleset.RULE_ID
FAIL_ON = ("error", "warning", "never")

# configuration key -> the name of the command-line option's parameter it sets
PARAMETERS = {"rules": "rules_path", "fixtures": "fixtures", "waivers": "waivers_path", "cache-dir": "cache_dir",
              "fail-on": "fail_on", "format": "fmt", "enable": "only_rules", "disable": "exclude_rule"}
PATH_KEYS = ("rules", "fixtures", "waivers", "cache-dir")
LIST_KEYS = ("enable", "disable")


@dataclass
class Config:
    path: str | None = None  # the file read, None when the project has no configuration
    values: dict = field(default_factory=dict)  # parameter name -> value
    lines: dict = field(default_factory=dict)  # parameter name -> line of its key (None: unknown)

    def where(self, parameter: str) -> tuple[str, int | None]:
        return self.path or "", self.lines.get(parameter)


def find_config(formats: list[str], directory: str = ".") -> Config:
    """The configuration of the project in ``directory``; both files configured at once is an error, since
    either precedence would silently ignore one of them."""
    yaml_path, toml_path = (os.path.normpath(os.path.join(directory, name)) for name in (YAML_CONFIG, PYPROJECT))
    from_yaml = read_yaml(yaml_path) if os.path.lexists(yaml_path) else None
    from_toml = read_pyproject(toml_path) if os.path.lexists(toml_path) else None
    if from_yaml is not None and from_toml is not None:
        raise InputError(yaml_path, None, f"the project is configured twice, here and in {toml_path} {TABLE}; "
                         "keep one of them")
    if from_yaml is not None:
        return checked(yaml_path, *from_yaml, YAML_CONFIG, formats)
    if from_toml is not None:
        return checked(toml_path, *from_toml, TABLE, formats)
    return Config()


def readable(path: str) -> str:
    problem = named_problem(path)
    if problem:
        raise InputError(path, None, problem)
    return read_text(path)


def read_yaml(path: str) -> tuple[dict, dict[str, int | None]]:
    """The settings of ``.iij-audit.yaml`` and the line of each key."""
    text = readable(path)
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return {}, {}  # a configuration with nothing set yet (our loader refuses an empty document)
    data = load_yaml(path, text=text)
    if data is None:
        return {}, {}
    if not isinstance(data, LineDict):
        raise InputError(path, getattr(data, "line", 1), "the configuration must be a mapping of settings")
    return dict(data), {key: data.line_of(key) for key in data}


def read_pyproject(path: str) -> tuple[dict, dict[str, int | None]] | None:
    """The ``[tool.iij-audit]`` table and the line of each key, or None when pyproject.toml has none.
    tomllib gives no positions, so lines are found in the text (None where the table is spelled in a way
    this search does not follow, such as dotted keys elsewhere)."""
    text = readable(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        raise InputError(path, int(found.group(1)) if found else None, f"invalid TOML: {error}") from None
    table = data.get("tool", {}).get("iij-audit") if isinstance(data.get("tool"), dict) else None
    if table is None:
        return None
    lines = text.splitlines()
    header = next((number for number, line in enumerate(lines, 1)
                   if re.match(r"\s*\[\s*tool\s*\.\s*(\"iij-audit\"|'iij-audit'|iij-audit)\s*\]", line)), None)
    if not isinstance(table, dict):
        raise InputError(path, header, f"{TABLE} must be a table of settings")
    return table, {key: toml_key_line(lines, header, key) or header for key in table}


def toml_key_line(lines: list[str], header: int | None, key: str) -> int | None:
    if header is None:
        return None
    pattern = re.compile(r"\s*(" + "|".join(re.escape(k) for k in (key, f'"{key}"', f"'{key}'")) + r")\s*=")
    for number in range(header + 1, len(lines) + 1):
        if lines[number - 1].lstrip().startswith("["):
            return None
        if pattern.match(lines[number - 1]):
            return number
    return None


def checked(path: str, settings: dict, lines: dict, where: str, formats: list[str]) -> Config:
    """Every key known and every value valid, all errors in one run."""
    config, errors = Config(path), []
    base = os.path.dirname(path) or "."
    for key, value in settings.items():
        line = lines.get(key)
        try:
            if key not in PARAMETERS:
                known = ", ".join(sorted(PARAMETERS))
                raise ValueError(f"unknown key {one_line(str(key))!r} in {where} (known: {known})")
            config.values[PARAMETERS[key]] = setting(key, value, base, formats)
            config.lines[PARAMETERS[key]] = line
        except ValueError as error:
            errors.append(InputError(path, line, str(error)))
    if errors:
        raise InputErrors(errors)
    return config


def setting(key: str, value: object, base: str, formats: list[str]) -> object:
    if key in PATH_KEYS:
        return project_path(key, value, base)
    if key in LIST_KEYS:
        if not isinstance(value, list) or not all(isinstance(item, str) and RULE_ID.match(item) for item in value):
            raise ValueError(f"{key}: must be a list of rule ids")
        return tuple(value)
    choices = FAIL_ON if key == "fail-on" else formats
    if value not in choices:
        raise ValueError(f"{key}: {one_line(str(value))!r} is not one of {', '.join(choices)}")
    return value


def project_path(key: str, value: object, base: str) -> str:
    """A path of the configuration, resolved against its file's directory; it must stay inside the project
    (the working directory), symbolic links followed, so a configuration cannot point the tool elsewhere."""
    if not isinstance(value, str) or not value or "\0" in value:
        raise ValueError(f"{key}: must be a path")
    resolved = os.path.normpath(os.path.join(base, value))
    if not is_under(resolved, os.getcwd()):
        raise ValueError(f"{key}: {one_line(value)!r} is outside the project")
    return os.path.relpath(resolved)


def default_map(config: Config, commands: dict) -> dict:
    """click's ``default_map``: for each command, the settings it has an option for."""
    result = {}
    for name, command in commands.items():
        own = {param.name for param in command.params}
        values = {parameter: value for parameter, value in config.values.items() if parameter in own}
        if values:
            result[name] = values
    return result
