"""``crmrisk score``: answer files in, a report (one file), a summary (several), or a group.

``score`` is what CI runs: its standard error carries only the files' problems and the line that
says ``--fail-on`` was reached, so a file written with ``--output`` is not announced.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from crm_risk.banks import resolve_bank, shipped_bank_ids
from crm_risk.batch import (
    Failed,
    Item,
    Outcome,
    Scored,
    answer_files,
    distinct_assessments,
    jobs_for,
    process,
    reached,
    score_paths,
    unknown_fail_on,
)
from crm_risk.commands.output import emit, for_people, notice, say_problems
from crm_risk.errors import ExitCode, UsageError
from crm_risk.i18n import Lang
from crm_risk.i18n.say import problem_line
from crm_risk.msg import _
from crm_risk.render.registry import RenderOptions, render
from crm_risk.views.model import BatchView, Encoded, Failure, ReportView
from crm_risk.views.report import report_view
from crm_risk.views.summary import SummaryBuilder, SummaryEntry, summary_entry

#: Formats that write every file in full, as it is scored (the others show one report or a
#: summary of all).
STREAMED = ("json", "junit")


@dataclass(frozen=True)
class Prepared:
    """What the command needs of one scored file, made where it was scored (a worker process, with
    ``--jobs``): its report view (for the formats that write every file), or its summary row; and
    whether it reached ``--fail-on``."""

    file: str
    grade: str | None
    reached: bool
    view: ReportView | Encoded | None = None
    entry: SummaryEntry | None = None


def prepare(
    scored: Scored,
    *,
    lang: Lang,
    grade: str | None,
    full: bool,
    encode: RenderOptions | None = None,
) -> Prepared:
    """``encode``: the JSON options, when the file's JSON is to be written here already."""
    result = scored.assessment
    view: ReportView | Encoded | None = report_view(result, lang) if full else None
    if encode is not None and isinstance(view, ReportView):
        from crm_risk.render.json_ import JsonRenderer

        view = Encoded("json", JsonRenderer(encode).encode(view))
    return Prepared(
        file=result.file or str(scored.path),
        grade=result.overall.grade,
        reached=reached(result.sections, grade),
        view=view,
        entry=None if full else summary_entry(result, lang),
    )


@dataclass
class _Tally:
    """What the exit code is decided from, gathered while the files pass by (small: the
    failures' lines, and the name and grade of each file that reached the threshold)."""

    grade: str | None
    lang: Lang
    failures: list[Failed] = field(default_factory=list)
    reached: list[tuple[str, str | None]] = field(default_factory=list)

    def watch(self, items: Iterator[Failed | Prepared]) -> Iterator[Failed | Prepared]:
        for item in items:
            if isinstance(item, Failed):
                self.failures.append(item)
            elif item.reached:
                self.reached.append((item.file, item.grade))
            yield item

    def exit_code(self) -> int:
        if self.failures:
            return ExitCode.BAD_INPUT
        return ExitCode.THRESHOLD if self.reached else ExitCode.OK

    def report(self) -> None:
        """Problems, then the line that says why the threshold was reached."""
        for failure in self.failures:
            say_problems(failure.problems, self.lang)
        if self.reached and self.grade is not None:
            files = ", ".join(f"{file} ({grade})" for file, grade in self.reached[:10])
            more = len(self.reached) - 10
            notice(
                _(
                    "--fail-on {grade} reached by {n} of the files: {files} and {more} more",
                    grade=self.grade,
                    n=len(self.reached),
                    files=files,
                    more=more,
                )
                if more > 0
                else _(
                    "--fail-on {grade} reached by {n} of the files: {files}",
                    grade=self.grade,
                    n=len(self.reached),
                    files=files,
                ),
                self.lang,
            )


