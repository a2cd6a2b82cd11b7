"""The markdown renderer: the report a consultant sends after the meeting, and the questionnaire.

User text goes through :func:`crm_risk.text.md_inline`, so it can neither break a table nor inject
markup; bank text is trusted (it ships with the tool or was written by the bank's author) but is
escaped the same way inside tables.
"""

from __future__ import annotations

from collections.abc import Sequence

from crm_risk import __version__
from crm_risk.bank import Bank
from crm_risk.i18n import Lang, aside, colon, pick, role_label, ui
from crm_risk.render.common import (
    answer_words,
    choice_label,
    context_choices,
    member_role,
    sort_worst_first,
)
from crm_risk.results import Assessment, GroupAssessment, Member
from crm_risk.text import md_inline


def _grade(bank: Bank, grade_id: str, lang: Lang) -> str:
    return md_inline(pick(bank.grade(grade_id).label, lang))


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> list[str]:
    aligns = align or "l" * len(header)
    rule = ["---:" if a == "r" else "---" for a in aligns]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def render(result: Assessment, lang: Lang) -> str:
    """The full markdown report of one assessment."""
    out: list[str] = [f"# {ui('report_title', lang)}{colon(lang)}{md_inline(result.project)}", ""]
    for section in (_facts, _grades, _answers, _findings, _unanswered, _context):
        out += section(result, lang)
    out += ["---", "", f"*{ui('generated_by', lang, version=__version__)}*", ""]
    return "\n".join(out)


def _facts(result: Assessment, lang: Lang) -> list[str]:
    bank = result.bank
    facts: list[tuple[str, str]] = [(ui("project", lang), md_inline(result.project))]
    if result.respondent is not None:
        role = role_label(result.respondent.role, lang)
        facts.append(
            (
                ui("respondent", lang),
                f"{md_inline(result.respondent.name)}{md_inline(aside(role, lang))}",
            )
        )
    facts.append((ui("date", lang), result.date.isoformat() if result.date else ui("unset", lang)))
    facts.append(
        (
            ui("bank", lang),
            f"{md_inline(pick(bank.title, lang))} (`{bank.id}` {md_inline(bank.version)})",
        )
    )
    for field, option in context_choices(result):
        facts.append((md_inline(pick(field.label, lang)), md_inline(pick(option.label, lang))))
    return [*_table(["", ""], facts), ""]


def _grades(result: Assessment, lang: Lang) -> list[str]:
    bank = result.bank
    overall = result.overall
    out = [
        f"## {ui('overall', lang)}{colon(lang)}**{_grade(bank, overall.grade, lang)}** ({overall.score:.2f})",
        "",
        ui("overall_note", lang),
        "",
    ]
    rows = []
    for phase in result.phases:
        flag = " ⚑" if phase.red_flag else ""
        rows.append(
            [
                md_inline(pick(bank.phase(phase.id).title, lang)),
                f"**{_grade(bank, phase.grade, lang)}**{flag}",
                f"{phase.score:.2f}",
                f"{phase.answered}/{phase.total}",
            ]
        )
    out += _table(
        [ui("phase", lang), ui("grade", lang), ui("score", lang), ui("answered", lang)],
        rows,
        "llrr",
    )
    flag_label = pick(bank.grade(bank.flag_grade).label, lang)
    for phase in result.phases:
        if phase.red_flag:
            title = pick(bank.phase(phase.id).title, lang)
            out += [
                "",
                f"⚑ {md_inline(title)}{colon(lang)}{md_inline(ui('red_flag_note', lang, grade=flag_label))}",
            ]
    return [*out, ""]


def _answers(result: Assessment, lang: Lang) -> list[str]:
    bank = result.bank
    out = [f"## {ui('answers', lang)}", ""]
    number = 0
    for phase in bank.phases:
        out += [f"### {md_inline(pick(phase.title, lang))}", ""]
        rows = []
        for item in result.questions:
            if item.phase != phase.id:
                continue
            number += 1
            question = bank.question(item.id)
            assert question is not None
            answer = md_inline(answer_words(question, item, lang))
            if item.status != "answered":
                answer = f"*{answer}*"
            flag = " ⚑" if item.red_flag else ""
            rows.append(
                [
                    str(number),
                    md_inline(pick(question.text, lang)),
                    answer,
                    f"{item.risk:.2f}{flag}",
                    md_inline(item.note) if item.note else "",
                ]
            )
        header = ["#", ui("question", lang), ui("answer", lang), ui("risk", lang), ui("note", lang)]
        out += [*_table(header, rows, "lllrl"), ""]
    return out


