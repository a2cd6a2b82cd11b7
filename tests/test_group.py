"""Group scoring (``score --group``): worst respondent per phase, answers by role, consensus gaps."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from crm_risk.answers import Answer, AnswerFile
from crm_risk.banks import load_bank
from crm_risk.cli import app
from crm_risk.group import score_group
from crm_risk.loading import load_answers_file
from crm_risk.scoring import score, score_section
from tests.conftest import examples

SEVEN = load_bank("seven-questions")

# Everyone agrees on a healthy project.
HEALTHY = {
    "sponsor-value": {"choice": "agreed-written"},
    "core-value": {"choice": "one-focused"},
    "frontline-benefit": {"choice": "helps-daily-work"},
    "budget-for-delivery": {"value": 35},
    "frontline-can-work-without": {"choice": "need-it"},
    "managers-can-manage-without": {"choice": "need-it"},
    "operations-team-weak": {"choice": "strong"},
}


def write(
    folder: Path,
    name: str,
    role: str,
    answers: dict[str, Any],
    project: str = "Acme service CRM",
) -> Path:
    path = folder / f"{role}.yaml"
    document = {
        "bank": "seven-questions",
        "bank_version": "1.0",
        "project": project,
        "respondent": {"name": name, "role": role},
        "date": "2026-11-22",
        "answers": answers,
    }
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def run(*args: str) -> Any:
    """``score --group`` naming the respondents (by default a group report shows roles only)."""
    return CliRunner().invoke(app, ["score", "--group", "--names", "--lang", "en", *args])


@pytest.fixture
def disagreeing(tmp_path: Path) -> Path:
    """A sponsor who says the value is agreed and a project lead who says there is no agreement."""
    write(tmp_path, "Li Wei", "sponsor", HEALTHY)
    write(tmp_path, "Zhou Min", "project-lead", {**HEALTHY, "sponsor-value": {"choice": "none"}})
    return tmp_path


def test_agreeing_respondents_have_no_gaps(tmp_path: Path) -> None:
    write(tmp_path, "Li Wei", "sponsor", HEALTHY)
    # 0.3 apart on one question: within the bank's threshold of 0.5.
    write(
        tmp_path,
        "Zhou Min",
        "project-lead",
        {**HEALTHY, "sponsor-value": {"choice": "agreed-verbal"}},
    )
    result = run(str(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.output
    group = json.loads(result.stdout)["group"]
    assert group["gaps"] == []
    assert [q["gap"] for q in group["questions"]] == [False] * 7
    assert group["overall"]["grade"] == "low"
    markdown = run(str(tmp_path), "--format", "markdown").stdout
    assert (
        "No consensus gaps: on every question the respondents agree within the threshold."
        in markdown
    )


def test_sponsor_and_project_lead_disagreeing_on_value_is_a_finding(disagreeing: Path) -> None:
    result = run(str(disagreeing), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert len(document["assessments"]) == 2  # the existing contract stays
    gaps = document["group"]["gaps"]
    assert len(gaps) == 1
    gap = gaps[0]
    assert (gap["question"], gap["roles"], gap["spread"], gap["threshold"]) == (
        "sponsor-value",
        ["sponsor", "project-lead"],
        1.0,
        0.5,
    )
    assert [(r["name"], r["role"], r["risk"], r["side"]) for r in gap["respondents"]] == [
        ("Li Wei", "sponsor", 0.0, "low"),
        ("Zhou Min", "project-lead", 1.0, "high"),
    ]
    assert gap["respondents"][1]["answer"] == (
        "No agreement, or the sponsor is not interested in the project"
    )


def test_the_gap_is_in_the_terminal_and_markdown_reports(disagreeing: Path) -> None:
    table = run(str(disagreeing))
    assert table.exit_code == 0
    assert "Consensus gaps" in table.stdout
    assert " consensus gap  What value of the project has the top sponsor agreed" in table.stdout
    assert "The respondents' risks differ by 1.00 (threshold 0.50)." in table.stdout
    assert "Zhou Min (project lead) → No agreement" in table.stdout
    markdown = run(str(disagreeing), "--format", "markdown").stdout
    assert "## Consensus gaps" in markdown
    assert (
        "1. **What value of the project has the top sponsor agreed with you, and do they back it "
        "as their own?** (#1)\n"
        "   - The respondents' risks differ by 1.00 (threshold 0.50).\n"
        "   - Li Wei (sponsor): Agreed face to face: we heard the sponsor's own view, set the "
        "direction together, and they actively back it (0.00)\n"
        "   - Zhou Min (project lead): No agreement, or the sponsor is not interested in the "
        "project (1.00)\n"
    ) in markdown
    assert "⚠ *consensus gap*" in markdown


def test_group_grade_is_the_worst_respondents_and_names_them(disagreeing: Path) -> None:
    result = run(str(disagreeing), "--format", "json")
    group = json.loads(result.stdout)["group"]
    phase = group["phases"][0]
    assert group["rule"] == "worst-respondent"
    # The project lead's red-flag answer lifts initiation & delivery to high.
    assert (phase["id"], phase["grade"]) == ("initiation-delivery", "high")
    assert phase["driven_by"]["name"] == "Zhou Min"
    assert phase["driven_by"]["role"] == "project-lead"
    # Files from a directory come in name order: project-lead.yaml, then sponsor.yaml.
    assert [(r["role"], r["grade"]) for r in phase["respondents"]] == [
        ("project-lead", "high"),
        ("sponsor", "low"),
    ]
    assert group["overall"]["driven_by"]["role"] == "project-lead"
    table = run(str(disagreeing)).stdout
    assert "Each phase takes the highest grade any respondent's answers give it." in table
    assert "Set by" in table


def test_fail_on_uses_the_group_grade(disagreeing: Path) -> None:
    assert run(str(disagreeing), "--fail-on", "high", "-f", "json").exit_code == 1
    assert run(str(disagreeing), "--fail-on", "critical", "-f", "json").exit_code == 0


def test_unanswered_is_not_a_view_but_unknown_is(tmp_path: Path) -> None:
    skipped = {k: v for k, v in HEALTHY.items() if k != "core-value"}
    write(tmp_path, "A", "sponsor", HEALTHY)
    write(tmp_path, "B", "frontline", {**skipped, "frontline-benefit": {"choice": "unknown"}})
    group = json.loads(run(str(tmp_path), "-f", "json").stdout)["group"]
    assert [g["question"] for g in group["gaps"]] == ["frontline-benefit"]


def test_question_threshold_overrides_the_banks(tmp_path: Path) -> None:
    bank_text = Path(__file__).parent / ".." / "crm_risk" / "questions" / "seven-questions.yaml"
    text = bank_text.read_text("utf-8").replace(
        "  - id: core-value\n", "  - id: core-value\n    consensus_gap: 0.3\n"
    )
    (tmp_path / "bank.yaml").write_text(text, "utf-8")
    for role, choice in (("sponsor", "one-focused"), ("project-lead", "few-priorities")):
        path = write(tmp_path, role, role, {**HEALTHY, "core-value": {"choice": choice}})
        data = yaml.safe_load(path.read_text("utf-8"))
        data["bank"] = "bank.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    result = run(str(tmp_path / "sponsor.yaml"), str(tmp_path / "project-lead.yaml"), "-f", "json")
    assert result.exit_code == 0, result.output
    gaps = json.loads(result.stdout)["group"]["gaps"]
    assert [(g["question"], g["threshold"], g["spread"]) for g in gaps] == [
        ("core-value", 0.3, 0.4)
    ]


def test_files_of_different_projects_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "A", "sponsor", HEALTHY)
    write(tmp_path, "B", "frontline", HEALTHY, project="Another project")
    result = run(str(tmp_path))
    assert result.exit_code == 2
    assert result.stdout == ""
    # frontline.yaml comes first (name order), so it sets the group's project.
    assert result.stderr == (
        f"crmrisk: error: {tmp_path / 'sponsor.yaml'}: project 'Acme service CRM' differs from "
        f"'Another project' in {tmp_path / 'frontline.yaml'}; a group is one project's "
        "answer files\n"
    )


def test_a_file_that_does_not_load_stops_the_group(tmp_path: Path) -> None:
    write(tmp_path, "A", "sponsor", HEALTHY)
    (tmp_path / "broken.yaml").write_text("bank: seven-questions\nproject: [\n", "utf-8")
    result = run(str(tmp_path), "-f", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"crmrisk: error: {tmp_path / 'broken.yaml'}:")


def test_a_file_given_twice_counts_once(disagreeing: Path) -> None:
    result = run(str(disagreeing), str(disagreeing / "sponsor.yaml"), "-f", "json")
    assert len(json.loads(result.stdout)["group"]["respondents"]) == 2


def test_group_report_in_chinese(disagreeing: Path) -> None:
    result = CliRunner().invoke(
        app, ["score", "--group", "--names", "--lang", "zh", str(disagreeing)]
    )
    assert result.exit_code == 0
    assert "共识差距" in result.stdout
    assert "每个阶段取各受访者回答中最高的风险等级。" in result.stdout
    markdown = (
        CliRunner()
        .invoke(
            app, ["score", "--group", "--names", "--lang", "zh", "-f", "markdown", str(disagreeing)]
        )
        .stdout
    )
    assert "   - Zhou Min（项目负责人）：没有共识，或老板并不关心这个项目（1.00）" in markdown


def test_user_text_in_the_group_report_is_not_interpreted(tmp_path: Path) -> None:
    write(
        tmp_path,
        "[red]Li[/red] | *x*",
        "sponsor",
        {**HEALTHY, "core-value": {"choice": "none", "note": "<b>n</b>"}},
    )
    write(tmp_path, "B", "frontline", HEALTHY)
    table = run(str(tmp_path)).stdout
    assert "[red]Li[/red] | *x* (sponsor)" in table
    markdown = run(str(tmp_path), "-f", "markdown").stdout
    assert "\\[red\\]Li\\[/red\\] \\| \\*x\\* (sponsor)" in markdown
    assert "&lt;b&gt;n&lt;/b&gt;" in markdown


# ---------------------------------------------------------------------------------------------
# Rules that always hold

CHOICES = {q.id: q.choice_ids() for q in SEVEN.questions if q.choices}


@st.composite
def answer_files(draw: st.DrawFn) -> AnswerFile:
    answers: dict[str, Any] = {}
    for question in SEVEN.questions:
        kind = draw(st.sampled_from(["answer", "unknown", "skip"]))
        if kind == "unknown":
            answers[question.id] = {"choice": "unknown"}
        elif kind == "answer" and question.id in CHOICES:
            answers[question.id] = {"choice": draw(st.sampled_from(CHOICES[question.id]))}
        elif kind == "answer":
            answers[question.id] = {"value": draw(st.integers(0, 100))}
    role = draw(st.sampled_from(["sponsor", "project-lead", "frontline", "operations"]))
    return AnswerFile.model_validate(
        {
            "bank": "seven-questions",
            "project": "P",
            "respondent": {"name": role, "role": role},
            "answers": answers,
        }
    )


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(answer_files(), min_size=1, max_size=5))
def test_group_rules_hold(files: list[AnswerFile]) -> None:
    results = [score(SEVEN, f, file=f"f{i}.yaml") for i, f in enumerate(files)]
    group = score_group(results)
    # In the group a question someone skipped but another answered is left out of the skipper's
    # phase score: score each file again with those skips as "not applicable".
    viewed = {q for f in files for q, a in f.answers.items() if a is not None and not a.is_empty}
    adjusted = [
        score_section(
            SEVEN,
            {
                q.id: Answer(choice="n/a", reason="x")
                if q.id in viewed and (f.answers.get(q.id) is None or f.answers[q.id].is_empty)
                else f.answers.get(q.id)
                for q in SEVEN.questions
            },
        )
        for f in files
    ]

    def rank(grade: str | None) -> int:
        return SEVEN.grade_rank(grade) if grade else -1  # every question n/a: no grade

    for phase in group.phases:
        ranks = [rank(a.phase(phase.id).grade) for a in adjusted]
        assert rank(phase.grade) == max(ranks)
        driver = adjusted[phase.driver].phase(phase.id)
        assert (driver.grade, driver.score) == (phase.grade, phase.score)
    for spread in group.questions:
        views = [a.result.risk for a in spread.answers if a.result.status.is_view]
        expected = max(views) - min(views) if len(views) >= 2 else 0.0
        assert spread.spread == pytest.approx(expected)
        assert spread.gap == (expected > spread.threshold + 1e-9)
    assert {g.question for g in group.gaps} == {s.id for s in group.questions if s.gap}
    if len(files) == 1:
        assert group.gaps == ()


def test_answer_files_written_by_assess_group_together(tmp_path: Path) -> None:
    """The whole loop: two respondents run assess, then score --group finds their gap."""
    runner = CliRunner()
    common = ["assess", "--lang", "en", "--project", "Acme", "--context", "crm_kind=other"]
    for role, first in (("sponsor", "1"), ("project-lead", "4")):
        out = tmp_path / f"{role}.yaml"
        lines = [first, "1", "1", "35", "1", "1", "1"]
        result = runner.invoke(
            app,
            [*common, "--respondent", role.title(), "--role", role, "--out", str(out)],
            input="\n".join(lines) + "\n",
        )
        assert result.exit_code == 0, result.output
        assert load_answers_file(out).answers.respondent is not None
    grouped = run(str(tmp_path), "-f", "json")
    gaps = json.loads(grouped.stdout)["group"]["gaps"]
    assert [(g["question"], g["roles"]) for g in gaps] == [
        ("sponsor-value", ["sponsor", "project-lead"])
    ]


def test_the_meetings_markdown_report_has_advice_an_action_register_and_roles_only(
    disagreeing: Path, tmp_path: Path
) -> None:
    """``report --group`` of three respondents, as a consultant sends it after the meeting."""
    write(
        disagreeing,
        "Zhao Min",
        "frontline",
        {**HEALTHY, "frontline-benefit": {"choice": "control-only"}},
    )
    target = tmp_path / "meeting.md"
    result = CliRunner().invoke(
        app, ["report", "--group", "--lang", "en", str(disagreeing), "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    report = target.read_text(encoding="utf-8")
    for heading in (
        "## Summary",
        "## Consensus gaps",
        "## Findings and advice",
        "## Action register",
    ):
        assert f"\n{heading}\n" in report, heading
    register = report.split("## Action register", 1)[1]
    rows = [line for line in register.splitlines() if line.startswith("| ") and "---" not in line]
    assert rows[0].startswith("| # | Finding | Severity | Advice | Owner | Due |")
    # a row for each of the two risky answers, with its advice; owner and due left to fill in
    assert [row.split(" | ")[2] for row in rows[1:]] == ["Critical", "Critical"]
    assert all(len(row.split(" | ")[3]) > 40 for row in rows[1:])
    assert all(row.endswith("|  |  |") for row in rows[1:])
    findings = report.split("## Findings and advice", 1)[1].split("\n## ", 1)[0]
    assert findings.count("   - Advice: ") == 2
    gaps = report.split("## Consensus gaps", 1)[1].split("\n## ", 1)[0]
    assert gaps.count("   - Advice: ") == 2  # sponsor vs project lead, frontline vs the others
    assert "sponsor: " in gaps and "project lead: " in gaps and "frontline: " in gaps
    assert all(name not in report for name in ("Li Wei", "Zhou Min", "Zhao Min"))
    named = CliRunner().invoke(
        app, ["report", "--group", "--names", "--lang", "en", str(disagreeing)]
    )
    assert all(name in named.stdout for name in ("Li Wei", "Zhou Min", "Zhao Min"))
