"""How the command line presents itself: the help's layout, each command's summary and examples.

typer 0.29 writes a parameter's type after its name (``FILE_OR_DIR <list[Path]>``,
``--lang <zh|en>``, ``--template <path>``) and braces around a required argument in the usage line
(``{FILE_OR_DIR}...``). Here, once for every command: an argument is shown by its metavar as
written (``FILE_OR_DIR...``, ``OLD NEW | DIR``), an option by its metavar or its choices
(``--lang zh|en``), never by its Python type. :class:`Command` adopts every parameter typer made
for it into :class:`Argument` or :class:`Option`, which differ from typer's only in how they are
shown and completed; :class:`App` makes every command a :class:`Command`.

Nothing here imports pydantic, PyYAML or the models: ``--help`` stays as light as ``--version``.
"""

# No `from __future__ import annotations`: typer reads annotations at run time.

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import typer
from typer.core import TyperArgument, TyperCommand, TyperOption


@dataclass(frozen=True)
class Example:
    """A command to copy, and what it does."""

    command: str
    does: str


@dataclass(frozen=True)
class CommandHelp:
    """What ``crmrisk --help`` says of a command (one line), and its examples."""

    summary: str
    examples: tuple[Example, ...]


#: The root's examples and each command's summary and examples. Every example works from a
#: checkout of the repository (tests/test_help.py runs them all).
ROOT_EXAMPLES = (
    Example("crmrisk questions", "The seven questions, to read before a meeting."),
    Example("crmrisk assess", "Ask them in the meeting; every answer is saved at once."),
    Example(
        "crmrisk score examples/high-risk-key-account.yaml",
        "Score an answer file: risk per phase, findings, advice.",
    ),
)
ROOT_EPILOG = "Run 'crmrisk COMMAND --help' for a command's options and examples."

HELP: dict[str, CommandHelp] = {
    "score": CommandHelp(
        "Score answer files: one file's report, or a summary of several.",
        (
            Example(
                "crmrisk score examples/high-risk-key-account.yaml",
                "The full report of one answer file.",
            ),
            Example(
                "crmrisk score examples/ --fail-on high",
                "A summary of every answer file in a folder, worst first; exit status 1 if "
                "any is graded high or worse.",
            ),
            Example(
                "crmrisk score examples/ --format junit --fail-on high -o results.xml",
                "JUnit XML for a CI server: a failed test for each answer that is high or worse.",
            ),
        ),
    ),
    "assess": CommandHelp(
        "Ask the questions live; every answer is saved at once.",
        (
            Example(
                "crmrisk assess",
                "Asks for the project, the respondent and their role, then the seven questions. "
                "The answers go to <project>-<date>-<respondent>.yaml.",
            ),
            Example(
                "crmrisk assess --bank all -o kickoff.yaml --report kickoff.md",
                "Every shipped bank; the answer file is named, and the report written at the end.",
            ),
            Example("crmrisk assess --resume kickoff.yaml", "Go on where a session stopped."),
        ),
    ),
    "report": CommandHelp(
        "Write the report of an answer file or a meeting.",
        (
            Example(
                "crmrisk report examples/healthy-service.yaml -o healthy.md",
                "The markdown report, to send after the meeting.",
            ),
            Example(
                "crmrisk report examples/healthy-service.yaml -o healthy.html",
                "The same report as one web page, to send or print.",
            ),
            Example(
                "crmrisk report examples/half-answered.yaml --lang zh",
                "In Chinese, to standard output.",
            ),
        ),
    ),
    "validate": CommandHelp(
        "Check bank and answer files; list every problem.",
        (
            Example("crmrisk validate examples/*.yaml", "Check answer files."),
            Example(
                "crmrisk validate questions/seven-questions.yaml",
                "Check a bank file (here a shipped one; your own bank the same way).",
            ),
        ),
    ),
    "questions": CommandHelp(
        "Show the questionnaire, to read or print.",
        (
            Example("crmrisk questions", "The seven questions, with their choices."),
            Example(
                "crmrisk questions --format markdown -o questions.md",
                "To print, with boxes to tick.",
            ),
            Example("crmrisk questions --bank all --format json", "Every shipped bank, as JSON."),
        ),
    ),
    "schema": CommandHelp(
        "Print the JSON Schema of a file format, for editors.",
        (
            Example(
                "crmrisk schema answers -o answers.schema.json",
                "The answer files' schema, for the line above.",
            ),
            Example(
                "crmrisk schema --all schemas",
                "The bank, answers and results schemas, into the folder schemas.",
            ),
        ),
    ),
    "compare": CommandHelp(
        "Compare one project then and now, or its trend.",
        (
            Example(
                "crmrisk compare examples/progress/harbin-*.yaml",
                "Two answer files, then and now (the shell sorts them by name: by date here).",
            ),
            Example(
                "crmrisk compare examples/progress/ --format markdown -o trend.md",
                "Every answer file of the folder, oldest first, with a chart.",
            ),
            Example(
                "crmrisk compare examples/progress/ --fail-on-worse",
                "Exit status 1 if a phase's grade got worse since the file before.",
            ),
        ),
    ),
    "banks": CommandHelp(
        "List the shipped question banks.",
        (
            Example("crmrisk banks", "Each bank's id, version, title, phases and questions."),
            Example("crmrisk banks --format json", "The same as JSON."),
        ),
    ),
    "completion": CommandHelp(
        "Print the shell completion script for bash, zsh or fish.",
        (
            Example(
                'eval "$(crmrisk completion bash)"',
                "In ~/.bashrc: complete crmrisk's commands, options, banks and files.",
            ),
            Example(
                'eval "$(crmrisk completion zsh)"',
                "In ~/.zshrc, after compinit.",
            ),
            Example(
                "crmrisk completion fish > ~/.config/fish/completions/crmrisk.fish",
                "For fish, once.",
            ),
        ),
    ),
}


