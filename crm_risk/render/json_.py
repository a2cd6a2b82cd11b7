"""The JSON renderer: machine-readable results and questionnaire (public contracts).

``score --format json``: ``{"assessments": [{"file", "project", "bank", "respondent", "overall":
{"grade", "score"}, "phases": [{"id", "grade", "score"}], "findings": [{"question", "risk",
"severity", "advice"}], "unanswered": [ids]}]}``, with more keys alongside. ``score --group``
adds ``"group": {"project", "bank", "respondents", "rule", "overall", "phases", "questions",
"gaps": [{"question", "roles", "respondents": [{"name", "role", "risk", "side"}], ...}]}``. Text is plain strings
in the requested language; nothing is escaped for any other medium.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from crm_risk import __version__
from crm_risk.bank import Bank
from crm_risk.i18n import Lang, pick
from crm_risk.render.common import answer_words, choice_label
from crm_risk.results import Assessment, GroupAssessment, Member

_DIGITS = 4


def _dump(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def assessment_dict(result: Assessment, lang: Lang) -> dict[str, Any]:
    """One assessment as plain data."""
    bank = result.bank
    questions = []
    for item in result.questions:
        question = bank.question(item.id)
        assert question is not None
        questions.append(
            {
                "id": item.id,
                "phase": item.phase,
                "status": item.status,
                "choices": list(item.choices),
                "value": item.value,
                "answer": answer_words(question, item, lang),
                "risk": round(item.risk, _DIGITS),
                "red_flag": item.red_flag,
                "note": item.note,
            }
        )
    return {
        "file": result.file,
        "project": result.project,
        "bank": bank.id,
        "bank_version": bank.version,
        "respondent": result.respondent.model_dump() if result.respondent else None,
        "date": result.date.isoformat() if result.date else None,
        "context": dict(result.context),
        "overall": {"grade": result.overall.grade, "score": round(result.overall.score, _DIGITS)},
        "phases": [
            {
                "id": phase.id,
                "title": pick(bank.phase(phase.id).title, lang),
                "grade": phase.grade,
                "score": round(phase.score, _DIGITS),
                "red_flag": phase.red_flag,
                "answered": phase.answered,
                "total": phase.total,
            }
            for phase in result.phases
        ],
        "findings": [
            {
                "question": finding.question,
                "phase": finding.phase,
                "status": finding.status,
                "risk": round(finding.risk, _DIGITS),
                "severity": finding.severity,
                "red_flag": finding.red_flag,
                "advice": pick(finding.advice, lang) if finding.advice else None,
            }
            for finding in result.findings
        ],
        "unanswered": list(result.unanswered),
        "questions": questions,
    }


def render_assessments(
    results: Sequence[Assessment], lang: Lang, errors: Sequence[str] = ()
) -> str:
    """Every assessment, in the order given; ``errors`` lists files that could not be scored."""
    document: dict[str, Any] = {
        "crmrisk": __version__,
        "lang": lang.value,
        "assessments": [assessment_dict(result, lang) for result in results],
    }
    if errors:
        document["errors"] = list(errors)
    return _dump(document)


def render_questions(bank: Bank, lang: Lang) -> str:
    """The questionnaire as plain data (public contract)."""
    questions = []
    for question in bank.questions:
        item: dict[str, Any] = {
            "id": question.id,
            "phase": question.phase,
            "type": question.type,
            "text": pick(question.text, lang),
            "help": pick(question.help, lang) if question.help else None,
            "weight": question.weight,
        }
        if question.choices is not None:
            item["choices"] = [
                {
                    "id": c.id,
                    "label": choice_label(c.id, c.label, lang),
                    "risk": c.risk,
                    "red_flag": c.red_flag,
                }
                for c in question.choices
            ]
        else:
            item["min"], item["max"], item["unit"] = question.min, question.max, question.unit
        questions.append(item)
    return _dump(
        {
            "bank": {"id": bank.id, "version": bank.version, "title": pick(bank.title, lang)},
            "phases": [{"id": p.id, "title": pick(p.title, lang)} for p in bank.phases],
            "grades": bank.grade_ids(),
            "questions": questions,
        }
    )


def _member_dict(member: Member) -> dict[str, Any]:
    return {"file": member.file, "name": member.name, "role": member.role}


def group_dict(group: GroupAssessment, lang: Lang) -> dict[str, Any]:
    """A group assessment as plain data: grades by worst respondent, answers, consensus gaps."""
    bank = group.bank
    members = group.members

    def driver(index: int) -> dict[str, Any]:
        return _member_dict(members[index])

    questions = []
    for spread in group.questions:
        question = bank.question(spread.id)
        assert question is not None
        questions.append(
            {
                "id": spread.id,
                "phase": spread.phase,
                "text": pick(question.text, lang),
                "threshold": spread.threshold,
                "spread": round(spread.spread, _DIGITS),
                "gap": spread.gap,
                "answers": [
                    {
                        **_member_dict(members[item.member]),
                        "status": item.result.status,
                        "choices": list(item.result.choices),
                        "value": item.result.value,
                        "answer": answer_words(question, item.result, lang),
                        "risk": round(item.result.risk, _DIGITS),
                        "note": item.result.note,
                    }
                    for item in spread.answers
                ],
            }
        )
    gaps = []
    for gap in group.gaps:
        question = bank.question(gap.question)
        assert question is not None
        answers = group.gap_answers(gap)
        sides = [(i, "low") for i in gap.low] + [(i, "high") for i in gap.high]
        gaps.append(
            {
                "question": gap.question,
                "phase": gap.phase,
                "text": pick(question.text, lang),
                "threshold": gap.threshold,
                "spread": round(gap.spread, _DIGITS),
                "roles": list(dict.fromkeys(members[i].role or "?" for i, _ in sides)),
                "respondents": [
                    {
                        **_member_dict(members[i]),
                        "side": side,
                        "risk": round(answers[i].risk, _DIGITS),
                        "answer": answer_words(question, answers[i], lang),
                    }
                    for i, side in sides
                ],
            }
        )
    return {
        "project": group.project,
        "bank": bank.id,
        "bank_version": bank.version,
        "respondents": [_member_dict(m) for m in members],
        "rule": "worst-respondent",
        "overall": {
            "grade": group.overall.grade,
            "score": round(group.overall.score, _DIGITS),
            "phase": group.overall.id,
            "driven_by": driver(group.overall.driver),
        },
        "phases": [
            {
                "id": phase.id,
                "title": pick(bank.phase(phase.id).title, lang),
                "grade": phase.grade,
                "score": round(phase.score, _DIGITS),
                "driven_by": driver(phase.driver),
                "respondents": [
                    {
                        **_member_dict(members[i]),
                        "grade": result.phase(phase.id).grade,
                        "score": round(result.phase(phase.id).score, _DIGITS),
                    }
                    for i, result in enumerate(group.assessments)
                ],
            }
            for phase in group.phases
        ],
        "questions": questions,
        "gaps": gaps,
    }


def render_group(group: GroupAssessment, lang: Lang) -> str:
    """``score --group --format json``: every assessment, as without ``--group``, and the group."""
    document: dict[str, Any] = {
        "crmrisk": __version__,
        "lang": lang.value,
        "assessments": [assessment_dict(result, lang) for result in group.assessments],
        "group": group_dict(group, lang),
    }
    return _dump(document)
