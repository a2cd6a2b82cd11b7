"""From parsed data to a checked model, with every problem located at its file, line and column.

pydantic checks the structure; :mod:`crm_risk.rules` checks across fields. Both report field paths,
which the document's :class:`~crm_risk.yamlio.SourceMap` turns into line and column.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from crm_risk.errors import InputError, Problem
from crm_risk.limits import MAX_PROBLEMS_SHOWN
from crm_risk.rules import FieldPath, KeyPath, Problems, format_path
from crm_risk.yamlio import SourceMap, describe

M = TypeVar("M", bound=BaseModel)


def display(path: Path | str) -> str:
    """A path as shown to a person. A file name that is not valid UTF-8 (bytes smuggled in as
    surrogates) is shown with U+FFFD in their place, so no output stream chokes on it; the path
    itself is kept for opening the file."""
    return os.fsencode(path).decode("utf-8", "replace")


def validate(model_cls: type[M], data: Any, source: SourceMap) -> M:
    """``data`` as ``model_cls``, or an InputError listing every located problem."""
    try:
        return model_cls.model_validate(data)
    except ValidationError as error:
        raise located(pydantic_problems(error), source) from error


def pydantic_problems(error: ValidationError) -> Problems:
    """pydantic's errors as ``(path, message)``; an unknown field is located at its key."""
    return [
        (
            KeyPath(item["loc"]) if item["type"] == "extra_forbidden" else tuple(item["loc"]),
            _message(item),
        )
        for item in error.errors(include_url=False)
    ]


def located(
    problems: Problems, source: SourceMap, extra: list[Problem] | None = None
) -> InputError:
    """Every problem, located and in file order (beyond a screenful, the first ones and a count)."""
    shown = [
        source.problem(path, f"{format_path(path)}: {_typo(path) or message}" if path else message)
        for path, message in problems[:MAX_PROBLEMS_SHOWN]
    ]
    shown += extra or []
    hidden = len(problems) - MAX_PROBLEMS_SHOWN
    shown.sort(key=lambda p: (p.file != source.file, p.line or 0, p.column or 0))
    if hidden > 0:
        shown.append(
            Problem(source.file, f"... and {hidden:,} more problems (fix the ones above first)")
        )
    return InputError(shown)


def _typo(path: FieldPath) -> str | None:
    """A key that is two keys run together by a YAML typo, said plainly (the message about the
    key it made would only confuse)."""
    key = next((part for part in reversed(path) if isinstance(part, str)), "")
    if "：" in key:
        name = key.split("：", 1)[0].strip()
        return (
            f"a full-width colon (：) after {name!r}: YAML needs an ASCII colon and a space "
            f"({name}: ...)"
        )
    name, colon, rest = key.partition(":")
    if colon and rest and not rest[0].isspace() and re.fullmatch(r"[\w.-]+", name):
        return (
            f"no space after the colon of {name!r}: write '{name}: ' with a space after the colon"
        )
    return None


def raise_problems(problems: Problems, source: SourceMap) -> None:
    """Raise every problem at once, in the order they appear in the file."""
    if problems:
        raise located(problems, source)


_EXPECTED = {
    "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)",
    "string_type": "text",
    "list_type": "a list",
    "float_type": "a number",
    "float_parsing": "a number",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
}
_ANSWER_FIELDS = "choice, choices, value, note, reason"


def _is_answer_path(loc: FieldPath) -> bool:
    # answers.<question>.<field> in a single-bank file, answers.<bank>.<question>.<field> in a
    # multi-bank one.
    return bool(loc) and loc[0] == "answers" and len(loc) in (3, 4)


def _message(item: Any) -> str:
    kind = item["type"]
    loc = tuple(item["loc"])
    if kind == "missing":
        return "field required"
    if kind == "extra_forbidden":
        if _is_answer_path(loc):
            return f"unknown field; an answer has {_ANSWER_FIELDS}"
        return "unknown field"
    if kind == "literal_error":
        expected = item.get("ctx", {}).get("expected", "")
        return f"must be one of {expected}"
    if kind == "finite_number" or (
        kind in ("float_type", "float_parsing") and isinstance(item.get("input"), int | float)
    ):
        return "expected a finite number of sensible size (not .nan, .inf or 10^400)"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, found {describe(item.get('input'))}"
    if kind.startswith(("date_", "datetime_")):
        given = item.get("input")
        reason = item.get("ctx", {}).get("error")
        if (
            isinstance(given, str)
            and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", given.strip())
            and reason
        ):
            return f"{given.strip()!r} is not a valid date: {reason}"
        return f"expected a date such as 2026-11-20, found {describe(given)}"
    message = str(item["msg"])
    return message.removeprefix("Value error, ")
