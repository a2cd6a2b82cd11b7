"""The view types: frozen dataclasses of plain text, ids and numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from crm_risk.answers import AnswerStatus
from crm_risk.i18n import Lang


@dataclass(frozen=True, slots=True)
class GradeView:
    """A grade: its id, its label in the view's language, and its place on the bank's scale."""

    id: str
    label: str
    rank: int
    top: int
    #: Width of the widest label on the scale, so that badges line up.
    width: int
    #: Its labels in every language of the bank, so a grade can be named in any of them.
    labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str | None
    role_label: str | None


@dataclass(frozen=True, slots=True)
class Fact:
    """One line of a report's header: a label and a value (``kind`` says what the value is)."""

    label: str
    value: str
    kind: str = "text"  # "text", "file", "bank"


@dataclass(frozen=True, slots=True)
class PhaseRow:
    id: str
    title: str
    grade: GradeView | None
    score: float
    answered: int
    unknown: int
    not_applicable: int
    unanswered: int
    total: int
    red_flag: bool
    lifted_by: tuple[str, ...]
    #: Why the grade is above what the score alone gives (a red flag, a decisive answer), if so.
    lift_note: str | None


@dataclass(frozen=True, slots=True)
class AnswerRow:
    """One question and its answer."""

    number: int
    id: str
    phase: str
    text: str
    answer: str
    status: AnswerStatus
    risk: float
    risk_grade: GradeView
    red_flag: bool
    floor: str | None
    note: str | None
    reason: str | None
    choices: tuple[str, ...]
    value: float | None


@dataclass(frozen=True, slots=True)
class FindingRow:
    number: int
    question: str
    phase: str
    text: str
    severity: GradeView
    answer: str
    status: AnswerStatus
    risk: float
    red_flag: bool
    note: str | None
    advice: str | None


@dataclass(frozen=True, slots=True)
class PhaseAnswers:
    id: str
    title: str
    answers: tuple[AnswerRow, ...]


@dataclass(frozen=True, slots=True)
class ContextNote:
    label: str
    option: str
    explanation: str | None


@dataclass(frozen=True, slots=True)
class SectionView:
    """One bank's part of a report."""

    bank_id: str
    bank_version: str
    bank_title: str
    #: Title, id and version as a person reads them (full-width parentheses in Chinese).
    bank_line: str
    overall: GradeView | None
    overall_score: float
    phases: tuple[PhaseRow, ...]
    answers: tuple[PhaseAnswers, ...]
    findings: tuple[FindingRow, ...]
    context: tuple[ContextNote, ...]
    #: What was mapped from older bank versions, in words.
    migrated: tuple[str, ...]
    #: The bank's grade scale, lowest first (to compare a severity with a threshold).
    grades: tuple[GradeView, ...] = ()
    #: How many questions were answered, "we don't know", not applicable and skipped, in words.
    counts: str = ""

    def grade_named(self, text: str) -> GradeView | None:
        """The grade ``text`` names on this bank's scale: its id or its label in any language
        (any case), as ``--fail-on`` takes it."""
        wanted = text.strip().casefold()
        for grade in self.grades:
            if wanted in {name.casefold() for name in (grade.id, grade.label, *grade.labels)}:
                return grade
        return None

    @property
    def questions(self) -> tuple[AnswerRow, ...]:
        return tuple(row for phase in self.answers for row in phase.answers)

    @property
    def worst_phase(self) -> str:
        """The title of the phase that sets this bank's grade ("–" when none has a grade)."""
        graded = [p for p in self.phases if p.grade is not None]
        if not graded:
            return "–"
        return max(graded, key=lambda p: (p.grade.rank if p.grade else -1, p.score)).title

    @property
    def unanswered(self) -> tuple[AnswerRow, ...]:
        """Skipped questions."""
        return tuple(row for row in self.questions if row.status is AnswerStatus.unanswered)

    @property
    def unknown(self) -> tuple[AnswerRow, ...]:
        """Questions answered "we don't know"."""
        return tuple(row for row in self.questions if row.status is AnswerStatus.unknown)


@dataclass(frozen=True, slots=True)
class Headline:
    """What a reader needs first: the overall grade, how many findings of each severity, the
    most severe few, and what to do first."""

    overall: GradeView | None
    score: float
    counts: tuple[tuple[GradeView, int], ...]
    top: tuple[FindingRow, ...]
    first_step: str | None

    @property
    def total(self) -> int:
        return sum(count for _, count in self.counts)


