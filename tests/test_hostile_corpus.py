"""Hostile and broken input files: each gets plain one-line errors, exit 2, no traceback, quickly.

Every case runs the real command line in a child process with its address space capped at 1 GiB
and a generous timeout, so a hang or a memory blow-up fails the test instead of the machine. The
static corpus lives in ``tests/data/hostile/``; big, deep or special files (FIFOs, links, odd
file names) are made in a temporary directory by :func:`workdir`.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.forkserver import servers

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).parent / "data" / "hostile"
EXAMPLES = Path(__file__).parent.parent / "examples"
TIMEOUT = 60  # seconds; generous: every case takes well under a second
MEMORY_CAP = 1 << 30  # bytes of address space for the child process

# The child caps its own address space before importing anything, then runs `python -m crm_risk`.
# (A preexec_fn would do the same, but is not safe while the cases run in threads.)
_LAUNCH = (
    "import resource, runpy, sys;"
    f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_CAP}, {MEMORY_CAP}));"
    "sys.argv[0] = 'crmrisk';"
    "runpy.run_module('crm_risk', run_name='__main__')"
)


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def _child_env(env: dict[str, str] | None) -> dict[str, str]:
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("CRMRISK_")}
    child_env.update({"NO_COLOR": "1", "COLUMNS": "100", "CRMRISK_LANG": "en"})
    child_env.update(env or {})
    return child_env


def run_cli(
    args: list[str] | list[str | bytes], cwd: Path, env: dict[str, str] | None = None
) -> Run:
    """The command line in a child process; output must decode as UTF-8."""
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCH, *args],
        cwd=cwd,
        env=_child_env(env),
        stdin=subprocess.DEVNULL,  # `assess` reads its answers here: end of input at once
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    return Run(done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8"))


@dataclass(frozen=True)
class Case:
    """One hostile input: the file (as given on the command line) and what must happen."""

    file: str
    expect: str  # must appear in the error output (or, for exit 0, in the output)
    code: int = 2
    command: tuple[str, ...] = ("score",)
    env: dict[str, str] = field(default_factory=dict)
    also_names: tuple[str, ...] = ()  # other files the error lines may name (a broken bank file)
    after: tuple[str, ...] = ()  # arguments after the file

    @property
    def args(self) -> list[str]:
        return [*self.command, self.file, *self.after]

    @property
    def id(self) -> str:
        extra = "+" + ",".join(f"{k}={v}" for k, v in self.env.items()) if self.env else ""
        return f"{' '.join(self.command)}:{self.file}{extra}".replace("\x1b", "ESC")


CASES = [
    # YAML features that could run code, explode, or loop
    Case("alias-bomb.yaml", "more than 200,000 values once aliases are expanded"),
    Case(
        "alias-bomb.yaml",
        "values once aliases are expanded",
        env={"CRMRISK_MAX_ALIASES": "100000"},
    ),
    Case("alias-many.yaml", "more than 100 YAML aliases"),
    Case("alias-recursive.yaml", "recursive data is not allowed"),
    Case("alias-undefined.yaml", "alias *nowhere refers to no anchor"),
    Case("tag-python-apply.yaml", "tag !!python/object/apply:os.system is not allowed"),
    Case("tag-python-name.yaml", "tag !!python/name:os.system is not allowed"),
    Case("tag-python-object-new.yaml", "tag !!python/object/new:subprocess.Popen is not allowed"),
    Case("tag-binary.yaml", "tag !!binary is not allowed"),
    Case("tag-local.yaml", "tag !include is not allowed"),
    Case("tag-set.yaml", "tag !!set is not allowed"),
    Case("merge-key.yaml", "merge keys (<<) are not supported"),
    # keys
    Case("duplicate-key-top.yaml", "duplicate key 'project' (first at line 2)"),
    Case("duplicate-key-answer.yaml", "duplicate key 'sponsor-value' (first at line 4)"),
    Case("duplicate-key.json", "duplicate key 'project'"),
    Case("key-is-a-list.yaml", "a mapping key must be plain text or a number"),
    Case("long-key.yaml", "long-key.yaml:4:"),
    # encodings and bytes
    Case("invalid-utf8.yaml", "not valid UTF-8 (byte 0xe9 at offset 60)"),
    Case("truncated-utf8.yaml", "not valid UTF-8 (byte 0xe5 at offset"),
    Case("utf16-bom.yaml", "is UTF-16 text"),
    Case("utf16-no-bom.yaml", "NUL byte at offset 1"),
    Case("binary-png.yaml", "not a text file: NUL byte at offset 8"),
    Case("nul-in-text.yaml", "NUL byte at offset 86"),
    Case("control-char-raw.yaml", "control-char-raw.yaml:4:44: control character U+0007"),
    Case("surrogate-escape.yaml", "not a Unicode character (a lone surrogate"),
    # empty and wrong top level
    Case("empty.yaml", "the file is empty"),
    Case("whitespace-only.yaml", "the file is empty"),
    Case("comments-only.yaml", "no data, only comments"),
    Case("top-list.yaml", "top-list.yaml:1:1: expected a mapping at the top level, found a list"),
    Case("top-list.json", "expected a mapping at the top level, found a list"),
    Case("top-string.yaml", "expected a mapping at the top level, found text"),
    Case("top-null.yaml", "expected a mapping at the top level, found nothing (null)"),
    Case("top-number.json", "expected a mapping at the top level, found a number"),
    Case("multi-document.yaml", "multi-document.yaml:3:1: expected one document, found another"),
    # broken syntax, truncated files
    Case("truncated-flow.yaml", "truncated-flow.yaml:4:1:"),
    Case(
        "truncated-quote.yaml",
        "truncated-quote.yaml:4:27: the quote opened at line 4, column 27 is never closed",
    ),
    Case(
        "truncated.json",
        "truncated.json:1:80: the quote opened at line 1, column 80 is never closed",
    ),
    Case("tab-indent.yaml", "YAML is indented with spaces, not tabs"),
    Case("bad-indent.yaml", "bad-indent.yaml:6:4:"),
    Case(
        "mapping-in-scalar.yaml",
        "a ':' where YAML does not expect one: put text that contains ': ' in quotes",
    ),
    # well-formed YAML, wrong for the tool
    Case("unknown-question.yaml", "unknown question 'not-a-question' in bank seven-questions"),
    Case(
        "unknown-choice.yaml", "unknown choice 'maybe' for sponsor-value; valid: agreed-in-person"
    ),
    Case("out-of-range.yaml", "150 is out of range 0..100"),
    Case("value-on-choice.yaml", "takes `choice: <id>`"),
    Case("list-for-answer.yaml", "expected a mapping (key: value), found a list"),
    Case("answers-is-list.yaml", "answers: expected a mapping (key: value), found a list"),
    Case(
        "unknown-bank.yaml",
        "unknown bank 'eight-questions'; shipped banks: seven-questions, requirements-research, implementation-practice, strategic-errors, management-system",
    ),
    Case("bank-version.yaml", "written for seven-questions version 0.1, but the bank is version"),
    Case("unknown-field.yaml", "choise: unknown field; an answer has choice, choices, value, note"),
    Case("missing-project.yaml", "project: field required"),
    Case("bool-choice.yaml", "true/false is not a choice id"),
    Case("nan-value.yaml", "expected a finite number"),
    Case("inf-value.yaml", "expected a finite number"),
    Case("huge-number.yaml", "expected a finite number"),
    Case("bank-dev-zero.yaml", "is a device, not a regular file", also_names=("/dev/zero",)),
    Case("bank-missing-file.yaml", "no such file", also_names=("no-such-bank.yaml",)),
    Case("bank-is-itself.yaml", "1:1: an answer file, not a question bank"),
    Case("many-problems.yaml", "unknown crm_kind 'spaceship'"),
    Case(
        "bank-duplicate-ids.yaml",
        "17:9: questions[1].id: duplicate question id 'q1'",
        command=("validate",),
    ),
    Case("bank-duplicate-ids.yaml", "1:1: a question bank, not an answer file"),
    Case("bad-date.yaml", "bad-date.yaml:3:7: date: '2026-02-30' is not a valid date"),
    Case(
        "bad-timestamp.yaml",
        "bad-timestamp.yaml:3:7: date: expected a date such as 2026-11-20, found text",
    ),
    Case("mixed-line-endings-error.yaml", "mixed-line-endings-error.yaml:5:27: answers."),
    # made by `workdir`: big, deep, special
    Case("deep-flow.yaml", "nested more than 64 levels deep"),
    Case("deep-flow-note.yaml", "deep-flow-note.yaml:4:"),
    Case("deep-block.yaml", "nested more than 64 levels deep"),
    Case("deep-note-within-limits.yaml", "note: expected text, found a mapping"),
    Case("too-large.yaml", "file too large: 2,097,152 bytes, the limit is 1,048,576"),
    Case("too-many-values.yaml", "more than 200,000 values (set CRMRISK_MAX_NODES"),
    Case("ten-thousand-answers.yaml", "and 9,900 more problems"),
    Case("ten-thousand-answers.yaml", "unknown question 'q00001'"),
    Case("long-explicit-key.yaml", "kkkkk…"),
    Case("/dev/zero", "is a device, not a regular file"),
    Case("fifo.yaml", "is a named pipe (FIFO), not a regular file"),
    Case("dangling-link.yaml", "is a symbolic link to 'nowhere.yaml', which does not exist"),
    Case("loop-a.yaml", "is a symbolic link that loops back on itself"),
    Case("missing.yaml", "no such file"),
    Case("a-directory", "is a directory, not a file", command=("validate",)),
    Case("a-directory", "is a directory, not a file", command=("report",)),
    Case("empty-directory", "no answer files (*.yaml, *.yml, *.json) in this directory"),
    Case("not-a-dir.yaml/answers.yaml", "no such file (part of the path is a file"),
    Case("\x1b[31mred\x07.yaml", "red␇.yaml: the file is empty"),
    # every command that reads a file goes through the same loader
    Case("deep-flow.yaml", "nested more than 64 levels deep", command=("questions", "--bank")),
    Case("alias-bomb.yaml", "values once aliases are expanded", command=("questions", "--bank")),
    Case("tag-python-apply.yaml", "is not allowed", command=("questions", "--bank")),
    Case("/dev/zero", "is a device, not a regular file", command=("questions", "--bank")),
    Case("fifo.yaml", "is a named pipe (FIFO)", command=("questions", "--bank")),
    Case("alias-bomb.yaml", "values once aliases are expanded", command=("report",)),
    Case("deep-flow-note.yaml", "nested more than 64 levels deep", command=("report",)),
    Case("invalid-utf8.yaml", "not valid UTF-8", command=("report",)),
    Case("unknown-choice.yaml", "unknown choice 'maybe'", command=("report",)),
    Case("deep-block.yaml", "nested more than 64 levels deep", command=("validate",)),
    Case("tag-python-object-new.yaml", "is not allowed", command=("validate",)),
    Case("ten-thousand-answers.yaml", "and 9,900 more problems", command=("validate",)),
    # limits given in the environment
    Case("too-large.yaml", "no data, only comments", env={"CRMRISK_MAX_FILE_BYTES": "3_000_000"}),
    Case(
        "empty.yaml",
        "CRMRISK_MAX_DEPTH: expected a positive whole number",
        env={"CRMRISK_MAX_DEPTH": "lots"},
    ),
    Case("empty.yaml", "CRMRISK_MAX_DEPTH: at most 256", env={"CRMRISK_MAX_DEPTH": "100000"}),
    # accepted: these load, score and render
    Case("ok-bom.yaml", "Corpus", code=0),
    Case("ok.json", "JSON / tabs", code=0),
    Case("ok-trailing-comma.json", "Corpus", code=0),
    Case("ok-mixed-line-endings.yaml", "Corpus", code=0),
    Case("ok-yaml11-words.yaml", "yes on off", code=0),
    Case("ok-unicode.yaml", "客户关系 🚀 مشروع", code=0),
    # On screen a huge note is cut with "[… 123,456 more characters; the markdown and JSON ...]".
    Case("huge-note.yaml", "characters;", code=0),
    Case("note-many-lines.yaml", "characters;", code=0),
    Case("ok-link.yaml", "Harbin Appliance", code=0),
]


# `assess` reads the same files: an answer file to continue (`--resume`) or a bank (`--bank`).
# Every hostile answer file above must stop `assess --resume` before it asks anything, with the
# same error and without touching the file (checked in `test_no_command_changes_the_corpus`).
RESUME_CASES = [
    *(
        Case(
            case.file,
            case.expect,
            command=("assess", "--resume"),
            env=case.env,
            also_names=case.also_names,
        )
        for case in CASES
        if case.command == ("score",) and case.code == 2 and case.file != "empty-directory"
    ),
    # A folder is a room's: one with no answer files has nothing to continue.
    Case(
        "empty-directory",
        "no answer files (*.yaml, *.yml, *.json) to continue",
        command=("assess", "--resume"),
    ),
    Case(
        "a-directory",
        "no answer files (*.yaml, *.yml, *.json) to continue",
        command=("assess", "--resume"),
    ),
]
# Files hostile before any meaning is read (bytes, YAML, size, depth, special files) are just
# as hostile as a bank; an answer file given as a bank, and a bank with duplicate ids, too.
_HOSTILE_AS_ANY_FILE = (
    *("alias-bomb.yaml", "alias-many.yaml", "alias-recursive.yaml", "alias-undefined.yaml"),
    *("tag-python-apply.yaml", "tag-python-name.yaml", "tag-python-object-new.yaml"),
    *("tag-binary.yaml", "tag-local.yaml", "tag-set.yaml", "merge-key.yaml"),
    *("duplicate-key-top.yaml", "duplicate-key-answer.yaml", "duplicate-key.json"),
    *("key-is-a-list.yaml", "invalid-utf8.yaml", "truncated-utf8.yaml", "utf16-bom.yaml"),
    *("utf16-no-bom.yaml", "binary-png.yaml", "nul-in-text.yaml", "control-char-raw.yaml"),
    *("surrogate-escape.yaml", "empty.yaml", "whitespace-only.yaml", "comments-only.yaml"),
    *("top-list.yaml", "top-list.json", "top-string.yaml", "top-null.yaml", "top-number.json"),
    *("multi-document.yaml", "truncated-flow.yaml", "truncated-quote.yaml", "truncated.json"),
    *("tab-indent.yaml", "bad-indent.yaml", "mapping-in-scalar.yaml"),
    *("deep-flow.yaml", "deep-block.yaml", "too-large.yaml"),
    *("too-many-values.yaml", "/dev/zero", "fifo.yaml", "dangling-link.yaml", "loop-a.yaml"),
    *("missing.yaml", "not-a-dir.yaml/answers.yaml", "\x1b[31mred\x07.yaml"),
)
_WHO = ("--project", "P", "--respondent", "R", "--role", "sponsor")
BANK_CASES = [
    Case(case.file, case.expect, command=("assess", "--bank"), after=_WHO)
    for case in CASES
    if case.file in _HOSTILE_AS_ANY_FILE and case.command == ("score",) and not case.env
] + [
    Case(
        "bank-duplicate-ids.yaml",
        "17:9: questions[1].id: duplicate question id 'q1'",
        command=("assess", "--bank"),
        after=_WHO,
    ),
    Case(
        "ok-unicode.yaml",
        "1:1: an answer file, not a question bank (a bank has `questions:`)",
        command=("assess", "--bank"),
        after=_WHO,
    ),
    Case(
        "bad-date.yaml",
        "1:1: an answer file, not a question bank (a bank has `questions:`)",
        command=("assess", "--bank"),
        after=_WHO,
    ),
]
# `score --group` with each hostile answer file among good ones: the group stops, naming it.
GROUP_CASES = [
    Case(
        case.file,
        case.expect,
        command=("score", "--group", "healthy.yaml"),
        also_names=case.also_names,
        after=("ok-unicode.yaml",),
    )
    for case in CASES
    if case.command == ("score",) and case.code == 2 and not case.env
]
ALL_CASES = CASES + RESUME_CASES + BANK_CASES + GROUP_CASES


def _deep_flow(depth: int) -> str:
    return "[" * depth + "]" * depth


def _make_files(root: Path) -> None:
    """The generated part of the corpus, and the special files."""
    head = "bank: seven-questions\nproject: Corpus\n"
    (root / "deep-flow.yaml").write_text(_deep_flow(100_000))
    (root / "deep-flow-note.yaml").write_text(
        head + "answers:\n  sponsor-value: {choice: none, note: " + _deep_flow(100_000) + "}\n"
    )
    block = "".join("  " * level + "a:\n" for level in range(500))
    (root / "deep-block.yaml").write_text(block + "  " * 500 + "b: 1\n")
    nested = "{a: " * 55 + "x" + "}" * 55
    (root / "deep-note-within-limits.yaml").write_text(
        head + "answers:\n  sponsor-value:\n    note: " + nested + "\n"
    )
    (root / "too-large.yaml").write_bytes((b"#" * 1023 + b"\n") * 2048)
    (root / "too-many-values.yaml").write_text(
        head + "answers: [" + ",".join(["0"] * 300_000) + "]\n"
    )
    answers = "".join(f"  q{i:05d}: {{choice: none, note: n}}\n" for i in range(10_000))
    (root / "ten-thousand-answers.yaml").write_text(head + "answers:\n" + answers)
    note = "Huge note. " + "word " * 180_000
    (root / "huge-note.yaml").write_text(
        head.replace("Corpus", "Huge note")
        + f"answers:\n  sponsor-value:\n    choice: none\n    note: {json.dumps(note)}\n"
    )
    lines = "x\\n" * 300_000
    (root / "note-many-lines.yaml").write_text(
        head + f'answers:\n  sponsor-value:\n    choice: none\n    note: "{lines}"\n'
    )
    (root / "long-explicit-key.yaml").write_text(
        head + 'answers:\n  ? "' + "k" * 300_000 + '"\n  : {choice: none}\n'
    )
    os.mkfifo(root / "fifo.yaml")
    (root / "dangling-link.yaml").symlink_to("nowhere.yaml")
    (root / "loop-a.yaml").symlink_to("loop-b.yaml")
    (root / "loop-b.yaml").symlink_to("loop-a.yaml")
    shutil.copy(EXAMPLES / "healthy-service.yaml", root / "healthy.yaml")
    (root / "ok-link.yaml").symlink_to("healthy.yaml")
    (root / "a-directory").mkdir()
    (root / "empty-directory").mkdir()
    (root / "not-a-dir.yaml").write_text(head)
    (root / "\x1b[31mred\x07.yaml").write_text("")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    for item in CORPUS.iterdir():
        shutil.copy(item, root / item.name)
    _make_files(root)
    return root


def _snapshot(root: Path) -> dict[str, bytes | str]:
    """Every entry under ``root``: a regular file's bytes, or what else it is."""
    found: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        mode = path.lstat().st_mode
        if stat.S_ISREG(mode):
            found[str(path.relative_to(root))] = path.read_bytes()
        else:
            kind = "link" if stat.S_ISLNK(mode) else "dir" if stat.S_ISDIR(mode) else "other"
            found[str(path.relative_to(root))] = kind
    return found


