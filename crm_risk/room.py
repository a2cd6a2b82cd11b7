"""A room: several people answer each question in turn, as a pure state machine.

The room wraps one :class:`crm_risk.assess.State` per person (each becomes that person's answer
file) and steps the person whose turn it is with :func:`crm_risk.assess.step`, so every key means
what it means in a session of one: a number answers, ``s`` skips for that person, ``u`` is their
"we don't know", ``x`` their "not applicable", ``n`` their note, ``q`` saves and quits. The room
adds the order and ``b``:

- a question is shown once; then each person answers it in turn, in the order given;
- after an answer the flow moves to the next open place, person after person, question after
  question (a resumed room goes straight to the first person with no answer to a question);
- ``b`` goes back to the previous person on the same question, or to the last person on the
  previous question;
- when the views given so far differ by more than the question's consensus gap (the rule of
  :func:`crm_risk.group.spread_of`: answers and "we don't know" count, skips and n/a do not),
  the step says so at once, with a :class:`Gap`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from crm_risk import assess
from crm_risk.answers import Answer
from crm_risk.assess_parse import message
from crm_risk.assess_state import KEY_BACK, Output, State, is_answered, normal
from crm_risk.bank import Bank, Question
from crm_risk.group import gap_of, spread_of
from crm_risk.results import MemberAnswer, QuestionResult, QuestionSpread
from crm_risk.scoring import answer_outcome

RoomStage = Literal["question", "note", "reason", "done", "quit"]


@dataclass(frozen=True)
class Gap:
    """The answers to a question now differ by more than its consensus gap: one person with the
    lowest risk and one with the highest (the person who just answered, where they are one)."""

    question: Question
    threshold: float
    spread: float
    low: tuple[int, Answer | None, float]
    high: tuple[int, Answer | None, float]


#: What the shell shows after a room's step: what a person's step shows, a gap, or ``turn``:
#: the next person's turn on the same question (their answer so far, if they have one).
RoomOutput = Output | Gap | Literal["turn"]


@dataclass(frozen=True)
class Room:
    """Every person's session, the current question and whose turn it is."""

    people: tuple[State, ...]
    index: int = 0
    turn: int = 0
    stage: RoomStage = "question"

    @property
    def items(self) -> tuple[tuple[Bank, Question], ...]:
        return self.people[0].items

    @property
    def banks(self) -> tuple[Bank, ...]:
        return self.people[0].banks

    @property
    def person(self) -> State:
        """The session of the person whose turn it is, at the room's question and stage."""
        stage = self.stage if self.stage in ("question", "note", "reason") else "question"
        return replace(self.people[self.turn], stage=stage, index=self.index)

    @property
    def finished(self) -> bool:
        return self.stage in ("done", "quit")

    def answered_count(self) -> int:
        return sum(p.answered_count() for p in self.people)

    def total(self) -> int:
        return len(self.items) * len(self.people)

    def spread(self, index: int) -> QuestionSpread:
        """The people's spread on question ``index``, by the group report's rule."""
        bank, question = self.items[index]
        answers = [
            MemberAnswer(
                member=i, result=_result(bank, question, p.given.get((bank.id, question.id)))
            )
            for i, p in enumerate(self.people)
        ]
        return spread_of(bank, question.id, answers)


@dataclass(frozen=True)
class RoomStep:
    room: Room
    outputs: tuple[RoomOutput, ...] = ()


def people_of(state: State) -> tuple[State, ...]:
    """One session per person of a finished setup (the first person's is ``state`` itself)."""
    assert state.name is not None and state.role is not None
    people = [(state.name, state.role), *state.others]
    return tuple(
        replace(
            state, name=name, role=role, others=(), room=False, given=state.given if i == 0 else {}
        )
        for i, (name, role) in enumerate(people)
    )


def begin(people: Sequence[State]) -> RoomStep:
    """The room at its first open place: the first person with no answer to the first question
    someone has not answered (done when every place is answered)."""
    room = Room(tuple(replace(p, stage="question", others=(), room=False) for p in people))
    return _go(room, (0, -1), [], start=True)


def step(room: Room, line: str) -> RoomStep:
    """Apply one line typed by the person whose turn it is."""
    if room.finished:
        return RoomStep(room)
    if room.stage == "question" and normal(line).lower() == KEY_BACK:
        return _back(room)
    result = assess.step(room.person, line)
    new = result.state
    people = tuple(new if i == room.turn else p for i, p in enumerate(room.people))
    if new.stage == "quit":
        return RoomStep(replace(room, people=people, stage="quit"))
    if new.stage in ("note", "reason"):
        return RoomStep(replace(room, people=people, stage=new.stage), result.outputs)
    after = replace(room, people=people, stage="question")
    if new.stage != "done" and new.index == room.index:
        # Still on this question: help, a message, a note saved.
        return RoomStep(after, result.outputs)
    outputs: list[RoomOutput] = [o for o in result.outputs if o != "panel"]
    gap = _news(room, after)
    if gap is not None:
        outputs.append(gap)
    return _go(after, (room.index, room.turn), outputs)


def _go(
    room: Room, after: tuple[int, int], outputs: list[RoomOutput], *, start: bool = False
) -> RoomStep:
    """To the next place after ``after`` (question, person) whose person has no answer: the
    next person's ``turn`` on the same question, or the ``panel`` of another question."""
    index, turn = after
    for i in range(max(index, 0), len(room.items)):
        bank, question = room.items[i]
        first = turn + 1 if i == index else 0
        for t in range(first, len(room.people)):
            if not is_answered(room.people[t].given.get((bank.id, question.id))):
                shown: RoomOutput = "turn" if i == index and not start else "panel"
                moved = replace(room, index=i, turn=t, stage="question")
                return RoomStep(moved, (*outputs, shown))
    return RoomStep(replace(room, stage="done"), tuple(outputs))


def _back(room: Room) -> RoomStep:
    if room.turn > 0:
        return RoomStep(replace(room, turn=room.turn - 1), ("turn",))
    if room.index == 0:
        return RoomStep(room, (message("assess_first", error=True),))
    return RoomStep(replace(room, index=room.index - 1, turn=len(room.people) - 1), ("panel",))


def _result(bank: Bank, question: Question, answer: Answer | None) -> QuestionResult:
    outcome = answer_outcome(bank, question, answer)
    return QuestionResult(
        id=question.id,
        phase=question.phase,
        status=outcome.status,
        risk=outcome.risk,
        weight=question.weight,
        red_flag=outcome.red_flag,
    )


def _news(before: Room, after: Room) -> Gap | None:
    """A gap the answer just given opened (or widened) on its question; None if there is none
    or it was already said."""
    now = after.spread(after.index)
    if not now.gap:
        return None
    gap = gap_of(now)
    was = before.spread(before.index)
    if was.gap:
        old = gap_of(was)
        if (old.low_risk, old.high_risk) == (gap.low_risk, gap.high_risk):
            return None
    bank, question = after.items[after.index]
    key = (bank.id, question.id)

    def side(members: tuple[int, ...], risk: float) -> tuple[int, Answer | None, float]:
        member = after.turn if after.turn in members else members[0]
        return member, after.people[member].given.get(key), risk

    return Gap(
        question=question,
        threshold=now.threshold,
        spread=now.spread,
        low=side(gap.low, gap.low_risk),
        high=side(gap.high, gap.high_risk),
    )
