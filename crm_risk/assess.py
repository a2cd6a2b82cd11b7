"""The ``assess`` flow as a pure state machine: a state and one line of input in, a new state out.

No I/O, no clock, no globals: the shell (:mod:`crm_risk.assess_run`) reads a line, calls
:func:`step`, saves the answer file when :func:`document` changed, and shows what the step asks
for. Scripted tests, piped input and a real terminal therefore all run the same code.

The flow: first the facts not given on the command line (project, respondent, role, context
fields), then the questions, bank by bank, phase by phase. At a question, a number answers; ``?``
shows the help, ``n`` adds a note, ``b`` goes back (across banks too), ``s`` skips (leaves it
unanswered), ``u`` answers "we don't know", ``x`` answers "not applicable" with a reason where
the bank allows it, ``q`` saves and quits, and Enter alone keeps an answer already given. After
an answer the flow moves to the next question that has no answer yet, so a resumed or revisited
session goes straight back to where work is left.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from crm_risk.answers import NOT_APPLICABLE, UNKNOWN, Answer, AnswerStatus, status_of
from crm_risk.assess_parse import Message, number_bounds, parse_answer
from crm_risk.assess_parse import message as _message
from crm_risk.bank import Bank, ContextField, Question
from crm_risk.i18n import ROLES

# "cancelled": `q` during setup, before there is anything to save.
Stage = Literal[
    "project",
    "name",
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

#: An answer's place: the bank's id and the question's id.
Key = tuple[str, str]

__all__ = [
    "MAX_NAME",
    "MAX_NOTE",
    "MAX_PROJECT",
    "Message",
    "Output",
    "State",
    "Step",
    "is_answered",
    "number_bounds",
    "parse_answer",
    "start",
    "step",
]


#: What the shell shows after a step: the current stage's prompt or panel, the current
#: question's help, or a message.
Output = Message | Literal["panel", "help"]


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

    @functools.cached_property
    def items(self) -> tuple[tuple[Bank, Question], ...]:
        """Every question of every bank, in the order they are asked."""
        return tuple((bank, q) for bank in self.banks for q in bank.ordered)

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


def start(
    banks: Bank | Sequence[Bank],
    *,
    date: dt.date,
    project: str | None = None,
    name: str | None = None,
    role: str | None = None,
    context: Mapping[str, str] | None = None,
    answers: Mapping[str, Answer] | Mapping[Key, Answer] | None = None,
    ask_context: bool = True,
) -> Step:
    """The first state: ask what is missing, then the first unanswered question.

    ``answers`` are by ``(bank id, question id)``, or by question id for a single bank.
    """
    chosen = (banks,) if isinstance(banks, Bank) else tuple(banks)
    given = dict(context or {})
    pending: list[str] = []
    if ask_context:
        for bank in chosen:
            pending += [f.id for f in bank.context if f.id not in given and f.id not in pending]
    keyed: dict[Key, Answer] = {
        (key if isinstance(key, tuple) else (chosen[0].id, key)): value
        for key, value in (answers or {}).items()
    }
    state = State(
        banks=chosen,
        date=date,
        project=project,
        name=name,
        role=role,
        context=given,
        ask_context=tuple(pending),
        given=keyed,
    )
    return Step(_next_setup(state), ("panel",))


def _next_setup(state: State) -> State:
    if state.project is None:
        return replace(state, stage="project")
    if state.name is None:
        return replace(state, stage="name")
    if state.role is None:
        return replace(state, stage="role")
    if state.ask_context:
        return replace(state, stage="context")
    return _advance(state, -1)


def _advance(state: State, after: int) -> State:
    """To the first question after ``after`` that has no answer; done when there is none."""
    for index in range(after + 1, len(state.items)):
        bank, question = state.items[index]
        if not is_answered(state.given.get((bank.id, question.id))):
            return replace(state, stage="question", index=index)
    return replace(state, stage="done")


def _normal(line: str) -> str:
    # NFKC folds full-width digits, letters and the full-width question mark that Chinese
    # input methods type into their ASCII forms.
    return unicodedata.normalize("NFKC", line).strip()


def step(state: State, line: str) -> Step:
    """Apply one line of input (without its newline) to ``state``."""
    if state.finished:
        return Step(state)
    if state.stage == "note":
        return _note(state, line)
    if state.stage == "reason":
        return _reason(state, line)
    if state.stage == "question":
        return _question(state, line)
    return _setup(state, line)


# ---------------------------------------------------------------------------------------------
# Setup: project, respondent, role, context


def _setup(state: State, line: str) -> Step:
    text = line.strip()
    if state.stage == "project" and _normal(line).lower() == KEY_QUIT:
        # The first prompt says `q` quits (a person may well be called Q, a project hardly);
        # nothing is saved before setup ends, so there is nothing to lose.
        return Step(replace(state, stage="cancelled"))
    if state.stage in ("project", "name"):
        if not text:
            return Step(state, (_message("assess_required", error=True),))
        limit = MAX_PROJECT if state.stage == "project" else MAX_NAME
        if len(text) > limit:
            return Step(state, (_message("assess_too_long", error=True, max=limit),))
        new = (
            replace(state, project=text) if state.stage == "project" else replace(state, name=text)
        )
        return Step(_next_setup(new), ("panel",))
    if state.stage == "role":
        role = _pick(_normal(line), list(ROLES))
        if role is None:
            return Step(state, (_message("assess_pick", error=True, input=text, n=len(ROLES)),))
        return Step(_next_setup(replace(state, role=role)), ("panel",))
    # A context field: a number, an option id, or Enter alone to leave it out.
    field_id = state.ask_context[0]
    context_field = state.context_field(field_id)
    assert context_field is not None
    rest = state.ask_context[1:]
    if not text:
        return Step(_next_setup(replace(state, ask_context=rest)), ("panel",))
    option = _pick(_normal(line), [o.id for o in context_field.options])
    if option is None:
        message = _message("assess_pick", error=True, input=text, n=len(context_field.options))
        return Step(state, (message,))
    context = {**state.context, field_id: option}
    return Step(_next_setup(replace(state, context=context, ask_context=rest)), ("panel",))


def _pick(text: str, ids: list[str]) -> str | None:
    """A 1-based number or an id from ``ids``."""
    if text.isdigit() and 1 <= int(text) <= len(ids):
        return ids[int(text) - 1]
    return text if text in ids else None


# ---------------------------------------------------------------------------------------------
# Questions


def _question(state: State, line: str) -> Step:
    key = _normal(line)
    lower = key.lower()
    question = state.question
    current = state.current
    if lower == KEY_HELP:
        return Step(state, ("help",))
    if lower == KEY_QUIT:
        return Step(replace(state, stage="quit"))
    if lower == KEY_BACK:
        if state.index == 0:
            return Step(state, (_message("assess_first", error=True),))
        return Step(replace(state, index=state.index - 1), ("panel",))
    if lower == KEY_SKIP:
        if is_answered(current):
            # Skipping past an answer given earlier (after `b`) keeps it: nothing typed is lost.
            return _moved(state)
        note = current.note if current else None
        return _moved(_with(state, Answer(note=note) if note else None))
    if lower == KEY_UNKNOWN:
        answer = Answer(choice=UNKNOWN, note=current.note if current else None)
        return _moved(_with(state, answer))
    if lower == KEY_NA or lower.startswith(KEY_NA + " "):
        if not question.allow_na:
            return Step(state, (_message("assess_na_not_allowed", error=True),))
        if lower == KEY_NA:
            return Step(replace(state, stage="reason"), ("panel",))
        return _set_reason(state, line.strip()[2:])
    if lower == KEY_NOTE:
        return Step(replace(state, stage="note"), ("panel",))
    if lower.startswith(KEY_NOTE + " "):
        return _set_note(state, line.strip()[2:])
    if not key:
        if is_answered(current):
            return _moved(state)
        return Step(state, (_message("assess_need_answer", error=True),))
    answer_or_error = parse_answer(question, key)
    if isinstance(answer_or_error, Message):
        return Step(state, (answer_or_error,))
    if current is not None and current.note:
        answer_or_error = answer_or_error.model_copy(update={"note": current.note})
    return _moved(_with(state, answer_or_error))


def _moved(state: State) -> Step:
    new = _advance(state, state.index)
    return Step(new, ("panel",) if new.stage == "question" else ())


def _with(state: State, answer: Answer | None) -> State:
    """``state`` with the current question's answer replaced (None: removed)."""
    key = state.key
    given = {k: v for k, v in state.given.items() if k != key}
    if answer is not None:
        given[key] = answer
    return replace(state, given=given)


