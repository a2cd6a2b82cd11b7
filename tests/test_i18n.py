"""Interface strings: every key in every language, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from crm_risk.i18n import Lang, strings
from crm_risk.i18n.assess import ASSESS
from crm_risk.i18n.messages import MESSAGES
from crm_risk.i18n.report import REPORT
from crm_risk.i18n.roles import ROLE_LABELS
from crm_risk.i18n.room import ROOM

TABLES = {
    "report": REPORT,
    "assess": ASSESS,
    "room": ROOM,
    "messages": MESSAGES,
    "roles": ROLE_LABELS,
}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("table", TABLES, ids=str)
def test_every_key_has_every_language_and_the_same_placeholders(table: str) -> None:
    for key, texts in TABLES[table].items():
        assert set(texts) == {lang.value for lang in Lang}, key
        assert all(texts.values()), key
        assert _placeholders(texts["zh"]) == _placeholders(texts["en"]), key


def test_keys_are_unique_across_tables() -> None:
    merged = strings()
    assert len(merged) == len(REPORT) + len(ASSESS) + len(ROOM) + len(MESSAGES)
