"""Group scoring: several respondents' answer files of one project, scored together.

Pure, like :mod:`crm_risk.scoring`, which scores each file. The rules:

- every file must be for the same project and the same banks (ids and versions);
- per bank, a phase's group grade is its worst respondent's grade (highest grade, then highest
  score), and the result names that respondent; a bank's group grade is its worst phase's, and
  the group's overall grade its worst bank's. In the group, a question a respondent skipped but
  others answered is left out of that respondent's phase score (as if not applicable): the
  others' answers speak for it, so a skip does not drive the group's grade. "We don't know" still
  counts as the worst answer;
- a question on which the respondents with a view differ by more than the threshold (the
  question's ``consensus_gap``, else the bank's) is a **consensus gap**, naming the respondents
  with the lowest and the highest risk. Skipped and not-applicable answers are not views and are
  left out; "we don't know" is a view and counts (at the question's worst risk).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from crm_risk.answers import AnswerStatus
from crm_risk.bank import Bank
from crm_risk.errors import InputError, Problem
from crm_risk.msg import _
from crm_risk.results import (
    Assessment,
    ConsensusGap,
    GroupAssessment,
    GroupPhase,
    GroupSection,
    Member,
    MemberAnswer,
    QuestionSpread,
    Section,
)
from crm_risk.scoring import EPSILON, by_severity, grade_phases, overall_of, worst_section


def _member(result: Assessment) -> Member:
    if result.respondent is not None:
        return Member(file=result.file, name=result.respondent.name, role=result.respondent.role)
    name = re.split(r"[\\/]", result.file)[-1] if result.file else "?"
    return Member(file=result.file, name=name, role=None)


def _banks(result: Assessment) -> list[tuple[str, str]]:
    return [(s.bank.id, s.bank.version) for s in result.sections]


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
                    _(
                        "project {project!r} differs from {first!r} in {file}; "
                        "a group is one project's answer files",
                        project=result.project,
                        first=first.project,
                        file=where,
                    ),
                )
            )
        if _banks(result) != _banks(first):
            theirs = ", ".join(f"{i} {v}" for i, v in _banks(result))
            ours = ", ".join(f"{i} {v}" for i, v in _banks(first))
            problems.append(
                Problem(
                    file,
                    _(
                        "bank {theirs} differs from {ours} in {file}; a group answers the same banks",
                        theirs=theirs,
                        ours=ours,
                        file=where,
                    ),
                )
            )
    if problems:
        raise InputError(problems)


def spread_of(bank: Bank, question_id: str, answers: Sequence[MemberAnswer]) -> QuestionSpread:
    """The members' spread on one question, and whether it is a consensus gap."""
    question = bank.question(question_id)
    assert question is not None
    threshold = question.consensus_gap if question.consensus_gap is not None else bank.consensus_gap
    views = [a for a in answers if a.result.status.is_view]
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


def gap_of(spread: QuestionSpread) -> ConsensusGap:
    """The consensus gap a spread shows: the members with the lowest and the highest risk."""
    views = [a for a in spread.answers if a.result.status.is_view]
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


def _group_section(bank: Bank, sections: Sequence[Section]) -> GroupSection:
    phases = []
    worst_first = by_severity(bank)
    for phase in bank.phases:
        member, scored = max(
            enumerate(s.phase(phase.id) for s in sections), key=lambda pair: worst_first(pair[1])
        )
        phases.append(
            GroupPhase(id=phase.id, grade=scored.grade, score=scored.score, driver=member)
        )
    worst_phase, top_score = overall_of(bank, phases)
    spreads = tuple(
        spread_of(
            bank,
            question.id,
            [
                MemberAnswer(member=i, result=s.question(question.id))
                for i, s in enumerate(sections)
            ],
        )
        for question in bank.ordered
    )
    # In bank order (as the spreads are): the bank lists its questions by importance (a
    # disagreement about the sponsor, question 1, comes first), not by the size of the spread.
    gaps = [gap_of(s) for s in spreads if s.gap]
    return GroupSection(
        bank=bank,
        phases=tuple(phases),
        overall=worst_phase.model_copy(update={"score": top_score}),
        questions=spreads,
        gaps=tuple(gaps),
    )


def _without_covered_skips(sections: Sequence[Section]) -> list[Section]:
    """Each member's section with the questions they skipped but someone else answered left out
    of the phase scores (the questions themselves keep the skip, for the report)."""
    viewed = {q.id for section in sections for q in section.questions if q.status.is_view}
    out = []
    for section in sections:
        questions = [
            q.model_copy(update={"status": AnswerStatus.not_applicable, "floor": None})
            if q.status is AnswerStatus.unanswered and q.id in viewed
            else q
            for q in section.questions
        ]
        if questions == list(section.questions):
            out.append(section)
            continue
        phases, overall = grade_phases(section.bank, questions)
        out.append(section.model_copy(update={"phases": phases, "overall": overall}))
    return out


def score_group(results: Sequence[Assessment]) -> GroupAssessment:
    """Score several assessments of one project and the same banks as a group (see the rules)."""
    if not results:
        raise ValueError("a group needs at least one assessment")
    _check_same(results)
    sections = tuple(
        _group_section(section.bank, _without_covered_skips([r.sections[index] for r in results]))
        for index, section in enumerate(results[0].sections)
    )
    worst = worst_section(sections)
    overall = worst.overall.model_copy(update={"score": max(s.overall.score for s in sections)})
    return GroupAssessment(
        project=results[0].project,
        members=tuple(_member(r) for r in results),
        assessments=tuple(results),
        sections=sections,
        overall=overall,
        overall_bank=worst.bank.id,
    )
