"""Nothing typed into an answer file is lost when ``assess`` continues it: every comment stays
where it was, and the keys keep their order (for a room's files too)."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from crm_risk.answer_rewrite import Rewriter
from crm_risk.cli import app

COMMENTED = textwrap.dedent(
    """\
    # Kickoff with Li Wei, written by hand the evening before.
    # Ask about the budget again.
    project: Acme service CRM   # as the contract says
    bank: seven-questions
    date: 2026-11-20
    respondent: {role: sponsor, name: Li Wei}  # she prefers "Wei"
    context:
      # the service desk part only
      crm_kind: after-sales-service  # confirmed by mail
    answers:
      # her own words
      sponsor-value: {choice: agreed-in-person}  # face to face on Monday
      # she hesitated here
      core-value:
        note: two teams want different things   # to settle
        choice: few-priorities
      budget-for-delivery:
        value: "35%"   # from the steering slides
    # end of the hand-written part
    """
)
COMMENTS = [line.strip() for line in COMMENTED.splitlines() if "#" in line]


def invoke(args: list[str], lines: list[str]) -> Any:
    return CliRunner().invoke(app, ["assess", *args], input="".join(f"{x}\n" for x in lines))


def comments_of(text: str) -> list[str]:
    """The comments of a file, in order, each with what stands before it on its line."""
    return [line.strip() for line in text.splitlines() if "#" in line]


def top_keys(text: str) -> list[str]:
    return list(yaml.safe_load(text))


def test_a_resumed_file_keeps_every_comment_and_the_order_of_its_keys(tmp_path: Path) -> None:
    path = tmp_path / "li.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    result = invoke(["--lang", "en", "--resume", str(path)], ["2", "n corridor talk", "1"])
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    # Every comment, in its place: on its own line or after the same value.
    assert comments_of(text) == COMMENTS
    assert top_keys(text) == [
        "project",
        "bank",
        "bank_version",  # added after bank, where a new file has it
        "date",
        "respondent",
        "context",
        "answers",
    ]
    data = yaml.safe_load(text)
    assert list(data["respondent"]) == ["role", "name"]
    assert list(data["answers"]["core-value"]) == ["note", "choice"]
    assert data["answers"] == {
        "sponsor-value": {"choice": "agreed-in-person"},
        "core-value": {"note": "two teams want different things", "choice": "few-priorities"},
        "budget-for-delivery": {"value": "35%"},  # as written: it says 35
        "frontline-benefit": {"choice": "some-help"},
        "frontline-can-work-without": {"choice": "need-it", "note": "corridor talk"},
    }
    # New answers go in bank order, the comment that ended the file stays last.
    assert text.endswith(
        "  core-value:\n"
        "    note: two teams want different things   # to settle\n"
        "    choice: few-priorities\n"
        "  frontline-benefit:\n"
        "    choice: some-help\n"
        "  budget-for-delivery:\n"
        '    value: "35%"   # from the steering slides\n'
        "  frontline-can-work-without:\n"
        "    choice: need-it\n"
        "    note: corridor talk\n"
        "# end of the hand-written part\n"
    )
    checked = CliRunner().invoke(app, ["validate", str(path)])
    assert checked.exit_code == 0, checked.output


def test_a_comment_above_an_answer_stays_above_it_when_one_is_added_before_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "bank: seven-questions\nproject: P\nrespondent: {name: N, role: sponsor}\n"
        "answers:\n  sponsor-value: {choice: none}\n  # about the budget\n"
        "  budget-for-delivery: {value: 35}\n",
        encoding="utf-8",
    )
    result = invoke(["--lang", "en", "--resume", str(path)], ["1"])  # core-value, in between
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert text.endswith(
        "  core-value:\n    choice: one-focused\n"
        "  # about the budget\n  budget-for-delivery: {value: 35}\n"
    )


def test_a_room_keeps_the_comments_of_each_file(tmp_path: Path) -> None:
    people = ["--respondent", "Li:sponsor", "--respondent", "Wang:project-lead"]
    facts = ["--project", "P", "--context", "crm_kind=other", "--out-dir", str(tmp_path / "m")]
    assert invoke(["--lang", "en", *people, *facts], ["1", "2"]).exit_code == 0
    files = sorted((tmp_path / "m").iterdir())
    for path in files:
        text = path.read_text(encoding="utf-8")
        text = text.replace("answers:\n", "answers:  # said in the room\n  # question 1\n")
        path.write_text("# kept by the consultant\n" + text, encoding="utf-8")
    before = [comments_of(p.read_text(encoding="utf-8")) for p in files]
    result = invoke(["--lang", "en", "--resume", str(tmp_path / "m")], ["3", "4"])
    assert result.exit_code == 0, result.output
    for path, comments in zip(files, before, strict=True):
        text = path.read_text(encoding="utf-8")
        assert comments_of(text) == comments
        assert list(yaml.safe_load(text)["answers"]) == ["sponsor-value", "core-value"]


def test_a_json_file_keeps_the_order_of_its_keys(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    written = {
        "respondent": {"role": "sponsor", "name": "R"},
        "answers": {"core-value": {"choice": "none"}},
        "project": "J",
        "bank": "seven-questions",
    }
    path.write_text(json.dumps(written), encoding="utf-8")
    result = invoke(["--lang", "en", "--resume", str(path)], ["1"])
    assert result.exit_code == 0, result.output
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(data) == ["respondent", "answers", "project", "bank", "bank_version", "date"]
    assert list(data["respondent"]) == ["role", "name"]
    assert list(data["answers"]) == ["sponsor-value", "core-value"]


@pytest.mark.parametrize(
    "value",
    ["no", "on", "yes", "1.0", "null", "a: b", "#x", "a\x85b", "tab\there", "\x1b[31m", "  "],
)
def test_new_text_reads_back_as_written_by_any_yaml_reader(value: str) -> None:
    rewriter = Rewriter("bank: b\nproject: P\nanswers: {}\n", as_json=False)
    text = rewriter.text({"bank": "b", "project": "P", "answers": {"q": {"choice": value}}})
    assert yaml.safe_load(text)["answers"] == {"q": {"choice": value}}  # PyYAML: YAML 1.1


def test_a_file_with_aliases_is_written_afresh() -> None:
    text = "bank: b\nproject: &p P\nrespondent: {name: *p, role: other}\n"
    assert not Rewriter(text, as_json=False).usable
    assert Rewriter("bank: b\n", as_json=False).usable


def test_an_unchanged_date_and_a_value_written_as_text_are_kept() -> None:
    rewriter = Rewriter('date: 2026-11-20\nanswers:\n  q: {value: "３５％"}\n', as_json=False)
    doc = {"date": dt.date(2026, 11, 20), "answers": {"q": {"value": 35}}}
    assert rewriter.text(doc) == 'date: 2026-11-20\nanswers:\n  q: {value: "３５％"}\n'
