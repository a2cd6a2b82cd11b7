"""Loading banks and answer files: read, parse safely, validate, and locate every problem.

Shipped banks are package data (``crm_risk/questions/*.yaml``), found with
``importlib.resources`` so that an installed wheel works from any directory.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path as FsPath
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from crm_risk.answers import AnswerFile
from crm_risk.bank import Bank
from crm_risk.errors import InputError, NotAnswersError, Problem, UsageError
from crm_risk.limits import MAX_PROBLEMS_SHOWN
from crm_risk.readfile import read_text
from crm_risk.rules import FieldPath, KeyPath, check_answers, check_bank, format_path
from crm_risk.yamlio import SourceMap, describe, parse

#: Every shipped text exists in these languages.
SHIPPED_LANGUAGES = ("zh", "en")
ANSWER_SUFFIXES = (".yaml", ".yml", ".json")

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Loaded(Generic[M]):
    """A validated model together with where its values came from."""

    model: M
    source: SourceMap


def _validate(model_cls: type[M], data: Any, source: SourceMap) -> M:
    try:
        return model_cls.model_validate(data)
    except ValidationError as error:
        raise _input_error(_pydantic_problems(error), source) from error


def _pydantic_problems(error: ValidationError) -> list[tuple[FieldPath, str]]:
    """pydantic's errors as ``(path, message)``; an unknown field is located at its key."""
    return [
        (
            KeyPath(item["loc"]) if item["type"] == "extra_forbidden" else tuple(item["loc"]),
            _pydantic_message(item),
        )
        for item in error.errors(include_url=False)
    ]


def _input_error(
    problems: list[tuple[FieldPath, str]], source: SourceMap, extra: list[Problem] | None = None
) -> InputError:
    """Every problem, located and in file order (beyond a screenful, the first ones and a count)."""
    located = [
        source.problem(path, f"{format_path(path)}: {message}" if path else message)
        for path, message in problems[:MAX_PROBLEMS_SHOWN]
    ]
    located += extra or []
    hidden = len(problems) - MAX_PROBLEMS_SHOWN
    located.sort(key=lambda p: (p.file != source.file, p.line or 0, p.column or 0))
    if hidden > 0:
        located.append(
            Problem(source.file, f"... and {hidden:,} more problems (fix the ones above first)")
        )
    return InputError(located)


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
_ANSWER_FIELDS = "choice, choices, value, note"


def _pydantic_message(item: Any) -> str:
    kind = item["type"]
    loc = tuple(item["loc"])
    if kind == "missing":
        return "field required"
    if kind == "extra_forbidden":
        if len(loc) == 3 and loc[0] == "answers":
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


def _raise_problems(problems: list[tuple[FieldPath, str]], source: SourceMap) -> None:
    """Raise every problem at once, in the order they appear in the file."""
    if problems:
        raise _input_error(problems, source)


def _display(path: FsPath | str) -> str:
    # A file name that is not valid UTF-8 (bytes smuggled in as surrogates) is shown with
    # U+FFFD in their place, so no output stream chokes on it.
    return os.fsencode(path).decode("utf-8", "replace")


# ---------------------------------------------------------------------------------------------
# Banks


def shipped_bank_ids() -> list[str]:
    """Ids of the banks that ship with crmrisk (a bank's file is named after its id)."""
    folder = resources.files("crm_risk") / "questions"
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    )


@functools.cache
def _load_shipped(bank_id: str) -> Loaded[Bank]:
    resource = resources.files("crm_risk") / "questions" / f"{bank_id}.yaml"
    display = f"<shipped bank {bank_id}>"
    text = resource.read_text(encoding="utf-8")
    return _bank_from_text(text, display, required_languages=SHIPPED_LANGUAGES)


