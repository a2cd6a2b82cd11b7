"""An answer file against its banks: each bank's answers migrated to the bank's version, then
checked (pure). Loading a file and the Python API's :func:`crm_risk.scoring.score` both use it,
so a file written for an older bank version reads the same either way."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from crm_risk.answers import Answer, AnyAnswerFile, MultiAnswerFile, SectionAnswers, sections_of
from crm_risk.bank import Bank
from crm_risk.migrate import Migrated, migrate
from crm_risk.msg import _
from crm_risk.rules import KeyPath, Problems, check_context, check_section


@dataclass(frozen=True)
class LoadedSection:
    """One bank of an answer file: the bank, its answers as the bank's version reads them, and
    what was mapped to get there."""

    bank: Bank
    answers: Mapping[str, Answer | None]
    migrated: tuple[Migrated, ...] = ()


def fit(document: AnyAnswerFile, banks: list[Bank]) -> tuple[tuple[LoadedSection, ...], Problems]:
    """Each bank's answers in ``document``, migrated to the bank's version and checked against
    it, with every problem found (none: the sections can be scored)."""
    problems: Problems = check_context(banks, document.context)
    if isinstance(document, MultiAnswerFile):
        problems += _multi_keys(document, banks)
    loaded = []
    for bank, section in zip(banks, sections_of(document, [b.id for b in banks]), strict=True):
        answers, migrated = migrate(bank, section.version, section.answers)
        version = bank.version if migrated else section.version
        problems += check_section(
            bank, SectionAnswers(section.bank, version, answers, section.path)
        )
        loaded.append(LoadedSection(bank, answers, migrated))
    return tuple(loaded), problems


def _multi_keys(document: MultiAnswerFile, banks: list[Bank]) -> Problems:
    """In a multi-bank file, answers and versions are keyed by the ids of the listed banks."""
    ids = [b.id for b in banks]
    problems: Problems = []
    if len(set(ids)) != len(ids):
        problems.append((("banks",), _("two entries of banks are the same bank")))
    for name in ("answers", "bank_versions"):
        for key in getattr(document, name):
            if key not in ids:
                problems.append(
                    (
                        KeyPath((name, key)),
                        _(
                            "{key!r} is not one of the banks: {banks}",
                            key=key,
                            banks=", ".join(ids),
                        ),
                    )
                )
    return problems
