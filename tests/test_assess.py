"""``crmrisk assess`` driven by scripted input: the state machine, then the whole command.

CliRunner's standard input is not a terminal, so these runs take the line mode that scripts use;
a real terminal is exercised in ``test_assess_pty.py``.
"""

from __future__ import annotations

import datetime as dt
import shlex
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.cells import cell_len
from typer.testing import CliRunner

from crm_risk import assess
from crm_risk.answerfile import default_name, document, dump, slug
from crm_risk.answers import UNKNOWN, Answer
from crm_risk.bank import Bank
from crm_risk.banks import load_bank, load_bank_file
from crm_risk.cli import app
from crm_risk.loading import load_answers_file

TODAY = dt.date(2026, 11, 22)
SEVEN = load_bank("seven-questions")
WHO = ["--project", "Acme service CRM", "--respondent", "Li Wei", "--role", "sponsor"]
KIND = ["--context", "crm_kind=after-sales-service"]

# A small bank with every question type, and ids YAML 1.1 would read as booleans.
MIXED_BANK = textwrap.dedent(
    """\
    id: mixed
    version: "2"
    title: {zh: 混合, en: Mixed}
    phases:
      - id: p
        title: {zh: 阶段, en: Phase}
    grades:
      - {id: low, label: {zh: 低, en: Low}, min: 0}
      - {id: high, label: {zh: 高, en: High}, min: 0.5}
    consensus_gap: 0.5
    questions:
      - id: sure
        phase: p
        type: yesno
        text: {zh: 确定吗？, en: Are you sure?}
        choices:
          - {id: "yes", risk: 0}
          - {id: "no", risk: 1}
      - id: tools
        phase: p
        type: multi
        text: {zh: 用哪些工具？, en: Which tools?}
        choices:
          - {id: on, label: {zh: 开, en: "On"}, risk: 0.2}
          - {id: off, label: {zh: 关, en: "Off"}, risk: 0.6}
          - {id: other, label: {zh: 其他, en: Other}, risk: 0.1}
      - id: mood
        phase: p
        type: scale
        min: 1
        max: 5
        text: {zh: 士气如何？, en: How is morale?}
        bands:
          - {min: 1, max: 3, risk: 1}
          - {min: 3, max: 5, risk: 0}
    """
)


def invoke(args: list[str], lines: list[str], **kwargs: Any) -> Any:
    text = "".join(line + "\n" for line in lines)
    return CliRunner().invoke(app, ["assess", *args], input=text, **kwargs)