@dataclass(frozen=True)
class CorpusRun:
    runs: dict[str, Run]
    before: dict[str, bytes | str]
    after: dict[str, bytes | str]


#: Files whose cost is the point (memory, time, the C parser's stack, devices): each of their
#: cases runs in a process of its own, capped; every other case only checks what the loader says,
#: and runs in this process.
RESOURCE_FILES = frozenset(
    {
        *("alias-bomb.yaml", "alias-many.yaml", "deep-flow.yaml", "deep-flow-note.yaml"),
        *("deep-block.yaml", "too-large.yaml", "too-many-values.yaml", "ten-thousand-answers.yaml"),
        *("huge-note.yaml", "note-many-lines.yaml", "long-explicit-key.yaml", "/dev/zero"),
        "fifo.yaml",
    }
)


def _forked(case: Case) -> bool:
    return case.file in RESOURCE_FILES


def _in_process(case: Case, workdir: Path) -> Run:
    """One case through the command line in this process (its own directory and environment)."""
    from typer.testing import CliRunner

    from crm_risk.cli import app

    env = {k: None for k in os.environ if k.startswith("CRMRISK_")}
    env.update({"NO_COLOR": "1", "COLUMNS": "100", "CRMRISK_LANG": "en", **case.env})
    previous = Path.cwd()
    os.chdir(workdir)
    try:
        result = CliRunner(env=env).invoke(app, case.args, input="")
    finally:
        os.chdir(previous)
    err = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        err += "Traceback (in process): " + repr(result.exception)
    return Run(result.exit_code, result.stdout, err)