def _note(state: State, line: str) -> Step:
    back = replace(state, stage="question")
    if not line.strip():
        return Step(back, (_message("assess_note_cancelled"),))
    return _set_note(back, line)


def _set_note(state: State, text: str) -> Step:
    note = text.strip()
    if not note:
        return Step(state, (_message("assess_note_cancelled"),))
    if len(note) > MAX_NOTE:
        return Step(state, (_message("assess_too_long", error=True, max=f"{MAX_NOTE:,}"),))
    current = state.current
    answer = current.model_copy(update={"note": note}) if current else Answer(note=note)
    return Step(_with(state, answer), (_message("assess_note_saved"),))


def _reason(state: State, line: str) -> Step:
    back = replace(state, stage="question")
    if not line.strip():
        return Step(back, (_message("assess_na_cancelled"),))
    return _set_reason(back, line)


def _set_reason(state: State, text: str) -> Step:
    """ "Not applicable", with why: a reason is required."""
    reason = text.strip()
    if not reason:
        return Step(state, (_message("assess_na_cancelled"),))
    if len(reason) > MAX_NOTE:
        return Step(state, (_message("assess_too_long", error=True, max=f"{MAX_NOTE:,}"),))
    current = state.current
    answer = Answer(choice=NOT_APPLICABLE, reason=reason, note=current.note if current else None)
    return _moved(_with(state, answer))
