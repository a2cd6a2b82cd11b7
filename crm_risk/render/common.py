"""Format-neutral helpers the renderers share: answers in words, ordering."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from crm_risk.bank import ContextField, ContextOption, Question
from crm_risk.i18n import Lang, pick, role_label, ui
from crm_risk.results import Assessment, Member, QuestionResult


def answer_words(question: Question, result: QuestionResult, lang: Lang) -> str:
    """The answer as plain words: choice labels, or the value with its unit."""
    if result.status == "unanswered":
        return ui("not_answered", lang)
    if result.status == "unknown":
        return ui("unknown_answer", lang)
    if question.type in ("number", "scale"):
        return f"{result.value:g}{question.unit or ''}"
    labels = []
    for choice_id in result.choices:
        choice = question.choice(choice_id)
        labels.append(choice_label(choice_id, choice.label if choice else None, lang))
    return "; ".join(labels) if labels else ui("none", lang)


def choice_label(choice_id: str, label: dict[str, str] | None, lang: Lang) -> str:
    """A choice's label; yes/no questions may leave theirs to the tool."""
    if label:
        return pick(label, lang)
    return ui(choice_id, lang) if choice_id in ("yes", "no") else choice_id


def sort_worst_first(results: Sequence[Assessment]) -> list[Assessment]:
    """Highest overall grade first, then highest score, then file name."""
    return sorted(
        results,
        key=lambda r: (
            -r.bank.grade_rank(r.overall.grade),
            -r.overall.score,
            r.file or "",
            r.project,
        ),
    )


def context_choices(result: Assessment) -> list[tuple[ContextField, ContextOption]]:
    """The bank's context fields the answers set (``crm_kind`` …), with the option chosen."""
    chosen = []
    for field_id, option_id in result.context.items():
        field = result.bank.context_field(field_id)
        option = field.option(option_id) if field else None
        if field is not None and option is not None:
            chosen.append((field, option))
    return chosen


def member_role(member: Member, lang: Lang) -> str:
    """A group member's role in words (``?`` when the file names no respondent)."""
    return role_label(member.role, lang) if member.role else "?"


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
