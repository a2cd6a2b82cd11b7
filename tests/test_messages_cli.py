"""Errors in Chinese through the real command line: the hostile corpus, the YAML mistakes, the
bank rules and the command line's own errors, each run in English and in Chinese. The Chinese run
must exit the same way, print as many lines, keep ``crmrisk: error: `` and each line's
``FILE:LINE:COL`` exactly, and say the rest in Chinese: no English left once the values put into
the messages (file names, ids, the system's own words) are taken out. Then the issue's own
commands, in a real process and environment."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from crm_risk import msg
from crm_risk.cli import app
from crm_risk.text import clean
from tests.forkserver import servers
from tests.test_bank_validation import BASE
from tests.test_bank_validation import CASES as BANK_RULES
from tests.test_hostile_corpus import CASES as HOSTILE
from tests.test_hostile_corpus import (
    CORPUS,
    MEMORY_CAP,
    RESOURCE_FILES,
    RESUME_CASES,
    TIMEOUT,
    Case,
    _child_env,
    _make_files,
)
from tests.test_messages import CJK, english_words
from tests.test_yaml_mistakes import CASES as YAML_MISTAKES

pytestmark = pytest.mark.slow

Cli = Callable[..., Any]
PREFIX = "crmrisk: error: "
#: ``crmrisk: error: FILE:LINE:COL: `` (or ``FILE: ``) of an English line.
LOCATION = re.compile(r"crmrisk: error: (.*?(?::\d+:\d+)?): ")


@pytest.fixture
def values(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every value put into a message while the test runs, as it was put in."""
    seen: list[str] = []
    real = msg.field_text

    def record(value: object, conversion: str | None, spec: str, words: Any) -> str:
        text = real(value, conversion, spec, words)
        if not isinstance(value, msg.Msg):
            seen.append(text)
        return text

    monkeypatch.setattr(msg, "field_text", record)
    return seen


def _is_location(where: str, names: set[str]) -> bool:
    file_like = " " not in where and ("." in where or "/" in where)
    return bool(re.search(r":\d+:\d+$", where)) or where in names or file_like


def assert_said_in_chinese(
    english: tuple[int, str], chinese: tuple[int, str], values: list[str], names: Iterable[str]
) -> None:
    """The Chinese run fails as the English did, line for line, in Chinese."""
    assert chinese[0] == english[0]
    en_lines, zh_lines = english[1].splitlines(), chinese[1].splitlines()
    assert len(zh_lines) == len(en_lines) > 0, chinese[1]
    known = {shown for name in names for shown in (name, clean(name, keep_newlines=False))}
    data = sorted({*values, *known}, key=len, reverse=True)
    for en, zh in zip(en_lines, zh_lines, strict=True):
        assert en != zh
        assert zh.startswith(PREFIX), zh
        rest = zh.removeprefix(PREFIX)
        found = LOCATION.match(en)
        if found is not None and _is_location(found[1], known):
            assert zh.startswith(f"{PREFIX}{found[1]}: "), (en, zh)
            rest = zh.removeprefix(f"{PREFIX}{found[1]}: ")
        for value in data:
            if value.strip():
                rest = rest.replace(value, " ")
        assert CJK.search(rest), (en, zh)
        assert english_words(rest) == [], (en, zh)


# ---------------------------------------------------------------------------------------------
# The hostile corpus, in its own folder (the cases name files relative to it)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-zh")
    for item in CORPUS.iterdir():
        shutil.copy(item, root / item.name)
    _make_files(root)
    return root


def _run_in(folder: Path, args: list[str], env: dict[str, str]) -> tuple[int, str]:
    clean_env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("CRMRISK_")}
    clean_env.update({"NO_COLOR": "1", "COLUMNS": "100", **env})
    previous = Path.cwd()
    os.chdir(folder)
    try:
        result = CliRunner(env=clean_env).invoke(app, args, input="")
    finally:
        os.chdir(previous)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stderr


def _in_chinese(args: list[str], env: dict[str, str], by_env: bool) -> tuple[list[str], dict]:
    """The same command line in Chinese: ``--lang zh`` after the command, or ``CRMRISK_LANG``."""
    if by_env:
        return args, {**env, "CRMRISK_LANG": "zh"}
    return [args[0], "--lang", "zh", *args[1:]], env


