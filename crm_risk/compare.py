"""Comparing the same project at two dates (or over several): what got better, what got worse.

Pure, like :mod:`crm_risk.scoring`. Answers written for an older bank version were read through
its migrations when they were loaded, so both sides speak the bank's current version. The rules:

- both assessments must be of the same project; banks are compared where both have them;
- a phase (or a bank) is *worse* when its grade rose, or kept its grade with a higher score; a
  phase with no grade on one side (every question not applicable) is not compared;
- findings are matched by question: *resolved* (a finding then, none now), *new* (none then, one
  now), *worse* / *better* (a higher / lower severity, or the same with a higher / lower risk);
- a question is not compared when it was not applicable on either side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from crm_risk.answers import AnswerStatus
from crm_risk.bank import Bank
from crm_risk.errors import InputError, Problem
from crm_risk.msg import _
from crm_risk.results import Assessment, Finding, PhaseResult, Section
from crm_risk.scoring import EPSILON

Change = Literal["better", "worse", "same", "not-compared"]


@dataclass(frozen=True)
class PhaseChange:
    id: str
    old: PhaseResult
    new: PhaseResult
    change: Change


@dataclass(frozen=True)
class FindingChange:
    question: str
    old: Finding | None
    new: Finding | None
    change: Literal["resolved", "new", "worse", "better", "same"]


@dataclass(frozen=True)
class Uncompared:
    question: str
    reason: Literal["not-applicable-then", "not-applicable-now"]


@dataclass(frozen=True)
class BankComparison:
    bank: Bank
    old: Section
    new: Section
    overall: Change
    phases: tuple[PhaseChange, ...]
    findings: tuple[FindingChange, ...]
    uncompared: tuple[Uncompared, ...]


@dataclass(frozen=True)
class Comparison:
    old: Assessment
    new: Assessment
    banks: tuple[BankComparison, ...]
    #: Banks only one side has, by id, with the side ("old" or "new").
    unmatched: tuple[tuple[str, str], ...]

    @property
    def worse(self) -> bool:
        """Whether any phase grade got worse (``--fail-on-worse``)."""
        return any(
            p.change == "worse" and _rank(b.bank, p.new.grade) > _rank(b.bank, p.old.grade)
            for b in self.banks
            for p in b.phases
        )


def _rank(bank: Bank, grade: str | None) -> int:
    return bank.grade_rank(grade) if grade else -1


def _change(bank: Bank, old: tuple[str | None, float], new: tuple[str | None, float]) -> Change:
    if old[0] is None or new[0] is None:
        return "not-compared"
    before, after = (_rank(bank, old[0]), old[1]), (_rank(bank, new[0]), new[1])
    if after[0] != before[0]:
        return "worse" if after[0] > before[0] else "better"
    if abs(after[1] - before[1]) <= EPSILON:
        return "same"
    return "worse" if after[1] > before[1] else "better"


def _finding_change(bank: Bank, old: Finding | None, new: Finding | None) -> FindingChange:
    question = (old or new).question  # type: ignore[union-attr]
    if old is None:
        return FindingChange(question, old, new, "new")
    if new is None:
        return FindingChange(question, old, new, "resolved")
    change = _change(bank, (old.severity, old.risk), (new.severity, new.risk))
    return FindingChange(question, old, new, "same" if change == "not-compared" else change)


def compare_sections(bank: Bank, old: Section, new: Section) -> BankComparison:
    phases = tuple(
        PhaseChange(
            p.id,
            old.phase(p.id),
            new.phase(p.id),
            _change(
                bank,
                (old.phase(p.id).grade, old.phase(p.id).score),
                (new.phase(p.id).grade, new.phase(p.id).score),
            ),
        )
        for p in bank.phases
    )
    uncompared = []
    for question in bank.ordered:
        then, now = old.question(question.id).status, new.question(question.id).status
        if then is AnswerStatus.not_applicable:
            uncompared.append(Uncompared(question.id, "not-applicable-then"))
        elif now is AnswerStatus.not_applicable:
            uncompared.append(Uncompared(question.id, "not-applicable-now"))
    skip = {u.question for u in uncompared}
    old_findings = {f.question: f for f in old.findings}
    new_findings = {f.question: f for f in new.findings}
    findings = tuple(
        _finding_change(bank, old_findings.get(q.id), new_findings.get(q.id))
        for q in bank.ordered
        if q.id not in skip and (q.id in old_findings or q.id in new_findings)
    )
    overall = _change(
        bank, (old.overall.grade, old.overall.score), (new.overall.grade, new.overall.score)
    )
    return BankComparison(bank, old, new, overall, phases, findings, tuple(uncompared))


def compare(old: Assessment, new: Assessment) -> Comparison:
    """Compare two assessments of one project (``old`` the earlier)."""
    if old.project != new.project:
        raise InputError(
            [
                Problem(
                    new.file or "<new>",
                    _(
                        "project {project!r} differs from {old!r} in {file}; "
                        "compare two assessments of one project",
                        project=new.project,
                        old=old.project,
                        file=old.file or "<old>",
                    ),
                )
            ]
        )
    new_by_id = {s.bank.id: s for s in new.sections}
    old_ids = {s.bank.id for s in old.sections}
    banks = tuple(
        compare_sections(new_by_id[s.bank.id].bank, s, new_by_id[s.bank.id])
        for s in old.sections
        if s.bank.id in new_by_id
    )
    unmatched = tuple(
        [(s.bank.id, "old") for s in old.sections if s.bank.id not in new_by_id]
        + [(s.bank.id, "new") for s in new.sections if s.bank.id not in old_ids]
    )
    return Comparison(old, new, banks, unmatched)


def in_date_order(results: Sequence[Assessment]) -> list[Assessment]:
    """A project's assessments oldest first (by date, then file name); undated ones last."""
    return sorted(results, key=lambda r: (r.date is None, r.date or dt.date.min, r.file or ""))
