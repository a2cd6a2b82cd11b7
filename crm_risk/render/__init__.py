"""Renderers, one per output format, found by name in :mod:`crm_risk.render.registry`.

``terminal`` returns rich renderables (the CLI's console decides colour and width); the text
formats return text. Every renderer lays out views (:mod:`crm_risk.views`).
"""

from __future__ import annotations

from enum import Enum


class ScoreFormat(str, Enum):
    """Output formats of ``crmrisk score``."""

    table = "table"
    json = "json"
    markdown = "markdown"
    junit = "junit"


class QuestionsFormat(str, Enum):
    """Output formats of ``crmrisk questions``."""

    table = "table"
    markdown = "markdown"
    json = "json"


class ReportFormat(str, Enum):
    """Output formats of ``crmrisk report``."""

    markdown = "markdown"
    html = "html"


class BanksFormat(str, Enum):
    """Output formats of ``crmrisk banks``."""

    table = "table"
    json = "json"