def _hostile() -> Iterator[Any]:
    cases = [c for c in [*HOSTILE, *RESUME_CASES] if c.code == 2 and c.file not in RESOURCE_FILES]
    for index, case in enumerate(cases):
        yield pytest.param(case, index % 2 == 1, id=case.id)


@pytest.mark.parametrize(("case", "by_env"), list(_hostile()))
def test_hostile_input_is_refused_in_chinese(
    corpus: Path, values: list[str], case: Case, by_env: bool
) -> None:
    english = _run_in(corpus, case.args, {"CRMRISK_LANG": "en", **case.env})
    assert case.expect in english[1]  # the case still says what it said
    values.clear()
    args, env = _in_chinese(case.args, case.env, by_env)
    chinese = _run_in(corpus, args, env)
    assert_said_in_chinese(english, chinese, values, [case.file, *case.also_names])


#: The files whose cost is the point (the long key's message is cut before its words).
COSTLY = [
    c
    for c in HOSTILE
    if c.code == 2
    and c.file in RESOURCE_FILES
    and c.command == ("score",)
    and c.file != "long-explicit-key.yaml"
]


def test_a_costly_file_is_refused_in_chinese(corpus: Path) -> None:
    """Each in a capped process of its own, as the corpus runs them (in parallel). No values are
    recorded there: the check takes out the file's name and the English run's numbers, names and
    variables (words of letters alone are not taken out: they would be the English template's)."""
    runs = [
        (case, env) for case in COSTLY for env in (case.env, {**case.env, "CRMRISK_LANG": "zh"})
    ]

    def run(one: tuple[Case, dict[str, str]]) -> tuple[int, str, str]:
        server = pool.get()
        try:
            return server.run(one[0].args, corpus, _child_env(one[1]))
        finally:
            pool.put(server)

    with servers(4, MEMORY_CAP, TIMEOUT) as pool, ThreadPoolExecutor(4) as threads:
        done = list(threads.map(run, runs))
    for index, case in enumerate(COSTLY):
        (en_code, _en_out, english), (zh_code, _zh_out, chinese) = done[2 * index : 2 * index + 2]
        assert case.expect in english
        data = re.findall(r"[\w/*&.-]*[\d_/*&.-][\w/*&.-]*", english.removeprefix(PREFIX))
        assert_said_in_chinese((en_code, english), (zh_code, chinese), [], [case.file, *data])


def test_the_corpus_covers_many_kinds_of_error() -> None:
    kinds = {case.expect for case, _by_env in (p.values for p in _hostile())}
    assert len(kinds) >= 50


# ---------------------------------------------------------------------------------------------
# YAML mistakes and bank rules


