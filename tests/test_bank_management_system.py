"""The management-system bank (article 004), driven through the CLI's JSON contract only.

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

BANK = "management-system"
PHASES = ["links", "scenarios", "maturity"]
QUESTIONS = {
    "links": ["system-integration", "vertical-link", "horizontal-link", "data-to-managers"],
    "scenarios": ["top-down-analysis", "management-carried", "missing-scenarios"],
    "maturity": ["maturity-stage", "improvement-loop", "commitment"],
}
ALL_QUESTIONS = [q for phase in PHASES for q in QUESTIONS[phase]]
PHASE_OF = {q: phase for phase in PHASES for q in QUESTIONS[phase]}
SCENARIOS = ["sales-team", "customers", "main-process", "business"]

Pick = dict[str, Any]  # an answer: {"choice": id} or {"choices": [ids]}

BEST: dict[str, Pick] = {
    "system-integration": {"choice": "connected"},
    "vertical-link": {"choice": "managed"},
    "horizontal-link": {"choice": "linked"},
    "data-to-managers": {"choice": "process"},
    "top-down-analysis": {"choice": "top-down"},
    "management-carried": {"choice": "managed"},
    "missing-scenarios": {"choices": ["none-missing"]},
    "maturity-stage": {"choice": "self-operation"},
    "improvement-loop": {"choice": "full-loop"},
    "commitment": {"choice": "long-term"},
}
WORST: dict[str, Pick] = {
    "system-integration": {"choice": "isolated"},
    "vertical-link": {"choice": "execution-only"},
    "horizontal-link": {"choice": "none"},
    "data-to-managers": {"choice": "none"},
    "top-down-analysis": {"choice": "feature-requests"},
    "management-carried": {"choice": "tools-only"},
    "missing-scenarios": {"choices": SCENARIOS},
    "maturity-stage": {"choice": "no-skeleton"},
    "improvement-loop": {"choice": "record-only"},
    "commitment": {"choice": "try-then-quit"},
}
# The first risky answer of each question: risk 0.4 (one missing scenario: 0.25, counted twice).
MODERATE: dict[str, Pick] = {
    "system-integration": {"choice": "partial"},
    "vertical-link": {"choice": "partly"},
    "horizontal-link": {"choice": "some"},
    "data-to-managers": {"choice": "reports-plus"},
    "top-down-analysis": {"choice": "architecture-first"},
    "management-carried": {"choice": "partly"},
    "missing-scenarios": {"choices": ["customers"]},
    "maturity-stage": {"choice": "skeleton"},
    "improvement-loop": {"choice": "occasional"},
    "commitment": {"choice": "unsettled"},
}
# The case of the article: a trading company with branches in every province, whose CRM had
# complete features (customers, visits, opportunities, sales data) and went unused for four years
# under several product managers; the plan was one more quick trial, then give up.
CASE: dict[str, Pick] = {
    "system-integration": {"choice": "isolated"},
    "vertical-link": {"choice": "execution-only"},
    "horizontal-link": {"choice": "none"},
    "data-to-managers": {"choice": "reports-only"},
    "top-down-analysis": {"choice": "feature-requests"},
    "management-carried": {"choice": "tools-only"},
    "missing-scenarios": {"choices": SCENARIOS},
    "maturity-stage": {"choice": "no-skeleton"},
    "improvement-loop": {"choice": "no-redesign"},
    "commitment": {"choice": "try-then-quit"},
}


@pytest.fixture
def score(cli: Callable[..., Any], tmp_path: Path) -> Callable[..., dict[str, Any]]:
    """Score answers (question id -> answer; the rest at their best) and return the assessment."""
    counter = iter(range(1000))

    def run(picks: dict[str, Pick]) -> dict[str, Any]:
        doc = {
            "bank": BANK,
            "project": "Management system test",
            "respondent": {"name": "Tester", "role": "consultant"},
            "date": "2026-11-22",
            "answers": {**BEST, **picks},
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


def phase_scores(assessment: dict[str, Any]) -> dict[str, float]:
    return {p["id"]: round(p["score"], 4) for p in assessment["phases"]}


def severities(assessment: dict[str, Any]) -> dict[str, str]:
    return {f["question"]: f["severity"] for f in assessment["findings"]}


def only(phase_grade: dict[str, str]) -> dict[str, str]:
    """Every phase low except the ones given."""
    return {**dict.fromkeys(PHASES, "low"), **phase_grade}


def questions_json(cli: Callable[..., Any], lang: str = "en") -> dict[str, Any]:
    result = cli("questions", "--bank", BANK, "--format", "json", "--lang", lang)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


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
    for question in questions_json(cli)["questions"]:
        risk = {c["id"]: c["risk"] for c in question["choices"]}
        qid = question["id"]
        if question["type"] == "multi":
            assert question["weight"] == 2.0
            assert risk == {"none-missing": 0.0, **dict.fromkeys(SCENARIOS, 0.25)}
            continue
        assert question["weight"] == 1.0
        assert risk[BEST[qid]["choice"]] == 0.0
        assert risk[WORST[qid]["choice"]] == max(risk.values())
        assert risk[MODERATE[qid]["choice"]] == (0.3 if qid == "maturity-stage" else 0.4)


def test_the_risk_falls_as_the_maturity_stage_rises_and_skipping_the_skeleton_is_worst(
    cli: Callable[..., Any],
) -> None:
    (stage,) = (q for q in questions_json(cli)["questions"] if q["id"] == "maturity-stage")
    risk = {c["id"]: c["risk"] for c in stage["choices"]}
    assert risk == {
        "skeleton": 0.3,
        "muscle": 0.2,
        "brain": 0.1,
        "self-operation": 0.0,
        "no-skeleton": 1.0,
    }


# ---------------------------------------------------------------------------------------------
# Lowest and highest answers


def test_all_lowest_answers_give_every_phase_low(score: Callable[..., dict[str, Any]]) -> None:
    assessment = score({})
    assert assessment["overall"] == {"grade": "low", "score": 0.0, "bank": "management-system"}
    assert phase_grades(assessment) == only({})
    assert assessment["findings"] == []


def test_all_highest_answers_give_every_phase_critical(
    score: Callable[..., dict[str, Any]],
) -> None:
    assessment = score(WORST)
    assert assessment["overall"]["grade"] == "critical"
    assert phase_grades(assessment) == dict.fromkeys(PHASES, "critical")
    assert phase_scores(assessment) == {"links": 1.0, "scenarios": 0.925, "maturity": 1.0}
    assert severities(assessment) == {
        q: "high" if q == "top-down-analysis" else "critical" for q in ALL_QUESTIONS
    }


# ---------------------------------------------------------------------------------------------
# The article's case and rules


def test_the_four_year_failure_case_is_critical(score: Callable[..., dict[str, Any]]) -> None:
    assessment = score(CASE)
    assert assessment["overall"]["grade"] == "critical"
    assert phase_grades(assessment) == dict.fromkeys(PHASES, "critical")
    assert phase_scores(assessment) == {"links": 0.925, "scenarios": 0.925, "maturity": 0.9}


def test_the_case_profile_alone_grades_at_least_high(score: Callable[..., dict[str, Any]]) -> None:
    # complete features, isolated, execution side only, no vertical or horizontal link, no
    # management scenarios; every other answer at its best
    assessment = score(
        {
            "management-carried": {"choice": "tools-only"},
            "system-integration": {"choice": "isolated"},
            "vertical-link": {"choice": "execution-only"},
            "horizontal-link": {"choice": "none"},
            "missing-scenarios": {"choices": SCENARIOS},
        }
    )
    assert assessment["overall"]["grade"] == "high"
    assert phase_grades(assessment) == only({"links": "high", "scenarios": "high"})
    assert phase_scores(assessment) == {"links": 0.75, "scenarios": 0.75, "maturity": 0.0}


def test_complete_features_that_carry_no_management_are_never_low(
    score: Callable[..., dict[str, Any]],
) -> None:
    assessment = score({"management-carried": {"choice": "tools-only"}})
    assert assessment["overall"]["grade"] == "high"
    assert phase_grades(assessment) == only({"scenarios": "high"})
    assert severities(assessment) == {"management-carried": "critical"}


def test_control_only_features_are_not_rewarded(score: Callable[..., dict[str, Any]]) -> None:
    assessment = score({"management-carried": {"choice": "monitoring"}})
    assert phase_grades(assessment) == only({"scenarios": "medium"})
    assert severities(assessment) == {"management-carried": "high"}


def test_data_that_reaches_managers_only_as_reports_is_a_high_finding(
    score: Callable[..., dict[str, Any]],
) -> None:
    assessment = score({"data-to-managers": {"choice": "reports-only"}})
    assert phase_grades(assessment) == only({"links": "medium"})
    (finding,) = assessment["findings"]
    assert (finding["question"], finding["risk"], finding["severity"]) == (
        "data-to-managers",
        0.7,
        "high",
    )
    assert "bottleneck" in finding["advice"]


def test_analysis_built_up_from_feature_requests_is_a_high_finding(
    score: Callable[..., dict[str, Any]],
) -> None:
    assessment = score({"top-down-analysis": {"choice": "feature-requests"}})
    assert phase_grades(assessment) == only({"scenarios": "medium"})
    assert severities(assessment) == {"top-down-analysis": "high"}


def test_try_quickly_then_quit_is_itself_a_risk(score: Callable[..., dict[str, Any]]) -> None:
    assessment = score({"commitment": {"choice": "try-then-quit"}})
    assert phase_grades(assessment) == only({"maturity": "medium"})
    assert severities(assessment) == {"commitment": "critical"}


def test_skipping_the_skeleton_is_a_risk(score: Callable[..., dict[str, Any]]) -> None:
    skipped = score({"maturity-stage": {"choice": "no-skeleton"}})
    assert phase_grades(skipped) == only({"maturity": "medium"})
    assert severities(skipped) == {"maturity-stage": "critical"}
    # building the skeleton first is the right start: a small first phase is never penalised
    # as if it were the skipped one
    building = score({"maturity-stage": {"choice": "skeleton"}})
    assert phase_grades(building) == only({})
    assert severities(building) == {"maturity-stage": "medium"}


def test_process_monitored_but_never_redesigned_is_a_high_finding(
    score: Callable[..., dict[str, Any]],
) -> None:
    assessment = score({"improvement-loop": {"choice": "no-redesign"}})
    assert phase_grades(assessment) == only({"maturity": "medium"})
    assert severities(assessment) == {"improvement-loop": "high"}


@pytest.mark.parametrize(
    ("missing", "grade", "severity"),
    [
        (["main-process"], "low", "medium"),
        (["main-process", "sales-team"], "medium", "high"),
        (["main-process", "sales-team", "customers"], "medium", "high"),
        (SCENARIOS, "high", "critical"),
    ],
)
def test_each_missing_management_scenario_adds_risk(
    score: Callable[..., dict[str, Any]], missing: list[str], grade: str, severity: str
) -> None:
    assessment = score({"missing-scenarios": {"choices": missing}})
    assert phase_grades(assessment) == only({"scenarios": grade})
    (finding,) = assessment["findings"]
    assert finding["risk"] == 0.25 * len(missing)
    assert finding["severity"] == severity
    assert phase_scores(assessment)["scenarios"] == 0.125 * len(missing)


# ---------------------------------------------------------------------------------------------
# Several moderate errors add up and never average down to low


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("count", [2, 3])
def test_two_or_three_moderate_errors_in_a_phase_are_never_low(
    score: Callable[..., dict[str, Any]], phase: str, count: int
) -> None:
    picked = QUESTIONS[phase][-count:]
    assessment = score({q: MODERATE[q] for q in picked})
    assert phase_grades(assessment) == only({phase: "medium"})
    assert assessment["overall"]["grade"] == "medium"


def test_every_pair_of_moderate_errors_in_a_phase_is_elevated(
    score: Callable[..., dict[str, Any]],
) -> None:
    for phase in PHASES:
        questions = QUESTIONS[phase]
        for i, first in enumerate(questions):
            for second in questions[i + 1 :]:
                assessment = score({first: MODERATE[first], second: MODERATE[second]})
                assert phase_grades(assessment) == only({phase: "medium"}), (first, second)


@pytest.mark.parametrize("phase", PHASES)
def test_one_moderate_error_alone_leaves_its_phase_low(
    score: Callable[..., dict[str, Any]], phase: str
) -> None:
    first = QUESTIONS[phase][0]
    assessment = score({first: MODERATE[first]})
    assert phase_grades(assessment) == only({})
    assert severities(assessment) == {first: "medium"}
