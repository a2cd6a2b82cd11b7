"""The view types of a group report: several respondents of one project."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crm_risk.answers import AnswerStatus
from crm_risk.i18n import Lang
from crm_risk.views.model import (
    ActionItem,
    FindingRow,
    GradeView,
    Headline,
    Person,
    ReportView,
    SummaryCell,
)


@dataclass(frozen=True, slots=True)
class GroupMember:
    person: Person
    file: str | None
    date: dt.date | None


@dataclass(frozen=True, slots=True)
class GroupPhaseRow:
    id: str
    title: str
    grade: GradeView | None
    score: float
    driver: int


@dataclass(frozen=True, slots=True)
class MemberGrades:
    member: int
    phases: tuple[SummaryCell, ...]
    overall: GradeView | None
    overall_score: float


@dataclass(frozen=True, slots=True)
class MemberAnswer:
    member: int
    answer: str
    status: AnswerStatus
    risk: float
    risk_grade: GradeView
    note: str | None
    choices: tuple[str, ...]
    value: float | None


@dataclass(frozen=True, slots=True)
class GapSide:
    member: int
    side: str  # "low" or "high"
    answer: str
    risk: float
    risk_grade: GradeView


@dataclass(frozen=True, slots=True)
class GapView:
    number: int
    question: str
    question_number: int
    phase: str
    text: str
    threshold: float
    spread: float
    roles: tuple[str, ...]
    sides: tuple[GapSide, ...]


@dataclass(frozen=True, slots=True)
class SpreadView:
    number: int
    id: str
    phase: str
    text: str
    threshold: float
    spread: float
    gap: bool
    answers: tuple[MemberAnswer, ...]


@dataclass(frozen=True, slots=True)
class PhaseSpreads:
    id: str
    title: str
    questions: tuple[SpreadView, ...]


@dataclass(frozen=True, slots=True)
class GroupFinding:
    """A question's most severe answer in the room, and whose answer it was."""

    finding: FindingRow
    members: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class GroupSectionView:
    bank_id: str
    bank_version: str
    bank_title: str
    #: Title, id and version as a person reads them (full-width parentheses in Chinese).
    bank_line: str
    phases: tuple[GroupPhaseRow, ...]
    overall: GroupPhaseRow
    members: tuple[MemberGrades, ...]
    gaps: tuple[GapView, ...]
    spreads: tuple[PhaseSpreads, ...]
    findings: tuple[GroupFinding, ...]


@dataclass(frozen=True, slots=True)
class GroupView:
    lang: Lang
    project: str
    members: tuple[GroupMember, ...]
    sections: tuple[GroupSectionView, ...]
    overall: GroupPhaseRow
    overall_bank: str
    reports: tuple[ReportView, ...]
    headline: Headline
    actions: tuple[ActionItem, ...]
    #: Whether the report names people (``--names``) or only their roles.
    names: bool
