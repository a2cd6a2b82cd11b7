"""Pydantic models of the two input formats: question banks and answer files.

Structure (types, ranges, required fields) is checked by pydantic; rules that relate one field to
another (phases that exist, bands without gaps, every language present) are checked by
:func:`check_bank` and :func:`check_answers`, which report every problem with its field path so
the loader can point at the file, line and column.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from crm_risk.i18n import ROLES
from crm_risk.text import clean

#: A field path such as ``("questions", 3, "choices", 1, "risk")``.
Path = tuple[str | int, ...]


class KeyPath(tuple[str | int, ...]):
    """A field path whose problem is the key itself (an unknown name), not the value under it."""

    __slots__ = ()


#: The answer every question accepts: "we don't know". It scores as the question's worst answer.
UNKNOWN = "unknown"

QuestionType = Literal["choice", "multi", "yesno", "number", "scale"]
CHOICE_TYPES: frozenset[str] = frozenset({"choice", "multi", "yesno"})
Role = Literal[
    "sponsor", "project-lead", "frontline", "line-manager", "operations", "consultant", "other"
]
assert set(ROLES) == set(get_args(Role)), "i18n.ROLES and models.Role must list the same roles"

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


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


# ---------------------------------------------------------------------------------------------
# Question banks


class DecisiveRule(_Frozen):
    """Any answer in the phase whose risk reaches ``risk`` lifts the phase to at least ``grade``."""

    risk: Risk
    grade: Id


class Phase(_Frozen):
    """A stage of the project the bank judges separately (e.g. initiation & delivery, usage)."""

    id: Id
    title: LocalText
    decisive: list[DecisiveRule] = Field(
        default_factory=list,
        description="Answers that alone set this phase's grade: any answer of at least this risk "
        "lifts the phase to at least this grade.",
    )


class Grade(_Frozen):
    """A risk grade; a phase gets the highest grade whose ``min`` its score reaches."""

    id: Id
    label: LocalText
    min: Risk


class Choice(_Frozen):
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


class Band(_Frozen):
    """A numeric range ``[min, max)`` (the last band includes its ``max``) and its risk."""

    min: float = Field(allow_inf_nan=False)
    max: float = Field(allow_inf_nan=False)
    risk: Risk
    red_flag: bool = False
    decisive: Id | None = Field(
        default=None, description="An answer in this band alone lifts its phase to this grade."
    )
    advice: LocalText | None = None


class Question(_Frozen):
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


class ContextOption(_Frozen):
    id: Id
    label: LocalText
    explanation: LocalText | None = None


class ContextField(_Frozen):
    """Facts about the project that change how the report reads (e.g. ``crm_kind``)."""

    id: Id
    label: LocalText
    options: list[ContextOption] = Field(min_length=1)

    def option(self, option_id: str) -> ContextOption | None:
        return next((o for o in self.options if o.id == option_id), None)


class Migration(_Frozen):
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


class Bank(_Frozen):
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

    def context_field(self, field_id: str) -> ContextField | None:
        return next((c for c in self.context if c.id == field_id), None)

    @property
    def flag_grade(self) -> str:
        """The grade a red flag lifts a phase to: ``red_flag_grade``, else ``high``, else the top."""
        if self.red_flag_grade:
            return self.red_flag_grade
        return "high" if "high" in self.grade_ids() else self.grades[-1].id


# ---------------------------------------------------------------------------------------------
# Answer files


class Respondent(_Frozen):
    name: str = Field(min_length=1, max_length=200)
    role: Role = "other"


class Answer(_Frozen):
    """One answer: ``choice`` (choice, yesno, or ``unknown``), ``choices`` (multi), ``value``."""

    choice: str | None = Field(default=None, max_length=100)
    choices: list[Annotated[str, StringConstraints(max_length=100)]] | None = None
    value: float | None = Field(default=None, allow_inf_nan=False)
    note: str | None = None

    @field_validator("choice", mode="before")
    @classmethod
    def _choice_as_text(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError(
                "true/false is not a choice id; write the choice id (quote it if needed)"
            )
        if isinstance(value, int | float):
            return str(value)
        return value

    @field_validator("choices", mode="before")
    @classmethod
    def _choices_as_text(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [
                str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v
                for v in value
            ]
        return value

    @field_validator("value", mode="before")
    @classmethod
    def _value_not_bool(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("expected a number, not true/false")
        return value

    @property
    def is_unknown(self) -> bool:
        return self.choice == UNKNOWN

    @property
    def is_empty(self) -> bool:
        return self.choice is None and self.choices is None and self.value is None


class AnswerFile(_Frozen):
    """An answer file: who answered which bank's questions for which project, and how."""

    bank: str = Field(min_length=1, max_length=4096, description="A shipped bank's id or a path.")
    bank_version: VersionText | None = Field(
        default=None, description="The bank version the answers were written for (optional)."
    )
    project: str = Field(min_length=1, max_length=500)
    respondent: Respondent | None = None
    date: dt.date | None = None
    context: dict[str, str] = Field(default_factory=dict)
    answers: dict[str, Answer | None] = Field(default_factory=dict)

    @field_validator("answers", mode="before")
    @classmethod
    def _ids_as_text(cls, value: Any) -> Any:
        # Question ids written as bare numbers in YAML (`3: {choice: x}`) are still ids.
        if isinstance(value, dict):
            return {
                str(k) if isinstance(k, int) and not isinstance(k, bool) else k: v
                for k, v in value.items()
            }
        return value


