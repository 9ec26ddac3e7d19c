"""Trust: inputs are regular files inside the project, outputs go only where they should, the cache is
not trusted. Every case builds its files (links, FIFOs, a git repository) in ``tmp_path``."""

from __future__ import annotations

import json
import marshal
import os
import shutil
import socket
import stat
import subprocess
import sys

import pytest

from test_hardening_support import (  # noqa: F401 - hws is a fixture
    DECK_TEXT,
    FIXTURE,
    PROJECT,
    RULES,
    assert_input_error,
    hws,
    replace_line,
)

import auditor.loader as loader_module
import auditor.output as output_module
from auditor.cache import FactCache
from auditor.loader import Loader
from auditor.ruleset import load_rules

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs mkfifo")
CHILD = "import sys; from auditor.cli import main; sys.exit(main(sys.argv[1:]))"


def run_child(argv, timeout: float = 20, cwd=PROJECT):
    """The CLI in a subprocess: a FIFO opened by mistake blocks it, and the timeout says so."""
    try:
        return subprocess.run([sys.executable, "-c", CHILD, *map(str, argv)], capture_output=True, text=True,
                              timeout=timeout, cwd=cwd)
    except subprocess.TimeoutExpired:
        pytest.fail(f"iij-audit {' '.join(map(str, argv))} hung: something blocked on a FIFO")


def with_document(hws, document: str):
    return hws.fixture(replace_line(FIXTURE, "document:", f"document: {document}"))


