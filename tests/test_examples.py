"""The shipped examples: valid, graded as their names promise, and their reports current.

Regenerate the reports after a change to the bank or the renderer (the README says so too):

    for f in examples/*.yaml; do for l in en zh; do
      crmrisk report "$f" --lang $l -o "${f%.yaml}.$l.md" --force; done; done
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES

ANSWER_FILES = sorted(EXAMPLES.glob("*.yaml"))


def test_there_are_at_least_three_examples() -> None:
    assert {p.stem for p in ANSWER_FILES} >= {
        "healthy-service",
        "high-risk-key-account",
        "half-answered",
        "four-year-failure",
    }


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", ANSWER_FILES, ids=lambda p: p.stem)
def test_example_report_is_current(
    cli: Callable[..., Any], path: Path, lang: str, fmt: str
) -> None:
    report = path.with_suffix(f".{lang}.{fmt}")
    assert report.exists(), f"missing {report.name}: regenerate the example reports"
    result = cli("report", path, "--lang", lang, "--format", "markdown" if fmt == "md" else fmt)
    assert result.exit_code == 0
    assert result.stdout == report.read_text(encoding="utf-8"), (
        f"{report.name} is stale: regenerate it"
    )


@pytest.mark.parametrize(
    ("name", "overall", "skipped", "unknown"),
    [
        ("healthy-service", "low", 0, 0),
        ("high-risk-key-account", "critical", 0, 0),
        ("half-answered", "critical", 3, 1),
        ("four-year-failure", "critical", 0, 0),
    ],
)
def test_examples_mean_what_their_names_say(
    cli: Callable[..., Any], name: str, overall: str, skipped: int, unknown: int
) -> None:
    import json

    result = cli("score", EXAMPLES / f"{name}.yaml", "--format", "json")
    assessment = json.loads(result.stdout)["assessments"][0]
    assert assessment["overall"]["grade"] == overall
    assert sum(len(s["skipped"]) for s in assessment["sections"]) == skipped
    assert sum(len(s["unknown"]) for s in assessment["sections"]) == unknown
    # "unanswered" is both, as in 0.1
    assert sum(len(s["unanswered"]) for s in assessment["sections"]) == skipped + unknown


def test_the_four_year_failure_looks_like_article_004(cli: Callable[..., Any]) -> None:
    """Article 004's case across every bank: complete features, an island, execution only, no
    management scenarios, 'try quickly, then quit': at least high in every bank, critical in the
    management system; the one not-applicable answer is left out and said so."""
    import json

    result = cli("score", EXAMPLES / "four-year-failure.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assessment = json.loads(result.stdout)["assessments"][0]
    grades = {s["bank"]: s["overall"]["grade"] for s in assessment["sections"]}
    assert grades == {
        "seven-questions": "critical",
        "requirements-research": "high",
        "implementation-practice": "high",
        "strategic-errors": "high",
        "management-system": "critical",
    }
    practice = next(s for s in assessment["sections"] if s["bank"] == "implementation-practice")
    knowledge = next(p for p in practice["phases"] if p["id"] == "knowledge")
    assert (knowledge["not_applicable"], knowledge["total"]) == (1, 4)
    assert "bank" not in assessment  # several banks: sections only


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_compare_example_report_is_current(cli: Callable[..., Any], lang: str) -> None:
    progress = EXAMPLES / "progress"
    report = progress / f"compare.{lang}.md"
    result = cli(
        "compare",
        progress / "harbin-2026-05.yaml",
        progress / "harbin-2026-11.yaml",
        "--format",
        "markdown",
        "--lang",
        lang,
    )
    assert result.exit_code == 0
    assert result.stdout == report.read_text(encoding="utf-8"), f"{report.name} is stale"
