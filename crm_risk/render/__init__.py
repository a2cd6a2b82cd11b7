"""Renderers, one module per output format.

``terminal`` returns rich renderables (the CLI's console decides colour and width); the text
formats (``markdown``, ``json_``) return ``str``. Every renderer takes results and a language.
"""

from __future__ import annotations

from enum import Enum


class ScoreFormat(str, Enum):
    """Output formats of ``crmrisk score``."""

    table = "table"
    json = "json"
    markdown = "markdown"


class QuestionsFormat(str, Enum):
    """Output formats of ``crmrisk questions``."""

    table = "table"
    markdown = "markdown"
    json = "json"
