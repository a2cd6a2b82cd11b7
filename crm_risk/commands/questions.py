"""``crmrisk questions``: the questionnaire itself, to read or print before a meeting."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from crm_risk.banks import resolve_banks
from crm_risk.commands.output import emit
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
    emit(render(fmt, view, options), output=output, force=force)
    return ExitCode.OK
