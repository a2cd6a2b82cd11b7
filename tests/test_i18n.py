"""Interface strings: every key in every language, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from crm_risk.banks import load_shipped, shipped_bank_ids
from crm_risk.i18n import Lang, strings, traditional, ui
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
        assert set(texts) == {"zh", "en"}, key  # traditional Chinese is converted from zh
        assert all(texts.values()), key
        assert _placeholders(texts["zh"]) == _placeholders(texts["en"]), key


def test_keys_are_unique_across_tables() -> None:
    merged = strings()
    assert len(merged) == len(REPORT) + len(ASSESS) + len(ROOM) + len(MESSAGES)


def test_traditional_chinese_uses_taiwan_words_and_quotes() -> None:
    assert traditional("项目的数据库和客户信息") == "專案的資料庫和客戶資訊"
    assert traditional("“老板的项目”") == "「老闆的專案」"
    # words OpenCC's phrase mode would break stay whole
    assert traditional("类型、扩展、权限、用户最终") == "類型、擴展、權限、用戶最終"
    assert traditional("文件夹里的回答文件") == "資料夾裡的回答檔案"


def _every_chinese_text() -> list[str]:
    texts = [entry["zh"] for table in TABLES.values() for entry in table.values()]
    for bank_id in shipped_bank_ids():
        texts.extend(_zh_strings(load_shipped(bank_id).model.model_dump()))
    return texts


def _zh_strings(value: object) -> list[str]:
    if isinstance(value, dict):
        found = [value["zh"]] if isinstance(value.get("zh"), str) else []
        return found + [s for v in value.values() for s in _zh_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _zh_strings(v)]
    return []


def test_no_simplified_character_is_left_in_traditional_chinese() -> None:
    import opencc

    characters = opencc.OpenCC("s2tw")
    texts = _every_chinese_text()
    assert len(texts) > 600  # the interface and every shipped bank
    for text in texts:
        converted = traditional(text)
        assert characters.convert(converted) == converted, text


@pytest.mark.parametrize(("given", "shown"), [(Lang.zh_Hans, "项目"), (Lang.zh_Hant, "專案")])
def test_each_chinese_is_shown_in_its_own_script(given: Lang, shown: str) -> None:
    assert ui("project", given) == shown
