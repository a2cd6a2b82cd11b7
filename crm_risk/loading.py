"""Loading answer files: read, parse safely, validate against their banks, locate every problem.

An answer file names its banks (``bank:`` or ``banks:``); each is found with
:func:`crm_risk.banks.resolve_bank` (a path relative to the answer file's folder), answers written
for an older bank version are read through its migrations, and every way the file does not fit is
reported at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from crm_risk.answers import (
    AnswerFile,
    AnyAnswerFile,
    MultiAnswerFile,
)
from crm_risk.bank import Bank
from crm_risk.banks import (
    SUFFIXES,
    LoadedBank,
    bank_from_data,
    detect_kind,
    looks_like_path,
    resolve_bank,
)
from crm_risk.errors import InputError, NotAnswersError, Problem, UsageError
from crm_risk.fitting import LoadedSection, fit
from crm_risk.msg import _
from crm_risk.readfile import read_text
from crm_risk.results import Assessment
from crm_risk.rules import Problems, at_path
from crm_risk.scoring import assessment, score_section
from crm_risk.selfcheck import self_check
from crm_risk.validation import display, located, pydantic_problems, raise_problems
from crm_risk.yamlio import SourceMap, parse

#: Kept for callers of the single-bank era; every readable suffix.
ANSWER_SUFFIXES = SUFFIXES


@dataclass(frozen=True)
class LoadedAnswers:
    """An answer file, its banks, where it came from, and its text as read (a resumed session
    rewrites that text, keeping its comments: the very text that was checked)."""

    answers: AnyAnswerFile
    sections: tuple[LoadedSection, ...]
    file: str
    text: str | None = None

    @property
    def bank(self) -> Bank:
        """The bank of a single-bank file (the first of several)."""
        return self.sections[0].bank

    @property
    def banks(self) -> tuple[Bank, ...]:
        return tuple(s.bank for s in self.sections)

    def score(self) -> Assessment:
        """Every section scored, with the file's facts."""
        document = self.answers
        return assessment(
            [score_section(s.bank, s.answers, s.migrated) for s in self.sections],
            project=document.project,
            respondent=document.respondent,
            date=document.date,
            context=document.context,
            file=self.file,
        )


def load_answers_file(
    path: Path | str, *, bank: str | Sequence[str] | None = None
) -> LoadedAnswers:
    """Load an answer file and check it against its banks (``bank``: ``--bank`` overrides).

    Every problem is reported at once: when some answers have the wrong shape, the rest of the
    file is still checked against its banks (unknown questions, unknown choices, out of range).
    """
    shown = display(path)
    text = read_text(Path(path), shown)
    data, source = parse(text, shown)
    if detect_kind(data) == "bank":
        raise NotAnswersError(
            [
                Problem(
                    shown,
                    _("a question bank, not an answer file (check a bank with `crmrisk validate`)"),
                    1,
                    1,
                )
            ]
        )
    overrides = [bank] if isinstance(bank, str) else list(bank or [])
    return answers_from_data(data, source, Path(path).parent, overrides, text=text)


def _model_for(data: Mapping[Any, Any]) -> type[AnswerFile] | type[MultiAnswerFile]:
    return MultiAnswerFile if "banks" in data and "bank" not in data else AnswerFile


def answers_from_data(
    data: dict[Any, Any],
    source: SourceMap,
    folder: Path,
    overrides: Sequence[str] = (),
    *,
    text: str | None = None,
) -> LoadedAnswers:
    """An answer file's parsed data, checked against its banks."""
    model = _model_for(data)
    try:
        document: AnyAnswerFile = model.model_validate(data)
    except ValidationError as error:
        problems = pydantic_problems(error)
        more, extra = _check_the_rest(
            model, data=data, problems=problems, source=source, folder=folder, overrides=overrides
        )
        raise located(problems + more, source, extra) from error
    banks = _banks_for(document, source, folder, overrides)
    sections, problems = fit(document, banks)
    raise_problems(problems, source)
    return LoadedAnswers(document, sections, source.file, text)


def _check_the_rest(
    model: type[AnswerFile] | type[MultiAnswerFile],
    *,
    data: dict[Any, Any],
    problems: Problems,
    source: SourceMap,
    folder: Path,
    overrides: Sequence[str],
) -> tuple[Problems, list[Problem]]:
    """Problems against the banks of the parts of an answer file that are well formed."""
    rest = dict(data)
    answers = rest.get("answers")
    answers = dict(answers) if isinstance(answers, dict) else {}
    depth = 2 if model is MultiAnswerFile else 1
    for loc, _message in problems:
        head = loc[0] if loc else None
        if head == "answers" and len(loc) > depth:
            _drop(answers, loc[1 : depth + 1])
        elif head == "project":
            rest["project"] = "-"
        elif head in (None, "bank", "banks"):
            return [], []
        else:
            rest.pop(head, None)
    rest["answers"] = answers
    try:
        partial = model.model_validate(rest)
    except ValidationError:
        return [], []
    try:
        banks = _banks_for(partial, source, folder, overrides)
    except InputError as error:
        return [], error.problems
    return fit(partial, banks)[1], []


