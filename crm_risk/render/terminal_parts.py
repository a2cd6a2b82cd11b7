"""Pieces of the terminal renderer: grade badges and colours, score bars, safe text.

Every piece of text goes through :func:`crm_risk.text.clean` into a ``Text`` object, never through
rich's markup parser: a note or a hostile bank cannot style the screen or send escape sequences.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from crm_risk.i18n import Lang, aside, colon, ui
from crm_risk.render.wrap import Wrapped
from crm_risk.text import clean
from crm_risk.views.model import GradeView, Headline, Person

_PALETTE = ("green", "yellow", "dark_orange", "red", "bold red")
BAR_WIDTH = 16
#: A note longer than this is cut short on screen; the markdown and JSON reports keep all of it.
#: (A note of 300,000 lines would otherwise cost rich seconds and hundreds of MB to lay out.)
NOTE_MAX_CHARS = 2000
NOTE_MAX_LINES = 40


def grade_style(grade: GradeView | None) -> str:
    """Green for the lowest grade, red for the highest, spread over the grades in between."""
    if grade is None:
        return "dim"
    index = round(grade.rank * (len(_PALETTE) - 2) / grade.top) if grade.top else 0
    return _PALETTE[index]


def badge(grade: GradeView | None, lang: Lang) -> Text:
    """A grade as a coloured label, padded to the widest grade so that what follows lines up."""
    if grade is None:
        return Text(f" {ui('no_grade', lang)} ", style="dim reverse")
    label = clean(grade.label, keep_newlines=False)
    return Text(
        f" {label}{' ' * (grade.width - cell_len(label))} ",
        style=f"bold reverse {grade_style(grade)}",
    )


def score_bar(score: float, grade: GradeView | None, width: int = BAR_WIDTH) -> Text:
    filled = round(max(0.0, min(1.0, score)) * width)
    bar = Text("█" * filled, style=grade_style(grade))
    bar.append("░" * (width - filled), style="dim")
    bar.append(f" {score:.2f}")
    return bar


def text(value: str | None, style: str = "") -> Text:
    """Text shown literally: never markup, no escape sequences."""
    return Text(clean(value or ""), style=style)


def wrapped(value: str | None, style: str = "") -> Wrapped:
    return Wrapped(text(value, style))


def who(person: Person, lang: Lang) -> Text:
    """A name with the role beside it."""
    line = text(person.name)
    line.append(aside(clean(person.role_label or "?"), lang), style="dim")
    return line


def note_text(value: str, lang: Lang, style: str = "") -> Text:
    """A note as typed, labelled, and cut short on screen if it is very long."""
    cleaned = clean(value)
    shown = "\n".join(cleaned.split("\n", NOTE_MAX_LINES)[:NOTE_MAX_LINES])[:NOTE_MAX_CHARS]
    note = Text(f"{ui('note', lang)}{colon(lang)}", style="dim")
    note.append(shown, style=style)
    if len(shown) < len(cleaned):
        note.append(" " + ui("note_cut", lang, count=f"{len(cleaned) - len(shown):,}"), style="dim")
    return note


def section_title(title: str) -> Text:
    return Text(f"\n{clean(title)}", style="bold underline")


def risk_text(risk: float, grade: GradeView, red_flag: bool = False) -> RenderableType:
    shown = Text(f"{risk:.2f}", style=grade_style(grade))
    if red_flag:
        shown.append(" ⚑", style="bold red")
    return shown


def headline_findings(headline: Headline, lang: Lang) -> list[RenderableType]:
    """The end of a session: its most severe findings, one line each, and what to do first."""
    parts: list[RenderableType] = [Text(ui("most_severe", lang), style="bold")]
    for finding in headline.top:
        line = Table.grid(padding=(0, 1))
        line.add_column(no_wrap=True)
        line.add_column(overflow="fold")
        line.add_row(badge(finding.severity, lang), wrapped(f"#{finding.number} {finding.text}"))
        parts.append(line)
    if headline.first_step:
        step = Text(f"{ui('first_step', lang)}{colon(lang)}", style="bold")
        step.append_text(text(headline.first_step))
        parts.append(Wrapped(step))
    return parts
