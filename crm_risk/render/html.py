"""The HTML renderer: one self-contained page (inline CSS and SVG, no script, nothing fetched).

Jinja2's HTML autoescaping is on for every template, so everything a respondent or a bank typed
is written as text; control characters and bidi overrides are made harmless first, as in every
other format (:func:`crm_risk.text.clean`). The bar chart is built here from numbers and escaped
labels.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from typing import Any, ClassVar

import jinja2
from markupsafe import Markup, escape

from crm_risk import __version__
from crm_risk.errors import UsageError
from crm_risk.i18n import Lang, ui
from crm_risk.msg import _
from crm_risk.render.markdown import load_shipped, number, template_context
from crm_risk.render.registry import RenderOptions
from crm_risk.text import clean
from crm_risk.views.group_model import GroupView
from crm_risk.views.model import GradeView, ReportView

#: Which template lays out which view.
TEMPLATES: dict[type, str] = {
    ReportView: "report.html.j2",
    GroupView: "group.html.j2",
}

#: The value of ``<html lang>`` for each language.
HTML_LANG: dict[str, str] = {"en": "en", "zh": "zh-CN", "zh-Hant": "zh-Hant"}

#: Bar colours, lowest grade first (the CSS of the badges uses the same four: .g0 to .g3).
COLOURS = ("#2e7d32", "#f2a900", "#e65100", "#c62828")
NO_GRADE_COLOUR = "#9e9e9e"


def level(grade: GradeView | None) -> str:
    """The colour class of a grade: g0 (green) for the lowest grade to g3 (red) for the highest,
    spread over the grades in between (as the terminal's ``grade_style``); "none" without one."""
    if grade is None:
        return "none"
    last = len(COLOURS) - 1
    return f"g{round(grade.rank * last / grade.top) if grade.top else 0}"


def _colour(grade: GradeView | None) -> str:
    name = level(grade)
    return NO_GRADE_COLOUR if name == "none" else COLOURS[int(name[1:])]


def _width(text: str) -> float:
    """Roughly how wide ``text`` is at the chart's font size, in pixels (wide characters are
    twice as wide as others)."""
    return sum(15.0 if unicodedata.east_asian_width(c) in "WF" else 8.2 for c in text)


def _fit(text: str, room: float) -> str:
    """``text`` cut (ending in "…") to about ``room`` pixels."""
    if _width(text) <= room:
        return text
    while text and _width(text) + 8 > room:
        text = text[:-1]
    return text.rstrip() + "…"


def bar_chart(
    title: str,
    items: Iterable[Any],
    label: str,
    score: str,
    grade: str,
    *,
    lang: Lang,
) -> Markup:
    """An SVG bar chart: one bar per item, as long as its score on an axis from 0 to 1, coloured
    by its grade, with its label, grade and score written above it.

    ``label``, ``score`` and ``grade`` name the attributes of each item to draw.
    """
    width, left, right, row, top = 440, 4, 436, 50, 6
    span = right - left
    bars = [(getattr(i, label), float(getattr(i, score)), getattr(i, grade)) for i in items]
    axis = top + len(bars) * row
    parts: list[str] = []
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        x = round(left + tick * span, 1)
        anchor = "start" if tick == 0 else "end" if tick == 1 else "middle"
        parts.append(
            f'<line class="grid" x1="{x:g}" y1="{top + 16}" x2="{x:g}" y2="{axis}"/>'
            f'<text class="tick" x="{x:g}" y="{axis + 16}" text-anchor="{anchor}">{tick:g}</text>'
        )
    described: list[str] = []
    for index, (name, value, scale) in enumerate(bars):
        y = top + index * row
        text = clean(str(name), keep_newlines=False)
        shown = ui("no_grade", lang) if scale is None else clean(scale.label, keep_newlines=False)
        figure = f"{shown} {value:.2f}"
        described.append(f"{text}: {figure}")
        length = round(max(0.0, min(1.0, value)) * span, 1)
        parts.append(
            f'<text class="label" x="{left}" y="{y + 14}">{escape(_fit(text, span - _width(figure) - 16))}</text>'
            f'<text class="value" x="{right}" y="{y + 14}" text-anchor="end">{escape(figure)}</text>'
            f'<rect class="bar {level(scale)}" x="{left}" y="{y + 20}" width="{length}" height="20"'
            f' rx="2" fill="{_colour(scale)}"><title>{escape(text)}: {escape(figure)}</title></rect>'
        )
    parts.append(f'<line class="axis" x1="{left}" y1="{axis}" x2="{right}" y2="{axis}"/>')
    parts.append(
        f'<text class="tick" x="{left + span / 2:g}" y="{axis + 34}" text-anchor="middle">'
        f"{escape(ui('score', lang))} (0–1)</text>"
    )
    name = escape(clean(title, keep_newlines=False))
    summary = escape("; ".join(described))
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {axis + 42}" role="img" '
        f'preserveAspectRatio="xMinYMin meet"><title>{name}: {summary}</title>{"".join(parts)}</svg>'
    )


def _finalize(value: Any) -> Any:
    """What ``{{ value }}`` writes: nothing for None; text without control characters (Jinja2
    then escapes it); markup a template or macro made, as it is."""
    if value is None:
        return ""
    if hasattr(value, "__html__"):
        return value
    return clean(str(value))


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(load_shipped),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
    )
    env.filters["level"] = level
    env.filters["num"] = number
    env.globals["version"] = __version__
    return env


class HtmlRenderer:
    name: ClassVar[str] = "html"
    views: ClassVar[tuple[type, ...]] = tuple(TEMPLATES)

    def __init__(self, options: RenderOptions) -> None:
        self.options = options

    def render(self, view: Any) -> str:
        if self.options.template is not None:
            raise UsageError(
                _("--template is for the markdown report; the HTML report has its own")
            )
        context = template_context(view)
        context["html_lang"] = HTML_LANG.get(context["lang"], context["lang"])
        context["chart"] = functools.partial(bar_chart, lang=view.lang)
        text = _environment().get_template(TEMPLATES[type(view)]).render(context)
        return text.rstrip("\n") + "\n"
