"""Which language to speak: ``--lang``, else ``$CRMRISK_LANG``, else the locale, else English.

Apart from :mod:`crm_risk.i18n` itself, so that the pure core never imports ``os``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from crm_risk.i18n import DEFAULT_LANG, Lang


def resolve_lang(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> Lang:
    """``--lang`` if given, else ``CRMRISK_LANG``, else the locale, else English."""
    env = os.environ if environ is None else environ
    for candidate in (explicit, env.get("CRMRISK_LANG")):
        if candidate:
            lang = _match(candidate)
            if lang is not None:
                return lang
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            # The first locale variable that is set wins, as in POSIX.
            return _match(value) or DEFAULT_LANG
    return DEFAULT_LANG


#: Locales whose Chinese is written in traditional characters.
_TRADITIONAL = ("tw", "hk", "mo", "hant")


def _match(value: str) -> Lang | None:
    """A language from ``--lang`` or a locale: ``zh``, ``zh-Hans``, ``zh_CN`` are simplified
    Chinese; ``zh-Hant``, ``zh_TW``, ``zh_HK``, ``zh_MO`` traditional; ``en``, ``en_GB`` English."""
    parts = value.strip().lower().replace("-", "_").split(".")[0].split("@")[0].split("_")
    if parts[0] == "zh":
        return Lang.zh_Hant if any(p in _TRADITIONAL for p in parts[1:]) else Lang.zh
    try:
        return Lang(parts[0]).normal
    except ValueError:
        return None


def lang_from_argv(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> Lang:
    """The language of a command line's messages, known even when its options cannot be parsed:
    its last ``--lang X`` or ``--lang=X`` (before ``--``) if that is a language ``--lang``
    accepts, else the environment's, as :func:`resolve_lang` decides."""
    args = list(argv)
    if "--" in args:
        args = args[: args.index("--")]
    given: str | None = None
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            given = args[index + 1]
        elif arg.startswith("--lang="):
            given = arg.partition("=")[2]
    accepted = {lang.value for lang in Lang}
    return resolve_lang(given if given in accepted else None, environ)
