"""Room mode of ``crmrisk assess``: several people answer each question in turn, one file each.

The state machine first (:mod:`crm_risk.room`), then the whole command driven by scripted input
(CliRunner's standard input is not a terminal). A real terminal, signals and a pipe into the
real process are in ``test_room_pty.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from crm_risk import assess, room
from crm_risk.answers import UNKNOWN, Answer
from crm_risk.banks import load_bank
from crm_risk.cli import app
from crm_risk.loading import load_answers_file

TODAY = dt.date(2026, 11, 22)
SEVEN = load_bank("seven-questions")
PEOPLE = [
    "--respondent",
    "Li Wei:sponsor",
    "--respondent",
    "Wang Lei:project lead",
    "--respondent",
    "Zhao Min:frontline",
]
FACTS = ["--project", "Acme service CRM", "--context", "crm_kind=after-sales-service"]
# Seven questions, three people each, in turn. One disagreement: question 1, sponsor (risk 0)
# against project lead (risk 1); the frontline's 3 (risk 0.7) is neither end.
LINES = [
    *("1", "4", "n only heard it second hand", "3"),
    *("1", "1", "2"),
    *("1", "2", "2"),
    *("35", "35%", "40"),
    *("1", "2", "s"),
    *("2", "2", "2"),
    *("1", "2", "2"),
]
FILES = ["01-li-wei.yaml", "02-wang-lei.yaml", "03-zhao-min.yaml"]
GAP_LINES = [
    "⚠ Consensus gap: the answers' risks differ by 1.00 (threshold 0.50)",
    "  Li Wei (sponsor): 1 Agreed face to face: we heard the sponsor's own view, set…",
    "  Wang Lei (project lead): 4 No agreement, or the sponsor is not interested in …",
]


def invoke(args: list[str], lines: list[str]) -> Any:
    text = "".join(line + "\n" for line in lines)
    return CliRunner().invoke(app, ["assess", *args], input=text)


def answers_of(path: Path) -> dict[str, Any]:
    checked = CliRunner().invoke(app, ["validate", "--lang", "en", str(path)])
    assert checked.exit_code == 0, checked.output
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return dict(data["answers"] or {})


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ---------------------------------------------------------------------------------------------
# The state machine


def three() -> room.RoomStep:
    state = assess.start(
        SEVEN,
        date=TODAY,
        project="A",
        name="Li",
        role="sponsor",
        others=[("Wang", "project-lead"), ("Zhao", "frontline")],
        context={"crm_kind": "other"},
    ).state
    assert state.stage == "question" and state.is_room
    return room.begin(room.people_of(state))


def play(lines: list[str], first: room.RoomStep | None = None) -> room.RoomStep:
    result = first or three()
    for line in lines:
        result = room.step(result.room, line)
    return result


def place(result: room.RoomStep) -> tuple[int, int, str]:
    return result.room.index, result.room.turn, result.room.stage


def test_each_person_answers_in_turn_then_the_next_question() -> None:
    first = three()
    assert (place(first), first.outputs) == ((0, 0, "question"), ("panel",))
    after_one = play(["1"])
    assert place(after_one) == (0, 1, "question")
    assert isinstance(after_one.outputs[0], assess.Recorded) and after_one.outputs[-1] == "turn"
    assert place(play(["1", "1", "1"])) == (1, 0, "question")
    assert play(["1", "1", "1"]).outputs[-1] == "panel"


def test_keys_act_for_the_person_whose_turn_it_is() -> None:
    result = play(["2", "n said in the corridor", "s", "u", "x", "q"])
    li, wang, zhao = (p.answers for p in result.room.people)
    assert li == {"sponsor-value": Answer(choice="approved-unheard")}
    assert wang == {"sponsor-value": Answer(note="said in the corridor")}  # skipped, note kept
    assert zhao == {"sponsor-value": Answer(choice=UNKNOWN)}
    # x on a question that does not allow n/a is refused for that person; q quits the room
    assert result.room.stage == "quit"


def test_back_goes_to_the_previous_person_then_the_previous_question() -> None:
    result = play(["1", "2", "3", "4", "b"])
    assert (place(result), result.outputs) == ((1, 0, "question"), ("turn",))
    result = play(["b"], result)
    assert (place(result), result.outputs) == ((0, 2, "question"), ("panel",))
    # Enter keeps Zhao's answer and returns to the first open place: Wang, question 2.
    result = play(["", ""], result)
    assert place(result) == (1, 1, "question")
    assert ("seven-questions", "core-value") not in result.room.people[1].given
    first = play(["b"])
    assert first.outputs == (assess.Message("assess_first", error=True),)


def test_a_gap_is_said_when_it_opens_and_not_again() -> None:
    no_gap = play(["1", "2"])  # risks 0 and 0.5: not more than 0.5
    assert not any(isinstance(o, room.Gap) for o in no_gap.outputs)
    opened = play(["1", "4"])
    (gap,) = [o for o in opened.outputs if isinstance(o, room.Gap)]
    assert (gap.low[0], gap.high[0], gap.spread, gap.threshold) == (0, 1, 1.0, 0.5)
    assert gap.low[1] == Answer(choice="agreed-in-person")
    assert gap.high[1] == Answer(choice="none")
    # A third view at an end already said is not news; "we don't know" counts (at risk 1).
    same = play(["u"], opened)
    assert not any(isinstance(o, room.Gap) for o in same.outputs)


def test_skips_and_not_applicable_are_not_views() -> None:
    result = play(["1", "s", "s"])
    assert result.room.spread(0).gap is False
    assert play(["1", "s", "4"]).room.spread(0).gap is True


def test_a_resumed_room_starts_at_the_first_person_with_no_answer() -> None:
    people = [
        assess.start(
            SEVEN,
            date=TODAY,
            project="A",
            name=name,
            role=role,
            answers=answers,
            ask_context=False,
        ).state
        for name, role, answers in [
            ("Li", "sponsor", {"sponsor-value": Answer(choice="none")}),
            ("Wang", "project-lead", {"sponsor-value": Answer(choice="none")}),
            ("Zhao", "frontline", {}),
        ]
    ]
    assert place(room.begin(people)) == (0, 2, "question")


# ---------------------------------------------------------------------------------------------
# The command


def test_a_room_of_three_writes_three_files_the_group_accepts(here: Path) -> None:
    result = invoke(
        ["--lang", "en", *FACTS, *PEOPLE, "--out-dir", "meeting", "--report", "r.md"], LINES
    )
    assert result.exit_code == 0, result.output
    out = result.stdout.splitlines()
    # The disagreement is on screen as it happens: right after the project lead's answer.
    at = out.index("Wang Lei (project lead) › 4")
    assert out[at + 1] == "✓ 4 No agreement, or the sponsor is not interested in the project"
    assert out[at + 2 : at + 5] == GAP_LINES
    assert out[at + 5] == "Zhao Min (frontline) › n only heard it second hand"
    assert sum(line.startswith("⚠ Consensus gap") for line in out) == 1
    assert "In the room: Li Wei (sponsor), Wang Lei (project lead), Zhao Min (frontline)" in out
    assert "Initiation & delivery · question 1 of 7" in result.stdout
    assert result.stdout.count("question 1 of 7") == 1  # shown once for the whole room
    folder = here / "meeting"
    assert sorted(p.name for p in folder.iterdir()) == FILES
    li, wang, zhao = (answers_of(folder / name) for name in FILES)
    assert li["sponsor-value"] == {"choice": "agreed-in-person"}
    assert wang["sponsor-value"] == {"choice": "none"}
    assert zhao["sponsor-value"] == {"choice": "assumed", "note": "only heard it second hand"}
    assert wang["budget-for-delivery"] == {"value": 35}
    assert "frontline-can-work-without" not in zhao  # skipped
    for name, role in zip(FILES, ["sponsor", "project-lead", "frontline"], strict=True):
        loaded = load_answers_file(folder / name).answers
        assert loaded.project == "Acme service CRM" and loaded.date == dt.date.today()
        assert loaded.respondent is not None and loaded.respondent.role == role
        assert loaded.context == {"crm_kind": "after-sales-service"}
    grouped = CliRunner().invoke(app, ["score", "--group", str(folder), "--format", "json"])
    assert grouped.exit_code == 0, grouped.output
    gaps = json.loads(grouped.stdout)["group"]["gaps"]
    assert [(g["question"], g["roles"]) for g in gaps] == [
        ("sponsor-value", ["sponsor", "project-lead"])
    ]
    report = (here / "r.md").read_text(encoding="utf-8")
    assert "Consensus gaps" in report and "Li Wei" not in report  # roles only, as report --group
    assert "Wrote the report to r.md" in result.stderr
    # Zhao Min skipped question 5: that place is still open, and the room can continue.
    assert result.stderr.endswith(
        f"To continue: crmrisk assess --resume {folder} --lang en --report {here / 'r.md'}\n"
    )


def test_the_room_is_typed_at_the_start_one_person_a_line(here: Path) -> None:
    typed = [
        "Acme",
        "Li Wei:sponsor",
        "Wang Lei",
        "王磊：项目负责人",
        "",
        "售后服务",
        "4",
        "1",
        "q",
    ]
    result = invoke(["--lang", "en"], typed)
    assert result.exit_code == 0, result.output
    assert (
        "Write the person as NAME:ROLE, e.g. Wang Lei:project lead; not: Wang Lei" in result.stdout
    )
    assert "✓ 王磊 (project lead)" in result.stdout and "✓ After-sales service" in result.stdout
    folder = here / f"acme-{dt.date.today().isoformat()}"
    assert sorted(p.name for p in folder.iterdir()) == ["01-li-wei.yaml", "02-王磊.yaml"]
    assert answers_of(folder / "02-王磊.yaml") == {"sponsor-value": {"choice": "agreed-in-person"}}
    assert f"To continue: crmrisk assess --resume {folder} --lang en\n" in result.stderr


def test_one_person_given_as_name_role_is_a_session_of_one(here: Path) -> None:
    result = invoke(
        ["--lang", "en", *FACTS, "--respondent", "Li Wei:项目负责人", "-o", "a.yaml"], ["1"]
    )
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((here / "a.yaml").read_text(encoding="utf-8"))
    assert data["respondent"] == {"name": "Li Wei", "role": "project-lead"}


def test_end_of_input_saves_every_file_and_one_command_continues_the_room(here: Path) -> None:
    args = ["--lang", "en", *FACTS, *PEOPLE, "--out-dir", "m"]
    first = invoke(args, LINES[:5])  # question 1, and Li Wei's answer to question 2
    assert first.exit_code == 0, first.output
    folder = here / "m"
    assert first.stderr.endswith(
        f"Saved to m:\n"
        f'  01-li-wei.yaml: 2 of 7 questions answered, 0 "we don\'t know", 5 skipped.\n'
        f'  02-wang-lei.yaml: 1 of 7 questions answered, 0 "we don\'t know", 6 skipped.\n'
        f'  03-zhao-min.yaml: 1 of 7 questions answered, 0 "we don\'t know", 6 skipped.\n'
        f"To continue: crmrisk assess --resume {folder} --lang en\n"
    )
    # Wang Lei goes on with question 2, then Zhao Min, then Li Wei with question 3.
    second = invoke(["--resume", str(folder), "--lang", "en"], LINES[5:8])
    assert second.exit_code == 0, second.output
    assert second.stdout.splitlines()[1].startswith("╭─ Initiation & delivery · question 2 of 7")
    assert "Wang Lei (project lead) › 1" in second.stdout
    assert "Li Wei (sponsor) › 1" in second.stdout  # question 3
    command = f"crmrisk assess --resume {folder} --lang en"
    third = invoke(shlex.split(command)[2:], LINES[8:])
    assert third.exit_code == 0, third.output
    assert third.stdout.splitlines()[1].startswith("╭─ Initiation & delivery · question 3 of 7")
    assert "Summary: Acme service CRM" in third.stdout
    assert [len(answers_of(folder / f)) for f in FILES] == [7, 7, 6]


def test_a_used_folder_is_refused_before_anything_is_asked(here: Path) -> None:
    (here / "m").mkdir()
    (here / "m" / "notes.txt").write_text("mine", encoding="utf-8")
    result = invoke(["--lang", "en", *FACTS, *PEOPLE, "--out-dir", "m"], LINES)
    assert result.exit_code == 2
    assert result.stderr == (
        "crmrisk: error: m already exists and is not empty; continue its room with "
        "--resume m, or write into it with --force\n"
    )
    assert result.stdout == ""
    # --force writes into it, but not beside another answer file, which would join the group.
    (here / "m" / "old.yaml").write_text("bank: seven-questions\n", encoding="utf-8")
    forced = invoke(["--lang", "en", *FACTS, *PEOPLE, "--out-dir", "m", "--force"], LINES)
    assert forced.exit_code == 2
    assert "m/old.yaml would join this room's group" in forced.stderr
    (here / "m" / "old.yaml").unlink()
    forced = invoke(["--lang", "en", *FACTS, *PEOPLE, "--out-dir", "m", "--force"], LINES[:1])
    assert forced.exit_code == 0, forced.output
    assert sorted(p.name for p in (here / "m").iterdir()) == [*FILES, "notes.txt"]


def test_an_empty_folder_made_beforehand_is_used(here: Path) -> None:
    (here / "m").mkdir()
    result = invoke(["--lang", "en", *FACTS, *PEOPLE, "--out-dir", "m"], LINES[:2])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (here / "m").iterdir()) == FILES
    assert [p.name for p in here.iterdir() if p.name.startswith(".")] == []  # no temporary left


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [*PEOPLE, "--out", "a.yaml"],
            "a room writes one file per person: give its folder with --out-dir DIR, not --out",
        ),
        (
            [*PEOPLE, "--role", "sponsor"],
            "--role goes with one respondent; in a room give each person as --respondent NAME:ROLE",
        ),
        (
            ["--respondent", "Li:sponsor", "--respondent", "Wang"],
            "--respondent 'Wang': in a room write each person as NAME:ROLE; roles: sponsor, "
            "project-lead, frontline, line-manager, operations, consultant, other",
        ),
        (
            ["--respondent", "Li:sponsor", "--respondent", "Li:1"],
            "--respondent 'Li:1' is given twice",
        ),
        (
            ["--out-dir", "nowhere/m"],
            "nowhere: no such directory for the room's folder nowhere/m",
        ),
    ],
)
def test_room_options_that_do_not_fit_are_refused(
    here: Path, args: list[str], message: str
) -> None:
    result = invoke(["--lang", "en", *FACTS, *args], LINES)
    assert (result.exit_code, result.stderr) == (2, f"crmrisk: error: {message}\n")
    assert list(here.iterdir()) == []


def test_resume_of_a_room_refuses_people_options(here: Path) -> None:
    assert invoke(["--lang", "en", *FACTS, *PEOPLE, "--out-dir", "m"], LINES[:1]).exit_code == 0
    result = invoke(["--lang", "en", "--resume", "m", "--respondent", "X:sponsor"], ["1"])
    assert result.exit_code == 2
    assert "--resume DIR continues the room in its folder" in result.stderr


def test_a_room_over_several_banks(here: Path) -> None:
    banks = ["--bank", "seven-questions", "--bank", "management-system"]
    people = ["--respondent", "Li:sponsor", "--respondent", "Wang:operations"]
    result = invoke(["--lang", "en", *banks, *FACTS, *people, "--out-dir", "m"], ["1", "4"])
    assert result.exit_code == 0, result.output
    assert "bank 1 of 2, question 1 of 7" in result.stdout
    assert "⚠ Consensus gap" in result.stdout
    data = yaml.safe_load((here / "m" / "02-wang.yaml").read_text(encoding="utf-8"))
    assert data["banks"] == ["seven-questions", "management-system"]
    assert data["answers"]["seven-questions"] == {"sponsor-value": {"choice": "none"}}
    # the rest of seven-questions, then the first question of management-system: n/a allowed
    rest = [line for _ in range(6) for line in ("1", "1")]
    resumed = invoke(["--lang", "en", "--resume", "m"], [*rest, "x", "one system only", "1"])
    assert resumed.exit_code == 0, resumed.output
    assert "✓ not applicable: one system only" in resumed.stdout
    li = yaml.safe_load((here / "m" / "01-li.yaml").read_text(encoding="utf-8"))
    assert li["answers"]["management-system"]["system-integration"] == {
        "choice": "n/a",
        "reason": "one system only",
    }
    grouped = CliRunner().invoke(app, ["score", "--group", str(here / "m"), "--format", "json"])
    assert grouped.exit_code == 0, grouped.output


def test_the_report_of_a_room_may_be_html(here: Path) -> None:
    result = invoke(
        ["--lang", "zh", *FACTS, *PEOPLE, "--out-dir", "m", "--report", "r.html"], LINES
    )
    assert result.exit_code == 0, result.output
    page = (here / "r.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "共识差距" in page
    assert "⚠ 共识差距：回答的风险相差 1.00（阈值 0.50）" in result.stdout
    assert "  李伟" not in result.stdout
    assert "  Li Wei（项目发起人）：1 当面谈过" in result.stdout


def test_the_default_folder_is_not_used_twice(here: Path) -> None:
    first = invoke(["--lang", "en", *FACTS, *PEOPLE], LINES[:2])
    assert first.exit_code == 0, first.output
    (folder,) = here.iterdir()
    assert folder.name == f"acme-service-crm-{dt.date.today().isoformat()}"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    again = invoke(["--lang", "en", *FACTS, *PEOPLE], LINES[:2])
    assert again.exit_code == 2
    assert again.stdout == ""  # refused before anything is shown or asked
    assert again.stderr == (
        f"crmrisk: error: {folder.name} already exists and is not empty; continue its room "
        f"with --resume {folder.name}, or write into it with --force\n"
    )
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_report_of_one_may_be_html_too(here: Path) -> None:
    args = ["--lang", "en", *FACTS, "--respondent", "Li Wei:sponsor", "-o", "a.yaml"]
    result = invoke([*args, "--report", "r.html"], ["1", "1", "1", "35", "1", "1", "1"])
    assert result.exit_code == 0, result.output
    assert (here / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_report_may_not_be_one_of_the_rooms_answer_files(here: Path) -> None:
    """The report is written at the end: over a person's answer file it would replace every
    answer given, so the room is refused before anything is written or asked."""
    args = ["--lang", "en", *FACTS, *PEOPLE, "--out-dir", "m", "--report", "m/02-wang-lei.yaml"]
    result = invoke(args, LINES)
    assert result.exit_code == 2
    assert result.stderr == (
        "crmrisk: error: --report m/02-wang-lei.yaml is the answer file itself; "
        "write the report to another file\n"
    )
    assert not (here / "m").exists()
    # a room continued from its folder is held to the same
    assert invoke(["--lang", "en", *FACTS, *PEOPLE, "--out-dir", "m"], LINES).exit_code == 0
    before = {p.name: p.read_bytes() for p in (here / "m").iterdir()}
    again = invoke(["--lang", "en", "--resume", "m", "--report", "m/01-li-wei.yaml"], ["q"])
    assert again.exit_code == 2 and "is the answer file itself" in again.stderr
    assert {p.name: p.read_bytes() for p in (here / "m").iterdir()} == before