# ---------------------------------------------------------------------------------------------
# Cross-field rules


def _local_texts(value: Any, path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """Every localized text in a bank, with its path (in bank models every dict is one)."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            child = getattr(value, name)
            if isinstance(child, dict):
                yield (*path, name), child
            else:
                yield from _local_texts(child, (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _local_texts(item, (*path, index))


def _repeats(ids: list[str]) -> set[int]:
    """Indexes of the ids that repeat an earlier one (linear: a bank may hold thousands)."""
    seen: set[str] = set()
    repeats: set[int] = set()
    for index, item in enumerate(ids):
        if item in seen:
            repeats.add(index)
        seen.add(item)
    return repeats


def check_bank(bank: Bank, *, required_languages: tuple[str, ...] = ()) -> list[tuple[Path, str]]:
    """Every rule across fields that pydantic alone cannot check, as ``(path, message)``."""
    problems: list[tuple[Path, str]] = []
    add = problems.append

    phase_ids = [p.id for p in bank.phases]
    phase_repeats = _repeats(phase_ids)
    for index, phase in enumerate(bank.phases):
        if index in phase_repeats:
            add((("phases", index, "id"), f"duplicate phase id {phase.id!r}"))

    grade_ids = bank.grade_ids()
    grade_repeats = _repeats(grade_ids)
    for index, grade in enumerate(bank.grades):
        if index in grade_repeats:
            add((("grades", index, "id"), f"duplicate grade id {grade.id!r}"))
    if bank.grades[0].min != 0:
        add((("grades", 0, "min"), "the first (lowest-risk) grade must start at min 0"))
    for index in range(1, len(bank.grades)):
        previous, grade = bank.grades[index - 1], bank.grades[index]
        if grade.min <= previous.min:
            add(
                (
                    ("grades", index, "min"),
                    f"grade thresholds must increase: {grade.id!r} min {grade.min:g} is not above "
                    f"{previous.id!r} min {previous.min:g}",
                )
            )
    if bank.red_flag_grade is not None and bank.red_flag_grade not in grade_ids:
        add(
            (
                ("red_flag_grade",),
                f"unknown grade {bank.red_flag_grade!r}; grades: {', '.join(grade_ids)}",
            )
        )

    for index, phase in enumerate(bank.phases):
        for r_index, rule in enumerate(phase.decisive):
            if rule.grade not in grade_ids:
                add(
                    (
                        ("phases", index, "decisive", r_index, "grade"),
                        f"unknown grade {rule.grade!r}; grades: {', '.join(grade_ids)}",
                    )
                )

    question_ids = [q.id for q in bank.questions]
    question_repeats = _repeats(question_ids)
    for index, question in enumerate(bank.questions):
        where: Path = ("questions", index)
        if index in question_repeats:
            add(((*where, "id"), f"duplicate question id {question.id!r}"))
        if question.phase not in phase_ids:
            add(
                (
                    (*where, "phase"),
                    f"unknown phase {question.phase!r}; phases: {', '.join(phase_ids)}",
                )
            )
        problems.extend(_check_question(question, where))
        problems.extend(_check_decisive(bank, question, where))

    used = {q.phase for q in bank.questions}
    for index, phase in enumerate(bank.phases):
        if phase.id not in used:
            add((("phases", index), f"phase {phase.id!r} has no questions"))

    context_ids = [c.id for c in bank.context]
    context_repeats = _repeats(context_ids)
    for index, field in enumerate(bank.context):
        if index in context_repeats:
            add((("context", index, "id"), f"duplicate context field {field.id!r}"))
        option_ids = [o.id for o in field.options]
        option_repeats = _repeats(option_ids)
        for o_index, option in enumerate(field.options):
            if o_index in option_repeats:
                add(
                    (
                        ("context", index, "options", o_index, "id"),
                        f"duplicate option {option.id!r}",
                    )
                )

    problems.extend(_check_migrations(bank))

    languages = list(dict.fromkeys([*bank.languages, *required_languages]))
    for path, texts in _local_texts(bank, ()):
        missing = [lang for lang in languages if lang not in texts]
        if missing:
            add((path, f"missing language: {', '.join(missing)}"))
    return problems


def answer_floor(bank: Bank, option: Choice | Band) -> str | None:
    """The grade an answer alone lifts its phase to (``decisive``, or a red flag's grade)."""
    floors = [g for g in (option.decisive, bank.flag_grade if option.red_flag else None) if g]
    if not floors or any(g not in bank.grade_ids() for g in floors):
        return None
    return max(floors, key=bank.grade_rank)


def _check_decisive(bank: Bank, question: Question, where: Path) -> list[tuple[Path, str]]:
    """Decisive grades exist, and a riskier answer never has a lower floor than a safer one
    (so a worse answer can never lower a grade)."""
    problems: list[tuple[Path, str]] = []
    grade_ids = bank.grade_ids()
    kind = "choices" if question.choices is not None else "bands"
    options: list[Choice | Band] = list(question.choices or question.bands or [])
    for index, option in enumerate(options):
        if option.decisive is not None and option.decisive not in grade_ids:
            add_path: Path = (*where, kind, index, "decisive")
            problems.append(
                (add_path, f"unknown grade {option.decisive!r}; grades: {', '.join(grade_ids)}")
            )
    if problems:
        return problems
    for index, option in enumerate(options):
        floor = answer_floor(bank, option)
        if floor is None:
            continue
        for other in options:
            other_floor = answer_floor(bank, other)
            if other.risk > option.risk and (
                other_floor is None or bank.grade_rank(other_floor) < bank.grade_rank(floor)
            ):
                problems.append(
                    (
                        (*where, kind, index),
                        f"an answer of risk {option.risk:g} lifts its phase to at least "
                        f"{floor!r}, but a riskier answer (risk {other.risk:g}) does not: a worse "
                        "answer must never give a lower grade",
                    )
                )
                break
    return problems


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """``"1.10"`` after ``"1.9"``: numeric parts compare as numbers, others as text."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part)
        for part in version.replace("-", ".").split(".")
    )


def _check_migrations(bank: Bank) -> list[tuple[Path, str]]:
    problems: list[tuple[Path, str]] = []
    previous: str | None = None
    for index, migration in enumerate(bank.migrations):
        where: Path = ("migrations", index)
        if version_key(migration.from_version) >= version_key(migration.to_version):
            problems.append(
                (
                    (*where, "to"),
                    f"migrates from {migration.from_version} to an older or equal version {migration.to_version}",
                )
            )
        if previous is not None and migration.from_version != previous:
            problems.append(
                ((*where, "from"), f"migrations must follow each other: expected from {previous!r}")
            )
        previous = migration.to_version
    if bank.migrations:
        last = bank.migrations[-1]
        if last.to_version != bank.version:
            problems.append(
                (
                    ("migrations", len(bank.migrations) - 1, "to"),
                    f"the last migration must lead to this bank's version {bank.version}",
                )
            )
        else:
            where = ("migrations", len(bank.migrations) - 1)
            for old, new in last.questions.items():
                if new is not None and bank.question(new) is None:
                    problems.append(((*where, "questions", old), f"unknown question {new!r}"))
            for question_id, mapping in last.choices.items():
                question = bank.question(question_id)
                if question is None:
                    problems.append(
                        (
                            KeyPath((*where, "choices", question_id)),
                            f"unknown question {question_id!r}",
                        )
                    )
                    continue
                for old, new in mapping.items():
                    if new is not None and question.choice(new) is None:
                        problems.append(
                            (
                                (*where, "choices", question_id, old),
                                f"unknown choice {new!r} for {question_id}",
                            )
                        )
    return problems


def _check_question(question: Question, where: Path) -> list[tuple[Path, str]]:
    problems: list[tuple[Path, str]] = []
    add = problems.append
    if question.type in CHOICE_TYPES:
        for name in ("min", "max", "bands", "unit"):
            if getattr(question, name) is not None:
                add(((*where, name), f"{question.type} questions take choices, not {name}"))
        choices = question.choices or []
        if len(choices) < 2:
            add(((*where, "choices"), f"a {question.type} question needs at least two choices"))
        ids = [c.id for c in choices]
        choice_repeats = _repeats(ids)
        for c_index, choice in enumerate(choices):
            if choice.id == UNKNOWN:
                add(
                    (
                        (*where, "choices", c_index, "id"),
                        f'{UNKNOWN!r} is reserved for "we don\'t know"',
                    )
                )
            elif c_index in choice_repeats:
                add(((*where, "choices", c_index, "id"), f"duplicate choice id {choice.id!r}"))
            if question.type != "yesno" and choice.label is None:
                add(((*where, "choices", c_index), "field required: label"))
        if question.type == "yesno" and choices and sorted(ids) != ["no", "yes"]:
            add(((*where, "choices"), "a yesno question has exactly the choices 'yes' and 'no'"))
        return problems

    if question.choices is not None:
        add(
            ((*where, "choices"), f"{question.type} questions take min, max and bands, not choices")
        )
    if question.min is None or question.max is None:
        add((where, f"a {question.type} question needs min and max"))
        return problems
    if question.min >= question.max:
        add(((*where, "max"), f"max ({question.max:g}) must be above min ({question.min:g})"))
        return problems
    if question.type == "scale" and not (question.min.is_integer() and question.max.is_integer()):
        add(((*where, "min"), "a scale question runs between whole numbers"))
    bands = question.bands or []
    if not bands:
        add(((*where, "bands"), f"a {question.type} question needs bands that cover min..max"))
        return problems
    expected = question.min
    for b_index, band in enumerate(bands):
        at: Path = (*where, "bands", b_index)
        if band.max <= band.min:
            add(((*at, "max"), f"band max ({band.max:g}) must be above its min ({band.min:g})"))
        if b_index == 0 and band.min != question.min:
            add(
                (
                    (*at, "min"),
                    f"bands start at {band.min:g}, not at the question's min {question.min:g}",
                )
            )
        elif band.min > expected:
            add(((*at, "min"), f"gap in bands: nothing covers {expected:g} to {band.min:g}"))
        elif band.min < expected:
            add(
                ((*at, "min"), f"bands overlap: {band.min:g} is already covered up to {expected:g}")
            )
        expected = max(expected, band.max)
    if expected != question.max:
        add(
            (
                (*where, "bands", len(bands) - 1, "max"),
                f"bands end at {expected:g}, not at the question's max {question.max:g}",
            )
        )
    return problems


def _few(values: list[str], limit: int = 12) -> str:
    shown = ", ".join(values[:limit])
    return shown + (f", ... ({len(values)} in all)" if len(values) > limit else "")


def check_answers(bank: Bank, answers: AnswerFile) -> list[tuple[Path, str]]:
    """Every way ``answers`` does not fit ``bank``, as ``(path, message)``."""
    problems: list[tuple[Path, str]] = []
    add = problems.append
    if answers.bank_version is not None and answers.bank_version != bank.version:
        add(
            (
                ("bank_version",),
                f"answers were written for {bank.id} version {answers.bank_version}, "
                f"but the bank is version {bank.version}",
            )
        )
    for key, value in answers.context.items():
        field = bank.context_field(key)
        if field is None:
            known = [c.id for c in bank.context]
            add(
                (
                    KeyPath(("context", key)),
                    f"unknown context field {key!r}; known: {_few(known) or 'none'}",
                )
            )
        elif field.option(value) is None:
            add(
                (
                    ("context", key),
                    f"unknown {key} {value!r}; valid: {_few([o.id for o in field.options])}",
                )
            )

    valid_ids = [q.id for q in bank.questions]
    for question_id, answer in answers.answers.items():
        path: Path = ("answers", question_id)
        question = bank.question(question_id)
        if question is None:
            add(
                (
                    KeyPath(path),
                    f"unknown question {question_id!r} in bank {bank.id}; questions: {_few(valid_ids)}",
                )
            )
            continue
        if answer is None or answer.is_empty:
            continue
        problems.extend(_check_answer(question, answer, path))
    return problems


def _check_answer(question: Question, answer: Answer, path: Path) -> list[tuple[Path, str]]:
    given = [name for name in ("choice", "choices", "value") if getattr(answer, name) is not None]
    if len(given) > 1:
        return [(path, f"give one of choice, choices or value, not {' and '.join(given)}")]
    if answer.is_unknown:
        return []
    valid = [*question.choice_ids(), UNKNOWN]
    if question.type in ("choice", "yesno"):
        if answer.choice is None:
            return [
                (
                    path,
                    f"{question.type} question {question.id!r} takes `choice: <id>`; valid: {_few(valid)}",
                )
            ]
        if question.choice(answer.choice) is None:
            return [
                (
                    (*path, "choice"),
                    f"unknown choice {answer.choice!r} for {question.id}; valid: {_few(valid)}",
                )
            ]
        return []
    if question.type == "multi":
        if answer.choices is None:
            return [
                (
                    path,
                    f"multi question {question.id!r} takes `choices: [ids]`; valid: {_few(valid)}",
                )
            ]
        problems: list[tuple[Path, str]] = []
        for index, choice_id in enumerate(answer.choices):
            if question.choice(choice_id) is None:
                problems.append(
                    (
                        (*path, "choices", index),
                        f"unknown choice {choice_id!r} for {question.id}; valid: {_few(valid)}",
                    )
                )
        if len(set(answer.choices)) != len(answer.choices):
            problems.append(((*path, "choices"), "a choice is listed twice"))
        return problems
    # number and scale
    if answer.value is None:
        return [
            (
                path,
                f"{question.type} question {question.id!r} takes `value: <number>` or `choice: unknown`",
            )
        ]
    assert question.min is not None and question.max is not None
    if not question.min <= answer.value <= question.max:
        return [
            (
                (*path, "value"),
                f"{answer.value:g} is out of range {question.min:g}..{question.max:g}",
            )
        ]
    if question.type == "scale" and not answer.value.is_integer():
        return [((*path, "value"), f"a scale answer is a whole number, not {answer.value:g}")]
    return []
