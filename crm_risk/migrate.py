"""Reading answers written for an older bank version through the bank's ``migrations``.

Pure: answers in, mapped answers and a record of what was mapped out. Each migration maps
question ids (renamed, merged into one, or removed) and then choice ids (renamed, or removed: the
question is left unanswered, its note kept). Answers whose version has no path of migrations to
the bank's version are left alone; the rules then say why they cannot be read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from crm_risk.answers import NOT_APPLICABLE, UNKNOWN, Answer
from crm_risk.bank import Bank, Migration


@dataclass(frozen=True)
class Migrated:
    """One migration applied to a file's answers: the versions, and the bank's own note on what
    changed (what reports say of it)."""

    from_version: str
    to_version: str
    note: Mapping[str, str] | None


def path_from(bank: Bank, version: str | None) -> list[Migration] | None:
    """The migrations that lead from ``version`` to the bank's version (None: there are none)."""
    if version is None or version == bank.version:
        return []
    steps: list[Migration] = []
    current = version
    for migration in bank.migrations:
        if migration.from_version == current:
            steps.append(migration)
            current = migration.to_version
    return steps if current == bank.version else None


def migrate(
    bank: Bank, version: str | None, answers: Mapping[str, Answer | None]
) -> tuple[dict[str, Answer | None], tuple[Migrated, ...]]:
    """``answers`` as the bank's current version reads them, and what was mapped.

    A file that does not say its version (``bank_version`` is optional) is read as the current
    version when every id in it exists there; otherwise as the newest older version from which
    the migrations make every id known, so a hand-written 1.0 file still scores after an upgrade.
    """
    if version is None and bank.migrations and not _fits(bank, answers):
        for step in reversed(bank.migrations):
            candidate, applied = _run(bank, step.from_version, answers)
            if _fits(bank, candidate):
                return candidate, applied
    return _run(bank, version, answers)


def _run(
    bank: Bank, version: str | None, answers: Mapping[str, Answer | None]
) -> tuple[dict[str, Answer | None], tuple[Migrated, ...]]:
    steps = path_from(bank, version)
    mapped = dict(answers)
    if not steps:
        return mapped, ()
    applied = []
    for step in steps:
        mapped = _apply(step, mapped)
        applied.append(Migrated(step.from_version, step.to_version, step.note))
    return mapped, tuple(applied)


def _fits(bank: Bank, answers: Mapping[str, Answer | None]) -> bool:
    """Every question and choice id named exists in the bank (values are checked later)."""
    for question_id, answer in answers.items():
        question = bank.question(question_id)
        if question is None:
            return False
        if answer is None:
            continue
        named = [answer.choice] if answer.choice is not None else list(answer.choices or [])
        known = {*question.choice_ids(), UNKNOWN, NOT_APPLICABLE}
        if any(choice not in known for choice in named):
            return False
    return True


def _apply(step: Migration, answers: dict[str, Answer | None]) -> dict[str, Answer | None]:
    renamed: dict[str, Answer | None] = {}
    for question_id, answer in answers.items():
        if question_id not in step.questions:
            renamed.setdefault(question_id, answer)
            continue
        new_id = step.questions[question_id]
        if new_id is not None and new_id not in renamed:  # removed, or merged: the first is kept
            renamed[new_id] = answer
    for question_id, mapping in step.choices.items():
        answer = renamed.get(question_id)
        if answer is None:
            continue
        if answer.choice is not None and answer.choice in mapping:
            new_choice = mapping[answer.choice]
            if new_choice is None:
                renamed[question_id] = Answer(note=answer.note) if answer.note else None
            else:
                renamed[question_id] = answer.model_copy(update={"choice": new_choice})
        elif answer.choices is not None and any(c in mapping for c in answer.choices):
            kept = []
            for choice in answer.choices:
                new_choice = mapping.get(choice, choice)
                if new_choice is not None and new_choice not in kept:
                    kept.append(new_choice)
            renamed[question_id] = (
                answer.model_copy(update={"choices": kept})
                if kept
                else (Answer(note=answer.note) if answer.note else None)
            )
    return renamed
