"""The view of several assessments: one row each, worst first, each bank's phases in columns."""

from __future__ import annotations

from dataclasses import dataclass

from crm_risk.i18n import Lang, pick
from crm_risk.results import Assessment
from crm_risk.scoring import share_of_scale
from crm_risk.views.model import SummaryCell, SummaryColumn, SummaryRow, SummaryView
from crm_risk.views.words import maybe_grade, person, short_paths


@dataclass(frozen=True)
class SummaryEntry:
    """One assessment as the summary needs it: its row, how it sorts, and the titles of its
    (bank, phase) columns. Small, so that a worker process can hand it back."""

    key: tuple[float, float, str, str]
    row: SummaryRow
    columns: tuple[tuple[tuple[str, str], tuple[str, str]], ...]


def summary_entry(result: Assessment, lang: Lang) -> SummaryEntry:
    worst = next(s for s in result.sections if s.bank.id == result.overall.bank)
    cells = {}
    columns = []
    for section in result.sections:
        bank = section.bank
        for phase in section.phases:
            columns.append(
                (
                    (bank.id, phase.id),
                    (pick(bank.title, lang), pick(bank.phase(phase.id).title, lang)),
                )
            )
            cells[(bank.id, phase.id)] = SummaryCell(
                maybe_grade(bank, phase.grade, lang), phase.score
            )
    row = SummaryRow(
        file=result.file,
        short_file=None,
        project=result.project,
        respondent=person(result.respondent, lang),
        overall=maybe_grade(worst.bank, result.overall.grade, lang),
        overall_score=result.overall.score,
        cells=cells,
        findings=result.finding_count,
    )
    # Worst first: grade (as a share of its bank's scale), then score, then file and project.
    key = (
        -share_of_scale(worst.bank, result.overall.grade),
        -result.overall.score,
        result.file or "",
        result.project,
    )
    return SummaryEntry(key, row, tuple(columns))


class SummaryBuilder:
    """Collects one small row per assessment (a batch keeps these, not the full results)."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self._rows: list[tuple[tuple[float, float, str, str], SummaryRow]] = []
        self._columns: dict[tuple[str, str], tuple[str, str]] = {}

    def add(self, result: Assessment) -> None:
        self.add_entry(summary_entry(result, self.lang))

    def add_entry(self, entry: SummaryEntry) -> None:
        for key, titles in entry.columns:
            self._columns.setdefault(key, titles)
        self._rows.append((entry.key, entry.row))

    def __len__(self) -> int:
        return len(self._rows)

    def view(self) -> SummaryView:
        """The rows worst first, files shortened to what tells them apart; each (bank, phase) a
        column, titled by phase, and by bank too when the rows cover several banks (so no phase
        is shown under another bank's heading)."""
        ordered = [row for _, row in sorted(self._rows, key=lambda pair: pair[0])]
        short = short_paths([row.file for row in ordered if row.file])
        several = len({bank for bank, _ in self._columns}) > 1
        columns = tuple(
            SummaryColumn(bank, phase, f"{titles[0]}: {titles[1]}" if several else titles[1])
            for (bank, phase), titles in self._columns.items()
        )
        rows = tuple(
            SummaryRow(
                file=row.file,
                short_file=short.get(row.file) if row.file else None,
                project=row.project,
                respondent=row.respondent,
                overall=row.overall,
                overall_score=row.overall_score,
                cells=row.cells,
                findings=row.findings,
            )
            for row in ordered
        )
        return SummaryView(lang=self.lang, columns=columns, rows=rows)


def summary_view(results: list[Assessment], lang: Lang) -> SummaryView:
    builder = SummaryBuilder(lang)
    for result in results:
        builder.add(result)
    return builder.view()
