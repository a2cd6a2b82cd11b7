"""Output formats by name: each is a renderer with the same small interface.

A renderer lays out views (:mod:`crm_risk.views`); it returns text, a rich renderable (the
terminal), or text in pieces (a batch streamed as it is scored). A format that cannot show a view
is a usage error, said in one line, not a traceback.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Protocol

from crm_risk.errors import UsageError
from crm_risk.msg import Text, _


def report_format(path: Path) -> str:
    """The report format a file's name asks for: HTML for ``FILE.html`` (or ``.htm``), else
    markdown (``report -o``, ``assess --report``)."""
    return "html" if path.suffix.lower() in (".html", ".htm") else "markdown"


#: What a renderer returns: text, a rich renderable, or text in pieces.
Rendered = Any


@dataclass(frozen=True)
class RenderOptions:
    """What a command may ask of a renderer beyond the view itself."""

    fail_on: str | None = None
    names: bool = False
    template: Path | None = None
    #: JSON indented for people; None: indented on a terminal, compact in a pipe or a file.
    indent: bool | None = None


class Renderer(Protocol):
    """One output format."""

    name: ClassVar[str]
    #: The view types this format can show.
    views: ClassVar[tuple[type, ...]]

    def render(self, view: Any) -> Rendered: ...


#: Format name -> "module:class". Modules load only when their format is used.
FORMATS: dict[str, str] = {
    "table": "crm_risk.render.terminal:TerminalRenderer",
    "markdown": "crm_risk.render.markdown:MarkdownRenderer",
    "json": "crm_risk.render.json_:JsonRenderer",
    "junit": "crm_risk.render.junit:JunitRenderer",
    "html": "crm_risk.render.html:HtmlRenderer",
}


def renderer(name: str, options: RenderOptions | None = None) -> Renderer:
    """The renderer of format ``name``."""
    target = FORMATS.get(name)
    if target is None:
        raise UsageError(
            _("unknown format {name!r}; formats: {formats}", name=name, formats=", ".join(FORMATS))
        )
    module, _colon, cls = target.partition(":")
    factory = getattr(importlib.import_module(module), cls)
    made: Renderer = factory(options or RenderOptions())
    return made


def render(name: str, view: Any, options: RenderOptions | None = None) -> Rendered:
    """Lay ``view`` out in format ``name``; a view the format cannot show is a UsageError."""
    chosen = renderer(name, options)
    if not isinstance(view, chosen.views):
        able = [n for n in FORMATS if isinstance(view, renderer(n, options).views)]
        raise UsageError(
            _(
                "--format {name} cannot show {view}; formats that can: {formats}",
                name=name,
                view=_describe(view),
                formats=", ".join(able),
            )
        )
    return chosen.render(view)


def _describe(view: Any) -> Text:
    words = {
        "ReportView": _("a single report"),
        "SummaryView": _("a summary of several files"),
        "BatchView": _("a batch of files"),
        "GroupView": _("a group report"),
        "QuestionnaireView": _("the questionnaire"),
        "BanksView": _("the list of banks"),
        "CompareView": _("a comparison"),
        "TrendView": _("a trend"),
    }
    return words.get(type(view).__name__, type(view).__name__)


def pieces(rendered: Rendered) -> Iterable[str] | None:
    """``rendered`` as text pieces, or None for a rich renderable."""
    if isinstance(rendered, str):
        return [rendered]
    if hasattr(rendered, "__rich_console__") or hasattr(rendered, "__rich__"):
        return None
    if isinstance(rendered, Iterable):
        return rendered
    return None
