"""The common YAML mistakes, said plainly on the line where they are, with what to type instead;
the parser's own words only with --debug."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Cli = Callable[..., Any]
HEAD = "bank: seven-questions\nproject: P\n"

CASES = {
    "full-width colon after a key": (
        HEAD + "answers：\n  core-value: {choice: one-focused}\n",
        "3:8: a full-width colon (：) after 'answers': YAML needs an ASCII colon and a space "
        "(answers: ...)",
    ),
    "full-width colon inside braces": (
        HEAD + "answers:\n  core-value: {choice：one-focused}\n",
        '4:16: answers.core-value["choice：one-focused"]: a full-width colon (：) after '
        "'choice': YAML needs an ASCII colon and a space (choice: ...)",
    ),
    "full-width comma": (
        HEAD + "answers:\n  core-value: {choice: one-focused，note: x}\n",
        "4:35: a full-width comma (，) between items: YAML needs an ASCII comma (,)",
    ),
    "full-width quotes": (
        HEAD + "answers:\n  core-value: {choice: one-focused, note: “a: b”}\n",
        "4:43: full-width quotes (“) do not quote text in YAML: use ASCII quotes",
    ),
    "a tab for indentation": (
        HEAD + "answers:\n\tcore-value: {choice: one-focused}\n",
        "4:1: a tab in the indentation: YAML is indented with spaces, not tabs",
    ),
    "no space after a colon": (
        HEAD + "answers:\n  core-value:{choice: one-focused}\n",
        "no space after the colon of 'core-value': write 'core-value: ' with a space after the "
        "colon",
    ),
    "an unclosed quote": (
        HEAD.replace("P", '"P') + "answers:\n  core-value: {choice: one-focused}\n",
        "2:10: the quote opened at line 2, column 10 is never closed",
    ),
    "an unclosed bracket": (
        HEAD + "answers:\n  core-value: {choice: one-focused\n  sponsor-value: {choice: none}\n",
        "5:16: the '{' opened at line 4, column 15 is not closed, or two of its items lack a comma "
        "between them",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_a_mistake_is_named_on_its_line(cli: Cli, tmp_path: Path, name: str) -> None:
    text, expected = CASES[name]
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("score", path)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"crmrisk: error: {path}:")
    assert expected in line, line
    for raw in ("while scanning", "while parsing", "could not find expected"):
        assert raw not in result.stderr  # the parser's own words only with --debug


def test_the_parsers_words_with_debug(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(CASES["full-width colon after a key"][0], encoding="utf-8")
    result = cli("--debug", "score", path)
    assert "crmrisk: debug: in the parser's words: while scanning a simple key" in result.stderr


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "report.md",
            "# CRM project risk report: P\n\n- **Prepared for**: P\n\n## Summary\n",
            "this is a markdown document (a report?), not an answer file",
        ),
        (
            "report.html",
            "<!doctype html>\n<html><body><p>x: y</p></body></html>\n",
            "this is an HTML page (a report?), not an answer file",
        ),
    ],
)
def test_a_report_given_for_an_answer_file(
    cli: Cli, tmp_path: Path, name: str, text: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = cli("score", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"crmrisk: error: {path}:1:1: {expected}")


def test_comments_that_look_like_headings_are_still_yaml(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("# Notes\n## from the meeting\n" + HEAD + "answers: {}\n", encoding="utf-8")
    result = cli("validate", path)
    assert (result.exit_code, result.stdout) == (0, f"{path}: valid answers for seven-questions\n")