@pytest.fixture(scope="module")
def corpus_run(workdir: Path) -> CorpusRun:
    """Every case: resource cases in forked, capped processes, in parallel, while the others run
    here (they only check the loader's messages and exit codes).

    The processes are forked from servers that have imported crmrisk already (see
    :mod:`tests.forkserver`): a case costs milliseconds, not a Python start-up.
    """
    workers = max(2, os.cpu_count() or 2)
    forked = [case for case in ALL_CASES if _forked(case)]

    def run(case: Case) -> Run:
        server = pool.get()
        try:
            return Run(*server.run(case.args, workdir, _child_env(case.env)))
        finally:
            pool.put(server)

    before = _snapshot(workdir)
    with servers(workers, MEMORY_CAP, TIMEOUT) as pool, ThreadPoolExecutor(workers) as threads:
        pending = threads.map(run, forked)
        here = {case.id: _in_process(case, workdir) for case in ALL_CASES if not _forked(case)}
        runs = {**here, **{case.id: r for case, r in zip(forked, pending, strict=True)}}
    after = _snapshot(workdir)
    return CorpusRun(runs, before, after)


def test_resource_cases_run_in_their_own_process() -> None:
    forked = {case.file for case in ALL_CASES if _forked(case)}
    assert forked == RESOURCE_FILES, "every resource file has a case, and runs forked"
    assert len([case for case in ALL_CASES if not _forked(case)]) > len(ALL_CASES) // 2


