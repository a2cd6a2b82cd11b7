"""Group scoring: several respondents' answer files of one project, scored together.

Pure, like :mod:`crm_risk.scoring`, which scores each file. The rules:

- every file must be for the same project and the same bank (id and version);
- a phase's group grade is its worst respondent's grade (highest grade, then highest score), and
  the result names that respondent; the group's overall grade is its worst phase's;
- a question on which the answering respondents' risks differ by more than the threshold (the
  question's ``consensus_gap``, else the bank's) is a **consensus gap**, naming the respondents
  with the lowest and the highest risk. Unanswered questions have no view to compare and are left
  out; "we don't know" is a view and counts (at the question's worst risk).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from crm_risk.bank import Bank
from crm_risk.errors import InputError, Problem
from crm_risk.results import (
    Assessment,
    ConsensusGap,
    GroupAssessment,
    GroupPhase,
    Member,
    MemberAnswer,
    QuestionSpread,
)
from crm_risk.scoring import EPSILON, by_severity, overall_of

# Risks are stored floats (0.3, 0.7 ...); a spread equal to the threshold is not above it.


def _member(result: Assessment) -> Member:
    if result.respondent is not None:
        return Member(file=result.file, name=result.respondent.name, role=result.respondent.role)
    name = Path(result.file).name if result.file else "?"
    return Member(file=result.file, name=name, role=None)


def _check_same(results: Sequence[Assessment]) -> None:
    first = results[0]
    where = first.file or "<answers>"
    problems = []
    for result in results[1:]:
        file = result.file or "<answers>"
        if result.project != first.project:
            problems.append(
                Problem(
                    file,
                    f"project {result.project!r} differs from {first.project!r} in {where}; "
                    "a group is one project's answer files",
                )
            )
        if (result.bank.id, result.bank.version) != (first.bank.id, first.bank.version):
            problems.append(
                Problem(
                    file,
                    f"bank {result.bank.id} {result.bank.version} differs from "
                    f"{first.bank.id} {first.bank.version} in {where}; "
                    "a group answers one bank",
                )
            )
    if problems:
        raise InputError(problems)


def spread_of(bank: Bank, question_id: str, answers: Sequence[MemberAnswer]) -> QuestionSpread:
    """The members' spread on one question, and whether it is a consensus gap."""
    question = bank.question(question_id)
    assert question is not None
    threshold = question.consensus_gap if question.consensus_gap is not None else bank.consensus_gap
    views = [a for a in answers if a.result.status != "unanswered"]
    spread = 0.0
    if len(views) >= 2:
        spread = max(a.result.risk for a in views) - min(a.result.risk for a in views)
    return QuestionSpread(
        id=question_id,
        phase=question.phase,
        answers=tuple(answers),
        threshold=threshold,
        spread=spread,
        gap=spread > threshold + EPSILON,
    )


def _gap(spread: QuestionSpread) -> ConsensusGap:
    views = [a for a in spread.answers if a.result.status != "unanswered"]
    low = min(a.result.risk for a in views)
    high = max(a.result.risk for a in views)
    return ConsensusGap(
        question=spread.id,
        phase=spread.phase,
        threshold=spread.threshold,
        spread=spread.spread,
        low_risk=low,
        high_risk=high,
        low=tuple(a.member for a in views if abs(a.result.risk - low) <= EPSILON),
        high=tuple(a.member for a in views if abs(a.result.risk - high) <= EPSILON),
    )


def score_group(results: Sequence[Assessment]) -> GroupAssessment:
    """Score several assessments of one project and bank as a group (see the module rules)."""
    if not results:
        raise ValueError("a group needs at least one assessment")
    _check_same(results)
    bank = results[0].bank

    phases = []
    worst_first = by_severity(bank)
    for phase in bank.phases:
        member, scored = max(
            enumerate(r.phase(phase.id) for r in results), key=lambda pair: worst_first(pair[1])
        )
        phases.append(
            GroupPhase(id=phase.id, grade=scored.grade, score=scored.score, driver=member)
        )
    worst_phase, top_score = overall_of(bank, phases)
    worst = worst_phase.model_copy(update={"score": top_score})

    spreads = tuple(
        spread_of(
            bank,
            question.id,
            [MemberAnswer(member=i, result=r.question(question.id)) for i, r in enumerate(results)],
        )
        for question in bank.questions
    )
    order = {q.id: i for i, q in enumerate(bank.questions)}
    gaps = sorted((_gap(s) for s in spreads if s.gap), key=lambda g: (-g.spread, order[g.question]))
    return GroupAssessment(
        project=results[0].project,
        members=tuple(_member(r) for r in results),
        assessments=tuple(results),
        phases=tuple(phases),
        overall=worst,
        questions=spreads,
        gaps=tuple(gaps),
        bank=bank,
    )
