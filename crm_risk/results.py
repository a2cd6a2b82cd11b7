"""Immutable results of scoring: per question, per phase, per bank (a section), per file.

Results hold ids and numbers, not display text; views (:mod:`crm_risk.views`) look texts up in the
section's ``bank`` (carried along but never serialized) in the language they are asked for.
"""

from __future__ import annotations

import datetime as dt
import functools

from pydantic import BaseModel, ConfigDict, Field

from crm_risk.answers import AnswerStatus, Respondent
from crm_risk.bank import Bank
from crm_risk.migrate import Migrated


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)


class QuestionResult(_Result):
    """How one question was answered and what risk that carries."""

    id: str
    phase: str
    status: AnswerStatus
    risk: float
    weight: float
    red_flag: bool
    floor: str | None = Field(
        default=None, description="The grade this answer alone lifts its phase to, if any."
    )
    choices: tuple[str, ...] = ()
    value: float | None = None
    note: str | None = None
    reason: str | None = None


class Finding(_Result):
    """A risky answer (risk above zero, a red flag, or no answer) and what to do about it."""

    question: str
    phase: str
    status: AnswerStatus
    risk: float
    severity: str
    red_flag: bool
    advice: dict[str, str] | None = None


class PhaseResult(_Result):
    id: str
    score: float
    grade: str | None = Field(description="None when every question is not applicable.")
    red_flag: bool = Field(description="A red-flag answer lifted this phase's grade.")
    lifted_by: tuple[str, ...] = Field(
        default=(), description="Questions whose answers alone lifted the grade above the score's."
    )
    answered: int
    unknown: int = 0
    not_applicable: int = 0
    unanswered: int = 0
    total: int


class Overall(_Result):
    grade: str | None
    score: float
    bank: str | None = Field(default=None, description="The bank whose section sets the grade.")


class Section(_Result):
    """One bank's part of an assessment."""

    bank: Bank = Field(exclude=True, repr=False)
    overall: Overall
    phases: tuple[PhaseResult, ...]
    questions: tuple[QuestionResult, ...]
    findings: tuple[Finding, ...]
    migrated: tuple[Migrated, ...] = ()

    @property
    def unanswered(self) -> tuple[str, ...]:
        """Questions skipped (scored as their worst answer)."""
        return tuple(q.id for q in self.questions if q.status is AnswerStatus.unanswered)

    @property
    def unknown(self) -> tuple[str, ...]:
        """Questions answered "we don't know" (an answer, scored as the worst)."""
        return tuple(q.id for q in self.questions if q.status is AnswerStatus.unknown)

    def phase(self, phase_id: str) -> PhaseResult:
        return next(p for p in self.phases if p.id == phase_id)

    def question(self, question_id: str) -> QuestionResult:
        return self._questions_by_id[question_id]

    @functools.cached_property
    def _questions_by_id(self) -> dict[str, QuestionResult]:
        return {q.id: q for q in reversed(self.questions)}  # the first one wins

    def at_least(self, grade_id: str) -> bool:
        """Whether this section's overall grade is ``grade_id`` or worse."""
        grade = self.overall.grade
        return grade is not None and self.bank.at_least(grade, grade_id)


class Assessment(_Result):
    """The scored result of one answer file: its facts, one section per bank, and the overall."""

    file: str | None
    project: str
    respondent: Respondent | None
    date: dt.date | None
    context: dict[str, str]
    sections: tuple[Section, ...] = Field(min_length=1)
    overall: Overall

    @property
    def single(self) -> Section:
        """The one section of a single-bank assessment (what the single-bank API reads)."""
        if len(self.sections) != 1:
            raise ValueError("this assessment covers several banks; use .sections")
        return self.sections[0]

    @property
    def bank(self) -> Bank:
        return self.single.bank

    @property
    def phases(self) -> tuple[PhaseResult, ...]:
        return self.single.phases

    @property
    def questions(self) -> tuple[QuestionResult, ...]:
        return self.single.questions

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.single.findings

    @property
    def unanswered(self) -> tuple[str, ...]:
        return self.single.unanswered

    @property
    def unknown(self) -> tuple[str, ...]:
        return self.single.unknown

    def phase(self, phase_id: str) -> PhaseResult:
        return self.single.phase(phase_id)

    def question(self, question_id: str) -> QuestionResult:
        return self.single.question(question_id)

    def section(self, bank_id: str) -> Section:
        return next(s for s in self.sections if s.bank.id == bank_id)

    def at_least(self, grade_id: str) -> bool:
        """Whether any bank that has the grade ``grade_id`` is at it or worse (Python API, as in
        0.1; ``--fail-on`` also takes labels: :func:`crm_risk.batch.reached`)."""
        return any(s.at_least(grade_id) for s in self.sections if grade_id in s.bank.grade_ids())

    @property
    def finding_count(self) -> int:
        return sum(len(s.findings) for s in self.sections)


