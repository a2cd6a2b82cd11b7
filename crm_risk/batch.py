"""Batches of files as data: paths in, one outcome per file out, in input order.

Pure but for reading the files: nothing is printed and no exit code decided here. ``score``,
``validate``, the group and (later) the pre-commit hook and JUnit output all read the same
outcomes; a file that cannot be used is an outcome with its problems, never a stop. Outcomes are
yielded one at a time, so a batch of any size runs in flat memory.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

from crm_risk.bank import Bank
from crm_risk.errors import InputError, NotAnswersError, Problem
from crm_risk.loading import expand_paths, load_answers_file, validate_file
from crm_risk.msg import Msg, _
from crm_risk.results import Assessment, GroupSection, Section
from crm_risk.validation import display


@dataclass(frozen=True)
class Scored:
    """A file scored."""

    path: Path
    assessment: Assessment


@dataclass(frozen=True)
class Failed:
    """A file (or a folder, or an option) that could not be used, and every problem with it."""

    path: Path | None
    file: str
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Checked:
    """A file validated: a bank, or an answer file and its banks."""

    path: Path
    kind: Literal["bank", "answers"]
    bank: Bank | None
    banks: tuple[Bank, ...]


Outcome = Scored | Failed
T = TypeVar("T")
#: One file to score (with the argument that named it), or an argument that failed already.
Item = tuple[Path, Path] | Failed

#: Below this many files a batch runs in one process: starting workers would cost more than it
#: saves. Above it, ``--jobs`` defaults to the number of cores.
PARALLEL_FROM = 300


def _paths(arguments: Iterable[Path]) -> Iterator[tuple[Path, Path] | Failed]:
    """Each file with the argument that named it; a folder that cannot be searched fails."""
    for argument in arguments:
        try:
            for path in expand_paths([argument]):
                yield path, argument
        except InputError as error:
            yield Failed(argument, display(argument), tuple(error.problems))


def answer_files(arguments: Iterable[Path]) -> list[Item]:
    """Every file the arguments name, folders searched, in order (a small list: paths only)."""
    return list(_paths(arguments))


def jobs_for(requested: int | None, files: int) -> int:
    """``--jobs``: as asked, else one process for a small batch and every core for a large one."""
    if requested is not None:
        return max(1, requested)
    return 1 if files < PARALLEL_FROM else max(1, os.cpu_count() or 1)


def process(
    items: Sequence[Item],
    then: Callable[[Scored], T],
    *,
    banks: Sequence[str] = (),
    grade: str | None = None,
    jobs: int = 1,
) -> Iterator[Failed | T]:
    """Score each file and hand it to ``then`` (in a worker process when ``jobs`` > 1), yielding
    the results in input order, one at a time: the output is the same for any ``jobs``.

    ``then`` runs where the file was scored, so only its (small) result crosses between
    processes; it must be a module-level function (or a partial of one).
    """
    work = functools.partial(_work, then=then, banks=tuple(banks), grade=grade)
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            yield from work(item)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    chunk = max(1, min(64, len(items) // (jobs * 8)))
    with context.Pool(jobs) as pool:
        for results in pool.imap(work, items, chunksize=chunk):
            yield from results


def _work(
    item: Item, *, then: Callable[[Scored], T], banks: tuple[str, ...], grade: str | None
) -> list[Failed | T]:
    if isinstance(item, Failed):
        return [item]
    path, argument = item
    return [
        o if isinstance(o, Failed) else then(o) for o in _score_one(path, argument, banks, grade)
    ]


def score_paths(
    arguments: Iterable[Path],
    *,
    banks: Sequence[str] = (),
    grade: str | None = None,
) -> Iterator[Outcome]:
    """Score every answer file the arguments name (folders searched), in input order.

    A bank file found while searching a folder is passed over (a bank kept beside its answers);
    named on the command line it fails like any file that is not an answer file. With ``grade``
    (``--fail-on``), a file whose banks do not all have that grade fails too.
    """
    for item in _paths(arguments):
        if isinstance(item, Failed):
            yield item
            continue
        path, argument = item
        yield from _score_one(path, argument, banks, grade)


def _score_one(
    path: Path, argument: Path, banks: Sequence[str], grade: str | None
) -> Iterator[Outcome]:
    try:
        loaded = load_answers_file(path, bank=banks)
    except NotAnswersError as error:
        if path != argument:
            return
        yield Failed(path, display(path), tuple(error.problems))
        return
    except InputError as error:
        yield Failed(path, display(path), tuple(error.problems))
        return
    if grade is not None:
        for bank in loaded.banks:
            if bank.find_grade(grade) is None:
                message = unknown_fail_on(grade, bank.id, bank.grade_ids())
                yield Failed(path, loaded.file, (Problem(loaded.file, message),))
                return
    yield Scored(path, loaded.score())


def unknown_fail_on(grade: str, bank: str, grades: list[str]) -> Msg:
    return _(
        "--fail-on: unknown grade {grade!r} for bank {bank}; grades: {grades}",
        grade=grade,
        bank=bank,
        grades=", ".join(grades),
    )


def check_paths(paths: Iterable[Path], *, banks: Sequence[str] = ()) -> Iterator[Checked | Failed]:
    """Validate each file as given (a bank or an answer file), in input order."""
    for path in paths:
        try:
            kind, model = validate_file(path, bank=banks)
        except InputError as error:
            yield Failed(path, display(path), tuple(error.problems))
            continue
        if kind == "bank":
            yield Checked(path, kind, model, ())
        else:
            yield Checked(path, kind, None, model.banks)


def reached(sections: Iterable[Section | GroupSection], grade: str | None) -> bool:
    """Whether any bank of a file (or of a group) is at ``grade`` (an id or a label of that bank)
    or worse: ``--fail-on``."""
    if grade is None:
        return False
    for section in sections:
        threshold = section.bank.find_grade(grade)
        if threshold is not None and section.at_least(threshold):
            return True
    return False


def distinct_assessments(outcomes: Iterable[Outcome]) -> list[Assessment]:
    """The results of a group's files, each real file once (a folder and a file in it, or two
    names of one file, are one respondent). Every outcome must be scored."""
    seen: set[Path] = set()
    unique = []
    for outcome in outcomes:
        assert isinstance(outcome, Scored)
        key = outcome.path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(outcome.assessment)
    return unique
