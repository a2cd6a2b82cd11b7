"""Languages: which one to use, and the tool's own interface strings in each.

The strings live in one table per surface: :mod:`.report`, :mod:`.assess`, :mod:`.room`,
:mod:`.messages`.

Bank texts carry their own translations; this module holds only what the tool itself says.
Kept free of heavy imports: the CLI's option parsing uses it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from enum import Enum

from crm_risk.i18n.hant import traditional
from crm_risk.i18n.roles import ROLE_LABELS


class Lang(str, Enum):
    """The languages crmrisk speaks: simplified Chinese (``zh``, also ``zh-Hans``), traditional
    Chinese (``zh-Hant``, converted from the simplified texts unless a text has its own) and
    English."""

    zh = "zh"
    zh_Hans = "zh-Hans"
    zh_Hant = "zh-Hant"
    en = "en"

    @property
    def normal(self) -> Lang:
        """``zh-Hans`` is ``zh``."""
        return Lang.zh if self is Lang.zh_Hans else self


DEFAULT_LANG = Lang.en
#: Traditional Chinese, and the simplified text it is converted from when it has none of its own.
HANT, HANS = Lang.zh_Hant.value, Lang.zh.value


def _code(lang: Lang | str) -> str:
    return (lang.normal.value if isinstance(lang, Lang) else lang) or DEFAULT_LANG.value


def chinese(lang: Lang | str) -> bool:
    return _code(lang) in (HANS, HANT)


def pick(texts: Mapping[str, str], lang: Lang | str) -> str:
    """The text in ``lang`` (traditional Chinese: its own, else converted from simplified),
    falling back to English, then to any language present."""
    key = _code(lang)
    if key in texts:
        return texts[key]
    if key == HANT and HANS in texts:
        return traditional(texts[HANS])
    if DEFAULT_LANG.value in texts:
        return texts[DEFAULT_LANG.value]
    return next(iter(texts.values()), "")


@functools.cache
def strings() -> dict[str, dict[str, str]]:
    """Every interface string by key, from the tables of each surface (loaded on first use).

    Keys are stable and unique across tables; each table holds every key in every language.
    """
    from crm_risk.i18n.assess import ASSESS
    from crm_risk.i18n.messages import MESSAGES
    from crm_risk.i18n.report import REPORT
    from crm_risk.i18n.room import ROOM

    merged: dict[str, dict[str, str]] = {}
    for table in (REPORT, ASSESS, ROOM, MESSAGES):
        clash = merged.keys() & table.keys()
        assert not clash, f"interface string keys in two tables: {sorted(clash)}"
        merged.update(table)
    return merged


def ui(key: str, lang: Lang | str, **values: object) -> str:
    """An interface string in ``lang``, with ``{placeholders}`` filled from ``values``."""
    text = pick(strings()[key], lang)
    return text.format(**values) if values else text


def colon(lang: Lang | str) -> str:
    """The separator after a label: a full-width colon in Chinese."""
    return "：" if chinese(lang) else ": "


def aside(text: str, lang: Lang | str) -> str:
    """``text`` in parentheses after a name: full-width in Chinese."""
    return f"（{text}）" if chinese(lang) else f" ({text})"


def role_label(role: str, lang: Lang | str) -> str:
    """A respondent role in words; unknown roles are shown as written."""
    texts = ROLE_LABELS.get(role)
    return pick(texts, lang) if texts else role


ROLES: tuple[str, ...] = tuple(ROLE_LABELS)


def count_line(
    lang: Lang | str, *, answered: int, unknown: int, skipped: int, total: int, na: int = 0
) -> str:
    """How many questions were answered, "we don't know", not applicable and skipped: the one
    wording of these counts in reports and at the end of ``assess``."""
    text = ui("count_line", lang, answered=answered, unknown=unknown, skipped=skipped, total=total)
    if na:
        text = text.rstrip("。.") + ui("count_na", lang, na=na)
    return text
