"""The scoring rules of the core issue, shown on the shipped seven-questions bank."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest

from crm_risk.errors import InputError
from crm_risk.models import AnswerFile, Bank, Question
from crm_risk.scoring import grade_for, score
from tests.conftest import answer_doc, highest_answers, lowest_answers


def run(bank: Bank, picks: dict[str, Any], **fields: Any) -> Any:
    return score(bank, AnswerFile.model_validate(answer_doc(bank, picks, **fields)))


def every_answer(question: Question) -> list[dict[str, Any]]:
    """Every distinct answer to a question: each choice, a value in each band, and unknown."""
    if question.choices is not None:
        key = "choices" if question.type == "multi" else "choice"
        options = [{key: [c.id] if key == "choices" else c.id} for c in question.choices]
    else:
        options = [{"value": band.min} for band in question.bands or []]
    return [*options, {"choice": "unknown"}]


def grades(result: Any) -> dict[str, str]:
    return {p.id: p.grade for p in result.phases}


def test_lowest_risk_answers_give_every_phase_the_lowest_grade(bank: Bank) -> None:
    result = run(bank, lowest_answers(bank))
    assert grades(result) == {p.id: bank.grades[0].id for p in bank.phases}
    assert result.overall.grade == bank.grades[0].id
    assert result.findings == ()
    assert result.unanswered == ()


def test_highest_risk_answers_give_every_phase_the_highest_grade(bank: Bank) -> None:
    result = run(bank, highest_answers(bank))
    assert grades(result) == {p.id: bank.grades[-1].id for p in bank.phases}
    assert result.overall.grade == bank.grades[-1].id
    assert {f.question for f in result.findings} == {q.id for q in bank.questions}


def test_each_further_bad_usage_answer_raises_usage_risk(bank: Bank) -> None:
    """Article 000: the first 'yes' makes usage risk fairly high, the second higher, the third highest."""
    usage = [q for q in bank.questions if q.phase == "usage"]
    assert len(usage) == 3
    picks = lowest_answers(bank)
    seen = [run(bank, picks).phase("usage").grade]
    for question in usage:
        worst = max(question.choices or [], key=lambda c: c.risk)
        picks[question.id] = {"choice": worst.id}
        seen.append(run(bank, picks).phase("usage").grade)
    assert seen == ["low", "medium", "high", "critical"]


@pytest.mark.parametrize("phase_id", ["initiation-delivery", "usage"])
def test_an_answer_only_moves_its_own_phase(bank: Bank, phase_id: str) -> None:
    """Every answer to every question of one phase, from several starting points, leaves the
    other phase's score and grade exactly as they were."""
    rng = random.Random(7)
    own = [q for q in bank.questions if q.phase == phase_id]
    bases = [lowest_answers(bank), highest_answers(bank)]
    for _ in range(6):
        bases.append({q.id: rng.choice(every_answer(q)) for q in bank.questions})
    for base in bases:
        before = run(bank, base)
        for question in own:
            for answer in every_answer(question):
                after = run(bank, {**base, question.id: answer})
                for phase in after.phases:
                    if phase.id != phase_id:
                        assert phase == before.phase(phase.id), (question.id, answer)


def _risk_order(question: Question, answer: dict[str, Any]) -> tuple[float, bool]:
    if answer.get("choice") == "unknown":
        return (2.0, True)  # unknown is at least as bad as the worst answer
    if question.choices is not None:
        choice = question.choice(answer.get("choice") or answer["choices"][0])
        assert choice is not None
        return (choice.risk, choice.red_flag)
    band = question.band_for(answer["value"])
    return (band.risk, band.red_flag)


def test_making_one_answer_worse_never_lowers_any_grade_or_score(bank: Bank) -> None:
    rng = random.Random(11)
    bases = [lowest_answers(bank), highest_answers(bank)]
    for _ in range(8):
        bases.append({q.id: rng.choice(every_answer(q)) for q in bank.questions})
    checked = 0
    for base in bases:
        for question in bank.questions:
            answers = every_answer(question)
            for better, worse in itertools.permutations(answers, 2):
                if _risk_order(question, worse) < _risk_order(question, better):
                    continue
                low = run(bank, {**base, question.id: better})
                high = run(bank, {**base, question.id: worse})
                for phase in low.phases:
                    other = high.phase(phase.id)
                    assert other.score >= phase.score - 1e-12
                    assert bank.grade_rank(other.grade) >= bank.grade_rank(phase.grade)
                assert bank.grade_rank(high.overall.grade) >= bank.grade_rank(low.overall.grade)
                checked += 1
    assert checked > 500


def test_missing_and_unknown_answers_count_as_the_worst_answer(bank: Bank) -> None:
    worst = run(bank, highest_answers(bank))
    unknown = run(bank, {q.id: {"choice": "unknown"} for q in bank.questions})
    missing = run(bank, {})
    for result in (unknown, missing):
        assert grades(result) == grades(worst)
        assert [p.score for p in result.phases] == [p.score for p in worst.phases]
        assert set(result.unanswered) == {q.id for q in bank.questions}
    assert {q.status for q in unknown.questions} == {"unknown"}
    assert {q.status for q in missing.questions} == {"unanswered"}