def reads(monkeypatch) -> list[str]:
    """Every file the loader reads, as it names them."""
    seen: list[str] = []
    real = loader_module.read_bytes

    def spy(path, *args, **kwargs):
        seen.append(os.path.realpath(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(loader_module, "read_bytes", spy)
    return seen


# -- source documents -------------------------------------------------------------------------------------


@pytest.mark.parametrize("document", ["/etc/passwd", "/proc/self/environ", "../outside.txt",
                                      "../../outside.txt", "decks/../../outside.txt"])
def test_a_document_outside_the_dataset_is_refused_before_it_is_opened(hws, monkeypatch, document):
    (hws.root / "outside.txt").write_text(DECK_TEXT, encoding="utf-8")  # facts that would pass against it
    seen = reads(monkeypatch)
    path = with_document(hws, document)
    result = hws.check()
    line = assert_input_error(result, path, 1, f"source document {document!r} is outside the dataset "
                                               f"directory {hws.fx}")
    assert "lines" not in line and "bytes" not in line
    assert not [name for name in seen if not name.startswith(str(hws.fx.resolve()) + os.sep)], seen


def test_a_link_pointing_out_gets_the_same_refusal_whether_its_target_exists_or_not(hws):
    (hws.root / "outside.txt").write_text(DECK_TEXT, encoding="utf-8")
    (hws.decks / "there.txt").symlink_to(hws.root / "outside.txt")
    (hws.decks / "missing.txt").symlink_to(hws.root / "no-such-file.txt")
    messages = []
    for name in ("there.txt", "missing.txt"):
        # every entry of the dataset is checked, the deck links too: both get the same words
        with_document(hws, f"decks/{name}")
        result = hws.check()
        assert result.code == 2, str(result)
        lines = [line for line in result.err.splitlines() if line.startswith(f"{hws.decks / name}:")]
        assert lines == [f"{hws.decks / name}: symbolic link pointing outside {hws.fx}"], str(result)
        messages.append(lines[0].replace(name, "NAME"))
    assert messages[0] == messages[1]


def test_a_document_link_inside_the_dataset_is_followed(hws):
    os.replace(hws.decks / "deck.txt", hws.fx / "real-deck.txt")
    (hws.decks / "deck.txt").symlink_to(hws.fx / "real-deck.txt")
    result = hws.check()
    assert result.code == 0, str(result)


def test_a_document_that_is_a_directory_is_refused(hws):
    path = with_document(hws, "decks")
    assert_input_error(hws.check(), path, 1, "source document 'decks' is not a regular file")


@needs_fifo
def test_a_document_that_is_a_fifo_is_refused_without_hanging(hws):
    os.mkfifo(hws.decks / "deck.fifo")
    with_document(hws, "decks/deck.fifo")
    child = run_child(["check", "--rules", RULES, "--fixtures", hws.fx, "--no-cache"])
    assert child.returncode == 2, child.stderr
    assert f"{hws.decks / 'deck.fifo'}: not a regular file" in child.stderr


def test_a_document_outside_is_refused_for_a_fixture_named_directly(hws, monkeypatch):
    """validate FILE: the file's dataset directory is its own directory (or the default dataset)."""
    (hws.root / "outside.txt").write_text(DECK_TEXT, encoding="utf-8")
    path = with_document(hws, "../outside.txt")
    monkeypatch.chdir(hws.root)
    result = hws.run("validate", path, "--rules", RULES)
    assert_input_error(result, path, 1, "is outside the dataset directory")


def test_a_cache_entry_naming_a_document_outside_is_a_miss_and_it_is_not_read(hws, tmp_path, monkeypatch):
    vocabulary = load_rules(str(RULES)).vocabulary
    cache_dir = tmp_path / "cache"
    Loader(vocabulary, FactCache(str(cache_dir), vocabulary)).load([str(hws.fx)])
    (entry,) = cache_dir.glob("*.cache")
    outside = tmp_path / "outside.txt"
    outside.write_text(DECK_TEXT, encoding="utf-8")
    key, fixture, content, header, claims, rows = marshal.loads(entry.read_bytes())
    entry.write_bytes(marshal.dumps((key, fixture, content, (str(outside), *header[1:]), claims, rows)))
    seen = reads(monkeypatch)
    cache = FactCache(str(cache_dir), vocabulary)
    dataset = Loader(vocabulary, cache).load([str(hws.fx)])
    assert (cache.hits, cache.misses) == (0, 1)
    assert str(outside) not in seen
    assert {document.path for document in dataset.documents.values()} == {str(hws.decks / "deck.txt")}


# -- what the dataset and the rules hold -----------------------------------------------------------------


def test_a_dangling_link_among_the_fixtures_is_an_error(hws):
    link = hws.fx / "gone.yaml"
    link.symlink_to(hws.fx / "no-such.yaml")
    assert_input_error(hws.check(), link, None, "dangling symbolic link")


def test_a_link_loop_among_the_fixtures_is_an_error(hws):
    link = hws.fx / "loop.yaml"
    link.symlink_to(link)
    assert_input_error(hws.check(), link, None, "symbolic link loop")


def test_a_link_among_the_fixtures_pointing_out_is_refused(hws, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(FIXTURE.replace("h.", "o."), encoding="utf-8")
    link = hws.fx / "other.yaml"
    link.symlink_to(outside)
    line = assert_input_error(hws.check(), link, None, f"symbolic link pointing outside {hws.fx}")
    assert "elsewhere" not in line


def test_a_link_to_a_fixture_inside_is_followed_once(hws):
    (hws.fx / "alias.yaml").symlink_to(hws.fx / "deck.yaml")
    result = hws.check()
    assert result.code == 0, str(result)
    assert "2 facts from 1 document(s)" in result.out  # not a duplicate of every id


@needs_fifo
@pytest.mark.parametrize("name", ["stuck.yaml", "decks/stuck.txt"])
def test_a_fifo_in_the_dataset_is_an_error_not_a_skip(hws, name):
    os.mkfifo(hws.fx / name)
    child = run_child(["check", "--rules", RULES, "--fixtures", hws.fx, "--no-cache"])
    assert child.returncode == 2, child.stderr
    assert f"{hws.fx / name}: not a regular file" in child.stderr
    assert "nothing was checked" in child.stderr


def test_a_socket_in_the_dataset_is_an_error(hws, monkeypatch):
    monkeypatch.chdir(hws.fx)  # a socket's path must be short
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind("s.yaml")
        result = hws.run("check", "--rules", RULES, "--fixtures", ".")
    finally:
        server.close()
    assert_input_error(result, "./s.yaml", None, "not a regular file")


def test_a_linked_directory_pointing_out_is_an_error(hws, tmp_path):
    (tmp_path / "away").mkdir()
    (hws.fx / "more").symlink_to(tmp_path / "away")
    assert_input_error(hws.check(), hws.fx / "more", None, "symbolic link pointing outside")


@pytest.mark.parametrize("kind", ["dangling", "loop", "outside"])
def test_odd_entries_among_the_rules_are_errors(hws, tmp_path, kind):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    link = rules / "zz.yaml"
    target = {"dangling": rules / "none.yaml", "loop": link, "outside": hws.fx / "deck.yaml"}[kind]
    link.symlink_to(target)
    words = {"dangling": "dangling symbolic link", "loop": "symbolic link loop",
             "outside": f"symbolic link pointing outside {rules}"}[kind]
    result = hws.run("check", "--rules", rules, "--fixtures", hws.fx)
    assert_input_error(result, link, None, words)


@needs_fifo
def test_a_fifo_among_the_rules_is_an_error(hws, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    os.mkfifo(rules / "zz.yaml")
    child = run_child(["check", "--rules", rules, "--fixtures", hws.fx, "--no-cache"])
    assert child.returncode == 2, child.stderr
    assert f"{rules / 'zz.yaml'}: not a regular file" in child.stderr


def test_a_dangling_waivers_file_is_an_error_not_the_absence_of_waivers(hws, tmp_path):
    (hws.fx / "waivers.yaml").symlink_to(tmp_path / "gone.yaml")
    result = hws.check()
    assert_input_error(result, hws.fx / "waivers.yaml", None, "symbolic link pointing outside")


def test_a_waivers_file_named_as_a_link_pointing_out_of_the_project_is_refused(hws, tmp_path, monkeypatch):
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "w.yaml").write_text("waivers: []\n", encoding="utf-8")
    (project / "w.yaml").symlink_to(tmp_path / "w.yaml")
    monkeypatch.chdir(project)
    result = hws.check("--waivers", "w.yaml")
    assert_input_error(result, "w.yaml", None, "symbolic link pointing outside")


# -- focus paths ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("named", ["README.md", "/etc/passwd"])
def test_a_focus_path_outside_the_dataset_is_refused(hws, named):
    path = {"README.md": PROJECT / "README.md", "/etc/passwd": "/etc/passwd"}[named]
    result = hws.check(path)
    assert_input_error(result, path, None, "not a fixture, rule, waivers or configuration file of the dataset")
    assert result.out == ""


def failing_second_fixture(hws) -> object:
    """deck.yaml clean; b.yaml's revenue disagrees with its deck line (a provenance finding)."""
    hws.deck(DECK_TEXT.replace("23.4", "23.9"), name="b.txt")
    text = FIXTURE.replace("decks/deck.txt", "decks/b.txt").replace("h.", "b.").replace("1Q11", "2Q11")
    return hws.fixture(text, name="b.yaml")


def test_findings_outside_the_focus_are_counted_and_placed(hws):
    b = failing_second_fixture(hws)
    result = hws.check(hws.fx / "deck.yaml", "--rule", "provenance")
    assert result.code == 0, str(result)  # the focus decides, as a pre-commit hook wants
    assert f"1 failing finding(s) outside the named files, in {b} (run with --all to list them)" in result.out
    everything = hws.check(hws.fx / "deck.yaml", "--all", "--rule", "provenance")
    assert everything.code == 1
    assert "outside the named files" not in everything.out


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_findings_outside_the_focus_are_named_in_other_formats(hws, fmt):
    b = failing_second_fixture(hws)
    result = hws.check(hws.fx / "deck.yaml", "--rule", "provenance", "--format", fmt)
    assert result.code == 0, str(result)
    where = result.out if fmt == "markdown" else result.err
    assert f"1 failing finding(s) outside the named files, in {b}" in where
    if fmt == "json":
        assert json.loads(result.out)["findings"] == []


def test_a_focus_on_the_failing_file_fails(hws):
    b = failing_second_fixture(hws)
    result = hws.check(b, "--rule", "provenance")
    assert result.code == 1
    assert "outside the named files" not in result.out


@pytest.mark.parametrize("which", ["rule file", "waivers file"])
def test_naming_a_rule_or_waivers_file_reports_everything(hws, which):
    failing_second_fixture(hws)
    named = RULES / "vocabulary.yaml" if which == "rule file" else hws.waivers("waivers: []\n")
    result = hws.check(named, "--rule", "provenance")
    assert result.code == 1, str(result)
    assert "outside the named files" not in result.out


# -- outputs ----------------------------------------------------------------------------------------------


def test_an_output_through_a_link_is_refused(hws, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    link = hws.root / "report.json"
    link.symlink_to(victim)
    result = hws.check("--output", f"json={link}")
    assert_input_error(result, link, None, "cannot write: is a symbolic link")
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert link.is_symlink()


def test_an_output_through_a_dangling_link_creates_nothing(hws, tmp_path):
    link = hws.root / "report.json"
    link.symlink_to(tmp_path / "created.json")
    result = hws.check("--output", f"json={link}")
    assert_input_error(result, link, None, "cannot write: is a symbolic link")
    assert not (tmp_path / "created.json").exists()


@needs_fifo
def test_an_output_onto_a_fifo_is_refused(hws):
    fifo = hws.root / "report.fifo"
    os.mkfifo(fifo)
    child = run_child(["check", "--rules", RULES, "--fixtures", hws.fx, "--output", f"json={fifo}"])
    assert child.returncode == 2, child.stderr
    assert f"{fifo}: cannot write: not a regular file" in child.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full") or not stat.S_ISCHR(os.stat("/dev/full").st_mode),
                    reason="needs /dev/full")
def test_an_output_onto_a_device_is_refused(hws):
    result = hws.check("--output", "json=/dev/full")
    assert_input_error(result, "/dev/full", None, "cannot write: not a regular file")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_an_output_into_a_linked_directory_pointing_out_of_the_project_is_refused(hws, tmp_path, monkeypatch):
    project, away = tmp_path / "project", tmp_path / "away"
    project.mkdir()
    away.mkdir()
    (project / "reports").symlink_to(away)
    monkeypatch.chdir(project)
    result = hws.check("--output", "json=reports/audit.json")
    assert_input_error(result, "reports/audit.json", None, "symbolic link pointing outside the project")
    assert list(away.iterdir()) == []


def test_a_run_whose_second_output_fails_writes_no_report(hws):
    first = hws.root / "a.json"
    bad = hws.root / "missing" / "b.md"
    result = hws.check("--output", f"json={first}", "--output", f"markdown={bad}")
    assert_input_error(result, bad, None, "does not exist")
    assert not first.exists()
    assert not [name for name in os.listdir(hws.root) if name.startswith(".iij-audit-")]


def test_a_write_failure_removes_every_temporary_file(hws, monkeypatch):
    first, second = hws.root / "a.json", hws.root / "b.md"
    real = output_module.tempfile.mkstemp
    calls = []

    def failing_second(*args, **kwargs):
        calls.append(kwargs.get("prefix"))
        if calls.count(".iij-audit-") == 2 and kwargs.get("prefix") == ".iij-audit-":  # not the cache's
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(output_module.tempfile, "mkstemp", failing_second)
    result = hws.check("--output", f"json={first}", "--output", f"markdown={second}")
    assert_input_error(result, second, None, "cannot write: No space left on device")
    assert not first.exists() and not second.exists()
    assert not [name for name in os.listdir(hws.root) if name.startswith(".iij-audit-")]


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_reports_get_the_users_permissions(hws, umask, mode):
    target = hws.root / "audit.json"
    old = os.umask(umask)
    try:
        result = hws.check("--output", f"json={target}")
    finally:
        os.umask(old)
    assert result.code == 0, str(result)
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_a_report_replaces_a_regular_file(hws):
    target = hws.root / "audit.json"
    target.write_text("old\n", encoding="utf-8")
    result = hws.check("--output", f"json={target}")
    assert result.code == 0, str(result)
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["facts"] == 2


def test_baseline_through_a_dangling_waivers_link_creates_nothing(hws, tmp_path):
    (hws.fx / "waivers.yaml").symlink_to(tmp_path / "planted.yaml")
    result = hws.run("baseline", "--rules", RULES, "--fixtures", hws.fx)
    assert result.code == 2, str(result)
    assert f"{hws.fx / 'waivers.yaml'}: symbolic link pointing outside {hws.fx}" in result.err
    assert not (tmp_path / "planted.yaml").exists()


def test_baseline_does_not_write_through_a_waivers_link_inside(hws):
    real = hws.fx / "acknowledged.txt"
    real.write_text("waivers: []\n", encoding="utf-8")
    (hws.fx / "waivers.yaml").symlink_to(real)
    result = hws.run("baseline", "--rules", RULES, "--fixtures", hws.fx)
    assert_input_error(result, hws.fx / "waivers.yaml", None, "cannot write: is a symbolic link")
    assert real.read_text(encoding="utf-8") == "waivers: []\n"


# -- the cache ---------------------------------------------------------------------------------------------


def cached_run(hws, cache_dir, *extra):
    return hws.check("--cache-dir", cache_dir, *extra)


def test_a_linked_cache_directory_is_not_used(hws, tmp_path):
    real = tmp_path / "real-cache"
    real.mkdir()
    link = tmp_path / "cache-link"
    link.symlink_to(real)
    result = cached_run(hws, link)
    assert result.code == 0, str(result)
    assert f"iij-audit: note: cache directory {link} is a symbolic link; not used" in result.err
    assert list(real.iterdir()) == []


def test_a_cache_directory_resolving_outside_the_project_is_not_used(hws, tmp_path, monkeypatch):
    project, away = tmp_path / "project", tmp_path / "away"
    project.mkdir()
    away.mkdir()
    (project / "build").symlink_to(away)
    monkeypatch.chdir(project)
    result = cached_run(hws, "build/cache")
    assert result.code == 0, str(result)
    assert "cache directory build/cache resolves outside the project; not used" in result.err
    assert list(away.iterdir()) == []


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_cache_directory_tracked_by_git_is_not_used(hws, tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    cache = repo / ".iij-audit-cache"
    cache.mkdir(parents=True)
    (cache / "planted.cache").write_bytes(b"x")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "-C", str(repo), "add", "-f", ".iij-audit-cache/planted.cache"], check=True)
    monkeypatch.chdir(repo)
    result = cached_run(hws, ".iij-audit-cache")
    assert result.code == 0, str(result)
    assert "cache directory .iij-audit-cache holds files tracked by git; not used" in result.err
    assert sorted(os.listdir(cache)) == ["planted.cache"]


def test_an_untracked_cache_in_a_git_repository_is_used(hws, tmp_path, monkeypatch):
    if shutil.which("git") is None:
        pytest.skip("needs git")
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    monkeypatch.chdir(repo)
    result = cached_run(hws, ".iij-audit-cache")
    assert result.code == 0 and "note" not in result.err, str(result)
    assert list((repo / ".iij-audit-cache").glob("*.cache"))


def fill_cache(hws, cache_dir):
    vocabulary = load_rules(str(RULES)).vocabulary
    Loader(vocabulary, FactCache(str(cache_dir), vocabulary)).load([str(hws.fx)])
    (entry,) = cache_dir.glob("*.cache")
    return vocabulary, entry


def load_stats(hws, cache_dir, vocabulary):
    cache = FactCache(str(cache_dir), vocabulary)
    dataset = Loader(vocabulary, cache).load([str(hws.fx)])
    return dataset, (cache.hits, cache.misses)


@pytest.mark.parametrize("forgery", ["fixture path", "content hash", "line beyond the end", "header line",
                                     "text not a string", "not a tuple"])
def test_a_forged_cache_entry_is_a_miss_never_a_crash(hws, tmp_path, forgery):
    vocabulary, entry = fill_cache(hws, tmp_path / "cache")
    key, fixture, content, header, claims, rows = marshal.loads(entry.read_bytes())
    row = list(rows[0])
    if forgery == "fixture path":
        fixture = str(hws.fx / "other.yaml")
    elif forgery == "content hash":
        content = "0" * 40
    elif forgery == "line beyond the end":
        row[8] = 99
    elif forgery == "header line":
        row[11] = (0,)
    elif forgery == "text not a string":
        row[9] = 7
    stored = (key, fixture, content, header, claims, [tuple(row), *rows[1:]])
    entry.write_bytes(marshal.dumps("junk" if forgery == "not a tuple" else stored))
    dataset, stats = load_stats(hws, tmp_path / "cache", vocabulary)
    assert stats == (0, 1)
    assert [fact.line for fact in dataset.facts] == [4, 5]


@needs_fifo
def test_a_cache_entry_that_is_a_fifo_or_a_link_is_a_miss(hws, tmp_path):
    vocabulary, entry = fill_cache(hws, tmp_path / "cache")
    saved = tmp_path / "saved.cache"
    shutil.copy(entry, saved)
    entry.unlink()
    os.mkfifo(entry)
    _, stats = load_stats(hws, tmp_path / "cache", vocabulary)  # would block on open without O_NONBLOCK
    assert stats == (0, 1)
    assert not stat.S_ISFIFO(os.lstat(entry).st_mode), "the fresh load replaced the FIFO"
    entry.unlink()
    entry.symlink_to(saved)  # a valid entry, but behind a link
    _, stats = load_stats(hws, tmp_path / "cache", vocabulary)
    assert stats == (0, 1)
    assert not entry.is_symlink()


def test_cache_writes_never_follow_links(hws, tmp_path):
    cache = tmp_path / "cache"
    vocabulary, entry = fill_cache(hws, cache)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    entry.unlink()
    entry.symlink_to(victim)
    (cache / ".gitignore").unlink()
    (cache / ".gitignore").symlink_to(tmp_path / "planted-ignore")
    load_stats(hws, cache, vocabulary)
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert not (tmp_path / "planted-ignore").exists()
    assert not entry.is_symlink()


def test_a_document_name_with_a_nul_character_is_refused(hws):
    path = hws.fixture(replace_line(FIXTURE, "document:", 'document: "decks/deck\\0.txt"'))
    assert_input_error(hws.check(), path, 1, "is not a valid file name")


def test_an_unreadable_directory_in_the_dataset_is_an_error(hws, monkeypatch):
    import auditor.paths as paths_module

    (hws.fx / "locked").mkdir()
    real = os.scandir

    def refuse(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(paths_module.os, "scandir", refuse)  # chmod 000 does not stop root
    assert_input_error(hws.check(), hws.fx / "locked", None, "cannot read directory", "Permission denied")
