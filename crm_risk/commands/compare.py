"""``crmrisk compare``: the same project at two dates, or its trend over a folder of them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from crm_risk.batch import Failed, Scored, score_paths
from crm_risk.commands.output import emit, for_people, say_problems
from crm_risk.compare import compare, in_date_order
from crm_risk.errors import ExitCode, InputError, Problem, UsageError
from crm_risk.i18n import Lang
from crm_risk.msg import _
from crm_risk.render.registry import RenderOptions, render
from crm_risk.views.compare import compare_view, trend_view


def run(
    paths: Sequence[Path],
    *,
    fmt: str,
    lang: Lang,
    banks: Sequence[str] = (),
    fail_on_worse: bool = False,
    output: Path | None = None,
    force: bool = False,
) -> int:
    """Two files: then and now (in the order given). A folder, or three files or more: the
    trend, oldest first by date; ``--fail-on-worse`` then compares the last two."""
    if len(paths) == 1 and not paths[0].is_dir():
        raise UsageError(
            _("compare takes two answer files (then, now), or a folder of one project's files")
        )
    outcomes = list(score_paths(paths, banks=banks))
    failed = [o for o in outcomes if isinstance(o, Failed)]
    if failed:
        for failure in failed:
            say_problems(failure.problems, lang)
        return ExitCode.BAD_INPUT
    results = [o.assessment for o in outcomes if isinstance(o, Scored)]
    if len(results) < 2:
        raise UsageError(_("compare needs at least two answer files of one project"))
    projects = {r.project for r in results}
    if len(projects) > 1:
        raise InputError(
            [
                Problem(
                    r.file or "?",
                    _(
                        "project {project!r}: a comparison is one project's files",
                        project=r.project,
                    ),
                )
                for r in results
                if r.project != results[0].project
            ]
        )
    two = len(results) == 2 and not any(p.is_dir() for p in paths)
    ordered = results if two else in_date_order(results)
    comparison = compare(ordered[-2], ordered[-1])
    view = compare_view(comparison, lang) if two else trend_view(ordered, lang)
    emit(
        render(fmt, view, for_people(RenderOptions(), output)),
        output=output,
        force=force,
        lang=lang,
    )
    return ExitCode.THRESHOLD if fail_on_worse and comparison.worse else ExitCode.OK
