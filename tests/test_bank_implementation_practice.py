"""The shipped implementation-practice bank (article 002: six things not to do).

Driven only through the CLI's stable JSON contract: answer files are written into tmp_path and
scored with ``crmrisk score FILE --format json``; the questionnaire is read with
``crmrisk questions --format json``. Scores in that JSON are rounded to four places.
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

BANK = "implementation-practice"
PHASES = ["people", "plan", "knowledge", "training", "go-live"]
QUESTIONS = {
    "project-ownership": "people",
    "staff-understanding": "people",
    "implementation-help": "people",
    "plan-timing": "plan",
    "plan-follow-up": "plan",
    "incentives": "plan",
    "after-go-live": "plan",
    "quote-approval": "knowledge",
    "service-requests": "knowledge",
    "it-support": "knowledge",
    "remote-access": "knowledge",
    "trainers": "training",
    "practice-database": "training",
    "coaching": "training",
    "integration": "go-live",
    "first-modules": "go-live",
    "usage-checks": "go-live",
    "formal-start": "go-live",
}

# Written out rather than read from the bank, so that a change to the bank shows up here.
LOWEST = {
    "project-ownership": "company-wide",
    "staff-understanding": "all-four",
    "implementation-help": "consultants-with-team",
    "plan-timing": "checked",
    "plan-follow-up": "reviewed",
    "incentives": "tied-to-use",
    "after-go-live": "internal-owner",
    "quote-approval": "adjust-with-approval",
    "service-requests": "customer-assets",
    "it-support": "in-house",
    "remote-access": "managed",
    "trainers": "frontline-trainers",
    "practice-database": "practice-db",
    "coaching": "nearby-coach",
    "integration": "after-parallel-run",
    "first-modules": "fewest",
    "usage-checks": "named-regular",
    "formal-start": "fixed-date",
}
HIGHEST = {
    "project-ownership": "lead-project",
    "staff-understanding": "none",
    "implementation-help": "self-to-save-fees",
    "plan-timing": "collides",
    "plan-follow-up": "none",
    "incentives": "nothing",
    "after-go-live": "project-closed",
    "quote-approval": "adjust-without-approval",
    "service-requests": "products",
    "it-support": "nobody",
    "remote-access": "nobody",
    "trainers": "manual-only",
    "practice-database": "no-practice",
    "coaching": "nobody",
    "integration": "everything-at-go-live",
    "first-modules": "everything",
    "usage-checks": "nobody",
    "formal-start": "left-open",
}

Cli = Callable[..., Any]
Score = Callable[..., dict[str, Any]]


@pytest.fixture
def score(tmp_path: Path, cli: Cli) -> Score:
    """Score choice answers (question id -> choice id); the assessment as JSON."""
    counter = itertools.count()

    def run(choices: dict[str, str], **fields: Any) -> dict[str, Any]:
        doc = {
            "bank": BANK,
            "project": "Test project",
            "respondent": {"name": "Tester", "role": "consultant"},
            "date": "2026-11-22",
            **fields,
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


# ---- The article's own cases ------------------------------------------------------------


def test_self_implemented_and_barely_used_is_high(score: Score) -> None:
    # The article's case: an IT-industry company (its IT is in hand) implements the CRM itself to
    # save the consulting fees; nobody has to start using it and nobody checks, and for three
    # months the system is barely used.
    result = score(
        {
            **LOWEST,
            "implementation-help": "self-to-save-fees",
            "formal-start": "left-open",
            "usage-checks": "nobody",
        }
    )
    assert result["overall"]["grade"] == "high"
    assert phase_grades(result) == ["medium", "low", "low", "low", "high"]
    assert phase(result, "people")["score"] == 0.2333
    assert phase(result, "go-live")["score"] == 0.5
    assert severities(result) == {
        "implementation-help": "high",
        "formal-start": "critical",
        "usage-checks": "critical",
    }


def test_self_implementation_to_save_fees_alone_is_not_low(score: Score) -> None:
    result = score({**LOWEST, "implementation-help": "self-to-save-fees"})
    assert phase_grades(result) == ["medium", "low", "low", "low", "low"]
    assert severities(result) == {"implementation-help": "high"}


@pytest.mark.parametrize("ownership", ["boss-project", "lead-project"])
def test_the_boss_s_project_and_the_project_lead_s_project_are_both_risks(
    score: Score, ownership: str
) -> None:
    result = score({**LOWEST, "project-ownership": ownership})
    assert phase(result, "people")["grade"] == "medium"
    assert phase(result, "people")["score"] == 0.2333
    assert severities(result) == {"project-ownership": "high"}


def test_a_plan_that_collides_with_the_business_calendar_is_a_risk(score: Score) -> None:
    # The training booked between New Year and an early Spring Festival that never happened.
    result = score({**LOWEST, "plan-timing": "collides"})
    assert phase(result, "plan")["grade"] == "medium"
    assert severities(result) == {"plan-timing": "critical"}


@pytest.mark.parametrize(
    ("incentive", "severity"),
    [("tied-to-use", None), ("one-off", "medium"), ("rules-only", "high"), ("nothing", "critical")],
)
def test_only_incentives_tied_to_real_use_are_free_of_risk(
    score: Score, incentive: str, severity: str | None
) -> None:
    # Rules and penalties alone are control, not an incentive: never rewarded.
    result = score({**LOWEST, "incentives": incentive})
    assert severities(result).get("incentives") == severity


@pytest.mark.parametrize(
    ("quote", "score_", "grade", "severity"),
    [
        ("adjust-with-approval", 0.0, "low", None),
        ("no-adjustment", 0.175, "medium", "high"),
        ("adjust-without-approval", 0.175, "medium", "high"),
    ],
)
def test_both_quote_extremes_are_risks(
    score: Score, quote: str, score_: float, grade: str, severity: str | None
) -> None:
    # 0.7 of four questions averages to 0.175, below Elevated; the phase's decisive rule (any
    # answer of risk 0.7 or more) is what keeps a single serious error from reading as Low.
    result = score({**LOWEST, "quote-approval": quote})
    assert phase(result, "knowledge")["score"] == score_
    assert phase(result, "knowledge")["grade"] == grade
    assert severities(result).get("quote-approval") == severity


@pytest.mark.parametrize(
    ("link", "grade", "severity"),
    [
        ("customer-assets", "low", None),
        ("assets-only", "low", "medium"),
        ("products", "medium", "high"),
    ],
)
def test_service_requests_belong_to_customer_assets(
    score: Score, link: str, grade: str, severity: str | None
) -> None:
    result = score({**LOWEST, "service-requests": link})
    assert phase(result, "knowledge")["grade"] == grade
    assert severities(result).get("service-requests") == severity


@pytest.mark.parametrize(
    ("it", "grade", "severity"),
    [
        ("in-house", "low", None),
        ("outsourced", "low", None),
        ("partly", "low", "high"),
        ("nobody", "medium", "critical"),
    ],
)
def test_an_administrator_an_it_department_or_safe_outsourcing_are_all_acceptable(
    score: Score, it: str, grade: str, severity: str | None
) -> None:
    result = score({**LOWEST, "it-support": it})
    assert phase(result, "knowledge")["grade"] == grade
    assert severities(result).get("it-support") == severity


def test_frontline_trainers_and_a_practice_database_are_free_of_risk(score: Score) -> None:
    result = score({**LOWEST, "trainers": "frontline-trainers", "practice-database": "practice-db"})
    assert phase(result, "training") == {**phase(result, "training"), "grade": "low", "score": 0.0}
    assert result["findings"] == []


@pytest.mark.parametrize(
    ("practice", "severity"), [("live-system", "high"), ("no-practice", "critical")]
)
def test_practising_without_a_practice_database_is_a_risk(
    score: Score, practice: str, severity: str
) -> None:
    result = score({**LOWEST, "practice-database": practice})
    assert phase(result, "training")["grade"] == "medium"
    assert severities(result) == {"practice-database": severity}


@pytest.mark.parametrize(
    ("checks", "grade", "severity"),
    [
        ("named-regular", "low", None),
        ("occasional", "low", "high"),
        ("nobody", "medium", "critical"),
    ],
)
def test_fewest_modules_without_regular_checks_is_still_a_risk(
    score: Score, checks: str, grade: str, severity: str | None
) -> None:
    result = score({**LOWEST, "first-modules": "fewest", "usage-checks": checks})
    assert phase(result, "go-live")["grade"] == grade
    assert severities(result).get("usage-checks") == severity
    assert "first-modules" not in severities(result)


def test_integrating_every_system_at_go_live_is_high_on_its_own(score: Score) -> None:
    # The three systems that, run side by side first, showed many integration needs were wrong.
    result = score({**LOWEST, "integration": "everything-at-go-live"})
    assert result["overall"]["grade"] == "high"
    assert phase_grades(result) == ["low", "low", "low", "low", "high"]
    assert phase(result, "go-live")["score"] == 0.25
    assert severities(result) == {"integration": "critical"}


def test_everything_from_day_one_is_a_risk(score: Score) -> None:
    result = score({**LOWEST, "first-modules": "everything"})
    assert phase(result, "go-live")["grade"] == "medium"
    assert severities(result) == {"first-modules": "critical"}


# ---- Lowest, highest, unanswered --------------------------------------------------------


def test_all_lowest_answers_give_every_phase_low(score: Score) -> None:
    result = score(LOWEST)
    assert result["overall"] == {"grade": "low", "score": 0.0, "bank": "implementation-practice"}
    assert phase_grades(result) == ["low"] * 5
    assert result["findings"] == []


def test_all_highest_answers_give_every_phase_critical(score: Score) -> None:
    result = score(HIGHEST)
    assert result["overall"] == {
        "grade": "critical",
        "score": 1.0,
        "bank": "implementation-practice",
    }
    assert phase_grades(result) == ["critical"] * 5
    assert [p["score"] for p in result["phases"]] == [0.8, 1.0, 0.85, 1.0, 0.95]
    assert len(result["findings"]) == len(QUESTIONS)


def test_nothing_answered_is_critical(score: Score) -> None:
    result = score({})
    assert phase_grades(result) == ["critical"] * 5
    assert result["unanswered"] == list(QUESTIONS)


def test_company_size_is_a_context_fact_that_does_not_change_the_grades(score: Score) -> None:
    small = score(LOWEST, context={"company_size": "small"})
    larger = score(LOWEST, context={"company_size": "larger"})
    assert small["context"] == {"company_size": "small"}
    assert larger["context"] == {"company_size": "larger"}
    assert phase_grades(small) == phase_grades(larger) == ["low"] * 5


# ---- Moderate errors do not average down to Low -----------------------------------------


@pytest.mark.parametrize(
    ("changes", "phase_id", "expected_score"),
    [
        (
            {"project-ownership": "few-departments", "staff-understanding": "why-only"},
            "people",
            0.3,
        ),
        ({"plan-timing": "not-checked", "incentives": "one-off"}, "plan", 0.225),
        (
            {"plan-timing": "not-checked", "plan-follow-up": "ad-hoc", "incentives": "one-off"},
            "plan",
            0.35,
        ),
        ({"service-requests": "assets-only", "it-support": "partly"}, "knowledge", 0.225),
        ({"trainers": "vendor-or-it", "coaching": "helpdesk"}, "training", 0.2667),
        ({"integration": "essentials-only", "first-modules": "core-plus"}, "go-live", 0.2),
        (
            {
                "first-modules": "core-plus",
                "usage-checks": "occasional",
                "formal-start": "date-slipping",
            },
            "go-live",
            0.35,
        ),
    ],
)
def test_two_or_three_moderate_answers_in_a_phase_are_elevated(
    score: Score, changes: dict[str, str], phase_id: str, expected_score: float
) -> None:
    result = score({**LOWEST, **changes})
    assert phase(result, phase_id)["grade"] == "medium"
    assert phase(result, phase_id)["score"] == expected_score
    assert result["overall"]["grade"] == "medium"


def test_no_two_risky_answers_in_one_phase_ever_give_low(
    score: Score, questionnaire: dict[str, Any]
) -> None:
    checked = 0
    for first, second in itertools.combinations(questionnaire["questions"], 2):
        if first["phase"] != second["phase"]:
            continue
        risky_first = [c for c in first["choices"] if c["risk"] > 0]
        risky_second = [c for c in second["choices"] if c["risk"] > 0]
        for a, b in itertools.product(risky_first, risky_second):
            result = score({**LOWEST, first["id"]: a["id"], second["id"]: b["id"]})
            grade = phase(result, first["phase"])["grade"]
            assert grade != "low", (first["id"], a["id"], second["id"], b["id"])
            checked += 1
    assert checked == 106


def test_any_answer_of_risk_07_or_more_alone_lifts_its_phase_above_low(
    score: Score, questionnaire: dict[str, Any]
) -> None:
    lifted = []
    for question in questionnaire["questions"]:
        for choice in question["choices"]:
            if choice["risk"] >= 0.7:
                result = score({**LOWEST, question["id"]: choice["id"]})
                assert phase(result, question["phase"])["grade"] != "low"
                lifted.append(f"{question['id']}={choice['id']}")
    assert len(lifted) == 20


# ---- The questionnaire in both languages ------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_bank_lists_every_question_in_both_languages(cli: Cli, lang: str) -> None:
    data = bilingual_questionnaire(cli, BANK, lang, QUESTIONS)
    for question in data["questions"]:
        assert question["type"] == "choice"
        assert 2 <= len(question["choices"]) <= 4
