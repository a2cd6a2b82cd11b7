"""The terminal layout of a comparison (then and now) and of a trend (over several dates)."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from crm_risk.i18n import Lang, aside, colon, ui
from crm_risk.render.terminal_parts import badge, grade_style, section_title, text, wrapped
from crm_risk.render.wrap import Wrapped
from crm_risk.views.compare_model import CompareView, Side, TrendView

_CHANGE_STYLE = {
    "worse": "bold red",
    "new": "bold red",
    "better": "green",
    "resolved": "green",
    "same": "dim",
    "not-compared": "dim",
}
_SPARK = "▁▂▃▄▅▆▇█"


def _side(side: Side, lang: Lang) -> Text:
    shown = text(side.date.isoformat() if side.date else ui("unset", lang))
    if side.file:
        shown.append_text(text(f"  {side.file}", "dim"))
    return shown


def render_compare(view: CompareView) -> RenderableType:
    """Then and now, per bank: phase grades, findings resolved, new and worse, what was not
    compared."""
    lang = view.lang
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(ui("project", lang), wrapped(view.project))
    grid.add_row(ui("then", lang), Wrapped(_side(view.old, lang)))
    grid.add_row(ui("now", lang), Wrapped(_side(view.new, lang)))
    parts: list[RenderableType] = [
        Panel(grid, title=Text(ui("compare_title", lang), style="bold"), box=box.ROUNDED)
    ]
    for bank in view.banks:
        parts.append(section_title(bank.title))
        table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
        table.add_column(ui("phase", lang), overflow="fold")
        table.add_column(ui("then", lang), no_wrap=True)
        table.add_column(ui("now", lang), no_wrap=True)
        table.add_column(ui("change", lang), no_wrap=True)
        for phase in bank.phases:
            old = badge(phase.old, lang)
            old.append(f" {phase.old_score:.2f}", style="dim")
            new = badge(phase.new, lang)
            new.append(f" {phase.new_score:.2f}", style="dim")
            table.add_row(
                wrapped(phase.title),
                old,
                new,
                Text(phase.change_label, style=_CHANGE_STYLE[phase.change]),
            )
        table.add_section()
        old = badge(bank.old, lang)
        old.append(f" {bank.old_score:.2f}", style="dim")
        new = badge(bank.new, lang)
        new.append(f" {bank.new_score:.2f}", style="dim")
        table.add_row(
            Text(ui("overall", lang), style="bold"),
            old,
            new,
            Text(bank.change_label, style=_CHANGE_STYLE[bank.change]),
        )
        parts.append(table)
        if bank.findings:
            parts.append(section_title(ui("finding_changes", lang)))
            for finding in bank.findings:
                line = Text(f"{finding.change_label} ", style=_CHANGE_STYLE[finding.change])
                line.append_text(text(f"#{finding.number} {finding.text}", "bold"))
                line.append("\n")
                line.append_text(
                    text(f"{ui('then', lang)}{colon(lang)}{finding.old_answer}", "dim")
                )
                line.append(" → ", style="dim")
                line.append_text(text(f"{ui('now', lang)}{colon(lang)}{finding.new_answer}"))
                if finding.advice:
                    line.append(f"\n{ui('advice', lang)}{colon(lang)}", style="dim")
                    line.append_text(text(finding.advice))
                parts.append(Wrapped(line))
        if bank.uncompared:
            parts.append(section_title(ui("not_compared", lang)))
            for miss in bank.uncompared:
                parts.append(
                    wrapped(f"• #{miss.number} {miss.text}{aside(miss.reason_label, lang)}")
                )
    for bank_id, side in view.unmatched:
        parts.append(text(ui(f"unmatched_{side}", lang, bank=bank_id), "dim"))
    verdict = ui("compare_worse" if view.worse else "compare_not_worse", lang)
    parts.append(Text(f"\n{verdict}", style="bold red" if view.worse else "green"))
    return Group(*parts)


def spark(scores: list[float]) -> str:
    """Scores from 0 to 1 as a line of block characters."""
    return "".join(_SPARK[min(len(_SPARK) - 1, round(s * (len(_SPARK) - 1)))] for s in scores)


def render_trend(view: TrendView) -> RenderableType:
    """Each bank's phases over time: grade and score at every date, and a small chart."""
    lang = view.lang
    parts: list[RenderableType] = [
        text(f"{ui('trend_title', lang)}{colon(lang)}{view.project}", "bold")
    ]
    for bank in view.banks:
        parts.append(section_title(bank.title))
        table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
        table.add_column(ui("phase", lang), overflow="fold")
        dates = [p.date for p in bank.overall.points]
        for date in dates:
            table.add_column(date, no_wrap=True)
        table.add_column(ui("trend", lang), no_wrap=True)
        for line in (*bank.phases, bank.overall):
            cells: list[RenderableType] = [text(line.title, "bold" if line is bank.overall else "")]
            by_date = {p.date: p for p in line.points}
            for date in dates:
                point = by_date.get(date)
                if point is None:
                    cells.append(Text("–", style="dim"))
                    continue
                cell = text(
                    point.grade.label if point.grade else ui("no_grade", lang),
                    grade_style(point.grade),
                )
                cell.append(f" {point.score:.2f}", style="dim")
                cells.append(cell)
            scores = [p.score for p in line.points]
            cells.append(
                Text(
                    spark(scores), style=grade_style(line.points[-1].grade if line.points else None)
                )
            )
            if line is bank.overall:
                table.add_section()
            table.add_row(*cells)
        parts.append(table)
    return Group(*parts)
