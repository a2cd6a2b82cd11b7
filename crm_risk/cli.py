"""The ``crmrisk`` command line: options in, a call to :mod:`crm_risk.commands`, an exit code out.

A thin shell. Each command only turns its options into arguments and calls its ``run``
(``crm_risk/commands/<name>.py``); heavy modules load there, so ``crmrisk --version`` and
``--help`` start fast. Errors are mapped to exit codes in one place, :class:`_Group.invoke`
(see :class:`crm_risk.errors.ExitCode`).
"""

# No `from __future__ import annotations`: typer reads these annotations at run time.

import contextlib
import os
import sys
import traceback
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer
from typer.core import TyperGroup

from crm_risk import __version__
from crm_risk.errors import CrmRiskError, ExitCode
from crm_risk.i18n import ROLES, Lang
from crm_risk.i18n.choose import resolve_lang
from crm_risk.render import QuestionsFormat, ScoreFormat

# click's UsageError, wherever this typer version keeps click (it may vendor it).
_ClickUsageError: type[Exception] = typer.BadParameter.__mro__[1]


def _say_error(line: str) -> None:
    from crm_risk.text import clean

    sys.stderr.write(f"crmrisk: error: {clean(line, keep_newlines=False)}\n")
    sys.stderr.flush()


def _usage_error(error: Any) -> NoReturn:
    """A command-line mistake as one line, with where to find the right usage."""
    if type(error).__name__ == "NoArgsIsHelpError":  # bare `crmrisk`: the help, as click shows it
        error.show()
        raise typer.Exit(ExitCode.BAD_INPUT)
    message = str(error.format_message()).replace("Value error, ", "")
    command = error.ctx.command_path if getattr(error, "ctx", None) is not None else "crmrisk"
    _say_error(f"{message} (see '{command} --help')")
    raise typer.Exit(ExitCode.BAD_INPUT)


