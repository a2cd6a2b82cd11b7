"""``crmrisk schema``: the JSON Schema of a format, for editors and validators."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from crm_risk.commands.output import emit
from crm_risk.errors import ExitCode, UsageError
from crm_risk.fileio import check_writable
from crm_risk.msg import _

KINDS = ("bank", "answers", "results")


def document(kind: str) -> dict[str, Any]:
    """The JSON Schema of ``kind``: a bank file, an answer file, or ``score --format json``."""
    from pydantic import TypeAdapter

    from crm_risk.answers import AnswerFile, MultiAnswerFile
    from crm_risk.bank import Bank
    from crm_risk.render.json_shapes import results_schema

    if kind == "bank":
        schema = Bank.model_json_schema()
    elif kind == "answers":
        schema = TypeAdapter(AnswerFile | MultiAnswerFile).json_schema()
    elif kind == "results":
        schema = results_schema()
    else:
        raise UsageError(
            _("schema: unknown kind {kind!r}; choose {kinds}", kind=kind, kinds=", ".join(KINDS))
        )
    titles = {
        "bank": "bank file",
        "answers": "answer file",
        "results": "score --format json output",
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"crmrisk {titles[kind]}",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def text(kind: str) -> str:
    """The schema of ``kind`` as written: JSON, indented, one newline at the end."""
    return json.dumps(document(kind), ensure_ascii=False, indent=2) + "\n"


def file_name(kind: str) -> str:
    """The file ``crmrisk schema --all DIR`` writes ``kind``'s schema to."""
    return f"{kind}.schema.json"


def run(
    kind: str | None,
    *,
    output: Path | None = None,
    force: bool = False,
    all_to: Path | None = None,
) -> int:
    """Print or write one schema, or (``all_to``) write every schema into that folder."""
    from crm_risk.i18n.choose import resolve_lang

    lang = resolve_lang()  # no --lang: the files written are announced in the environment's
    if all_to is not None:
        if kind is not None or output is not None:
            raise UsageError(
                _("schema: --all DIR writes every schema; give no KIND and no --output")
            )
        if all_to.exists() and not all_to.is_dir():
            raise UsageError(_("{folder}: not a folder", folder=str(all_to)))
        all_to.mkdir(parents=True, exist_ok=True)
        for each in KINDS:  # all or none: every file is checked before one is written
            check_writable(all_to / file_name(each), overwrite=force)
        for each in KINDS:
            emit(text(each), output=all_to / file_name(each), force=force, lang=lang)
        return ExitCode.OK
    if kind is None:
        raise UsageError(
            _("schema: which format? choose {kinds} (or --all DIR)", kinds=", ".join(KINDS))
        )
    emit(text(kind), output=output, force=force, lang=lang)
    return ExitCode.OK
