"""The state of an ``assess`` session and what a step hands back: pure data, no I/O.

:mod:`crm_risk.assess` steps it; :mod:`crm_risk.assess_intro` holds the setup steps (project,
people, role, context) and :mod:`crm_risk.room` wraps one state per person for a room.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from crm_risk.answers import Answer, AnswerStatus, status_of
from crm_risk.assess_parse import Message
from crm_risk.bank import Bank, ContextField, Question

# "cancelled": `q` during setup, before there is anything to save. "people": the further people
# of a room, one NAME:ROLE a line, until an empty line.
Stage = Literal[
    "project",
    "name",
    "people",
    "role",
    "context",
    "question",
    "note",
    "reason",
    "done",
    "quit",
    "cancelled",
]

KEY_HELP, KEY_NOTE, KEY_BACK, KEY_SKIP, KEY_UNKNOWN, KEY_QUIT = "?", "n", "b", "s", "u", "q"
KEY_NA = "x"

MAX_PROJECT, MAX_NAME = 500, 200
#: A typed note's length. Notes are for a few sentences; the cap keeps the answer file well within
#: what crmrisk reads back (1 MiB by default), even with many long notes full of escaped text.
MAX_NOTE = 10_000
#: People in one room: more than a meeting room holds, fewer than would make a file name long.
MAX_PEOPLE = 50

#: An answer's place: the bank's id and the question's id.
Key = tuple[str, str]
#: A person of a room: name and role id.
Person = tuple[str, str]


@dataclass(frozen=True)
class Recorded:
    """What an answer recorded, to confirm it in one line (``answer`` None: skipped)."""

    question: Question
    answer: Answer | None


@dataclass(frozen=True)
class Chosen:
    """A role or context option picked during setup, to confirm it: its label by language."""

    label: Mapping[str, str]


#: What the shell shows after a step: the current stage's prompt or panel, the current
#: question's help, a message, or the confirmation of what was recorded.
Output = Message | Recorded | Chosen | Literal["panel", "help"]


@dataclass(frozen=True)
class State:
    """Where the flow is. Mappings are never changed in place: every step builds new ones."""

    banks: tuple[Bank, ...]
    date: dt.date
    project: str | None = None
    name: str | None = None
    role: str | None = None
    context: Mapping[str, str] = field(default_factory=dict)
    #: Context fields still to ask, in bank order.
    ask_context: tuple[str, ...] = ()
    given: Mapping[Key, Answer] = field(default_factory=dict)
    stage: Stage = "project"
    #: The current question's place in :attr:`items`.
    index: int = 0
    #: A room's people after the first (``name``, ``role``), in the order they answer.
    others: tuple[Person, ...] = ()
    #: The session is a room even with one person (``--out-dir``): people are asked as NAME:ROLE.
    room: bool = False

    @functools.cached_property
    def items(self) -> tuple[tuple[Bank, Question], ...]:
        """Every question of every bank, in the order they are asked."""
        return tuple((bank, q) for bank in self.banks for q in bank.ordered)

    @property
    def is_room(self) -> bool:
        return self.room or bool(self.others)

    @property
    def bank(self) -> Bank:
        """The current question's bank (the first bank before the questions start)."""
        return self.items[self.index][0] if self.index < len(self.items) else self.banks[0]

    @property
    def question(self) -> Question:
        return self.items[self.index][1]

    @property
    def key(self) -> Key:
        bank, question = self.items[self.index]
        return bank.id, question.id

    @property
    def current(self) -> Answer | None:
        return self.given.get(self.key)

    @property
    def answers(self) -> dict[str, Answer]:
        """The answers of a single-bank session, by question id."""
        if len(self.banks) != 1:
            raise ValueError("this session covers several banks; use answers_of(bank_id)")
        return self.answers_of(self.banks[0].id)

    def answers_of(self, bank_id: str) -> dict[str, Answer]:
        return {q: a for (b, q), a in self.given.items() if b == bank_id}

    @property
    def ready(self) -> bool:
        """Setup is over (project, respondent, role, context): there is an answer file to write."""
        return self.stage in ("question", "note", "reason", "done", "quit")

    @property
    def finished(self) -> bool:
        return self.stage in ("done", "quit", "cancelled")

    def answered_count(self) -> int:
        """Questions with an answer ("we don't know" and "not applicable" included)."""
        return sum(1 for b, q in self.items if is_answered(self.given.get((b.id, q.id))))

    def counts(self) -> dict[AnswerStatus, int]:
        """How many questions have each status (the same counts the report gives)."""
        found = dict.fromkeys(AnswerStatus, 0)
        for b, q in self.items:
            found[status_of(self.given.get((b.id, q.id)))] += 1
        return found

    def context_field(self, field_id: str) -> ContextField | None:
        return next(
            (f for bank in self.banks if (f := bank.context_field(field_id)) is not None), None
        )

    def position(self) -> tuple[int, int, int, int]:
        """(bank number, banks, question number in its bank, questions in its bank), from 1."""
        bank, question = self.items[self.index]
        return (
            self.banks.index(bank) + 1,
            len(self.banks),
            bank.ordered.index(question) + 1,
            len(bank.ordered),
        )


@dataclass(frozen=True)
class Step:
    state: State
    outputs: tuple[Output, ...] = ()


def is_answered(answer: Answer | None) -> bool:
    """An answer, "we don't know" or "not applicable"; a note alone does not answer a question."""
    return status_of(answer) is not AnswerStatus.unanswered


def advance(state: State, after: int) -> State:
    """To the first question after ``after`` that has no answer; done when there is none."""
    for index in range(after + 1, len(state.items)):
        bank, question = state.items[index]
        if not is_answered(state.given.get((bank.id, question.id))):
            return replace(state, stage="question", index=index)
    return replace(state, stage="done")


def normal(line: str) -> str:
    """A typed key, NFKC-folded: full-width digits, letters and the full-width question mark
    that Chinese input methods type become their ASCII forms."""
    return unicodedata.normalize("NFKC", line).strip()
