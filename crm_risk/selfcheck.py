"""The bank author's self-check: do the bank's rules make sense, not only its shape?

Pure. For each phase it works out every grade its answers can give (exactly, by walking the
answers question by question and keeping each distinct weighted sum once), and checks that

- every grade of the bank can be reached in the phase;
- the lowest-risk answers give the lowest grade, and the highest-risk answers the highest;
- every question can move its phase's score (it has answers of different risk);
- a number question's bands cover its whole range (the bank rules check this too).

Each failure is a ``(field path, message)`` naming the phase, question and grade ids involved.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable

from crm_risk.bank import Bank, Question
from crm_risk.msg import _
from crm_risk.rules import FieldPath, Problems, answer_floor
from crm_risk.scoring import EPSILON, grade_for

#: Beyond this many distinct partial results per phase the walk stops and says so: a phase that
#: large cannot be proven here (no shipped bank comes near it).
MAX_STATES = 200_000
#: A multi question with more choices than this is not expanded into every subset.
MAX_MULTI = 12

# (risk, floor rank or -1); None stands for "not applicable" (left out of the score).
Option = tuple[float, int] | None


def _options(bank: Bank, question: Question) -> list[Option]:
    """Every distinct outcome of one question's answers (risk, and the floor it carries),
    with the phase's own decisive rules applied; "we don't know" is its worst, already here."""
    rules = bank.phase(question.phase).decisive

    def floor(risk: float, own: str | None) -> int:
        rank = bank.grade_rank(own) if own else -1
        for rule in rules:
            if risk + EPSILON >= rule.risk:
                rank = max(rank, bank.grade_rank(rule.grade))
        return rank

    found: set[Option] = set()
    if question.type == "multi" and question.choices:
        choices = question.choices
        if len(choices) > MAX_MULTI:
            subsets: Iterable[tuple[int, ...]] = [(i,) for i in range(len(choices))]
        else:
            subsets = itertools.chain.from_iterable(
                itertools.combinations(range(len(choices)), n) for n in range(len(choices) + 1)
            )
        for subset in subsets:
            picked = [choices[i] for i in subset]
            risks = [c.risk for c in picked]
            risk = (
                min(1.0, math.fsum(risks)) if question.combine == "sum" else max(risks, default=0.0)
            )
            floors = [answer_floor(bank, c) for c in picked]
            own = max((f for f in floors if f), key=bank.grade_rank, default=None)
            found.add((risk, floor(risk, own)))
    else:
        for option in question.choices or question.bands or []:
            found.add((option.risk, floor(option.risk, answer_floor(bank, option))))
    if question.allow_na:
        found.add(None)
    return sorted(found, key=lambda o: (-1.0, -1) if o is None else o)


def _reachable(bank: Bank, phase_id: str) -> set[int] | None:
    """The grade ranks the phase can end at (None: too many combinations to walk)."""
    states: set[tuple[float, float, int]] = {(0.0, 0.0, -1)}  # (sum w*risk, sum w, floor)
    for question in bank.questions:
        if question.phase != phase_id:
            continue
        grown: set[tuple[float, float, int]] = set()
        for total, weight, floor in states:
            for option in _options(bank, question):
                if option is None:
                    grown.add((total, weight, floor))
                    continue
                risk, rank = option
                grown.add(
                    (
                        round(total + question.weight * risk, 9),
                        round(weight + question.weight, 9),
                        max(floor, rank),
                    )
                )
        states = grown
        if len(states) > MAX_STATES:
            return None
    ranks = set()
    for total, weight, floor in states:
        if weight == 0:
            continue  # every question not applicable: no grade, which is not a grade to reach
        score = min(1.0, max(0.0, total / weight))
        ranks.add(max(bank.grade_rank(grade_for(bank, score)), floor))
    return ranks


def _extreme(bank: Bank, phase_id: str, worst: bool) -> int:
    """The grade rank the lowest-risk (or highest-risk) answer to every question gives."""
    total = weight = 0.0
    floor = -1
    for question in bank.questions:
        if question.phase != phase_id:
            continue
        options = [o for o in _options(bank, question) if o is not None]
        risk, rank = max(options) if worst else min(options)
        total += question.weight * risk
        weight += question.weight
        floor = max(floor, rank)
    return max(bank.grade_rank(grade_for(bank, total / weight)), floor)


def self_check(bank: Bank) -> Problems:
    """Every way the bank's rules fail to make sense (see the module)."""
    problems: Problems = []
    grades = bank.grade_ids()
    lowest, highest = grades[0], grades[-1]
    for index, phase in enumerate(bank.phases):
        where: FieldPath = ("phases", index)
        if not any(q.phase == phase.id for q in bank.questions):
            continue
        reachable = _reachable(bank, phase.id)
        if reachable is None:
            problems.append(
                (
                    where,
                    _(
                        "self-check: phase {phase!r} has too many answer combinations to prove",
                        phase=phase.id,
                    ),
                )
            )
        else:
            missing = [g for i, g in enumerate(grades) if i not in reachable]
            if missing:
                problems.append(
                    (
                        where,
                        _(
                            "self-check: in phase {phase!r} no answers give grade {grades}",
                            phase=phase.id,
                            grades=", ".join(repr(g) for g in missing),
                        ),
                    )
                )
        low = grades[_extreme(bank, phase.id, worst=False)]
        if low != lowest:
            problems.append(
                (
                    where,
                    _(
                        "self-check: the lowest-risk answers give phase {phase!r} grade {grade!r}, "
                        "not the lowest grade {lowest!r}",
                        phase=phase.id,
                        grade=low,
                        lowest=lowest,
                    ),
                )
            )
        high = grades[_extreme(bank, phase.id, worst=True)]
        if high != highest:
            problems.append(
                (
                    where,
                    _(
                        "self-check: the highest-risk answers give phase {phase!r} grade "
                        "{grade!r}, not the highest grade {highest!r}",
                        phase=phase.id,
                        grade=high,
                        highest=highest,
                    ),
                )
            )
    for index, question in enumerate(bank.questions):
        options = {o[0] for o in _options(bank, question) if o is not None}
        if len(options) < 2:
            problems.append(
                (
                    ("questions", index),
                    _(
                        "self-check: question {question!r} cannot move its phase's score: "
                        "every answer has the same risk",
                        question=question.id,
                    ),
                )
            )
    return problems
