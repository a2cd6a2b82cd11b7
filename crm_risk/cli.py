"""The ``crmrisk`` command line: parse arguments, call the core, hand results to a renderer.

A thin shell. Heavy modules (pydantic, PyYAML, the models) are imported inside the commands that
need them, so ``crmrisk --version`` and ``--help`` start fast. Errors are mapped to exit codes in
one place, :class:`_Group.invoke`: 0 fine, 1 ``--fail-on`` reached, 2 bad usage or input,
130 interrupted.
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
from crm_risk.errors import CrmRiskError, InputError, NotAnswersError, UsageError
from crm_risk.i18n import ROLES, Lang, resolve_lang
from crm_risk.render import QuestionsFormat, ScoreFormat

EXIT_OK, EXIT_THRESHOLD, EXIT_INPUT, EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 0, 1, 2, 130, 141

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
        raise typer.Exit(EXIT_INPUT)
    message = str(error.format_message()).replace("Value error, ", "")
    command = error.ctx.command_path if getattr(error, "ctx", None) is not None else "crmrisk"
    _say_error(f"{message} (see '{command} --help')")
    raise typer.Exit(EXIT_INPUT)


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
            raise typer.Exit(EXIT_BROKEN_PIPE) from None
        except KeyboardInterrupt:
            sys.stderr.write("\ncrmrisk: interrupted\n")
            raise typer.Exit(EXIT_INTERRUPTED) from None


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
    Optional[str],  # noqa: UP045
    typer.Option("--bank", metavar="NAME_OR_PATH", help="A shipped bank's id or a bank file."),
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


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    # Colour only on a terminal (rich's own check); NO_COLOR is honoured by rich itself.
    return Console(stderr=stderr, highlight=False, markup=False, emoji=False)


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


# Each output format is one renderer module with the same function names (STYLE: renderers per
# format); `table` is the rich terminal renderer.
_RENDERERS = {
    "table": "crm_risk.render.terminal",
    "markdown": "crm_risk.render.markdown",
    "json": "crm_risk.render.json_",
}


def _show(output_format: str, function: str, *args: Any) -> None:
    """Render with ``function`` of the format's renderer; text is written, rich is printed."""
    import importlib

    rendered = getattr(importlib.import_module(_RENDERERS[output_format]), function)(*args)
    if isinstance(rendered, str):
        _write(rendered)
    else:
        _console().print(rendered)


def _fail(message: str) -> NoReturn:
    raise UsageError(message)


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
    from crm_risk.loading import expand_paths, load_answers_file
    from crm_risk.results import Assessment
    from crm_risk.scoring import score as score_answers

    language = resolve_lang(lang.value if lang else None)
    results: list[Assessment] = []
    problems: list[str] = []
    for argument in paths:
        # One bad file or directory does not stop the others: each problem is listed at the end.
        try:
            files = list(expand_paths([argument]))
        except InputError as error:
            problems.extend(error.lines())
            continue
        for path in files:
            try:
                loaded = load_answers_file(path, bank=bank)
            except NotAnswersError as error:
                if path != argument:
                    continue  # found in a folder: a bank kept beside the answers it is for
                problems.extend(error.lines())
                continue
            except InputError as error:
                problems.extend(error.lines())
                continue
            results.append(score_answers(loaded.bank, loaded.answers, file=loaded.file))

    if fail_on is not None:
        for result in results:
            if fail_on not in result.bank.grade_ids():
                grades = ", ".join(result.bank.grade_ids())
                _fail(
                    f"--fail-on: unknown grade {fail_on!r} for bank {result.bank.id}; grades: {grades}"
                )

    if group:
        _score_group(results, problems, output_format, language, fail_on)
        return
    if results or output_format is ScoreFormat.json:
        _print_results(results, output_format, language, problems)
    for line in problems:
        _say_error(line)
    if problems:
        raise typer.Exit(EXIT_INPUT)
    if fail_on is not None and any(result.at_least(fail_on) for result in results):
        raise typer.Exit(EXIT_THRESHOLD)