def answers_of(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return dict(data["answers"])


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CRMRISK_LANG", raising=False)
    return tmp_path


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    path = tmp_path / "banks" / "mixed.yaml"
    path.parent.mkdir()
    path.write_text(MIXED_BANK, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# The state machine


def run_lines(bank: Bank, lines: list[str], **given: Any) -> assess.Step:
    result = assess.start(bank, date=TODAY, **given)
    for line in lines:
        result = assess.step(result.state, line)
    return result


def test_setup_asks_what_is_missing_in_order() -> None:
    first = assess.start(SEVEN, date=TODAY)
    assert first.state.stage == "project"
    stages = []
    result = first
    for line in ["Acme", "Li Wei", "2", "1"]:
        stages.append(result.state.stage)
        result = assess.step(result.state, line)
    assert stages == ["project", "name", "role", "context"]
    state = result.state
    assert (state.project, state.name, state.role) == ("Acme", "Li Wei", "project-lead")
    assert dict(state.context) == {"crm_kind": "after-sales-service"}
    assert (state.stage, state.index) == ("question", 0)


def test_setup_refuses_empty_names_and_numbers_out_of_range() -> None:
    result = run_lines(SEVEN, ["  "])
    assert result.state.stage == "project"
    assert result.outputs == (assess.Message("assess_required", error=True),)
    result = run_lines(SEVEN, ["Acme", "Li", "9"])
    assert result.state.stage == "role"
    message = result.outputs[0]
    assert isinstance(message, assess.Message)
    assert (message.key, message.kwargs()) == ("assess_pick", {"input": "9", "n": "7"})


def test_context_can_be_left_out_with_enter() -> None:
    result = run_lines(SEVEN, [""], project="A", name="B", role="other")
    assert result.state.stage == "question"
    assert dict(result.state.context) == {}


def test_keys_answer_back_skip_unknown_note() -> None:
    given: dict[str, Any] = {"project": "A", "name": "B", "role": "sponsor", "context": {}}
    result = run_lines(
        SEVEN,
        ["2", "n Only said in the corridor", "b", "4", "s", "u", "q"],
        ask_context=False,
        **given,
    )
    state = result.state
    assert state.stage == "quit"
    assert dict(state.answers) == {
        "sponsor-value": Answer(choice="none"),
        "core-value": Answer(note="Only said in the corridor"),
        "frontline-benefit": Answer(choice=UNKNOWN),
    }


def test_enter_keeps_an_answer_and_jumps_to_the_first_open_question() -> None:
    answers = {"sponsor-value": Answer(choice="assumed"), "core-value": Answer(choice="none")}
    result = run_lines(
        SEVEN, [], project="A", name="B", role="sponsor", answers=answers, ask_context=False
    )
    assert result.state.index == 2  # resume: first unanswered
    result = run_lines(
        SEVEN, ["b", "b", ""], project="A", name="B", role="sponsor", answers=answers
    )
    # Back twice to question 1, Enter keeps it, and the flow returns to question 3.
    assert (result.state.stage, result.state.index) == ("question", 2)
    assert result.state.answers["sponsor-value"] == Answer(choice="assumed")


def test_enter_on_an_open_question_asks_for_an_answer() -> None:
    result = run_lines(SEVEN, [""], project="A", name="B", role="sponsor", ask_context=False)
    assert result.state.index == 0
    assert result.outputs == (assess.Message("assess_need_answer", error=True),)


def test_back_at_the_first_question_says_so() -> None:
    result = run_lines(SEVEN, ["b"], project="A", name="B", role="sponsor", ask_context=False)
    assert (result.state.index, result.outputs) == (
        0,
        (assess.Message("assess_first", error=True),),
    )


def test_a_note_is_kept_when_the_question_is_answered_after_it() -> None:
    result = run_lines(
        SEVEN, ["n", "first note", "3"], project="A", name="B", role="sponsor", ask_context=False
    )
    assert result.state.answers["sponsor-value"] == Answer(choice="assumed", note="first note")


def test_an_empty_note_adds_nothing() -> None:
    result = run_lines(SEVEN, ["n", ""], project="A", name="B", role="sponsor", ask_context=False)
    assert result.state.stage == "question"
    assert dict(result.state.answers) == {}
    assert result.outputs == (assess.Message("assess_note_cancelled"),)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("abc", "assess_number_invalid"),
        ("150", "assess_number_range"),
        ("-1", "assess_number_range"),
        ("nan", "assess_number_invalid"),
        ("inf", "assess_number_invalid"),
    ],
)
def test_invalid_numbers_are_asked_again(typed: str, key: str) -> None:
    lines = ["1", "1", "1", typed]
    result = run_lines(SEVEN, lines, project="A", name="B", role="sponsor", ask_context=False)
    assert (result.state.stage, result.state.index) == ("question", 3)
    message = result.outputs[0]
    assert isinstance(message, assess.Message) and message.error
    assert message.key == key
    assert "budget-for-delivery" not in result.state.answers


@pytest.mark.parametrize(
    ("typed", "value"), [("35", 35.0), ("35%", 35.0), ("３５", 35.0), ("12,5", 12.5)]
)
def test_numbers_accept_units_and_full_width_digits(typed: str, value: float) -> None:
    lines = ["1", "1", "1", typed]
    result = run_lines(SEVEN, lines, project="A", name="B", role="sponsor", ask_context=False)
    assert result.state.answers["budget-for-delivery"] == Answer(value=value)
    assert result.state.index == 4


def test_multi_scale_and_yesno(mixed: Path) -> None:
    bank = load_bank_file(mixed).model
    given: dict[str, Any] = {"project": "A", "name": "B", "role": "sponsor"}
    result = run_lines(bank, ["2", "3 1 9", "3，1", "2.5", "6", "4"], **given)
    assert result.state.stage == "done"
    assert dict(result.state.answers) == {
        "sure": Answer(choice="no"),
        "tools": Answer(choices=["on", "other"]),
        "mood": Answer(value=4.0),
    }
    errors = list(run_lines(bank, ["1", "3 1 9"], **given).outputs)
    assert errors == [
        assess.Message("assess_multi_invalid", (("input", "3 1 9"), ("n", "3")), error=True)
    ]
    scale = run_lines(bank, ["1", "1", "2.5"], **given).outputs[0]
    assert isinstance(scale, assess.Message) and scale.key == "assess_scale_whole"


