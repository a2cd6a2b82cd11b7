"""What ``assess`` shows on a terminal: the setup prompts, the question panel, help and messages.

Rich renderables only; the shell prints them. Bank text is shown as text, user text (project,
names, notes, what was typed) goes through :func:`crm_risk.text.clean` into ``Text``, never markup.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from crm_risk.answers import UNKNOWN, Answer
from crm_risk.assess import Chosen, Recorded, State, is_answered
from crm_risk.assess_parse import Message, number_bounds
from crm_risk.bank import Question
from crm_risk.i18n import ROLES, Lang, colon, pick, role_label, ui
from crm_risk.render.wrap import Wrapped
from crm_risk.text import clean, shorten
from crm_risk.views.words import choice_label

#: How much of what was typed an error message quotes ("'…' is not a choice").
QUOTE_MAX = 100


def render(state: State, lang: Lang) -> RenderableType:
    """The prompt or panel of the current stage."""
    if state.stage == "question":
        return render_question(state, lang)
    if state.stage == "note":
        return Text(ui("assess_note_prompt", lang), style="bold")
    if state.stage == "reason":
        return Text(ui("assess_reason_prompt", lang), style="bold")
    if state.stage == "project":
        return Text(ui("assess_project_prompt", lang), style="bold")
    if state.stage == "name":
        if state.role is not None:
            return Text(ui("assess_name_only_prompt", lang), style="bold")
        if state.room:
            return Group(
                Wrapped(Text(ui("assess_room_prompt", lang), style="bold")), roles_hint(lang)
            )
        return Wrapped(Text(ui("assess_name_prompt", lang), style="bold"))
    if state.stage == "people":
        prompt = Wrapped(Text(ui("assess_people_prompt", lang), style="bold"))
        # The roles once: under the first of these prompts, unless the room's first prompt
        # showed them.
        return prompt if state.others or state.room else Group(prompt, roles_hint(lang))
    if state.stage == "role":
        return _numbered(ui("assess_role_prompt", lang), [role_label(role, lang) for role in ROLES])
    if state.stage == "context":
        field = state.context_field(state.ask_context[0])
        assert field is not None
        title = ui("assess_context_prompt", lang, label=pick(field.label, lang))
        return _numbered(title, [pick(option.label, lang) for option in field.options])
    return Text("")


def roles_hint(lang: Lang) -> RenderableType:
    """The roles one may type after NAME:, in one dim line."""
    roles = ui("room_list_sep", lang).join(role_label(role, lang) for role in ROLES)
    return Wrapped(Text(ui("assess_roles_hint", lang, roles=roles, n=len(ROLES)), style="dim"))


def _numbered(title: str, labels: list[str]) -> RenderableType:
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", style="bold cyan", no_wrap=True)
    table.add_column(overflow="fold")
    for number, label in enumerate(labels, start=1):
        table.add_row(str(number), Wrapped(Text(label)))
    return Group(Text(title, style="bold"), table)


def answer_label(question: Question, answer: Answer | None, lang: Lang) -> str:
    """An answer in words, as the panel shows the current one."""
    if answer is None or not is_answered(answer):
        return ui("not_answered", lang)
    if answer.choice == UNKNOWN:
        return ui("unknown_answer", lang)
    if answer.is_not_applicable:
        return f"{ui('not_applicable', lang)}{colon(lang)}{answer.reason or ''}"
    if answer.value is not None:
        return f"{answer.value:g}{question.unit or ''}"
    chosen = answer.choices if answer.choices is not None else [answer.choice or ""]
    labels = []
    for choice_id in chosen:
        choice = question.choice(choice_id)
        number = question.choice_ids().index(choice_id) + 1 if choice else 0
        label = choice_label(choice_id, choice.label if choice else None, lang)
        labels.append(f"{number} {label}" if number else label)
    return "; ".join(labels)


def render_question(
    state: State, lang: Lang, *, answered: str | None = None, keys: str = "assess_keys"
) -> RenderableType:
    """One question in a panel: bank, phase and progress, the text, the choices, the keys;
    ``answered`` replaces the count of answers at the bottom and ``keys`` the line of keys (a
    room counts everyone's answers, and its ``b`` goes back to the previous person)."""
    bank = state.bank
    question = state.question
    parts: list[RenderableType] = [Wrapped(Text(pick(question.text, lang), style="bold"))]

    if question.choices is not None:
        choices = Table.grid(padding=(0, 1))
        choices.add_column(justify="right", style="bold cyan", no_wrap=True)
        choices.add_column(overflow="fold")
        for number, choice in enumerate(question.choices, start=1):
            choices.add_row(str(number), Wrapped(Text(choice_label(choice.id, choice.label, lang))))
        parts += [Text(""), choices]
        if question.type == "multi":
            parts.append(Text(ui("assess_multi_hint", lang), style="dim"))
        keys_range = f"1-{len(question.choices)}"
    else:
        hint = "assess_scale_hint" if question.type == "scale" else "assess_number_hint"
        parts += [Text(""), Text(ui(hint, lang, **number_bounds(question)), style="cyan")]
        bounds = number_bounds(question)
        keys_range = f"{bounds['min']}-{bounds['max']}"

    answer = state.current
    if is_answered(answer) or (answer is not None and answer.note):
        parts.append(Text(""))
    if is_answered(answer):
        current = Text(ui("assess_current", lang, answer=answer_label(question, answer, lang)))
        current.stylize("green")
        parts += [Wrapped(current), Text(ui("assess_keep", lang), style="dim")]
    if answer is not None and answer.note:
        note = Text(ui("assess_current_note", lang, note=""), style="dim")
        note.append_text(Text(clean(answer.note), style="italic"))
        parts.append(Wrapped(note))

    shown_keys = ui(keys, lang, range=keys_range)
    if question.allow_na:
        shown_keys += ui("assess_keys_na", lang)
    parts += [Text(""), Wrapped(Text(shown_keys, style="dim"))]
    phase = pick(bank.phase(question.phase).title, lang)
    bank_n, banks, n, total = state.position()
    progress = ui("assess_progress", lang, n=n, total=total)
    if banks > 1:
        progress = f"{ui('assess_bank_progress', lang, n=bank_n, total=banks)}, {progress}"
    if answered is None:
        answered = ui("assess_answered", lang, n=state.answered_count(), total=len(state.items))
    title = Text(f"{phase} · {progress}", style="bold")
    return Panel(
        Group(*parts),
        title=title,
        title_align="left",
        subtitle=Text(answered, style="dim"),
        subtitle_align="right",
        box=box.ROUNDED,
        padding=(0, 1),
    )


def render_help(question: Question, lang: Lang) -> RenderableType:
    """Why the question matters, from the bank."""
    if question.help is None:
        return Text(ui("assess_no_help", lang), style="dim")
    return Panel(
        Wrapped(Text(pick(question.help, lang))),
        title=Text(ui("help", lang), style="bold"),
        title_align="left",
        box=box.ROUNDED,
        border_style="cyan",
        padding=(0, 1),
    )


def one_line(value: str, style: str = "") -> RenderableType:
    """``value`` on one screen line, cut with an ellipsis (user text cleaned first)."""
    # Inside a Group: a Text printed on its own is wrapped whatever its no_wrap says.
    line = Text(clean(value, keep_newlines=False), style=style, no_wrap=True, overflow="ellipsis")
    return Group(line)


def render_recorded(recorded: Recorded, lang: Lang) -> RenderableType:
    """One line confirming what an answer recorded: ``✓ 2 Partly: ...``, ``✓ 35%``."""
    if recorded.answer is None:
        return one_line(ui("assess_recorded_skip", lang), "dim")
    answer = shorten(answer_label(recorded.question, recorded.answer, lang), QUOTE_MAX * 2)
    return one_line(ui("assess_recorded", lang, answer=answer), "green")


def render_chosen(chosen: Chosen, lang: Lang) -> RenderableType:
    """One line confirming a role or context option picked during setup."""
    return one_line(ui("assess_recorded", lang, answer=pick(chosen.label, lang)), "green")


def render_message(message: Message, lang: Lang) -> RenderableType:
    """A message; user input quoted in it is cleaned and cut to a readable length first."""
    values = {k: shorten(clean(v, keep_newlines=False), QUOTE_MAX) for k, v in message.values}
    text = Text(ui(message.key, lang, **values), style="bold red" if message.error else "green")
    return Wrapped(text)