def check_fail_on(grade: str | None, banks: Sequence[str]) -> None:
    """``--fail-on`` must name a grade (id or label) of the banks that may be scored."""
    if grade is None:
        return
    candidates = list(banks) or shipped_bank_ids()
    for name in candidates:  # one bank that has the grade is enough: load no more
        if resolve_bank(name).model.find_grade(grade) is not None:
            return
    first = resolve_bank(candidates[0]).model
    raise UsageError(unknown_fail_on(grade, first.id, first.grade_ids()))


def run(
    paths: Sequence[Path],
    *,
    fmt: str,
    lang: Lang,
    banks: Sequence[str] = (),
    fail_on: str | None = None,
    group: bool = False,
    output: Path | None = None,
    force: bool = False,
    jobs: int | None = None,
    options: RenderOptions | None = None,
) -> int:
    check_fail_on(fail_on, banks)
    options = for_people(options or RenderOptions(fail_on=fail_on), output)
    tally = _Tally(fail_on, lang)
    if group:
        outcomes: list[Outcome] = list(score_paths(paths, banks=banks, grade=fail_on))
        tally.failures = [o for o in outcomes if isinstance(o, Failed)]
        return _group(
            outcomes, tally, fmt=fmt, lang=lang, options=options, output=output, force=force
        )
    items = answer_files(paths)
    files = sum(1 for item in items if not isinstance(item, Failed))
    if fmt not in STREAMED and files <= 1:
        # One file: its full report.
        shown = [
            o.view
            for o in tally.watch(_one(items, banks, fail_on, lang))
            if isinstance(o, Prepared)
        ]
        if shown and shown[0] is not None:
            emit(render(fmt, shown[0], options), output=output, force=force, quiet=True, lang=lang)
        tally.report()
        return tally.exit_code()
    full = fmt in STREAMED
    encode = options if fmt == "json" else None
    then = functools.partial(prepare, lang=lang, grade=fail_on, full=full, encode=encode)
    prepared = tally.watch(
        process(items, then, banks=banks, grade=fail_on, jobs=jobs_for(jobs, files))
    )
    if full:
        views = (
            Failure(o.file, tuple(problem_line(p, lang) for p in o.problems))
            if isinstance(o, Failed)
            else o.view
            for o in prepared
        )
        emit(
            render(fmt, BatchView(lang, views), options),  # type: ignore[arg-type]
            output=output,
            force=force,
            quiet=True,
            lang=lang,
        )
    else:
        summary = SummaryBuilder(lang)
        for item in prepared:
            if isinstance(item, Prepared) and item.entry is not None:
                summary.add_entry(item.entry)
        if len(summary):
            emit(
                render(fmt, summary.view(), options),
                output=output,
                force=force,
                quiet=True,
                lang=lang,
            )
    tally.report()
    return tally.exit_code()


def _one(
    items: Sequence[Item], banks: Sequence[str], grade: str | None, lang: Lang
) -> Iterator[Failed | Prepared]:
    then = functools.partial(prepare, lang=lang, grade=grade, full=True)
    return process(items, then, banks=banks, grade=grade, jobs=1)


def _group(
    outcomes: list[Outcome],
    tally: _Tally,
    *,
    fmt: str,
    lang: Lang,
    options: RenderOptions,
    output: Path | None,
    force: bool,
) -> int:
    """``score --group``: every file must load, and they must share project and banks."""
    from crm_risk.group import score_group
    from crm_risk.views.group import group_view

    if tally.failures:
        # A group report missing a respondent would hide exactly the disagreement it is for.
        tally.reached.clear()
        tally.report()
        return ExitCode.BAD_INPUT
    unique = distinct_assessments(outcomes)
    scored = score_group(unique)
    emit(
        render(fmt, group_view(scored, lang, names=options.names), options),
        output=output,
        force=force,
        quiet=True,
        lang=lang,
    )
    fail_on = tally.grade
    if fail_on is not None and reached(scored.sections, fail_on):
        notice(
            _(
                "--fail-on {grade} reached by the group ({overall})",
                grade=fail_on,
                overall=scored.overall.grade,
            ),
            lang,
        )
        return ExitCode.THRESHOLD
    return ExitCode.OK
