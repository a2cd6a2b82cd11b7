"""The rules of one question of a bank that pydantic alone cannot check: its choices, or its
min, max and bands. Every check returns ``(field path, message)`` pairs, never raises.
"""

from __future__ import annotations

from crm_risk.answers import UNKNOWN
from crm_risk.bank import CHOICE_TYPES, Question
from crm_risk.msg import _
from crm_risk.rules import FieldPath, Problems


def repeats(ids: list[str]) -> set[int]:
    """Indexes of the ids that repeat an earlier one (linear: a bank may hold thousands)."""
    seen: set[str] = set()
    repeats: set[int] = set()
    for index, item in enumerate(ids):
        if item in seen:
            repeats.add(index)
        seen.add(item)
    return repeats


def check_question(question: Question, where: FieldPath) -> Problems:
    problems: Problems = []
    add = problems.append
    if question.type in CHOICE_TYPES:
        for name in ("min", "max", "bands", "unit"):
            if getattr(question, name) is not None:
                add(
                    (
                        (*where, name),
                        _(
                            "{type} questions take choices, not {name}",
                            type=question.type,
                            name=name,
                        ),
                    )
                )
        choices = question.choices or []
        if len(choices) < 2:
            add(
                (
                    (*where, "choices"),
                    _("a {type} question needs at least two choices", type=question.type),
                )
            )
        ids = [c.id for c in choices]
        choice_repeats = repeats(ids)
        for c_index, choice in enumerate(choices):
            if choice.id == UNKNOWN:
                add(
                    (
                        (*where, "choices", c_index, "id"),
                        _('{unknown!r} is reserved for "we don\'t know"', unknown=UNKNOWN),
                    )
                )
            elif c_index in choice_repeats:
                add(
                    (
                        (*where, "choices", c_index, "id"),
                        _("duplicate choice id {id!r}", id=choice.id),
                    )
                )
            if question.type != "yesno" and choice.label is None:
                add(((*where, "choices", c_index), _("field required: label")))
        if question.type == "yesno" and choices and sorted(ids) != ["no", "yes"]:
            add(
                (
                    (*where, "choices"),
                    _("a yesno question has exactly the choices 'yes' and 'no'"),
                )
            )
        return problems

    if question.choices is not None:
        add(
            (
                (*where, "choices"),
                _("{type} questions take min, max and bands, not choices", type=question.type),
            )
        )
    if question.min is None or question.max is None:
        add((where, _("a {type} question needs min and max", type=question.type)))
        return problems
    if question.min >= question.max:
        add(
            (
                (*where, "max"),
                _("max ({max:g}) must be above min ({min:g})", max=question.max, min=question.min),
            )
        )
        return problems
    if question.type == "scale" and not (question.min.is_integer() and question.max.is_integer()):
        add(((*where, "min"), _("a scale question runs between whole numbers")))
    bands = question.bands or []
    if not bands:
        add(
            (
                (*where, "bands"),
                _("a {type} question needs bands that cover min..max", type=question.type),
            )
        )
        return problems
    expected = question.min
    for b_index, band in enumerate(bands):
        at: FieldPath = (*where, "bands", b_index)
        if band.max <= band.min:
            add(
                (
                    (*at, "max"),
                    _(
                        "band max ({max:g}) must be above its min ({min:g})",
                        max=band.max,
                        min=band.min,
                    ),
                )
            )
        if b_index == 0 and band.min != question.min:
            add(
                (
                    (*at, "min"),
                    _(
                        "bands start at {start:g}, not at the question's min {min:g}",
                        start=band.min,
                        min=question.min,
                    ),
                )
            )
        elif band.min > expected:
            add(
                (
                    (*at, "min"),
                    _(
                        "gap in bands: nothing covers {start:g} to {end:g}",
                        start=expected,
                        end=band.min,
                    ),
                )
            )
        elif band.min < expected:
            add(
                (
                    (*at, "min"),
                    _(
                        "bands overlap: {start:g} is already covered up to {end:g}",
                        start=band.min,
                        end=expected,
                    ),
                )
            )
        expected = max(expected, band.max)
    if expected != question.max:
        add(
            (
                (*where, "bands", len(bands) - 1, "max"),
                _(
                    "bands end at {end:g}, not at the question's max {max:g}",
                    end=expected,
                    max=question.max,
                ),
            )
        )
    return problems
