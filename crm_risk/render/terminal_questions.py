"""The terminal layout of the questionnaire and of the list of banks."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from crm_risk import __version__
from crm_risk.i18n import Lang, aside, colon, ui
from crm_risk.render.terminal_parts import section_title, text, wrapped
from crm_risk.render.wrap import Wrapped
from crm_risk.views.model import BankQuestions, BanksView, QuestionItem, QuestionnaireView


def _questionnaire_item(item: QuestionItem, lang: Lang) -> RenderableType:
    """One question with its help and numbered choices, wrapped lines kept under their text.

    Choice risks are left out: people who read the questionnaire before the meeting should not
    be steered by the scoring (``--format json`` has it).
    """
    body: list[RenderableType] = [wrapped(item.text, "bold")]
    if item.help:
        body.append(wrapped(item.help, "dim"))
    choices = Table.grid(padding=(0, 1))
    choices.add_column(justify="right", no_wrap=True)
    choices.add_column()
    for index, choice in enumerate(item.choices or (), start=1):
        choices.add_row(f"{index})", wrapped(choice.label))
    body.append(choices)
    if item.type in ("number", "scale"):
        span = f"{item.min:g}–{item.max:g}{item.unit or ''}"
        body.append(text(f"{ui('range', lang)}{colon(lang)}{span}"))
    if item.allow_na:
        body.append(Text(ui("na_allowed", lang), style="dim"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True, style="bold")
    grid.add_column()
    grid.add_row(f"{item.number}.", Group(*body))
    return grid


def _bank_questions(bank: BankQuestions, lang: Lang) -> list[RenderableType]:
    parts: list[RenderableType] = [
        text(bank.title, "bold"),
        text(f"{bank.id} {bank.version}", "dim"),
    ]
    if bank.description:
        parts.append(wrapped(bank.description))
    for phase in bank.phases:
        parts.append(section_title(phase.title))
        for item in phase.questions:
            parts.append(Padding(_questionnaire_item(item, lang), (1, 0, 0, 0), expand=False))
    return parts


def render_questions(view: QuestionnaireView) -> RenderableType:
    """The questionnaire, bank by bank and phase by phase, for reading before a meeting."""
    parts: list[RenderableType] = []
    for index, bank in enumerate(view.banks):
        if index:
            parts.append(Text(""))
        parts += _bank_questions(bank, view.lang)
    parts.append(Text(f"\ncrmrisk {__version__}", style="dim"))
    return Group(*parts)


def render_banks(view: BanksView) -> RenderableType:
    """The shipped banks, one row each: what they check and how much of it there is."""
    lang = view.lang
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, leading=1)
    table.add_column(ui("bank", lang), ratio=2, overflow="fold")
    table.add_column(ui("questions_short", lang), justify="right", no_wrap=True)
    table.add_column(ui("phases", lang), ratio=3, overflow="fold")
    for bank in view.banks:
        who = text(bank.title, "bold")
        who.append_text(text(f"\n{bank.id} {bank.version}", "dim"))
        phases = text("\n".join(p.title + aside(str(p.questions), lang) for p in bank.phases))
        table.add_row(Wrapped(who), str(bank.questions), Wrapped(phases))
    return Group(table, text(ui("banks_hint", lang), "dim"))
