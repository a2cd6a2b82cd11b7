"""The view of one assessment: its header facts, then per bank the grades, answers, findings."""

from __future__ import annotations

from collections.abc import Sequence

from crm_risk.answers import AnswerStatus
from crm_risk.bank import Bank
from crm_risk.i18n import Lang, aside, count_line, pick, ui
from crm_risk.results import Assessment, PhaseResult, Section
from crm_risk.views.model import (
    ActionItem,
    AnswerRow,
    ContextNote,
    Fact,
    FindingRow,
    GradeView,
    Headline,
    PhaseAnswers,
    PhaseRow,
    ReportView,
    SectionView,
)
from crm_risk.views.words import answer_words, grade_view, maybe_grade, person, risk_grade

#: How many findings the headline names.
TOP_FINDINGS = 3


def report_view(
    result: Assessment,
    lang: Lang,
    *,
    prepared_for: str | None = None,
    prepared_by: str | None = None,
) -> ReportView:
    """Build the report view of one assessment in ``lang``.

    ``prepared_for`` defaults to the project; ``prepared_by`` to the respondent when they are the
    consultant (a consultant's own answer file), else nobody is named.
    """
    sections = tuple(section_view(result, section, lang) for section in result.sections)
    worst = next(s for s in result.sections if s.bank.id == result.overall.bank)
    overall = maybe_grade(worst.bank, result.overall.grade, lang)
    ranked = ranked_findings([(s.bank_title, s.findings) for s in sections])
    if prepared_by is None and result.respondent and result.respondent.role == "consultant":
        prepared_by = result.respondent.name
    return ReportView(
        lang=lang,
        file=result.file,
        project=result.project,
        respondent=person(result.respondent, lang),
        date=result.date,
        context=dict(result.context),
        facts=_facts(result, lang),
        overall=overall,
        overall_score=result.overall.score,
        overall_bank=result.overall.bank,
        sections=sections,
        headline=headline(overall, result.overall.score, [f for _, f in ranked]),
        actions=actions(ranked),
        prepared_for=prepared_for or result.project,
        prepared_by=prepared_by,
    )


def ranked_findings(
    banks: Sequence[tuple[str, Sequence[FindingRow]]],
) -> list[tuple[str, FindingRow]]:
    """Every finding of every bank (title, findings in the bank's own order), most severe first
    by severity as a share of its scale; findings of equal weight keep their banks' order and
    the order within each bank (severity, then risk times weight: :mod:`crm_risk.scoring`)."""
    pairs = [(title, finding) for title, findings in banks for finding in findings]
    return sorted(pairs, key=lambda pair: -pair[1].severity.rank / max(1, pair[1].severity.top))


def headline(overall: GradeView | None, score: float, findings: list[FindingRow]) -> Headline:
    counts: dict[str, tuple[GradeView, int]] = {}
    for finding in findings:
        grade, count = counts.get(finding.severity.label, (finding.severity, 0))
        counts[finding.severity.label] = (grade, count + 1)
    by_rank = sorted(counts.values(), key=lambda pair: -pair[0].rank / max(1, pair[0].top))
    first = next((f.advice for f in findings if f.advice), None)
    return Headline(overall, score, tuple(by_rank), tuple(findings[:TOP_FINDINGS]), first)


def actions(ranked: list[tuple[str, FindingRow]]) -> tuple[ActionItem, ...]:
    return tuple(
        ActionItem(
            number=index,
            bank_title=bank_title,
            question=finding.number,
            text=finding.text,
            severity=finding.severity,
            advice=finding.advice,
        )
        for index, (bank_title, finding) in enumerate(ranked, start=1)
    )


def bank_line(bank: Bank, lang: Lang) -> str:
    """A bank as a person reads it: its title, id and version."""
    return pick(bank.title, lang) + aside(f"{bank.id} {bank.version}", lang)


def _facts(result: Assessment, lang: Lang) -> tuple[Fact, ...]:
    facts = [Fact(ui("project", lang), result.project)]
    if result.respondent is not None:
        who = person(result.respondent, lang)
        assert who is not None and who.role_label is not None
        facts.append(Fact(ui("respondent", lang), who.name + aside(who.role_label, lang)))
    facts.append(
        Fact(
            ui("date", lang),
            result.date.isoformat() if result.date else ui("unset", lang),
            "date",
        )
    )
    for section in result.sections:
        facts.append(Fact(ui("bank", lang), bank_line(section.bank, lang), "bank"))
    for section in result.sections:
        for field_id, option_id in result.context.items():
            field = section.bank.context_field(field_id)
            option = field.option(option_id) if field else None
            if field is not None and option is not None:
                facts.append(Fact(pick(field.label, lang), pick(option.label, lang)))
    if result.file:
        facts.append(Fact(ui("file", lang), result.file, "file"))
    return tuple(facts)


