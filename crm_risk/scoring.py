"""The scoring engine: a bank and its answers in, an immutable :class:`Assessment` out.

Pure and deterministic: no I/O, no globals, no clock. The rules:

- each question gets a risk in [0, 1] from its answer; an unanswered or "we don't know" question
  counts as its worst answer (not knowing is the risk);
- a phase's score is the weighted mean of its questions' risks; its grade is the highest grade
  whose ``min`` the score reaches, lifted to at least the red-flag grade by any red-flag answer;
- the overall grade is the worst phase's (highest grade, then score); the overall score is the
  highest phase score, so it never falls as an answer gets worse;
- every answer with risk above zero (or a red flag, or no answer) is a finding; its severity is
  the grade that answer alone would give its phase (so never above the phase's grade), lifted
  by a red flag like the phase.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol, TypeVar

from crm_risk.errors import InputError, Problem
from crm_risk.models import UNKNOWN, Answer, AnswerFile, Bank, Question, check_answers
from crm_risk.results import Assessment, Finding, Overall, PhaseResult, QuestionResult, Status
from crm_risk.yamlio import format_path

# Scores are sums of floats; compare against thresholds with this tolerance so that, say, three
# risks of 1/3 reach a threshold of 1.0 exactly as a person would expect.
EPSILON = 1e-9


def grade_for(bank: Bank, score: float) -> str:
    """The highest grade whose threshold ``score`` reaches."""
    grade = bank.grades[0].id
    for candidate in bank.grades:
        if score + EPSILON >= candidate.min:
            grade = candidate.id
    return grade


class _Graded(Protocol):
    @property
    def grade(self) -> str: ...
    @property
    def score(self) -> float: ...


def by_severity(bank: Bank) -> Callable[[_Graded], tuple[int, float]]:
    """Sort key: higher grade first, then higher score. ``max(..., key=)`` takes the first on a tie.

    The one definition of "worst" for phases, overall results and group members.
    """
    return lambda item: (bank.grade_rank(item.grade), item.score)


G = TypeVar("G", bound=_Graded)


def overall_of(bank: Bank, phases: Sequence[G]) -> tuple[G, float]:
    """The worst phase (its grade is the overall grade) and the overall score.

    The overall score is the highest phase score, not the worst phase's: a red flag can make a
    lower-scored phase the worst, and the overall score must never fall as an answer gets worse.
    """
    return max(phases, key=by_severity(bank)), max(p.score for p in phases)


def _worse(bank: Bank, first: str, second: str) -> str:
    return first if bank.grade_rank(first) >= bank.grade_rank(second) else second


def worst_outcome(question: Question) -> tuple[float, bool]:
    """Risk and red flag of the question's worst possible answer."""
    if question.choices is not None and question.type in ("choice", "yesno", "multi"):
        if question.type == "multi" and question.combine == "sum":
            return min(1.0, math.fsum(c.risk for c in question.choices)), any(
                c.red_flag for c in question.choices
            )
        worst = max(question.choices, key=lambda c: (c.risk, c.red_flag))
        return worst.risk, any(c.red_flag for c in question.choices if c.risk == worst.risk)
    bands = question.bands or []
    worst_band = max(bands, key=lambda b: (b.risk, b.red_flag))
    return worst_band.risk, any(b.red_flag for b in bands if b.risk == worst_band.risk)


def answer_outcome(
    question: Question, answer: Answer | None
) -> tuple[Status, float, bool, dict[str, str] | None]:
    """Status, risk, red flag and specific advice (if any) of one answer to one question."""
    if answer is None or answer.is_empty or answer.is_unknown:
        risk, flag = worst_outcome(question)
        status: Status = "unknown" if answer is not None and answer.is_unknown else "unanswered"
        return status, risk, flag, None
    if question.type == "multi":
        picked = [c for c in question.choices or () if c.id in set(answer.choices or ())]
        risks = [c.risk for c in picked]
        risk = min(1.0, math.fsum(risks)) if question.combine == "sum" else max(risks, default=0.0)
        advice = next((c.advice for c in sorted(picked, key=lambda c: -c.risk) if c.advice), None)
        return "answered", risk, any(c.red_flag for c in picked), advice
    if question.type in ("choice", "yesno"):
        choice = question.choice(answer.choice or "")
        if choice is None:
            raise ValueError(f"unchecked answer {answer.choice!r} to {question.id}")
        return "answered", choice.risk, choice.red_flag, choice.advice
    if answer.value is None:
        raise ValueError(f"unchecked answer to {question.id}")
    band = question.band_for(answer.value)
    return "answered", band.risk, band.red_flag, band.advice