@pytest.fixture(scope="module")
def results(corpus_run: CorpusRun) -> dict[str, Run]:
    return corpus_run.runs


def test_one_id_is_one_command_line() -> None:
    """Cases may share a run (to check two things in its output), not an id for two runs."""
    seen: dict[str, tuple[list[str], dict[str, str]]] = {}
    for case in ALL_CASES:
        assert seen.setdefault(case.id, (case.args, case.env)) == (case.args, case.env), case.id


def test_no_command_changes_the_corpus(corpus_run: CorpusRun) -> None:
    """Not `assess --resume` of a hostile file, nor `assess --bank` (it writes no answer file)."""
    assert corpus_run.after.keys() == corpus_run.before.keys(), "no file made or removed"
    changed = [name for name, data in corpus_run.after.items() if corpus_run.before[name] != data]
    assert changed == []


def test_the_corpus_is_big_enough() -> None:
    hostile = [case for case in CASES if case.code != 0]
    assert len({case.file for case in hostile}) >= 40
    files_on_disk = {p.name for p in CORPUS.iterdir()}
    assert files_on_disk <= {case.file for case in CASES}, "every corpus file has a case"


def _shown(name: str) -> str:
    """A file name as error lines show it: control characters made visible."""
    from crm_risk.text import clean

    return clean(name, keep_newlines=False)


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda case: case.id)
def test_hostile_input(case: Case, results: dict[str, Run]) -> None:
    result = results[case.id]
    assert result.code == case.code, result.err
    assert "Traceback" not in result.err + result.out
    assert "\x1b" not in result.err + result.out
    if case.code == 0:
        assert case.expect in result.out
        assert result.err == ""
        return
    if case.command[0] == "assess" or "--group" in case.command:
        assert result.out == "", "no question asked, no partial report"
    lines = result.err.splitlines()
    assert lines, "an error must be reported"
    assert case.expect in result.err
    if case.file.startswith("empty.yaml") and case.env:
        return  # a bad setting is a usage error: no file to name
    names = tuple(f"crmrisk: error: {_shown(n)}" for n in (case.file, *case.also_names))
    assert lines[0].startswith(names[0]), lines[0]
    for line in lines:
        assert line.startswith(names), line
        assert line.isprintable(), repr(line)


