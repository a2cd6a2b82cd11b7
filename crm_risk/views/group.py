"""The view of a group: several respondents of one project, per bank grades, gaps and answers."""

from __future__ import annotations

from crm_risk.i18n import Lang, pick, role_label
from crm_risk.results import GroupAssessment, GroupPhase, GroupSection, Member
from crm_risk.views.group_model import (
    GapSide,
    GapView,
    GroupFinding,
    GroupMember,
    GroupPhaseRow,
    GroupSectionView,
    GroupView,
    MemberAnswer,
    MemberGrades,
    PhaseSpreads,
    SpreadView,
)
from crm_risk.views.model import FindingRow, Person, ReportView, SectionView, SummaryCell
from crm_risk.views.report import actions, bank_line, headline, ranked_findings, report_view
from crm_risk.views.words import answer_words, maybe_grade, risk_grade


def _person(member: Member, lang: Lang) -> Person:
    return Person(member.name, member.role, role_label(member.role, lang) if member.role else None)


def _phase_row(section: GroupSection, phase: GroupPhase, lang: Lang) -> GroupPhaseRow:
    bank = section.bank
    return GroupPhaseRow(
        id=phase.id,
        title=pick(bank.phase(phase.id).title, lang),
        grade=maybe_grade(bank, phase.grade, lang),
        score=phase.score,
        driver=phase.driver,
    )


def _section_view(
    group: GroupAssessment, index: int, reports: tuple[ReportView, ...], lang: Lang
) -> GroupSectionView:
    section = group.sections[index]
    bank = section.bank
    members = tuple(
        MemberGrades(
            member=m,
            phases=tuple(
                SummaryCell(maybe_grade(bank, p.grade, lang), p.score)
                for p in result.sections[index].phases
            ),
            overall=maybe_grade(bank, result.sections[index].overall.grade, lang),
            overall_score=result.sections[index].overall.score,
        )
        for m, result in enumerate(group.assessments)
    )
    spreads = []
    for spread in section.questions:
        question = bank.question(spread.id)
        assert question is not None
        spreads.append(
            SpreadView(
                number=bank.number(spread.id),
                id=spread.id,
                phase=spread.phase,
                text=pick(question.text, lang),
                threshold=spread.threshold,
                spread=spread.spread,
                gap=spread.gap,
                answers=tuple(
                    MemberAnswer(
                        member=item.member,
                        answer=answer_words(question, item.result, lang),
                        status=item.result.status,
                        risk=item.result.risk,
                        risk_grade=risk_grade(bank, item.result.risk, lang),
                        note=item.result.note,
                        choices=item.result.choices,
                        value=item.result.value,
                    )
                    for item in spread.answers
                ),
            )
        )
    gaps = []
    for number, gap in enumerate(section.gaps, start=1):
        question = bank.question(gap.question)
        assert question is not None
        answers = section.gap_answers(gap)
        sides = [(i, "low") for i in gap.low] + [(i, "high") for i in gap.high]
        gaps.append(
            GapView(
                number=number,
                question=gap.question,
                question_number=bank.number(gap.question),
                phase=gap.phase,
                text=pick(question.text, lang),
                threshold=gap.threshold,
                spread=gap.spread,
                roles=tuple(dict.fromkeys(group.members[i].role or "?" for i, _ in sides)),
                sides=tuple(
                    GapSide(
                        member=i,
                        side=side,
                        answer=answer_words(question, answers[i], lang),
                        risk=answers[i].risk,
                        risk_grade=risk_grade(bank, answers[i].risk, lang),
                    )
                    for i, side in sides
                ),
            )
        )
    return GroupSectionView(
        findings=_findings([report.sections[index] for report in reports]),
        bank_id=bank.id,
        bank_version=bank.version,
        bank_title=pick(bank.title, lang),
        bank_line=bank_line(bank, lang),
        phases=tuple(_phase_row(section, p, lang) for p in section.phases),
        overall=_phase_row(section, section.overall, lang),
        members=members,
        gaps=tuple(gaps),
        spreads=tuple(
            PhaseSpreads(
                id=phase.id,
                title=pick(phase.title, lang),
                questions=tuple(s for s in spreads if s.phase == phase.id),
            )
            for phase in bank.phases
        ),
    )


def _findings(reports: list[SectionView]) -> tuple[GroupFinding, ...]:
    """Per question, the most severe finding among the respondents (one bank's section of each
    one's report) with a view (a skip speaks only when nobody answered), with whose answers
    carry it; most severe first."""
    by_question: dict[str, list[tuple[int, FindingRow]]] = {}
    for member, section in enumerate(reports):
        for finding in section.findings:
            by_question.setdefault(finding.question, []).append((member, finding))
    out = []
    for pairs in by_question.values():
        views = [pair for pair in pairs if pair[1].status.is_view] or pairs
        top = max(views, key=lambda pair: (pair[1].severity.rank, pair[1].risk))[1]
        members = tuple(
            m
            for m, f in views
            if (f.severity.rank, f.risk, f.answer) == (top.severity.rank, top.risk, top.answer)
        )
        out.append(GroupFinding(top, members))
    out.sort(
        key=lambda item: (-item.finding.severity.rank, -item.finding.risk, item.finding.number)
    )
    return tuple(out)


def group_view(group: GroupAssessment, lang: Lang, *, names: bool = True) -> GroupView:
    reports = tuple(report_view(result, lang) for result in group.assessments)
    sections = tuple(_section_view(group, i, reports, lang) for i in range(len(group.sections)))
    worst = next(s for s in group.sections if s.bank.id == group.overall_bank)
    ranked = ranked_findings([(s.bank_title, [f.finding for f in s.findings]) for s in sections])
    overall = _phase_row(worst, group.overall, lang)
    return GroupView(
        names=names,
        headline=headline(overall.grade, overall.score, [f for _, f in ranked]),
        actions=actions(ranked),
        lang=lang,
        project=group.project,
        members=tuple(
            GroupMember(_person(member, lang), member.file, result.date)
            for member, result in zip(group.members, group.assessments, strict=True)
        ),
        sections=sections,
        overall=overall,
        overall_bank=group.overall_bank,
        reports=reports,
    )
