"""``crmrisk validate``: check bank and answer files, one line per problem."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from crm_risk.batch import Failed, check_paths
from crm_risk.commands.output import say_problems, write_text
from crm_risk.errors import ExitCode
from crm_risk.i18n import Lang, ui
from crm_risk.text import clean


def run(paths: Sequence[Path], *, lang: Lang, banks: Sequence[str] = ()) -> int:
    failed = False
    for outcome in check_paths(paths, banks=banks):
        if isinstance(outcome, Failed):
            failed = True
            say_problems(outcome.problems, lang)
            continue
        if outcome.kind == "bank":
            assert outcome.bank is not None
            line = ui(
                "valid_bank",
                lang,
                file=outcome.path,
                id=outcome.bank.id,
                version=outcome.bank.version,
            )
        else:
            ids = ", ".join(b.id for b in outcome.banks)
            line = ui("valid_answers", lang, file=outcome.path, bank=ids)
        write_text(clean(line, keep_newlines=False) + "\n")
    return ExitCode.BAD_INPUT if failed else ExitCode.OK
