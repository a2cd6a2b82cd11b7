"""What a typed line means as an answer to one question: a choice number, several, or a value.

Pure. A line that does not fit gets the message that says what to type instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from crm_risk.answers import Answer, fold, read_number, unit_fits
from crm_risk.bank import ContextField, Question
from crm_risk.i18n import ROLES
from crm_risk.i18n.hant import simplified, traditional
from crm_risk.i18n.roles import ROLE_LABELS


@dataclass(frozen=True)
class Message:
    """Something to tell the person: an ``i18n.ui`` key and its values."""

    key: str
    values: tuple[tuple[str, str], ...] = ()
    error: bool = False

    def kwargs(self) -> dict[str, str]:
        return dict(self.values)


def message(key: str, error: bool = False, **values: object) -> Message:
    return Message(key, tuple((k, str(v)) for k, v in values.items()), error)


_SEPARATORS = re.compile(r"[\s,;、，；]+")


def parse_answer(question: Question, text: str) -> Answer | Message:
    """The answer ``text`` gives to ``question``, or the message explaining what to type."""
    if question.type in ("choice", "yesno"):
        ids = question.choice_ids()
        if text.isdigit() and 1 <= int(text) <= len(ids):
            return Answer(choice=ids[int(text) - 1])
        return message("assess_choice_invalid", error=True, input=text, n=len(ids))
    if question.type == "multi":
        ids = question.choice_ids()
        parts = [p for p in _SEPARATORS.split(text) if p]
        if not parts or not all(p.isdigit() and 1 <= int(p) <= len(ids) for p in parts):
            return message("assess_multi_invalid", error=True, input=text, n=len(ids))
        picked = {int(p) - 1 for p in parts}
        return Answer(choices=[ids[i] for i in sorted(picked)])
    return _parse_number(question, text)


def _key(text: str) -> str:
    """How typed text is compared with an id or a label: NFKC-folded, case-folded, one space."""
    return " ".join(fold(text).casefold().split())


def pick(text: str, options: list[tuple[str, list[str]]]) -> str | None:
    """The id ``text`` names among ``options`` (id, labels): its number from 1, its id, or one of
    its labels in any language, case-insensitively; None if it names none. A Chinese label may be
    typed in simplified or traditional characters, and with Taiwan's words as zh-Hant shows it
    (项目负责人, 項目負責人 and 專案負責人 are one label)."""
    typed = _key(text)
    if typed.isdigit() and 1 <= int(typed) <= len(options):
        return options[int(typed) - 1][0]
    for option_id, labels in options:
        if typed in (_key(option_id), *(_key(label) for label in labels)):
            return option_id
    if typed == simplified(typed):
        return None  # nothing traditional typed: no other form to try
    for option_id, labels in options:
        forms = {_key(simplified(form)) for label in labels for form in (label, traditional(label))}
        if _key(simplified(typed)) in forms:
            return option_id
    return None


def pick_role(text: str) -> str | None:
    """A role by number, id (``project-lead``) or label (``project lead``, ``项目负责人``)."""
    return pick(text, [(role, list(ROLE_LABELS[role].values())) for role in ROLES])


def pick_option(field: ContextField, text: str) -> str | None:
    """A context option by number, id or label in any language."""
    return pick(text, [(o.id, list(o.label.values())) for o in field.options])


def split_person(text: str) -> tuple[str, str | None]:
    """``NAME:ROLE`` as (name, role id); (text, None) when the part after the last colon (``:``
    or a full-width ``：``) is not a role. The name is kept as typed, stripped."""
    cut = max(text.rfind(":"), text.rfind("："))
    if cut <= 0:
        return text.strip(), None
    role = pick_role(text[cut + 1 :])
    name = text[:cut].strip()
    if role is None or not name:
        return text.strip(), None
    return name, role


def number_bounds(question: Question) -> dict[str, Any]:
    """``min``, ``max`` and ``unit`` of a number or scale question, as the messages show them."""
    assert question.min is not None and question.max is not None
    return {"min": f"{question.min:g}", "max": f"{question.max:g}", "unit": question.unit or ""}


def _parse_number(question: Question, text: str) -> Answer | Message:
    bounds = number_bounds(question)
    assert question.min is not None and question.max is not None
    read = read_number(text)
    if read is None or not unit_fits(read[1], question.unit):
        return message("assess_number_invalid", error=True, input=text, **bounds)
    value = read[0]
    if not question.min <= value <= question.max:
        return message("assess_number_range", error=True, input=text, **bounds)
    if question.type == "scale" and not value.is_integer():
        return message("assess_scale_whole", error=True, input=text, **bounds)
    return Answer(value=value)
