"""Before the first question of ``assess``: the options checked, a resumed file reconciled.

Everything here can refuse the session with one clear line before anything is asked or written:
an unknown role or context option, a name over its length limit, a ``--report`` that exists or is
the answer file itself, options that contradict the file being resumed, a folder that is missing.
"""

from __future__ import annotations

import datetime as dt
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from crm_risk import assess
from crm_risk.answerfile import bank_reference
from crm_risk.answers import Answer, AnswerFile, AnyAnswerFile
from crm_risk.assess_parse import pick_option, pick_role
from crm_risk.bank import Bank
from crm_risk.banks import bank_names, looks_like_path, resolve_banks
from crm_risk.errors import UsageError
from crm_risk.fileio import same_file
from crm_risk.i18n import ROLES, Lang, ui
from crm_risk.loading import load_answers_file
from crm_risk.msg import Msg, _

if TYPE_CHECKING:
    from crm_risk.room_setup import PreparedRoom


@dataclass(frozen=True)
class Options:
    """What the command line asked for (paths as given, not yet checked)."""

    today: dt.date
    lang: Lang
    lang_given: bool = False
    banks: tuple[str, ...] = ()
    out: Path | None = None
    resume: Path | None = None
    project: str | None = None
    #: ``--respondent`` as given: a name, or ``NAME:ROLE`` (several: a room).
    respondents: tuple[str, ...] = ()
    role: str | None = None
    context: tuple[str, ...] = ()
    report: Path | None = None
    force: bool = False
    #: A room's folder (``--out-dir``).
    out_dir: Path | None = None

    @property
    def respondent(self) -> str | None:
        """The one ``--respondent`` of a session of one (None if not given)."""
        return self.respondents[0] if len(self.respondents) == 1 else None


def refuse_report_over(options: Options, answers: Path) -> None:
    """``--report`` may not be an answer file of the session: the report, written at the end,
    would replace every answer given."""
    if options.report is not None and same_file(options.report, answers):
        raise UsageError(
            _(
                "--report {file} is the answer file itself; write the report to another file",
                file=options.report,
            )
        )


@dataclass(frozen=True)
class Target:
    """Where the answers go: the file (None until the project and name give the default), what
    its ``bank:`` (or ``banks:``) says, and whether an existing file may be replaced."""

    path: Path | None
    bank_refs: tuple[str, ...]
    #: Which references are paths still relative to the current directory, not the file.
    bank_is_path: tuple[bool, ...]
    overwrite: bool

    def choose(self, path: Path, options: Options) -> Target:
        """The answer file, checked: its folder exists, it is not the report, it is new
        (unless replacing is allowed)."""
        folder = path.parent if str(path.parent) else Path()
        if not folder.is_dir():
            # Said before the meeting starts, not after the first answer.
            raise UsageError(
                _(
                    "{folder}: no such directory for the answer file {file}",
                    folder=str(folder),
                    file=path.name,
                )
            )
        refuse_report_over(options, path)
        if not self.overwrite:
            refuse_existing(
                path, ui("assess_out_exists", options.lang, file=shlex.quote(str(path)))
            )
        refs = tuple(
            bank_reference(ref, True, path) if is_path else ref
            for ref, is_path in zip(self.bank_refs, self.bank_is_path, strict=True)
        )
        return Target(path, refs, tuple(False for _ref in refs), self.overwrite)


@dataclass(frozen=True)
class Prepared:
    """The first step of the session, where it saves, whether it continues a file in place (so
    that a file merely looked at is not rewritten), and the continued file's text (its comments
    and key order are kept when it is rewritten)."""

    first: assess.Step
    target: Target
    resumed_in_place: bool
    text: str | None = None
    #: A room continued from its folder (``--resume DIR``).
    room: PreparedRoom | None = None


def refuse_existing(path: Path, message: str) -> None:
    if path.exists() or path.is_symlink():
        raise UsageError(message)


