"""The strategic-errors bank (article 003), driven through the CLI's JSON contract only.

Every answer file is written into the test's directory and scored with
``crmrisk score FILE --format json``; the assertions read the overall grade, the phase grades
and the findings' severities.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.bank_checks import bilingual_questionnaire

BANK = "strategic-errors"
PHASES = ["leadership", "vision-communication", "process-change", "scope-training"]
QUESTIONS = {
    "leadership": ["executive-sponsor", "manager-support", "key-people", "steering-committee"],
    "vision-communication": ["vision-goals", "vision-shared", "communication", "two-way-channel"],
    "process-change": [
        "process-definition",
        "process-redesign",
        "change-management",
        "willingness-to-change",
        "culture-change",
    ],
    "scope-training": [
        "scope-phasing",
        "quick-wins",
        "training-plan",
        "training-timing",
        "training-protected",
    ],
}
ALL_QUESTIONS = [q for phase in PHASES for q in QUESTIONS[phase]]
PHASE_OF = {q: phase for phase in PHASES for q in QUESTIONS[phase]}

# The best answer of every question: no risk at all.
BEST = {
    "executive-sponsor": "active",
    "manager-support": "active",
    "key-people": "covered",
    "steering-committee": "effective",
    "vision-goals": "linked-staged",
    "vision-shared": "involved",
    "communication": "planned",
    "two-way-channel": "answered",
    "process-definition": "confirmed",
    "process-redesign": "redesigned",
    "change-management": "planned",
    "willingness-to-change": "willing",
    "culture-change": "supports",
    "scope-phasing": "phased",
    "quick-wins": "planned",
    "training-plan": "complete",
    "training-timing": "just-before",
    "training-protected": "protected",
}
# The first risky answer of every question (risk 0.4): a moderate error.
MODERATE = {
    "executive-sponsor": "kickoff-only",
    "manager-support": "mixed",
    "key-people": "some-gaps",
    "steering-committee": "slow",
    "vision-goals": "no-stages",
    "vision-shared": "told",
    "communication": "irregular",
    "two-way-channel": "slow",
    "process-definition": "no-end-users",
    "process-redesign": "partly",
    "change-management": "some-measures",
    "willingness-to-change": "minor-only",
    "culture-change": "delegated",
    "scope-phasing": "unclear",
    "quick-wins": "by-chance",
    "training-plan": "current-users-only",
    "training-timing": "weeks-before",
    "training-protected": "sometimes",
}
# The worst answer of every question.
WORST = {
    "executive-sponsor": "none",
    "manager-support": "resist",
    "key-people": "already-hit",
    "steering-committee": "none",
    "vision-goals": "none",
    "vision-shared": "tool-will-sell-itself",
    "communication": "unprepared",
    "two-way-channel": "one-way",
    "process-definition": "undefined",
    "process-redesign": "fix-by-itself",
    "change-management": "none",
    "willingness-to-change": "refuses",
    "culture-change": "entrenched",
    "scope-phasing": "all-at-once",
    "quick-wins": "management-only",
    "training-plan": "none",
    "training-timing": "months-or-after",
    "training-protected": "routinely",
}


@pytest.fixture
def score(cli: Callable[..., Any], tmp_path: Path) -> Callable[..., dict[str, Any]]:
    """Score answers (question id -> choice id; the rest at their best) and return the assessment."""
    counter = iter(range(1000))

    def run(picks: dict[str, str], *, rest: dict[str, str] = BEST) -> dict[str, Any]:
        chosen = {**rest, **picks}
        doc = {
            "bank": BANK,
            "project": "Strategic errors test",
            "respondent": {"name": "Tester", "role": "consultant"},
            "date": "2026-11-22",
            "answers": {q: {"choice": c} for q, c in chosen.items()},
        }
        path = tmp_path / f"answers-{next(counter)}.yaml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
        result = cli("score", path, "--format", "json")
        assert result.exit_code == 0, result.output
        (assessment,) = json.loads(result.stdout)["assessments"]
        assert assessment["unanswered"] == []
        return assessment

    return run


def phase_grades(assessment: dict[str, Any]) -> dict[str, str]:
    return {p["id"]: p["grade"] for p in assessment["phases"]}


def severities(assessment: dict[str, Any]) -> dict[str, str]:
    return {f["question"]: f["severity"] for f in assessment["findings"]}


def only(phase_grade: dict[str, str]) -> dict[str, str]:
    """Every phase low except the ones given."""
    return {**dict.fromkeys(PHASES, "low"), **phase_grade}


# ---------------------------------------------------------------------------------------------
# The bank itself


def test_the_shipped_file_is_a_valid_bank(cli: Callable[..., Any]) -> None:
    path = Path(__file__).resolve().parent.parent / "crm_risk" / "questions" / f"{BANK}.yaml"
    result = cli("validate", path)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{path}: valid bank {BANK} 1.0\n"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_bank_lists_every_question_in_both_languages(
    cli: Callable[..., Any], lang: str
) -> None:
    bilingual_questionnaire(cli, BANK, lang, PHASE_OF)


def test_the_answer_sets_used_here_are_the_banks_best_moderate_and_worst(
    cli: Callable[..., Any],
) -> None:
    """Guards the tables above: BEST has risk 0, MODERATE 0.4, WORST the question's top risk."""
    data = json.loads(cli("questions", "--bank", BANK, "--format", "json").stdout)
    for question in data["questions"]:
        risk = {c["id"]: c["risk"] for c in question["choices"]}
        assert risk[BEST[question["id"]]] == 0.0
        assert risk[MODERATE[question["id"]]] == 0.4
        assert risk[WORST[question["id"]]] == max(risk.values())
        assert sorted(risk.values())[1] == 0.4  # the moderate answer is the first risky one