def test_red_flag_lifts_its_phase_to_at_least_high(bank: Bank) -> None:
    picks = lowest_answers(bank)
    picks["sponsor-value"] = {"choice": "none"}  # the one red-flag answer of the bank
    result = run(bank, picks)
    phase = result.phase("initiation-delivery")
    assert phase.score == pytest.approx(0.25)
    assert grade_for(bank, phase.score) == "medium"
    assert phase.grade == "high"
    assert phase.red_flag is True
    assert result.phase("usage").grade == "low"
    finding = result.findings[0]
    assert (finding.question, finding.severity, finding.red_flag) == (
        "sponsor-value",
        "high",
        True,
    )


def test_findings_are_sorted_by_severity_and_carry_advice(bank: Bank) -> None:
    picks = lowest_answers(bank)
    picks["sponsor-value"] = {"choice": "agreed-verbal", "note": "talked in the corridor"}
    picks["core-value"] = {"choice": "none"}
    picks["operations-team-weak"] = {"choice": "some"}
    result = run(bank, picks)
    # Severity is what the answer alone does to its phase: 1.0 of four questions is 0.25 (medium);
    # 0.5 of three is 0.17 and 0.3 of four is 0.075 (both low), the larger share first.
    assert [f.question for f in result.findings] == [
        "core-value",
        "operations-team-weak",
        "sponsor-value",
    ]
    assert [f.severity for f in result.findings] == ["medium", "low", "low"]
    # A choice's own advice wins over the question's.
    sponsor = next(f for f in result.findings if f.question == "sponsor-value")
    assert sponsor.advice is not None and "one sentence" in sponsor.advice["en"]
    core = next(f for f in result.findings if f.question == "core-value")
    assert core.advice == bank.question("core-value").advice  # type: ignore[union-attr]
    assert result.question("sponsor-value").note == "talked in the corridor"


def test_no_finding_is_graded_above_its_phase(bank: Bank) -> None:
    rng = random.Random(5)
    for _ in range(60):
        result = run(bank, {q.id: rng.choice(every_answer(q)) for q in bank.questions})
        for finding in result.findings:
            phase = result.phase(finding.phase)
            assert bank.grade_rank(finding.severity) <= bank.grade_rank(phase.grade)


def test_one_bad_usage_answer_is_a_medium_finding_in_a_medium_phase(bank: Bank) -> None:
    picks = lowest_answers(bank)
    picks["frontline-can-work-without"] = {"choice": "can-work-without"}
    result = run(bank, picks)
    assert result.phase("usage").grade == "medium"
    assert [(f.question, f.severity) for f in result.findings] == [
        ("frontline-can-work-without", "medium")
    ]
    assert result.overall.grade == "medium"


def test_budget_share_bands_follow_the_one_third_rule(bank: Bank) -> None:
    question = bank.question("budget-for-delivery")
    assert question is not None
    risks = {
        value: question.band_for(value).risk
        for value in (10, 20, 33, 44.9, 45, 59, 60, 79, 80, 100)
    }
    assert risks[33] == 0.0 and risks[20] == 0.0 and risks[44.9] == 0.0
    assert risks[10] > 0 and risks[45] > 0
    assert risks[45] < risks[60] < risks[80] == risks[100] == 1.0


def test_overall_is_the_worst_phase(bank: Bank) -> None:
    picks = lowest_answers(bank)
    picks["frontline-can-work-without"] = {"choice": "can-work-without"}
    picks["managers-can-manage-without"] = {"choice": "can-manage-without"}
    result = run(bank, picks)
    assert result.phase("initiation-delivery").grade == "low"
    assert result.phase("usage").grade == "high"
    assert result.overall.grade == "high"
    assert result.overall.score == pytest.approx(result.phase("usage").score)


def test_overall_score_is_the_highest_phase_score_even_when_a_red_flag_decides(bank: Bank) -> None:
    picks = lowest_answers(bank)
    picks["sponsor-value"] = {"choice": "none"}  # initiation: 0.25, lifted to high by the red flag
    picks["operations-team-weak"] = {"choice": "weak"}  # usage: 0.33, medium
    result = run(bank, picks)
    assert (result.phase("initiation-delivery").grade, result.phase("usage").grade) == (
        "high",
        "medium",
    )
    assert result.overall.grade == "high"
    # The highest phase score, so that the overall score never falls as an answer worsens.
    assert result.overall.score == pytest.approx(1 / 3)


def test_score_refuses_answers_that_do_not_fit_the_bank(bank: Bank) -> None:
    answers = AnswerFile.model_validate(answer_doc(bank, {"sponsor-value": {"choice": "maybe"}}))
    with pytest.raises(InputError) as caught:
        score(bank, answers, file="x.yaml")
    assert caught.value.lines() == [
        "x.yaml: answers.sponsor-value.choice: unknown choice 'maybe' for sponsor-value; "
        "valid: agreed-written, agreed-verbal, assumed, none, unknown"
    ]


def test_scoring_is_deterministic_and_results_are_immutable(bank: Bank) -> None:
    picks = {q.id: {"choice": "unknown"} for q in bank.questions[:3]}
    first, second = run(bank, picks), run(bank, picks)
    assert first == second
    with pytest.raises(Exception, match="frozen"):
        first.overall.grade = "low"  # type: ignore[misc]
