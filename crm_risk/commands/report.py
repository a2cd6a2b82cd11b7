"""``crmrisk report``: the report of one answer file, to send after the meeting."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from crm_risk.commands.output import emit
from crm_risk.errors import ExitCode
from crm_risk.i18n import Lang
from crm_risk.loading import load_answers_file
from crm_risk.render.registry import RenderOptions, render
from crm_risk.views.report import report_view


def run(
    answers: Path,
    *,
    lang: Lang,
    banks: Sequence[str] = (),
    output: Path | None = None,
    force: bool = False,
    fmt: str = "markdown",
    options: RenderOptions | None = None,
    prepared_for: str | None = None,
    prepared_by: str | None = None,
) -> int:
    loaded = load_answers_file(answers, bank=banks)
    view = report_view(loaded.score(), lang, prepared_for=prepared_for, prepared_by=prepared_by)
    emit(render(fmt, view, options), output=output, force=force, protect=answers)
    return ExitCode.OK
