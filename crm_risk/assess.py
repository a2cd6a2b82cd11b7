"""The ``assess`` flow as a pure state machine: a state and one line of input in, a new state out.

No I/O, no clock, no globals: the shell (:mod:`crm_risk.assess_run`) reads a line, calls
:func:`step`, saves the answer file when :func:`document` changed, and shows what the step asks
for. Scripted tests, piped input and a real terminal therefore all run the same code.

The flow: first the facts not given on the command line (project, respondent, role, context
fields; :mod:`crm_risk.assess_intro`), then the questions, bank by bank, phase by phase. At a question, a number answers; ``?``
shows the help, ``n`` adds a note, ``b`` goes back (across banks too), ``s`` skips (leaves it
unanswered), ``u`` answers "we don't know", ``x`` answers "not applicable" with a reason where
the bank allows it, ``q`` saves and quits, and Enter alone keeps an answer already given. After
an answer the flow moves to the next question that has no answer yet, so a resumed or revisited
session goes straight back to where work is left. Each answer is confirmed by a
:class:`Recorded` output. The state itself is in :mod:`crm_risk.assess_state`; a room (several
people answering each question in turn) wraps one state per person (:mod:`crm_risk.room`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace

from crm_risk.answers import NOT_APPLICABLE, UNKNOWN, Answer, Respondent
from crm_risk.assess_intro import next_setup, setup
from crm_risk.assess_parse import Message, number_bounds, parse_answer
from crm_risk.assess_parse import message as _message
from crm_risk.assess_state import (
    KEY_BACK,
    KEY_HELP,
    KEY_NA,
    KEY_NOTE,
    KEY_QUIT,
    KEY_SKIP,
    KEY_UNKNOWN,
    MAX_NAME,
    MAX_NOTE,
    MAX_PEOPLE,
    MAX_PROJECT,
    Chosen,
    Key,
    Output,
    Person,
    Recorded,
    Stage,
    State,
    Step,
    advance,
    is_answered,
    normal,
)
from crm_risk.bank import Bank
from crm_risk.results import Assessment
from crm_risk.scoring import assessment, score_section

__all__ = [
    "KEY_BACK",
    "KEY_QUIT",
    "MAX_NAME",
    "MAX_NOTE",
    "MAX_PEOPLE",
    "MAX_PROJECT",
    "Chosen",
    "Key",
    "Message",
    "Output",
    "Person",
    "Recorded",
    "Stage",
    "State",
    "Step",
    "is_answered",
    "number_bounds",
    "parse_answer",
    "start",
    "step",
]


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
    others: Sequence[Person] = (),
    room: bool = False,
) -> Step:
    """The first state: ask what is missing, then the first unanswered question.

    ``answers`` are by ``(bank id, question id)``, or by question id for a single bank.
    ``others`` are a room's people after the first (``name``, ``role``); ``room`` makes the
    session a room even with one person, whose people are asked as ``NAME:ROLE``.
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
        others=tuple(others),
        room=room,
    )
    return Step(next_setup(state), ("panel",))


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
    return setup(state, line)


# ---------------------------------------------------------------------------------------------
# Questions


def _question(state: State, line: str) -> Step:
    key = normal(line)
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
        return _moved(_with(state, Answer(note=note) if note else None), Recorded(question, None))
    if lower == KEY_UNKNOWN:
        answer = Answer(choice=UNKNOWN, note=current.note if current else None)
        return _moved(_with(state, answer), Recorded(question, answer))
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
    return _moved(_with(state, answer_or_error), Recorded(question, answer_or_error))


def _moved(state: State, recorded: Recorded | None = None) -> Step:
    new = advance(state, state.index)
    outputs: tuple[Output, ...] = () if recorded is None else (recorded,)
    return Step(new, (*outputs, "panel") if new.stage == "question" else outputs)


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
    return _moved(_with(state, answer), Recorded(state.question, answer))


def assessment_of(state: State, file: str) -> Assessment:
    """The scored result of a session as it stands (the end of ``assess``, one per person in a
    room): what ``crmrisk score`` gives for the file it saved."""
    return assessment(
        [score_section(bank, state.answers_of(bank.id)) for bank in state.banks],
        project=state.project or "",
        respondent=Respondent(name=state.name or "", role=state.role or "other"),  # type: ignore[arg-type]
        date=state.date,
        context=state.context,
        file=file,
    )
