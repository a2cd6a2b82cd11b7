"""Before the first question of a room: who is in it (``--respondent NAME:ROLE`` repeated), the
options that go with a room, and a room continued from its folder (``--resume DIR``).

A room's folder holds one answer file per person, numbered in the order they answer
(``01-li-wei.yaml``, ``02-wang-lei.yaml``, ...): the files alone are the room, so continuing it
needs nothing but the folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from crm_risk import assess, room
from crm_risk.answers import Answer, AnswerFile
from crm_risk.assess_parse import split_person
from crm_risk.assess_setup import (
    Options,
    Prepared,
    Target,
    context_options,
    given,
    refuse_report_over,
    role_option,
    text_option,
)
from crm_risk.banks import SUFFIXES
from crm_risk.errors import UsageError
from crm_risk.i18n import ROLES
from crm_risk.loading import LoadedAnswers, load_answers_file
from crm_risk.msg import _


@dataclass(frozen=True)
class PreparedRoom:
    """A room continued from its folder: its first step, and each person's file, its text as
    it stands and what its ``bank:`` (or ``banks:``) says."""

    first: room.RoomStep
    folder: Path
    files: tuple[Path, ...]
    texts: tuple[str, ...]
    refs: tuple[tuple[str, ...], ...]


def is_room(options: Options) -> bool:
    """Whether the options alone make the session a room."""
    return len(options.respondents) > 1 or options.out_dir is not None


def check_room_options(options: Options) -> None:
    """Options that do not go with a room, or with a room's folder, said before anything."""
    resume_dir = options.resume is not None and options.resume.is_dir()
    if options.out is not None and (is_room(options) or resume_dir):
        raise UsageError(
            _("a room writes one file per person: give its folder with --out-dir DIR, not --out")
        )
    if resume_dir and (options.out_dir is not None or options.respondents or options.role):
        raise UsageError(
            _(
                "--resume DIR continues the room in its folder with the people in its files; leave out --out-dir, --respondent and --role"
            )
        )
    if options.resume is not None and not resume_dir and options.out_dir is not None:
        raise UsageError(
            _(
                "--out-dir is a room's folder; {file} is one person's file (continue it with --out FILE)",
                file=options.resume,
            )
        )
    if len(options.respondents) > 1 and options.role is not None:
        raise UsageError(
            _(
                "--role goes with one respondent; in a room give each person as --respondent NAME:ROLE"
            )
        )
    if options.out_dir is not None and not resume_dir:
        folder = options.out_dir
        parent = folder.parent if str(folder.parent) else Path()
        if not parent.is_dir():
            raise UsageError(
                _(
                    "{parent}: no such directory for the room's folder {folder}",
                    folder=folder,
                    parent=parent,
                )
            )
        check_folder(folder, options)


def check_folder(folder: Path, options: Options) -> None:
    """A room's new folder: missing or empty, or (with --force) any folder."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(_("{folder} is a file, not a folder", folder=folder))
    if folder.is_dir() and any(folder.iterdir()) and not options.force:
        raise UsageError(
            _(
                "{folder} already exists and is not empty; continue its room with --resume {folder}, or write into it with --force",
                folder=folder,
            )
        )


def people_options(options: Options) -> tuple[str | None, str | None, tuple[assess.Person, ...]]:
    """The first person's name and role and the room's further people, from the options.

    One ``--respondent`` is a name (``NAME:ROLE`` gives the role too, unless --role is given);
    several are a room, each ``NAME:ROLE``.
    """
    role = role_option(options)
    values = options.respondents
    if not values:
        return None, role, ()
    if len(values) == 1:
        name = text_option(options, "respondent", assess.MAX_NAME)
        if role is None and name is not None:
            name, role = split_person(name)
        return name, role, ()
    if len(values) > assess.MAX_PEOPLE:
        raise UsageError(_("A room holds at most {max} people.", max=assess.MAX_PEOPLE))
    people: list[assess.Person] = []
    for value in values:
        name, picked = split_person(value)
        if picked is None or not name:
            raise UsageError(
                _(
                    "--respondent {given!r}: in a room write each person as NAME:ROLE; roles: {roles}",
                    given=value,
                    roles=", ".join(ROLES),
                )
            )
        if len(name) > assess.MAX_NAME:
            raise UsageError(
                _(
                    "--{option}: at most {max:,} characters, not {n:,}",
                    option="respondent",
                    max=assess.MAX_NAME,
                    n=len(name),
                )
            )
        if (name, picked) in people:
            raise UsageError(_("--respondent {given!r} is given twice", given=value))
        people.append((name, picked))
    return people[0][0], people[0][1], tuple(people[1:])


def room_files(folder: Path) -> list[Path]:
    """A room's answer files: the folder's own (not hidden) answer files, by name."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in SUFFIXES and not p.name.startswith(".") and p.is_file()
    )


