"""The shipped requirements-research bank (article 001: research "just right", the 20/80 rule).

Driven only through the CLI's stable JSON contract: answer files are written into tmp_path and
scored with ``crmrisk score FILE --format json``; the questionnaire is read with
``crmrisk questions --format json``.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.bank_checks import bilingual_questionnaire

BANK = "requirements-research"
PHASES = ["research-scope", "vital-processes", "client-concern", "acceptance"]
QUESTIONS = {
    "research-depth": "research-scope",
    "research-boundary": "research-scope",
    "low-value-effort": "research-scope",
    "frequent-operations": "vital-processes",
    "costly-failures": "vital-processes",
    "urgent-problems": "vital-processes",
    "fund-safety": "vital-processes",
    "top-concern-known": "client-concern",
    "top-concern-handling": "client-concern",
    "consultant-trust": "client-concern",
    "acceptance-basis": "acceptance",
    "first-impression": "acceptance",
    "defect-priority": "acceptance",
}
VITAL = ["frequent-operations", "costly-failures", "urgent-problems", "fund-safety"]

# Written out rather than read from the bank, so that a change to the bank shows up here.
LOWEST = {
    "research-depth": "just-right",
    "research-boundary": "within-scope",
    "low-value-effort": "by-value",
    "frequent-operations": "in-depth",
    "costly-failures": "in-depth",
    "urgent-problems": "in-depth",
    "fund-safety": "in-depth",
    "top-concern-known": "named-by-users",
    "top-concern-handling": "built-now",
    "consultant-trust": "trusted",
    "acceptance-basis": "their-problems-solved",
    "first-impression": "their-concern",
    "defect-priority": "users-problems-first",
}
HIGHEST = {
    "research-depth": "too-shallow",
    "research-boundary": "well-beyond",
    "low-value-effort": "mostly-low-value",
    "frequent-operations": "not-covered",
    "costly-failures": "not-covered",
    "urgent-problems": "not-covered",
    "fund-safety": "not-covered",
    "top-concern-known": "not-known",
    "top-concern-handling": "deferred-no-demo",
    "consultant-trust": "distrusted",
    "acceptance-basis": "not-discussed",
    "first-impression": "rough-live-system",
    "defect-priority": "major-defects-open",
}

Cli = Callable[..., Any]


@pytest.fixture
def score(tmp_path: Path, cli: Cli) -> Callable[[dict[str, str]], dict[str, Any]]:
    """Score choice answers (question id -> choice id); the assessment as JSON."""
    counter = itertools.count()

    def run(choices: dict[str, str]) -> dict[str, Any]:
        doc = {
            "bank": BANK,
            "project": "Test project",
            "respondent": {"name": "Tester", "role": "consultant"},
            "date": "2026-11-22",
            "answers": {q: {"choice": c} for q, c in choices.items()},
        }
        path = tmp_path / f"answers-{next(counter)}.yaml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
        result = cli("score", path, "--format", "json")
        assert result.exit_code == 0, result.stderr
        assessments = json.loads(result.stdout)["assessments"]
        assert len(assessments) == 1
        return assessments[0]  # type: ignore[no-any-return]

    return run


def with_lowest(**changes: str) -> dict[str, str]:
    """The lowest-risk answer to every question, except ``changes`` (ids with _ for -)."""
    answers = dict(LOWEST)
    for key, value in changes.items():
        question = key.replace("_", "-")
        assert question in answers
        answers[question] = value
    return answers


def phase_grades(result: dict[str, Any]) -> list[str]:
    assert [p["id"] for p in result["phases"]] == PHASES
    return [p["grade"] for p in result["phases"]]


def phase(result: dict[str, Any], phase_id: str) -> dict[str, Any]:
    return next(p for p in result["phases"] if p["id"] == phase_id)


def severities(result: dict[str, Any]) -> dict[str, str]:
    return {f["question"]: f["severity"] for f in result["findings"]}


@pytest.fixture
def questionnaire(cli: Cli) -> dict[str, Any]:
    """The bank as `crmrisk questions --format json` lists it (English)."""
    result = cli("questions", "--bank", BANK, "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


# ---- The article's own case -------------------------------------------------------------


def test_everything_researched_in_depth_and_grading_deferred_without_demo_is_high(
    score: Callable[..., dict[str, Any]],
) -> None:
    # The article's case: the consultant researches everything and puts the client's burning
    # concern (customer grading) in phase two without showing anything.
    result = score(
        with_lowest(research_depth="everything-in-detail", top_concern_handling="deferred-no-demo")
    )
    assert result["overall"]["grade"] == "high"
    assert phase_grades(result) == ["medium", "low", "high", "low"]
    assert phase(result, "research-scope")["score"] == 0.2333  # 0.7 / 3, as JSON rounds it
    assert phase(result, "client-concern")["score"] == 0.2333
    assert severities(result) == {"research-depth": "high", "top-concern-handling": "high"}


@pytest.mark.parametrize("handling", ["built-now", "demo-now-build-later"])
def test_just_right_research_and_the_concern_answered_now_is_low(
    score: Callable[..., dict[str, Any]], handling: str
) -> None:
    # "Demonstrate now, build later" is not penalised: it scores exactly like building it now.
    result = score(with_lowest(research_depth="just-right", top_concern_handling=handling))
    assert result["overall"] == {"grade": "low", "score": 0.0, "bank": "requirements-research"}
    assert phase_grades(result) == ["low"] * 4
    assert result["findings"] == []


@pytest.mark.parametrize(
    ("handling", "grade", "severity"),
    [
        ("built-now", "low", None),
        ("demo-now-build-later", "low", None),
        ("said-can-do", "high", "high"),
        ("deferred-no-demo", "high", "high"),
    ],
)
def test_the_burning_concern_handled_badly_is_high_on_its_own(
    score: Callable[..., dict[str, Any]], handling: str, grade: str, severity: str | None
) -> None:
    result = score(with_lowest(top_concern_handling=handling))
    assert phase(result, "client-concern")["grade"] == grade
    assert severities(result).get("top-concern-handling") == severity
    assert result["overall"]["grade"] == grade


@pytest.mark.parametrize(
    ("depth", "grade", "severity"),
    [
        ("just-right", "low", None),
        ("deep-beyond-key", "low", "medium"),
        ("everything-in-detail", "medium", "high"),
        ("too-shallow", "medium", "critical"),
    ],
)
def test_depth_risk_runs_both_ways(
    score: Callable[..., dict[str, Any]], depth: str, grade: str, severity: str | None
) -> None:
    # Too shallow and too deep are both risks; only the right depth is free of findings.
    result = score(with_lowest(research_depth=depth))
    assert phase(result, "research-scope")["grade"] == grade
    assert severities(result).get("research-depth") == severity


@pytest.mark.parametrize("question", VITAL)
def test_each_kind_of_vital_process_left_out_adds_risk(
    score: Callable[..., dict[str, Any]], question: str
) -> None:
    result = score({**LOWEST, question: "not-covered"})
    assert phase(result, "vital-processes")["grade"] == "medium"
    assert phase(result, "vital-processes")["score"] == 0.25
    assert severities(result) == {question: "critical"}


def test_the_more_kinds_of_vital_process_left_out_the_higher_the_grade(
    score: Callable[..., dict[str, Any]],
) -> None:
    grades = []
    for count in range(5):
        result = score({**LOWEST, **dict.fromkeys(VITAL[:count], "not-covered")})
        grades.append(phase(result, "vital-processes")["grade"])
    assert grades == ["low", "medium", "high", "high", "critical"]


# ---- Lowest, highest, unanswered --------------------------------------------------------


def test_all_lowest_answers_give_every_phase_low(score: Callable[..., dict[str, Any]]) -> None:
    result = score(LOWEST)
    assert result["overall"] == {"grade": "low", "score": 0.0, "bank": "requirements-research"}
    assert phase_grades(result) == ["low"] * 4
    assert result["findings"] == []


def test_all_highest_answers_give_every_phase_critical(
    score: Callable[..., dict[str, Any]],
) -> None:
    result = score(HIGHEST)
    assert result["overall"] == {"grade": "critical", "score": 1.0, "bank": "requirements-research"}
    assert phase_grades(result) == ["critical"] * 4
    assert [p["score"] for p in result["phases"]] == [0.9, 1.0, 0.9, 1.0]
    assert len(result["findings"]) == len(QUESTIONS)


def test_we_do_not_know_everywhere_is_critical(score: Callable[..., dict[str, Any]]) -> None:
    result = score(dict.fromkeys(QUESTIONS, "unknown"))
    assert phase_grades(result) == ["critical"] * 4
    assert sorted(result["unknown"]) == sorted(QUESTIONS)
    # not a real answer (unanswered, as in 0.1), but nothing was skipped
    assert sorted(result["unanswered"]) == sorted(QUESTIONS)
    assert result["skipped"] == []


# ---- Moderate errors do not average down to Low -----------------------------------------


@pytest.mark.parametrize(
    ("changes", "phase_id", "expected_score"),
    [
        (
            {"research-depth": "deep-beyond-key", "research-boundary": "some-drift"},
            "research-scope",
            0.2667,
        ),
        (
            {"research-boundary": "some-drift", "low-value-effort": "some-low-value"},
            "research-scope",
            0.2667,
        ),
        (
            {"frequent-operations": "outline-only", "fund-safety": "outline-only"},
            "vital-processes",
            0.25,
        ),
        (
            {
                "frequent-operations": "outline-only",
                "costly-failures": "outline-only",
                "urgent-problems": "outline-only",
            },
            "vital-processes",
            0.375,
        ),
        (
            {"top-concern-known": "guessed", "consultant-trust": "formal-only"},
            "client-concern",
            0.3333,
        ),
        (
            {"first-impression": "generic-tour", "defect-priority": "polish-everything"},
            "acceptance",
            0.3333,
        ),
    ],
)
def test_two_or_three_moderate_answers_in_a_phase_are_elevated(
    score: Callable[..., dict[str, Any]],
    changes: dict[str, str],
    phase_id: str,
    expected_score: float,
) -> None:
    result = score({**LOWEST, **changes})
    assert phase(result, phase_id)["grade"] == "medium"
    assert phase(result, phase_id)["score"] == expected_score  # JSON rounds to 4 places
    assert result["overall"]["grade"] == "medium"


def test_no_two_risky_answers_in_one_phase_ever_give_low(
    score: Callable[..., dict[str, Any]], questionnaire: dict[str, Any]
) -> None:
    questions = questionnaire["questions"]
    checked = 0
    for first, second in itertools.combinations(questions, 2):
        if first["phase"] != second["phase"]:
            continue
        risky_first = [c for c in first["choices"] if c["risk"] > 0]
        risky_second = [c for c in second["choices"] if c["risk"] > 0]
        for a, b in itertools.product(risky_first, risky_second):
            result = score({**LOWEST, first["id"]: a["id"], second["id"]: b["id"]})
            grade = phase(result, first["phase"])["grade"]
            assert grade != "low", (first["id"], a["id"], second["id"], b["id"])
            checked += 1
    assert checked == 64


def test_any_answer_of_risk_07_or_more_alone_lifts_its_phase_above_low(
    score: Callable[..., dict[str, Any]], questionnaire: dict[str, Any]
) -> None:
    lifted = []
    for question in questionnaire["questions"]:
        for choice in question["choices"]:
            if choice["risk"] >= 0.7:
                result = score({**LOWEST, question["id"]: choice["id"]})
                assert phase(result, question["phase"])["grade"] != "low"
                lifted.append(f"{question['id']}={choice['id']}")
    assert len(lifted) == 15


# ---- The questionnaire in both languages ------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_bank_lists_every_question_in_both_languages(cli: Cli, lang: str) -> None:
    data = bilingual_questionnaire(cli, BANK, lang, QUESTIONS)
    for question in data["questions"]:
        assert question["type"] == "choice"
        assert 3 <= len(question["choices"]) <= 4
