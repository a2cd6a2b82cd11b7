"""The rules of a bank that pydantic alone cannot check: ids, phases, thresholds, bands, floors,
migrations and languages. Every check returns ``(field path, message)`` pairs, never raises.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from crm_risk.bank import Band, Bank, Choice, Migration, Question
from crm_risk.msg import Msg, _
from crm_risk.question_rules import check_question, repeats
from crm_risk.rules import FieldPath, KeyPath, Problems, answer_floor, version_key

#: Mappings in bank models that are not translated texts.
_NOT_TEXTS = frozenset({"questions", "choices"})


def _local_texts(value: Any, path: FieldPath) -> Iterator[tuple[FieldPath, dict[str, str]]]:
    """Every localized text in a bank, with its path (in bank models every mapping is one, but
    for a migration's id mappings)."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if isinstance(value, Migration) and name in _NOT_TEXTS:
                continue
            child = getattr(value, name)
            if isinstance(child, dict):
                yield (*path, name), child
            else:
                yield from _local_texts(child, (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _local_texts(item, (*path, index))


def check_bank(bank: Bank, *, required_languages: tuple[str, ...] = ()) -> Problems:
    """Every rule across fields that pydantic alone cannot check, as ``(path, message)``."""
    problems: Problems = []
    add = problems.append

    phase_ids = [p.id for p in bank.phases]
    phase_repeats = repeats(phase_ids)
    for index, phase in enumerate(bank.phases):
        if index in phase_repeats:
            add((("phases", index, "id"), _("duplicate phase id {id!r}", id=phase.id)))

    grade_ids = bank.grade_ids()
    grade_repeats = repeats(grade_ids)
    for index, grade in enumerate(bank.grades):
        if index in grade_repeats:
            add((("grades", index, "id"), _("duplicate grade id {id!r}", id=grade.id)))
    if bank.grades[0].min != 0:
        add((("grades", 0, "min"), _("the first (lowest-risk) grade must start at min 0")))
    for index in range(1, len(bank.grades)):
        previous, grade = bank.grades[index - 1], bank.grades[index]
        if grade.min <= previous.min:
            add(
                (
                    ("grades", index, "min"),
                    _(
                        "grade thresholds must increase: {grade!r} min {min:g} is not above "
                        "{previous!r} min {previous_min:g}",
                        grade=grade.id,
                        min=grade.min,
                        previous=previous.id,
                        previous_min=previous.min,
                    ),
                )
            )
    if bank.red_flag_grade is not None and bank.red_flag_grade not in grade_ids:
        add((("red_flag_grade",), unknown_grade(bank.red_flag_grade, grade_ids)))

    for index, phase in enumerate(bank.phases):
        for r_index, rule in enumerate(phase.decisive):
            if rule.grade not in grade_ids:
                add(
                    (
                        ("phases", index, "decisive", r_index, "grade"),
                        unknown_grade(rule.grade, grade_ids),
                    )
                )

    question_ids = [q.id for q in bank.questions]
    question_repeats = repeats(question_ids)
    for index, question in enumerate(bank.questions):
        where: FieldPath = ("questions", index)
        if index in question_repeats:
            add(((*where, "id"), _("duplicate question id {id!r}", id=question.id)))
        if question.phase not in phase_ids:
            add(
                (
                    (*where, "phase"),
                    _(
                        "unknown phase {phase!r}; phases: {phases}",
                        phase=question.phase,
                        phases=", ".join(phase_ids),
                    ),
                )
            )
        problems.extend(check_question(question, where))
        problems.extend(_check_decisive(bank, question, where))

    used = {q.phase for q in bank.questions}
    for index, phase in enumerate(bank.phases):
        if phase.id not in used:
            add((("phases", index), _("phase {id!r} has no questions", id=phase.id)))

    context_ids = [c.id for c in bank.context]
    context_repeats = repeats(context_ids)
    for index, field in enumerate(bank.context):
        if index in context_repeats:
            add((("context", index, "id"), _("duplicate context field {id!r}", id=field.id)))
        option_ids = [o.id for o in field.options]
        option_repeats = repeats(option_ids)
        for o_index, option in enumerate(field.options):
            if o_index in option_repeats:
                add(
                    (
                        ("context", index, "options", o_index, "id"),
                        _("duplicate option {id!r}", id=option.id),
                    )
                )

    problems.extend(_check_migrations(bank))

    languages = list(dict.fromkeys([*bank.languages, *required_languages]))
    for path, texts in _local_texts(bank, ()):
        missing = [lang for lang in languages if lang not in texts]
        if missing:
            add((path, _("missing language: {languages}", languages=", ".join(missing))))
    return problems


def unknown_grade(grade: str, grade_ids: list[str]) -> Msg:
    return _("unknown grade {grade!r}; grades: {grades}", grade=grade, grades=", ".join(grade_ids))


def _check_decisive(bank: Bank, question: Question, where: FieldPath) -> Problems:
    """Decisive grades exist, and a riskier answer never has a lower floor than a safer one
    (so a worse answer can never lower a grade)."""
    problems: Problems = []
    grade_ids = bank.grade_ids()
    kind = "choices" if question.choices is not None else "bands"
    options: list[Choice | Band] = list(question.choices or question.bands or [])
    for index, option in enumerate(options):
        if option.decisive is not None and option.decisive not in grade_ids:
            add_path: FieldPath = (*where, kind, index, "decisive")
            problems.append((add_path, unknown_grade(option.decisive, grade_ids)))
    if problems:
        return problems
    for index, option in enumerate(options):
        floor = answer_floor(bank, option)
        if floor is None:
            continue
        for other in options:
            other_floor = answer_floor(bank, other)
            if other.risk > option.risk and (
                other_floor is None or bank.grade_rank(other_floor) < bank.grade_rank(floor)
            ):
                problems.append(
                    (
                        (*where, kind, index),
                        _(
                            "an answer of risk {risk:g} lifts its phase to at least {floor!r}, "
                            "but a riskier answer (risk {other:g}) does not: a worse answer must "
                            "never give a lower grade",
                            risk=option.risk,
                            floor=floor,
                            other=other.risk,
                        ),
                    )
                )
                break
    return problems


def _check_migrations(bank: Bank) -> Problems:
    problems: Problems = []
    previous: str | None = None
    for index, migration in enumerate(bank.migrations):
        where: FieldPath = ("migrations", index)
        if version_key(migration.from_version) >= version_key(migration.to_version):
            problems.append(
                (
                    (*where, "to"),
                    _(
                        "migrates from {old} to an older or equal version {new}",
                        old=migration.from_version,
                        new=migration.to_version,
                    ),
                )
            )
        if previous is not None and migration.from_version != previous:
            problems.append(
                (
                    (*where, "from"),
                    _(
                        "migrations must follow each other: expected from {version!r}",
                        version=previous,
                    ),
                )
            )
        previous = migration.to_version
    if bank.migrations:
        last = bank.migrations[-1]
        if last.to_version != bank.version:
            problems.append(
                (
                    ("migrations", len(bank.migrations) - 1, "to"),
                    _(
                        "the last migration must lead to this bank's version {version}",
                        version=bank.version,
                    ),
                )
            )
        else:
            where = ("migrations", len(bank.migrations) - 1)
            for old, new in last.questions.items():
                if new is not None and bank.question(new) is None:
                    problems.append(((*where, "questions", old), unknown_question(new)))
            for question_id, mapping in last.choices.items():
                question = bank.question(question_id)
                if question is None:
                    problems.append(
                        (
                            KeyPath((*where, "choices", question_id)),
                            unknown_question(question_id),
                        )
                    )
                    continue
                for old, new in mapping.items():
                    if new is not None and question.choice(new) is None:
                        problems.append(
                            (
                                (*where, "choices", question_id, old),
                                _(
                                    "unknown choice {choice!r} for {question}",
                                    choice=new,
                                    question=question_id,
                                ),
                            )
                        )
    return problems


def unknown_question(question: str) -> Msg:
    return _("unknown question {question!r}", question=question)