def _findings(result: Assessment, lang: Lang) -> list[str]:
    bank = result.bank
    out = [f"## {ui('findings', lang)}", ""]
    if not result.findings:
        return [*out, ui("no_findings", lang), ""]
    for index, finding in enumerate(result.findings, start=1):
        question = bank.question(finding.question)
        item = result.question(finding.question)
        assert question is not None
        flag = f" ⚑ {ui('red_flag', lang)}" if finding.red_flag else ""
        out.append(
            f"{index}. **{_grade(bank, finding.severity, lang)}**{flag}{colon(lang)}{md_inline(pick(question.text, lang))}"
        )
        out.append(
            f"   - {ui('answer', lang)}{colon(lang)}{md_inline(answer_words(question, item, lang))}"
        )
        if item.note:
            out.append(f"   - {ui('note', lang)}{colon(lang)}{md_inline(item.note)}")
        if finding.advice:
            out.append(
                f"   - {ui('advice', lang)}{colon(lang)}{md_inline(pick(finding.advice, lang))}"
            )
    return [*out, ""]


def _unanswered(result: Assessment, lang: Lang) -> list[str]:
    bank = result.bank
    out = [f"## {ui('unanswered', lang)}", ""]
    if not result.unanswered:
        return [*out, ui("none", lang), ""]
    for question_id in result.unanswered:
        question = bank.question(question_id)
        item = result.question(question_id)
        status = ui("unknown_answer" if item.status == "unknown" else "not_answered", lang)
        text = pick(question.text, lang) if question else question_id
        out.append(f"- {md_inline(text)} (*{status}*)")
    return [*out, "", ui("unanswered_note", lang), ""]


def _context(result: Assessment, lang: Lang) -> list[str]:
    out: list[str] = []
    for field, option in context_choices(result):
        if option.explanation:
            out += [
                f"## {md_inline(pick(field.label, lang))}{colon(lang)}{md_inline(pick(option.label, lang))}",
                "",
                md_inline(pick(option.explanation, lang)),
                "",
            ]
    return out


def render_summary(results: Sequence[Assessment], lang: Lang) -> str:
    """A markdown table of several assessments, worst first."""
    rows = []
    for result in sort_worst_first(results):
        bank = result.bank
        phases = "; ".join(
            f"{md_inline(pick(bank.phase(p.id).title, lang))} {_grade(bank, p.grade, lang)} {p.score:.2f}"
            for p in result.phases
        )
        rows.append(
            [
                md_inline(result.file or ""),
                md_inline(result.project),
                md_inline(result.respondent.name) if result.respondent else "",
                f"**{_grade(bank, result.overall.grade, lang)}** {result.overall.score:.2f}",
                phases,
                str(len(result.findings)),
            ]
        )
    header = [
        ui("file", lang),
        ui("project", lang),
        ui("respondent", lang),
        ui("overall", lang),
        ui("phases", lang),
        ui("findings", lang),
    ]
    return "\n".join([f"# {ui('assessments', lang)}", "", *_table(header, rows, "llllll"), ""])


def render_questions(bank: Bank, lang: Lang) -> str:
    """The questionnaire as a printable markdown page with boxes to tick."""
    out = [
        f"# {md_inline(pick(bank.title, lang))}",
        "",
        f"`{bank.id}` {md_inline(bank.version)}",
        "",
    ]
    if bank.description:
        out += [md_inline(pick(bank.description, lang)), ""]
    for field in bank.context:
        options = " ".join(f"☐ {md_inline(pick(o.label, lang))}" for o in field.options)
        out += [f"**{md_inline(pick(field.label, lang))}{colon(lang)}** {options}", ""]
    number = 0
    for phase in bank.phases:
        out += [f"## {md_inline(pick(phase.title, lang))}", ""]
        for question in bank.questions:
            if question.phase != phase.id:
                continue
            number += 1
            out += [f"### {number}. {md_inline(pick(question.text, lang))}", ""]
            if question.help:
                out += [f"*{md_inline(pick(question.help, lang))}*", ""]
            for choice in question.choices or ():
                label = choice_label(choice.id, choice.label, lang)
                out.append(f"- ☐ {md_inline(label)}")
            if question.type in ("number", "scale"):
                unit = md_inline(question.unit or "")
                out.append(
                    f"- {ui('answer', lang)} ({question.min:g}–{question.max:g}{unit}): ______"
                )
            out.append(f"- ☐ {ui('unknown_answer', lang)}")
            out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Several respondents (score --group)


def _who(member: Member, lang: Lang) -> str:
    return f"{md_inline(member.name)}{md_inline(aside(member_role(member, lang), lang))}"


