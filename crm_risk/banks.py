"""Finding and loading question banks: shipped ones by id, others by path.

Shipped banks are package data (``crm_risk/questions/*.yaml``), read with ``importlib.resources``
so that an installed wheel works from any directory. A bank file is read and checked once while it
stays unchanged, however many answer files of a batch name it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from crm_risk.bank import Bank
from crm_risk.bank_rules import check_bank
from crm_risk.errors import InputError, UsageError
from crm_risk.msg import _
from crm_risk.readfile import read_text

# Re-exported: the shipped banks' ids and order are light (for completion) but belong here too.
from crm_risk.shipped import DEFAULT_BANK as DEFAULT_BANK  # noqa: PLC0414
from crm_risk.shipped import SHIPPED_ORDER as SHIPPED_ORDER  # noqa: PLC0414
from crm_risk.shipped import shipped_bank_ids as shipped_bank_ids  # noqa: PLC0414
from crm_risk.validation import display, raise_problems, validate
from crm_risk.yamlio import SourceMap, parse

#: ``--bank all``: every shipped bank, the default one first.
ALL_BANKS = "all"
#: Every shipped text exists in these languages.
SHIPPED_LANGUAGES = ("zh", "en")
#: Suffixes of files crmrisk reads (banks and answer files alike).
SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class LoadedBank:
    """A checked bank together with where its values came from."""

    model: Bank
    source: SourceMap


@functools.cache
def load_shipped(bank_id: str) -> LoadedBank:
    resource = resources.files("crm_risk") / "questions" / f"{bank_id}.yaml"
    text = resource.read_text(encoding="utf-8")
    return bank_from_text(text, f"<shipped bank {bank_id}>", required_languages=SHIPPED_LANGUAGES)


def detect_kind(data: Any) -> Literal["bank", "answers"] | None:
    """Whether a parsed document is a bank or an answer file (None: neither)."""
    if isinstance(data, dict):
        if "questions" in data:
            return "bank"
        if "answers" in data or "project" in data or "banks" in data:
            return "answers"
    return None


def bank_from_text(text: str, shown: str, required_languages: tuple[str, ...] = ()) -> LoadedBank:
    """Parse and check a bank's text (every language it declares, and ``required_languages``)."""
    data, source = parse(text, shown)
    if detect_kind(data) == "answers":
        raise InputError.single(
            shown, _("an answer file, not a question bank (a bank has `questions:`)"), 1, 1
        )
    return bank_from_data(data, source, required_languages)


def bank_from_data(
    data: Any, source: SourceMap, required_languages: tuple[str, ...] = ()
) -> LoadedBank:
    """A parsed bank, checked: its shape, then its rules (every problem located in ``source``)."""
    bank = validate(Bank, data, source)
    raise_problems(check_bank(bank, required_languages=required_languages), source)
    return LoadedBank(bank, source)


def looks_like_path(name: str) -> bool:
    """A ``--bank``/``bank:`` value is a path if it has a separator or a file suffix."""
    return "/" in name or "\\" in name or name.endswith(SUFFIXES)


def load_bank_file(path: Path | str) -> LoadedBank:
    """Load and check a bank file, once while it stays unchanged (same size and mtime)."""
    path = Path(path)
    try:
        info = path.stat()
    except OSError:
        info = None
    if info is None:  # read_text says what is wrong with it
        return bank_from_text(read_text(path, display(path)), display(path))
    # Keyed by the path itself (not how it is shown: two names that are not valid UTF-8 may
    # show alike) and by what would change if the file were edited.
    key = (os.fsencode(path.resolve()), info.st_mtime_ns, info.st_size)
    loaded = _BANK_FILES.get(key)
    if loaded is None:
        loaded = bank_from_text(read_text(path, display(path)), display(path))
        if len(_BANK_FILES) >= _BANK_FILES_KEPT:
            _BANK_FILES.pop(next(iter(_BANK_FILES)))
        _BANK_FILES[key] = loaded
    return loaded


_BANK_FILES: dict[tuple[bytes, int, int], LoadedBank] = {}
_BANK_FILES_KEPT = 32


def resolve_bank(name: str, *, relative_to: Path | None = None) -> LoadedBank:
    """A shipped bank by id, or a bank file by path (relative paths from ``relative_to``)."""
    if looks_like_path(name):
        path = Path(name)
        if relative_to is not None and not path.is_absolute():
            path = relative_to / path
        return load_bank_file(path)
    shipped = shipped_bank_ids()
    if name not in shipped:
        raise UsageError(
            _(
                "unknown bank {name!r}; shipped banks: {banks} (or give a path to a bank file)",
                name=name,
                banks=", ".join(shipped),
            )
        )
    return load_shipped(name)


def bank_names(names: Sequence[str] | None) -> list[str]:
    """``--bank`` as given (repeatable; ``all`` is every shipped bank), without repeats."""
    if not names:
        return [DEFAULT_BANK]
    out: list[str] = []
    for name in names:
        for one in shipped_bank_ids() if name == ALL_BANKS else [name]:
            if one not in out:
                out.append(one)
    return out


def resolve_banks(names: Sequence[str] | None) -> list[LoadedBank]:
    """The banks ``--bank`` names (the default bank when none), each checked, in order."""
    loaded = [resolve_bank(name) for name in bank_names(names)]
    seen: set[str] = set()
    for bank in loaded:
        if bank.model.id in seen:
            raise UsageError(_("--bank: bank {id!r} is given twice", id=bank.model.id))
        seen.add(bank.model.id)
    return loaded


def load_bank(name_or_path: str | Path = DEFAULT_BANK) -> Bank:
    """Public API: a shipped bank by id, or a bank file by path."""
    return resolve_bank(str(name_or_path)).model
