"""Options several commands share (typer reads them from these annotations)."""

# No `from __future__ import annotations`: typer reads annotations at run time.

from pathlib import Path
from typing import Annotated, Optional

import typer

from crm_risk.completion import bank_ids
from crm_risk.i18n import Lang

LangOption = Annotated[
    Optional[Lang],  # noqa: UP045 - typer needs Optional at run time on 3.11
    typer.Option(
        "--lang",
        metavar="zh|zh-Hant|en",  # zh-Hans, also accepted, is zh
        help=(
            "Language of the output (zh-Hant: traditional Chinese). Default: $CRMRISK_LANG,"
            " then the locale, then en."
        ),
        show_default=False,
    ),
]
OutputOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (atomically) instead of standard output.",
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace the --output file if it exists.")
]
NamesOption = Annotated[
    bool,
    typer.Option(
        "--names", help="Name the respondents in a group report (by default only their roles)."
    ),
]
BankOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--bank",
        metavar="NAME_OR_PATH",
        help="A shipped bank's id or a bank file; repeat for several, 'all' for every shipped bank.",
        autocompletion=bank_ids,
    ),
]
IndentOption = Annotated[
    Optional[bool],  # noqa: UP045
    typer.Option(
        "--indent/--compact",
        help="JSON indented for people, or compact (default: indented on a terminal only).",
        show_default=False,
    ),
]
JobsOption = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        "--jobs",
        "-j",
        metavar="N",
        min=1,
        help="Score in N processes (default: 1 for a few hundred files, every core above).",
    ),
]


def language(lang: Lang | None) -> Lang:
    """The language of the output: ``--lang``, else the environment's."""
    from crm_risk.i18n.choose import resolve_lang

    return resolve_lang(lang.value if lang else None)


def done(code: int) -> None:
    """End a command with its exit code."""
    if code:
        raise typer.Exit(code)
