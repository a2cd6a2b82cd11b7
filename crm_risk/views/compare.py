"""The views of a comparison and of a trend, localised."""

from __future__ import annotations

from collections.abc import Sequence

from crm_risk.bank import Bank
from crm_risk.compare import Comparison
from crm_risk.i18n import Lang, pick, ui
from crm_risk.results import Assessment
from crm_risk.views.compare_model import (
    BankDelta,
    CompareView,
    FindingDelta,
    PhaseDelta,
    Side,
    TrendBank,
    TrendLine,
    TrendPoint,
    TrendView,
    Uncompared,
)
from crm_risk.views.words import answer_words, maybe_grade, person


def _side(result: Assessment, lang: Lang) -> Side:
    return Side(result.file, result.date, person(result.respondent, lang))


def compare_view(comparison: Comparison, lang: Lang) -> CompareView:
    banks = []
    for item in comparison.banks:
        bank = item.bank
        findings = []
        for change in item.findings:
            question = bank.question(change.question)
            assert question is not None
            finding = change.new or change.old
            assert finding is not None
            advice = pick(finding.advice, lang) if finding.advice else None
            findings.append(
                FindingDelta(
                    question=change.question,
                    number=bank.number(change.question),
                    text=pick(question.text, lang),
                    change=change.change,
                    change_label=ui(f"change_{change.change}", lang),
                    old=maybe_grade(bank, change.old.severity if change.old else None, lang),
                    new=maybe_grade(bank, change.new.severity if change.new else None, lang),
                    old_answer=answer_words(question, item.old.question(change.question), lang),
                    new_answer=answer_words(question, item.new.question(change.question), lang),
                    # what to do is said where a finding needs doing: worse or new
                    advice=advice if change.change in ("worse", "new") else None,
                )
            )
        order = {"worse": 0, "new": 1, "same": 2, "better": 3, "resolved": 4}
        findings.sort(key=lambda f: (order[f.change], f.number))
        uncompared = []
        for miss in item.uncompared:
            question = bank.question(miss.question)
            assert question is not None
            uncompared.append(
                Uncompared(
                    miss.question,
                    bank.number(miss.question),
                    pick(question.text, lang),
                    miss.reason,
                    ui(f"uncompared_{miss.reason.replace('-', '_')}", lang),
                )
            )
        banks.append(
            BankDelta(
                bank_id=bank.id,
                title=pick(bank.title, lang),
                old=maybe_grade(bank, item.old.overall.grade, lang),
                old_score=item.old.overall.score,
                new=maybe_grade(bank, item.new.overall.grade, lang),
                new_score=item.new.overall.score,
                change=item.overall,
                change_label=ui(f"change_{item.overall.replace('-', '_')}", lang),
                phases=tuple(
                    PhaseDelta(
                        id=p.id,
                        title=pick(bank.phase(p.id).title, lang),
                        old=maybe_grade(bank, p.old.grade, lang),
                        old_score=p.old.score,
                        new=maybe_grade(bank, p.new.grade, lang),
                        new_score=p.new.score,
                        change=p.change,
                        change_label=ui(f"change_{p.change.replace('-', '_')}", lang),
                    )
                    for p in item.phases
                ),
                findings=tuple(findings),
                uncompared=tuple(uncompared),
            )
        )
    return CompareView(
        lang=lang,
        project=comparison.new.project,
        old=_side(comparison.old, lang),
        new=_side(comparison.new, lang),
        banks=tuple(banks),
        unmatched=comparison.unmatched,
        worse=comparison.worse,
    )


def _label(result: Assessment, index: int) -> str:
    return result.date.isoformat() if result.date else f"#{index + 1}"


def _trend_line(
    results: Sequence[Assessment],
    dates: tuple[str, ...],
    bank: Bank,
    line: tuple[str, str] | None,
    lang: Lang,
) -> TrendLine:
    """One bank's overall (``line`` None) or one phase's ``(id, title)`` at every date it has."""
    points = []
    for index, result in enumerate(results):
        if not any(s.bank.id == bank.id for s in result.sections):
            continue
        section = result.section(bank.id)
        scored = section.phase(line[0]) if line else section.overall
        grade = maybe_grade(bank, scored.grade, lang)
        points.append(TrendPoint(dates[index], result.file, grade, scored.score))
    line_id, title = line or ("overall", ui("overall", lang))
    return TrendLine(line_id, title, tuple(points))


def trend_view(results: Sequence[Assessment], lang: Lang) -> TrendView:
    """Each bank's and phase's grade and score at each date (``results`` oldest first)."""
    dates = tuple(_label(r, i) for i, r in enumerate(results))
    banks = tuple(
        TrendBank(
            bank_id=section.bank.id,
            title=pick(section.bank.title, lang),
            overall=_trend_line(results, dates, section.bank, None, lang),
            phases=tuple(
                _trend_line(results, dates, section.bank, (p.id, pick(p.title, lang)), lang)
                for p in section.bank.phases
            ),
        )
        for section in results[-1].sections
    )
    return TrendView(lang=lang, project=results[-1].project, dates=dates, banks=banks)
