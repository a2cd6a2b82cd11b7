"""The rich terminal renderer: the full report of one assessment, a summary of many, the questionnaire.

Every piece of user text (notes, names) goes through :func:`crm_risk.text.clean` into a ``Text``
object, never through rich's markup parser. Bank texts are cleaned once, when a bank is loaded
(``models.BankText``).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from crm_risk import __version__
from crm_risk.bank import Bank, Question
from crm_risk.i18n import Lang, aside, colon, pick, role_label, ui
from crm_risk.render.common import (
    answer_words,
    choice_label,
    context_choices,
    member_role,
    short_paths,
    sort_worst_first,
)
from crm_risk.render.wrap import Wrapped
from crm_risk.results import Assessment, Finding, GroupAssessment, Member, QuestionResult
from crm_risk.scoring import grade_for
from crm_risk.text import clean

_PALETTE = ("green", "yellow", "dark_orange", "red", "bold red")
BAR_WIDTH = 16


def grade_style(bank: Bank, grade_id: str) -> str:
    """Green for the lowest grade, red for the highest, spread over the grades in between."""
    rank, top = bank.grade_rank(grade_id), len(bank.grades) - 1
    index = round(rank * (len(_PALETTE) - 2) / top) if top else 0
    return _PALETTE[index]


def badge(bank: Bank, grade_id: str, lang: Lang) -> Text:
    """A grade as a coloured label, padded to the widest grade so that what follows lines up."""
    label = pick(bank.grade(grade_id).label, lang)
    width = max(cell_len(pick(grade.label, lang)) for grade in bank.grades)
    return Text(
        f" {label}{' ' * (width - cell_len(label))} ",
        style=f"bold reverse {grade_style(bank, grade_id)}",
    )


def score_bar(score: float, style: str, width: int = BAR_WIDTH) -> Text:
    filled = round(max(0.0, min(1.0, score)) * width)
    bar = Text("█" * filled, style=style)
    bar.append("░" * (width - filled), style="dim")
    return bar


def user_text(value: str | None, style: str = "") -> Text:
    """User-typed text, shown literally."""
    return Text(clean(value or ""), style=style)


#: A note longer than this is cut short on screen; the markdown and JSON reports keep all of it.
#: (A note of 300,000 lines would otherwise cost rich seconds and hundreds of MB to lay out.)
NOTE_MAX_CHARS = 2000
NOTE_MAX_LINES = 40


def note_text(value: str, lang: Lang, style: str = "") -> Text:
    """A note as typed, labelled, and cut short on screen if it is very long."""
    text = clean(value)
    shown = "\n".join(text.split("\n", NOTE_MAX_LINES)[:NOTE_MAX_LINES])[:NOTE_MAX_CHARS]
    note = Text(f"{ui('note', lang)}{colon(lang)}", style="dim")
    note.append(shown, style=style)
    if len(shown) < len(text):
        note.append(" " + ui("note_cut", lang, count=f"{len(text) - len(shown):,}"), style="dim")
    return note


def answer_text(bank: Bank, result: QuestionResult, lang: Lang) -> Text:
    """What was answered, in words."""
    question = bank.question(result.id)
    if question is None or result.status == "unanswered":
        return Text(ui("not_answered", lang), style="italic dim")
    if result.status == "unknown":
        return Text(ui("unknown_answer", lang), style="italic")
    return Text(clean(answer_words(question, result, lang)))


def _header(result: Assessment, lang: Lang) -> RenderableType:
    bank = result.bank
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(ui("project", lang), Wrapped(user_text(result.project)))
    if result.respondent is not None:
        who = user_text(result.respondent.name)
        who.append(aside(role_label(result.respondent.role, lang), lang), style="dim")
        grid.add_row(ui("respondent", lang), Wrapped(who))
    if result.date is not None:
        grid.add_row(ui("date", lang), result.date.isoformat())
    grid.add_row(
        ui("bank", lang),
        Wrapped(Text(f"{pick(bank.title, lang)} ({bank.id} {clean(bank.version)})")),
    )
    for field, option in context_choices(result):
        grid.add_row(Text(pick(field.label, lang)), Text(pick(option.label, lang)))
    if result.file:
        grid.add_row(ui("file", lang), Wrapped(user_text(result.file, "dim")))
    return Panel(
        grid, title=Text(ui("report_title", lang), style="bold"), box=box.ROUNDED, expand=True
    )


def _grades(result: Assessment, lang: Lang) -> RenderableType:
    bank = result.bank
    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
    table.add_column(ui("phase", lang), overflow="fold")
    table.add_column(ui("grade", lang), no_wrap=True)
    table.add_column(ui("score", lang), no_wrap=True)
    table.add_column(ui("answered", lang), no_wrap=True, justify="right")
    for phase in result.phases:
        style = grade_style(bank, phase.grade)
        bar = score_bar(phase.score, style)
        bar.append(f" {phase.score:.2f}")
        table.add_row(
            Wrapped(Text(pick(bank.phase(phase.id).title, lang))),
            badge(bank, phase.grade, lang),
            bar,
            Text(f"{phase.answered}/{phase.total}", style="dim"),
        )
    overall = result.overall
    table.add_section()
    overall_bar = score_bar(overall.score, grade_style(bank, overall.grade))
    overall_bar.append(f" {overall.score:.2f}")
    table.add_row(
        Text(ui("overall", lang), style="bold"), badge(bank, overall.grade, lang), overall_bar, ""
    )
    notes = [ui("overall_note", lang)]
    for phase in result.phases:
        if phase.red_flag:
            flag_label = pick(bank.grade(bank.flag_grade).label, lang)
            notes.append(
                f"{pick(bank.phase(phase.id).title, lang)}{colon(lang)}{ui('red_flag_note', lang, grade=flag_label)}"
            )
    return Group(table, Wrapped(Text("\n".join(notes), style="dim")))


def _answers(result: Assessment, lang: Lang) -> RenderableType:
    bank = result.bank
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_lines=False, pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True, style="dim")
    table.add_column(ui("question", lang), ratio=3, overflow="fold")
    table.add_column(ui("answer", lang), ratio=3, overflow="fold")
    table.add_column(ui("risk", lang), justify="right", no_wrap=True)
    for number, item in enumerate(result.questions, start=1):
        question = bank.question(item.id)
        assert question is not None
        answer = answer_text(bank, item, lang)
        if item.note:
            answer.append("\n")
            answer.append_text(note_text(item.note, lang, "italic dim"))
        risk = Text(f"{item.risk:.2f}", style=grade_style(bank, grade_for(bank, item.risk)))
        if item.red_flag:
            risk.append(" ⚑", style="bold red")
        table.add_row(str(number), Wrapped(Text(pick(question.text, lang))), Wrapped(answer), risk)
    return table


def _findings(result: Assessment, lang: Lang) -> RenderableType:
    if not result.findings:
        return Text(ui("no_findings", lang), style="green")
    return Group(*(_finding(result, finding, lang) for finding in result.findings))


def _finding(result: Assessment, finding: Finding, lang: Lang) -> RenderableType:
    bank = result.bank
    question = bank.question(finding.question)
    assert question is not None
    item = result.question(finding.question)
    body = Text(pick(question.text, lang), style="bold")
    body.append(f"\n{ui('answer', lang)}{colon(lang)}", style="dim")
    body.append_text(answer_text(bank, item, lang))
    if finding.red_flag:
        body.append(f"  ⚑ {ui('red_flag', lang)}", style="bold red")
    if finding.advice:
        body.append(f"\n{ui('advice', lang)}{colon(lang)}", style="dim")
        body.append(pick(finding.advice, lang))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(badge(bank, finding.severity, lang), Wrapped(body))
    return Padding(grid, (0, 0, 1, 0), expand=False)


def _context(result: Assessment, lang: Lang) -> list[RenderableType]:
    out: list[RenderableType] = []
    for field, option in context_choices(result):
        if option.explanation:
            title = f"{pick(field.label, lang)}{colon(lang)}{pick(option.label, lang)}"
            out.append(
                Panel(
                    Wrapped(Text(pick(option.explanation, lang))),
                    title=Text(title),
                    box=box.ROUNDED,
                    title_align="left",
                )
            )
    return out


def _section(title: str) -> Text:
    return Text(f"\n{title}", style="bold underline")


def render(result: Assessment, lang: Lang) -> RenderableType:
    """The full terminal report of one assessment."""
    bank = result.bank
    parts: list[RenderableType] = [
        _header(result, lang),
        _grades(result, lang),
        _section(ui("answers", lang)),
        _answers(result, lang),
        _section(ui("findings", lang)),
        _findings(result, lang),
    ]
    if result.unanswered:
        parts.append(_section(ui("unanswered", lang)))
        listing = Text()
        for question_id in result.unanswered:
            question = bank.question(question_id)
            text = pick(question.text, lang) if question else question_id
            listing.append(f"• {text}\n")
        listing.append(ui("unanswered_note", lang), style="dim")
        parts.append(Wrapped(listing))
    parts.extend(_context(result, lang))
    return Group(*parts)


def render_summary(results: Sequence[Assessment], lang: Lang) -> RenderableType:
    """One row per assessment, worst first: who and what, then the grade of each phase."""
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, leading=1)
    table.add_column(ui("project", lang), ratio=1, min_width=16)
    table.add_column(ui("overall", lang), no_wrap=True)
    phase_titles: dict[str, str] = {}
    for result in results:
        for phase in result.bank.phases:
            phase_titles.setdefault(phase.id, pick(phase.title, lang))
    for title in phase_titles.values():
        table.add_column(Wrapped(Text(title)), max_width=10)
    table.add_column(ui("findings_short", lang), justify="right", no_wrap=True)
    shown = short_paths([r.file for r in results if r.file])
    for result in sort_worst_first(results):
        bank = result.bank
        who = user_text(result.project, "bold")
        if result.respondent is not None:
            who.append("\n")
            who.append_text(user_text(result.respondent.name))
            who.append(aside(role_label(result.respondent.role, lang), lang), style="dim")
        if result.file:
            who.append("\n")
            who.append_text(user_text(shown[result.file], "dim"))
        cells: list[RenderableType] = [Wrapped(who), badge(bank, result.overall.grade, lang)]
        for phase_id in phase_titles:
            scored = next((p for p in result.phases if p.id == phase_id), None)
            if scored is None:
                cells.append(Text("–", style="dim"))
                continue
            cell = Text(
                pick(bank.grade(scored.grade).label, lang), style=grade_style(bank, scored.grade)
            )
            cell.append(f"\n{scored.score:.2f}", style="dim")
            cells.append(cell)
        cells.append(Text(str(len(result.findings))))
        table.add_row(*cells)
    return table


def _questionnaire_item(number: int, question: Question, lang: Lang) -> RenderableType:
    """One question with its help and numbered choices, wrapped lines kept under their text.

    Choice risks are left out: people who read the questionnaire before the meeting should not
    be steered by the scoring (``--format json`` has it).
    """
    body: list[RenderableType] = [Wrapped(Text(pick(question.text, lang), style="bold"))]
    if question.help:
        body.append(Wrapped(Text(pick(question.help, lang), style="dim")))
    choices = Table.grid(padding=(0, 1))
    choices.add_column(justify="right", no_wrap=True)
    choices.add_column()
    for index, choice in enumerate(question.choices or (), start=1):
        choices.add_row(f"{index})", Wrapped(Text(choice_label(choice.id, choice.label, lang))))
    body.append(choices)
    if question.type in ("number", "scale"):
        span = f"{question.min:g}–{question.max:g}{question.unit or ''}"
        body.append(Text(f"{ui('range', lang)}{colon(lang)}{span}"))
    item = Table.grid(padding=(0, 1))
    item.add_column(justify="right", no_wrap=True, style="bold")
    item.add_column()
    item.add_row(f"{number}.", Group(*body))
    return item


def render_questions(bank: Bank, lang: Lang) -> RenderableType:
    """The questionnaire, phase by phase, for reading before a meeting."""
    parts: list[RenderableType] = [
        Text(pick(bank.title, lang), style="bold"),
        Text(f"{bank.id} {clean(bank.version)}", style="dim"),
    ]
    if bank.description:
        parts.append(Wrapped(Text(pick(bank.description, lang))))
    number = 0
    for phase in bank.phases:
        parts.append(_section(pick(phase.title, lang)))
        for question in bank.questions:
            if question.phase != phase.id:
                continue
            number += 1
            parts.append(
                Padding(_questionnaire_item(number, question, lang), (1, 0, 0, 0), expand=False)
            )
    parts.append(Text(f"\ncrmrisk {__version__}", style="dim"))
    return Group(*parts)


# ---------------------------------------------------------------------------------------------
# Several respondents (score --group)


def _who(member: Member, lang: Lang) -> Text:
    who = user_text(member.name)
    who.append(aside(member_role(member, lang), lang), style="dim")
    return who


def render_group(group: GroupAssessment, lang: Lang) -> RenderableType:
    """The terminal report of several respondents: grades, consensus gaps, answers by role."""
    bank = group.bank
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(ui("project", lang), Wrapped(user_text(group.project)))
    grid.add_row(
        ui("bank", lang), Wrapped(Text(f"{pick(bank.title, lang)} ({bank.id} {bank.version})"))
    )
    for index, member in enumerate(group.members):
        line = _who(member, lang)
        if member.file:
            line.append("  ")
            line.append_text(user_text(member.file, "dim"))
        grid.add_row(ui("group_respondents", lang) if index == 0 else "", Wrapped(line))
    header = Panel(
        grid, title=Text(ui("group_title", lang), style="bold"), box=box.ROUNDED, expand=True
    )
    return Group(
        header,
        _group_grades(group, lang),
        _section(ui("consensus_gaps", lang)),
        _group_gaps(group, lang),
        _section(ui("group_by_respondent", lang)),
        _group_members(group, lang),
        _section(ui("group_answers", lang)),
        _group_answers(group, lang),
    )


def _group_grades(group: GroupAssessment, lang: Lang) -> RenderableType:
    bank = group.bank
    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
    table.add_column(ui("phase", lang), overflow="fold")
    table.add_column(ui("grade", lang), no_wrap=True)
    table.add_column(ui("score", lang), no_wrap=True)
    table.add_column(ui("group_worst_respondent", lang), overflow="fold")
    for phase in group.phases:
        bar = score_bar(phase.score, grade_style(bank, phase.grade))
        bar.append(f" {phase.score:.2f}")
        table.add_row(
            Wrapped(Text(pick(bank.phase(phase.id).title, lang))),
            badge(bank, phase.grade, lang),
            bar,
            Wrapped(_who(group.members[phase.driver], lang)),
        )
    overall = group.overall
    table.add_section()
    bar = score_bar(overall.score, grade_style(bank, overall.grade))
    bar.append(f" {overall.score:.2f}")
    table.add_row(
        Text(ui("overall", lang), style="bold"),
        badge(bank, overall.grade, lang),
        bar,
        Wrapped(_who(group.members[overall.driver], lang)),
    )
    notes = Text(f"{ui('group_rule', lang)}\n{ui('overall_note', lang)}", style="dim")
    return Group(table, Wrapped(notes))


def _group_gaps(group: GroupAssessment, lang: Lang) -> RenderableType:
    bank = group.bank
    note = Text(ui("gap_ignores_unanswered", lang), style="dim")
    if not group.gaps:
        return Group(Wrapped(Text(ui("no_gaps", lang), style="green")), Wrapped(note))
    parts: list[RenderableType] = []
    for gap in group.gaps:
        question = bank.question(gap.question)
        assert question is not None
        results = group.gap_answers(gap)
        body = Text(pick(question.text, lang), style="bold")
        explain = ui(
            "gap_explain", lang, spread=f"{gap.spread:.2f}", threshold=f"{gap.threshold:.2f}"
        )
        body.append("\n" + explain, style="dim")
        for member_index in (*gap.low, *gap.high):
            result = results[member_index]
            body.append("\n• ")
            body.append_text(_who(group.members[member_index], lang))
            body.append(" → ")
            body.append_text(answer_text(bank, result, lang))
            body.append(
                f"  {result.risk:.2f}", style=grade_style(bank, grade_for(bank, result.risk))
            )
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


def _group_members(group: GroupAssessment, lang: Lang) -> RenderableType:
    bank = group.bank
    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
    table.add_column(ui("respondent", lang), overflow="fold")
    for phase in bank.phases:
        table.add_column(Wrapped(Text(pick(phase.title, lang))), no_wrap=True)
    table.add_column(ui("overall", lang), no_wrap=True)
    for member, result in zip(group.members, group.assessments, strict=True):
        cells: list[RenderableType] = [Wrapped(_who(member, lang))]
        for scored in result.phases:
            cell = Text(
                pick(bank.grade(scored.grade).label, lang), style=grade_style(bank, scored.grade)
            )
            cell.append(f" {scored.score:.2f}", style="dim")
            cells.append(cell)
        cells.append(badge(bank, result.overall.grade, lang))
        table.add_row(*cells)
    return table


def _group_answers(group: GroupAssessment, lang: Lang) -> RenderableType:
    bank = group.bank
    parts: list[RenderableType] = []
    for number, spread in enumerate(group.questions, start=1):
        question = bank.question(spread.id)
        assert question is not None
        title = Text(f"{number}. ", style="bold")
        title.append(pick(question.text, lang), style="bold")
        if spread.gap:
            title.append(f"  ⚠ {ui('consensus_gap', lang)}", style="bold magenta")
        table = Table(box=None, expand=True, show_header=False, pad_edge=False, padding=(0, 1))
        table.add_column(ratio=2, overflow="fold")
        table.add_column(ratio=3, overflow="fold")
        table.add_column(justify="right", no_wrap=True)
        for item in spread.answers:
            answer = answer_text(bank, item.result, lang)
            if item.result.note:
                answer.append("\n")
                answer.append_text(note_text(item.result.note, lang, "italic dim"))
            risk = Text(
                f"{item.result.risk:.2f}",
                style=grade_style(bank, grade_for(bank, item.result.risk)),
            )
            table.add_row(Wrapped(_who(group.members[item.member], lang)), Wrapped(answer), risk)
        parts.append(Padding(Group(Wrapped(title), Padding(table, (0, 0, 0, 3))), (0, 0, 1, 0)))
    return Group(*parts)
