"""The ``crmrisk`` command line: options in, a call to :mod:`crm_risk.commands`, an exit code out.

A thin shell. Each command only turns its options into arguments and calls its ``run``
(``crm_risk/commands/<name>.py``); heavy modules load there, so ``crmrisk --version`` and
``--help`` start fast. Errors are mapped to exit codes in one place,
:class:`crm_risk.cli_handler.Group` (see :class:`crm_risk.errors.ExitCode`).
"""

# No `from __future__ import annotations`: typer reads these annotations at run time.

from pathlib import Path
from typing import Annotated, Optional

import typer

from crm_risk import __version__
from crm_risk.cli_assess import (
    AssessForceOption,
    ContextOption,
    OutDirOption,
    OutOption,
    ProjectOption,
    ReportOption,
    RespondentOption,
    ResumeOption,
    RoleOption,
)
from crm_risk.cli_handler import Group
from crm_risk.cli_options import (
    BankOption,
    ForceOption,
    LangOption,
    NamesOption,
    OutputOption,
)
from crm_risk.i18n import Lang
from crm_risk.i18n.choose import resolve_lang
from crm_risk.render import BanksFormat, QuestionsFormat, ReportFormat, ScoreFormat

app = typer.Typer(
    cls=Group,
    name="crmrisk",
    help="A rapid risk check for CRM projects: the CRM seven questions, scored per phase.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"crmrisk {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback for errors.")] = False,
) -> None:
    """A rapid risk check for CRM projects: the CRM seven questions, scored per phase."""
    ctx.obj = {"debug": debug}


def _language(lang: Lang | None) -> Lang:
    return resolve_lang(lang.value if lang else None)


def _done(code: int) -> None:
    if code:
        raise typer.Exit(code)


# ---------------------------------------------------------------------------------------------
# score


@app.command()
def score(  # noqa: PLR0917 - typer reads one parameter per option
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE_OR_DIR", help="Answer files, or directories to search for them."
        ),
    ],
    output_format: Annotated[
        ScoreFormat, typer.Option("--format", "-f", help="table, json, markdown or junit.")
    ] = ScoreFormat.table,
    fail_on: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--fail-on", metavar="GRADE", help="Exit 1 if any overall grade is GRADE or worse."
        ),
    ] = None,
    lang: LangOption = None,
    bank: BankOption = None,
    group: Annotated[
        bool,
        typer.Option(
            "--group",
            help="Score the files as one project's respondents: grades by the worst "
            "respondent, answers by role, and consensus gaps.",
        ),
    ] = False,
    names: NamesOption = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Score answer files: a full report for one file, a summary for several.

    With --group, the files (one per respondent of one project and bank) make one group report.
    """
    from crm_risk.commands import score as command
    from crm_risk.render.registry import RenderOptions

    _done(
        command.run(
            paths,
            fmt=output_format.value,
            lang=_language(lang),
            banks=bank or (),
            fail_on=fail_on,
            group=group,
            output=output,
            force=force,
            options=RenderOptions(fail_on=fail_on, names=names),
        )
    )


# ---------------------------------------------------------------------------------------------
# assess


@app.command()
def assess(  # noqa: PLR0917 - typer reads one parameter per option
    bank: BankOption = None,
    lang: LangOption = None,
    out: OutOption = None,
    resume: ResumeOption = None,
    project: ProjectOption = None,
    respondent: RespondentOption = None,
    role: RoleOption = None,
    context: ContextOption = None,
    report_path: ReportOption = None,
    out_dir: OutDirOption = None,
    force: AssessForceOption = False,
) -> None:
    """Run the questionnaire live, one question at a time; every answer is saved at once.

    Keys at a question: a number answers, ? help, n note, b back, s skip, u "we don't know",
    x not applicable (where the bank allows it), q save and quit; Enter alone keeps an answer
    given before. With standard input not a
    terminal, one line is read per key, so a session can be scripted. A room (--respondent
    NAME:ROLE several times): each question is shown once and everyone answers it in turn.
    """
    import datetime as dt

    from crm_risk.assess_run import Options, run
    from crm_risk.commands.output import console

    options = Options(
        today=dt.date.today(),
        lang=_language(lang),
        lang_given=lang is not None,
        banks=tuple(bank or ()),
        out=out,
        resume=resume,
        project=project,
        respondents=tuple(respondent or ()),
        role=role,
        context=tuple(context or ()),
        report=report_path,
        force=force,
        out_dir=out_dir,
    )
    _done(run(options, out=console(), err=console(stderr=True)))


# ---------------------------------------------------------------------------------------------
# report


@app.command()
def report(  # noqa: PLR0917 - typer reads one parameter per option
    answers: Annotated[
        list[Path],
        typer.Argument(metavar="ANSWERS", help="An answer file (several with --group)."),
    ],
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write here instead of standard output (FILE.html: the HTML report).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
    output_format: Annotated[
        Optional[ReportFormat],  # noqa: UP045
        typer.Option(
            "--format",
            "-f",
            help="markdown or html. Default: html for -o FILE.html, else markdown.",
            show_default=False,
        ),
    ] = None,
    group: Annotated[
        bool,
        typer.Option("--group", help="The meeting's report: several respondents of one project."),
    ] = False,
    names: NamesOption = False,
    prepared_for: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--prepared-for", metavar="NAME", help="Who the report is for (default: the project)."
        ),
    ] = None,
    prepared_by: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--prepared-by",
            metavar="NAME",
            help="Who prepared it (default: a consultant respondent).",
        ),
    ] = None,
    template: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--template",
            metavar="FILE",
            help="Your own Jinja2 template for the markdown report (rendered in a sandbox).",
        ),
    ] = None,
    lang: LangOption = None,
    bank: BankOption = None,
) -> None:
    """Write the report of one answer file, or of a meeting (--group), to send afterwards."""
    from crm_risk.commands import report as command
    from crm_risk.render.registry import RenderOptions

    fmt = output_format.value if output_format else None
    if fmt is None:
        fmt = (
            "html"
            if output is not None and output.suffix.lower() in (".html", ".htm")
            else "markdown"
        )
    _done(
        command.run(
            answers,
            lang=_language(lang),
            banks=bank or (),
            output=output,
            force=force,
            fmt=fmt,
            group=group,
            options=RenderOptions(template=template, names=names),
            prepared_for=prepared_for,
            prepared_by=prepared_by,
        )
    )


# ---------------------------------------------------------------------------------------------
# validate, questions, schema


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="Bank or answer files.")],
    bank: BankOption = None,
    lang: LangOption = None,
) -> None:
    """Check bank or answer files and print every problem found."""
    from crm_risk.commands import validate as command

    _done(command.run(files, lang=_language(lang), banks=bank or ()))


@app.command()
def questions(
    output_format: Annotated[
        QuestionsFormat, typer.Option("--format", "-f", help="table, markdown or json.")
    ] = QuestionsFormat.table,
    lang: LangOption = None,
    bank: BankOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Show the questionnaire itself (to read or print before a meeting)."""
    from crm_risk.commands import questions as command

    _done(
        command.run(
            fmt=output_format.value,
            lang=_language(lang),
            banks=bank or (),
            output=output,
            force=force,
        )
    )