def _bank_from_text(
    text: str, display: str, required_languages: tuple[str, ...] = ()
) -> Loaded[Bank]:
    data, source = parse(text, display)
    if detect_kind(data) == "answers":
        raise InputError.single(
            display, "an answer file, not a question bank (a bank has `questions:`)", 1, 1
        )
    bank = _validate(Bank, data, source)
    _raise_problems(check_bank(bank, required_languages=required_languages), source)
    return Loaded(bank, source)


def looks_like_path(name: str) -> bool:
    """A ``--bank``/``bank:`` value is a path if it has a separator or a file suffix."""
    return "/" in name or "\\" in name or name.endswith(ANSWER_SUFFIXES)


def load_bank_file(path: FsPath | str) -> Loaded[Bank]:
    """Load and check a bank file (any languages it declares must be complete).

    A batch of answer files shares one bank file: it is read and checked once while it stays
    unchanged (same size and modification time), not once per answer file.
    """
    display = _display(path)
    try:
        info = FsPath(path).stat()
    except OSError:
        info = None
    if info is None:
        return _bank_from_text(read_text(FsPath(path), display), display)
    return _load_bank_file_cached(
        display, str(FsPath(path).resolve()), info.st_mtime_ns, info.st_size
    )


@functools.lru_cache(maxsize=32)
def _load_bank_file_cached(display: str, resolved: str, mtime_ns: int, size: int) -> Loaded[Bank]:
    del resolved, mtime_ns, size  # the cache key: the same file, unchanged
    return _bank_from_text(read_text(FsPath(display), display), display)


def resolve_bank(name: str, *, relative_to: FsPath | None = None) -> Loaded[Bank]:
    """A shipped bank by id, or a bank file by path (relative paths from ``relative_to``)."""
    if looks_like_path(name):
        path = FsPath(name)
        if relative_to is not None and not path.is_absolute():
            path = relative_to / path
        return load_bank_file(path)
    shipped = shipped_bank_ids()
    if name not in shipped:
        raise UsageError(
            f"unknown bank {name!r}; shipped banks: {', '.join(shipped)} (or give a path to a bank file)"
        )
    return _load_shipped(name)


def load_bank(name_or_path: str | FsPath = "seven-questions") -> Bank:
    """Public API: a shipped bank by id, or a bank file by path."""
    return resolve_bank(str(name_or_path)).model


# ---------------------------------------------------------------------------------------------
# Answer files


@dataclass(frozen=True)
class LoadedAnswers:
    """An answer file, the bank it was checked against, and where its values came from."""

    answers: AnswerFile
    bank: Bank
    source: SourceMap
    file: str


def load_answers_file(path: FsPath | str, *, bank: str | None = None) -> LoadedAnswers:
    """Load an answer file and check it against its bank (``bank`` overrides the file's).

    Every problem is reported at once: when some answers have the wrong shape, the rest of the
    file is still checked against the bank (unknown questions, unknown choices, out of range).
    """
    display = _display(path)
    data, source = parse(read_text(FsPath(path), display), display)
    if detect_kind(data) == "bank":
        raise NotAnswersError(
            [
                Problem(
                    display,
                    "a question bank, not an answer file (check a bank with `crmrisk validate`)",
                    1,
                    1,
                )
            ]
        )
    return _answers_from_data(data, source, FsPath(path).parent, bank)


def _answers_from_data(
    data: dict[Any, Any], source: SourceMap, folder: FsPath, bank: str | None
) -> LoadedAnswers:
    try:
        answers = AnswerFile.model_validate(data)
    except ValidationError as error:
        problems = _pydantic_problems(error)
        more, extra = _check_the_rest(data, problems, source, folder, bank)
        raise _input_error(problems + more, source, extra) from error
    bank_loaded = _bank_for(answers, source, folder, override=bank)
    _raise_problems(check_answers(bank_loaded.model, answers), source)
    return LoadedAnswers(answers, bank_loaded.model, source, source.file)