class _Group(TyperGroup):
    """The one error handler: expected errors become one line each and an exit code.

    It also answers ``crmrisk COMMAND --help`` before any parameter is processed: recent typer
    versions coerce every parameter value through pydantic, and help must stay as light as
    ``--version``.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        options = args[: args.index("--")] if "--" in args else args
        if any(arg in ("-h", "--help") for arg in options):
            name = next((arg for arg in options if not arg.startswith("-")), None)
            command = self.get_command(ctx, name) if name else None
            if command is not None:
                sub = command.context_class(command, info_name=name, parent=ctx)
                typer.echo(sub.get_help(), color=ctx.color)
                ctx.exit()
        return list(super().parse_args(ctx, args))

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except _ClickUsageError as error:
            _usage_error(error)

    def invoke(self, ctx: Any) -> Any:  # click.Context (typer may vendor click)
        try:
            return super().invoke(ctx)
        except _ClickUsageError as error:
            _usage_error(error)
        except CrmRiskError as error:
            if os.environ.get("CRMRISK_DEBUG") or (ctx.obj or {}).get("debug"):
                traceback.print_exc()
            for line in error.lines():
                _say_error(line)
            raise typer.Exit(error.exit_code) from None
        except BrokenPipeError:
            # Output piped into `head` and the like: stop quietly, as other Unix tools do, with
            # the status a shell reports for SIGPIPE. Later flushes go to /dev/null.
            with contextlib.suppress(OSError, ValueError, AttributeError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(ExitCode.BROKEN_PIPE) from None
        except KeyboardInterrupt:
            sys.stderr.write("\ncrmrisk: interrupted\n")
            raise typer.Exit(ExitCode.INTERRUPTED) from None


app = typer.Typer(
    cls=_Group,
    name="crmrisk",
    help="A rapid risk check for CRM projects: the CRM seven questions, scored per phase.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

LangOption = Annotated[
    Optional[Lang],  # noqa: UP045 - typer needs Optional at run time on 3.11
    typer.Option(
        "--lang",
        help="Language of the output: zh or en. Default: $CRMRISK_LANG, then the locale, then en.",
        show_default=False,
    ),
]
BankOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--bank",
        metavar="NAME_OR_PATH",
        help="A shipped bank's id or a bank file; repeat for several, 'all' for every shipped bank.",
    ),
]


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
        ScoreFormat, typer.Option("--format", "-f", help="table, json or markdown.")
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
) -> None:
    """Score answer files: a full report for one file, a summary for several.

    With --group, the files (one per respondent of one project and bank) make one group report.
    """
    from crm_risk.commands import score as command

    _done(
        command.run(
            paths,
            fmt=output_format.value,
            lang=_language(lang),
            banks=bank or (),
            fail_on=fail_on,
            group=group,
        )
    )


# ---------------------------------------------------------------------------------------------
# assess


@app.command()
def assess(  # noqa: PLR0917 - typer reads one parameter per option
    bank: BankOption = None,
    lang: LangOption = None,
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            help="Answer file to write. Default: <project>-<date>-<respondent>.yaml here.",
        ),
    ] = None,
    resume: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--resume", metavar="FILE", help="Continue FILE at its first unanswered question."
        ),
    ] = None,
    project: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--project", metavar="NAME", help="The project (asked if not given)."),
    ] = None,
    respondent: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--respondent", metavar="NAME", help="Who answers (asked if not given)."),
    ] = None,
    role: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--role",
            metavar="ROLE",
            help=f"The respondent's role (asked if not given): {', '.join(ROLES)}.",
        ),
    ] = None,
    context: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--context",
            metavar="FIELD=OPTION",
            help="A context fact, e.g. crm_kind=after-sales-service (asked if not given).",
        ),
    ] = None,
    report_path: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--report", metavar="FILE.md", help="Also write the markdown report here."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing --out or --report file.")
    ] = False,
) -> None:
    """Run the questionnaire live, one question at a time; every answer is saved at once.

    Keys at a question: a number answers, ? help, n note, b back, s skip, u "we don't know",
    q save and quit; Enter alone keeps an answer given before. With standard input not a
    terminal, one line is read per key, so a session can be scripted.
    """
    import datetime as dt

    from crm_risk.assess_run import Options, run
    from crm_risk.commands.output import console

    options = Options(
        today=dt.date.today(),
        lang=_language(lang),
        lang_given=lang is not None,
        bank=bank[-1] if bank else None,
        out=out,
        resume=resume,
        project=project,
        respondent=respondent,
        role=role,
        context=tuple(context or ()),
        report=report_path,
        force=force,
    )
    _done(run(options, out=console(), err=console(stderr=True)))


# ---------------------------------------------------------------------------------------------
# report


@app.command()
def report(  # noqa: PLR0917 - typer reads one parameter per option
    answers: Annotated[Path, typer.Argument(metavar="ANSWERS", help="An answer file.")],
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output", "-o", metavar="FILE.md", help="Write here instead of standard output."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE.md if it exists.")] = False,
    lang: LangOption = None,
    bank: BankOption = None,
    template: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--template",
            metavar="FILE",
            help="Your own Jinja2 template for the markdown report (rendered in a sandbox).",
        ),
    ] = None,
) -> None:
    """Write the markdown report of one answer file (to send after a meeting)."""
    from crm_risk.commands import report as command
    from crm_risk.render.registry import RenderOptions

    _done(
        command.run(
            answers,
            lang=_language(lang),
            banks=bank or (),
            output=output,
            force=force,
            options=RenderOptions(template=template),
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
) -> None:
    """Show the questionnaire itself (to read or print before a meeting)."""
    from crm_risk.commands import questions as command

    _done(command.run(fmt=output_format.value, lang=_language(lang), banks=bank or ()))


@app.command()
def schema(
    kind: Annotated[str, typer.Argument(metavar="bank|answers|results", help="Which format.")],
) -> None:
    """Print the JSON Schema of a bank file, an answer file or score's JSON (for editors)."""
    from crm_risk.commands import schema as command

    _done(command.run(kind))


def main() -> None:
    """Entry point of the ``crmrisk`` script."""
    app()
