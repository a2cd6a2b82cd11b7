"""The command line's one error handler: expected errors become one line and an exit code.

Messages are put into the user's language here, as they are printed: ``--lang`` as the command
line gives it (read from the arguments themselves, so that a usage error in them is said in that
language too), else the environment's.

Also answers ``crmrisk COMMAND --help`` before any parameter is processed: recent typer versions
coerce every parameter value through pydantic, and help must stay as light as ``--version``.
"""

# No `from __future__ import annotations`: typer reads annotations at run time.

import contextlib
import os
import sys
import traceback
from collections.abc import MutableMapping, Sequence
from typing import Any, NoReturn

import typer
from typer.core import TyperGroup

from crm_risk.cli_help import ROOT_EPILOG, ROOT_EXAMPLES, write_examples
from crm_risk.errors import CrmRiskError, ExitCode, InputError

# click's UsageError, wherever this typer version keeps click (it may vendor it).
_ClickUsageError: type[Exception] = typer.BadParameter.__mro__[1]
#: Where the root context keeps the command line's arguments (for the language of its errors).
_ARGV = "crmrisk.argv"


def _lang(argv: Sequence[str]) -> Any:
    from crm_risk.i18n.choose import lang_from_argv

    return lang_from_argv(argv)


def _said(message: Any, argv: Sequence[str]) -> str:
    """A message (a ``Msg`` or text) in the command line's language."""
    from crm_risk.i18n.say import localize

    return localize(message, _lang(argv))


def _say_error(line: str) -> None:
    from crm_risk.commands.output import say_error

    say_error(line)


def _usage_error(error: Any, argv: Sequence[str]) -> NoReturn:
    """A command-line mistake as one line, with where to find the right usage."""
    if type(error).__name__ == "NoArgsIsHelpError":  # bare `crmrisk`: the help, as click shows it
        error.show()
        raise typer.Exit(ExitCode.BAD_INPUT)
    from crm_risk.i18n.usage import usage_line

    message = str(error.format_message()).replace("Value error, ", "")
    command = error.ctx.command_path if getattr(error, "ctx", None) is not None else "crmrisk"
    _say_error(_said(usage_line(message, command), argv))
    raise typer.Exit(ExitCode.BAD_INPUT)


class Group(TyperGroup):
    """The one error handler: expected errors become one line each and an exit code.

    It also answers ``crmrisk COMMAND --help`` before any parameter is processed: recent typer
    versions coerce every parameter value through pydantic, and help must stay as light as
    ``--version``.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        options = args[: args.index("--")] if "--" in args else args
        if not ctx.resilient_parsing and any(arg in ("-h", "--help") for arg in options):
            name = next((arg for arg in options if not arg.startswith("-")), None)
            command = self.get_command(ctx, name) if name else None
            if command is not None:
                sub = command.context_class(command, info_name=name, parent=ctx)
                typer.echo(sub.get_help(), color=ctx.color)
                ctx.exit()
        return list(super().parse_args(ctx, args))

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        super().format_epilog(ctx, formatter)
        write_examples(formatter, ROOT_EXAMPLES, ROOT_EPILOG)

    def _main_shell_completion(
        self, ctx_args: MutableMapping[str, Any], prog_name: str, complete_var: str | None = None
    ) -> None:
        """Shell completion (:mod:`crm_risk.completion`), whatever name crmrisk was run by."""
        from crm_risk.completion import COMPLETE_VAR, respond

        instruction = os.environ.get(COMPLETE_VAR)
        if instruction:
            sys.exit(respond(self, ctx_args, instruction))

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        argv = list(args)
        try:
            ctx = super().make_context(info_name, args, parent=parent, **extra)
        except _ClickUsageError as error:
            _usage_error(error, argv)
        ctx.meta.setdefault(_ARGV, argv)
        return ctx

    def invoke(self, ctx: Any) -> Any:  # click.Context (typer may vendor click)
        argv: list[str] = ctx.meta.get(_ARGV, [])
        try:
            return super().invoke(ctx)
        except _ClickUsageError as error:
            _usage_error(error, argv)
        except CrmRiskError as error:
            if os.environ.get("CRMRISK_DEBUG") or (ctx.obj or {}).get("debug"):
                traceback.print_exc()
            if isinstance(error, InputError):
                from crm_risk.commands.output import say_problems

                say_problems(error.problems, _lang(argv))
            else:
                _say_error(_said(error.message, argv))
            raise typer.Exit(error.exit_code) from None
        except BrokenPipeError:
            # Output piped into `head` and the like: stop quietly, as other Unix tools do, with
            # the status a shell reports for SIGPIPE. Later flushes go to /dev/null.
            with contextlib.suppress(OSError, ValueError, AttributeError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(ExitCode.BROKEN_PIPE) from None
        except KeyboardInterrupt:
            from crm_risk.msg import _

            sys.stderr.write(f"\ncrmrisk: {_said(_('interrupted'), argv)}\n")
            raise typer.Exit(ExitCode.INTERRUPTED) from None
