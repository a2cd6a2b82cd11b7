"""From parsed data to a checked model, with every problem located at its file, line and column.

pydantic checks the structure; :mod:`crm_risk.rules` checks across fields. Both report field paths,
which the document's :class:`~crm_risk.yamlio.SourceMap` turns into line and column.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from crm_risk.errors import InputError, Problem
from crm_risk.limits import MAX_PROBLEMS_SHOWN
from crm_risk.msg import Msg, Text, _, verbatim
from crm_risk.rules import FieldPath, KeyPath, Problems, at_path
from crm_risk.yamlhelp import full_width_colon, no_space
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
        source.problem(path, at_path(path, _typo(path) or message) if path else message)
        for path, message in problems[:MAX_PROBLEMS_SHOWN]
    ]
    shown += extra or []
    hidden = len(problems) - MAX_PROBLEMS_SHOWN
    shown.sort(key=lambda p: (p.file != source.file, p.line or 0, p.column or 0))
    if hidden > 0:
        shown.append(
            Problem(
                source.file, _("... and {n:,} more problems (fix the ones above first)", n=hidden)
            )
        )
    return InputError(shown)


def _typo(path: FieldPath) -> Msg | None:
    """A key that is two keys run together by a YAML typo, said plainly (the message about the
    key it made would only confuse)."""
    key = next((part for part in reversed(path) if isinstance(part, str)), "")
    if "：" in key:
        return full_width_colon(key.split("：", 1)[0].strip())
    name, colon, rest = key.partition(":")
    if colon and rest and not rest[0].isspace() and re.fullmatch(r"[\w.-]+", name):
        return no_space(name)
    return None


def raise_problems(problems: Problems, source: SourceMap) -> None:
    """Raise every problem at once, in the order they appear in the file."""
    if problems:
        raise located(problems, source)


_MAPPING = _("a mapping (key: value)")
_NUMBER = _("a number")
_WHOLE = _("a whole number")
_BOOL = _("true or false")
_EXPECTED = {
    "dict_type": _MAPPING,
    "model_type": _MAPPING,
    "model_attributes_type": _MAPPING,
    "string_type": _("text"),
    "list_type": _("a list"),
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "int_type": _WHOLE,
    "int_parsing": _WHOLE,
    "bool_type": _BOOL,
    "bool_parsing": _BOOL,
}
_ANSWER_FIELDS = "choice, choices, value, note, reason"


def _is_answer_path(loc: FieldPath) -> bool:
    # answers.<question>.<field> in a single-bank file, answers.<bank>.<question>.<field> in a
    # multi-bank one.
    return bool(loc) and loc[0] == "answers" and len(loc) in (3, 4)


def _message(item: Any) -> Msg:
    kind = item["type"]
    loc = tuple(item["loc"])
    ctx = item.get("ctx") or {}
    if kind == "missing":
        return _("field required")
    if kind == "extra_forbidden":
        if _is_answer_path(loc):
            return _("unknown field; an answer has {fields}", fields=_ANSWER_FIELDS)
        return _("unknown field")
    if kind == "literal_error":
        return _("must be one of {expected}", expected=_choices(str(ctx.get("expected", ""))))
    if kind == "finite_number" or (
        kind in ("float_type", "float_parsing") and isinstance(item.get("input"), int | float)
    ):
        return _("expected a finite number of sensible size (not .nan, .inf or 10^400)")
    if kind in _EXPECTED:
        return _(
            "expected {what}, found {found}",
            what=_EXPECTED[kind],
            found=describe(item.get("input")),
        )
    if kind.startswith(("date_", "datetime_")):
        given = item.get("input")
        reason = ctx.get("error")
        if (
            isinstance(given, str)
            and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", given.strip())
            and reason
        ):
            return _(
                "{date!r} is not a valid date: {reason}",
                date=given.strip(),
                reason=_date_reason(str(reason)),
            )
        return _("expected a date such as 2026-11-20, found {found}", found=describe(given))
    error = ctx.get("error")
    if kind == "value_error" and isinstance(error, ValueError) and error.args:
        first = error.args[0]
        if isinstance(first, Msg):  # our own validators say it in our words
            return first
    said = str(item["msg"]).removeprefix("Value error, ")
    ours = _THEIRS.get(kind)
    if ours is None:
        return verbatim(said)
    return replace(ours(ctx), english=said)


#: pydantic's other common errors in our words, for the catalogs; English keeps pydantic's own.
_THEIRS: dict[str, Callable[[dict[str, Any]], Msg]] = {
    "string_pattern_mismatch": lambda c: _(
        "should match the pattern {pattern!r}", pattern=c.get("pattern", "")
    ),
    "string_too_short": lambda c: _(
        "should have at least {n} characters", n=c.get("min_length", "")
    ),
    "string_too_long": lambda c: _("should have at most {n} characters", n=c.get("max_length", "")),
    "too_short": lambda c: _(
        "should have at least {n} items, not {actual}",
        n=c.get("min_length", ""),
        actual=c.get("actual_length", ""),
    ),
    "too_long": lambda c: _(
        "should have at most {n} items, not {actual}",
        n=c.get("max_length", ""),
        actual=c.get("actual_length", ""),
    ),
    "greater_than": lambda c: _("should be greater than {n}", n=c.get("gt", "")),
    "greater_than_equal": lambda c: _("should be at least {n}", n=c.get("ge", "")),
    "less_than": lambda c: _("should be less than {n}", n=c.get("lt", "")),
    "less_than_equal": lambda c: _("should be at most {n}", n=c.get("le", "")),
    "int_from_float": lambda c: _("should be a whole number"),
    "enum": lambda c: _(
        "should be one of {expected}", expected=_choices(str(c.get("expected", "")))
    ),
    "string_unicode": lambda c: _("should be valid Unicode text"),
}


def _choices(expected: str) -> Text:
    """pydantic's ``'a', 'b' or 'c'`` with its one word said in the message's language."""
    some, sep, last = expected.rpartition(" or ")
    return _("{some} or {last}", some=some, last=last) if sep else expected


def _date_reason(reason: str) -> Msg:
    """Why a date is not one, in words the catalogs know (others as the library says them)."""
    known = {
        "day value is outside expected range": _("day value is outside expected range"),
        "month value is outside expected range of 1-12": _(
            "month value is outside expected range of 1-12"
        ),
        "input is too short": _("input is too short"),
        "invalid character in year": _("invalid character in year"),
        "invalid character in month": _("invalid character in month"),
        "invalid character in day": _("invalid character in day"),
        "invalid date separator, expected `-`": _("invalid date separator, expected `-`"),
        "unexpected extra characters at the end of the input": _(
            "unexpected extra characters at the end of the input"
        ),
    }
    return known.get(reason) or verbatim(reason)
