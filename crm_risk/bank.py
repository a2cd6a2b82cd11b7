"""The question-bank format: pydantic models of a bank (phases, grades, questions, migrations).

Structure (types, ranges, required fields) is checked here by pydantic; rules that relate one field
to another (phases that exist, bands without gaps, every language present) live in
:mod:`crm_risk.rules`.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from crm_risk.text import clean

QuestionType = Literal["choice", "multi", "yesno", "number", "scale"]
CHOICE_TYPES: frozenset[str] = frozenset({"choice", "multi", "yesno"})

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=100)]
#: Text of a bank, made safe once as it is loaded: a bank given as a file is user input, so
#: escape sequences go and other control characters become visible, for every renderer alike.
BankText = Annotated[str, AfterValidator(clean), StringConstraints(min_length=1)]
LocalText = Annotated[dict[str, BankText], Field(min_length=1)]
Risk = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]


def _number_as_text(value: Any) -> Any:
    # `version: 1.0` in hand-written YAML is a float; it still means "1.0".
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


VersionText = Annotated[
    str,
    BeforeValidator(_number_as_text),
    AfterValidator(clean),
    StringConstraints(min_length=1, max_length=50),
]


class Frozen(BaseModel):
    """Every input model: immutable, and an unknown key is an error, not silently dropped."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


# ---------------------------------------------------------------------------------------------
# Question banks


class DecisiveRule(Frozen):
    """Any answer in the phase whose risk reaches ``risk`` lifts the phase to at least ``grade``."""

    risk: Risk
    grade: Id


class Phase(Frozen):
    """A stage of the project the bank judges separately (e.g. initiation & delivery, usage)."""

    id: Id
    title: LocalText
    decisive: list[DecisiveRule] = Field(
        default_factory=list,
        description="Answers that alone set this phase's grade: any answer of at least this risk "
        "lifts the phase to at least this grade.",
    )


class Grade(Frozen):
    """A risk grade; a phase gets the highest grade whose ``min`` its score reaches."""

    id: Id
    label: LocalText
    min: Risk


class Choice(Frozen):
    """One possible answer to a choice, multi or yesno question."""

    id: Id
    label: LocalText | None = None
    risk: Risk
    red_flag: bool = Field(
        default=False, description="This answer lifts its phase to at least the red-flag grade."
    )
    decisive: Id | None = Field(
        default=None, description="This answer alone lifts its phase to at least this grade."
    )
    advice: LocalText | None = None


class Band(Frozen):
    """A numeric range ``[min, max)`` (the last band includes its ``max``) and its risk."""

    min: float = Field(allow_inf_nan=False)
    max: float = Field(allow_inf_nan=False)
    risk: Risk
    red_flag: bool = False
    decisive: Id | None = Field(
        default=None, description="An answer in this band alone lifts its phase to this grade."
    )
    advice: LocalText | None = None


class Question(Frozen):
    """A question; ``choices`` for choice/multi/yesno, ``min``/``max``/``bands`` for number/scale."""

    id: Id
    phase: Id
    type: QuestionType
    text: LocalText
    help: LocalText | None = None
    advice: LocalText | None = None
    weight: float = Field(default=1.0, gt=0, le=1000, allow_inf_nan=False)
    choices: list[Choice] | None = None
    combine: Literal["max", "sum"] = Field(
        default="max",
        description="multi only: the worst selected choice counts (max), or risks add up (sum).",
    )
    min: float | None = Field(default=None, allow_inf_nan=False)
    max: float | None = Field(default=None, allow_inf_nan=False)
    unit: BankText | None = None
    bands: list[Band] | None = None
    consensus_gap: Risk | None = None
    allow_na: bool = Field(
        default=False,
        description='"Not applicable" (`choice: n/a` with a `reason`) is a valid answer; it is '
        "left out of the phase score.",
    )

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices or () if c.id == choice_id), None)

    def choice_ids(self) -> list[str]:
        return [c.id for c in self.choices or ()]

    def band_for(self, value: float) -> Band:
        """The band holding ``value``; the caller has checked it is within ``[min, max]``."""
        bands = self.bands or []
        for band in bands:
            if band.min <= value < band.max:
                return band
        return bands[-1]


class ContextOption(Frozen):
    id: Id
    label: LocalText
    explanation: LocalText | None = None


