"""Writing answer files: the document an ``assess`` session stands for, as YAML, and its name.

The shape is the public answer-file contract (:mod:`crm_risk.answers`): ``bank``, ``bank_version``,
``project``, ``respondent``, ``date``, ``context``, ``answers`` in bank order; with several banks,
``banks``, ``bank_versions`` and ``answers`` by bank.
Skipped questions are absent, or carry only their note.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

import yaml

from crm_risk.answers import Answer
from crm_risk.assess import State

HEADER = (
    "# Answers written by `crmrisk assess`; continue with: crmrisk assess --resume <this file>\n"
)
#: A room's files: continuing one file alone would leave the room's other people behind.
ROOM_HEADER = (
    "# Answers of one person in a room, written by `crmrisk assess`;\n"
    "# continue the whole room with: crmrisk assess --resume <this folder>\n"
)


def bank_reference(bank_name: str, is_path: bool, out: Path) -> str:
    """What the file's ``bank:`` says: a shipped id, or a bank file's path from the file's folder."""
    if not is_path:
        return bank_name
    folder = out.parent.resolve()
    target = Path(bank_name).resolve()
    try:
        return os.path.relpath(target, folder)
    except ValueError:  # another drive on Windows
        return str(target)


def _answer_dict(answer: Answer) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if answer.choice is not None:
        out["choice"] = answer.choice
    if answer.choices is not None:
        out["choices"] = list(answer.choices)
    if answer.value is not None:
        value = answer.value
        out["value"] = int(value) if value.is_integer() else value
    if answer.note:
        out["note"] = answer.note
    if answer.reason:
        out["reason"] = answer.reason
    return out


def document(state: State, bank_refs: str | tuple[str, ...]) -> dict[str, Any]:
    """The answer file for ``state`` (which must be :attr:`State.ready`) as plain data: the
    single-bank shape for one bank, the multi-bank one (``banks``, ``answers`` by bank) for more."""
    assert state.project is not None and state.name is not None and state.role is not None
    refs = (bank_refs,) if isinstance(bank_refs, str) else bank_refs
    several = len(state.banks) > 1
    doc: dict[str, Any] = (
        {"banks": list(refs), "bank_versions": {b.id: b.version for b in state.banks}}
        if several
        else {"bank": refs[0], "bank_version": state.banks[0].version}
    )
    doc |= {
        "project": state.project,
        "respondent": {"name": state.name, "role": state.role},
        "date": state.date,
    }
    if state.context:
        # In bank order, as a reader of the file expects.
        known = [f.id for bank in state.banks for f in bank.context]
        ordered = {f: state.context[f] for f in dict.fromkeys(known) if f in state.context}
        doc["context"] = ordered | {k: v for k, v in state.context.items() if k not in ordered}
    by_bank = {
        bank.id: {
            q.id: _answer_dict(answer)
            for q in bank.ordered
            if (answer := state.given.get((bank.id, q.id))) is not None
        }
        for bank in state.banks
    }
    doc["answers"] = by_bank if several else by_bank[state.banks[0].id]
    return doc


#: Line breaks YAML knows besides ``\n``: NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR.
BREAKS = "\x85\u2028\u2029"


class _Dumper(yaml.SafeDumper):
    """Text holding a YAML line break other than ``\\n`` (NEL, U+2028, U+2029) is written in
    double quotes, where it is escaped: PyYAML writes it raw in single quotes, and reading that
    back folds a NEL into a space."""

    def choose_scalar_style(self) -> str:
        style: str = super().choose_scalar_style()
        event = self.event
        if isinstance(event, yaml.ScalarEvent) and any(c in event.value for c in BREAKS):
            return '"'
        return style


# What JSON text must escape to be read back exactly by crmrisk's (YAML) loader: json.dumps escapes
# only characters below U+0020; YAML refuses U+007F-U+009F raw and reads NEL, U+2028 and U+2029 as
# line breaks.
_JSON_ESCAPE = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def dump(doc: dict[str, Any], *, as_json: bool = False, header: str = HEADER) -> str:
    """The YAML text of an answer-file document, or its JSON text for a ``.json`` file."""
    if as_json:
        # A JSON answer file continued with --resume stays JSON, for the tools that read it.
        text = json.dumps(doc, ensure_ascii=False, indent=2, default=dt.date.isoformat)
        return _JSON_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
    # The safe dumper quotes ids such as yes/no/on/off, so every YAML reader keeps them as text.
    body = yaml.dump(
        doc,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )
    return header + body


_NOT_IN_NAME = re.compile(r"[^\w]+")


def slug(text: str, limit: int = 60) -> str:
    """Lower-case words joined by ``-``; letters of any script are kept."""
    words = _NOT_IN_NAME.sub("-", text.lower()).replace("_", "-").strip("-")
    return re.sub("-{2,}", "-", words)[:limit].strip("-")


def room_folder(project: str, date: dt.date) -> str:
    """A room's folder by default: ``<project>-<date>``, e.g. ``acme-service-crm-2026-11-22``."""
    return f"{slug(project) or 'assessment'}-{date.isoformat()}"


def room_file(number: int, count: int, name: str, role: str) -> str:
    """A room person's file: ``01-li-wei.yaml``; the number keeps the order they answer in."""
    width = max(2, len(str(count)))
    return f"{number:0{width}d}-{slug(name, limit=30) or role}.yaml"


def default_name(project: str, name: str, date: dt.date) -> str:
    """``<project>-<date>-<respondent>.yaml``, e.g. ``acme-service-crm-2026-11-22-li-wei.yaml``.

    The respondent's name is part of it because a kickoff meeting has several respondents, one
    file each, for the same project on the same day.
    """
    parts = [slug(project) or "assessment", date.isoformat()]
    who = slug(name, limit=30)
    if who:
        parts.append(who)
    return "-".join(parts) + ".yaml"
