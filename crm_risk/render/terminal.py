"""The terminal renderer (format ``table``): rich renderables for every view.

The console that prints them decides colour and width; nothing here writes anywhere.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from crm_risk.answers import AnswerStatus
from crm_risk.i18n import Lang, aside, chinese, colon, ui
from crm_risk.render.registry import RenderOptions
from crm_risk.render.terminal_compare import render_compare, render_trend
from crm_risk.render.terminal_group import render_group
from crm_risk.render.terminal_parts import (
    badge,
    grade_style,
    headline_findings,
    note_text,
    risk_text,
    score_bar,
    section_title,
    text,
    who,
    wrapped,
)
from crm_risk.render.terminal_questions import render_banks, render_questions
from crm_risk.render.wrap import Wrapped
from crm_risk.views.compare_model import CompareView, TrendView
from crm_risk.views.group_model import GroupView
from crm_risk.views.model import (
    AnswerRow,
    BanksView,
    FindingRow,
    QuestionnaireView,
    ReportView,
    SectionView,
    SummaryView,
)


class TerminalRenderer:
    name: ClassVar[str] = "table"
    views: ClassVar[tuple[type, ...]] = (
        ReportView,
        SummaryView,
        GroupView,
        QuestionnaireView,
        BanksView,
        CompareView,
        TrendView,
    )

    def __init__(self, options: RenderOptions) -> None:
        self.options = options

    def render(self, view: Any) -> RenderableType:
        if isinstance(view, ReportView):
            return render_report(view)
        if isinstance(view, SummaryView):
            return render_summary(view)
        if isinstance(view, GroupView):
            return render_group(view)
        if isinstance(view, BanksView):
            return render_banks(view)
        if isinstance(view, CompareView):
            return render_compare(view)
        if isinstance(view, TrendView):
            return render_trend(view)
        assert isinstance(view, QuestionnaireView)
        return render_questions(view)


def answer_text(row: AnswerRow, lang: Lang) -> Text:
    """What was answered, in words; a skip or "we don't know" in italics."""
    if row.status is AnswerStatus.answered:
        return text(row.answer)
    shown = text(row.answer, "italic dim" if row.status is AnswerStatus.unanswered else "italic")
    if row.reason:
        shown.append(f"{colon(lang)}{row.reason}", style="italic dim")
    return shown


def _header(view: ReportView) -> RenderableType:
    lang = view.lang
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for fact in view.facts:
        if fact.kind == "date" and view.date is None:
            continue
        grid.add_row(text(fact.label), wrapped(fact.value, "dim" if fact.kind == "file" else ""))
    return Panel(
        grid, title=Text(ui("report_title", lang), style="bold"), box=box.ROUNDED, expand=True
    )


def _grades(section: SectionView, lang: Lang) -> RenderableType:
    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
    table.add_column(ui("phase", lang), overflow="fold")
    table.add_column(ui("grade", lang), no_wrap=True)
    table.add_column(ui("score", lang), no_wrap=True)
    table.add_column(ui("answered", lang), no_wrap=True, justify="right")
    for phase in section.phases:
        table.add_row(
            wrapped(phase.title),
            badge(phase.grade, lang),
            score_bar(phase.score, phase.grade),
            Text(f"{phase.answered}/{phase.total}", style="dim"),
        )
    table.add_section()
    table.add_row(
        Text(ui("overall", lang), style="bold"),
        badge(section.overall, lang),
        score_bar(section.overall_score, section.overall),
        "",
    )
    notes = [ui("overall_note", lang)]
    notes += [f"{p.title}{colon(lang)}{p.lift_note}" for p in section.phases if p.lift_note]
    notes += list(section.migrated)
    return Group(table, wrapped("\n".join(notes), "dim"))


def _answers(section: SectionView, lang: Lang) -> RenderableType:
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_lines=False, pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True, style="dim")
    table.add_column(ui("question", lang), ratio=3, overflow="fold")
    table.add_column(ui("answer", lang), ratio=3, overflow="fold")
    table.add_column(ui("risk", lang), justify="right", no_wrap=True)
    for row in section.questions:
        answer = answer_text(row, lang)
        if row.note:
            answer.append("\n")
            answer.append_text(note_text(row.note, lang, "italic dim"))
        table.add_row(
            str(row.number),
            wrapped(row.text),
            Wrapped(answer),
            risk_text(row.risk, row.risk_grade, row.red_flag),
        )
    return table


def _finding(finding: FindingRow, lang: Lang) -> RenderableType:
    body = text(finding.text, "bold")
    body.append(f"\n{ui('answer', lang)}{colon(lang)}", style="dim")
    body.append_text(
        text(finding.answer, "" if finding.status is AnswerStatus.answered else "italic")
    )
    if finding.red_flag:
        body.append(f"  ⚑ {ui('red_flag', lang)}", style="bold red")
    if finding.advice:
        body.append(f"\n{ui('advice', lang)}{colon(lang)}", style="dim")
        body.append_text(text(finding.advice))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(badge(finding.severity, lang), Wrapped(body))
    return Padding(grid, (0, 0, 1, 0), expand=False)


def _findings(section: SectionView, lang: Lang) -> RenderableType:
    if not section.findings:
        return Text(ui("no_findings", lang), style="green")
    return Group(*(_finding(finding, lang) for finding in section.findings))


def _unanswered(section: SectionView, lang: Lang) -> list[RenderableType]:
    """Skipped questions and "we don't know" answers, with the counts of each."""
    if not section.unanswered and not section.unknown:
        return []
    listing = Text()
    for row in (*section.unanswered, *section.unknown):
        listing.append_text(text(f"• #{row.number} {row.text}"))
        listing.append_text(text(f"{aside(row.answer, lang)}\n", "italic dim"))
    between = "" if chinese(lang) else " "  # Chinese sentences follow each other without a space
    listing.append(f"{section.counts}{between}{ui('unanswered_note', lang)}", style="dim")
    return [section_title(ui("unanswered", lang)), Wrapped(listing)]


def _context(section: SectionView, lang: Lang) -> list[RenderableType]:
    return [
        Panel(
            wrapped(note.explanation),
            title=text(f"{note.label}{colon(lang)}{note.option}"),
            box=box.ROUNDED,
            title_align="left",
        )
        for note in section.context
        if note.explanation
    ]


def _overview(view: ReportView) -> RenderableType:
    """Several banks: each bank's grade and its worst phase, on one screen."""
    lang = view.lang
    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
    table.add_column(ui("bank", lang), overflow="fold")
    table.add_column(ui("grade", lang), no_wrap=True)
    table.add_column(ui("score", lang), no_wrap=True)
    table.add_column(ui("worst_phase", lang), overflow="fold")
    for section in view.sections:
        table.add_row(
            wrapped(section.bank_title),
            badge(section.overall, lang),
            score_bar(section.overall_score, section.overall),
            wrapped(section.worst_phase),
        )
    table.add_section()
    table.add_row(
        Text(ui("overall", lang), style="bold"),
        badge(view.overall, lang),
        score_bar(view.overall_score, view.overall),
        "",
    )
    return Group(section_title(ui("overview", lang)), table)


