"""The view of the questionnaire itself: each bank's questions, phase by phase, numbered."""

from __future__ import annotations

from collections.abc import Sequence

from crm_risk.bank import Bank
from crm_risk.i18n import Lang, pick
from crm_risk.views.model import (
    BandItem,
    BankEntry,
    BankPhase,
    BankQuestions,
    BanksView,
    ChoiceItem,
    ContextItem,
    QuestionItem,
    QuestionnaireView,
    QuestionPhase,
)
from crm_risk.views.words import choice_label, grade_view


def bank_questions(bank: Bank, lang: Lang) -> BankQuestions:
    items = [
        QuestionItem(
            number=bank.number(q.id),
            id=q.id,
            phase=q.phase,
            type=q.type,
            text=pick(q.text, lang),
            help=pick(q.help, lang) if q.help else None,
            weight=q.weight,
            choices=None
            if q.choices is None
            else tuple(
                ChoiceItem(c.id, choice_label(c.id, c.label, lang), c.risk, c.red_flag, c.decisive)
                for c in q.choices
            ),
            min=q.min,
            max=q.max,
            unit=q.unit,
            allow_na=q.allow_na,
            bands=tuple(
                BandItem(b.min, b.max, b.risk, b.red_flag, b.decisive) for b in q.bands or ()
            ),
        )
        for q in bank.ordered
    ]
    return BankQuestions(
        id=bank.id,
        version=bank.version,
        title=pick(bank.title, lang),
        description=pick(bank.description, lang) if bank.description else None,
        grades=tuple(bank.grade_ids()),
        context=tuple(
            ContextItem(
                f.id, pick(f.label, lang), tuple((o.id, pick(o.label, lang)) for o in f.options)
            )
            for f in bank.context
        ),
        phases=tuple(
            QuestionPhase(p.id, pick(p.title, lang), tuple(i for i in items if i.phase == p.id))
            for p in bank.phases
        ),
    )


def questionnaire_view(banks: Sequence[Bank], lang: Lang) -> QuestionnaireView:
    return QuestionnaireView(lang=lang, banks=tuple(bank_questions(b, lang) for b in banks))


def banks_view(banks: Sequence[Bank], lang: Lang) -> BanksView:
    """What each bank is: id, version, title, how many questions, its phases and grades."""
    return BanksView(
        lang=lang,
        banks=tuple(
            BankEntry(
                id=bank.id,
                version=bank.version,
                title=pick(bank.title, lang),
                description=pick(bank.description, lang) if bank.description else None,
                questions=len(bank.questions),
                phases=tuple(
                    BankPhase(
                        p.id, pick(p.title, lang), sum(1 for q in bank.questions if q.phase == p.id)
                    )
                    for p in bank.phases
                ),
                grades=tuple(grade_view(bank, g.id, lang) for g in bank.grades),
            )
            for bank in banks
        ),
    )
