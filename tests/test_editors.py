"""Editors: the schemas in schemas/ are what ``crmrisk schema`` writes, every shipped example and
bank begins with the YAML language server's line naming its schema, and validates against it."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from crm_risk.commands.schema import KINDS, file_name
from tests.conftest import EXAMPLES, REPO

SCHEMAS = REPO / "crm_risk" / "schemas"
BANKS = sorted((REPO / "crm_risk" / "questions").glob("*.yaml"))
ANSWER_FILES = sorted(EXAMPLES.rglob("*.yaml"))
MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


def plain(value: Any) -> Any:
    """``value`` as crmrisk reads it: PyYAML's ``safe_load`` makes dates of ``2026-11-22``,
    crmrisk's loader (and the schema) keeps them as strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def load(path: Path) -> Any:
    return plain(yaml.safe_load(path.read_text(encoding="utf-8")))


def schema(kind: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((SCHEMAS / file_name(kind)).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(document)
    return document


def test_the_schema_files_are_what_crmrisk_schema_writes(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    result = cli("schema", "--all", tmp_path / "schemas")
    assert result.exit_code == 0
    written = {path.name: path.read_text(encoding="utf-8") for path in tmp_path.glob("*/*")}
    kept = {path.name: path.read_text(encoding="utf-8") for path in SCHEMAS.glob("*.json")}
    assert written == kept, "run: crmrisk schema --all crm_risk/schemas --force"
    assert sorted(kept) == sorted(file_name(kind) for kind in KINDS)
    for kind in KINDS:
        assert cli("schema", kind).stdout == kept[file_name(kind)]
    assert (REPO / "schemas").resolve() == SCHEMAS  # the checkout's schemas/ links here


def test_schema_writes_files_only_when_asked_to_replace_them(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    target = tmp_path / "answers.schema.json"
    schema = cli("schema", "answers").stdout
    assert cli("schema", "answers", "-o", target).exit_code == 0
    assert target.read_text(encoding="utf-8") == schema
    target.write_text("old", encoding="utf-8")
    again = cli("schema", "answers", "-o", target)
    assert again.exit_code == 2 and "--force" in again.stderr
    assert target.read_text(encoding="utf-8") == "old"
    assert cli("schema", "answers", "-o", target, "--force").exit_code == 0
    assert target.read_text(encoding="utf-8") == schema
    target.write_text("old", encoding="utf-8")
    assert cli("schema", "--all", tmp_path).exit_code == 2  # answers.schema.json is there
    assert target.read_text(encoding="utf-8") == "old"
    assert not (tmp_path / "bank.schema.json").exists()  # nothing written when one is refused
    assert cli("schema", "--all", tmp_path, "--force").exit_code == 0
    assert target.read_text(encoding="utf-8") == schema
    assert (tmp_path / "bank.schema.json").read_text(encoding="utf-8") == cli(
        "schema", "bank"
    ).stdout
    assert cli("schema").exit_code == 2
    assert cli("schema", "bank", "--all", tmp_path).exit_code == 2


@pytest.mark.parametrize(
    ("path", "kind"),
    [(path, "answers") for path in ANSWER_FILES] + [(path, "bank") for path in BANKS],
    ids=lambda value: value if isinstance(value, str) else value.relative_to(REPO).as_posix(),
)
def test_every_example_and_bank_names_its_schema_and_validates(path: Path, kind: str) -> None:
    first_line = path.read_text(encoding="utf-8").split("\n", 1)[0] + "\n"
    modeline = MODELINE.fullmatch(first_line)
    assert modeline, f"{path}: the first line names the schema for editors"
    named = (path.parent / modeline.group(1)).resolve()
    assert named == (SCHEMAS / file_name(kind)).resolve()
    jsonschema.validate(load(path), schema(kind))


def test_the_schemas_refuse_what_crmrisk_refuses() -> None:
    answers = load(EXAMPLES / "healthy-service.yaml")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**answers, "surprise": 1}, schema("answers"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({k: v for k, v in answers.items() if k != "project"}, schema("answers"))
    bank = load(BANKS[0])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**bank, "questions": "none"}, schema("bank"))