def resume_room(options: Options, folder: Path) -> Prepared:
    """Continue the room whose files are in ``folder``, at its first open place."""
    files = room_files(folder)
    if not files:
        raise UsageError(
            _("{folder}: no answer files (*.yaml, *.yml, *.json) to continue", folder=folder)
        )
    for path in files:
        refuse_report_over(options, path)
    loaded = [load_answers_file(path, bank=list(options.banks)) for path in files]
    _check_room(options, files, loaded)
    states = []
    for item in loaded:
        answers = item.answers
        assert answers.respondent is not None
        kept: dict[tuple[str, str], Answer] = {
            (section.bank.id, question_id): answer
            for section in item.sections
            for question_id, answer in section.answers.items()
            if answer is not None
        }
        states.append(
            assess.start(
                list(item.banks),
                date=answers.date or options.today,
                project=answers.project,
                name=answers.respondent.name,
                role=answers.respondent.role,
                context=answers.context,
                answers=kept,
                ask_context=False,
            ).state
        )
    refs = tuple(
        (item.answers.bank,) if isinstance(item.answers, AnswerFile) else tuple(item.answers.banks)
        for item in loaded
    )
    prepared = PreparedRoom(
        first=room.begin(states),
        folder=folder,
        files=tuple(files),
        texts=tuple(item.text or "" for item in loaded),  # the texts that were checked
        refs=refs,
    )
    target = Target(None, refs[0], tuple(False for _ref in refs[0]), overwrite=True)
    return Prepared(assess.Step(states[0]), target, resumed_in_place=True, room=prepared)


def _check_room(options: Options, files: list[Path], loaded: list[LoadedAnswers]) -> None:
    """One project and the same banks in every file, each with its respondent; options given
    with ``--resume DIR`` must agree with the files."""
    first = loaded[0]
    banks = [(b.id, b.version) for b in first.banks]
    project = given(options.project)
    context = context_options(options, list(first.banks))
    for path, item in zip(files, loaded, strict=True):
        answers = item.answers
        problem = None
        if answers.respondent is None:
            problem = _(
                "{file} names no respondent; a room's files each name their person", file=path
            )
        elif answers.project != first.answers.project:
            problem = _(
                "{file} is for project {found!r}, not {project!r}; a room's files are one project's",
                file=path,
                found=answers.project,
                project=first.answers.project,
            )
        elif [(b.id, b.version) for b in item.banks] != banks:
            problem = _(
                "{file} answers other banks (or versions) than {first}; a room answers the same banks",
                file=path,
                first=files[0],
            )
        elif project is not None and project != answers.project:
            problem = _(
                "--{option} {given!r} does not match {file}, which has {found!r}",
                option="project",
                given=project,
                file=path,
                found=answers.project,
            )
        elif any(answers.context.get(k, v) != v for k, v in context.items()):
            problem = _(
                "--{option} {given!r} does not match {file}, which has {found!r}",
                option="context",
                given=", ".join(f"{k}={v}" for k, v in context.items()),
                file=path,
                found=", ".join(f"{k}={v}" for k, v in answers.context.items()),
            )
        if problem is not None:
            raise UsageError(problem)