class ContextField(Frozen):
    """Facts about the project that change how the report reads (e.g. ``crm_kind``)."""

    id: Id
    label: LocalText
    options: list[ContextOption] = Field(min_length=1)

    def option(self, option_id: str) -> ContextOption | None:
        return next((o for o in self.options if o.id == option_id), None)


class Migration(Frozen):
    """How answers written for an older bank version map onto the next one.

    ``questions`` maps an old question id to its new id (several old ids to one: merged; to
    ``null``: removed); ``choices`` maps, per new question id, an old choice id to its new id (or
    ``null``: that answer no longer exists, and the question is left unanswered).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    from_version: VersionText = Field(alias="from")
    to_version: VersionText = Field(alias="to")
    questions: dict[str, Id | None] = Field(default_factory=dict)
    choices: dict[str, dict[str, Id | None]] = Field(default_factory=dict)
    note: LocalText | None = Field(
        default=None, description="What changed, shown in reports of mapped answer files."
    )


class Bank(Frozen):
    """A question bank: phases, grades (lowest risk first), and the questions."""

    id: Id
    version: VersionText
    languages: list[str] = Field(default_factory=lambda: ["zh", "en"], min_length=1)
    title: LocalText
    description: LocalText | None = None
    phases: list[Phase] = Field(min_length=1)
    grades: list[Grade] = Field(min_length=2)
    red_flag_grade: Id | None = Field(
        default=None, description="Grade a red-flag answer lifts its phase to; default: 'high'."
    )
    consensus_gap: Risk = Field(
        default=0.5,
        description="Respondents whose risks on a question differ by more than this disagree.",
    )
    context: list[ContextField] = Field(default_factory=list)
    questions: list[Question] = Field(min_length=1)
    migrations: list[Migration] = Field(
        default_factory=list,
        description="Older versions' answers mapped onto this version, oldest first.",
    )

    def phase(self, phase_id: str) -> Phase:
        return next(p for p in self.phases if p.id == phase_id)

    def grade(self, grade_id: str) -> Grade:
        return next(g for g in self.grades if g.id == grade_id)

    def grade_ids(self) -> list[str]:
        return [g.id for g in self.grades]

    def at_least(self, grade_id: str, threshold: str) -> bool:
        """Whether ``grade_id`` is ``threshold`` or worse (``--fail-on``)."""
        return self.grade_rank(grade_id) >= self.grade_rank(threshold)

    def find_grade(self, text: str) -> str | None:
        """The id of the grade ``text`` names: its id, or its label in any language (any case)."""
        wanted = text.strip().casefold()
        for grade in self.grades:
            if grade.id.casefold() == wanted or any(
                label.casefold() == wanted for label in grade.label.values()
            ):
                return grade.id
        return None

    def grade_rank(self, grade_id: str) -> int:
        return self.grade_ids().index(grade_id)

    def question(self, question_id: str) -> Question | None:
        return self._questions_by_id.get(question_id)

    @functools.cached_property
    def _questions_by_id(self) -> dict[str, Question]:
        # First one wins, as before; a lookup per answer must not scan thousands of questions.
        by_id: dict[str, Question] = {}
        for question in self.questions:
            by_id.setdefault(question.id, question)
        return by_id

    @functools.cached_property
    def ordered(self) -> tuple[Question, ...]:
        """The questions phase by phase, in bank order within a phase: the one order in which
        they are asked, numbered and reported (a bank may list its phases' questions mixed)."""
        rank = {phase.id: index for index, phase in enumerate(self.phases)}
        return tuple(sorted(self.questions, key=lambda q: rank.get(q.phase, len(rank))))

    @functools.cached_property
    def _numbers(self) -> dict[str, int]:
        numbers: dict[str, int] = {}
        for index, question in enumerate(self.ordered, start=1):
            numbers.setdefault(question.id, index)
        return numbers

    def number(self, question_id: str) -> int:
        """A question's number (from 1) in :attr:`ordered`."""
        return self._numbers[question_id]

    def context_field(self, field_id: str) -> ContextField | None:
        return next((c for c in self.context if c.id == field_id), None)

    @property
    def flag_grade(self) -> str:
        """The grade a red flag lifts a phase to: ``red_flag_grade``, else ``high``, else the top."""
        if self.red_flag_grade:
            return self.red_flag_grade
        return "high" if "high" in self.grade_ids() else self.grades[-1].id
