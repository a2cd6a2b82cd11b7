"""The rules of a bank that pydantic alone cannot check: ids, phases, thresholds, bands, floors,
migrations and languages. Every check returns ``(field path, message)`` pairs, never raises.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from crm_risk.answers import UNKNOWN
from crm_risk.bank import CHOICE_TYPES, Band, Bank, Choice, Migration, Question
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


def _repeats(ids: list[str]) -> set[int]:
    """Indexes of the ids that repeat an earlier one (linear: a bank may hold thousands)."""
    seen: set[str] = set()
    repeats: set[int] = set()
    for index, item in enumerate(ids):
        if item in seen:
            repeats.add(index)
        seen.add(item)
    return repeats


def check_bank(bank: Bank, *, required_languages: tuple[str, ...] = ()) -> Problems:
    """Every rule across fields that pydantic alone cannot check, as ``(path, message)``."""
    problems: Problems = []
    add = problems.append

    phase_ids = [p.id for p in bank.phases]
    phase_repeats = _repeats(phase_ids)
    for index, phase in enumerate(bank.phases):
        if index in phase_repeats:
            add((("phases", index, "id"), f"duplicate phase id {phase.id!r}"))

    grade_ids = bank.grade_ids()
    grade_repeats = _repeats(grade_ids)
    for index, grade in enumerate(bank.grades):
        if index in grade_repeats:
            add((("grades", index, "id"), f"duplicate grade id {grade.id!r}"))
    if bank.grades[0].min != 0:
        add((("grades", 0, "min"), "the first (lowest-risk) grade must start at min 0"))
    for index in range(1, len(bank.grades)):
        previous, grade = bank.grades[index - 1], bank.grades[index]
        if grade.min <= previous.min:
            add(
                (
                    ("grades", index, "min"),
                    f"grade thresholds must increase: {grade.id!r} min {grade.min:g} is not above "
                    f"{previous.id!r} min {previous.min:g}",
                )
            )
    if bank.red_flag_grade is not None and bank.red_flag_grade not in grade_ids:
        add(
            (
                ("red_flag_grade",),
                f"unknown grade {bank.red_flag_grade!r}; grades: {', '.join(grade_ids)}",
            )
        )

    for index, phase in enumerate(bank.phases):
        for r_index, rule in enumerate(phase.decisive):
            if rule.grade not in grade_ids:
                add(
                    (
                        ("phases", index, "decisive", r_index, "grade"),
                        f"unknown grade {rule.grade!r}; grades: {', '.join(grade_ids)}",
                    )
                )

    question_ids = [q.id for q in bank.questions]
    question_repeats = _repeats(question_ids)
    for index, question in enumerate(bank.questions):
        where: FieldPath = ("questions", index)
        if index in question_repeats:
            add(((*where, "id"), f"duplicate question id {question.id!r}"))
        if question.phase not in phase_ids:
            add(
                (
                    (*where, "phase"),
                    f"unknown phase {question.phase!r}; phases: {', '.join(phase_ids)}",
                )
            )
        problems.extend(_check_question(question, where))
        problems.extend(_check_decisive(bank, question, where))

    used = {q.phase for q in bank.questions}
    for index, phase in enumerate(bank.phases):
        if phase.id not in used:
            add((("phases", index), f"phase {phase.id!r} has no questions"))

    context_ids = [c.id for c in bank.context]
    context_repeats = _repeats(context_ids)
    for index, field in enumerate(bank.context):
        if index in context_repeats:
            add((("context", index, "id"), f"duplicate context field {field.id!r}"))
        option_ids = [o.id for o in field.options]
        option_repeats = _repeats(option_ids)
        for o_index, option in enumerate(field.options):
            if o_index in option_repeats:
                add(
                    (
                        ("context", index, "options", o_index, "id"),
                        f"duplicate option {option.id!r}",
                    )
                )

    problems.extend(_check_migrations(bank))

    languages = list(dict.fromkeys([*bank.languages, *required_languages]))
    for path, texts in _local_texts(bank, ()):
        missing = [lang for lang in languages if lang not in texts]
        if missing:
            add((path, f"missing language: {', '.join(missing)}"))
    return problems


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
            problems.append(
                (add_path, f"unknown grade {option.decisive!r}; grades: {', '.join(grade_ids)}")
            )
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
                        f"an answer of risk {option.risk:g} lifts its phase to at least "
                        f"{floor!r}, but a riskier answer (risk {other.risk:g}) does not: a worse "
                        "answer must never give a lower grade",
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
                    f"migrates from {migration.from_version} to an older or equal version {migration.to_version}",
                )
            )
        if previous is not None and migration.from_version != previous:
            problems.append(
                ((*where, "from"), f"migrations must follow each other: expected from {previous!r}")
            )
        previous = migration.to_version
    if bank.migrations:
        last = bank.migrations[-1]
        if last.to_version != bank.version:
            problems.append(
                (
                    ("migrations", len(bank.migrations) - 1, "to"),
                    f"the last migration must lead to this bank's version {bank.version}",
                )
            )
        else:
            where = ("migrations", len(bank.migrations) - 1)
            for old, new in last.questions.items():
                if new is not None and bank.question(new) is None:
                    problems.append(((*where, "questions", old), f"unknown question {new!r}"))
            for question_id, mapping in last.choices.items():
                question = bank.question(question_id)
                if question is None:
                    problems.append(
                        (
                            KeyPath((*where, "choices", question_id)),
                            f"unknown question {question_id!r}",
                        )
                    )
                    continue
                for old, new in mapping.items():
                    if new is not None and question.choice(new) is None:
                        problems.append(
                            (
                                (*where, "choices", question_id, old),
                                f"unknown choice {new!r} for {question_id}",
                            )
                        )
    return problems


def _check_question(question: Question, where: FieldPath) -> Problems:
    problems: Problems = []
    add = problems.append
    if question.type in CHOICE_TYPES:
        for name in ("min", "max", "bands", "unit"):
            if getattr(question, name) is not None:
                add(((*where, name), f"{question.type} questions take choices, not {name}"))
        choices = question.choices or []
        if len(choices) < 2:
            add(((*where, "choices"), f"a {question.type} question needs at least two choices"))
        ids = [c.id for c in choices]
        choice_repeats = _repeats(ids)
        for c_index, choice in enumerate(choices):
            if choice.id == UNKNOWN:
                add(
                    (
                        (*where, "choices", c_index, "id"),
                        f'{UNKNOWN!r} is reserved for "we don\'t know"',
                    )
                )
            elif c_index in choice_repeats:
                add(((*where, "choices", c_index, "id"), f"duplicate choice id {choice.id!r}"))
            if question.type != "yesno" and choice.label is None:
                add(((*where, "choices", c_index), "field required: label"))
        if question.type == "yesno" and choices and sorted(ids) != ["no", "yes"]:
            add(((*where, "choices"), "a yesno question has exactly the choices 'yes' and 'no'"))
        return problems

    if question.choices is not None:
        add(
            ((*where, "choices"), f"{question.type} questions take min, max and bands, not choices")
        )
    if question.min is None or question.max is None:
        add((where, f"a {question.type} question needs min and max"))
        return problems
    if question.min >= question.max:
        add(((*where, "max"), f"max ({question.max:g}) must be above min ({question.min:g})"))
        return problems
    if question.type == "scale" and not (question.min.is_integer() and question.max.is_integer()):
        add(((*where, "min"), "a scale question runs between whole numbers"))
    bands = question.bands or []
    if not bands:
        add(((*where, "bands"), f"a {question.type} question needs bands that cover min..max"))
        return problems
    expected = question.min
    for b_index, band in enumerate(bands):
        at: FieldPath = (*where, "bands", b_index)
        if band.max <= band.min:
            add(((*at, "max"), f"band max ({band.max:g}) must be above its min ({band.min:g})"))
        if b_index == 0 and band.min != question.min:
            add(
                (
                    (*at, "min"),
                    f"bands start at {band.min:g}, not at the question's min {question.min:g}",
                )
            )
        elif band.min > expected:
            add(((*at, "min"), f"gap in bands: nothing covers {expected:g} to {band.min:g}"))
        elif band.min < expected:
            add(
                ((*at, "min"), f"bands overlap: {band.min:g} is already covered up to {expected:g}")
            )
        expected = max(expected, band.max)
    if expected != question.max:
        add(
            (
                (*where, "bands", len(bands) - 1, "max"),
                f"bands end at {expected:g}, not at the question's max {question.max:g}",
            )
        )
    return problems
