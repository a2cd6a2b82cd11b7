"""The command-line help reads cleanly at 80 columns: metavars as written, no type artefacts of
typer's (``<list[Path]>``, ``{FILE_OR_DIR}``, ``<path>``), one-line summaries, and examples that
are real commands (each is run here, from a copy of the repository's examples)."""

from __future__ import annotations

import itertools
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crm_risk.cli_help import HELP, ROOT_EXAMPLES, Example
from tests.conftest import EXAMPLES, REPO, tool

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
COMMANDS = list(HELP)
#: Words in angle brackets that are text, not a type (``<project>-<date>-<respondent>.yaml``).
TEXT_IN_BRACKETS = {"<project>", "<date>", "<respondent>"}


def root_commands(cli: Callable[..., Any]) -> list[str]:
    text = cli("--help").stdout
    section = text.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    return [line.split()[0] for line in section.splitlines()]


def test_every_command_has_a_summary_and_examples(cli: Callable[..., Any]) -> None:
    assert root_commands(cli) == COMMANDS
    for command, entry in HELP.items():
        assert 2 <= len(entry.examples) <= 3, command
        assert all(example.command.split()[0] in ("crmrisk", "eval") for example in entry.examples)


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_has_no_type_artefacts_and_fits_80_columns(
    cli: Callable[..., Any], command: str
) -> None:
    result = cli(*command.split(), "--help")
    assert result.exit_code == 0
    text = result.stdout
    assert "{" not in text and "}" not in text
    assert set(re.findall(r"<[^<>\s]*>", text)) <= TEXT_IN_BRACKETS
    assert not re.search(r"\b(list\[|Path\b|str\b|int\b)", text)
    assert max(len(line) for line in text.splitlines()) <= 80


def test_usage_lines_show_metavars_as_written(cli: Callable[..., Any]) -> None:
    usage = {command: cli(command, "--help").stdout.splitlines()[0] for command in COMMANDS}
    assert usage["score"] == "Usage: crmrisk score [OPTIONS] FILE_OR_DIR..."
    assert usage["report"] == "Usage: crmrisk report [OPTIONS] ANSWERS..."
    assert usage["validate"] == "Usage: crmrisk validate [OPTIONS] FILE..."
    assert usage["compare"] == "Usage: crmrisk compare [OPTIONS] OLD NEW | DIR"
    assert usage["schema"] == "Usage: crmrisk schema [OPTIONS] [bank|answers|results]"
    assert usage["completion"] == "Usage: crmrisk completion [OPTIONS] bash|zsh|fish"
    score = cli("score", "--help").stdout
    assert "\n  FILE_OR_DIR...  Answer files" in score
    for option in (
        "-f, --format FORMAT",
        "--lang zh|zh-Hant|en",
        "--bank NAME_OR_PATH",
        "-o, --output FILE",
    ):
        assert f"\n  {option}  " in score


def test_the_root_summaries_are_one_line_each_and_whole(cli: Callable[..., Any]) -> None:
    text = cli("--help").stdout
    section = text.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    lines = section.splitlines()
    assert len(lines) == len(COMMANDS)
    for line, command in zip(lines, COMMANDS, strict=True):
        assert line.split(None, 1) == [command, HELP[command].summary]
        assert not line.endswith("...")


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_help_ends_with_its_examples(cli: Callable[..., Any], command: str) -> None:
    text = cli(*command.split(), "--help").stdout
    examples = HELP[command].examples if command else ROOT_EXAMPLES
    section = text.split("\nExamples:\n", 1)[1]
    for example in examples:
        assert f"\n  {example.command}\n      " in f"\n{section}"


def test_help_errors_name_arguments_without_dots(cli: Callable[..., Any]) -> None:
    result = cli("validate")
    assert result.exit_code == 2
    assert "Missing argument 'FILE'." in result.stderr


# ---------------------------------------------------------------------------------------------
# the examples work


#: What a person would type at the prompts of a scripted `assess` example.
STDIN = {
    "crmrisk assess --bank all -o kickoff.yaml --report kickoff.md": "Acme\nLi Wei\n1\n\n\n1\n"
}


#: Examples that exit 1 on the shipped examples: some reach --fail-on high (the progress
#: folder's trend gets better, so --fail-on-worse exits 0).
EXIT = {
    "crmrisk score examples/ --fail-on high": 1,
    "crmrisk score examples/ --format junit --fail-on high -o results.xml": 1,
}


def _shell_for(example: Example) -> list[str]:
    if "completion zsh" in example.command:  # "In ~/.zshrc, after compinit."
        return [
            tool("zsh"),
            "-f",
            "-c",
            f"autoload -Uz compinit && compinit -u && {example.command}",
        ]
    return ["bash", "-c", example.command]


def _written(command: str) -> list[str]:
    """Files an example writes at once (``-o FILE``, ``> FILE``; assess writes its ``--report``
    when the questionnaire is finished)."""
    words = shlex.split(command)
    return [after for flag, after in itertools.pairwise(words) if flag in ("-o", ">")]


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_example_runs(tmp_path: Path, command: str) -> None:
    assert (BIN / "crmrisk").exists(), "crmrisk is installed next to the Python running the tests"
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    shutil.copytree(REPO / "crm_risk" / "questions", tmp_path / "questions")
    home = tmp_path / "home"
    (home / ".config" / "fish" / "completions").mkdir(parents=True)
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(home),
        "COLUMNS": "80",
    }
    for example in HELP[command].examples if command else ROOT_EXAMPLES:
        result = subprocess.run(
            _shell_for(example),
            cwd=tmp_path,
            env=env,
            input=STDIN.get(example.command, ""),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == EXIT.get(example.command, 0), (example.command, result.stderr)
        assert "error" not in result.stderr, (example.command, result.stderr)
        for written in _written(example.command):
            assert (tmp_path / written.replace("~", str(home), 1)).is_file(), written


def test_every_expected_exit_is_of_an_example() -> None:
    shown = {e.command for help in HELP.values() for e in help.examples}
    assert set(EXIT) <= shown
