"""The terminal layout of a group report: grades by worst respondent, gaps, answers by role."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from crm_risk.answers import AnswerStatus
from crm_risk.i18n import Lang, aside, ui
from crm_risk.render.terminal_parts import (
    badge,
    grade_style,
    note_text,
    risk_text,
    score_bar,
    section_title,
    text,
    wrapped,
)
from crm_risk.render.wrap import Wrapped
from crm_risk.views.group_model import GroupMember, GroupSectionView, GroupView


def _who(member: GroupMember, lang: Lang, names: bool) -> Text:
    role = member.person.role_label or "?"
    if not names:
        return text(role)
    shown = text(member.person.name)
    shown.append(aside(role, lang), style="dim")
    return shown


def render_group(view: GroupView) -> RenderableType:
    """The terminal report of several respondents: grades, consensus gaps, answers by role
    (names too, where the view has them)."""
    lang, names = view.lang, view.names
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(ui("project", lang), wrapped(view.project))
    for section in view.sections:
        grid.add_row(
            ui("bank", lang),
            wrapped(section.bank_line),
        )
    for index, member in enumerate(view.members):
        line = _who(member, lang, names)
        if member.file and names:
            line.append("  ")
            line.append_text(text(member.file, "dim"))
        grid.add_row(ui("group_respondents", lang) if index == 0 else "", Wrapped(line))
    header = Panel(
        grid, title=Text(ui("group_title", lang), style="bold"), box=box.ROUNDED, expand=True
    )
    parts: list[RenderableType] = [header]
    several = len(view.sections) > 1
    for section in view.sections:
        if several:
            parts.append(section_title(section.bank_title))
        parts += [
            _grades(view, section, names),
            section_title(ui("consensus_gaps", lang)),
            _gaps(view, section, names),
            section_title(ui("group_by_respondent", lang)),
            _members(view, section, names),
            section_title(ui("group_answers", lang)),
            _answers(view, section, names),
        ]
    return Group(*parts)


def _grades(view: GroupView, section: GroupSectionView, names: bool) -> RenderableType:
    lang = view.lang
    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
    table.add_column(ui("phase", lang), overflow="fold")
    table.add_column(ui("grade", lang), no_wrap=True)
    table.add_column(ui("score", lang), no_wrap=True)
    table.add_column(ui("group_worst_respondent", lang), overflow="fold")
    for phase in section.phases:
        table.add_row(
            wrapped(phase.title),
            badge(phase.grade, lang),
            score_bar(phase.score, phase.grade),
            Wrapped(_who(view.members[phase.driver], lang, names)),
        )
    overall = section.overall
    table.add_section()
    table.add_row(
        Text(ui("overall", lang), style="bold"),
        badge(overall.grade, lang),
        score_bar(overall.score, overall.grade),
        Wrapped(_who(view.members[overall.driver], lang, names)),
    )
    notes = text(f"{ui('group_rule', lang)}\n{ui('overall_note', lang)}", "dim")
    return Group(table, Wrapped(notes))


def _gaps(view: GroupView, section: GroupSectionView, names: bool) -> RenderableType:
    lang = view.lang
    note = Text(ui("gap_ignores_unanswered", lang), style="dim")
    if not section.gaps:
        return Group(Wrapped(Text(ui("no_gaps", lang), style="green")), Wrapped(note))
    parts: list[RenderableType] = []
    for gap in section.gaps:
        body = text(gap.text, "bold")
        explain = ui(
            "gap_explain", lang, spread=f"{gap.spread:.2f}", threshold=f"{gap.threshold:.2f}"
        )
        body.append("\n" + explain, style="dim")
        for side in gap.sides:
            body.append("\n• ")
            body.append_text(_who(view.members[side.member], lang, names))
            body.append(" → ")
            body.append_text(text(side.answer))
            body.append(f"  {side.risk:.2f}", style=grade_style(side.risk_grade))
        body.append("\n" + ui("labelled", lang, label=ui("advice", lang), text=""), style="dim")
        body.append(ui("gap_advice", lang))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        grid.add_row(
            Text(f" {ui('consensus_gap', lang)} ", style="bold reverse magenta"), Wrapped(body)
        )
        parts.append(Padding(grid, (0, 0, 1, 0), expand=False))
    parts.append(Wrapped(note))
    return Group(*parts)


def _members(view: GroupView, section: GroupSectionView, names: bool) -> RenderableType:
    lang = view.lang
    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
    table.add_column(ui("respondent", lang), overflow="fold")
    for phase in section.phases:
        table.add_column(wrapped(phase.title), no_wrap=True)
    table.add_column(ui("overall", lang), no_wrap=True)
    for grades in section.members:
        cells: list[RenderableType] = [Wrapped(_who(view.members[grades.member], lang, names))]
        for cell in grades.phases:
            shown = text(
                cell.grade.label if cell.grade else ui("no_grade", lang), grade_style(cell.grade)
            )
            shown.append(f" {cell.score:.2f}", style="dim")
            cells.append(shown)
        cells.append(badge(grades.overall, lang))
        table.add_row(*cells)
    return table


def _answers(view: GroupView, section: GroupSectionView, names: bool) -> RenderableType:
    lang = view.lang
    parts: list[RenderableType] = []
    for phase in section.spreads:
        for spread in phase.questions:
            title = Text(f"{spread.number}. ", style="bold")
            title.append_text(text(spread.text, "bold"))
            if spread.gap:
                title.append(f"  ⚠ {ui('consensus_gap', lang)}", style="bold magenta")
            table = Table(box=None, expand=True, show_header=False, pad_edge=False, padding=(0, 1))
            table.add_column(ratio=2, overflow="fold")
            table.add_column(ratio=3, overflow="fold")
            table.add_column(justify="right", no_wrap=True)
            for item in spread.answers:
                style = "" if item.status is AnswerStatus.answered else "italic dim"
                answer = text(item.answer, style)
                if item.note:
                    answer.append("\n")
                    answer.append_text(note_text(item.note, lang, "italic dim"))
                table.add_row(
                    Wrapped(_who(view.members[item.member], lang, names)),
                    Wrapped(answer),
                    risk_text(item.risk, item.risk_grade),
                )
            parts.append(Padding(Group(Wrapped(title), Padding(table, (0, 0, 0, 3))), (0, 0, 1, 0)))
    return Group(*parts)