def _check_the_rest(
    data: dict[Any, Any],
    problems: list[tuple[FieldPath, str]],
    source: SourceMap,
    folder: FsPath,
    override: str | None,
) -> tuple[list[tuple[FieldPath, str]], list[Problem]]:
    """Problems against the bank of the parts of an answer file that are well formed."""
    rest = dict(data)
    answers = rest.get("answers")
    answers = dict(answers) if isinstance(answers, dict) else {}
    for loc, _ in problems:
        head = loc[0] if loc else None
        if head == "answers" and len(loc) > 1:
            for key in [k for k in answers if str(k) == str(loc[1])]:
                del answers[key]
        elif head == "project":
            rest["project"] = "-"
        elif head in (None, "bank"):
            return [], []
        else:
            rest.pop(head, None)
    rest["answers"] = answers
    try:
        partial = AnswerFile.model_validate(rest)
    except ValidationError:
        return [], []
    try:
        loaded = _bank_for(partial, source, folder, override=override)
    except InputError as error:
        return [], error.problems
    return check_answers(loaded.model, partial), []


def _bank_for(
    answers: AnswerFile, source: SourceMap, folder: FsPath, override: str | None
) -> Loaded[Bank]:
    if override is not None:
        loaded = resolve_bank(override)
        if not looks_like_path(answers.bank) and answers.bank != loaded.model.id:
            raise InputError(
                [
                    source.problem(
                        ("bank",),
                        f"bank: the answers are for {answers.bank!r}, but --bank gives {loaded.model.id!r}",
                    )
                ]
            )
        return loaded
    try:
        return resolve_bank(answers.bank, relative_to=folder)
    except UsageError as error:
        raise InputError([source.problem(("bank",), f"bank: {error}")]) from None
    except InputError as error:
        # The bank file's own problems name the bank file; say first which answer file led there.
        lead = source.problem(
            ("bank",), f"bank: cannot use the bank file {answers.bank!r} (problems below)"
        )
        raise InputError([lead, *error.problems]) from None


def load_answers(path: FsPath | str, *, bank: str | None = None) -> AnswerFile:
    """Public API: a checked answer file (its bank is loaded and checked too)."""
    return load_answers_file(path, bank=bank).answers


# ---------------------------------------------------------------------------------------------
# Files, kinds


def detect_kind(data: Any) -> Literal["bank", "answers"] | None:
    """Whether a parsed document is a bank or an answer file (None: neither)."""
    if isinstance(data, dict):
        if "questions" in data:
            return "bank"
        if "answers" in data or "project" in data:
            return "answers"
    return None


def validate_file(
    path: FsPath | str, *, bank: str | None = None
) -> tuple[Literal["bank", "answers"], Any]:
    """Check one file of either kind; returns its kind and model, or raises with every problem."""
    display = _display(path)
    data, source = parse(read_text(FsPath(path), display), display)
    kind = detect_kind(data)
    if kind == "bank":
        bank_model = _validate(Bank, data, source)
        _raise_problems(check_bank(bank_model), source)
        return kind, bank_model
    if kind == "answers":
        return kind, _answers_from_data(data, source, FsPath(path).parent, bank)
    raise InputError.single(
        display, "neither a bank (no `questions:`) nor an answer file (no `answers:`)", 1, 1
    )


def expand_paths(paths: Iterable[FsPath]) -> Iterator[FsPath]:
    """Files as given; directories searched (recursively, sorted) for answer files.

    Hidden folders and files (.git, .venv, editor backups) are skipped. A directory that holds
    no answer files, or cannot be searched, is an InputError naming it. Links to directories
    inside a searched directory are not followed (no loops).
    """
    for path in paths:
        if path.is_dir():
            try:
                found = sorted(
                    p
                    for p in path.rglob("*")
                    if p.suffix.lower() in ANSWER_SUFFIXES
                    and p.is_file()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            except OSError as error:
                raise InputError.single(
                    _display(path), f"cannot search this directory: {error.strerror or error}"
                ) from None
            if not found:
                raise InputError.single(
                    _display(path), "no answer files (*.yaml, *.yml, *.json) in this directory"
                )
            yield from found
        else:
            yield path
