"""Immutable results of scoring: per question, per phase, overall, and the findings.

Results hold ids and numbers, not display text; renderers look texts up in ``bank`` (carried along
but never serialized) in the language they are asked for.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from crm_risk.answers import Respondent
from crm_risk.bank import Bank

Status = Literal["answered", "unknown", "unanswered"]


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class QuestionResult(_Result):
    """How one question was answered and what risk that carries."""

    id: str
    phase: str
    status: Status
    risk: float
    weight: float
    red_flag: bool
    choices: tuple[str, ...] = ()
    value: float | None = None
    note: str | None = None


class Finding(_Result):
    """A risky answer (risk above zero, a red flag, or no answer) and what to do about it."""

    question: str
    phase: str
    status: Status
    risk: float
    severity: str
    red_flag: bool
    advice: dict[str, str] | None = None


class PhaseResult(_Result):
    id: str
    score: float
    grade: str
    red_flag: bool = Field(description="A red-flag answer lifted this phase's grade.")
    lifted_by: tuple[str, ...] = Field(
        default=(), description="Questions whose answers alone lifted the grade above the score's."
    )
    answered: int
    total: int


class Overall(_Result):
    grade: str
    score: float


class Assessment(_Result):
    """The scored result of one answer file against one bank."""

    file: str | None
    project: str
    respondent: Respondent | None
    date: dt.date | None
    context: dict[str, str]
    overall: Overall
    phases: tuple[PhaseResult, ...]
    questions: tuple[QuestionResult, ...]
    findings: tuple[Finding, ...]
    unanswered: tuple[str, ...]
    bank: Bank = Field(exclude=True, repr=False)

    def phase(self, phase_id: str) -> PhaseResult:
        return next(p for p in self.phases if p.id == phase_id)

    def question(self, question_id: str) -> QuestionResult:
        return self._questions_by_id[question_id]

    @functools.cached_property
    def _questions_by_id(self) -> dict[str, QuestionResult]:
        return {q.id: q for q in reversed(self.questions)}  # the first one wins

    def at_least(self, grade_id: str) -> bool:
        """Whether the overall grade is ``grade_id`` or worse."""
        return self.bank.at_least(self.overall.grade, grade_id)


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
    spread: float = Field(description="Highest minus lowest risk of the members who answered.")
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
    grade: str
    score: float
    driver: int


class GroupAssessment(_Result):
    """Answer files of one project and bank, one per respondent, scored together."""

    project: str
    members: tuple[Member, ...]
    assessments: tuple[Assessment, ...]
    phases: tuple[GroupPhase, ...]
    overall: GroupPhase = Field(
        description="The worst phase (its id, grade and driver); score: the highest phase score."
    )
    questions: tuple[QuestionSpread, ...]
    gaps: tuple[ConsensusGap, ...]
    bank: Bank = Field(exclude=True, repr=False)

    def phase(self, phase_id: str) -> GroupPhase:
        return next(p for p in self.phases if p.id == phase_id)

    def gap_answers(self, gap: ConsensusGap) -> dict[int, QuestionResult]:
        """Each member's result on the gap's question, by member index."""
        spread = next(s for s in self.questions if s.id == gap.question)
        return {item.member: item.result for item in spread.answers}

    def at_least(self, grade_id: str) -> bool:
        """Whether the group's overall grade is ``grade_id`` or worse."""
        return self.bank.at_least(self.overall.grade, grade_id)