def score(bank: Bank, answers: AnswerFile, *, file: str | None = None) -> Assessment:
    """Score ``answers`` against ``bank``; answers that do not fit the bank raise InputError."""
    problems = check_answers(bank, answers)
    if problems:
        where = file or "<answers>"
        raise InputError(
            [Problem(where, f"{format_path(path)}: {message}") for path, message in problems]
        )

    questions: list[QuestionResult] = []
    findings: list[Finding] = []
    phase_weight: dict[str, float] = {}
    for question in bank.questions:
        phase_weight[question.phase] = phase_weight.get(question.phase, 0.0) + question.weight
    for question in bank.questions:
        answer = answers.answers.get(question.id)
        status, risk, red_flag, specific_advice = answer_outcome(question, answer)
        questions.append(
            QuestionResult(
                id=question.id,
                phase=question.phase,
                status=status,
                risk=risk,
                weight=question.weight,
                red_flag=red_flag,
                choices=_chosen(answer),
                value=answer.value if answer is not None else None,
                note=answer.note if answer is not None else None,
            )
        )
        if risk > 0 or red_flag or status != "answered":
            # Severity is the grade this answer alone would give its phase, so a finding is never
            # graded above its phase: one bad usage answer of three is "medium", as its phase is.
            severity = grade_for(bank, question.weight * risk / phase_weight[question.phase])
            if red_flag:
                severity = _worse(bank, severity, bank.flag_grade)
            findings.append(
                Finding(
                    question=question.id,
                    phase=question.phase,
                    status=status,
                    risk=risk,
                    severity=severity,
                    red_flag=red_flag,
                    advice=specific_advice or question.advice,
                )
            )

    phases = tuple(_phase_result(bank, phase.id, questions) for phase in bank.phases)
    worst, top_score = overall_of(bank, phases)
    overall = Overall(grade=worst.grade, score=top_score)
    order = {q.id: i for i, q in enumerate(bank.questions)}
    weight = {q.id: q.weight for q in bank.questions}
    findings.sort(
        key=lambda f: (
            -bank.grade_rank(f.severity),
            -f.risk * weight[f.question],
            order[f.question],
        )
    )
    return Assessment(
        file=file,
        project=answers.project,
        respondent=answers.respondent,
        date=answers.date,
        context=dict(answers.context),
        overall=overall,
        phases=phases,
        questions=tuple(questions),
        findings=tuple(findings),
        unanswered=tuple(q.id for q in questions if q.status != "answered"),
        bank=bank,
    )


def _chosen(answer: Answer | None) -> tuple[str, ...]:
    if answer is None:
        return ()
    if answer.choices is not None:
        return tuple(answer.choices)
    if answer.choice is not None and answer.choice != UNKNOWN:
        return (answer.choice,)
    return ()


def _phase_result(bank: Bank, phase_id: str, questions: Iterable[QuestionResult]) -> PhaseResult:
    mine = [q for q in questions if q.phase == phase_id]
    total_weight = math.fsum(q.weight for q in mine)
    value = math.fsum(q.weight * q.risk for q in mine) / total_weight if total_weight else 0.0
    value = min(1.0, max(0.0, value))
    grade = grade_for(bank, value)
    flagged = any(q.red_flag for q in mine)
    lifted = flagged and bank.grade_rank(bank.flag_grade) > bank.grade_rank(grade)
    if flagged:
        grade = _worse(bank, grade, bank.flag_grade)
    return PhaseResult(
        id=phase_id,
        score=value,
        grade=grade,
        red_flag=lifted,
        answered=sum(1 for q in mine if q.status == "answered"),
        total=len(mine),
    )
