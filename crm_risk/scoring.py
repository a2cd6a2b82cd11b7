"""The scoring engine: banks and answers in, an immutable :class:`Assessment` out.

Pure and deterministic: no I/O, no globals, no clock. The rules:

- each question gets a risk in [0, 1] from its answer; an unanswered or "we don't know" question
  counts as its worst answer (not knowing is the risk); "not applicable" is left out;
- a phase's score is the weighted mean of its questions' risks; its grade is the highest grade
  whose ``min`` the score reaches, lifted by every *floor* its answers carry: a red flag (to the
  red-flag grade), a ``decisive`` choice or band, or the phase's own ``decisive`` rules (any answer
  of at least that risk). A phase whose every question is not applicable has no grade;
- a bank's overall grade is its worst phase's (highest grade, then score); the overall score is
  the highest phase score, so it never falls as an answer gets worse. Across banks, the worst
  section (grade rank as a share of its scale, then score) sets the file's overall grade;
- every answer with risk above zero (or a red flag, or a floor above the lowest grade, or no
  answer) is a finding; its severity is its own risk on the bank's grade scale, raised by any
  floor it carries: never divided by the phase's weight, so a serious answer reads as serious
  however many questions its phase has.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from crm_risk.answers import UNKNOWN, Answer, AnswerFile, AnswerStatus, Respondent, status_of
from crm_risk.bank import Band, Bank, Choice, Phase, Question
from crm_risk.errors import InputError, Problem
from crm_risk.fitting import fit
from crm_risk.migrate import Migrated
from crm_risk.results import (
    Assessment,
    Finding,
    Overall,
    PhaseResult,
    QuestionResult,
    Section,
)
from crm_risk.rules import answer_floor, at_path

# Results are built with ``model_construct``: every value here is computed by this module from
# checked input, so validating it again would only cost time (a batch scores thousands of files).

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
    def grade(self) -> str | None: ...
    @property
    def score(self) -> float: ...


def by_severity(bank: Bank) -> Callable[[_Graded], tuple[int, float]]:
    """Sort key: higher grade first, then higher score (no grade ranks lowest).
    ``max(..., key=)`` takes the first on a tie.

    The one definition of "worst" for phases, overall results and group members.
    """
    return lambda item: (bank.grade_rank(item.grade) if item.grade else -1, item.score)


G = TypeVar("G", bound=_Graded)


def overall_of(bank: Bank, phases: Sequence[G]) -> tuple[G, float]:
    """The worst phase (its grade is the overall grade) and the overall score.

    The overall score is the highest phase score, not the worst phase's: a red flag can make a
    lower-scored phase the worst, and the overall score must never fall as an answer gets worse.
    """
    return max(phases, key=by_severity(bank)), max(p.score for p in phases)


def share_of_scale(bank: Bank, grade: str | None) -> float:
    """A grade's place on its bank's scale, from 0 (lowest) to 1 (highest); -1 for no grade.
    Banks may have scales of different lengths; this is how their grades compare."""
    if grade is None:
        return -1.0
    return bank.grade_rank(grade) / max(1, len(bank.grades) - 1)


_Banked = TypeVar("_Banked", bound="_BankSection")


class _BankSection(Protocol):
    @property
    def bank(self) -> Bank: ...
    @property
    def overall(self) -> _Graded: ...


def worst_section(sections: Sequence[_Banked]) -> _Banked:
    """The section that sets the overall grade across banks: the highest grade as a share of its
    own scale (banks may have scales of different lengths), then the highest score."""
    return max(sections, key=lambda s: (share_of_scale(s.bank, s.overall.grade), s.overall.score))


def overall_across(sections: Sequence[Section]) -> Overall:
    """The file's overall: the worst section's grade, the highest section score."""
    worst = worst_section(sections)
    return Overall.model_construct(
        grade=worst.overall.grade,
        score=max(s.overall.score for s in sections),
        bank=worst.bank.id,
    )


def _worse(bank: Bank, first: str, second: str) -> str:
    return first if bank.grade_rank(first) >= bank.grade_rank(second) else second


def _lift(bank: Bank, grade: str, floor: str | None) -> str:
    return grade if floor is None else _worse(bank, grade, floor)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one answer means: its status, risk, red flag, the grade it alone lifts its phase to
    (``floor``, from ``decisive`` or a red flag) and the advice specific to it."""

    status: AnswerStatus
    risk: float
    red_flag: bool = False
    floor: str | None = None
    advice: dict[str, str] | None = None