def given(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def prepare(options: Options) -> Prepared:
    """Check the options and build the session's first step (a new file or a resumed one)."""
    from crm_risk.room_setup import check_room_options, people_options, resume_room

    if options.report is not None and not (options.force or options.resume):
        refuse_existing(
            options.report, ui("assess_report_exists", options.lang, file=options.report)
        )
    check_room_options(options)
    if options.resume is not None and options.resume.is_dir():
        return resume_room(options, options.resume)
    if options.resume is not None:
        return _resume(options, options.resume)
    names = bank_names(options.banks)
    banks = [loaded.model for loaded in resolve_banks(names)]
    target = Target(None, tuple(names), tuple(looks_like_path(n) for n in names), options.force)
    context = context_options(options, banks)
    name, role, others = people_options(options)
    if options.out is not None:
        target = target.choose(options.out, options)
    first = assess.start(
        banks,
        date=options.today,
        project=text_option(options, "project", assess.MAX_PROJECT),
        name=name,
        role=role,
        context=context,
        others=others,
        room=options.out_dir is not None or bool(others),
    )
    return Prepared(first, target, resumed_in_place=False)


def _resume(options: Options, resume: Path) -> Prepared:
    loaded = load_answers_file(resume, bank=list(options.banks))
    answers = loaded.answers
    banks = list(loaded.banks)
    _check_same(options, resume, answers, banks)
    refs = (answers.bank,) if isinstance(answers, AnswerFile) else tuple(answers.banks)
    is_path = tuple(False for _ref in refs)
    overwrite = True
    in_place = options.out is None or options.out.resolve() == resume.resolve()
    if not in_place:
        # Continuing into another file: that file must be new (or --force), and a bank given by
        # path must still be found from the new file's folder.
        overwrite = options.force
        is_path = tuple(looks_like_path(ref) for ref in refs)
        refs = tuple(
            str(resume.parent / ref) if path else ref
            for ref, path in zip(refs, is_path, strict=True)
        )
    target = Target(None, refs, is_path, overwrite)
    target = target.choose(resume if in_place or options.out is None else options.out, options)
    respondent = answers.respondent
    kept: dict[tuple[str, str], Answer] = {
        (section.bank.id, question_id): answer
        for section in loaded.sections
        for question_id, answer in section.answers.items()
        if answer is not None
    }
    text = loaded.text
    assert text is not None  # read from the file
    first = assess.start(
        banks,
        date=answers.date or options.today,
        project=answers.project,
        name=respondent.name if respondent else text_option(options, "respondent", assess.MAX_NAME),
        role=respondent.role if respondent else role_option(options),
        context={**context_options(options, banks), **answers.context},
        answers=kept,
        ask_context=False,
    )
    return Prepared(first, target, resumed_in_place=in_place, text=text)


def _check_same(options: Options, resume: Path, answers: AnyAnswerFile, banks: list[Bank]) -> None:
    """Options given with ``--resume`` must agree with the file."""
    respondent = answers.respondent
    found = {
        "project": answers.project,
        "respondent": respondent.name if respondent else None,
        "role": respondent.role if respondent else None,
    }
    for option, value in (
        ("project", given(options.project)),
        ("respondent", given(options.respondent)),
        ("role", role_option(options)),
    ):
        if value is not None and found[option] is not None and value != found[option]:
            raise UsageError(
                _(
                    "--{option} {given!r} does not match {file}, which has {found!r}",
                    option=option,
                    given=value,
                    file=resume,
                    found=found[option],
                )
            )
    for field_id, option_id in context_options(options, banks).items():
        if answers.context.get(field_id, option_id) != option_id:
            raise UsageError(
                _(
                    "--{option} {given!r} does not match {file}, which has {found!r}",
                    option="context",
                    given=f"{field_id}={option_id}",
                    file=resume,
                    found=f"{field_id}={answers.context[field_id]}",
                )
            )


def text_option(options: Options, option: str, limit: int) -> str | None:
    """``--project`` or ``--respondent``, held to the limit typed text has."""
    value = given(getattr(options, option))
    if value is not None and len(value) > limit:
        raise UsageError(
            _(
                "--{option}: at most {max:,} characters, not {n:,}",
                option=option,
                max=limit,
                n=len(value),
            )
        )
    return value


def role_option(options: Options) -> str | None:
    """``--role``: its number, id, or label in either language (``project lead``, ``项目负责人``)."""
    if options.role is None:
        return None
    role = pick_role(options.role)
    if role is None:
        raise UsageError(
            _(
                "--role: unknown role {given!r}; roles: {roles}",
                given=options.role,
                roles=", ".join(ROLES),
            )
        )
    return role


def context_options(options: Options, banks: list[Bank]) -> dict[str, str]:
    context: dict[str, str] = {}
    for item in options.context:
        field_id, sep, option_id = item.partition("=")
        field = next(
            (f for b in banks if (f := b.context_field(field_id.strip())) is not None), None
        )
        problem: Msg | None = None
        picked: str | None = None
        if not sep:
            problem = _("write FIELD=OPTION, e.g. crm_kind=after-sales-service")
        elif field is None:
            known = ", ".join(c.id for b in banks for c in b.context)
            where = ", ".join(b.id for b in banks)
            name = field_id.strip()
            problem = (
                _(
                    "unknown field {name!r} in bank {bank}; fields: {fields}",
                    name=name,
                    bank=where,
                    fields=known,
                )
                if known
                else _("unknown field {name!r} in bank {bank}; fields: none", name=name, bank=where)
            )
        elif (picked := pick_option(field, option_id)) is None:
            valid = ", ".join(o.id for o in field.options)
            problem = _(
                "unknown {field} {value!r}; valid: {valid}",
                field=field.id,
                value=option_id.strip(),
                valid=valid,
            )
        if problem or field is None or picked is None:
            raise UsageError(_("--context {given!r}: {problem}", given=item, problem=problem or ""))
        context[field.id] = picked
    return context
