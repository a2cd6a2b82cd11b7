"""``crmrisk report``: the report of one answer file, or of a meeting, to send afterwards."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from crm_risk.batch import Failed, distinct_assessments, score_paths
from crm_risk.commands.output import emit, say_problems
from crm_risk.errors import ExitCode, UsageError
from crm_risk.fileio import same_file
from crm_risk.i18n import Lang
from crm_risk.loading import load_answers_file
from crm_risk.msg import _
from crm_risk.render.registry import RenderOptions, render, report_format
from crm_risk.views.report import report_view


def run(
    answers: Sequence[Path],
    *,
    lang: Lang,
    banks: Sequence[str] = (),
    output: Path | None = None,
    force: bool = False,
    fmt: str | None = None,
    group: bool = False,
    options: RenderOptions | None = None,
    prepared_for: str | None = None,
    prepared_by: str | None = None,
) -> int:
    options = options or RenderOptions()
    if fmt is None:
        fmt = report_format(output) if output is not None else "markdown"
    if group:
        return _group(
            answers, lang=lang, banks=banks, output=output, force=force, fmt=fmt, options=options
        )
    if len(answers) != 1:
        raise UsageError(_("report takes one answer file; for several respondents use --group"))
    loaded = load_answers_file(answers[0], bank=banks)
    view = report_view(loaded.score(), lang, prepared_for=prepared_for, prepared_by=prepared_by)
    emit(render(fmt, view, options), output=output, force=force, protect=answers[0], lang=lang)
    return ExitCode.OK


def _group(
    answers: Sequence[Path],
    *,
    lang: Lang,
    banks: Sequence[str],
    output: Path | None,
    force: bool,
    fmt: str,
    options: RenderOptions,
) -> int:
    from crm_risk.group import score_group
    from crm_risk.views.group import group_view

    outcomes = list(score_paths(answers, banks=banks))
    failed = [o for o in outcomes if isinstance(o, Failed)]
    if failed:
        # A meeting's report missing a respondent would hide the disagreement it is for.
        for failure in failed:
            say_problems(failure.problems, lang)
        return ExitCode.BAD_INPUT
    unique = distinct_assessments(outcomes)
    if output is not None and any(same_file(output, a) for a in answers):
        raise UsageError(
            _(
                "{file}: is one of the answer files; write the report to another file",
                file=str(output),
            )
        )
    view = group_view(score_group(unique), lang, names=options.names)
    emit(render(fmt, view, options), output=output, force=force, lang=lang)
    return ExitCode.OK
