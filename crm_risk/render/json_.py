"""The JSON renderer: results, groups and the questionnaire as plain data (public contracts).

The shapes are :mod:`crm_risk.render.json_shapes`. A batch is written as it is scored, one
assessment at a time, so memory does not grow with the number of files. Text is plain strings in
the requested language; nothing is escaped for any other medium.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, ClassVar

from crm_risk import __version__
from crm_risk.answers import AnswerStatus
from crm_risk.render import json_shapes as shape
from crm_risk.render.json_compare import compare_document, trend_document
from crm_risk.render.registry import RenderOptions
from crm_risk.views.compare_model import CompareView, TrendView
from crm_risk.views.group_model import GroupMember, GroupPhaseRow, GroupSectionView, GroupView
from crm_risk.views.model import (
    BankQuestions,
    BanksView,
    BatchView,
    Encoded,
    Failure,
    GradeView,
    QuestionnaireView,
    ReportView,
    SectionView,
)

_DIGITS = 4
_NOT_ANSWERED = (AnswerStatus.unanswered, AnswerStatus.unknown)


class JsonRenderer:
    name: ClassVar[str] = "json"
    views: ClassVar[tuple[type, ...]] = (
        BatchView,
        GroupView,
        QuestionnaireView,
        BanksView,
        CompareView,
        TrendView,
    )

    def __init__(self, options: RenderOptions) -> None:
        # Indented for people (a terminal, or --indent); compact otherwise, which is also what
        # a machine reads fastest and what json's C encoder writes fastest.
        self.indent = 2 if options.indent else None

    def _dump(self, document: Any) -> str:
        if self.indent:
            return json.dumps(document, ensure_ascii=False, indent=self.indent)
        return json.dumps(document, ensure_ascii=False, separators=(",", ":"))

    def encode(self, view: ReportView) -> str:
        """One assessment of a batch, as the batch writes it (a worker may do this part)."""
        return self._dump(assessment_dict(view))

    def render(self, view: Any) -> Any:
        if isinstance(view, BatchView):
            return self._batch(view)
        if isinstance(view, GroupView):
            return self._dump(self._group_document(view)) + "\n"
        if isinstance(view, BanksView):
            return self._dump(banks_document(view)) + "\n"
        if isinstance(view, CompareView):
            return self._dump(compare_document(view)) + "\n"
        if isinstance(view, TrendView):
            return self._dump(trend_document(view)) + "\n"
        assert isinstance(view, QuestionnaireView)
        return self._dump(questions_document(view)) + "\n"

    def _batch(self, view: BatchView) -> Iterator[str]:
        """``{"crmrisk", "lang", "assessments": [...], "errors"?}``, one assessment at a time,
        byte for byte what :func:`json.dumps` would write for the whole document."""
        pad, nl = ("    ", "\n") if self.indent else ("", "")
        head = self._dump({"crmrisk": __version__, "lang": view.lang.value, "assessments": [0]})
        yield head[: head.rindex("0")].rstrip()  # up to the list's opening bracket
        errors: list[str] = []
        count = 0
        for item in view.items:
            if isinstance(item, Failure):
                errors.extend(item.problems)
                continue
            text = item.text if isinstance(item, Encoded) else self.encode(item)
            if self.indent:
                text = text.replace("\n", "\n" + pad)
            yield ("," if count else "") + nl + pad + text
            count += 1
        tail = self._dump({"assessments": [0] if count else [], "errors": errors}) if errors else ""
        close = (nl + "  ]" if count else "]") if self.indent else "]"
        if errors:
            yield close + tail[tail.index(",", tail.index("]")) :] + "\n"
        else:
            yield close + nl + "}\n"

    def _group_document(self, view: GroupView) -> shape.Results:
        return {
            "crmrisk": __version__,
            "lang": view.lang.value,
            "assessments": [assessment_dict(report) for report in view.reports],
            "group": group_dict(view),
        }


def _section_dict(section: SectionView) -> shape.Section:
    return {
        "bank": section.bank_id,
        "bank_version": section.bank_version,
        "title": section.bank_title,
        "overall": {
            "grade": section.overall.id if section.overall else None,
            "score": round(section.overall_score, _DIGITS),
            "bank": section.bank_id,
        },
        "phases": [
            {
                "id": p.id,
                "title": p.title,
                "grade": p.grade.id if p.grade else None,
                "score": round(p.score, _DIGITS),
                "red_flag": p.red_flag,
                "lifted_by": list(p.lifted_by),
                "answered": p.answered,
                "unknown": p.unknown,
                "not_applicable": p.not_applicable,
                "skipped": p.unanswered,
                "total": p.total,
            }
            for p in section.phases
        ],
        "findings": [
            {
                "question": f.question,
                "number": f.number,
                "phase": f.phase,
                "status": f.status.value,
                "risk": round(f.risk, _DIGITS),
                "severity": f.severity.id,
                "red_flag": f.red_flag,
                "advice": f.advice,
            }
            for f in section.findings
        ],
        # As in 0.1: every question without a real answer, skipped or "we don't know".
        "unanswered": [row.id for row in section.questions if row.status in _NOT_ANSWERED],
        "unknown": [row.id for row in section.unknown],
        "skipped": [row.id for row in section.unanswered],
        "questions": [
            {
                "id": row.id,
                "number": row.number,
                "phase": row.phase,
                "status": row.status.value,
                "choices": list(row.choices),
                "value": row.value,
                "answer": row.answer,
                "risk": round(row.risk, _DIGITS),
                "red_flag": row.red_flag,
                "floor": row.floor,
                "note": row.note,
                "reason": row.reason,
            }
            for row in section.questions
        ],
        "migrated": list(section.migrated),
    }


def assessment_dict(view: ReportView) -> shape.Assessment:
    """One assessment as plain data."""
    sections = [_section_dict(section) for section in view.sections]
    document: shape.Assessment = {
        "file": view.file,
        "project": view.project,
        "respondent": (
            {"name": view.respondent.name, "role": view.respondent.role or "other"}
            if view.respondent
            else None
        ),
        "date": view.date.isoformat() if view.date else None,
        "context": dict(view.context),
        "overall": {
            "grade": view.overall.id if view.overall else None,
            "score": round(view.overall_score, _DIGITS),
            "bank": view.overall_bank,
        },
        "sections": sections,
    }
    if len(sections) == 1:
        only = sections[0]
        document["bank"] = only["bank"]
        document["bank_version"] = only["bank_version"]
        document["phases"] = only["phases"]
        document["findings"] = only["findings"]
        document["unanswered"] = only["unanswered"]
        document["unknown"] = only["unknown"]
        document["skipped"] = only["skipped"]
        document["questions"] = only["questions"]
    return document


def _grade_id(grade: GradeView | None) -> str | None:
    return grade.id if grade else None


def _member(member: GroupMember) -> shape.Member:
    return {"file": member.file, "name": member.person.name, "role": member.person.role}


def _overall(view: GroupView, row: GroupPhaseRow, bank: str) -> shape.GroupOverall:
    return {
        "grade": row.grade.id if row.grade else None,
        "score": round(row.score, _DIGITS),
        "phase": row.id,
        "bank": bank,
        "driven_by": _member(view.members[row.driver]),
    }


def _group_section(view: GroupView, section: GroupSectionView) -> shape.GroupSection:
    members = view.members
    return {
        "bank": section.bank_id,
        "bank_version": section.bank_version,
        "overall": _overall(view, section.overall, section.bank_id),
        "phases": [
            {
                "id": phase.id,
                "title": phase.title,
                "grade": phase.grade.id if phase.grade else None,
                "score": round(phase.score, _DIGITS),
                "driven_by": _member(members[phase.driver]),
                "respondents": [
                    {
                        **_member(members[grades.member]),
                        "grade": _grade_id(grades.phases[index].grade),
                        "score": round(grades.phases[index].score, _DIGITS),
                    }
                    for grades in section.members
                ],
            }
            for index, phase in enumerate(section.phases)
        ],
        "questions": [
            {
                "id": spread.id,
                "number": spread.number,
                "phase": spread.phase,
                "text": spread.text,
                "threshold": spread.threshold,
                "spread": round(spread.spread, _DIGITS),
                "gap": spread.gap,
                "answers": [
                    {
                        **_member(members[item.member]),
                        "status": item.status.value,
                        "choices": list(item.choices),
                        "value": item.value,
                        "answer": item.answer,
                        "risk": round(item.risk, _DIGITS),
                        "note": item.note,
                    }
                    for item in spread.answers
                ],
            }
            for phase in section.spreads
            for spread in phase.questions
        ],
        "gaps": [
            {
                "question": gap.question,
                "number": gap.question_number,
                "phase": gap.phase,
                "text": gap.text,
                "threshold": gap.threshold,
                "spread": round(gap.spread, _DIGITS),
                "roles": list(gap.roles),
                "respondents": [
                    {
                        **_member(members[side.member]),
                        "side": "low" if side.side == "low" else "high",
                        "risk": round(side.risk, _DIGITS),
                        "answer": side.answer,
                    }
                    for side in gap.sides
                ],
            }
            for gap in section.gaps
        ],
    }


def group_dict(view: GroupView) -> shape.Group:
    """A group as plain data: grades by worst respondent, answers, consensus gaps."""
    sections = [_group_section(view, section) for section in view.sections]
    document: shape.Group = {
        "project": view.project,
        "respondents": [_member(m) for m in view.members],
        "rule": "worst-respondent",
        "overall": _overall(view, view.overall, view.overall_bank),
        "sections": sections,
    }
    if len(sections) == 1:
        only = sections[0]
        document["bank"] = only["bank"]
        document["bank_version"] = only["bank_version"]
        document["phases"] = only["phases"]
        document["questions"] = only["questions"]
        document["gaps"] = only["gaps"]
    return document


def _bank_document(bank: BankQuestions) -> dict[str, Any]:
    questions = []
    for q in bank.questions:
        item: dict[str, Any] = {
            "id": q.id,
            "number": q.number,
            "phase": q.phase,
            "type": q.type,
            "text": q.text,
            "help": q.help,
            "weight": q.weight,
            "allow_na": q.allow_na,
        }
        if q.choices is not None:
            item["choices"] = [
                {
                    "id": c.id,
                    "label": c.label,
                    "risk": c.risk,
                    "red_flag": c.red_flag,
                    "decisive": c.decisive,
                }
                for c in q.choices
            ]
        else:
            item["min"], item["max"], item["unit"] = q.min, q.max, q.unit
            item["bands"] = [
                {
                    "min": b.min,
                    "max": b.max,
                    "risk": b.risk,
                    "red_flag": b.red_flag,
                    "decisive": b.decisive,
                }
                for b in q.bands or ()
            ]
        questions.append(item)
    return {
        "bank": {"id": bank.id, "version": bank.version, "title": bank.title},
        "phases": [{"id": p.id, "title": p.title} for p in bank.phases],
        "grades": list(bank.grades),
        "questions": questions,
    }


def questions_document(view: QuestionnaireView) -> dict[str, Any]:
    """One bank: ``{"bank", "phases", "grades", "questions"}``; several: ``{"banks": [...]}``."""
    documents = [_bank_document(bank) for bank in view.banks]
    return documents[0] if len(documents) == 1 else {"banks": documents}


def banks_document(view: BanksView) -> dict[str, Any]:
    """``{"banks": [{"id", "version", "title", "questions", "phases": [{"id", "title",
    "questions"}], "grades": [ids]}]}``."""
    return {
        "banks": [
            {
                "id": bank.id,
                "version": bank.version,
                "title": bank.title,
                "description": bank.description,
                "questions": bank.questions,
                "phases": [
                    {"id": p.id, "title": p.title, "questions": p.questions} for p in bank.phases
                ],
                "grades": [g.id for g in bank.grades],
            }
            for bank in view.banks
        ]
    }
