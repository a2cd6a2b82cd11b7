"""Shell completion: ``crmrisk completion bash|zsh|fish`` prints a script, and crmrisk answers the
script's questions (click's protocol: ``_CRMRISK_COMPLETE=SHELL_complete`` with ``COMP_WORDS`` and
``COMP_CWORD``). Driven here through that protocol in a subprocess, then through each script in
its real shell (bash always; zsh and fish where installed: .ci/run installs them)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crm_risk.banks import shipped_bank_ids
from crm_risk.completion import SCRIPTS, SHELLS, bank_ids
from tests.conftest import EXAMPLES, tool

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}


def run(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "crmrisk"), *args],
        env={**ENV, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def complete(line: str, shell: str = "bash", cwd: Path | None = None) -> list[str]:
    """What crmrisk answers for ``line`` (the cursor at its end), one completion a line."""
    words = line.split()
    if line.endswith(" "):
        words.append("")
    if shell == "fish":
        env = {"COMP_WORDS": line, "COMP_CWORD": words[-1]}
    else:
        env = {"COMP_WORDS": " ".join(words), "COMP_CWORD": str(len(words) - 1)}
    result = run(cwd=cwd, _CRMRISK_COMPLETE=f"{shell}_complete", **env)
    assert (result.returncode, result.stderr) == (0, "")
    return result.stdout.splitlines()


def needs(shell: str) -> None:
    tool(shell)


@pytest.mark.parametrize("shell", SHELLS)
def test_the_script_is_printed_for_each_shell(cli: Callable[..., Any], shell: str) -> None:
    printed = cli("completion", shell)
    assert printed.exit_code == 0
    assert printed.stdout == SCRIPTS[shell]
    assert f"_CRMRISK_COMPLETE={shell}_complete" in printed.stdout
    assert run(_CRMRISK_COMPLETE=f"{shell}_source").stdout == SCRIPTS[shell]


@pytest.mark.parametrize("shell", SHELLS)
def test_the_script_is_printed_without_loading_typer(shell: str) -> None:
    """Every new shell runs `crmrisk completion SHELL` (eval "$(...)"): it stays as light as
    --version."""
    code = (
        "import sys\n"
        f"sys.argv = ['crmrisk', 'completion', {shell!r}]\n"
        "from crm_risk.entry import main\n"
        "main()\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'pydantic', 'yaml'))\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.stdout == SCRIPTS[shell]
    assert result.stderr == "HEAVY="


@pytest.mark.parametrize("shell", SHELLS)
def test_the_script_is_valid_in_its_shell(shell: str) -> None:
    needs(shell)
    check = {"bash": ["bash", "-n"], "zsh": ["zsh", "-n"], "fish": ["fish", "--no-execute"]}
    result = subprocess.run(
        check[shell], input=SCRIPTS[shell], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stderr) == (0, "")


def test_an_unknown_shell_is_refused(cli: Callable[..., Any]) -> None:
    assert cli("completion", "tcsh").exit_code == 2
    result = run(_CRMRISK_COMPLETE="tcsh_complete")
    assert result.returncode == 2
    assert "expected SHELL_source or SHELL_complete" in result.stderr


def test_a_command_name() -> None:
    assert complete("crmrisk sc") == ["plain,score", "plain,schema"]
    assert "plain,completion" in complete("crmrisk ")


def test_a_shipped_bank_id_and_files() -> None:
    assert complete("crmrisk score --bank seven") == ["plain,seven-questions", "file,seven"]
    everything = complete("crmrisk questions --bank ")
    # in the order of `crmrisk banks`: the seven questions first
    assert everything == [*(f"plain,{b}" for b in shipped_bank_ids()), "plain,all", "file,"]
    assert everything[0] == "plain,seven-questions"
    assert complete("crmrisk score --bank=sev") == ["plain,seven-questions", "file,sev"]


def test_the_bank_ids_are_the_shipped_banks() -> None:
    assert [value for value, _ in bank_ids("")] == [*shipped_bank_ids(), "all"]


def test_choices_options_and_files() -> None:
    assert complete("crmrisk score --format j") == ["plain,json", "plain,junit"]
    assert complete("crmrisk report --lang ") == [
        "plain,zh",
        "plain,zh-Hans",
        "plain,zh-Hant",
        "plain,en",
    ]
    assert complete("crmrisk schema ") == ["plain,bank", "plain,answers", "plain,results"]
    assert complete("crmrisk completion ") == ["plain,bash", "plain,zsh", "plain,fish"]
    assert complete("crmrisk score --fo") == ["plain,--format", "plain,--force"]
    assert complete("crmrisk score ex") == ["file,ex"]  # answer files: the shell's file names
    assert complete("crmrisk report -o ") == ["file,"]
    assert complete("crmrisk assess --project ") == []  # a name: nothing to offer


def test_help_on_the_line_is_not_answered_while_completing() -> None:
    assert complete("crmrisk score --help --fo") == ["plain,--format", "plain,--force"]


def test_the_zsh_and_fish_answers() -> None:
    assert complete("crmrisk sc", "zsh")[:3] == [
        "plain",
        "score",
        "Score answer files: one file's report, or a summary of several.",
    ]
    assert complete("crmrisk score --bank=sev", "zsh") == [
        "plain",
        "--bank=seven-questions",
        "shipped bank",
        "file",
        "sev",
        "_",
    ]
    assert complete("crmrisk score --bank seven", "fish") == [
        "plain,seven-questions\tshipped bank",
        "file,seven",
    ]
    assert complete("crmrisk sc", "fish")[1] == (
        "plain,schema\tPrint the JSON Schema of a file format, for editors."
    )


# ---------------------------------------------------------------------------------------------
# each script in its shell


def _folder(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    return tmp_path


def test_bash_completes_commands_banks_and_files(tmp_path: Path) -> None:
    needs("bash")
    script = r"""
