"""The answer-file format: pydantic models of who answered which bank's questions, and how.

Two shapes, both public contracts. A single-bank file has ``bank:`` and ``answers: {question-id:
answer}``; a file covering several banks has ``banks: [id-or-path, ...]`` and ``answers: {bank-id:
{question-id: answer}}``. :func:`sections_of` reads either as one list of per-bank sections.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from crm_risk.bank import Frozen, VersionText
from crm_risk.i18n import ROLES
from crm_risk.msg import _

#: The answer every question accepts: "we don't know". It scores as the question's worst answer.
UNKNOWN = "unknown"
#: "Not applicable", for questions whose bank allows it (``allow_na``); it needs a ``reason``.
NOT_APPLICABLE = "n/a"

Role = Literal[
    "sponsor", "project-lead", "frontline", "line-manager", "operations", "consultant", "other"
]
assert set(ROLES) == set(get_args(Role)), "i18n.ROLES and answers.Role must list the same roles"


class AnswerStatus(str, Enum):
    """How a question was answered: the one vocabulary of scoring, reports and ``assess``.

    ``unknown`` ("we don't know") is an answer, scored as the question's worst; ``unanswered``
    means skipped (also scored as the worst in a single file, but left out of consensus gaps);
    ``not_applicable`` is left out of the phase score.
    """

    answered = "answered"
    unknown = "unknown"
    unanswered = "unanswered"
    not_applicable = "not-applicable"

    @property
    def is_view(self) -> bool:
        """The respondent gave a view (an answer or "we don't know"), not a skip or an N/A."""
        return self in (AnswerStatus.answered, AnswerStatus.unknown)


class Respondent(Frozen):
    name: str = Field(min_length=1, max_length=200)
    role: Role = "other"


#: A number as a person types or writes it: digits with a decimal point or comma, an exponent,
#: then perhaps a unit (``35``, ``35%``, ``35 %``, ``12,5``, ``３５％`` once NFKC-folded).
_NUMBER_TEXT = re.compile(r"([+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?)\s*(\D{0,20})")
_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2},\d{3}")


def fold(text: str) -> str:
    """``text`` NFKC-folded (full-width digits, letters and signs to ASCII) and stripped."""
    return unicodedata.normalize("NFKC", text).strip()


def read_number(text: str) -> tuple[float, str] | None:
    """The number ``text`` gives and the unit written after it ("" for none), or None.

    The one reading of a typed number, in ``assess`` and in answer files alike: NFKC-folded, a
    decimal comma allowed (``12,5``), but ``1,000`` refused rather than read as 1.
    """
    match = _NUMBER_TEXT.fullmatch(fold(text))
    if match is None or _THOUSANDS.fullmatch(match.group(1)):
        return None
    value = float(match.group(1).replace(",", "."))
    if not math.isfinite(value):
        return None
    return value, match.group(2).strip()


def unit_fits(unit: str, question_unit: str | None) -> bool:
    """Whether a unit written after a number fits the question: none, ``%``, or its own."""
    return unit in ("", "%") or (question_unit is not None and unit == fold(question_unit))


class Answer(Frozen):
    """One answer: ``choice`` (choice, yesno, ``unknown`` or ``n/a``), ``choices`` (multi),
    ``value`` (number, scale); ``note`` is free text, ``reason`` explains an ``n/a``.

    ``value`` may be written as text, as ``assess`` reads what is typed: ``"35%"``, ``"35 %"``,
    ``"３５％"``, ``"35"`` or the number with the question's unit (checked against the bank in
    :mod:`crm_risk.rules`)."""

    choice: str | None = Field(default=None, max_length=100)
    choices: list[Annotated[str, StringConstraints(max_length=100)]] | None = None
    value: Annotated[
        float | None,
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "number"},
                    {"type": "string", "description": "a number, with % or the question's unit"},
                    {"type": "null"},
                ]
            }
        ),
    ] = Field(default=None, allow_inf_nan=False)
    note: str | None = None
    reason: str | None = Field(default=None, max_length=10_000)
    #: The unit written after a value given as text, other than ``%`` ("" for none).
    _unit: str = PrivateAttr(default="")

    @model_validator(mode="wrap")
    @classmethod
    def _keep_unit(cls, data: Any, handler: ModelWrapValidatorHandler[Answer]) -> Answer:
        made = handler(data)
        if isinstance(data, dict) and isinstance(data.get("value"), str):
            read = read_number(data["value"])
            if read is not None and read[1] != "%":
                made._unit = read[1]
        return made

    @property
    def written_unit(self) -> str:
        """The unit a hand-written ``value: "35 days"`` carried (``%`` and none give "")."""
        return self._unit

    @field_validator("choice", mode="before")
    @classmethod
    def _choice_as_text(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError(
                _("true/false is not a choice id; write the choice id (quote it if needed)")
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
    def _value_as_number(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError(_("expected a number, not true/false"))
        if isinstance(value, str):
            read = read_number(value)
            if read is None:
                shown = value if len(value) <= 40 else value[:40] + "…"
                raise ValueError(
                    _(
                        "expected a number such as 35, 35% or 35 with the question's unit, "
                        "found {found!r}",
                        found=shown,
                    )
                )
            return read[0]
        return value

    @property
    def is_unknown(self) -> bool:
        return self.choice == UNKNOWN

    @property
    def is_not_applicable(self) -> bool:
        return self.choice == NOT_APPLICABLE

    @property
    def is_empty(self) -> bool:
        return self.choice is None and self.choices is None and self.value is None

    @property
    def status(self) -> AnswerStatus:
        return status_of(self)


def status_of(answer: Answer | None) -> AnswerStatus:
    """The status of an answer; a note alone does not answer a question."""
    if answer is None or answer.is_empty:
        return AnswerStatus.unanswered
    if answer.is_unknown:
        return AnswerStatus.unknown
    if answer.is_not_applicable:
        return AnswerStatus.not_applicable
    return AnswerStatus.answered


def _ids_as_text(value: Any) -> Any:
    # Ids written as bare numbers in YAML (`3: {choice: x}`) are still ids.
    if isinstance(value, dict):
        return {
            str(k) if isinstance(k, int) and not isinstance(k, bool) else k: v
            for k, v in value.items()
        }
    return value


Answers = dict[str, Answer | None]


class _Facts(Frozen):
    project: str = Field(min_length=1, max_length=500)
    respondent: Respondent | None = None
    date: dt.date | None = None
    context: dict[str, str] = Field(default_factory=dict)


class AnswerFile(_Facts):
    """An answer file for one bank: ``bank`` and ``answers: {question-id: answer}``."""

    bank: str = Field(min_length=1, max_length=4096, description="A shipped bank's id or a path.")
    bank_version: VersionText | None = Field(
        default=None, description="The bank version the answers were written for (optional)."
    )
    answers: Answers = Field(default_factory=dict)

    _answers_ids = field_validator("answers", mode="before")(_ids_as_text)


class MultiAnswerFile(_Facts):
    """An answer file for several banks: ``banks`` and ``answers: {bank-id: {question-id: ...}}``."""

    banks: list[Annotated[str, StringConstraints(min_length=1, max_length=4096)]] = Field(
        min_length=1, description="Shipped bank ids or paths, in the order they are asked."
    )
    bank_versions: dict[str, VersionText] = Field(
        default_factory=dict,
        description="Per bank id, the bank version the answers were written for (optional).",
    )
    answers: dict[str, Answers | None] = Field(default_factory=dict)

    @field_validator("answers", mode="before")
    @classmethod
    def _nested_ids(cls, value: Any) -> Any:
        value = _ids_as_text(value)
        if isinstance(value, dict):
            return {key: _ids_as_text(inner) for key, inner in value.items()}
        return value

    @model_validator(mode="after")
    def _no_repeats(self) -> MultiAnswerFile:
        if len(set(self.banks)) != len(self.banks):
            raise ValueError(_("banks: a bank is listed twice"))
        return self


AnyAnswerFile = AnswerFile | MultiAnswerFile


@dataclass(frozen=True)
class SectionAnswers:
    """One bank's part of an answer file: the bank as written, its version, its answers, and the
    field path under which its answers sit (for locating problems)."""

    bank: str
    version: str | None
    answers: Mapping[str, Answer | None]
    path: tuple[str, ...]


def sections_of(document: AnyAnswerFile, bank_ids: list[str] | None = None) -> list[SectionAnswers]:
    """Each bank's answers; ``bank_ids`` are the loaded banks' ids, in ``banks`` order (a bank
    given by path is keyed in ``answers`` by its id)."""
    if isinstance(document, AnswerFile):
        return [
            SectionAnswers(document.bank, document.bank_version, document.answers, ("answers",))
        ]
    ids = bank_ids or list(document.banks)
    return [
        SectionAnswers(
            reference,
            document.bank_versions.get(bank_id),
            document.answers.get(bank_id) or {},
            ("answers", bank_id),
        )
        for reference, bank_id in zip(document.banks, ids, strict=True)
    ]
