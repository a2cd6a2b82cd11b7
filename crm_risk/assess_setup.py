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

from crm_risk import assess
from crm_risk.answerfile import bank_reference
from crm_risk.answers import Answer, AnswerFile
from crm_risk.bank import Bank
from crm_risk.banks import DEFAULT_BANK, looks_like_path, resolve_bank
from crm_risk.errors import UsageError
from crm_risk.fileio import same_file
from crm_risk.i18n import ROLES, Lang, ui
from crm_risk.loading import load_answers_file


@dataclass(frozen=True)
class Options:
    """What the command line asked for (paths as given, not yet checked)."""

    today: dt.date
    lang: Lang
    lang_given: bool = False
    bank: str | None = None
    out: Path | None = None
    resume: Path | None = None
    project: str | None = None
    respondent: str | None = None
    role: str | None = None
    context: tuple[str, ...] = ()
    report: Path | None = None
    force: bool = False


@dataclass(frozen=True)
class Target:
    """Where the answers go: the file (None until the project and name give the default), what
    its ``bank:`` says, and whether an existing file may be replaced."""

    path: Path | None
    bank_ref: str
    bank_is_path: bool
    overwrite: bool

    def choose(self, path: Path, options: Options) -> Target:
        """The answer file, checked: its folder exists, it is not the report, it is new
        (unless replacing is allowed)."""
        folder = path.parent if str(path.parent) else Path()
        if not folder.is_dir():
            # Said before the meeting starts, not after the first answer.
            raise UsageError(f"{folder}: no such directory for the answer file {path.name}")
        if options.report is not None and same_file(options.report, path):
            # The report, written at the end, would replace every answer given.
            raise UsageError(ui("assess_report_is_answers", options.lang, file=options.report))
        if not self.overwrite:
            refuse_existing(
                path, ui("assess_out_exists", options.lang, file=shlex.quote(str(path)))
            )
        if self.bank_is_path:
            return Target(path, bank_reference(self.bank_ref, True, path), False, self.overwrite)
        return Target(path, self.bank_ref, False, self.overwrite)


@dataclass(frozen=True)
class Prepared:
    """The first step of the session, where it saves, and (when resuming in place) the file's
    text as it stands, so that a file merely looked at is not rewritten."""

    first: assess.Step
    target: Target
    resumed_in_place: bool


def refuse_existing(path: Path, message: str) -> None:
    if path.exists() or path.is_symlink():
        raise UsageError(message)


def given(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def prepare(options: Options) -> Prepared:
    """Check the options and build the session's first step (a new file or a resumed one)."""
    if options.report is not None and not (options.force or options.resume):
        refuse_existing(
            options.report, ui("assess_report_exists", options.lang, file=options.report)
        )
    if options.resume is not None:
        return _resume(options, options.resume)
    name = options.bank or DEFAULT_BANK
    bank = resolve_bank(name).model
    target = Target(None, name, looks_like_path(name), options.force)
    context = context_options(options, bank)
    role = role_option(options)
    if options.out is not None:
        target = target.choose(options.out, options)
    first = assess.start(
        bank,
        date=options.today,
        project=text_option(options, "project", assess.MAX_PROJECT),
        name=text_option(options, "respondent", assess.MAX_NAME),
        role=role,
        context=context,
    )
    return Prepared(first, target, resumed_in_place=False)


def _resume(options: Options, resume: Path) -> Prepared:
    loaded = load_answers_file(resume, bank=options.bank)
    answers = loaded.answers
    if not isinstance(answers, AnswerFile):
        raise UsageError(f"{resume}: covers several banks; assess resumes one bank's answers")
    bank = loaded.bank
    _check_same(options, resume, answers, bank)
    bank_ref, bank_is_path, overwrite = answers.bank, False, True
    in_place = options.out is None or options.out.resolve() == resume.resolve()
    if not in_place:
        # Continuing into another file: that file must be new (or --force), and a bank given by
        # path must still be found from the new file's folder.
        overwrite = options.force
        if looks_like_path(answers.bank):
            bank_ref, bank_is_path = str(resume.parent / answers.bank), True
    target = Target(None, bank_ref, bank_is_path, overwrite)
    target = target.choose(resume if in_place or options.out is None else options.out, options)
    respondent = answers.respondent
    kept: dict[str, Answer] = {k: v for k, v in loaded.sections[0].answers.items() if v is not None}
    first = assess.start(
        bank,
        date=answers.date or options.today,
        project=answers.project,
        name=respondent.name if respondent else text_option(options, "respondent", assess.MAX_NAME),
        role=respondent.role if respondent else role_option(options),
        context={**context_options(options, bank), **answers.context},
        answers=kept,
        ask_context=False,
    )
    return Prepared(first, target, resumed_in_place=in_place)


def _check_same(options: Options, resume: Path, answers: AnswerFile, bank: Bank) -> None:
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
        ("role", options.role),
    ):
        if value is not None and found[option] is not None and value != found[option]:
            raise UsageError(
                ui(
                    "assess_resume_conflict",
                    options.lang,
                    option=option,
                    given=value,
                    file=resume,
                    found=found[option],
                )
            )
    for field_id, option_id in context_options(options, bank).items():
        if answers.context.get(field_id, option_id) != option_id:
            raise UsageError(
                ui(
                    "assess_resume_conflict",
                    options.lang,
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
            ui("assess_option_too_long", options.lang, option=option, max=limit, n=len(value))
        )
    return value


def role_option(options: Options) -> str | None:
    role = options.role
    if role is not None and role not in ROLES:
        raise UsageError(ui("assess_bad_role", options.lang, given=role, roles=", ".join(ROLES)))
    return role


def context_options(options: Options, bank: Bank) -> dict[str, str]:
    context: dict[str, str] = {}
    for item in options.context:
        field_id, sep, option_id = item.partition("=")
        field = bank.context_field(field_id.strip())
        problem = None
        if not sep:
            problem = "write FIELD=OPTION, e.g. crm_kind=after-sales-service"
        elif field is None:
            known = ", ".join(c.id for c in bank.context) or "none"
            problem = f"unknown field {field_id.strip()!r} in bank {bank.id}; fields: {known}"
        elif field.option(option_id.strip()) is None:
            valid = ", ".join(o.id for o in field.options)
            problem = f"unknown {field.id} {option_id.strip()!r}; valid: {valid}"
        if problem or field is None:
            raise UsageError(
                ui("assess_bad_context", options.lang, given=item, problem=problem or "")
            )
        context[field.id] = option_id.strip()
    return context