@pytest.mark.parametrize("name", YAML_MISTAKES)
def test_a_yaml_mistake_is_named_in_chinese(
    cli: Cli, tmp_path: Path, values: list[str], name: str
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(YAML_MISTAKES[name][0], encoding="utf-8")
    english = cli("score", path)
    values.clear()
    chinese = cli("score", "--lang", "zh", path)
    assert_said_in_chinese(
        (english.exit_code, english.stderr),
        (chinese.exit_code, chinese.stderr),
        values,
        [str(path)],
    )


@pytest.mark.parametrize(
    ("edit", "expected"), [p.values for p in BANK_RULES], ids=[p.id for p in BANK_RULES]
)
def test_a_bank_rule_is_refused_in_chinese(
    cli: Cli, tmp_path: Path, values: list[str], edit: tuple[str, str], expected: str
) -> None:
    old, new = edit
    path = tmp_path / "bank.yaml"
    path.write_text(BASE.replace(old, new), encoding="utf-8")
    english = cli("validate", path)
    assert expected.format(f=path) in english.stderr
    values.clear()
    chinese = cli("validate", path, env={"CRMRISK_LANG": "zh"})
    assert_said_in_chinese(
        (english.exit_code, english.stderr),
        (chinese.exit_code, chinese.stderr),
        values,
        [str(path)],
    )


# ---------------------------------------------------------------------------------------------
# The command line's own errors

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
HEALTHY = EXAMPLES / "healthy-service.yaml"
RISKY = EXAMPLES / "high-risk-key-account.yaml"
BANK_FILE = (
    Path(__file__).resolve().parent.parent / "crm_risk" / "questions" / "seven-questions.yaml"
)
COMMAND_LINES = {
    "missing argument": ["score"],
    "no such option": ["score", "--nope", str(HEALTHY)],
    "no such command, did you mean": ["scor", str(HEALTHY)],
    "invalid choice": ["score", "--format", "pdf", str(HEALTHY)],
    "not an integer": ["score", "--jobs", "x", str(HEALTHY)],
    "below the minimum": ["score", "--jobs", "0", str(HEALTHY)],
    "extra argument": ["schema", "bank", "extra"],
    "option without its value": ["score", str(HEALTHY), "--bank"],
    "option that takes no value": ["score", "--names=1", str(HEALTHY)],
    "unknown --fail-on grade": ["score", str(HEALTHY), "--fail-on", "severe"],
    "unknown bank": ["questions", "--bank", "nine-questions"],
    "a bank given twice": ["questions", "--bank", "seven-questions", "--bank", str(BANK_FILE)],
    "report of two files": ["report", str(HEALTHY), str(RISKY)],
    "compare of one file": ["compare", str(HEALTHY)],
    "compare of two projects": ["compare", str(HEALTHY), str(RISKY)],
    "group of two projects": ["score", "--group", str(HEALTHY), str(RISKY)],
    "unknown schema": ["schema", "report"],
    "unknown context option": [
        "assess", "--project", "P", "--respondent", "R", "--role", "sponsor",
        "--context", "crm_kind=spaceship",
    ],
    "--bank that is not the answers' bank": ["score", str(HEALTHY), "--bank", "requirements-research"],
}  # fmt: skip


@pytest.mark.parametrize("name", COMMAND_LINES)
def test_a_command_line_mistake_is_said_in_chinese(cli: Cli, values: list[str], name: str) -> None:
    args = COMMAND_LINES[name]
    english = cli(*args, input="")
    assert english.exit_code == 2, english.stderr
    values.clear()
    chinese = cli(*args, input="", env={"CRMRISK_LANG": "zh"})
    given = [a for a in args[1:] if not a.startswith("-")]
    assert_said_in_chinese(
        (english.exit_code, english.stderr), (chinese.exit_code, chinese.stderr), values, given
    )


def test_a_report_that_exists_is_not_replaced_said_in_chinese(
    cli: Cli, tmp_path: Path, values: list[str]
) -> None:
    out = tmp_path / "report.md"
    out.write_text("keep\n", encoding="utf-8")
    english = cli("report", HEALTHY, "-o", out)
    values.clear()
    chinese = cli("report", "--lang", "zh", HEALTHY, "-o", out)
    assert chinese.stderr == f"{PREFIX}{out}: 已存在；如要覆盖，请加 --force\n"
    assert_said_in_chinese(
        (english.exit_code, english.stderr), (chinese.exit_code, chinese.stderr), values, [str(out)]
    )
    assert out.read_text(encoding="utf-8") == "keep\n"


def test_notices_are_said_in_chinese(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    assert cli("report", "--lang", "zh", HEALTHY, "-o", out).stderr == f"crmrisk: 已写入 {out}\n"
    reached = cli("score", RISKY, "--fail-on", "high", "--lang", "zh")
    assert reached.exit_code == 1
    assert reached.stderr == f"crmrisk: --fail-on high：有 1 个文件达到该等级：{RISKY} (critical)\n"


def test_a_usage_error_in_the_language_option_itself(cli: Cli) -> None:
    """``--lang`` that is not a language: the environment's language says so."""
    result = cli("score", "--lang", "xx", str(HEALTHY), env={"CRMRISK_LANG": "zh"})
    assert result.stderr == (
        f"{PREFIX}'--lang' 的值无效：'xx' 不是可选的值（'zh', 'zh-Hans', 'zh-Hant', 'en'）之一"
        "（用法见 'crmrisk score --help'）\n"
    )
    # A --lang given later still speaks for an error found before it (click reads it all).
    early = cli("score", "--nope", "--lang=zh", str(HEALTHY))
    assert early.stderr.startswith(f"{PREFIX}没有这个选项：--nope")
    # An unrecognised click message stays English, its tail too.
    assert "(see '" in cli("score", "--lang", "xx", str(HEALTHY)).stderr


def test_json_and_junit_failures_are_in_the_reports_language(cli: Cli, tmp_path: Path) -> None:
    import json

    bad = tmp_path / "bad.yaml"
    bad.write_text("bank: seven-questions\nproject: X\nanswers:\n  core-value: {choice: maybe}\n")
    english = json.loads(cli("score", HEALTHY, bad, "--format", "json").stdout)
    chinese = json.loads(cli("score", "--lang", "zh", HEALTHY, bad, "--format", "json").stdout)
    assert english["errors"] == [
        f"{bad}:4:24: answers.core-value.choice: unknown choice 'maybe' for core-value; valid: "
        "one-focused, few-priorities, full-blueprint, none, unknown"
    ]
    assert chinese["errors"] == [
        f"{bad}:4:24: answers.core-value.choice：问题 core-value 没有 'maybe' 这个选项；可选："
        "one-focused, few-priorities, full-blueprint, none, unknown"
    ]
    junit = cli("score", "--lang", "zh", HEALTHY, bad, "--format", "junit").stdout
    assert "没有 'maybe' 这个选项" in junit


# ---------------------------------------------------------------------------------------------
# The issue's own commands, in a real process with a real environment


def _crmrisk() -> list[str]:
    script = shutil.which("crmrisk", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "crm_risk"]


def _real(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CRMRISK_", "LC_")) and k not in ("LANG", "LANGUAGE")
    }
    return subprocess.run(
        [*_crmrisk(), *args],
        cwd=cwd,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


FULL_WIDTH = "bank: seven-questions\nproject: P\nanswers：\n  core-value: {choice: one-focused}\n"


def test_done_when_a_missing_file_in_chinese(tmp_path: Path) -> None:
    done = _real(["score", "missing.yaml"], tmp_path, {"CRMRISK_LANG": "zh"})
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "",
        "crmrisk: error: missing.yaml: 文件不存在\n",
    )


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["score", "--lang", "zh", "answers.yaml"], {}),
        (["score", "answers.yaml"], {"CRMRISK_LANG": "zh"}),
    ],
    ids=["--lang zh", "CRMRISK_LANG=zh"],
)
def test_done_when_a_full_width_colon_in_chinese(
    tmp_path: Path, args: list[str], env: dict[str, str]
) -> None:
    (tmp_path / "answers.yaml").write_text(FULL_WIDTH, encoding="utf-8")
    done = _real(args, tmp_path, env)
    assert (done.returncode, done.stderr) == (
        2,
        "crmrisk: error: answers.yaml:3:8: 'answers' 后面用了全角冒号（：）：YAML 要用半角冒号加"
        "一个空格（answers: ...）\n",
    )


