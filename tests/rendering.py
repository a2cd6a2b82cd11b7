"""Rendering results the way the commands do (a view, then a format's renderer), for tests."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from rich.console import Console

from crm_risk.i18n import Lang
from crm_risk.render.registry import render
from crm_risk.results import Assessment
from crm_risk.views.model import BatchView
from crm_risk.views.report import report_view
from crm_risk.views.summary import summary_view


def text_of(rendered: Any) -> str:
    return rendered if isinstance(rendered, str) else "".join(rendered)


def markdown(result: Assessment, lang: Lang) -> str:
    return text_of(render("markdown", report_view(result, lang)))


def markdown_summary(results: Sequence[Assessment], lang: Lang) -> str:
    return text_of(render("markdown", summary_view(list(results), lang)))


def json_text(results: Sequence[Assessment], lang: Lang) -> str:
    return text_of(render("json", BatchView(lang, (report_view(r, lang) for r in results))))


def show(renderable: Any, width: int = 80, color: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        color_system="truecolor" if color else None,
        highlight=False,
        markup=False,
        emoji=False,
    )
    console.print(renderable)
    return buffer.getvalue()