def _lift_note(bank: Bank, phase: PhaseResult, lang: Lang) -> str | None:
    if phase.grade is None or not phase.lifted_by:
        return None
    label = pick(bank.grade(phase.grade).label, lang)
    if phase.red_flag:
        flag_label = pick(bank.grade(bank.flag_grade).label, lang)
        if bank.grade_rank(bank.flag_grade) >= bank.grade_rank(phase.grade):
            return ui("red_flag_note", lang, grade=flag_label)
    numbers = ", ".join(f"#{bank.number(q)}" for q in phase.lifted_by)
    return ui("decisive_note", lang, grade=label, questions=numbers)


def section_view(result: Assessment, section: Section, lang: Lang) -> SectionView:
    bank = section.bank
    rows = []
    for item in section.questions:
        question = bank.question(item.id)
        assert question is not None
        rows.append(
            AnswerRow(
                number=bank.number(item.id),
                id=item.id,
                phase=item.phase,
                text=pick(question.text, lang),
                answer=answer_words(question, item, lang),
                status=item.status,
                risk=item.risk,
                risk_grade=risk_grade(bank, item.risk, lang),
                red_flag=item.red_flag,
                floor=item.floor,
                note=item.note,
                reason=item.reason,
                choices=item.choices,
                value=item.value,
            )
        )
    by_id = {row.id: row for row in rows}
    findings = tuple(
        FindingRow(
            number=by_id[f.question].number,
            question=f.question,
            phase=f.phase,
            text=by_id[f.question].text,
            severity=maybe_grade(bank, f.severity, lang) or risk_grade(bank, f.risk, lang),
            answer=by_id[f.question].answer,
            status=f.status,
            risk=f.risk,
            red_flag=f.red_flag,
            note=by_id[f.question].note,
            advice=pick(f.advice, lang) if f.advice else None,
        )
        for f in section.findings
    )
    phases = tuple(
        PhaseRow(
            id=p.id,
            title=pick(bank.phase(p.id).title, lang),
            grade=maybe_grade(bank, p.grade, lang),
            score=p.score,
            answered=p.answered,
            unknown=p.unknown,
            not_applicable=p.not_applicable,
            unanswered=p.unanswered,
            total=p.total,
            red_flag=p.red_flag,
            lifted_by=p.lifted_by,
            lift_note=_lift_note(bank, p, lang),
        )
        for p in section.phases
    )
    answers = tuple(
        PhaseAnswers(
            id=phase.id,
            title=pick(phase.title, lang),
            answers=tuple(row for row in rows if row.phase == phase.id),
        )
        for phase in bank.phases
    )
    context = []
    for field_id, option_id in result.context.items():
        field = bank.context_field(field_id)
        option = field.option(option_id) if field else None
        if field is not None and option is not None:
            explanation = pick(option.explanation, lang) if option.explanation else None
            context.append(
                ContextNote(pick(field.label, lang), pick(option.label, lang), explanation)
            )
    migrated = tuple(
        ui(
            "migrated_note",
            lang,
            old=step.from_version,
            new=step.to_version,
            what=pick(step.note, lang) if step.note else "",
        ).strip()
        for step in section.migrated
    )
    return SectionView(
        bank_id=bank.id,
        bank_version=bank.version,
        bank_title=pick(bank.title, lang),
        bank_line=bank_line(bank, lang),
        overall=maybe_grade(bank, section.overall.grade, lang),
        overall_score=section.overall.score,
        phases=phases,
        answers=answers,
        findings=findings,
        context=tuple(context),
        migrated=migrated,
        grades=tuple(grade_view(bank, g.id, lang) for g in bank.grades),
        counts=count_line(
            lang,
            answered=sum(1 for r in rows if r.status is AnswerStatus.answered),
            unknown=sum(1 for r in rows if r.status is AnswerStatus.unknown),
            na=sum(1 for r in rows if r.status is AnswerStatus.not_applicable),
            skipped=sum(1 for r in rows if r.status is AnswerStatus.unanswered),
            total=len(rows),
        ),
    )
