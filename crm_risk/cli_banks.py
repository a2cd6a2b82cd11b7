"""The commands about the banks themselves: ``crmrisk validate``, ``questions`` and ``banks``
(registered in :mod:`crm_risk.cli`, in the order of ``crmrisk --help``)."""

# No `from __future__ import annotations`: typer reads these annotations at run time.

from pathlib import Path
from typing import Annotated

import typer

from crm_risk.cli_options import (
    BankOption,
    ForceOption,
    LangOption,
    OutputOption,
    done,
    language,
)
from crm_risk.render import BanksFormat, QuestionsFormat


def validate(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Bank or answer files.")],
    bank: BankOption = None,
    lang: LangOption = None,
) -> None:
    """Check bank or answer files and print every problem found."""
    from crm_risk.commands import validate as command

    done(command.run(files, lang=language(lang), banks=bank or ()))


def questions(
    output_format: Annotated[
        QuestionsFormat,
        typer.Option("--format", "-f", metavar="FORMAT", help="table, markdown or json."),
    ] = QuestionsFormat.table,
    lang: LangOption = None,
    bank: BankOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Show the questionnaire itself (to read or print before a meeting)."""
    from crm_risk.commands import questions as command

    done(
        command.run(
            fmt=output_format.value,
            lang=language(lang),
            banks=bank or (),
            output=output,
            force=force,
        )
    )


def banks(
    output_format: Annotated[
        BanksFormat, typer.Option("--format", "-f", metavar="FORMAT", help="table or json.")
    ] = BanksFormat.table,
    lang: LangOption = None,
) -> None:
    """List the shipped question banks: what each checks, its phases and questions."""
    from crm_risk.commands.questions import run_banks

    done(run_banks(fmt=output_format.value, lang=language(lang)))