def test_a_bad_setting_is_one_line_without_a_file(results: dict[str, Run]) -> None:
    result = results[Case("empty.yaml", "", env={"CRMRISK_MAX_DEPTH": "lots"}).id]
    assert result.err == (
        "crmrisk: error: CRMRISK_MAX_DEPTH: expected a positive whole number, not 'lots'\n"
    )


def test_python_tags_are_never_executed(workdir: Path, results: dict[str, Run]) -> None:
    assert results[Case("tag-python-apply.yaml", "").id].code == 2
    assert results[Case("tag-python-object-new.yaml", "").id].code == 2
    assert not (workdir / "PWNED").exists()


def test_ten_thousand_answers_are_summed_up_not_flooded(results: dict[str, Run]) -> None:
    lines = results[Case("ten-thousand-answers.yaml", "").id].err.splitlines()
    assert len(lines) == 101
    assert lines[-1] == (
        "crmrisk: error: ten-thousand-answers.yaml: ... and 9,900 more problems "
        "(fix the ones above first)"
    )


def test_every_problem_in_a_file_is_reported(results: dict[str, Run]) -> None:
    lines = results[Case("many-problems.yaml", "").id].err.splitlines()
    assert lines == [
        "crmrisk: error: many-problems.yaml:3:7: date: expected a date such as 2026-11-20, found text",
        "crmrisk: error: many-problems.yaml:4:20: respondent.name: String should have at least 1 character",
        "crmrisk: error: many-problems.yaml:4:30: respondent.role: must be one of 'sponsor', "
        "'project-lead', 'frontline', 'line-manager', 'operations', 'consultant' or 'other'",
        "crmrisk: error: many-problems.yaml:5:21: context.crm_kind: unknown crm_kind 'spaceship'; "
        "valid: after-sales-service, key-account-sales, other",
        "crmrisk: error: many-problems.yaml:7:3: answers.nope: unknown question 'nope' in bank "
        "seven-questions; questions: sponsor-value, core-value, frontline-benefit, "
        "budget-for-delivery, frontline-can-work-without, managers-can-manage-without, "
        "operations-team-weak",
        "crmrisk: error: many-problems.yaml:8:27: answers.sponsor-value.choice: unknown choice "
        "'maybe' for sponsor-value; valid: agreed-in-person, approved-unheard, assumed, none, unknown",
        "crmrisk: error: many-problems.yaml:9:32: answers.budget-for-delivery.value: 101 is out of "
        "range 0..100",
        "crmrisk: error: many-problems.yaml:10:15: answers.core-value: expected a mapping "
        "(key: value), found a list",
    ]