def test_help_key_shows_help_and_stays() -> None:
    result = run_lines(SEVEN, ["？"], project="A", name="B", role="sponsor", ask_context=False)
    assert (result.state.index, result.outputs) == (0, ("help",))


# ---------------------------------------------------------------------------------------------
# The answer file


def test_document_is_in_bank_order_with_version_and_quoted_ids(mixed: Path) -> None:
    bank = load_bank_file(mixed).model
    state = assess.State(
        banks=(bank,),
        date=TODAY,
        project="P",
        name="N",
        role="frontline",
        given={
            (bank.id, "mood"): Answer(value=3.0),
            (bank.id, "tools"): Answer(choices=["off"], note="a: b"),
            (bank.id, "sure"): Answer(choice="yes"),
        },
        stage="question",
    )
    doc = document(state, "banks/mixed.yaml")
    assert list(doc["answers"]) == ["sure", "tools", "mood"]
    text = dump(doc)
    assert "choice: 'yes'" in text
    assert "- 'off'" in text
    assert "value: 3\n" in text
    reread = yaml.safe_load(text)
    assert reread["bank_version"] == "2"
    assert reread["answers"]["sure"] == {"choice": "yes"}


def test_default_name_is_project_date_and_respondent() -> None:
    assert default_name("Acme Service CRM", "Li Wei", TODAY) == (
        "acme-service-crm-2026-11-22-li-wei.yaml"
    )
    assert (
        default_name("青禾医疗 CRM 一期", "王磊", TODAY) == "青禾医疗-crm-一期-2026-11-22-王磊.yaml"
    )
    assert default_name("../../etc/passwd", "", TODAY) == "etc-passwd-2026-11-22.yaml"
    assert slug("***") == ""
    assert default_name("***", "***", TODAY) == "assessment-2026-11-22.yaml"


# ---------------------------------------------------------------------------------------------
# The command


def test_whole_flow_in_english(here: Path) -> None:
    lines = [
        "Acme service CRM",  # project
        "Li Wei",  # respondent
        "1",  # role: sponsor
        "1",  # crm_kind: after-sales service
        "?",  # help for question 1
        "2",  # agreed, not written
        "n",  # a note for question 2 ...
        "Phase 1 is dispatch only",
        "1",
        "b",  # back to question 2: its answer and note are shown
        "",  # keep it
        "5",  # question 3: not a choice
        "1",
        "abc",  # question 4: not a number
        "101",  # out of range
        "35",
        "s",  # question 5 skipped
        "u",  # question 6: we don't know
        "2",
    ]
    result = invoke(["--lang", "en", "--report", "report.md"], lines)
    assert result.exit_code == 0, result.output
    out = result.stdout
    today = dt.date.today().isoformat()
    path = here / f"acme-service-crm-{today}-li-wei.yaml"
    assert answers_of(path) == {
        "sponsor-value": {"choice": "approved-unheard"},
        "core-value": {"choice": "one-focused", "note": "Phase 1 is dispatch only"},
        "frontline-benefit": {"choice": "helps-daily-work"},
        "budget-for-delivery": {"value": 35},
        "managers-can-manage-without": {"choice": "unknown"},
        "operations-team-weak": {"choice": "some"},
    }
    assert "Initiation & delivery · question 1 of 7" in out
    assert "Usage after go-live · question 7 of 7" in out
    assert "Why it matters" in out
    assert "Current answer: 1 One clear core value" in out
    assert "Not a choice: 5. Type a number from 1 to 4, or one of the keys." in out
    assert "Not a number: abc. Type a number from 0 to 100%, or u if nobody knows." in out
    assert "101 is outside 0 to 100%. Type a number in that range." in out
    assert "CRM project risk report" in out  # the full report at the end
    assert "Findings and advice" in out
    assert f"Every answer is saved at once to {path.name}" in result.stderr
    assert '5 of 7 questions answered, 1 "we don\'t know", 1 skipped.' in result.stderr
    assert "1 of 7 questions are still unanswered." in result.stderr
    resume = f"crmrisk assess --resume {shlex.quote(str(path))} --lang en --report "
    assert f"To continue: {resume}{shlex.quote(str(here / 'report.md'))}\n" in result.stderr
    report = (here / "report.md").read_text(encoding="utf-8")
    assert report.startswith("# CRM project risk report")
    assert "Phase 1 is dispatch only" in report
    loaded = load_answers_file(path)
    assert loaded.answers.respondent is not None
    assert loaded.answers.respondent.role == "sponsor"
    assert loaded.answers.context == {"crm_kind": "after-sales-service"}
    assert loaded.answers.bank_version == "1.1"


