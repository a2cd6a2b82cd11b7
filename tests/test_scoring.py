"""The scoring rules: on the shipped seven-questions bank, and on a small bank made for the rules."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest

from crm_risk.answers import AnswerFile
from crm_risk.bank import Bank, Question
from crm_risk.errors import InputError
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
    # "We don't know" is an answer (scored as the worst); unanswered means skipped.
    assert (set(unknown.unknown), unknown.unanswered) == ({q.id for q in bank.questions}, ())
    assert (set(missing.unanswered), missing.unknown) == ({q.id for q in bank.questions}, ())
    assert {q.status for q in unknown.questions} == {"unknown"}
    assert {q.status for q in missing.questions} == {"unanswered"}


def _rules_bank(**phase_extra: Any) -> Bank:
    """A small bank for the scoring rules themselves, independent of any shipped bank's texts:
    phase `a` has four questions (q1's worst answer is decisive, q2's is a red flag), phase `b` has
    three plain ones; grades low 0, medium 0.2, high 0.5, critical 0.8."""

    def text(value: str) -> dict[str, str]:
        return {"en": value}

    def question(qid: str, phase: str, **worst: Any) -> dict[str, Any]:
        return {
            "id": qid,
            "phase": phase,
            "type": "choice",
            "text": text(qid),
            "advice": text(f"advice for {qid}"),
            "choices": [
                {"id": "good", "label": text("good"), "risk": 0},
                {"id": "mild", "label": text("mild"), "risk": 0.3, "advice": text("mild advice")},
                {"id": "poor", "label": text("poor"), "risk": 0.7},
                {"id": "bad", "label": text("bad"), "risk": 1, **worst},
            ],
        }

    return Bank.model_validate(
        {
            "id": "rules",
            "version": "1",
            "languages": ["en"],
            "title": text("Rules"),
            "phases": [
                {"id": "a", "title": text("A"), **phase_extra},
                {"id": "b", "title": text("B")},
            ],
            "grades": [
                {"id": g, "label": text(g), "min": m}
                for g, m in (("low", 0), ("medium", 0.2), ("high", 0.5), ("critical", 0.8))
            ],
            "red_flag_grade": "high",
            "questions": [
                question("q1", "a", decisive="high"),
                question("q2", "a", red_flag=True),
                question("q3", "a"),
                question("q4", "a"),
                question("u1", "b"),
                question("u2", "b"),
                question("u3", "b"),
            ],
        }
    )


def _rules_run(bank: Bank, **picks: str) -> Any:
    answers = {q.id: {"choice": picks.get(q.id, "good")} for q in bank.questions}
    return score(
        bank, AnswerFile.model_validate({"bank": bank.id, "project": "P", "answers": answers})
    )


def test_red_flag_lifts_its_phase_to_at_least_high() -> None:
    bank = _rules_bank()
    result = _rules_run(bank, q2="bad")
    phase = result.phase("a")
    assert phase.score == pytest.approx(0.25)
    assert grade_for(bank, phase.score) == "medium"
    assert (phase.grade, phase.red_flag, phase.lifted_by) == ("high", True, ("q2",))
    assert result.phase("b").grade == "low"
    finding = result.findings[0]
    # The finding's own risk (1.0) is critical on the grade scale, whatever its phase's weight.
    assert (finding.question, finding.severity, finding.red_flag) == ("q2", "critical", True)


def test_a_decisive_answer_lifts_its_phase_and_is_named() -> None:
    bank = _rules_bank()
    result = _rules_run(bank, q1="bad")
    phase = result.phase("a")
    assert (phase.score, phase.grade, phase.red_flag, phase.lifted_by) == (
        0.25,
        "high",
        False,
        ("q1",),
    )
    assert result.overall.grade == "high"
    # Without the decisive mark the same answer leaves the phase at its score's grade.
    assert _rules_run(bank, q3="bad").phase("a").grade == "medium"


def test_a_phase_rule_makes_any_answer_of_that_risk_decisive() -> None:
    bank = _rules_bank(decisive=[{"risk": 0.7, "grade": "medium"}])
    poor = _rules_run(bank, q3="poor")
    assert poor.phase("a").score == pytest.approx(0.175)
    assert (poor.phase("a").grade, poor.phase("a").lifted_by) == ("medium", ("q3",))
    assert _rules_run(bank, q3="mild").phase("a").grade == "low"
    # The rule belongs to phase a: the same answer in phase b moves b by its score alone.
    assert _rules_run(bank, u1="poor").phase("b").grade == "medium"  # 0.7 / 3 = 0.23
    assert _rules_run(bank, u1="mild").phase("b").grade == "low"


def test_a_finding_is_graded_by_its_own_risk_and_sorted_most_severe_first() -> None:
    bank = _rules_bank()
    result = _rules_run(bank, q3="bad", u1="mild", q4="poor", u2="poor")
    # Severity: the answer's own risk on the grade scale (never divided by the phase's weight);
    # then risk times weight; then bank order.
    assert [(f.question, f.severity) for f in result.findings] == [
        ("q3", "critical"),
        ("q4", "high"),
        ("u2", "high"),
        ("u1", "medium"),
    ]
    # A choice's own advice wins over the question's.
    assert result.findings[3].advice == {"en": "mild advice"}
    assert result.findings[0].advice == {"en": "advice for q3"}


def test_a_phase_is_never_graded_above_its_worst_finding() -> None:
    """Every floor that lifts a phase lifts the finding of the answer that carries it, and a
    weighted mean never exceeds its largest risk: so the worst finding is never below its phase."""
    for bank in (_rules_bank(), _rules_bank(decisive=[{"risk": 0.7, "grade": "medium"}])):
        rng = random.Random(5)
        for _ in range(200):
            picks = {
                q.id: rng.choice(["good", "mild", "poor", "bad", "unknown"]) for q in bank.questions
            }
            result = _rules_run(bank, **picks)
            for phase in result.phases:
                mine = [f for f in result.findings if f.phase == phase.id]
                worst = max((bank.grade_rank(f.severity) for f in mine), default=0)
                assert worst >= bank.grade_rank(phase.grade)
            for finding in result.findings:
                assert bank.grade_rank(finding.severity) >= bank.grade_rank(
                    grade_for(bank, finding.risk)
                )


def test_one_bad_usage_answer_is_a_critical_finding_in_an_elevated_phase() -> None:
    bank = _rules_bank()
    result = _rules_run(bank, u1="bad")
    assert result.phase("b").grade == "medium"
    assert [(f.question, f.severity) for f in result.findings] == [("u1", "critical")]
    assert result.overall.grade == "medium"


def test_budget_share_bands_follow_the_article(bank: Bank) -> None:
    """Article 000: of 10M over three to five years, 3-4M for planning and delivery."""
    question = bank.question("budget-for-delivery")
    assert question is not None
    risks = {
        value: question.band_for(value).risk
        for value in (0, 10, 20, 29, 30, 35, 40, 41, 49, 50, 69, 70, 85, 100)
    }
    assert risks[30] == risks[35] == risks[40] == 0.0  # the article's share
    assert 0 < risks[20] < risks[10] == risks[0]  # below it: delivery starved, or a guess
    assert 0 < risks[41] < risks[50] < risks[70] == risks[100] == 1.0  # above it: no raising
    assert question.band_for(100).decisive == "high"  # nothing decided after go-live


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
        "valid: agreed-in-person, approved-unheard, assumed, none, unknown"
    ]


def test_scoring_is_deterministic_and_results_are_immutable(bank: Bank) -> None:
    picks = {q.id: {"choice": "unknown"} for q in bank.questions[:3]}
    first, second = run(bank, picks), run(bank, picks)
    assert first == second
    with pytest.raises(Exception, match="frozen"):
        first.overall.grade = "low"  # type: ignore[misc]


def test_an_answer_that_lifts_its_phase_is_a_finding_even_at_risk_0() -> None:
    """The report says 'lifted by #N': #N must be among the findings, with the grade it sets."""
    bank = _rules_bank(decisive=[{"risk": 0, "grade": "medium"}])
    result = _rules_run(bank)
    assert (result.phase("a").grade, result.phase("a").lifted_by) == (
        "medium",
        ("q1", "q2", "q3", "q4"),
    )
    assert [(f.question, f.severity, f.risk) for f in result.findings] == [
        (q, "medium", 0.0) for q in ("q1", "q2", "q3", "q4")
    ]
    assert result.phase("b").grade == "low"  # no floor there: no findings either


def test_the_python_api_reads_older_answers_through_the_banks_migrations() -> None:
    from crm_risk.banks import load_bank

    bank = load_bank("seven-questions")
    old = AnswerFile.model_validate(
        {
            "bank": "seven-questions",
            "bank_version": "1.0",
            "project": "P",
            "answers": {"sponsor-value": {"choice": "agreed-written"}},
        }
    )
    result = score(bank, old)
    assert result.sections[0].questions[0].choices == ("agreed-in-person",)
    assert len(result.sections[0].migrated) == 1
    with pytest.raises(InputError, match=r"no migration from 0\.9"):
        score(bank, old.model_copy(update={"bank_version": "0.9"}))


def test_at_least_answers_for_the_grade_ids_of_the_banks_as_in_0_1() -> None:
    from crm_risk.loading import score_file
    from tests.conftest import EXAMPLES

    healthy = score_file(EXAMPLES / "healthy-service.yaml")
    assert (healthy.at_least("low"), healthy.at_least("medium")) == (True, False)
    full = score_file(EXAMPLES / "four-year-failure.yaml")
    assert full.at_least("critical") and not full.at_least("no-such-grade")