def render_report(view: ReportView) -> RenderableType:
    """The full terminal report of one assessment (several banks: an overview first)."""
    lang = view.lang
    parts: list[RenderableType] = [_header(view)]
    several = len(view.sections) > 1
    if several:
        parts.append(_overview(view))
    for section in view.sections:
        if several:
            parts.append(section_title(section.bank_line))
        parts += [
            _grades(section, lang),
            section_title(ui("answers", lang)),
            _answers(section, lang),
            section_title(ui("findings", lang)),
            _findings(section, lang),
            *_unanswered(section, lang),
            *_context(section, lang),
        ]
    return Group(*parts)


def render_summary(view: SummaryView) -> RenderableType:
    """One row per assessment, worst first: who and what, then the grade of each phase."""
    lang = view.lang
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, leading=1)
    table.add_column(ui("project", lang), ratio=1, min_width=16)
    table.add_column(ui("overall", lang), no_wrap=True)
    for column in view.columns:
        table.add_column(wrapped(column.title), max_width=10)
    table.add_column(ui("findings_short", lang), justify="right", no_wrap=True)
    for row in view.rows:
        cell_who = text(row.project, "bold")
        if row.respondent is not None:
            cell_who.append("\n")
            cell_who.append_text(who(row.respondent, lang))
        if row.short_file:
            cell_who.append("\n")
            cell_who.append_text(text(row.short_file, "dim"))
        cells: list[RenderableType] = [Wrapped(cell_who), badge(row.overall, lang)]
        for column in view.columns:
            cell = row.cells.get((column.bank, column.phase))
            if cell is None:
                cells.append(Text("–", style="dim"))
                continue
            shown = text(
                cell.grade.label if cell.grade else ui("no_grade", lang), grade_style(cell.grade)
            )
            shown.append(f"\n{cell.score:.2f}", style="dim")
            cells.append(shown)
        cells.append(Text(str(row.findings)))
        table.add_row(*cells)
    return table


def render_headline(view: ReportView) -> RenderableType:
    """The end of a live session, in one screen: the overall and phase grades, the most severe
    findings and what to do first (the full report is above it, or in the --report file)."""
    lang = view.lang
    grid = Table.grid(padding=(0, 1))
    grid.add_column(overflow="fold")
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    for section in view.sections:
        for phase in section.phases:
            grid.add_row(
                wrapped(phase.title),
                badge(phase.grade, lang),
                score_bar(phase.score, phase.grade, 10),
            )
    grid.add_row(
        Text(ui("overall", lang), style="bold"),
        badge(view.overall, lang),
        score_bar(view.overall_score, view.overall, 10),
    )
    parts: list[RenderableType] = [grid]
    parts += [text(section.counts, "dim") for section in view.sections]
    headline = view.headline
    if headline.top:
        parts += headline_findings(headline, lang)
    else:
        parts.append(Text(ui("no_findings", lang), style="green"))
    return Panel(
        Group(*parts),
        title=text(f"{ui('summary', lang)}{colon(lang)}{view.project}", "bold"),
        title_align="left",
        box=box.ROUNDED,
    )