def test_whole_flow_in_chinese(here: Path) -> None:
    lines = ["青禾医疗 CRM 一期", "王磊", "2", "2", "1", "2", "3", "不知道", "40", "1", "1", "1"]
    result = invoke(["--lang", "zh", "--out", "qinghe.yaml"], lines)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "项目名称" in out
    assert "受访者角色（输入编号或名称）" in out
    assert "立项与交付 · 第 1 题，共 7 题" in out
    assert "“不知道”不是数字。请输入 0 到 100% 之间的数；没人知道就输入 u。" in out
    assert "CRM 项目风险报告" in out
    assert "每个回答都会立即保存到 qinghe.yaml" in result.stderr
    assert "已保存到 qinghe.yaml：共 7 题：已作答 7 题，“不清楚” 0 题，跳过 0 题。" in result.stderr
    assert "继续作答" not in result.stderr  # finished: nothing to continue
    data = yaml.safe_load((here / "qinghe.yaml").read_text(encoding="utf-8"))
    assert data["project"] == "青禾医疗 CRM 一期"
    assert data["respondent"] == {"name": "王磊", "role": "project-lead"}
    assert data["context"] == {"crm_kind": "key-account-sales"}
    assert len(data["answers"]) == 7


def test_end_of_input_saves_and_prints_the_resume_command(here: Path) -> None:
    out_path = here / "my answers" / "acme (1).yaml"
    out_path.parent.mkdir()
    result = invoke(["--lang", "en", "--out", str(out_path), *WHO, *KIND], ["3", "2"])
    assert result.exit_code == 0
    assert answers_of(out_path) == {
        "sponsor-value": {"choice": "assumed"},
        "core-value": {"choice": "few-priorities"},
    }
    command = f"crmrisk assess --resume {shlex.quote(str(out_path))} --lang en"
    assert f"To continue: {command}\n" in result.stderr
    assert "CRM project risk report" not in result.stdout

    # Resuming continues at question 3 and keeps questions 1 and 2.
    resumed = invoke(shlex.split(command)[2:], ["1", "40", "1", "1", "1"])
    assert resumed.exit_code == 0, resumed.output
    first_panel = resumed.stdout.split("╰")[0]
    assert "question 3 of 7" in first_panel
    assert '7 of 7 questions answered, 0 "we don\'t know", 0 skipped.' in resumed.stderr
    final = answers_of(out_path)
    assert final["sponsor-value"] == {"choice": "assumed"}
    assert final["operations-team-weak"] == {"choice": "strong"}
    assert list(final) == [q.id for q in SEVEN.questions]


def test_q_saves_and_quits(here: Path) -> None:
    result = invoke(["--lang", "en", "--out", "a.yaml", *WHO, *KIND], ["1", "q", "2"])
    assert result.exit_code == 0
    assert answers_of(here / "a.yaml") == {"sponsor-value": {"choice": "agreed-in-person"}}
    assert (
        'Saved to a.yaml: 1 of 7 questions answered, 0 "we don\'t know", 6 skipped.'
        in result.stderr
    )
    assert "question 2 of 7" in result.stdout and "question 3 of 7" not in result.stdout


def test_the_file_exists_before_the_first_answer(here: Path) -> None:
    result = invoke(["--lang", "en", "--out", "a.yaml", *WHO, *KIND], [])
    assert result.exit_code == 0
    loaded = load_answers_file(here / "a.yaml")
    assert loaded.answers.project == "Acme service CRM"
    assert loaded.answers.answers == {}


def test_an_existing_out_file_is_not_overwritten(here: Path) -> None:
    (here / "a.yaml").write_text("precious\n", encoding="utf-8")
    result = invoke(["--lang", "en", "--out", "a.yaml", *WHO, *KIND], ["1"])
    assert result.exit_code == 2
    assert result.stderr == (
        "crmrisk: error: a.yaml already exists; continue it with --resume a.yaml, "
        "or replace it with --force\n"
    )
    assert (here / "a.yaml").read_text(encoding="utf-8") == "precious\n"
    forced = invoke(["--lang", "en", "--out", "a.yaml", "--force", *WHO, *KIND], ["1"])
    assert forced.exit_code == 0
    assert answers_of(here / "a.yaml") == {"sponsor-value": {"choice": "agreed-in-person"}}


