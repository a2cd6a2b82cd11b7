"""The ``assess`` flow as a pure state machine: a state and one line of input in, a new state out.

No I/O, no clock, no globals: the shell (:mod:`crm_risk.assess_run`) reads a line, calls
:func:`step`, saves the answer file when :func:`document` changed, and shows what the step asks
for. Scripted tests, piped input and a real terminal therefore all run the same code.

The flow: first the facts not given on the command line (project, respondent, role, context
fields), then the questions in bank order. At a question, a number answers; ``?`` shows the help,
``n`` adds a note, ``b`` goes back, ``s`` skips (leaves it unanswered), ``u`` answers "we don't
know", ``q`` saves and quits, and Enter alone keeps an answer already given. After an answer the
flow moves to the next question that has no answer yet, so a resumed or revisited session goes
straight back to where work is left.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from crm_risk.answers import UNKNOWN, Answer, AnswerStatus, status_of
from crm_risk.bank import Bank, Question
from crm_risk.i18n import ROLES

# "cancelled": `q` during setup, before there is anything to save.
Stage = Literal[
    "project", "name", "role", "context", "question", "note", "done", "quit", "cancelled"
]

KEY_HELP, KEY_NOTE, KEY_BACK, KEY_SKIP, KEY_UNKNOWN, KEY_QUIT = "?", "n", "b", "s", "u", "q"

MAX_PROJECT, MAX_NAME = 500, 200
#: A typed note's length. Notes are for a few sentences; the cap keeps the answer file well within
#: what crmrisk reads back (1 MiB by default), even with seven long notes full of escaped text.
MAX_NOTE = 10_000


@dataclass(frozen=True)
class Message:
    """Something to tell the person: an ``i18n.ui`` key and its values."""

    key: str
    values: tuple[tuple[str, str], ...] = ()
    error: bool = False

    def kwargs(self) -> dict[str, str]:
        return dict(self.values)


def _message(key: str, error: bool = False, **values: object) -> Message:
    return Message(key, tuple((k, str(v)) for k, v in values.items()), error)


#: What the shell shows after a step: the current stage's prompt or panel, the current
#: question's help, or a message.
Output = Message | Literal["panel", "help"]


@dataclass(frozen=True)
class State:
    """Where the flow is. Mappings are never changed in place: every step builds new ones."""

    bank: Bank
    date: dt.date
    project: str | None = None
    name: str | None = None
    role: str | None = None
    context: Mapping[str, str] = field(default_factory=dict)
    #: Context fields still to ask, in bank order.
    ask_context: tuple[str, ...] = ()
    answers: Mapping[str, Answer] = field(default_factory=dict)
    stage: Stage = "project"
    index: int = 0

    @property
    def question(self) -> Question:
        return self.bank.questions[self.index]

    @property
    def ready(self) -> bool:
        """Setup is over (project, respondent, role, context): there is an answer file to write."""
        return self.stage in ("question", "note", "done", "quit")

    @property
    def finished(self) -> bool:
        return self.stage in ("done", "quit", "cancelled")

    def answer(self, question_id: str) -> Answer | None:
        return self.answers.get(question_id)

    def answered_count(self) -> int:
        return sum(1 for q in self.bank.questions if is_answered(self.answers.get(q.id)))


@dataclass(frozen=True)
class Step:
    state: State
    outputs: tuple[Output, ...] = ()


def is_answered(answer: Answer | None) -> bool:
    """An answer or "we don't know"; a note alone does not answer a question."""
    return status_of(answer) is not AnswerStatus.unanswered


def start(
    bank: Bank,
    *,
    date: dt.date,
    project: str | None = None,
    name: str | None = None,
    role: str | None = None,
    context: Mapping[str, str] | None = None,
    answers: Mapping[str, Answer] | None = None,
    ask_context: bool = True,
) -> Step:
    """The first state: ask what is missing, then the first unanswered question."""
    given = dict(context or {})
    pending = tuple(f.id for f in bank.context if f.id not in given) if ask_context else ()
    state = State(
        bank=bank,
        date=date,
        project=project,
        name=name,
        role=role,
        context=given,
        ask_context=pending,
        answers=dict(answers or {}),
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
    for index in range(after + 1, len(state.bank.questions)):
        if not is_answered(state.answers.get(state.bank.questions[index].id)):
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
    context_field = state.bank.context_field(field_id)
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
    current = state.answers.get(question.id)
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
        answers = _with(state.answers, question.id, Answer(note=note) if note else None)
        return _moved(replace(state, answers=answers))
    if lower == KEY_UNKNOWN:
        answer = Answer(choice=UNKNOWN, note=current.note if current else None)
        return _moved(replace(state, answers=_with(state.answers, question.id, answer)))
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
    return _moved(replace(state, answers=_with(state.answers, question.id, answer_or_error)))


def _moved(state: State) -> Step:
    new = _advance(state, state.index)
    return Step(new, ("panel",) if new.stage == "question" else ())


def _with(
    answers: Mapping[str, Answer], question_id: str, answer: Answer | None
) -> dict[str, Answer]:
    new = {k: v for k, v in answers.items() if k != question_id}
    if answer is not None:
        new[question_id] = answer
    return new


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
    question_id = state.question.id
    current = state.answers.get(question_id)
    answer = current.model_copy(update={"note": note}) if current else Answer(note=note)
    return Step(
        replace(state, answers=_with(state.answers, question_id, answer)),
        (_message("assess_note_saved"),),
    )


_SEPARATORS = re.compile(r"[\s,;、，；]+")


def parse_answer(question: Question, text: str) -> Answer | Message:
    """The answer ``text`` gives to ``question``, or the message explaining what to type."""
    if question.type in ("choice", "yesno"):
        ids = question.choice_ids()
        if text.isdigit() and 1 <= int(text) <= len(ids):
            return Answer(choice=ids[int(text) - 1])
        return _message("assess_choice_invalid", error=True, input=text, n=len(ids))
    if question.type == "multi":
        ids = question.choice_ids()
        parts = [p for p in _SEPARATORS.split(text) if p]
        if not parts or not all(p.isdigit() and 1 <= int(p) <= len(ids) for p in parts):
            return _message("assess_multi_invalid", error=True, input=text, n=len(ids))
        picked = {int(p) - 1 for p in parts}
        return Answer(choices=[ids[i] for i in sorted(picked)])
    return _parse_number(question, text)


def number_bounds(question: Question) -> dict[str, Any]:
    """``min``, ``max`` and ``unit`` of a number or scale question, as the messages show them."""
    assert question.min is not None and question.max is not None
    return {"min": f"{question.min:g}", "max": f"{question.max:g}", "unit": question.unit or ""}


def _parse_number(question: Question, text: str) -> Answer | Message:
    bounds = number_bounds(question)
    assert question.min is not None and question.max is not None
    raw = text
    if question.unit and raw.endswith(question.unit):
        raw = raw[: -len(question.unit)]
    raw = raw.strip().removesuffix("%").strip().replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        return _message("assess_number_invalid", error=True, input=text, **bounds)
    if not question.min <= value <= question.max:
        return _message("assess_number_range", error=True, input=text, **bounds)
    if question.type == "scale" and not value.is_integer():
        return _message("assess_scale_whole", error=True, input=text, **bounds)
    return Answer(value=value)