def test_batch_score_scores_every_good_file_and_lists_every_bad_one(workdir: Path) -> None:
    bad = sorted(p.name for p in CORPUS.iterdir() if not p.name.startswith("ok"))
    good = ["healthy.yaml", "ok-unicode.yaml", "ok.json"]
    result = run_cli(["score", "--format", "json", *good, *bad, "fifo.yaml"], workdir)
    assert result.code == 2
    assert "Traceback" not in result.err
    document = json.loads(result.out)
    assert sorted(a["file"] for a in document["assessments"]) == sorted(good)
    for name in [*bad, "fifo.yaml"]:
        assert f"crmrisk: error: {name}:" in result.err or f"crmrisk: error: {name} " in result.err
    for line in result.err.splitlines():
        assert line.startswith("crmrisk: error: "), line
    assert document["errors"] == [
        line.removeprefix("crmrisk: error: ") for line in result.err.splitlines()
    ]


def test_validate_reports_each_file_and_goes_on(workdir: Path) -> None:
    names = sorted(p.name for p in CORPUS.iterdir())
    result = run_cli(["validate", *names], workdir)
    assert result.code == 2
    assert "Traceback" not in result.err
    for name in names:
        if name.startswith("ok"):
            assert f"{name}: valid answers for seven-questions" in result.out
        else:
            assert f"crmrisk: error: {name}" in result.err


