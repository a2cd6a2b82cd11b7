"""The small pieces every view is made of: a grade, an answer in words, a person, a file name."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from crm_risk.answers import AnswerStatus, Respondent
from crm_risk.bank import Bank, Question
from crm_risk.i18n import Lang, pick, role_label, ui
from crm_risk.results import QuestionResult
from crm_risk.scoring import grade_for
from crm_risk.views.model import GradeView, Person

#: Grade views are asked for tens of times per report: built once per bank and language. (The
#: bank is kept with its views, so that its id cannot be reused by another bank meanwhile.)
_GRADE_VIEWS: dict[tuple[int, str], tuple[Bank, dict[str, GradeView]]] = {}


def grade_view(bank: Bank, grade_id: str, lang: Lang) -> GradeView:
    key = (id(bank), lang.value)
    cached = _GRADE_VIEWS.get(key)
    if cached is None or cached[0] is not bank:
        labels = [pick(g.label, lang) for g in bank.grades]
        width = max(_cells(label) for label in labels)
        views = {
            grade.id: GradeView(
                id=grade.id,
                label=label,
                rank=rank,
                top=len(bank.grades) - 1,
                width=width,
                labels=tuple(grade.label.values()),
            )
            for rank, (grade, label) in enumerate(zip(bank.grades, labels, strict=True))
        }
        if len(_GRADE_VIEWS) > 64:
            _GRADE_VIEWS.clear()
        cached = _GRADE_VIEWS[key] = (bank, views)
    return cached[1][grade_id]


def maybe_grade(bank: Bank, grade_id: str | None, lang: Lang) -> GradeView | None:
    return None if grade_id is None else grade_view(bank, grade_id, lang)


def risk_grade(bank: Bank, risk: float, lang: Lang) -> GradeView:
    """The grade a risk alone reaches on the bank's scale (how a risk is coloured)."""
    return grade_view(bank, grade_for(bank, risk), lang)


def _cells(text: str) -> int:
    # East Asian wide characters take two cells; the rest one (no rich import in views).
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def choice_label(choice_id: str, label: dict[str, str] | None, lang: Lang) -> str:
    """A choice's label; yes/no questions may leave theirs to the tool."""
    if label:
        return pick(label, lang)
    return ui(choice_id, lang) if choice_id in ("yes", "no") else choice_id


def answer_words(question: Question, result: QuestionResult, lang: Lang) -> str:
    """The answer as plain words: choice labels, or the value with its unit."""
    if result.status is AnswerStatus.unanswered:
        return ui("not_answered", lang)
    if result.status is AnswerStatus.unknown:
        return ui("unknown_answer", lang)
    if result.status is AnswerStatus.not_applicable:
        return ui("not_applicable", lang)
    if question.type in ("number", "scale"):
        return f"{result.value:g}{question.unit or ''}"
    labels = []
    for choice_id in result.choices:
        choice = question.choice(choice_id)
        labels.append(choice_label(choice_id, choice.label if choice else None, lang))
    return "; ".join(labels) if labels else ui("none", lang)


def person(respondent: Respondent | None, lang: Lang) -> Person | None:
    if respondent is None:
        return None
    return Person(respondent.name, respondent.role, role_label(respondent.role, lang))


def short_paths(files: Sequence[str]) -> dict[str, str]:
    """Each file as its shortest ending that still tells it from the others (for narrow tables)."""
    split = {f: PurePath(f).parts or (f,) for f in files}
    short = {}
    for file, parts in split.items():
        for size in range(1, len(parts) + 1):
            tail = parts[-size:]
            if all(other is file or tuple(o[-size:]) != tail for other, o in split.items()):
                break
        short[file] = str(PurePath(*tail))
    return short