def _drop(answers: dict[Any, Any], keys: Sequence[str | int]) -> None:
    """Leave out one malformed answer (``keys``: question, or bank then question)."""
    if len(keys) == 1:
        for key in [k for k in answers if str(k) == str(keys[0])]:
            del answers[key]
        return
    for key in [k for k in answers if str(k) == str(keys[0])]:
        inner = answers[key]
        if isinstance(inner, dict):
            answers[key] = {k: v for k, v in inner.items() if str(k) != str(keys[1])}


def _banks_for(
    document: AnyAnswerFile, source: SourceMap, folder: Path, overrides: Sequence[str]
) -> list[Bank]:
    references = [document.bank] if isinstance(document, AnswerFile) else list(document.banks)
    field = "bank" if isinstance(document, AnswerFile) else "banks"
    given = [resolve_bank(name) for name in overrides]
    banks = []
    for index, reference in enumerate(references):
        where: tuple[str | int, ...] = (field,) if field == "bank" else (field, index)
        override = _matching_override(reference, given, len(references))
        if override is not None:
            banks.append(override.model)
            continue
        if given and len(references) == 1:
            raise InputError(
                [
                    source.problem(
                        where,
                        _(
                            "bank: the answers are for {reference!r}, but --bank gives {given!r}",
                            reference=reference,
                            given=given[0].model.id,
                        ),
                    )
                ]
            )
        banks.append(_resolve(reference, where, source, folder).model)
    return banks


def _matching_override(reference: str, given: list[LoadedBank], count: int) -> LoadedBank | None:
    """The ``--bank`` for this reference: the one with its id (a path reference: the only one)."""
    for loaded in given:
        if loaded.model.id == reference:
            return loaded
    if looks_like_path(reference) and count == 1 and len(given) == 1:
        return given[0]
    return None


def _resolve(
    reference: str, where: tuple[str | int, ...], source: SourceMap, folder: Path
) -> LoadedBank:
    try:
        return resolve_bank(reference, relative_to=folder)
    except UsageError as error:
        raise InputError([source.problem(where, at_path(where, error.message))]) from None
    except InputError as error:
        # The bank file's own problems name the bank file; say first which answer file led there.
        lead = source.problem(
            where,
            at_path(
                where,
                _("cannot use the bank file {reference!r} (problems below)", reference=reference),
            ),
        )
        raise InputError([lead, *error.problems]) from None


def load_answers(path: Path | str, *, bank: str | None = None) -> AnyAnswerFile:
    """Public API: a checked answer file (its banks are loaded and checked too)."""
    return load_answers_file(path, bank=bank).answers


def score_file(path: Path | str, *, bank: str | None = None) -> Assessment:
    """Public API: load an answer file, check it against its banks and score every bank."""
    return load_answers_file(path, bank=bank).score()


# ---------------------------------------------------------------------------------------------
# Files, kinds


def validate_file(
    path: Path | str, *, bank: str | Sequence[str] | None = None
) -> tuple[Literal["bank", "answers"], Any]:
    """Check one file of either kind; returns its kind and model, or raises with every problem."""
    shown = display(path)
    data, source = parse(read_text(Path(path), shown), shown)
    kind = detect_kind(data)
    if kind == "bank":
        bank_model = bank_from_data(data, source).model
        # The author's self-check: that the rules make sense, once they are well formed.
        raise_problems(self_check(bank_model), source)
        return kind, bank_model
    if kind == "answers":
        overrides = [bank] if isinstance(bank, str) else list(bank or [])
        return kind, answers_from_data(data, source, Path(path).parent, overrides)
    raise InputError.single(
        shown, _("neither a bank (no `questions:`) nor an answer file (no `answers:`)"), 1, 1
    )


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
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
                    if p.suffix.lower() in SUFFIXES
                    and p.is_file()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            except OSError as error:
                raise InputError.single(
                    display(path),
                    _(
                        "cannot search this directory: {reason}",
                        reason=error.strerror or str(error),
                    ),
                ) from None
            if not found:
                raise InputError.single(
                    display(path), _("no answer files (*.yaml, *.yml, *.json) in this directory")
                )
            yield from found
        else:
            yield path
