"""The markdown renderer: Jinja2 templates shipped as package data, user text escaped by default.

Every ``{{ value }}`` a template writes goes through :func:`crm_risk.text.md_inline` (Jinja2's
``finalize``), so nothing a respondent or a bank typed can break a table or inject markup; a
template marks its own markdown with ``|raw`` (or ``|safe``), and a macro's output is kept as it is. ``report --template FILE`` renders a consultancy's
own template in Jinja2's sandbox, with the same escaping.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from crm_risk import __version__
from crm_risk.errors import UsageError
from crm_risk.i18n import Lang, aside, colon, ui
from crm_risk.msg import _
from crm_risk.readfile import read_text
from crm_risk.render.registry import RenderOptions
from crm_risk.text import clean, md_inline
from crm_risk.views.compare_model import CompareView, TrendView
from crm_risk.views.group_model import GroupView
from crm_risk.views.model import QuestionnaireView, ReportView, SummaryView

#: Which template lays out which view.
TEMPLATES: dict[type, str] = {
    ReportView: "report.md.j2",
    SummaryView: "summary.md.j2",
    GroupView: "group.md.j2",
    QuestionnaireView: "questions.md.j2",
    CompareView: "compare.md.j2",
    TrendView: "trend.md.j2",
}


#: Text a template has marked as markdown already (``|raw`` or Jinja2's ``|safe``), or a macro's
#: output: written as it is. Jinja2's autoescaping keeps track of it; the escaping itself is
#: ``_finalize``'s (markdown, where Jinja2's own would be HTML).
Markdown = Markup


def _finalize(value: Any) -> Markup:
    if hasattr(value, "__html__"):
        return Markup(value)
    if value is None:
        return Markup("")
    return Markup(md_inline(str(value)))


_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff]")


def _emphasis(value: Any) -> Markdown:
    """``value`` in italics, escaped inside."""
    return Markdown(f"*{_finalize(value)}*")


def _keep_together(value: Any) -> Markdown:
    """A short table header kept on one line: a browser may break Chinese between any two
    characters, and a narrow column then shows a header one character per line. Word joiners
    (U+2060) forbid those breaks; the text is escaped first."""
    text = md_inline(str(value))
    if not _CJK.search(text):
        return Markdown(text)
    return Markdown("\u2060".join(text))


def _mermaid(value: Any) -> Markdown:
    """Text safe inside a quoted mermaid label: no quotes, backticks or line breaks."""
    text = clean(str(value), keep_newlines=False)
    return Markdown(re.sub(r'["`\\]', "'", text).replace("#", "＃")[:80])


def number(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}"


def _configure(env: jinja2.Environment) -> jinja2.Environment:
    env.finalize = _finalize
    env.filters["raw"] = Markdown
    env.filters["keep"] = _keep_together
    env.filters["mermaid"] = _mermaid
    env.filters["num"] = number
    env.filters["em"] = _emphasis
    env.globals["version"] = __version__
    return env


def load_shipped(name: str) -> str:
    """A template shipped as package data (markdown's and HTML's)."""
    return (resources.files("crm_risk") / "templates" / name).read_text(encoding="utf-8")


def _environment(kind: type[jinja2.Environment]) -> jinja2.Environment:
    return _configure(
        kind(
            loader=jinja2.FunctionLoader(load_shipped),
            # Autoescaping tracks what is already markdown; _finalize does the escaping.
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
        )
    )


@functools.cache
def _shipped_environment() -> jinja2.Environment:
    return _environment(jinja2.Environment)


def _user_environment() -> jinja2.Environment:
    # A consultancy's template may use the shipped ones' macros ({% import "_macros.md.j2" %}).
    return _environment(SandboxedEnvironment)


def template_context(view: Any) -> dict[str, Any]:
    """What every template sees: the view, its language, and the helpers ``t``, ``colon``,
    ``aside`` (documented in the README for ``report --template``)."""
    lang: Lang = view.lang

    def t(key: str, **values: Any) -> str:
        return ui(key, lang, **values)

    return {
        "view": view,
        "lang": lang.value,
        "t": t,
        "colon": colon(lang),
        # markdown given to aside (``aside(x|em)``) stays markdown: aside adds only parentheses
        "aside": lambda text: (Markdown if isinstance(text, Markup) else str)(aside(text, lang)),
    }


class MarkdownRenderer:
    name: ClassVar[str] = "markdown"
    views: ClassVar[tuple[type, ...]] = tuple(TEMPLATES)

    def __init__(self, options: RenderOptions) -> None:
        self.options = options

    def render(self, view: Any) -> str:
        if self.options.template is not None:
            return render_user_template(self.options.template, view)
        template = _shipped_environment().get_template(TEMPLATES[type(view)])
        return _tidy(template.render(template_context(view)))


def render_user_template(path: Path, view: Any) -> str:
    """A consultancy's own template, in the sandbox: it can read the view, nothing else."""
    source = read_text(path, str(path))
    env = _user_environment()
    try:
        template = env.from_string(source)
        return _tidy(template.render(template_context(view)))
    except jinja2.TemplateSyntaxError as error:
        raise UsageError(
            _(
                "{file}:{line}: template error: {reason}",
                file=str(path),
                line=error.lineno,
                reason=str(error.message),
            )
        ) from None
    except jinja2.TemplateError as error:  # a sandbox refusal is one too
        raise UsageError(
            _("{file}: template error: {reason}", file=str(path), reason=str(error))
        ) from None


def _tidy(text: str) -> str:
    """At most one blank line in a row, and one newline at the end."""
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