# ---------------------------------------------------------------------------------------------
# Several respondents of one project (``score --group``)


class Member(_Result):
    """One respondent of a group: who, and from which file."""

    file: str | None
    name: str = Field(description="The respondent's name, else the file's name.")
    role: str | None


class MemberAnswer(_Result):
    """One member's answer to one question (``member`` indexes ``GroupAssessment.members``)."""

    member: int
    result: QuestionResult


class QuestionSpread(_Result):
    """How far apart the members' risks on one question are."""

    id: str
    phase: str
    answers: tuple[MemberAnswer, ...]
    threshold: float
    spread: float = Field(description="Highest minus lowest risk of the members with a view.")
    gap: bool


class ConsensusGap(_Result):
    """A question on which members disagree by more than the threshold: a finding of its own."""

    question: str
    phase: str
    threshold: float
    spread: float
    low_risk: float
    high_risk: float
    low: tuple[int, ...] = Field(description="Members with the lowest risk.")
    high: tuple[int, ...] = Field(description="Members with the highest risk.")


class GroupPhase(_Result):
    """A phase's group grade: its worst member's grade (``driver`` names that member)."""

    id: str
    grade: str | None
    score: float
    driver: int


class GroupSection(_Result):
    """One bank's part of a group assessment."""

    bank: Bank = Field(exclude=True, repr=False)
    phases: tuple[GroupPhase, ...]
    overall: GroupPhase = Field(
        description="The worst phase (its id, grade and driver); score: the highest phase score."
    )
    questions: tuple[QuestionSpread, ...]
    gaps: tuple[ConsensusGap, ...]

    def phase(self, phase_id: str) -> GroupPhase:
        return next(p for p in self.phases if p.id == phase_id)

    def gap_answers(self, gap: ConsensusGap) -> dict[int, QuestionResult]:
        """Each member's result on the gap's question, by member index."""
        spread = next(s for s in self.questions if s.id == gap.question)
        return {item.member: item.result for item in spread.answers}

    def at_least(self, grade_id: str) -> bool:
        grade = self.overall.grade
        return grade is not None and self.bank.at_least(grade, grade_id)


class GroupAssessment(_Result):
    """Answer files of one project and the same banks, one per respondent, scored together."""

    project: str
    members: tuple[Member, ...]
    assessments: tuple[Assessment, ...]
    sections: tuple[GroupSection, ...] = Field(min_length=1)
    overall: GroupPhase
    overall_bank: str

    @property
    def single(self) -> GroupSection:
        if len(self.sections) != 1:
            raise ValueError("this group covers several banks; use .sections")
        return self.sections[0]

    @property
    def bank(self) -> Bank:
        return self.single.bank

    @property
    def phases(self) -> tuple[GroupPhase, ...]:
        return self.single.phases

    @property
    def questions(self) -> tuple[QuestionSpread, ...]:
        return self.single.questions

    @property
    def gaps(self) -> tuple[ConsensusGap, ...]:
        return self.single.gaps

    def phase(self, phase_id: str) -> GroupPhase:
        return self.single.phase(phase_id)

    def gap_answers(self, gap: ConsensusGap) -> dict[int, QuestionResult]:
        return self.single.gap_answers(gap)

    def at_least(self, grade_id: str) -> bool:
        """Whether any bank's group grade is ``grade_id`` or worse (Python API, as in 0.1)."""
        return any(s.at_least(grade_id) for s in self.sections if grade_id in s.bank.grade_ids())
