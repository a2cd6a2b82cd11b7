"""The view types of a comparison (two dates) and a trend (several)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crm_risk.i18n import Lang
from crm_risk.views.model import GradeView, Person


@dataclass(frozen=True, slots=True)
class Side:
    """One of the assessments compared: its file, date and respondent."""

    file: str | None
    date: dt.date | None
    respondent: Person | None

    @property
    def name(self) -> str:
        """The file's own name, without its folders (what a report sent on shows)."""
        return (self.file or "").replace("\\", "/").rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class PhaseDelta:
    id: str
    title: str
    old: GradeView | None
    old_score: float
    new: GradeView | None
    new_score: float
    change: str  # better, worse, same, not-compared
    change_label: str


@dataclass(frozen=True, slots=True)
class FindingDelta:
    question: str
    number: int
    text: str
    change: str  # resolved, new, worse, better, same
    change_label: str
    old: GradeView | None
    new: GradeView | None
    old_answer: str
    new_answer: str
    advice: str | None


@dataclass(frozen=True, slots=True)
class Uncompared:
    question: str
    number: int
    text: str
    reason: str  # not-applicable-then, not-applicable-now
    reason_label: str


@dataclass(frozen=True, slots=True)
class BankDelta:
    bank_id: str
    title: str
    old: GradeView | None
    old_score: float
    new: GradeView | None
    new_score: float
    change: str
    change_label: str
    phases: tuple[PhaseDelta, ...]
    findings: tuple[FindingDelta, ...]
    uncompared: tuple[Uncompared, ...]


@dataclass(frozen=True, slots=True)
class CompareView:
    lang: Lang
    project: str
    old: Side
    new: Side
    banks: tuple[BankDelta, ...]
    #: Banks only one side has: (bank id, "old" or "new").
    unmatched: tuple[tuple[str, str], ...]
    worse: bool


@dataclass(frozen=True, slots=True)
class TrendPoint:
    date: str
    file: str | None
    grade: GradeView | None
    score: float


@dataclass(frozen=True, slots=True)
class TrendLine:
    id: str
    title: str
    points: tuple[TrendPoint, ...]


@dataclass(frozen=True, slots=True)
class TrendBank:
    bank_id: str
    title: str
    overall: TrendLine
    phases: tuple[TrendLine, ...]


@dataclass(frozen=True, slots=True)
class TrendView:
    lang: Lang
    project: str
    dates: tuple[str, ...]
    banks: tuple[TrendBank, ...]
