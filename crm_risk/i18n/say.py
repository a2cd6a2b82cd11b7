"""Messages put into the user's language, once, where they are printed.

A :class:`~crm_risk.msg.Msg` is looked up by its English template in the simplified Chinese
catalogs (``errors_zh_*.py``, loaded the first time a message is said in Chinese); traditional
Chinese is converted from the simplified template (:func:`crm_risk.i18n.pick`), before the values
go in, so a value is never converted. English, a template missing from the catalogs (the tests
allow none) and plain text are said as they are.
"""

from __future__ import annotations

import functools

from crm_risk.errors import Problem
from crm_risk.i18n import HANS, Lang, chinese, pick
from crm_risk.msg import Text, fill


def localize(text: Text, lang: Lang | str) -> str:
    """``text`` in ``lang``."""
    if isinstance(text, str):
        return text
    if not chinese(lang):
        return str(text)
    zh = catalog().get(text.template)
    if zh is None:
        return str(text)
    return fill(pick({HANS: zh}, lang), text.values, lambda inner: localize(inner, lang))


def problem_line(problem: Problem, lang: Lang | str) -> str:
    """``FILE:LINE:COLUMN: message``: the location as it is, the message in ``lang``."""
    return problem.said(localize(problem.message, lang))


@functools.cache
def catalog() -> dict[str, str]:
    """Every message's simplified Chinese template, by its English template."""
    from crm_risk.i18n.errors_zh_input import INPUT
    from crm_risk.i18n.errors_zh_rules import RULES
    from crm_risk.i18n.errors_zh_shell import SHELL

    merged: dict[str, str] = {}
    for table in (INPUT, RULES, SHELL):
        clash = merged.keys() & table.keys()
        assert not clash, f"a message in two catalogs: {sorted(clash)}"
        merged.update(table)
    return merged
