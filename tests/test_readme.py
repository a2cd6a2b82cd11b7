"""README and --help must not drift apart: every option a command has is documented, every
option the README documents exists, and the command reference is the help itself."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests import readme_help
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
COMMANDS = [
    "score",
    "assess",
    "report",
    "validate",
    "questions",
    "schema",
    "compare",
    "banks",
    "completion",
]


def section(command: str) -> str:
    start = README.index(f"### crmrisk {command}\n")
    end = README.find("\n### ", start + 1)
    return README[start : end if end != -1 else None]


def help_options(cli: Callable[..., Any], *args: str) -> set[str]:
    result = cli(*args, "--help")
    assert result.exit_code == 0
    return set(OPTION.findall(result.stdout)) - {"--help"}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_of_a_command_is_in_its_readme_section(
    cli: Callable[..., Any], command: str
) -> None:
    documented = set(OPTION.findall(section(command)))
    assert help_options(cli, command) <= documented


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_in_a_readme_section_exists(cli: Callable[..., Any], command: str) -> None:
    usage = re.search(r"```\n(crmrisk .*?)\n```", section(command), flags=re.S)
    assert usage is not None
    assert set(OPTION.findall(usage.group(1))) <= help_options(cli, command)


def test_every_command_is_documented(cli: Callable[..., Any]) -> None:
    text = cli("--help").stdout
    commands = text.split("Commands:", 1)[1].split("\n\n", 1)[0]
    listed = re.findall(r"^  ([a-z]+)  ", commands, flags=re.M)
    assert set(COMMANDS) <= set(listed)
    for command in listed:
        assert f"### crmrisk {command}\n" in README, command


def test_root_options_are_documented(cli: Callable[..., Any]) -> None:
    assert help_options(cli) <= set(OPTION.findall(README))


def test_start_here_has_exactly_two_commands() -> None:
    start = README.split("## Start here", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)\n```", start, flags=re.S)
    assert len(blocks) == 2
    assert "pip install ." in blocks[0] and "crmrisk score examples/" in blocks[0]
    assert "pytest" in blocks[1]


def test_the_command_reference_is_the_help() -> None:
    """Every --help at 80 columns is in the README verbatim (``crmrisk score --help`` included)."""
    fresh = readme_help.reference()
    if readme_help.current(README) != fresh:
        print(f"README.md's command reference is stale; run python -m tests.readme_help:\n{fresh}")
    assert readme_help.current(README) == fresh
    assert f"```text\n{readme_help.help_text('score').rstrip()}\n```" in README
