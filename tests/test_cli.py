"""The command line: commands, formats, exit codes, languages, colour and width."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from rich.cells import cell_len

from crm_risk import __version__
from tests.conftest import EXAMPLES, REPO, highest_answers, lowest_answers

HEALTHY = EXAMPLES / "healthy-service.yaml"
RISKY = EXAMPLES / "high-risk-key-account.yaml"
HALF = EXAMPLES / "half-answered.yaml"
ANSI = re.compile(r"\x1b\[")


def test_version(cli: Callable[..., Any]) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"crmrisk {__version__}\n"


def test_score_one_file_prints_the_full_report(cli: Callable[..., Any]) -> None:
    result = cli("score", RISKY)
    assert result.exit_code == 0
    out = result.stdout
    assert "Northwind key-account sales CRM" in out
    assert "Chen Jie (consultant)" in out
    assert out.count("Critical") >= 3  # both phases and the overall grade
    assert "Findings and advice" in out
    assert "Note: Sales operations is one" in out  # notes are shown, labelled
    assert "Key-account sales CRMs are harder to keep in use" in out  # crm_kind explanation
    assert not ANSI.search(out)  # not a terminal: no colour codes


def test_score_several_files_prints_a_summary_worst_first(cli: Callable[..., Any]) -> None:
    result = cli("score", HEALTHY, HALF, RISKY)
    assert result.exit_code == 0
    out = result.stdout
    order = [out.index(name) for name in ("Northwind", "青禾医疗", "Harbin Appliance")]
    assert order == sorted(order)
    assert "Answers" not in out and "Advice" not in out  # a summary, not three reports


def test_score_a_directory_finds_every_answer_file(cli: Callable[..., Any]) -> None:
    result = cli("score", EXAMPLES, "--format", "json")
    assert result.exit_code == 0
    files = sorted(Path(a["file"]).name for a in json.loads(result.stdout)["assessments"])
    assert files == sorted(p.name for p in EXAMPLES.rglob("*.yaml"))


ASSESSMENT_KEYS = {
    "file",
    "project",
    "respondent",
    "date",
    "context",
    "overall",
    "sections",
    # a single-bank file also has its one section's keys at the top level, as before sections
    "bank",
    "bank_version",
    "phases",
    "findings",
    "unanswered",
    "unknown",
    "skipped",
    "questions",
}
SECTION_KEYS = {
    "bank",
    "bank_version",
    "title",
    "overall",
    "phases",
    "findings",
    "unanswered",
    "unknown",
    "skipped",
    "questions",
    "migrated",
}
PHASE_KEYS = {
    "id",
    "title",
    "grade",
    "score",
    "red_flag",
    "lifted_by",
    "answered",
    "unknown",
    "not_applicable",
    "skipped",
    "total",
}
FINDING_KEYS = {"question", "number", "phase", "status", "risk", "severity", "red_flag", "advice"}
QUESTION_KEYS = {
    "id",
    "number",
    "phase",
    "status",
    "choices",
    "value",
    "answer",
    "risk",
    "red_flag",
    "floor",
    "note",
    "reason",
}


def test_score_json_contract(cli: Callable[..., Any]) -> None:
    result = cli("score", RISKY, HEALTHY, "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert set(document) == {"crmrisk", "lang", "assessments"}
    first = document["assessments"][0]
    assert set(first) == ASSESSMENT_KEYS
    (section,) = first["sections"]
    assert set(section) == SECTION_KEYS
    shared = ("bank", "bank_version", "phases", "findings", "unanswered", "unknown", "skipped")
    for key in (*shared, "questions"):
        assert first[key] == section[key], key
    assert all(set(p) == PHASE_KEYS for p in first["phases"])
    assert all(set(f) == FINDING_KEYS for f in first["findings"])
    assert all(set(q) == QUESTION_KEYS for q in first["questions"])
    assert set(first["overall"]) == {"grade", "score", "bank"}
    assert first["file"] == str(RISKY)
    assert first["bank"] == "seven-questions"
    assert first["respondent"] == {"name": "Chen Jie", "role": "consultant"}
    assert first["overall"] == {"grade": "critical", "score": 1.0, "bank": "seven-questions"}
    assert [(p["id"], p["grade"]) for p in first["phases"]] == [
        ("initiation-delivery", "critical"),
        ("usage", "critical"),
    ]
    finding = first["findings"][0]
    assert isinstance(finding["advice"], str) and finding["advice"]
    assert first["unanswered"] == []
    assert [q["number"] for q in first["questions"]] == [1, 2, 3, 4, 5, 6, 7]
    assert document["assessments"][1]["overall"]["grade"] == "low"


@pytest.mark.parametrize(
    ("threshold", "files", "code"),
    [
        ("high", [RISKY], 1),
        ("critical", [RISKY], 1),
        ("high", [HEALTHY], 0),
        ("medium", [HEALTHY], 0),
        ("low", [HEALTHY], 1),
        ("critical", [HEALTHY, RISKY], 1),
    ],
)
def test_fail_on(cli: Callable[..., Any], threshold: str, files: list[Path], code: int) -> None:
    result = cli("score", *files, "--fail-on", threshold, "--format", "json")
    assert result.exit_code == code
    assert json.loads(result.stdout)["assessments"]  # the results are printed either way


def test_fail_on_an_unknown_grade_is_bad_usage(cli: Callable[..., Any]) -> None:
    result = cli("score", HEALTHY, "--fail-on", "severe")
    assert result.exit_code == 2
    assert result.stderr == (
        "crmrisk: error: --fail-on: unknown grade 'severe' for bank seven-questions; "
        "grades: low, medium, high, critical\n"
    )


def test_a_bad_file_in_a_batch_does_not_stop_the_others(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "bank: seven-questions\nproject: X\nanswers:\n  core-value: {choice: maybe}\n",
        encoding="utf-8",
    )
    result = cli("score", HEALTHY, bad, RISKY, "--format", "json")
    assert result.exit_code == 2
    projects = [a["project"] for a in json.loads(result.stdout)["assessments"]]
    assert projects == [
        "Harbin Appliance after-sales service CRM",
        "Northwind key-account sales CRM",
    ]
    assert result.stderr.startswith(
        f"crmrisk: error: {bad}:4:24: answers.core-value.choice: unknown choice"
    )
    table = cli("score", HEALTHY, bad)
    assert table.exit_code == 2
    assert "Harbin Appliance" in table.stdout


def test_missing_file_and_empty_directory(cli: Callable[..., Any], tmp_path: Path) -> None:
    result = cli("score", tmp_path / "nope.yaml")
    assert (result.exit_code, result.stderr) == (
        2,
        f"crmrisk: error: {tmp_path / 'nope.yaml'}: no such file\n",
    )
    result = cli("score", tmp_path)
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"crmrisk: error: {tmp_path}: no answer files (*.yaml, *.yml, *.json) in this directory\n"
    )


def test_score_markdown_for_one_and_several(cli: Callable[..., Any]) -> None:
    one = cli("score", HEALTHY, "--format", "markdown")
    assert one.exit_code == 0
    assert one.stdout == cli("report", HEALTHY).stdout
    several = cli("score", HEALTHY, RISKY, "--format", "markdown")
    assert several.stdout.startswith("# Assessments\n")
    assert several.stdout.index("Northwind") < several.stdout.index("Harbin")


def test_report_writes_the_file_and_never_overwrites_without_force(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    target = tmp_path / "report.md"
    first = cli("report", HEALTHY, "-o", target)
    assert first.exit_code == 0
    written = target.read_text(encoding="utf-8")
    assert written == cli("report", HEALTHY).stdout
    for heading in (
        "# CRM project risk report",
        "## Summary",
        "## Risk by phase",
        "## Answers",
        "## Findings and advice",
        "## Action register",
    ):
        assert heading in written
    again = cli("report", RISKY, "-o", target)
    assert again.exit_code == 2
    assert (
        again.stderr == f"crmrisk: error: {target}: already exists; use --force to overwrite it\n"
    )
    assert target.read_text(encoding="utf-8") == written
    forced = cli("report", RISKY, "-o", target, "--force")
    assert forced.exit_code == 0
    assert "Northwind" in target.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]  # no temporary files left


def test_report_contains_everything_a_consultant_sends(cli: Callable[..., Any]) -> None:
    text = cli("report", HALF, "--lang", "en").stdout
    for expected in (
        "青禾医疗 CRM 一期",  # project
        "王磊 (sponsor)",  # respondent and role
        "2026-11-21",  # date
        "(seven-questions 1.1)",  # bank and version
        "| Initiation & delivery | **High** | 0.60 | 2/4 |",  # phase, grade, score
        "与总经理当面谈过，方向一致，还没有写成书面目标。",  # a note
        "## Open questions",
        "(*we don't know*)",
        "## Kind of CRM: Other",
    ):
        assert expected in text, expected


def test_validate_reports_kind_of_each_file(cli: Callable[..., Any]) -> None:
    bank_file = REPO / "questions" / "seven-questions.yaml"
    result = cli("validate", bank_file, HEALTHY)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{bank_file}: valid bank seven-questions 1.1",
        f"{HEALTHY}: valid answers for seven-questions",
    ]


def test_validate_neither_kind(cli: Callable[..., Any], tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("name: hello\n", encoding="utf-8")
    result = cli("validate", path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"crmrisk: error: {path}:1:1: neither a bank (no `questions:`) nor an answer file (no `answers:`)\n"
    )


def test_questions_json_contract(cli: Callable[..., Any], bank: Any) -> None:
    result = cli("questions", "--format", "json", "--lang", "zh")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert set(document) == {"bank", "phases", "grades", "questions"}
    assert document["bank"] == {
        "id": "seven-questions",
        "version": "1.1",
        "title": bank.title["zh"],
    }
    assert [p["id"] for p in document["phases"]] == ["initiation-delivery", "usage"]
    assert document["grades"] == ["low", "medium", "high", "critical"]
    assert len(document["questions"]) == 7
    for item in document["questions"]:
        assert {"id", "phase", "type", "text", "weight"} <= set(item)
        if item["type"] == "number":
            assert (item["min"], item["max"]) == (0, 100)
        else:
            assert all({"id", "label", "risk"} <= set(c) for c in item["choices"])
    assert document["questions"][0]["text"] == bank.questions[0].text["zh"]


def test_questions_markdown_and_table_list_every_question(
    cli: Callable[..., Any], bank: Any
) -> None:
    markdown = cli("questions", "--format", "markdown").stdout
    table = cli("questions").stdout
    flat = re.sub(r"\s+", "", table)  # wrapped lines joined back
    for question in bank.questions:
        assert question.text["en"] in markdown
        assert re.sub(r"\s+", "", question.text["en"]) in flat
        for choice in question.choices or ():
            assert re.sub(r"\s+", "", choice.label["en"]) in flat
    assert markdown.count("☐ we don't know") == 7
    for text in (table, markdown):  # the scoring is not shown to the people who answer
        assert not re.search(r"\[[01]\.\d\]", text)


def test_schema_validates_the_examples_and_the_bank(cli: Callable[..., Any]) -> None:
    answers_schema = json.loads(cli("schema", "answers").stdout)
    bank_schema = json.loads(cli("schema", "bank").stdout)
    for path in EXAMPLES.glob("*.yaml"):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        document["date"] = str(document["date"])
        jsonschema.validate(document, answers_schema)
    shipped = yaml.safe_load(
        (REPO / "questions" / "seven-questions.yaml").read_text(encoding="utf-8")
    )
    jsonschema.validate(shipped, bank_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"bank": "x"}, answers_schema)  # no project


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["--lang", "zh"], {}, "项目"),
        ([], {"CRMRISK_LANG": "zh"}, "项目"),
        ([], {"LANG": "zh_CN.UTF-8"}, "项目"),
        (["--lang", "zh-Hans"], {}, "项目"),
        (["--lang", "zh-Hant"], {}, "專案"),
        ([], {"CRMRISK_LANG": "zh-Hant"}, "專案"),
        ([], {"LANG": "zh_TW.UTF-8"}, "專案"),
        ([], {"LC_ALL": "zh_HK.UTF-8"}, "專案"),
        ([], {"LANG": "zh_Hant_TW.UTF-8"}, "專案"),
        ([], {"LANG": "de_DE.UTF-8"}, "Project"),
        (["--lang", "en"], {"CRMRISK_LANG": "zh"}, "Project"),
        ([], {}, "Project"),
    ],
)
def test_language_resolution(
    cli: Callable[..., Any], args: list[str], env: dict[str, str], expected: str
) -> None:
    result = cli("score", HEALTHY, *args, env=env)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].split()[1] == expected


@pytest.mark.parametrize("lang", ["en", "zh", "zh-Hant"])
@pytest.mark.parametrize("path", [HEALTHY, RISKY, HALF])
def test_terminal_report_fits_80_columns(cli: Callable[..., Any], lang: str, path: Path) -> None:
    result = cli("score", path, "--lang", lang)
    widths = [cell_len(line.rstrip()) for line in result.stdout.splitlines()]
    assert max(widths) <= 80


def test_chinese_columns_line_up(cli: Callable[..., Any]) -> None:
    """Rows of the answers table start their answer column at the same cell, wide characters or not."""
    lines = cli("score", HALF, "--lang", "zh").stdout.splitlines()
    starts = []
    for line in lines:
        if line.startswith((" 1 ", " 2 ", " 3 ")):
            answer = {" 1 ": "当面谈过", " 2 ": "有两三个", " 3 ": "已跳过"}[line[:3]]
            starts.append(cell_len(line[: line.index(answer)]))
    assert len(starts) == 3 and len(set(starts)) == 1


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "crm_risk", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
        check=False,
    )


def test_colour_only_when_asked_and_never_with_no_color() -> None:
    assert not ANSI.search(_run("score", str(RISKY)).stdout)
    forced = _run("score", str(RISKY), env={"FORCE_COLOR": "1", "TERM": "xterm-256color"}).stdout
    assert re.search(r"\x1b\[[0-9;]*3[0-9;]*m", forced)  # coloured when forced
    no_color = _run(
        "score", str(RISKY), env={"FORCE_COLOR": "1", "NO_COLOR": "1", "TERM": "xterm-256color"}
    ).stdout
    assert not re.search(r"\x1b\[[0-9;]*(3[0-8]|9[0-7])(;[0-9]+)*m", no_color)  # no colour codes


def test_expected_errors_print_no_traceback_but_debug_does(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.yaml")
    plain = _run("report", missing)
    assert (plain.returncode, plain.stderr) == (2, f"crmrisk: error: {missing}: no such file\n")
    debug = _run("--debug", "report", missing)
    assert debug.returncode == 2
    assert "Traceback" in debug.stderr and debug.stderr.endswith(
        f"crmrisk: error: {missing}: no such file\n"
    )


def test_output_to_a_closed_pipe_is_quiet(
    cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Like `crmrisk score ... | head`: the reader goes away while crmrisk writes. (This sandbox's
    pipes never fail a write, so the broken pipe is raised where the output is written.)"""

    from crm_risk.commands import output

    def broken(text: str) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(output, "write_text", broken)
    result = cli("score", RISKY, "--format", "json")
    assert result.exit_code == 141  # 128 + SIGPIPE, as shell tools report it
    assert result.stderr == ""