@pytest.mark.parametrize(
    ("args", "env"),
    [(["score", "--lang", "zh-Hant"], {}), (["score"], {"LANG": "zh_TW.UTF-8"})],
    ids=["--lang zh-Hant", "LANG=zh_TW.UTF-8"],
)
def test_traditional_chinese(tmp_path: Path, args: list[str], env: dict[str, str]) -> None:
    (tmp_path / "answers.yaml").write_text(FULL_WIDTH, encoding="utf-8")
    done = _real([*args, "answers.yaml", "missing.yaml"], tmp_path, env)
    assert (done.returncode, done.stderr) == (
        2,
        "crmrisk: error: answers.yaml:3:8: 'answers' 後面用了全角冒號（：）：YAML 要用半角冒號加"
        "一個空格（answers: ...）\n"
        "crmrisk: error: missing.yaml: 檔案不存在\n",
    )


def test_english_is_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "answers.yaml").write_text(FULL_WIDTH, encoding="utf-8")
    done = _real(["score", "answers.yaml", "missing.yaml"], tmp_path, {"LANG": "C.UTF-8"})
    assert done.stderr == (
        "crmrisk: error: answers.yaml:3:8: a full-width colon (：) after 'answers': YAML needs an "
        "ASCII colon and a space (answers: ...)\n"
        "crmrisk: error: missing.yaml: no such file\n"
    )