def test_the_default_file_is_not_overwritten_either(here: Path) -> None:
    first = invoke(["--lang", "en", *WHO, *KIND], ["1"])
    assert first.exit_code == 0
    (path,) = here.glob("*.yaml")
    before = path.read_text(encoding="utf-8")
    second = invoke(["--lang", "en", *WHO, *KIND], ["4"])
    assert second.exit_code == 2
    assert "already exists; continue it with --resume" in second.stderr
    assert path.read_text(encoding="utf-8") == before


def test_an_existing_report_is_refused_before_any_question(here: Path) -> None:
    (here / "r.md").write_text("old", encoding="utf-8")
    result = invoke(["--lang", "en", "--report", "r.md", *WHO, *KIND], ["1"])
    assert result.exit_code == 2
    assert result.stderr == "crmrisk: error: r.md already exists; use --force to replace it\n"
    assert result.stdout == ""
    assert list(here.glob("*.yaml")) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--role", "boss"],
            "crmrisk: error: --role: unknown role 'boss'; roles: sponsor, project-lead, "
            "frontline, line-manager, operations, consultant, other\n",
        ),
        (
            ["--context", "crm_kind=retail"],
            "crmrisk: error: --context 'crm_kind=retail': unknown crm_kind 'retail'; valid: "
            "after-sales-service, key-account-sales, other\n",
        ),
        (
            ["--context", "size=big"],
            "crmrisk: error: --context 'size=big': unknown field 'size' in bank "
            "seven-questions; fields: crm_kind\n",
        ),
    ],
)
def test_bad_options_exit_2(here: Path, args: list[str], message: str) -> None:
    result = invoke(["--lang", "en", "--project", "P", "--respondent", "R", *args], ["1"])
    assert result.exit_code == 2
    assert result.stderr == message


def test_resume_refuses_a_different_project(here: Path) -> None:
    assert invoke(["--lang", "en", "--out", "a.yaml", *WHO, *KIND], ["1"]).exit_code == 0
    result = invoke(["--lang", "en", "--resume", "a.yaml", "--project", "Other"], ["1"])
    assert result.exit_code == 2
    assert result.stderr == (
        "crmrisk: error: --project 'Other' does not match a.yaml, which has 'Acme service CRM'\n"
    )


def test_resume_of_an_invalid_file_is_an_input_error(here: Path) -> None:
    (here / "a.yaml").write_text("bank: seven-questions\nproject: P\nanswers: {x: 1}\n", "utf-8")
    result = invoke(["--lang", "en", "--resume", "a.yaml"], ["1"])
    assert result.exit_code == 2
    assert result.stderr.startswith("crmrisk: error: a.yaml:3:")


def test_user_text_is_shown_literally_and_stored_exactly(here: Path) -> None:
    note = "[bold]not markup[/bold] \x1b[31mred?"
    result = invoke(["--lang", "en", "--out", "a.yaml", *WHO, *KIND], [f"n {note}", "1", "b"])
    assert result.exit_code == 0
    assert "› n [bold]not markup[/bold] red?\nNote saved." in result.stdout
    assert "│ Note: [bold]not markup[/bold] red?" in result.stdout
    assert "\x1b" not in result.stdout
    assert answers_of(here / "a.yaml") == {
        "sponsor-value": {"choice": "agreed-in-person", "note": note}
    }


