"""The commands for editors and shells, ``crmrisk schema`` and ``crmrisk completion`` (registered
in :mod:`crm_risk.cli`, in the order of ``crmrisk --help``)."""

# No `from __future__ import annotations`: typer reads these annotations at run time.

from pathlib import Path
from typing import Annotated, Optional

import typer

from crm_risk import completion
from crm_risk.cli_options import OutputOption


def schema(
    kind: Annotated[
        Optional[str],  # noqa: UP045 - typer needs Optional at run time on 3.11
        typer.Argument(
            metavar="[bank|answers|results]",
            help="Which format: a bank file, an answer file, or score's JSON.",
            autocompletion=completion.schema_kinds,
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the files it writes if they exist.")
    ] = False,
    all_to: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--all",
            metavar="DIR",
            help="Write every schema into DIR as bank.schema.json, answers.schema.json and "
            "results.schema.json.",
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of a bank file, an answer file or score's JSON (for editors).

    With the YAML language server (VS Code's YAML extension, and other editors), a file that
    begins with a line like this one is checked against the schema as it is typed:

    \b
      # yaml-language-server: $schema=./answers.schema.json
    """
    from crm_risk.commands import schema as command

    code = command.run(kind, output=output, force=force, all_to=all_to)
    if code:
        raise typer.Exit(code)


def completion_script(
    shell: Annotated[completion.Shell, typer.Argument(help="The shell to complete crmrisk in.")],
) -> None:
    """Print the shell script that completes crmrisk's commands, options, bank ids and file names.

    Install it as the examples show; it works in shells started after that. In zsh, the script
    may also be saved as _crmrisk in a folder of $fpath.
    """
    typer.echo(completion.script(shell.value), nl=False)