def test_lowest_and_highest_answers_through_the_cli(
    cli: Callable[..., Any], write_answers: Callable[..., Path], bank: Any
) -> None:
    low = json.loads(cli("score", write_answers(lowest_answers(bank)), "--format", "json").stdout)
    high = json.loads(cli("score", write_answers(highest_answers(bank)), "--format", "json").stdout)
    assert {p["grade"] for p in low["assessments"][0]["phases"]} == {"low"}
    assert {p["grade"] for p in high["assessments"][0]["phases"]} == {"critical"}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["score"],
            "crmrisk: error: Missing argument 'FILE_OR_DIR'. (see 'crmrisk score --help')\n",
        ),
        (
            ["score", "x.yaml", "--format", "xml"],
            "crmrisk: error: Invalid value for '--format' / '-f': 'xml' is not one of 'table', 'json', "
            "'markdown', 'junit'. (see 'crmrisk score --help')\n",
        ),
        (["grade"], "crmrisk: error: No such command 'grade'. (see 'crmrisk --help')\n"),
        (["--colour"], "crmrisk: error: No such option: --colour (see 'crmrisk --help')\n"),
        (
            ["schema", "report"],
            "crmrisk: error: schema: unknown kind 'report'; choose bank, answers, results\n",
        ),
        (
            ["questions", "--bank", "nine-questions"],
            "crmrisk: error: unknown bank 'nine-questions'; shipped banks: "
            "seven-questions, requirements-research, implementation-practice, strategic-errors, management-system (or give a path to a bank file)\n",
        ),
    ],
)
def test_usage_errors_are_one_line(cli: Callable[..., Any], args: list[str], expected: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == expected


def test_bank_option_must_match_the_answer_files_bank(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    bank_file = tmp_path / "other.yaml"
    bank_file.write_text(
        (REPO / "questions" / "seven-questions.yaml")
        .read_text(encoding="utf-8")
        .replace("id: seven-questions", "id: other-bank", 1),
        encoding="utf-8",
    )
    result = cli("score", HEALTHY, "--bank", bank_file)
    assert result.exit_code == 2
    assert result.stderr == (
        f"crmrisk: error: {HEALTHY}:4:7: bank: the answers are for 'seven-questions', "
        "but --bank gives 'other-bank'\n"
    )
    same = cli("score", HEALTHY, "--bank", REPO / "questions" / "seven-questions.yaml")
    assert same.exit_code == 0


def test_directories_are_searched_recursively_but_not_hidden_folders(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    (tmp_path / "team" / "2026").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "team" / "2026" / "a.yml").write_text(
        HEALTHY.read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "b.json").write_text(
        json.dumps({"bank": "seven-questions", "project": "JSON project", "answers": {}}),
        encoding="utf-8",
    )
    (tmp_path / ".git" / "c.yaml").write_text("not: answers\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# not answers\n", encoding="utf-8")
    result = cli("score", tmp_path, "--format", "json")
    assert result.exit_code == 0
    files = [
        Path(a["file"]).relative_to(tmp_path).as_posix()
        for a in json.loads(result.stdout)["assessments"]
    ]
    assert files == ["b.json", "team/2026/a.yml"]


def test_a_bank_kept_beside_its_answers_is_passed_over_in_a_folder(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    (tmp_path / "my-bank.yaml").write_text(
        (REPO / "questions" / "seven-questions.yaml")
        .read_text(encoding="utf-8")
        .replace("id: seven-questions", "id: my-bank", 1),
        encoding="utf-8",
    )
    (tmp_path / "a.yaml").write_text(
        "bank: my-bank.yaml\nproject: P\nanswers: {}\n", encoding="utf-8"
    )
    folder = cli("score", tmp_path, "--format", "json")
    assert folder.exit_code == 0, folder.stderr
    assert [Path(a["file"]).name for a in json.loads(folder.stdout)["assessments"]] == ["a.yaml"]
    named = cli("score", tmp_path / "my-bank.yaml", tmp_path / "a.yaml", "--format", "json")
    assert named.exit_code == 2
    assert named.stderr == (
        f"crmrisk: error: {tmp_path / 'my-bank.yaml'}:1:1: a question bank, not an answer file "
        "(check a bank with `crmrisk validate`)\n"
    )


def test_banks_lists_every_shipped_bank_in_both_languages(cli: Callable[..., Any]) -> None:
    from crm_risk.banks import load_bank, shipped_bank_ids

    document = json.loads(cli("banks", "--format", "json").stdout)
    assert [b["id"] for b in document["banks"]] == shipped_bank_ids()
    assert shipped_bank_ids()[0] == "seven-questions" and len(shipped_bank_ids()) == 5
    for entry in document["banks"]:
        bank = load_bank(entry["id"])
        assert set(entry) == {
            "id",
            "version",
            "title",
            "description",
            "questions",
            "phases",
            "grades",
        }
        assert (entry["version"], entry["title"], entry["questions"]) == (
            bank.version,
            bank.title["en"],
            len(bank.questions),
        )
        assert sum(p["questions"] for p in entry["phases"]) == len(bank.questions)
    zh = cli("banks", "--lang", "zh").stdout
    assert "CRM 七问" in zh and "立项与交付（4）" in zh
    assert cli("banks", "--format", "markdown").exit_code == 2


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
def test_score_output_to_a_file_says_only_what_ci_needs(
    cli: Callable[..., Any], tmp_path: Path, fmt: str
) -> None:
    """``score`` is what CI runs: a file written is not announced; the --fail-on line is all."""
    target = tmp_path / "out.txt"
    result = cli("score", RISKY, "--format", fmt, "--fail-on", "high", "--output", target)
    assert result.exit_code == 1 and result.stdout == ""
    assert (
        result.stderr == f"crmrisk: --fail-on high reached by 1 of the files: {RISKY} (critical)\n"
    )
    assert "Northwind" in target.read_text(encoding="utf-8")
    report = cli("report", RISKY, "--output", tmp_path / "report.md")
    assert report.stderr == f"crmrisk: wrote {tmp_path / 'report.md'}\n"  # report still says so


def test_open_questions_read_as_chinese_in_every_format(cli: Callable[..., Any]) -> None:
    """Full-width parentheses around the status, and no space between Chinese sentences."""
    table = cli("score", HALF, "--lang", "zh").stdout
    assert "• #3 一线员工为什么要使用这个系统？（已跳过）\n" in table
    assert "跳过 3 题。跳过的问题" in table
    markdown = cli("report", HALF, "--lang", "zh").stdout
    assert "- #3 一线员工为什么要使用这个系统？（*已跳过*）\n" in markdown
    page = cli("report", HALF, "--lang", "zh", "--format", "html").stdout
    assert '系统？<span class="status">（已跳过）</span></li>' in page
    assert "<p>共 7 题：已作答 3 题，“不清楚” 1 题，跳过 3 题。</p>" in page
