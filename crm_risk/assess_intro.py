"""The setup steps of ``assess``: project, who answers (one person, or a room), role, context.

Pure, like :mod:`crm_risk.assess`. A role is typed as its number, id or label in either language;
a context option likewise. A name typed as ``NAME:ROLE`` gives the role at once and opens the
list of a room: further people, one ``NAME:ROLE`` a line, until an empty line.
"""

from __future__ import annotations

from dataclasses import replace

from crm_risk.assess_parse import message, pick_option, pick_role, split_person
from crm_risk.assess_state import (
    KEY_QUIT,
    MAX_NAME,
    MAX_PEOPLE,
    MAX_PROJECT,
    Chosen,
    Output,
    State,
    Step,
    advance,
    normal,
)
from crm_risk.i18n import ROLES
from crm_risk.i18n.roles import ROLE_LABELS


def next_setup(state: State) -> State:
    """The next thing to ask, or the first unanswered question once setup is done."""
    if state.project is None:
        return replace(state, stage="project")
    if state.name is None:
        return replace(state, stage="name")
    if state.role is None:
        return replace(state, stage="role")
    if state.ask_context:
        return replace(state, stage="context")
    return advance(state, -1)


def setup(state: State, line: str) -> Step:
    """One line typed at a setup prompt."""
    text = line.strip()
    if state.stage == "project" and normal(line).lower() == KEY_QUIT:
        # The first prompt says `q` quits (a person may well be called Q, a project hardly);
        # nothing is saved before setup ends, so there is nothing to lose.
        return Step(replace(state, stage="cancelled"))
    if state.stage == "project":
        if problem := _text_problem(text, MAX_PROJECT):
            return Step(state, (problem,))
        return Step(next_setup(replace(state, project=text)), ("panel",))
    if state.stage == "name":
        return _name(state, line)
    if state.stage == "people":
        return _people(state, line)
    if state.stage == "role":
        role = pick_role(line)
        if role is None:
            return Step(state, (message("assess_pick", error=True, input=text, n=len(ROLES)),))
        return Step(next_setup(replace(state, role=role)), (Chosen(ROLE_LABELS[role]), "panel"))
    return _context(state, line)


def _text_problem(text: str, limit: int) -> Output | None:
    if not text:
        return message("assess_required", error=True)
    if len(text) > limit:
        return message("assess_too_long", error=True, max=limit)
    return None


def _name(state: State, line: str) -> Step:
    """A name; ``NAME:ROLE`` (when no --role was given) gives the role too and opens a room."""
    text = line.strip()
    name, role = split_person(line) if state.role is None else (text, None)
    if state.room and role is None:
        # A room's people are listed with their roles.
        return Step(state, (message("assess_need_role", error=True, input=text),))
    if problem := _text_problem(name, MAX_NAME):
        return Step(state, (problem,))
    if role is None:
        return Step(next_setup(replace(state, name=name)), ("panel",))
    return Step(
        replace(state, name=name, role=role, stage="people"), (_person(name, role), "panel")
    )


def _people(state: State, line: str) -> Step:
    """The room's further people, until an empty line."""
    text = line.strip()
    if not text:
        return Step(next_setup(state), ("panel",))
    name, role = split_person(line)
    if role is None:
        return Step(state, (message("assess_need_role", error=True, input=text),))
    if problem := _text_problem(name, MAX_NAME):
        return Step(state, (problem,))
    people = [(state.name, state.role), *state.others]
    if (name, role) in people:
        return Step(state, (message("assess_person_twice", error=True, input=text),))
    if len(people) >= MAX_PEOPLE:
        return Step(state, (message("assess_too_many", error=True, max=MAX_PEOPLE),))
    others = (*state.others, (name, role))
    return Step(replace(state, others=others), (_person(name, role), "panel"))


def _person(name: str, role: str) -> Chosen:
    """A person of a room, confirmed as ``Li Wei (sponsor)`` / ``Li Wei（项目发起人）``."""
    labels = ROLE_LABELS[role]
    return Chosen({"en": f"{name} ({labels['en']})", "zh": f"{name}（{labels['zh']}）"})


def _context(state: State, line: str) -> Step:
    """A context field: a number, an option id or label, or Enter alone to leave it out."""
    text = line.strip()
    field_id = state.ask_context[0]
    context_field = state.context_field(field_id)
    assert context_field is not None
    rest = state.ask_context[1:]
    if not text:
        return Step(next_setup(replace(state, ask_context=rest)), ("panel",))
    option_id = pick_option(context_field, line)
    if option_id is None:
        problem = message("assess_pick", error=True, input=text, n=len(context_field.options))
        return Step(state, (problem,))
    option = context_field.option(option_id)
    assert option is not None
    context = {**state.context, field_id: option_id}
    new = next_setup(replace(state, context=context, ask_context=rest))
    return Step(new, (Chosen(option.label), "panel"))