def test_a_bank_file_is_referenced_from_the_answer_files_folder(
    here: Path, mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (here / "out").mkdir()
    args = ["--lang", "en", "--bank", str(mixed), "--out", "out/m.yaml", *WHO]
    result = invoke(args, ["1", "1 2", "5"])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((here / "out" / "m.yaml").read_text(encoding="utf-8"))
    assert data["bank"] == "../banks/mixed.yaml"
    assert data["bank_version"] == "2"
    assert data["answers"] == {
        "sure": {"choice": "yes"},
        "tools": {"choices": ["on", "off"]},
        "mood": {"value": 5},
    }
    monkeypatch.chdir(here / "out")
    checked = CliRunner().invoke(app, ["validate", "m.yaml", "--lang", "en"])
    assert checked.exit_code == 0
    assert checked.stdout == "m.yaml: valid answers for mixed\n"


def test_resuming_without_a_change_leaves_the_file_as_it_was(here: Path) -> None:
    text = (
        "# written by hand before the meeting\n"
        "bank: seven-questions\nproject: Acme\n"
        "respondent: {name: Li Wei, role: sponsor}\n"
        "date: 2026-11-20\n"
        "answers:\n  core-value: {choice: none}  # to check with the sponsor\n"
    )
    (here / "a.yaml").write_text(text, encoding="utf-8")
    result = invoke(["--lang", "en", "--resume", "a.yaml"], ["b", "", "q"])
    assert result.exit_code == 0, result.output
    assert "question 1 of 7" in result.stdout.split("╰")[0]
    assert (here / "a.yaml").read_text(encoding="utf-8") == text
    changed = invoke(["--lang", "en", "--resume", "a.yaml"], ["2"])
    assert changed.exit_code == 0
    data = yaml.safe_load((here / "a.yaml").read_text(encoding="utf-8"))
    assert data["date"] == dt.date(2026, 11, 20)  # the session's date is kept
    assert data["answers"] == {
        "sponsor-value": {"choice": "approved-unheard"},
        "core-value": {"choice": "none"},
    }


def test_resume_into_another_file_keeps_the_bank_reachable(here: Path, mixed: Path) -> None:
    (here / "a").mkdir()
    (here / "b" / "deeper").mkdir(parents=True)
    first = invoke(["--lang", "en", "--bank", str(mixed), "--out", "a/m.yaml", *WHO], ["1"])
    assert first.exit_code == 0, first.output
    forked = invoke(["--lang", "en", "--resume", "a/m.yaml", "--out", "b/deeper/m.yaml"], ["2"])
    assert forked.exit_code == 0, forked.output
    data = yaml.safe_load((here / "b" / "deeper" / "m.yaml").read_text(encoding="utf-8"))
    assert data["bank"] == "../../banks/mixed.yaml"
    assert data["answers"] == {"sure": {"choice": "yes"}, "tools": {"choices": ["off"]}}
    assert load_answers_file(here / "b" / "deeper" / "m.yaml").bank.id == "mixed"
    again = invoke(["--lang", "en", "--resume", "a/m.yaml", "--out", "b/deeper/m.yaml"], [])
    assert again.exit_code == 2
    assert "b/deeper/m.yaml already exists" in again.stderr


def test_a_failed_save_keeps_the_last_good_file_and_says_how_to_continue(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crm_risk import autosave
    from crm_risk.errors import OutputError

    real = autosave.write_atomic
    calls: list[int] = []

    def full_disk(path: Path, text: str, *, overwrite: bool = False) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise OutputError(f"{path}: could not write: No space left on device")
        real(path, text, overwrite=overwrite)

    monkeypatch.setattr(autosave, "write_atomic", full_disk)
    result = invoke(["--lang", "en", "--out", "a.yaml", *WHO, *KIND], ["1", "2", "3"])
    assert result.exit_code == 2
    assert answers_of(here / "a.yaml") == {"sponsor-value": {"choice": "agreed-in-person"}}
    assert result.stderr.endswith(
        'Saved to a.yaml: 1 of 7 questions answered, 0 "we don\'t know", 6 skipped.\n'
        f"To continue: crmrisk assess --resume {here / 'a.yaml'} --lang en\n"
        "crmrisk: error: a.yaml: could not write: No space left on device\n"
    )


def test_input_that_is_not_utf8_is_a_usage_error(here: Path) -> None:
    text = b"1\n\xff\xfe\n"
    result = CliRunner().invoke(
        app, ["assess", "--lang", "en", "--out", "a.yaml", *WHO, *KIND], input=text
    )
    assert result.exit_code == 2
    assert result.stderr.endswith("crmrisk: error: standard input is not UTF-8 text\n")
    assert answers_of(here / "a.yaml") == {"sponsor-value": {"choice": "agreed-in-person"}}


def test_resume_with_out_naming_the_same_file_continues_it(here: Path) -> None:
    assert invoke(["--lang", "en", "--out", "a.yaml", *WHO, *KIND], ["1"]).exit_code == 0
    result = invoke(["--lang", "en", "--resume", "a.yaml", "--out", "./a.yaml"], ["2"])
    assert result.exit_code == 0, result.output
    assert answers_of(here / "a.yaml") == {
        "sponsor-value": {"choice": "agreed-in-person"},
        "core-value": {"choice": "few-priorities"},
    }


@pytest.mark.parametrize("same", ["x.yaml", "./x.yaml", "sub/../x.yaml"])
def test_the_report_can_never_be_the_answer_file(tmp_path: Path, same: str) -> None:
    (tmp_path / "sub").mkdir()
    out = tmp_path / "x.yaml"
    run = invoke([*WHO, *KIND, "-o", str(out), "--report", str(tmp_path / same)], ["1"])
    assert run.exit_code == 2
    assert run.stderr == (
        f"crmrisk: error: --report {tmp_path / same} is the answer file itself; "
        "write the report to another file\n"
    )
    assert not out.exists()


def test_a_resumed_file_is_not_replaced_by_its_report(tmp_path: Path) -> None:
    out = tmp_path / "y.yaml"
    first = invoke([*WHO, *KIND, "-o", str(out)], ["1", "2"])
    assert first.exit_code == 0
    before = out.read_bytes()
    again = invoke(["--resume", str(out), "--report", str(tmp_path / "." / "y.yaml")], ["1"] * 5)
    assert again.exit_code == 2
    assert "is the answer file itself" in again.stderr
    assert out.read_bytes() == before
    assert load_answers_file(out).answers.answers["core-value"] is not None


def test_skipping_past_an_earlier_answer_keeps_it(tmp_path: Path) -> None:
    out = tmp_path / "z.yaml"
    # answer 1 and 2, go back to 2, skip it, quit
    run = invoke([*WHO, *KIND, "-o", str(out)], ["1", "2", "b", "s", "q"])
    assert run.exit_code == 0
    saved = answers_of(out)
    assert saved["sponsor-value"] == {"choice": "agreed-in-person"}
    assert saved["core-value"] == {"choice": "few-priorities"}
    fresh = tmp_path / "w.yaml"
    skipped = invoke([*WHO, *KIND, "-o", str(fresh)], ["s", "q"])
    assert skipped.exit_code == 0
    assert "sponsor-value" not in answers_of(fresh)


def test_a_megabyte_line_is_refused_briefly_and_the_file_stays_readable(here: Path) -> None:
    big = "x" * (1 << 20)
    typed = [big, "P", big, "R", f"n {big}", "n", big, big, "1"]
    result = invoke(["--lang", "en", "--out", "a.yaml", "--role", "sponsor", *KIND], typed)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("Too long: at most 500 characters.") == 1
    assert result.stdout.count("Too long: at most 200 characters.") == 1
    assert result.stdout.count("Too long: at most 10,000 characters.") == 2
    assert "Notachoice:" + "x" * 99 + "….Type" in "".join(result.stdout.split())
    # Echoes and quotes are cut: six megabytes typed, a few kilobytes shown.
    assert len(result.stdout) < 40_000
    assert answers_of(here / "a.yaml") == {"sponsor-value": {"choice": "agreed-in-person"}}
    checked = CliRunner().invoke(app, ["validate", "a.yaml"])
    assert checked.exit_code == 0, checked.stderr


def test_the_longest_notes_still_make_a_file_crmrisk_reads_back(here: Path) -> None:
    # Seven notes at the limit, of characters YAML must escape: the file is still loadable.
    note = "\x1b" * assess.MAX_NOTE
    typed = [line for _ in SEVEN.questions for line in (f"n {note}", "u")]
    result = invoke(["--lang", "en", "--out", "a.yaml", *WHO, *KIND], typed)
    assert result.exit_code == 0, result.stderr
    loaded = load_answers_file(here / "a.yaml")
    assert [a.note for a in loaded.answers.answers.values() if a] == [note] * 7


@pytest.mark.parametrize(
    "line", [b"\xed\xa0\x80 lone surrogate", b"caf\xe9", b"\xc3", b"\xf4\x90\x80\x80"]
)
def test_typed_bytes_that_are_not_utf8_end_cleanly(here: Path, line: bytes) -> None:
    result = CliRunner().invoke(
        app, ["assess", "--lang", "en", "--role", "sponsor", *KIND], input=line + b"\nR\n1\n"
    )
    assert result.exit_code == 2
    assert result.stderr == "crmrisk: error: standard input is not UTF-8 text\n"
    assert list(here.iterdir()) == []


def test_a_json_answer_file_stays_json(here: Path) -> None:
    import json

    original = '{"bank": "seven-questions", "project": "J", "respondent": {"name": "R", "role": "sponsor"}}\n'
    (here / "a.json").write_text(original, encoding="utf-8")
    looked_at = invoke(["--lang", "en", "--resume", "a.json"], [])
    assert looked_at.exit_code == 0, looked_at.output
    assert (here / "a.json").read_text(encoding="utf-8") == original
    note = '中文 "quoted" \\ \x07 ✅'
    result = invoke(["--lang", "en", "--resume", "a.json"], ["1", f"n {note}"])
    assert result.exit_code == 0, result.output
    data = json.loads((here / "a.json").read_text(encoding="utf-8"))
    assert data["project"] == "J"
    assert data["answers"] == {
        "sponsor-value": {"choice": "agreed-in-person"},
        "core-value": {"note": note},
    }
    dt.date.fromisoformat(data["date"])  # a date, as JSON has no date type
    checked = CliRunner().invoke(app, ["validate", "a.json"])
    assert checked.exit_code == 0, checked.stderr
    fresh = invoke(["--lang", "en", "--out", "b.json", *WHO, *KIND], ["4"])
    assert fresh.exit_code == 0, fresh.output
    assert json.loads((here / "b.json").read_text(encoding="utf-8"))["answers"] == {
        "sponsor-value": {"choice": "none"}
    }


@pytest.mark.parametrize(("option", "limit"), [("--project", 500), ("--respondent", 200)])
def test_names_given_as_options_have_the_limits_of_typed_ones(
    here: Path, option: str, limit: int
) -> None:
    args = {"--project": "P", "--respondent": "R", "--role": "sponsor", option: "x" * 100_000}
    result = invoke(["--lang", "en", *[a for pair in args.items() for a in pair], *KIND], ["1"])
    assert result.exit_code == 2
    assert result.stderr == f"crmrisk: error: {option}: at most {limit} characters, not 100,000\n"
    assert list(here.iterdir()) == []
    at_limit = invoke(
        [
            "--lang",
            "en",
            *[a for pair in {**args, option: "x" * limit}.items() for a in pair],
            *KIND,
            "--out",
            "a.yaml",
        ],
        ["1"],
    )
    assert at_limit.exit_code == 0, at_limit.stderr


def test_q_during_setup_quits_without_a_file(tmp_path: Path) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        run = invoke(["--lang", "en"], ["Acme", "q"])
    assert run.exit_code == 0
    assert "Project name (q quits)" in run.stdout
    assert list(tmp_path.iterdir()) == []  # no file named "q-…", nothing half-written


def test_a_missing_output_folder_is_said_before_any_question(tmp_path: Path) -> None:
    out = tmp_path / "nowhere" / "x.yaml"
    run = invoke(["--lang", "en", "-o", str(out)], ["Acme", "Li", "1"])
    assert run.exit_code == 2
    assert (
        run.stderr
        == f"crmrisk: error: {out.parent}: no such directory for the answer file x.yaml\n"
    )
    assert "Respondent's name" not in run.stdout  # refused before the setup questions


def test_a_respondent_called_q_is_a_name_not_a_quit(tmp_path: Path) -> None:
    out = tmp_path / "q.yaml"
    run = invoke(
        ["--lang", "en", "-o", str(out), "--role", "sponsor", *KIND], ["Acme", "Q", "1", "q"]
    )
    assert run.exit_code == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["respondent"]["name"] == "Q"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_last_screen_of_a_session_is_the_headline(here: Path, lang: str) -> None:
    """At 80x24 the final screen shows the grades and the most severe findings: the full report
    has scrolled past above it."""
    result = invoke(
        ["--lang", lang, "--out", "a.yaml", *WHO, *KIND],
        ["3", "1", "3", "85", "3", "3", "3"],
        env={"COLUMNS": "80"},
    )
    assert result.exit_code == 0, result.output
    screen = result.stdout.rstrip("\n").splitlines()[-23:]  # the 24th line is the shell prompt's
    shown = "\n".join(screen)
    words = {
        "en": (
            "Summary: Acme service CRM",
            "Initiation & delivery",
            "Usage after go-live",
            "Overall",
            "The most severe:",
            "What to do first",
        ),
        "zh": (
            "摘要：Acme service CRM",
            "立项与交付",
            "上线使用",
            "总体",
            "最严重的几项：",
            "首先要做",
        ),
    }[lang]
    for word in words:
        assert word in shown, word
    assert shown.count("Critical" if lang == "en" else "极高") >= 4  # usage, overall, 2+ findings
    assert all(cell_len(line) <= 80 for line in screen)
