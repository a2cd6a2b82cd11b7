"""The rules across fields that pydantic alone cannot check: field paths, and answer files.

Bank rules are in :mod:`crm_risk.bank_rules`.

Every check returns ``(field path, message)`` pairs, never raises: the loader locates each path in
the file (line and column) and reports every problem at once. Pure: no I/O.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from crm_risk.answers import (
    NOT_APPLICABLE,
    UNKNOWN,
    Answer,
    AnswerFile,
    SectionAnswers,
    unit_fits,
)
from crm_risk.bank import Band, Bank, Choice, Question

#: A field path such as ``("questions", 3, "choices", 1, "risk")``.
FieldPath = tuple[str | int, ...]


class KeyPath(tuple[str | int, ...]):
    """A field path whose problem is the key itself (an unknown name), not the value under it."""

    __slots__ = ()


Problems = list[tuple[FieldPath, str]]

_PLAIN_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def format_path(path: FieldPath) -> str:
    """``("questions", 3, "choices", 1, "risk")`` as ``questions[3].choices[1].risk``.

    A key that is not a plain name (spaces, newlines, escape sequences) is shown quoted and
    escaped, ``answers["a\\nb"]``, so a path is always one readable line.
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.fullmatch(str(part)):
            out += f".{part}" if out else str(part)
        else:
            out += "[" + json.dumps(str(part), ensure_ascii=False) + "]"
    return out


def answer_floor(bank: Bank, option: Choice | Band) -> str | None:
    """The grade an answer alone lifts its phase to (``decisive``, or a red flag's grade)."""
    floors = [g for g in (option.decisive, bank.flag_grade if option.red_flag else None) if g]
    if not floors or any(g not in bank.grade_ids() for g in floors):
        return None
    return max(floors, key=bank.grade_rank)


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """``"1.10"`` after ``"1.9"``: numeric parts compare as numbers, others as text."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part)
        for part in version.replace("-", ".").split(".")
    )


def _few(values: list[str], limit: int = 12) -> str:
    shown = ", ".join(values[:limit])
    return shown + (f", ... ({len(values)} in all)" if len(values) > limit else "")


def check_answers(bank: Bank, answers: AnswerFile) -> Problems:
    """Every way a single-bank answer file does not fit ``bank``, as ``(path, message)``."""
    return check_context([bank], answers.context) + check_section(
        bank, SectionAnswers(answers.bank, answers.bank_version, answers.answers, ("answers",))
    )


def check_context(banks: Sequence[Bank], context: dict[str, str]) -> Problems:
    """Each context fact names a field of one of the banks, and one of its options."""
    problems: Problems = []
    for key, value in context.items():
        field = next((f for b in banks if (f := b.context_field(key)) is not None), None)
        if field is None:
            known = [c.id for b in banks for c in b.context]
            problems.append(
                (
                    KeyPath(("context", key)),
                    f"unknown context field {key!r}; known: {_few(known) or 'none'}",
                )
            )
        elif field.option(value) is None:
            problems.append(
                (
                    ("context", key),
                    f"unknown {key} {value!r}; valid: {_few([o.id for o in field.options])}",
                )
            )
    return problems


def version_problem(bank: Bank, version: str | None) -> str | None:
    """Why answers written for ``version`` cannot be read with ``bank`` as it is (None: they can)."""
    if version is None or version == bank.version:
        return None
    if version_key(version) > version_key(bank.version):
        return (
            f"answers were written for {bank.id} version {version}, newer than the installed "
            f"version {bank.version}; upgrade crmrisk (or the bank file) to read them"
        )
    return (
        f"answers were written for {bank.id} version {version}, but the bank is version "
        f"{bank.version} and has no migration from {version}"
    )


def check_section(bank: Bank, section: SectionAnswers) -> Problems:
    """Every way one bank's answers do not fit ``bank`` (after any migration)."""
    problems: Problems = []
    add = problems.append
    problem = version_problem(bank, section.version)
    if problem is not None:
        where: FieldPath = (
            ("bank_version",) if section.path == ("answers",) else ("bank_versions", bank.id)
        )
        add((where, problem))
    valid_ids = [q.id for q in bank.questions]
    for question_id, answer in section.answers.items():
        path: FieldPath = (*section.path, question_id)
        question = bank.question(question_id)
        if question is None:
            add(
                (
                    KeyPath(path),
                    f"unknown question {question_id!r} in bank {bank.id}; questions: {_few(valid_ids)}",
                )
            )
            continue
        if answer is None:
            continue
        if answer.reason is not None and not answer.is_not_applicable:
            add(((*path, "reason"), f"a reason goes with `choice: {NOT_APPLICABLE}` only"))
        if answer.is_empty:
            continue
        problems.extend(_check_answer(question, answer, path))
    return problems


def _check_answer(question: Question, answer: Answer, path: FieldPath) -> Problems:
    given = [name for name in ("choice", "choices", "value") if getattr(answer, name) is not None]
    if len(given) > 1:
        return [(path, f"give one of choice, choices or value, not {' and '.join(given)}")]
    if answer.is_unknown:
        return []
    if answer.is_not_applicable:
        if not question.allow_na:
            return [
                (
                    (*path, "choice"),
                    f"question {question.id!r} does not allow {NOT_APPLICABLE} (not applicable); "
                    f"answer it, or `choice: {UNKNOWN}`",
                )
            ]
        if not (answer.reason or "").strip():
            return [(path, f"`choice: {NOT_APPLICABLE}` needs a `reason: ...` saying why")]
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
        problems: Problems = []
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
    if not unit_fits(answer.written_unit, question.unit):
        takes = f"is in {question.unit.strip()}" if question.unit else "takes a plain number"
        return [
            (
                (*path, "value"),
                f"{answer.value:g} {answer.written_unit}: question {question.id!r} {takes}",
            )
        ]
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