@dataclass(frozen=True, slots=True)
class ActionItem:
    """One line of the action register: a finding to act on; owner and due date are for the
    reader to fill in."""

    number: int
    bank_title: str
    question: int
    text: str
    severity: GradeView
    advice: str | None


@dataclass(frozen=True, slots=True)
class ReportView:
    """The report of one answer file."""

    lang: Lang
    file: str | None
    project: str
    respondent: Person | None
    date: dt.date | None
    context: dict[str, str]
    facts: tuple[Fact, ...]
    overall: GradeView | None
    overall_score: float
    overall_bank: str | None
    sections: tuple[SectionView, ...]
    headline: Headline
    actions: tuple[ActionItem, ...]
    prepared_for: str
    prepared_by: str | None

    @property
    def finding_count(self) -> int:
        return sum(len(s.findings) for s in self.sections)


@dataclass(frozen=True, slots=True)
class Failure:
    """A file that could not be scored, with its problems as one line each."""

    file: str
    problems: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SummaryColumn:
    bank: str
    phase: str
    title: str


@dataclass(frozen=True, slots=True)
class SummaryCell:
    grade: GradeView | None
    score: float


@dataclass(frozen=True, slots=True)
class SummaryRow:
    file: str | None
    short_file: str | None
    project: str
    respondent: Person | None
    overall: GradeView | None
    overall_score: float
    cells: dict[tuple[str, str], SummaryCell]
    findings: int


@dataclass(frozen=True, slots=True)
class SummaryView:
    """Several answer files, one row each, worst first."""

    lang: Lang
    columns: tuple[SummaryColumn, ...]
    rows: tuple[SummaryRow, ...]


@dataclass(frozen=True, slots=True)
class Encoded:
    """One file of a batch already laid out in a format, by the worker process that scored it
    (``--jobs``): the renderer writes it as it is."""

    format: str
    text: str


@dataclass(frozen=True)
class BatchView:
    """Every file of a batch in input order, as it is scored (``items`` is consumed once, so a
    batch of any size is rendered in flat memory)."""

    lang: Lang
    items: Iterable[ReportView | Failure | Encoded] = field(repr=False)


# ---------------------------------------------------------------------------------------------
# The questionnaire


@dataclass(frozen=True, slots=True)
class ChoiceItem:
    id: str
    label: str
    risk: float
    red_flag: bool
    decisive: str | None


@dataclass(frozen=True, slots=True)
class BandItem:
    min: float
    max: float
    risk: float
    red_flag: bool
    decisive: str | None


@dataclass(frozen=True, slots=True)
class QuestionItem:
    number: int
    id: str
    phase: str
    type: str
    text: str
    help: str | None
    weight: float
    choices: tuple[ChoiceItem, ...] | None
    min: float | None
    max: float | None
    unit: str | None
    allow_na: bool
    bands: tuple[BandItem, ...] = ()


@dataclass(frozen=True, slots=True)
class QuestionPhase:
    id: str
    title: str
    questions: tuple[QuestionItem, ...]


@dataclass(frozen=True, slots=True)
class ContextItem:
    id: str
    label: str
    options: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class BankQuestions:
    id: str
    version: str
    title: str
    description: str | None
    grades: tuple[str, ...]
    context: tuple[ContextItem, ...]
    phases: tuple[QuestionPhase, ...]

    @property
    def questions(self) -> tuple[QuestionItem, ...]:
        return tuple(q for phase in self.phases for q in phase.questions)


@dataclass(frozen=True, slots=True)
class QuestionnaireView:
    lang: Lang
    banks: tuple[BankQuestions, ...]


# ---------------------------------------------------------------------------------------------
# The shipped banks (crmrisk banks)


@dataclass(frozen=True, slots=True)
class BankPhase:
    id: str
    title: str
    questions: int


@dataclass(frozen=True, slots=True)
class BankEntry:
    id: str
    version: str
    title: str
    description: str | None
    questions: int
    phases: tuple[BankPhase, ...]
    grades: tuple[GradeView, ...]


@dataclass(frozen=True, slots=True)
class BanksView:
    lang: Lang
    banks: tuple[BankEntry, ...]