def test_a_file_name_that_is_not_utf8_is_shown_safely(workdir: Path) -> None:
    name = b"caf\xe9.yaml"
    _touch_bytes(workdir, name)
    result = run_cli(["score", name], workdir)
    assert result.code == 2
    assert result.err == "crmrisk: error: caf\ufffd.yaml: the file is empty\n"


def _touch_bytes(folder: Path, name: bytes) -> None:
    with open(os.path.join(os.fsencode(folder), name), "wb"):  # noqa: PTH118,PTH123
        pass


def test_debug_shows_the_traceback_on_request(workdir: Path) -> None:
    result = run_cli(["--debug", "report", "top-list.yaml"], workdir)
    assert result.code == 2
    assert "Traceback" in result.err
    assert result.err.rstrip().endswith(
        "crmrisk: error: top-list.yaml:1:1: expected a mapping at the top level, found a list"
    )


def test_a_huge_note_is_cut_on_screen_only(workdir: Path) -> None:
    """The markdown and JSON reports keep the whole note; only the screen shows a part."""
    for name, piece, count in (
        ("note-many-lines.yaml", "x", 300_000),
        ("huge-note.yaml", "word", 180_000),
    ):
        markdown = run_cli(["score", "--format", "markdown", name], workdir)
        assert markdown.code == 0, markdown.err
        assert markdown.out.count(piece + ("<br>" if piece == "x" else "")) >= count - 1
        document = json.loads(run_cli(["score", "--format", "json", name], workdir).out)
        note = document["assessments"][0]["questions"][0]["note"]
        assert note.count(piece) == count


