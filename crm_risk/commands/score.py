"""``crmrisk score``: answer files in, a report (one file), a summary (several), or a group.

``score`` is what CI runs: its standard error carries only the files' problems and the line that
says ``--fail-on`` was reached, so a file written with ``--output`` is not announced.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from crm_risk.banks import resolve_bank, shipped_bank_ids
from crm_risk.batch import Failed, Outcome, Scored, reached, score_paths
from crm_risk.commands.output import emit, say, say_error
from crm_risk.errors import ExitCode, UsageError
from crm_risk.i18n import Lang
from crm_risk.render.registry import RenderOptions, render
from crm_risk.results import Assessment
from crm_risk.views.model import BatchView, Failure, ReportView
from crm_risk.views.report import report_view
from crm_risk.views.summary import SummaryBuilder

#: Formats that write every file in full, as it is scored (the others show one report or a
#: summary of all).
STREAMED = ("json", "junit")


@dataclass
class _Tally:
    """What the exit code is decided from, gathered while outcomes pass by."""

    grade: str | None
    failures: list[Failed] = field(default_factory=list)
    reached: list[Assessment] = field(default_factory=list)

    def watch(self, outcomes: Iterator[Outcome]) -> Iterator[Outcome]:
        for outcome in outcomes:
            if isinstance(outcome, Failed):
                self.failures.append(outcome)
            elif reached(outcome.assessment, self.grade):
                self.reached.append(outcome.assessment)
            yield outcome

    def exit_code(self) -> int:
        if self.failures:
            return ExitCode.BAD_INPUT
        return ExitCode.THRESHOLD if self.reached else ExitCode.OK

    def report(self) -> None:
        """Problems, then the line that says why the threshold was reached."""
        for failure in self.failures:
            for line in failure.lines():
                say_error(line)
        if self.reached and self.grade is not None:
            files = ", ".join(f"{a.file} ({a.overall.grade})" for a in self.reached[:10]) + (
                f" and {len(self.reached) - 10} more" if len(self.reached) > 10 else ""
            )
            say(
                f"crmrisk: --fail-on {self.grade} reached by {len(self.reached)} of the files: {files}"
            )


def check_fail_on(grade: str | None, banks: Sequence[str]) -> None:
    """``--fail-on`` must name a grade (id or label) of the banks that may be scored."""
    if grade is None:
        return
    candidates = list(banks) or shipped_bank_ids()
    loaded = [resolve_bank(name).model for name in candidates]
    if not any(bank.find_grade(grade) is not None for bank in loaded):
        first = loaded[0]
        raise UsageError(
            f"--fail-on: unknown grade {grade!r} for bank {first.id}; "
            f"grades: {', '.join(first.grade_ids())}"
        )


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
    options: RenderOptions | None = None,
) -> int:
    check_fail_on(fail_on, banks)
    options = options or RenderOptions(fail_on=fail_on)
    tally = _Tally(fail_on)
    outcomes = tally.watch(score_paths(paths, banks=banks, grade=fail_on))
    if group:
        return _group(
            list(outcomes), tally, fmt=fmt, lang=lang, options=options, output=output, force=force
        )
    if fmt in STREAMED:
        items = (
            Failure(o.file, tuple(o.lines()))
            if isinstance(o, Failed)
            else report_view(o.assessment, lang)
            for o in outcomes
        )
        emit(render(fmt, BatchView(lang, items), options), output=output, force=force, quiet=True)
    else:
        _show_one_or_summary(
            outcomes, fmt=fmt, lang=lang, options=options, output=output, force=force
        )
    tally.report()
    return tally.exit_code()


def _show_one_or_summary(
    outcomes: Iterator[Outcome],
    *,
    fmt: str,
    lang: Lang,
    options: RenderOptions,
    output: Path | None,
    force: bool,
) -> None:
    """One scored file: its full report; several: a summary (a row each, nothing more kept)."""
    summary = SummaryBuilder(lang)
    first: Assessment | None = None
    for outcome in outcomes:
        if isinstance(outcome, Scored):
            first = first or outcome.assessment
            summary.add(outcome.assessment)
    if not len(summary):
        return
    view: ReportView | object = (
        report_view(first, lang) if len(summary) == 1 and first is not None else summary.view()
    )
    emit(render(fmt, view, options), output=output, force=force, quiet=True)


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
    seen: set[Path] = set()
    unique = []
    for outcome in outcomes:
        assert isinstance(outcome, Scored)
        key = outcome.path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(outcome.assessment)
    scored = score_group(unique)
    emit(
        render(fmt, group_view(scored, lang, names=options.names), options),
        output=output,
        force=force,
        quiet=True,
    )
    fail_on = tally.grade
    if fail_on is not None and any(
        (threshold := s.bank.find_grade(fail_on)) is not None and s.at_least(threshold)
        for s in scored.sections
    ):
        say(f"crmrisk: --fail-on {fail_on} reached by the group ({scored.overall.grade})")
        return ExitCode.THRESHOLD
    return ExitCode.OK