# ---------------------------------------------------------------------------------------------
# Lowest and highest answers


def test_all_lowest_answers_give_every_phase_low(score: Callable[..., dict[str, Any]]) -> None:
    assessment = score({})
    assert assessment["overall"] == {"grade": "low", "score": 0.0, "bank": "strategic-errors"}
    assert phase_grades(assessment) == only({})
    assert assessment["findings"] == []


def test_all_highest_answers_give_every_phase_critical(
    score: Callable[..., dict[str, Any]],
) -> None:
    assessment = score(WORST)
    assert assessment["overall"]["grade"] == "critical"
    assert phase_grades(assessment) == dict.fromkeys(PHASES, "critical")
    assert severities(assessment) == {
        q: ("high" if q in ("two-way-channel", "training-timing") else "critical")
        for q in ALL_QUESTIONS
    }


# ---------------------------------------------------------------------------------------------
# The article's rules


def test_no_executive_sponsor_alone_is_at_least_high(score: Callable[..., dict[str, Any]]) -> None:
    assessment = score({"executive-sponsor": "none"})
    assert assessment["overall"]["grade"] == "high"
    assert phase_grades(assessment) == only({"leadership": "high"})
    leadership = assessment["phases"][0]
    assert leadership["id"] == "leadership"
    assert leadership["score"] == 0.25
    assert leadership["red_flag"] is True
    assert severities(assessment) == {"executive-sponsor": "critical"}


def test_a_sponsorship_handed_down_to_it_alone_is_at_least_high(
    score: Callable[..., dict[str, Any]],
) -> None:
    assessment = score({"executive-sponsor": "delegated"})
    assert assessment["overall"]["grade"] == "high"
    assert phase_grades(assessment) == only({"leadership": "high"})
    assert severities(assessment) == {"executive-sponsor": "high"}


def test_a_sponsor_seen_only_at_kickoff_is_an_elevated_finding_in_a_low_phase(
    score: Callable[..., dict[str, Any]],
) -> None:
    assessment = score({"executive-sponsor": "kickoff-only"})
    assert phase_grades(assessment) == only({})
    assert severities(assessment) == {"executive-sponsor": "medium"}