def _floor(bank: Bank, options: Iterable[Choice | Band]) -> str | None:
    floors = [f for f in (answer_floor(bank, o) for o in options) if f is not None]
    return max(floors, key=bank.grade_rank) if floors else None


def worst_outcome(bank: Bank, question: Question, status: AnswerStatus) -> Outcome:
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
    status = status_of(answer)
    if status in (AnswerStatus.unanswered, AnswerStatus.unknown):
        return worst_outcome(bank, question, status)
    if status is AnswerStatus.not_applicable:
        return Outcome(status, 0.0)
    assert answer is not None
    if question.type == "multi":
        picked = [c for c in question.choices or () if c.id in set(answer.choices or ())]
        risks = [c.risk for c in picked]
        risk = min(1.0, math.fsum(risks)) if question.combine == "sum" else max(risks, default=0.0)
        advice = next((c.advice for c in sorted(picked, key=lambda c: -c.risk) if c.advice), None)
        flag = any(c.red_flag for c in picked)
        return Outcome(status, risk, flag, _floor(bank, picked), advice)
    if question.type in ("choice", "yesno"):
        choice = question.choice(answer.choice or "")
        if choice is None:
            raise ValueError(f"unchecked answer {answer.choice!r} to {question.id}")
        return Outcome(
            status, choice.risk, choice.red_flag, answer_floor(bank, choice), choice.advice
        )
    if answer.value is None:
        raise ValueError(f"unchecked answer to {question.id}")
    band = question.band_for(answer.value)
    return Outcome(status, band.risk, band.red_flag, answer_floor(bank, band), band.advice)


def floor_in_phase(bank: Bank, phase: Phase, outcome: Outcome) -> str | None:
    """The grade an answer alone lifts its phase to: its own floor and the phase's rules."""
    if outcome.status is AnswerStatus.not_applicable:
        return None
    floor = outcome.floor
    for rule in phase.decisive:
        if outcome.risk + EPSILON >= rule.risk:
            floor = _lift(bank, rule.grade, floor)
    return floor


def score_section(
    bank: Bank, answers: Mapping[str, Answer | None], migrated: tuple[Migrated, ...] = ()
) -> Section:
    """Score one bank's answers (already checked against it)."""
    questions: list[QuestionResult] = []
    findings: list[Finding] = []
    weights: dict[str, float] = {}
    for question in bank.ordered:
        answer = answers.get(question.id)
        outcome = answer_outcome(bank, question, answer)
        floor = floor_in_phase(bank, bank.phase(question.phase), outcome)
        questions.append(
            QuestionResult.model_construct(
                id=question.id,
                phase=question.phase,
                status=outcome.status,
                risk=outcome.risk,
                weight=question.weight,
                red_flag=outcome.red_flag,
                floor=floor,
                choices=_chosen(answer),
                value=answer.value if answer is not None else None,
                note=answer.note if answer is not None else None,
                reason=answer.reason if answer is not None else None,
            )
        )
        severity = _lift(bank, grade_for(bank, outcome.risk), floor)
        if outcome.status is not AnswerStatus.not_applicable and (
            outcome.risk > 0
            or outcome.red_flag
            or outcome.status is not AnswerStatus.answered
            or severity != bank.grades[0].id  # a floor alone lifts the phase: say why
        ):
            weights[question.id] = question.weight
            findings.append(
                Finding.model_construct(
                    question=question.id,
                    phase=question.phase,
                    status=outcome.status,
                    risk=outcome.risk,
                    severity=severity,
                    red_flag=outcome.red_flag,
                    advice=outcome.advice or question.advice,
                )
            )
    phases, overall = grade_phases(bank, questions)
    # Made in bank order, and the sort is stable: equal findings stay in bank order.
    findings.sort(key=lambda f: (-bank.grade_rank(f.severity), -f.risk * weights[f.question]))
    return Section.model_construct(
        bank=bank,
        overall=overall,
        phases=phases,
        questions=tuple(questions),
        findings=tuple(findings),
        migrated=migrated,
    )


