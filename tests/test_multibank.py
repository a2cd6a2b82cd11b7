"""Several banks in one answer file, in every command; and "not applicable"."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from crm_risk.banks import load_bank, shipped_bank_ids
from tests.conftest import EXAMPLES

Cli = Callable[..., Any]
FULL = EXAMPLES / "four-year-failure.yaml"


def _write(folder: Path, name: str, doc: dict[str, Any]) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_whole_printable_questionnaire(cli: Cli, lang: str) -> None:
    result = cli("questions", "--bank", "all", "--format", "markdown", "--lang", lang)
    assert result.exit_code == 0
    text = result.stdout
    for bank_id in shipped_bank_ids():
        bank = load_bank(bank_id)
        assert f"# {bank.title[lang]}" in text.replace("\\", "")
        for question in bank.questions:
            assert question.text[lang].split("（")[0][:30] in text.replace("\\", ""), question.id
    assert text.count("### ") == sum(len(load_bank(b).questions) for b in shipped_bank_ids())
    assert "**Kind of CRM: **" not in text and "**CRM 类型：**" not in text  # no stray markup


def test_a_five_bank_file_validates_scores_and_reports(cli: Cli) -> None:
    validated = cli("validate", FULL)
    assert validated.exit_code == 0
    assert validated.stdout == (
        f"{FULL}: valid answers for seven-questions, requirements-research, "
        "implementation-practice, strategic-errors, management-system\n"
    )
    report = cli("report", FULL).stdout
    assert "## Overview of every bank" in report
    assert report.index("## Overview of every bank") < report.index("## The CRM seven questions")
    table = cli("score", FULL).stdout
    assert "Overview of every bank" in table


def test_a_group_of_five_bank_files(cli: Cli, tmp_path: Path) -> None:
    doc = yaml.safe_load(FULL.read_text(encoding="utf-8"))
    first = _write(tmp_path, "consultant.yaml", doc)
    doc["respondent"] = {"name": "Liu Yang", "role": "sponsor"}
    doc["answers"]["strategic-errors"]["executive-sponsor"] = {"choice": "active"}
    second = _write(tmp_path, "sponsor.yaml", doc)
    result = cli("score", "--group", first, second, "--format", "json")
    assert result.exit_code == 0, result.stderr
    group = json.loads(result.stdout)["group"]
    assert [s["bank"] for s in group["sections"]] == shipped_bank_ids()
    strategic = next(s for s in group["sections"] if s["bank"] == "strategic-errors")
    assert [g["question"] for g in strategic["gaps"]] == ["executive-sponsor"]
    assert "bank" not in group  # several banks: sections only


def _one(bank: str, answers: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"banks": [bank], "project": "P", "answers": {bank: answers}, **extra}


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            {"remote-access": {"choice": "n/a"}},
            "answers.implementation-practice.remote-access: `choice: n/a` needs a `reason: ...` "
            "saying why",
        ),
        (
            {"project-ownership": {"choice": "n/a", "reason": "x"}},
            "answers.implementation-practice.project-ownership.choice: question "
            "'project-ownership' does not allow n/a (not applicable); answer it, or `choice: unknown`",
        ),
        (
            {"project-ownership": {"choice": "company-wide", "reason": "x"}},
            "answers.implementation-practice.project-ownership.reason: a reason goes with "
            "`choice: n/a` only",
        ),
    ],
)
def test_not_applicable_needs_a_reason_and_a_question_that_allows_it(
    cli: Cli, tmp_path: Path, answers: dict[str, Any], expected: str
) -> None:
    path = _write(tmp_path, "a.yaml", _one("implementation-practice", answers))
    result = cli("score", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"crmrisk: error: {path}:")
    assert result.stderr.rstrip("\n").endswith(expected)


def test_not_applicable_is_left_out_of_its_phases_score(cli: Cli, tmp_path: Path) -> None:
    bank = load_bank("management-system")
    links = [q for q in bank.questions if q.phase == "links"]
    allowed = [q for q in links if q.allow_na]
    others = [q for q in links if not q.allow_na]
    assert allowed and others
    answers: dict[str, Any] = {
        q.id: {"choice": "n/a", "reason": "no other systems"} for q in allowed
    }
    picked = {}
    for question in others:  # a middle answer: neither 0 (n/a as best) nor 1 (n/a as worst)
        assert question.choices is not None
        middle = sorted(question.choices, key=lambda c: c.risk)[1]
        answers[question.id] = {"choice": middle.id}
        picked[question.id] = (middle.risk, question.weight)
    path = _write(tmp_path, "a.yaml", _one("management-system", answers))
    document = json.loads(cli("score", path, "--format", "json").stdout)["assessments"][0]
    phase = document["sections"][0]["phases"][0]
    assert (phase["id"], phase["not_applicable"], phase["answered"]) == (
        "links",
        len(allowed),
        len(others),
    )
    expected = sum(r * w for r, w in picked.values()) / sum(w for _, w in picked.values())
    assert 0 < expected < 1
    assert phase["score"] == pytest.approx(expected, abs=1e-4)


def test_a_phase_where_nothing_applies_has_no_grade_and_says_so(cli: Cli, tmp_path: Path) -> None:
    def question(qid: str, phase: str) -> dict[str, Any]:
        return {
            "id": qid,
            "phase": phase,
            "type": "yesno",
            "allow_na": True,
            "text": {"en": f"{qid}?"},
            "choices": [{"id": "yes", "risk": 0}, {"id": "no", "risk": 1}],
        }

    bank_file = tmp_path / "na.bank.yaml"
    bank_file.write_text(
        yaml.safe_dump(
            {
                "id": "na",
                "version": "1",
                "languages": ["en"],
                "title": {"en": "NA"},
                "phases": [{"id": "a", "title": {"en": "A"}}, {"id": "b", "title": {"en": "B"}}],
                "grades": [
                    {"id": "low", "label": {"en": "Low"}, "min": 0},
                    {"id": "high", "label": {"en": "High"}, "min": 0.5},
                ],
                "red_flag_grade": "high",
                "questions": [question("a1", "a"), question("a2", "a"), question("b1", "b")],
            }
        ),
        encoding="utf-8",
    )
    na = {"choice": "n/a", "reason": "not here"}
    path = _write(
        tmp_path,
        "a.yaml",
        {"bank": str(bank_file), "project": "P", "answers": {"a1": na, "a2": na, "b1": na}},
    )
    document = json.loads(cli("score", path, "--format", "json").stdout)["assessments"][0]
    assert [(p["id"], p["grade"], p["not_applicable"]) for p in document["phases"]] == [
        ("a", None, 2),
        ("b", None, 1),
    ]
    assert document["overall"]["grade"] is None
    rows = [line.split() for line in cli("score", path).stdout.splitlines()]
    graded = [row[:3] for row in rows if row[:1] in (["A"], ["B"], ["Overall"])]
    assert graded == [["A", "no", "grade"], ["B", "no", "grade"], ["Overall", "no", "grade"]]


def test_the_answer_keys_of_a_multi_bank_file_are_its_banks(cli: Cli, tmp_path: Path) -> None:
    doc = _one("seven-questions", {"core-value": {"choice": "one-focused"}})
    doc["answers"]["management-system"] = {}
    path = _write(tmp_path, "a.yaml", doc)
    result = cli("score", path)
    assert result.exit_code == 2
    assert (
        "answers.management-system: 'management-system' is not one of the banks: seven-questions"
        in result.stderr
    )
    twice = _write(
        tmp_path, "b.yaml", {**doc, "banks": ["seven-questions", "seven-questions"], "answers": {}}
    )
    assert "banks: a bank is listed twice" in cli("score", twice).stderr


def test_assess_over_two_banks_goes_back_across_them_and_resumes(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    args = ["assess", "--bank", "seven-questions", "--bank", "management-system", "--out", out]
    args += [
        "--project",
        "P",
        "--respondent",
        "R",
        "--role",
        "sponsor",
        "--context",
        "crm_kind=other",
    ]
    lines = ["1", "1", "1", "35", "1", "1", "1", "b", "", "1", "q"]
    result = cli(*args, input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.stderr
    out_text = result.stdout
    assert "bank 1 of 2, question 7 of 7" in out_text
    assert out_text.count("bank 2 of 2, question 1 of 10") == 2  # before and after going back
    saved = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert saved["banks"] == ["seven-questions", "management-system"]
    assert saved["bank_versions"] == {"seven-questions": "1.1", "management-system": "1.0"}
    assert list(saved["answers"]["management-system"]) == ["system-integration"]
    resumed = cli("assess", "--resume", out, input="2\nq\n")
    assert resumed.exit_code == 0, resumed.stderr
    assert "bank 2 of 2, question 2 of 10" in resumed.stdout
    again = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert again["answers"]["management-system"]["vertical-link"] == {"choice": "partly"}


def test_assess_not_applicable_where_the_bank_allows_it(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    args = ["assess", "--bank", "management-system", "--out", out, "--project", "P"]
    args += ["--respondent", "R", "--role", "sponsor"]
    # Question 1 allows n/a; question 2 does not.
    result = cli(*args, input="x\n\nx One shop, no other systems\nx\n1\nq\n")
    assert result.exit_code == 0, result.stderr
    assert "Not marked as not applicable: it needs a reason." in result.stdout
    assert "This question applies to every project" in result.stdout
    answers = yaml.safe_load(out.read_text(encoding="utf-8"))["answers"]
    assert answers["system-integration"] == {
        "choice": "n/a",
        "reason": "One shop, no other systems",
    }
    assert answers["vertical-link"] == {"choice": "managed"}


def test_a_several_bank_answer_file_given_as_a_bank_is_named_for_what_it_is(
    cli: Callable[..., Any],
) -> None:
    path = EXAMPLES / "four-year-failure.yaml"
    result = cli("questions", "--bank", path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"crmrisk: error: {path}:1:1: an answer file, not a question bank (a bank has `questions:`)\n"
    )