def test_wanting_the_crm_but_refusing_to_change_alone_is_at_least_high(
    score: Callable[..., dict[str, Any]],
) -> None:
    assessment = score({"willingness-to-change": "refuses"})
    assert assessment["overall"]["grade"] == "high"
    assert phase_grades(assessment) == only({"process-change": "high"})
    assert severities(assessment) == {"willingness-to-change": "critical"}


@pytest.mark.parametrize("question", ALL_QUESTIONS)
def test_the_worst_answer_alone_never_leaves_its_phase_low(
    score: Callable[..., dict[str, Any]], question: str
) -> None:
    assessment = score({question: WORST[question]})
    decisive = question in ("executive-sponsor", "willingness-to-change")
    assert phase_grades(assessment) == only({PHASE_OF[question]: "high" if decisive else "medium"})


def test_unprepared_communication_is_worse_than_none(score: Callable[..., dict[str, Any]]) -> None:
    silent = score({"communication": "silent"})
    unprepared = score({"communication": "unprepared"})
    assert [f["risk"] for f in silent["findings"]] == [0.7]
    assert [f["risk"] for f in unprepared["findings"]] == [1.0]
    assert severities(silent) == {"communication": "high"}
    assert severities(unprepared) == {"communication": "critical"}
    assert silent["phases"][1]["score"] < unprepared["phases"][1]["score"]


def test_a_key_member_leaving_that_broke_morale_is_a_critical_finding(
    score: Callable[..., dict[str, Any]],
) -> None:
    assessment = score({"key-people": "already-hit"})
    assert phase_grades(assessment) == only({"leadership": "medium"})
    (finding,) = assessment["findings"]
    assert finding["severity"] == "critical"
    assert "steering committee" in finding["advice"]


def test_a_poor_training_plan_adds_up(score: Callable[..., dict[str, Any]]) -> None:
    # who and what (only today's users), when (weeks ahead), and sessions cancelled for business
    assessment = score(
        {
            "training-plan": "current-users-only",
            "training-timing": "weeks-before",
            "training-protected": "routinely",
        }
    )
    assert phase_grades(assessment) == only({"scope-training": "medium"})
    assert severities(assessment) == {
        "training-protected": "critical",
        "training-plan": "medium",
        "training-timing": "medium",
    }


# ---------------------------------------------------------------------------------------------
# The domino effect: moderate errors add up and never average down to low


@pytest.mark.parametrize("phase", PHASES)
def test_one_moderate_error_alone_leaves_its_phase_low(
    score: Callable[..., dict[str, Any]], phase: str
) -> None:
    first = QUESTIONS[phase][0]
    assessment = score({first: MODERATE[first]})
    assert phase_grades(assessment) == only({})
    assert severities(assessment) == {first: "medium"}


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("count", [2, 3])
def test_two_or_three_moderate_errors_in_a_phase_are_never_low(
    score: Callable[..., dict[str, Any]], phase: str, count: int
) -> None:
    # the last questions of the phase, so that the largest phases (five questions) are tested
    picked = QUESTIONS[phase][-count:]
    assessment = score({q: MODERATE[q] for q in picked})
    assert phase_grades(assessment) == only({phase: "medium"})
    assert assessment["overall"]["grade"] == "medium"
    assert severities(assessment) == dict.fromkeys(picked, "medium")


def test_every_pair_of_moderate_errors_in_a_phase_is_elevated(
    score: Callable[..., dict[str, Any]],
) -> None:
    for phase in PHASES:
        questions = QUESTIONS[phase]
        for i, first in enumerate(questions):
            for second in questions[i + 1 :]:
                assessment = score({first: MODERATE[first], second: MODERATE[second]})
                assert phase_grades(assessment) == only({phase: "medium"}), (first, second)


def test_several_moderate_errors_across_the_project_are_elevated_everywhere(
    score: Callable[..., dict[str, Any]],
) -> None:
    picks = {q: MODERATE[q] for phase in PHASES for q in QUESTIONS[phase][:2]}
    assessment = score(picks)
    assert assessment["overall"]["grade"] == "medium"
    assert phase_grades(assessment) == dict.fromkeys(PHASES, "medium")