def render_group(group: GroupAssessment, lang: Lang) -> str:
    """The markdown report of several respondents: grades, consensus gaps, answers by role."""
    bank = group.bank
    members = group.members
    out: list[str] = [f"# {ui('group_title', lang)}", ""]
    facts = [
        (ui("project", lang), md_inline(group.project)),
        (
            ui("bank", lang),
            f"{md_inline(pick(bank.title, lang))} (`{bank.id}` {md_inline(bank.version)})",
        ),
    ]
    out += [*_table(["", ""], facts), ""]

    out += [f"## {ui('group_respondents', lang)}", ""]
    rows = [
        [
            md_inline(m.name),
            md_inline(member_role(m, lang)),
            result.date.isoformat() if result.date else "",
            md_inline(m.file or ""),
        ]
        for m, result in zip(members, group.assessments, strict=True)
    ]
    header = [ui("respondent", lang), ui("role", lang), ui("date", lang), ui("file", lang)]
    out += [*_table(header, rows), ""]

    out += [f"## {ui('grade', lang)}", "", ui("group_rule", lang), ""]
    rows = [
        [
            md_inline(pick(bank.phase(phase.id).title, lang)),
            f"**{_grade(bank, phase.grade, lang)}**",
            f"{phase.score:.2f}",
            _who(members[phase.driver], lang),
        ]
        for phase in group.phases
    ]
    overall = group.overall
    rows.append(
        [
            f"**{ui('overall', lang)}**",
            f"**{_grade(bank, overall.grade, lang)}**",
            f"{overall.score:.2f}",
            _who(members[overall.driver], lang),
        ]
    )
    header = [
        ui("phase", lang),
        ui("grade", lang),
        ui("score", lang),
        ui("group_worst_respondent", lang),
    ]
    out += [*_table(header, rows, "llrl"), ""]

    out += [f"### {ui('group_by_respondent', lang)}", ""]
    rows = []
    for member, result in zip(members, group.assessments, strict=True):
        cells = [_who(member, lang)]
        for phase in result.phases:
            cells.append(f"{_grade(bank, phase.grade, lang)} {phase.score:.2f}")
        cells.append(f"**{_grade(bank, result.overall.grade, lang)}** {result.overall.score:.2f}")
        rows.append(cells)
    header = [
        ui("respondent", lang),
        *(md_inline(pick(p.title, lang)) for p in bank.phases),
        ui("overall", lang),
    ]
    out += [*_table(header, rows), ""]

    out += _group_gaps(group, lang)
    out += _group_answers(group, lang)
    out += ["---", "", f"*{ui('generated_by', lang, version=__version__)}*", ""]
    return "\n".join(out)


def _group_gaps(group: GroupAssessment, lang: Lang) -> list[str]:
    bank = group.bank
    out = [f"## {ui('consensus_gaps', lang)}", ""]
    if not group.gaps:
        return [*out, ui("no_gaps", lang), "", ui("gap_ignores_unanswered", lang), ""]
    for index, gap in enumerate(group.gaps, start=1):
        question = bank.question(gap.question)
        assert question is not None
        results = group.gap_answers(gap)
        out.append(f"{index}. **{md_inline(pick(question.text, lang))}**")
        explain = ui(
            "gap_explain", lang, spread=f"{gap.spread:.2f}", threshold=f"{gap.threshold:.2f}"
        )
        out.append(f"   - {md_inline(explain)}")
        for member_index in (*gap.low, *gap.high):
            result = results[member_index]
            words = md_inline(answer_words(question, result, lang))
            who = _who(group.members[member_index], lang)
            line = ui("gap_member", lang, who=who, answer=words, risk=f"{result.risk:.2f}")
            out.append(f"   - {line}")
        advice = ui(
            "labelled", lang, label=ui("advice", lang), text=md_inline(ui("gap_advice", lang))
        )
        out.append(f"   - {advice}")
    return [*out, "", ui("gap_ignores_unanswered", lang), ""]


def _group_answers(group: GroupAssessment, lang: Lang) -> list[str]:
    bank = group.bank
    out = [f"## {ui('group_answers', lang)}", ""]
    number = 0
    for phase in bank.phases:
        out += [f"### {md_inline(pick(phase.title, lang))}", ""]
        for spread in group.questions:
            if spread.phase != phase.id:
                continue
            number += 1
            question = bank.question(spread.id)
            assert question is not None
            flag = f" ⚠ *{ui('consensus_gap', lang)}*" if spread.gap else ""
            out += [f"{number}. **{md_inline(pick(question.text, lang))}**{flag}", ""]
            rows = []
            for item in spread.answers:
                answer = md_inline(answer_words(question, item.result, lang))
                if item.result.status != "answered":
                    answer = f"*{answer}*"
                rows.append(
                    [
                        _who(group.members[item.member], lang),
                        answer,
                        f"{item.result.risk:.2f}",
                        md_inline(item.result.note) if item.result.note else "",
                    ]
                )
            header = [
                ui("respondent", lang),
                ui("answer", lang),
                ui("risk", lang),
                ui("note", lang),
            ]
            out += [*_table(header, rows, "llrl"), ""]
    return out
