"""Loading banks and answer files: read, parse safely, validate, and locate every problem.

Shipped banks are package data (``crm_risk/questions/*.yaml``), found with
``importlib.resources`` so that an installed wheel works from any directory.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path as FsPath
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from crm_risk.errors import InputError, UsageError
from crm_risk.models import AnswerFile, Bank, KeyPath, Path, check_answers, check_bank
from crm_risk.yamlio import SourceMap, format_path, parse, read_text

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
        problems = []
        for item in error.errors(include_url=False):
            loc: Path = tuple(item["loc"])
            if item["type"] == "extra_forbidden":
                loc = KeyPath(loc)
            message = _pydantic_message(item)
            field = format_path(loc)
            problems.append(source.problem(loc, f"{field}: {message}" if field else message))
        raise InputError(problems) from error


def _pydantic_message(item: Any) -> str:
    kind = item["type"]
    if kind == "missing":
        return "field required"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "literal_error":
        expected = item.get("ctx", {}).get("expected", "")
        return f"must be one of {expected}"
    message = str(item["msg"])
    return message.removeprefix("Value error, ")


def _raise_problems(problems: list[tuple[Path, str]], source: SourceMap) -> None:
    """Raise every problem at once, in the order they appear in the file."""
    if problems:
        located = [
            source.problem(path, f"{format_path(path)}: {message}" if path else message)
            for path, message in problems
        ]
        located.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise InputError(located)


def _display(path: FsPath | str) -> str:
    return str(path)


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
    bank = _validate(Bank, data, source)
    _raise_problems(check_bank(bank, required_languages=required_languages), source)
    return Loaded(bank, source)


def looks_like_path(name: str) -> bool:
    """A ``--bank``/``bank:`` value is a path if it has a separator or a file suffix."""
    return "/" in name or "\\" in name or name.endswith(ANSWER_SUFFIXES)


def load_bank_file(path: FsPath | str) -> Loaded[Bank]:
    """Load and check a bank file (any languages it declares must be complete)."""
    display = _display(path)
    return _bank_from_text(read_text(FsPath(path), display), display)


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
    """Load an answer file and check it against its bank (``bank`` overrides the file's)."""
    display = _display(path)
    data, source = parse(read_text(FsPath(path), display), display)
    answers = _validate(AnswerFile, data, source)
    bank_loaded = _bank_for(answers, source, FsPath(path).parent, override=bank)
    _raise_problems(check_answers(bank_loaded.model, answers), source)
    return LoadedAnswers(answers, bank_loaded.model, source, display)


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
        return kind, load_answers_file(path, bank=bank)
    raise InputError.single(
        display, "neither a bank (no `questions:`) nor an answer file (no `answers:`)", 1, 1
    )


def expand_paths(paths: Iterable[FsPath]) -> Iterator[FsPath]:
    """Files as given; directories searched (recursively, sorted, hidden entries skipped)."""
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in ANSWER_SUFFIXES
                and p.is_file()
                # hidden folders and files (.git, .venv, editor backups) are not answers
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise UsageError(
                    f"{path}: no answer files (*.yaml, *.yml, *.json) in this directory"
                )
            yield from found
        else:
            yield path