def _score_group(
    results: list[Any],
    problems: list[str],
    output_format: ScoreFormat,
    lang: Lang,
    fail_on: str | None,
) -> None:
    """``score --group``: every file must load, and they must share project and bank."""
    from crm_risk.group import score_group

    if problems:
        # A group report missing a respondent would hide exactly the disagreement it is for.
        for line in problems:
            _say_error(line)
        raise typer.Exit(EXIT_INPUT)
    seen: set[Path] = set()
    unique = []
    for result in results:
        key = Path(result.file).resolve()
        if key not in seen:
            seen.add(key)
            unique.append(result)
    scored = score_group(unique)
    _show(output_format.value, "render_group", scored, lang)
    if fail_on is not None and scored.at_least(fail_on):
        raise typer.Exit(EXIT_THRESHOLD)


def _print_results(
    results: list[Any], output_format: ScoreFormat, lang: Lang, problems: list[str]
) -> None:
    if output_format is ScoreFormat.json:
        _show("json", "render_assessments", results, lang, problems)
    elif len(results) == 1:
        _show(output_format.value, "render", results[0], lang)
    else:
        _show(output_format.value, "render_summary", results, lang)


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

    language = resolve_lang(lang.value if lang else None)
    options = Options(
        today=dt.date.today(),
        lang=language,
        lang_given=lang is not None,
        bank=bank,
        out=out,
        resume=resume,
        project=project,
        respondent=respondent,
        role=role,
        context=tuple(context or ()),
        report=report_path,
        force=force,
    )
    code = run(options, out=_console(), err=_console(stderr=True))
    if code:
        raise typer.Exit(code)


# ---------------------------------------------------------------------------------------------
# report


@app.command()
def report(
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
) -> None:
    """Write the markdown report of one answer file (to send after a meeting)."""
    from crm_risk.fileio import same_file, write_atomic
    from crm_risk.loading import load_answers_file
    from crm_risk.render import markdown
    from crm_risk.scoring import score as score_answers

    language = resolve_lang(lang.value if lang else None)
    loaded = load_answers_file(answers, bank=bank)
    result = score_answers(loaded.bank, loaded.answers, file=loaded.file)
    text = markdown.render(result, language)
    if output is None or str(output) == "-":
        _write(text)
        return
    if same_file(output, answers):
        _fail(f"{output}: is the answer file itself; write the report to another file")
    write_atomic(output, text, overwrite=force)
    sys.stderr.write(f"crmrisk: wrote {output}\n")


# ---------------------------------------------------------------------------------------------
# validate


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="Bank or answer files.")],
    bank: BankOption = None,
    lang: LangOption = None,
) -> None:
    """Check bank or answer files and print every problem found."""
    from crm_risk.i18n import ui
    from crm_risk.loading import validate_file
    from crm_risk.text import clean

    language = resolve_lang(lang.value if lang else None)
    failed = False
    for path in files:
        try:
            kind, model = validate_file(path, bank=bank)
        except InputError as error:
            failed = True
            for line in error.lines():
                _say_error(line)
            continue
        if kind == "bank":
            line = ui("valid_bank", language, file=path, id=model.id, version=model.version)
        else:
            line = ui("valid_answers", language, file=path, bank=model.bank.id)
        _write(clean(line, keep_newlines=False) + "\n")
    if failed:
        raise typer.Exit(EXIT_INPUT)


# ---------------------------------------------------------------------------------------------
# questions, schema


@app.command()
def questions(
    output_format: Annotated[
        QuestionsFormat, typer.Option("--format", "-f", help="table, markdown or json.")
    ] = QuestionsFormat.table,
    lang: LangOption = None,
    bank: BankOption = None,
) -> None:
    """Show the questionnaire itself (to read or print before a meeting)."""
    from crm_risk.loading import resolve_bank

    language = resolve_lang(lang.value if lang else None)
    bank_model = resolve_bank(bank or "seven-questions").model
    _show(output_format.value, "render_questions", bank_model, language)


@app.command()
def schema(
    kind: Annotated[str, typer.Argument(metavar="bank|answers", help="Which format.")],
) -> None:
    """Print the JSON Schema of the bank or answer-file format (for editors)."""
    import json

    from crm_risk.answers import AnswerFile
    from crm_risk.bank import Bank

    models: dict[str, Any] = {"bank": Bank, "answers": AnswerFile}
    if kind not in models:
        _fail(f"schema: unknown kind {kind!r}; choose bank or answers")
    document = models[kind].model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = f"crmrisk {kind} file"
    _write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def main() -> None:
    """Entry point of the ``crmrisk`` script."""
    app()
