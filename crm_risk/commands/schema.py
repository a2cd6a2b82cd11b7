"""``crmrisk schema``: the JSON Schema of a format, for editors and validators."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from crm_risk.commands.output import emit
from crm_risk.errors import ExitCode, UsageError

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
        raise UsageError(f"schema: unknown kind {kind!r}; choose {', '.join(KINDS)}")
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


def run(kind: str, *, output: Path | None = None, force: bool = False) -> int:
    emit(
        json.dumps(document(kind), ensure_ascii=False, indent=2) + "\n", output=output, force=force
    )
    return ExitCode.OK
