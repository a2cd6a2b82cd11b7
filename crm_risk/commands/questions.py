"""``crmrisk questions`` (the questionnaire itself, to read or print before a meeting) and
``crmrisk banks`` (which banks there are)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from crm_risk.banks import resolve_banks
from crm_risk.commands.output import emit, for_people
from crm_risk.errors import ExitCode
from crm_risk.i18n import Lang
from crm_risk.render.registry import RenderOptions, render
from crm_risk.views.questionnaire import questionnaire_view


def run(
    *,
    fmt: str,
    lang: Lang,
    banks: Sequence[str] = (),
    output: Path | None = None,
    force: bool = False,
    options: RenderOptions | None = None,
) -> int:
    view = questionnaire_view([loaded.model for loaded in resolve_banks(banks)], lang)
    emit(
        render(fmt, view, for_people(options or RenderOptions(), output)),
        output=output,
        force=force,
        lang=lang,
    )
    return ExitCode.OK


def run_banks(*, fmt: str, lang: Lang) -> int:
    from crm_risk.banks import load_shipped, shipped_bank_ids
    from crm_risk.views.questionnaire import banks_view

    view = banks_view([load_shipped(bank_id).model for bank_id in shipped_bank_ids()], lang)
    emit(render(fmt, view, for_people(RenderOptions(), None)), lang=lang)
    return ExitCode.OK
