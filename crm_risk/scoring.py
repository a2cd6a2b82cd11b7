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
from dataclasses import dataclass
from typing import Protocol, TypeVar

from crm_risk.answers import UNKNOWN, Answer, AnswerFile
from crm_risk.bank import Band, Bank, Choice, Phase, Question
from crm_risk.errors import InputError, Problem
from crm_risk.results import Assessment, Finding, Overall, PhaseResult, QuestionResult, Status
from crm_risk.rules import answer_floor, check_answers, format_path

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


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one answer means: its status, risk, red flag, the grade it alone lifts its phase to
    (``floor``, from ``decisive`` or a red flag) and the advice specific to it."""

    status: Status
    risk: float
    red_flag: bool = False
    floor: str | None = None
    advice: dict[str, str] | None = None


def _floor(bank: Bank, options: Iterable[Choice | Band]) -> str | None:
    floors = [f for f in (answer_floor(bank, o) for o in options) if f is not None]
    return max(floors, key=bank.grade_rank) if floors else None


def worst_outcome(bank: Bank, question: Question, status: Status) -> Outcome:
    """The question's worst possible answer (how "unanswered" and "we don't know" count)."""
    if question.choices is not None and question.type in ("choice", "yesno", "multi"):
        choices = question.choices
        if question.type == "multi" and question.combine == "sum":
            picked = list(choices)
            risk = min(1.0, math.fsum(c.risk for c in choices))
        else:
            risk = max(c.risk for c in choices)
            picked = [c for c in choices if c.risk == risk]
        return Outcome(status, risk, any(c.red_flag for c in picked), _floor(bank, picked))
    bands = question.bands or []
    risk = max(b.risk for b in bands)
    worst = [b for b in bands if b.risk == risk]
    return Outcome(status, risk, any(b.red_flag for b in worst), _floor(bank, worst))


def answer_outcome(bank: Bank, question: Question, answer: Answer | None) -> Outcome:
    """What one answer to one question means (see :class:`Outcome`)."""
    if answer is None or answer.is_empty:
        return worst_outcome(bank, question, "unanswered")
    if answer.is_unknown:
        return worst_outcome(bank, question, "unknown")
    if question.type == "multi":
        picked = [c for c in question.choices or () if c.id in set(answer.choices or ())]
        risks = [c.risk for c in picked]
        risk = min(1.0, math.fsum(risks)) if question.combine == "sum" else max(risks, default=0.0)
        advice = next((c.advice for c in sorted(picked, key=lambda c: -c.risk) if c.advice), None)
        flag = any(c.red_flag for c in picked)
        return Outcome("answered", risk, flag, _floor(bank, picked), advice)
    if question.type in ("choice", "yesno"):
        choice = question.choice(answer.choice or "")
        if choice is None:
            raise ValueError(f"unchecked answer {answer.choice!r} to {question.id}")
        floor = answer_floor(bank, choice)
        return Outcome("answered", choice.risk, choice.red_flag, floor, choice.advice)
    if answer.value is None:
        raise ValueError(f"unchecked answer to {question.id}")
    band = question.band_for(answer.value)
    return Outcome("answered", band.risk, band.red_flag, answer_floor(bank, band), band.advice)


def _lift(bank: Bank, grade: str, floor: str | None) -> str:
    return grade if floor is None else _worse(bank, grade, floor)


def answer_floor_in_phase(bank: Bank, phase: Phase, outcome: Outcome) -> str | None:
    """The grade an answer alone lifts its phase to: its own floor and the phase's rules."""
    floor = outcome.floor
    for rule in phase.decisive:
        if outcome.risk + EPSILON >= rule.risk:
            floor = _lift(bank, rule.grade, floor)
    return floor


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
    floors: dict[str, str | None] = {}
    for question in bank.questions:
        answer = answers.answers.get(question.id)
        outcome = answer_outcome(bank, question, answer)
        floor = answer_floor_in_phase(bank, bank.phase(question.phase), outcome)
        floors[question.id] = floor
        questions.append(
            QuestionResult(
                id=question.id,
                phase=question.phase,
                status=outcome.status,
                risk=outcome.risk,
                weight=question.weight,
                red_flag=outcome.red_flag,
                choices=_chosen(answer),
                value=answer.value if answer is not None else None,
                note=answer.note if answer is not None else None,
            )
        )
        if outcome.risk > 0 or outcome.red_flag or outcome.status != "answered":
            # A finding's severity is its answer's own risk on the bank's grade scale, raised
            # by any floor the answer carries: never divided by the phase's weight, so one
            # serious answer reads as serious however many questions its phase has.
            findings.append(
                Finding(
                    question=question.id,
                    phase=question.phase,
                    status=outcome.status,
                    risk=outcome.risk,
                    severity=_lift(bank, grade_for(bank, outcome.risk), floor),
                    red_flag=outcome.red_flag,
                    advice=outcome.advice or question.advice,
                )
            )

    phases = tuple(_phase_result(bank, phase.id, questions, floors) for phase in bank.phases)
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


def _phase_result(
    bank: Bank,
    phase_id: str,
    questions: Iterable[QuestionResult],
    floors: dict[str, str | None],
) -> PhaseResult:
    mine = [q for q in questions if q.phase == phase_id]
    total_weight = math.fsum(q.weight for q in mine)
    value = math.fsum(q.weight * q.risk for q in mine) / total_weight if total_weight else 0.0
    value = min(1.0, max(0.0, value))
    by_score = grade_for(bank, value)
    grade = by_score
    for item in mine:
        grade = _lift(bank, grade, floors[item.id])
    lifted_by = tuple(
        q.id
        for q in mine
        if floors[q.id] is not None
        and bank.grade_rank(floors[q.id] or "") > bank.grade_rank(by_score)
    )
    flag_lifted = any(q.red_flag for q in mine) and bank.grade_rank(
        bank.flag_grade
    ) > bank.grade_rank(by_score)
    return PhaseResult(
        id=phase_id,
        score=value,
        grade=grade,
        red_flag=flag_lifted,
        lifted_by=lifted_by,
        answered=sum(1 for q in mine if q.status == "answered"),
        total=len(mine),
    )