source <(crmrisk completion bash)
complete -p crmrisk
t() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _crmrisk_completion crmrisk; echo "${COMPREPLY[*]}"; }
t crmrisk sc
t crmrisk score --bank seven
t crmrisk score --bank ex
t crmrisk score examples/hea
t crmrisk score --format ma
"""
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=_folder(tmp_path),
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = result.stdout.splitlines()  # bash shows COMPREPLY sorted
    assert [" ".join(sorted(line.split(" "))) for line in lines[1:]] == [
        "schema score",
        "seven-questions",
        "examples",
        " ".join(sorted(str(p.relative_to(EXAMPLES.parent)) for p in EXAMPLES.glob("hea*"))),
        "markdown",
    ]
    assert lines[0] == "complete -F _crmrisk_completion crmrisk"


def test_zsh_completes_commands_banks_and_files(tmp_path: Path) -> None:
    """zsh completes only inside its line editor, so compadd, _describe and _path_files, which
    the script calls with what crmrisk answered, print what they were given."""
    needs("zsh")
    script = r"""
compdef() { print -r -- "compdef $*" }
source <(crmrisk completion zsh)
compadd() { print -r -- "compadd ${(@P)${@[-1]}}" }
_describe() { print -r -- "_describe ${(@P)${@[-1]}}" }
_path_files() { print -r -- "_path_files $*" }
t() { words=("$@"); CURRENT=$#; _crmrisk_completion }
t crmrisk sc
t crmrisk score --bank seven
t crmrisk score --format ma
"""
    result = subprocess.run(
        ["zsh", "-f", "-c", script],
        cwd=_folder(tmp_path),
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.splitlines() == [
        "compdef _crmrisk_completion crmrisk",
        "_describe score:Score answer files: one file's report, or a summary of several. "
        "schema:Print the JSON Schema of a file format, for editors.",
        "_path_files -f",
        "_describe seven-questions:shipped bank",
        "compadd markdown",
    ]


def test_fish_completes_commands_banks_and_files(tmp_path: Path) -> None:
    needs("fish")
    script = r"""
crmrisk completion fish | source
complete -C 'crmrisk sc'
complete -C 'crmrisk score --bank seven'
complete -C 'crmrisk score --bank ex'
complete -C 'crmrisk score --bank=sev'
"""
    result = subprocess.run(
        ["fish", "--no-config", "-c", script],
        cwd=_folder(tmp_path),
        env={**ENV, "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.splitlines() == [
        "schema\tPrint the JSON Schema of a file format, for editors.",
        "score\tScore answer files: one file's report, or a summary of several.",
        "seven-questions\tshipped bank",
        "examples/",
        "--bank=seven-questions\tshipped bank",
    ]
