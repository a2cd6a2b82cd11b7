"""The JSON of ``crmrisk compare`` (two dates) and of a trend (a folder): a public contract.

Compare: ``{"crmrisk", "lang", "project", "old": {"file", "date"}, "new": {...}, "worse",
"banks": [{"bank", "overall": {"old", "new", "change"}, "phases": [{"id", "old": {"grade",
"score"}, "new": {...}, "change"}], "findings": [{"question", "number", "change", "old", "new"}],
"not_compared": [{"question", "reason"}]}], "unmatched": [{"bank", "side"}]}``. Trend:
``{"crmrisk", "lang", "project", "dates", "banks": [{"bank", "overall": [{"date", "file",
"grade", "score"}], "phases": [{"id", "points": [...]}]}]}``.
"""

from __future__ import annotations

from typing import Any

from crm_risk import __version__
from crm_risk.views.compare_model import CompareView, Side, TrendLine, TrendView
from crm_risk.views.model import GradeView

_DIGITS = 4


def _grade(grade: GradeView | None, score: float) -> dict[str, Any]:
    return {"grade": grade.id if grade else None, "score": round(score, _DIGITS)}


def _side(side: Side) -> dict[str, Any]:
    return {"file": side.file, "date": side.date.isoformat() if side.date else None}


def compare_document(view: CompareView) -> dict[str, Any]:
    return {
        "crmrisk": __version__,
        "lang": view.lang.value,
        "project": view.project,
        "old": _side(view.old),
        "new": _side(view.new),
        "worse": view.worse,
        "banks": [
            {
                "bank": bank.bank_id,
                "overall": {
                    "old": _grade(bank.old, bank.old_score),
                    "new": _grade(bank.new, bank.new_score),
                    "change": bank.change,
                },
                "phases": [
                    {
                        "id": p.id,
                        "title": p.title,
                        "old": _grade(p.old, p.old_score),
                        "new": _grade(p.new, p.new_score),
                        "change": p.change,
                    }
                    for p in bank.phases
                ],
                "findings": [
                    {
                        "question": f.question,
                        "number": f.number,
                        "change": f.change,
                        "old": f.old.id if f.old else None,
                        "new": f.new.id if f.new else None,
                        "old_answer": f.old_answer,
                        "new_answer": f.new_answer,
                    }
                    for f in bank.findings
                ],
                "not_compared": [
                    {"question": m.question, "number": m.number, "reason": m.reason}
                    for m in bank.uncompared
                ],
            }
            for bank in view.banks
        ],
        "unmatched": [{"bank": bank, "side": side} for bank, side in view.unmatched],
    }


def _points(line: TrendLine) -> list[dict[str, Any]]:
    return [{"date": p.date, "file": p.file, **_grade(p.grade, p.score)} for p in line.points]


def trend_document(view: TrendView) -> dict[str, Any]:
    return {
        "crmrisk": __version__,
        "lang": view.lang.value,
        "project": view.project,
        "dates": list(view.dates),
        "banks": [
            {
                "bank": bank.bank_id,
                "overall": _points(bank.overall),
                "phases": [
                    {"id": line.id, "title": line.title, "points": _points(line)}
                    for line in bank.phases
                ],
            }
            for bank in view.banks
        ],
    }
