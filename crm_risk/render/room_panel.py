"""What a room shows on a terminal: who is in it, the question panel, whose turn, a consensus
gap as it happens, and the group's headline at the end.

Rich renderables only; user text (names, answers typed) goes through :func:`crm_risk.text.clean`
into ``Text``, never markup. A line that names people and answers is cut to one screen line.
"""

from __future__ import annotations

from collections.abc import Callable

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from crm_risk.assess import is_answered
from crm_risk.i18n import Lang, colon, role_label, ui
from crm_risk.render.question_panel import answer_label, one_line
from crm_risk.render.question_panel import render_question as _question
from crm_risk.render.terminal_parts import badge, headline_findings, score_bar, text, wrapped
from crm_risk.render.wrap import Wrapped
from crm_risk.room import Gap, Room
from crm_risk.views.group_model import GroupView


def _line(value: str, style: str = "") -> RenderableType:
    return one_line(value, style)


def render_people(room: Room, lang: Lang) -> RenderableType:
    """Who is in the room, in the order they answer."""
    people = ui("room_list_sep", lang).join(
        ui("room_who", lang, name=p.name, role=role_label(p.role or "", lang)) for p in room.people
    )
    return Wrapped(text(ui("room_people", lang, people=people), "bold"))


def render_question(room: Room, lang: Lang) -> RenderableType:
    """The question, once for the whole room, with the room's progress."""
    answered = ui("room_answers", lang, n=room.answered_count(), total=room.total())
    return _question(room.person, lang, answered=answered, keys="room_keys")


def render_turn(room: Room, lang: Lang, who: str) -> RenderableType | None:
    """The next person's turn on the same question: their answer so far, if they have one (the
    prompt itself names them)."""
    person = room.person
    current = person.current
    if current is None:
        return None
    lines = []
    if is_answered(current):
        shown = answer_label(person.question, current, lang)
        lines += [
            _line(ui("room_turn_current", lang, who=who, answer=shown), "green"),
            _line(ui("assess_keep", lang), "dim"),
        ]
    if current.note:
        lines.append(_line(ui("assess_current_note", lang, note=current.note), "dim"))
    return Group(*lines)


def render_gap(gap: Gap, lang: Lang, who: Callable[[int], str]) -> RenderableType:
    """The consensus gap the last answer opened: the spread, and the two sides."""
    lines = [
        _line(
            ui("room_gap", lang, spread=f"{gap.spread:.2f}", threshold=f"{gap.threshold:.2f}"),
            "bold magenta",
        )
    ]
    for member, answer, _ in (gap.low, gap.high):
        shown = answer_label(gap.question, answer, lang)
        lines.append(_line(ui("room_gap_side", lang, who=who(member), answer=shown), "magenta"))
    return Group(*lines)


def render_headline(view: GroupView) -> RenderableType:
    """The end of a room, in one screen: each phase's group grade and whose answers drive it,
    the consensus gaps, the most severe findings and what to do first."""
    lang = view.lang
    grid = Table.grid(padding=(0, 1))
    grid.add_column(overflow="fold")
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="ellipsis", no_wrap=True)

    def driver(member: int) -> Text:
        person = view.members[member].person
        return text(ui("room_who", lang, name=person.name, role=person.role_label or "?"), "dim")

    for section in view.sections:
        for phase in section.phases:
            grid.add_row(
                wrapped(phase.title),
                badge(phase.grade, lang),
                score_bar(phase.score, phase.grade, 10),
                driver(phase.driver),
            )
    grid.add_row(
        Text(ui("overall", lang), style="bold"),
        badge(view.overall.grade, lang),
        score_bar(view.overall.score, view.overall.grade, 10),
        driver(view.overall.driver),
    )
    parts: list[RenderableType] = [grid]
    gaps = [gap for section in view.sections for gap in section.gaps]
    if gaps:
        parts.append(Text(f"{ui('consensus_gaps', lang)}{colon(lang)}", style="bold magenta"))
        for gap in gaps:
            roles = " ≠ ".join(dict.fromkeys(role_label(role, lang) for role in gap.roles))
            parts.append(_line(f"#{gap.question_number} {roles}{colon(lang)}{gap.text}", "magenta"))
    headline = view.headline
    if headline.top:
        parts += headline_findings(headline, lang)
    elif not gaps:
        parts.append(Text(ui("no_findings", lang), style="green"))
    return Panel(
        Group(*parts),
        title=text(f"{ui('summary', lang)}{colon(lang)}{view.project}", "bold"),
        title_align="left",
        box=box.ROUNDED,
    )