def grade_phases(
    bank: Bank, questions: Sequence[QuestionResult]
) -> tuple[tuple[PhaseResult, ...], Overall]:
    """Each phase's score and grade from its questions' results, and the bank's overall."""
    phases = tuple(_phase_result(bank, phase.id, questions) for phase in bank.phases)
    graded = [p for p in phases if p.grade is not None]
    if not graded:
        return phases, Overall.model_construct(grade=None, score=0.0, bank=bank.id)
    worst, top_score = overall_of(bank, graded)
    return phases, Overall.model_construct(grade=worst.grade, score=top_score, bank=bank.id)


def assessment(
    sections: Sequence[Section],
    *,
    project: str,
    respondent: Respondent | None = None,
    date: object = None,
    context: Mapping[str, str] | None = None,
    file: str | None = None,
) -> Assessment:
    """The assessment of one file from its scored sections and its facts."""
    return Assessment(
        file=file,
        project=project,
        respondent=respondent,
        date=date,  # type: ignore[arg-type]
        context=dict(context or {}),
        sections=tuple(sections),
        overall=overall_across(sections),
    )


def score(bank: Bank, answers: AnswerFile, *, file: str | None = None) -> Assessment:
    """Score a single-bank answer file against ``bank`` (answers written for an older version of
    it read through its migrations, as a loaded file's are); answers that do not fit raise
    InputError."""
    sections, problems = fit(answers, [bank])
    if problems:
        where = file or "<answers>"
        raise InputError([Problem(where, at_path(path, message)) for path, message in problems])
    return assessment(
        [score_section(s.bank, s.answers, s.migrated) for s in sections],
        project=answers.project,
        respondent=answers.respondent,
        date=answers.date,
        context=answers.context,
        file=file,
    )


def _chosen(answer: Answer | None) -> tuple[str, ...]:
    if answer is None:
        return ()
    if answer.choices is not None:
        return tuple(answer.choices)
    if answer.choice is not None and answer.choice != UNKNOWN and not answer.is_not_applicable:
        return (answer.choice,)
    return ()


def _phase_result(bank: Bank, phase_id: str, questions: Iterable[QuestionResult]) -> PhaseResult:
    mine = [q for q in questions if q.phase == phase_id]
    counted = [q for q in mine if q.status is not AnswerStatus.not_applicable]
    counts = {status: sum(1 for q in mine if q.status is status) for status in AnswerStatus}
    empty = PhaseResult.model_construct(
        id=phase_id,
        score=0.0,
        grade=None,
        red_flag=False,
        answered=counts[AnswerStatus.answered],
        unknown=counts[AnswerStatus.unknown],
        not_applicable=counts[AnswerStatus.not_applicable],
        unanswered=counts[AnswerStatus.unanswered],
        total=len(mine),
    )
    if not counted:
        # Every question is not applicable: there is nothing to grade, and that is not "low".
        return empty
    total_weight = math.fsum(q.weight for q in counted)
    value = math.fsum(q.weight * q.risk for q in counted) / total_weight
    value = min(1.0, max(0.0, value))
    by_score = grade_for(bank, value)
    grade = by_score
    for item in counted:
        grade = _lift(bank, grade, item.floor)
    lifted_by = tuple(
        q.id
        for q in counted
        if q.floor is not None and bank.grade_rank(q.floor) > bank.grade_rank(by_score)
    )
    flag_lifted = any(q.red_flag for q in counted) and bank.grade_rank(
        bank.flag_grade
    ) > bank.grade_rank(by_score)
    return empty.model_copy(
        update={"score": value, "grade": grade, "red_flag": flag_lifted, "lifted_by": lifted_by}
    )
