"""Checks every deeper bank's tests share: its questionnaire, complete in each language."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

CJK = re.compile(r"[\u4e00-\u9fff]")


def bilingual_questionnaire(
    cli: Callable[..., Any], bank: str, lang: str, phase_of: dict[str, str]
) -> dict[str, Any]:
    """``crmrisk questions --bank BANK --format json --lang LANG``, checked: the bank's id and
    version, its phases and questions in order, the four grades, and every text (title, phases,
    questions, help, choices) present and in Chinese exactly when ``lang`` is zh. Returns the
    questionnaire for a bank's own checks."""
    result = cli("questions", "--bank", bank, "--format", "json", "--lang", lang)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    assert data["bank"]["id"] == bank
    assert data["bank"]["version"] == "1.0"
    assert [p["id"] for p in data["phases"]] == list(dict.fromkeys(phase_of.values()))
    assert data["grades"] == ["low", "medium", "high", "critical"]
    assert [q["id"] for q in data["questions"]] == list(phase_of)
    assert {q["id"]: q["phase"] for q in data["questions"]} == phase_of
    texts = [data["bank"]["title"], *(p["title"] for p in data["phases"])]
    for question in data["questions"]:
        texts += [question["text"], question["help"], *(c["label"] for c in question["choices"])]
    assert all(texts)
    assert [t for t in texts if bool(CJK.search(t)) != (lang == "zh")] == []
    return data