@app.command()
def schema(
    kind: Annotated[str, typer.Argument(metavar="bank|answers|results", help="Which format.")],
) -> None:
    """Print the JSON Schema of a bank file, an answer file or score's JSON (for editors)."""
    from crm_risk.commands import schema as command

    _done(command.run(kind))


@app.command()
def compare(  # noqa: PLR0917 - typer reads one parameter per option
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="OLD NEW | DIR",
            help="Two answer files of one project (then, now), or a folder of them for the trend.",
        ),
    ],
    output_format: Annotated[
        QuestionsFormat, typer.Option("--format", "-f", help="table, markdown or json.")
    ] = QuestionsFormat.table,
    fail_on_worse: Annotated[
        bool,
        typer.Option("--fail-on-worse", help="Exit 1 if any phase's grade got worse (for CI)."),
    ] = False,
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
    bank: BankOption = None,
) -> None:
    """Compare one project then and now: grades per phase, findings resolved, new and worse."""
    from crm_risk.commands import compare as command

    _done(
        command.run(
            paths,
            fmt=output_format.value,
            lang=_language(lang),
            banks=bank or (),
            fail_on_worse=fail_on_worse,
            output=output,
            force=force,
        )
    )


@app.command()
def banks(
    output_format: Annotated[
        BanksFormat, typer.Option("--format", "-f", help="table or json.")
    ] = BanksFormat.table,
    lang: LangOption = None,
) -> None:
    """List the shipped question banks: what each checks, its phases and questions."""
    from crm_risk.commands.questions import run_banks

    _done(run_banks(fmt=output_format.value, lang=_language(lang)))


def main() -> None:
    """Entry point of the ``crmrisk`` script."""
    app()
