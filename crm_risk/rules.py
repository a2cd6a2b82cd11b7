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
    SectionAnswers,
    unit_fits,
)
from crm_risk.bank import Band, Bank, Choice, Question
from crm_risk.msg import Msg, Text, _

#: A field path such as ``("questions", 3, "choices", 1, "risk")``.
FieldPath = tuple[str | int, ...]


class KeyPath(tuple[str | int, ...]):
    """A field path whose problem is the key itself (an unknown name), not the value under it."""

    __slots__ = ()


Problems = list[tuple[FieldPath, Msg]]

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


def at_path(path: FieldPath, message: Text) -> Msg:
    """``questions[3].risk: message``."""
    return _("{path}: {message}", path=format_path(path), message=message)


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


def _few(values: list[str], limit: int = 12) -> Text:
    shown = ", ".join(values[:limit])
    if len(values) > limit:
        return _("{shown}, ... ({n} in all)", shown=shown, n=len(values))
    return shown


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
                    _("unknown context field {key!r}; known: {known}", key=key, known=_few(known))
                    if known
                    else _("unknown context field {key!r}; known: none", key=key),
                )
            )
        elif field.option(value) is None:
            problems.append(
                (
                    ("context", key),
                    _(
                        "unknown {field} {value!r}; valid: {valid}",
                        field=key,
                        value=value,
                        valid=_few([o.id for o in field.options]),
                    ),
                )
            )
    return problems


def version_problem(bank: Bank, version: str | None) -> Msg | None:
    """Why answers written for ``version`` cannot be read with ``bank`` as it is (None: they can)."""
    if version is None or version == bank.version:
        return None
    if version_key(version) > version_key(bank.version):
        return _(
            "answers were written for {bank} version {version}, newer than the installed "
            "version {installed}; upgrade crmrisk (or the bank file) to read them",
            bank=bank.id,
            version=version,
            installed=bank.version,
        )
    return _(
        "answers were written for {bank} version {version}, but the bank is version "
        "{installed} and has no migration from {version}",
        bank=bank.id,
        version=version,
        installed=bank.version,
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
                    _(
                        "unknown question {question!r} in bank {bank}; questions: {valid}",
                        question=question_id,
                        bank=bank.id,
                        valid=_few(valid_ids),
                    ),
                )
            )
            continue
        if answer is None:
            continue
        if answer.reason is not None and not answer.is_not_applicable:
            add(
                (
                    (*path, "reason"),
                    _("a reason goes with `choice: {na}` only", na=NOT_APPLICABLE),
                )
            )
        if answer.is_empty:
            continue
        problems.extend(_check_answer(question, answer, path))
    return problems


def _check_answer(question: Question, answer: Answer, path: FieldPath) -> Problems:
    given = [name for name in ("choice", "choices", "value") if getattr(answer, name) is not None]
    if len(given) > 1:
        return [
            (
                path,
                _("give one of choice, choices or value, not {given}", given=_both(given)),
            )
        ]
    if answer.is_unknown:
        return []
    if answer.is_not_applicable:
        if not question.allow_na:
            return [
                (
                    (*path, "choice"),
                    _(
                        "question {question!r} does not allow {na} (not applicable); "
                        "answer it, or `choice: {unknown}`",
                        question=question.id,
                        na=NOT_APPLICABLE,
                        unknown=UNKNOWN,
                    ),
                )
            ]
        if not (answer.reason or "").strip():
            return [(path, _("`choice: {na}` needs a `reason: ...` saying why", na=NOT_APPLICABLE))]
        return []
    valid = [*question.choice_ids(), UNKNOWN]
    if question.type in ("choice", "yesno"):
        if answer.choice is None:
            return [
                (
                    path,
                    _(
                        "{type} question {question!r} takes `choice: <id>`; valid: {valid}",
                        type=question.type,
                        question=question.id,
                        valid=_few(valid),
                    ),
                )
            ]
        if question.choice(answer.choice) is None:
            return [
                (
                    (*path, "choice"),
                    unknown_choice(answer.choice, question.id, _few(valid)),
                )
            ]
        return []
    if question.type == "multi":
        if answer.choices is None:
            return [
                (
                    path,
                    _(
                        "multi question {question!r} takes `choices: [ids]`; valid: {valid}",
                        question=question.id,
                        valid=_few(valid),
                    ),
                )
            ]
        problems: Problems = []
        for index, choice_id in enumerate(answer.choices):
            if question.choice(choice_id) is None:
                problems.append(
                    (
                        (*path, "choices", index),
                        unknown_choice(choice_id, question.id, _few(valid)),
                    )
                )
        if len(set(answer.choices)) != len(answer.choices):
            problems.append(((*path, "choices"), _("a choice is listed twice")))
        return problems
    # number and scale
    if answer.value is None:
        return [
            (
                path,
                _(
                    "{type} question {question!r} takes `value: <number>` or `choice: unknown`",
                    type=question.type,
                    question=question.id,
                ),
            )
        ]
    assert question.min is not None and question.max is not None
    if not unit_fits(answer.written_unit, question.unit):
        written = f"{answer.value:g} {answer.written_unit}"
        return [
            (
                (*path, "value"),
                _(
                    "{written}: question {question!r} is in {unit}",
                    written=written,
                    question=question.id,
                    unit=question.unit.strip(),
                )
                if question.unit
                else _(
                    "{written}: question {question!r} takes a plain number",
                    written=written,
                    question=question.id,
                ),
            )
        ]
    if not question.min <= answer.value <= question.max:
        return [
            (
                (*path, "value"),
                _(
                    "{value:g} is out of range {min:g}..{max:g}",
                    value=answer.value,
                    min=question.min,
                    max=question.max,
                ),
            )
        ]
    if question.type == "scale" and not answer.value.is_integer():
        return [
            (
                (*path, "value"),
                _("a scale answer is a whole number, not {value:g}", value=answer.value),
            )
        ]
    return []


def _both(names: list[str]) -> Text:
    """``choice and value``: names of fields, joined in words."""
    joined: Text = names[0]
    for name in names[1:]:
        joined = _("{first} and {then}", first=joined, then=name)
    return joined


def unknown_choice(choice: str, question: str, valid: Text) -> Msg:
    return _(
        "unknown choice {choice!r} for {question}; valid: {valid}",
        choice=choice,
        question=question,
        valid=valid,
    )
