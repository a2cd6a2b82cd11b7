"""The ``crmrisk`` command line: options in, a call to :mod:`crm_risk.commands`, an exit code out.

A thin shell. Each command only turns its options into arguments and calls its ``run``
(``crm_risk/commands/<name>.py``); heavy modules load there, so ``crmrisk --version`` and
``--help`` start fast. Errors are mapped to exit codes in one place,
:class:`crm_risk.cli_handler.Group` (see :class:`crm_risk.errors.ExitCode`).
"""

# No `from __future__ import annotations`: typer reads these annotations at run time.

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from crm_risk import __version__, cli_banks, cli_tools
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
from crm_risk.cli_help import App
from crm_risk.cli_options import (
    BankOption,
    ForceOption,
    IndentOption,
    JobsOption,
    LangOption,
    NamesOption,
    OutputOption,
    done,
    language,
)
from crm_risk.render import QuestionsFormat, ReportFormat, ScoreFormat

app = App(
    cls=Group,
    name="crmrisk",
    help=(
        "A rapid risk check for CRM projects: the seven questions and four deeper banks,"
        " graded per phase."
    ),
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
    """A rapid risk check for CRM projects: the seven questions and four deeper banks, graded per
    phase."""
    ctx.obj = {"debug": debug}
    if debug:
        os.environ["CRMRISK_DEBUG"] = "1"  # for the messages of a batch, said by each command


# ---------------------------------------------------------------------------------------------
# score


@app.command()
def score(  # noqa: PLR0917 - typer reads one parameter per option
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE_OR_DIR...", help="Answer files, or folders to search for them."
        ),
    ],
    output_format: Annotated[
        ScoreFormat,
        typer.Option("--format", "-f", metavar="FORMAT", help="table, json, markdown or junit."),
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
    jobs: JobsOption = None,
    indent: IndentOption = None,
) -> None:
    """Score answer files: a full report for one file, a summary for several.

    A phase's grade comes from the weighted mean of its answers' risks, lifted by any decisive or
    red-flag answer. A finding's severity is its own answer's risk on the same scale, so one
    serious answer reads as serious however good the rest of its phase is.

    With --group, the files (one per respondent of one project and bank) make one group report.
    """
    from crm_risk.commands import score as command
    from crm_risk.render.registry import RenderOptions

    done(
        command.run(
            paths,
            fmt=output_format.value,
            lang=language(lang),
            banks=bank or (),
            fail_on=fail_on,
            group=group,
            output=output,
            force=force,
            jobs=jobs,
            options=RenderOptions(fail_on=fail_on, names=names, indent=indent),
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
        lang=language(lang),
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
    done(run(options, out=console(), err=console(stderr=True)))


# ---------------------------------------------------------------------------------------------
# report


@app.command()
def report(  # noqa: PLR0917 - typer reads one parameter per option
    answers: Annotated[
        list[Path],
        typer.Argument(metavar="ANSWERS...", help="An answer file (several with --group)."),
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
            metavar="FORMAT",
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

    fmt = output_format.value if output_format else None  # None: as the output's name says
    done(
        command.run(
            answers,
            lang=language(lang),
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


app.command()(cli_banks.validate)
app.command()(cli_banks.questions)
app.command()(cli_tools.schema)


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
        QuestionsFormat,
        typer.Option("--format", "-f", metavar="FORMAT", help="table, markdown or json."),
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

    done(
        command.run(
            paths,
            fmt=output_format.value,
            lang=language(lang),
            banks=bank or (),
            fail_on_worse=fail_on_worse,
            output=output,
            force=force,
        )
    )


app.command()(cli_banks.banks)
app.command("completion")(cli_tools.completion_script)


def main() -> None:
    """Entry point of the ``crmrisk`` script."""
    app()