def write_examples(formatter: Any, examples: Sequence[Example], closing: str = "") -> None:
    """An "Examples" section: each command as it is typed (never wrapped), what it does below."""
    if not examples and not closing:
        return
    formatter.write_paragraph()
    formatter.write_text("Examples:")
    with formatter.indentation():
        for example in examples:
            formatter.write(f"{'':>{formatter.current_indent}}{example.command}\n")
            with formatter.indentation(), formatter.indentation():
                formatter.write_text(example.does)
    if closing:
        formatter.write_paragraph()
        formatter.write_text(closing)


# ---------------------------------------------------------------------------------------------
# parameters


def _choices(param: TyperArgument | TyperOption) -> str | None:
    choices = param.type_descriptor.choices
    if choices is None:
        return None
    return "|".join(str(getattr(choice, "value", choice)) for choice in choices)


def _value_type(param: TyperArgument | TyperOption) -> Any:
    """The type of one value of ``param`` (of each, for a list)."""
    annotation = param.type_descriptor.annotation
    if param.type_descriptor.is_list:
        (annotation,) = get_args(annotation)
    return annotation


def _names_files(param: TyperArgument | TyperOption) -> bool:
    """Whether a value of ``param`` may be a path: a ``Path``, or a metavar that says so
    (``--bank NAME_OR_PATH``)."""
    value_type = _value_type(param)
    is_path = isinstance(value_type, type) and issubclass(value_type, Path)
    return is_path or (param.metavar or "").endswith(("PATH", "FILE"))


def _complete(param: TyperArgument | TyperOption, items: list[Any], incomplete: str) -> list[Any]:
    """typer's completions of ``param`` (its choices or its own completer), and the shell's
    file names where the value may be a path."""
    if _names_files(param):
        from typer._click.shell_completion import CompletionItem

        items = [*items, CompletionItem(incomplete, type="file")]
    return items


class Argument(TyperArgument):
    """An argument shown as its metavar is written: ``FILE_OR_DIR...`` in the usage line and in
    the Arguments section alike. Without a metavar: its choices (``bash|zsh|fish``) or its name
    in capitals, with ``...`` when it takes several values and in brackets when optional."""

    def plain_name(self) -> str:
        if self.metavar is not None:
            return self.metavar
        name = _choices(self) or self.name.upper()
        if self.nargs != 1:
            name += "..."
        return name if self.required else f"[{name}]"

    def _usage_display_name(self) -> str:  # typer: "{NAME}..." for a required argument
        return self.plain_name()

    def _rich_display_name(self) -> str:  # typer: the name column of the Arguments section
        return self.plain_name()

    def display_type_rich(self, ctx: Any) -> str | None:  # typer: "<list[Path]>" after the name
        return None

    def get_error_hint(self) -> str:  # "Missing argument 'FILE_OR_DIR'."
        return f"'{self.plain_name().removesuffix('...')}'"

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        return _complete(self, super().shell_complete(ctx, incomplete), incomplete)


_TYPE_NAMES = {str: "TEXT", int: "INTEGER", float: "FLOAT", Path: "PATH"}


class Option(TyperOption):
    """An option's value shown as its metavar (``--output FILE``), or its choices
    (``--lang zh|en``), or its type in capitals as click writes it (``TEXT``), never as typer's
    ``<path>``."""

    def display_type_rich(self, ctx: Any) -> str | None:
        if self.metavar is not None:
            return self.metavar
        choices = _choices(self)
        if choices is not None:
            return choices
        value_type = _value_type(self)
        return _TYPE_NAMES.get(value_type, getattr(value_type, "__name__", "VALUE").upper())

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        return _complete(self, super().shell_complete(ctx, incomplete), incomplete)


def adopt(param: Any) -> Any:
    """``param`` shown and completed as :class:`Argument` or :class:`Option` (same object, the
    subclass adds no state)."""
    if type(param) is TyperArgument:
        param.__class__ = Argument
    elif type(param) is TyperOption:
        param.__class__ = Option
    return param


# ---------------------------------------------------------------------------------------------
# commands


class Command(TyperCommand):
    """A command whose parameters are shown plainly (:func:`adopt`), whose one-line summary in
    ``crmrisk --help`` is its :data:`HELP` entry's, and whose help ends with its examples."""

    def __init__(self, name: str | None, **kwargs: Any) -> None:
        entry = HELP.get(name or "")
        kwargs["params"] = [adopt(param) for param in kwargs.get("params") or ()]
        if kwargs.get("short_help") is None and entry is not None:
            kwargs["short_help"] = entry.summary
        super().__init__(name, **kwargs)
        self.examples = entry.examples if entry is not None else ()

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        super().format_epilog(ctx, formatter)
        write_examples(formatter, self.examples)


class App(typer.Typer):
    """``typer.Typer`` whose commands are :class:`Command`."""

    def command(
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any
    ) -> Callable[[Any], Any]:
        return super().command(name, cls=cls or Command, **kwargs)
