"""The shapes of crmrisk's JSON output, as typed dictionaries: the public contract.

The JSON renderer builds exactly these (mypy checks every key), and ``crmrisk schema results``
prints their JSON Schema, so a consumer's validator and the output cannot drift apart. Every
mapping is closed (``additionalProperties: false``) in the schema: a key added later is a schema
change, said in the changelog.
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired

from pydantic import ConfigDict, with_config
from typing_extensions import TypedDict

_CLOSED = ConfigDict(extra="forbid")


@with_config(_CLOSED)
class Respondent(TypedDict):
    name: str
    role: str


@with_config(_CLOSED)
class Overall(TypedDict):
    grade: str | None
    score: float
    bank: str | None


@with_config(_CLOSED)
class Phase(TypedDict):
    id: str
    title: str
    grade: str | None
    score: float
    red_flag: bool
    lifted_by: list[str]
    answered: int
    unknown: int
    not_applicable: int
    skipped: int
    total: int


Status = Literal["answered", "unknown", "unanswered", "not-applicable"]


@with_config(_CLOSED)
class Finding(TypedDict):
    question: str
    number: int
    phase: str
    status: Status
    risk: float
    severity: str
    red_flag: bool
    advice: str | None


@with_config(_CLOSED)
class Question(TypedDict):
    id: str
    number: int
    phase: str
    status: Status
    choices: list[str]
    value: float | None
    answer: str
    risk: float
    red_flag: bool
    floor: str | None
    note: str | None
    reason: str | None


@with_config(_CLOSED)
class Section(TypedDict):
    """One bank of one answer file. ``unanswered`` lists every question without a real answer
    (``unknown``: answered "we don't know"; ``skipped``: left out), all scored as their worst
    answer; a question marked not applicable is in none of the three."""

    bank: str
    bank_version: str
    title: str
    overall: Overall
    phases: list[Phase]
    findings: list[Finding]
    unanswered: list[str]
    unknown: list[str]
    skipped: list[str]
    questions: list[Question]
    migrated: list[str]


@with_config(_CLOSED)
class Assessment(TypedDict):
    """One answer file. A single-bank file also has its one section's keys at the top level
    (``bank`` ... ``questions``), as before sections existed."""

    file: str | None
    project: str
    respondent: Respondent | None
    date: str | None
    context: dict[str, str]
    overall: Overall
    sections: list[Section]
    bank: NotRequired[str]
    bank_version: NotRequired[str]
    phases: NotRequired[list[Phase]]
    findings: NotRequired[list[Finding]]
    unanswered: NotRequired[list[str]]
    unknown: NotRequired[list[str]]
    skipped: NotRequired[list[str]]
    questions: NotRequired[list[Question]]


@with_config(_CLOSED)
class Member(TypedDict):
    file: str | None
    name: str
    role: str | None


@with_config(_CLOSED)
class GroupOverall(TypedDict):
    grade: str | None
    score: float
    phase: str
    bank: str
    driven_by: Member


@with_config(_CLOSED)
class MemberGrade(Member):
    grade: str | None
    score: float


@with_config(_CLOSED)
class GroupPhase(TypedDict):
    id: str
    title: str
    grade: str | None
    score: float
    driven_by: Member
    respondents: list[MemberGrade]


@with_config(_CLOSED)
class MemberAnswer(Member):
    status: Status
    choices: list[str]
    value: float | None
    answer: str
    risk: float
    note: str | None


@with_config(_CLOSED)
class GroupQuestion(TypedDict):
    id: str
    number: int
    phase: str
    text: str
    threshold: float
    spread: float
    gap: bool
    answers: list[MemberAnswer]


@with_config(_CLOSED)
class GapMember(Member):
    side: Literal["low", "high"]
    risk: float
    answer: str


@with_config(_CLOSED)
class Gap(TypedDict):
    question: str
    number: int
    phase: str
    text: str
    threshold: float
    spread: float
    roles: list[str]
    respondents: list[GapMember]


@with_config(_CLOSED)
class GroupSection(TypedDict):
    bank: str
    bank_version: str
    overall: GroupOverall
    phases: list[GroupPhase]
    questions: list[GroupQuestion]
    gaps: list[Gap]


@with_config(_CLOSED)
class Group(TypedDict):
    """The group. A single-bank group also has its one section's keys at the top level."""

    project: str
    respondents: list[Member]
    rule: Literal["worst-respondent"]
    overall: GroupOverall
    sections: list[GroupSection]
    bank: NotRequired[str]
    bank_version: NotRequired[str]
    phases: NotRequired[list[GroupPhase]]
    questions: NotRequired[list[GroupQuestion]]
    gaps: NotRequired[list[Gap]]


@with_config(_CLOSED)
class Results(TypedDict):
    """``crmrisk score --format json`` (with ``--group``: and ``group``)."""

    crmrisk: str
    lang: str
    assessments: list[Assessment]
    errors: NotRequired[list[str]]
    group: NotRequired[Group]


def results_schema() -> dict[str, Any]:
    """The JSON Schema of ``score --format json`` (and of the group output)."""
    from pydantic import TypeAdapter

    schema: dict[str, Any] = TypeAdapter(Results).json_schema()
    return schema