def test_a_bank_file_gets_every_duplicate_named_where_it_repeats(results: dict[str, Run]) -> None:
    result = results[Case("bank-duplicate-ids.yaml", "", command=("validate",)).id]
    assert result.err.splitlines() == [
        "crmrisk: error: bank-duplicate-ids.yaml:7:10: phases[1].id: duplicate phase id 'p'",
        "crmrisk: error: bank-duplicate-ids.yaml:17:9: questions[1].id: duplicate question id 'q1'",
        "crmrisk: error: bank-duplicate-ids.yaml:23:14: questions[1].choices[1].id: "
        "duplicate choice id 'a'",
    ]


def test_a_huge_key_does_not_flood_the_screen(results: dict[str, Run]) -> None:
    lines = results[Case("long-explicit-key.yaml", "").id].err.splitlines()
    assert len(lines) == 1
    assert len(lines[0]) < 1100
    assert lines[0].startswith("crmrisk: error: long-explicit-key.yaml:4:5: answers.kkkk")
    assert lines[0].endswith("k…")


@pytest.mark.parametrize(
    "env",
    [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}],
    ids=["PYTHONIOENCODING=ascii", "LC_ALL=C"],
)
def test_a_terminal_without_utf8_gets_escapes_not_a_traceback(
    workdir: Path, env: dict[str, str]
) -> None:
    half = str(EXAMPLES / "half-answered.yaml")
    table = run_cli(["score", half, "--lang", "zh"], workdir, env)
    assert table.code == 0, table.err
    assert table.out.isascii() and table.err == ""
    assert "\\u9752\\u79be\\u533b\\u7597 CRM" in table.out  # 青禾医疗 CRM
    document = run_cli(["score", "--format", "json", "ok-unicode.yaml"], workdir, env)
    assert document.code == 0, document.err
    assessment = json.loads(document.out)["assessments"][0]
    assert assessment["project"] == "客户关系 🚀 مشروع"
    assert assessment["respondent"]["name"] == "周敏 👩‍💼"
    error = run_cli(["score", "--lang", "zh", "缺.yaml"], workdir, env)
    assert error.code == 2
    assert error.err.isascii() and "Traceback" not in error.err
    assert error.err.startswith("crmrisk: error: \\u7f3a.yaml: ")


@pytest.mark.parametrize(
    "row",
    [
        (0, ["assess", "--resume", "alias-bomb.yaml"], 2, "crmrisk: error: alias-bomb.yaml:9:12: "),
        (0, ["assess", "--bank", "deep-flow.yaml", "--project", "P"], 2, "crmrisk: error: deep-"),
        (
            0,
            ["assess", "--out", "closed.yaml", *_WHO, "--context", "crm_kind=other"],
            0,
            "closed.yaml: 0 of 7 questions answered",
        ),
        (1, ["score", "--format", "json", "healthy.yaml"], 0, ""),
        (1, ["validate", "healthy.yaml"], 0, ""),
        (2, ["score", "missing.yaml"], 2, None),
    ],
    ids=str,
)
def test_a_closed_standard_stream_is_not_a_traceback(
    workdir: Path, tmp_path: Path, row: tuple[int, list[str], int, str | None]
) -> None:
    """`crmrisk assess ... <&-`: standard input closed reads as empty; closed output, as /dev/null."""
    closed, args, code, err = row
    args = [str(tmp_path / arg) if arg == "closed.yaml" else arg for arg in args]  # not the corpus
    close = {0: "<&-", 1: ">&-", 2: "2>&-"}[closed]  # as a shell does: closed before Python starts
    done = subprocess.run(
        ["/bin/sh", "-c", f'exec "$0" "$@" {close}', sys.executable, "-c", _LAUNCH, *args],
        cwd=workdir,
        env=_child_env(None),
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == code
    if err is not None:
        assert err in done.stderr.decode("utf-8")
        assert "Traceback" not in done.stderr.decode("utf-8")
    if closed == 1:
        assert done.stdout == b""
