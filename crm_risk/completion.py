"""Shell completion for bash, zsh and fish: the scripts, and the answers crmrisk gives them.

The protocol is click's: a script calls crmrisk with ``_CRMRISK_COMPLETE=SHELL_complete`` and the
words typed so far in ``COMP_WORDS`` and ``COMP_CWORD``; crmrisk answers one completion a line,
``TYPE,VALUE`` (bash), ``TYPE,VALUE<tab>HELP`` (fish) or ``TYPE``, ``VALUE``, ``HELP`` on three
lines (zsh). ``TYPE`` is ``plain`` for a value (a command, an option, a choice, a bank id) or
``file`` for "and the file names the shell would complete here". ``_CRMRISK_COMPLETE=SHELL_source``
prints the script, as ``crmrisk completion SHELL`` does.

What is completed comes from the commands themselves (typer's and click's machinery): command
names, option names, choices (``--format``, ``--lang``), ``--bank`` (the shipped bank ids, ``all``
and files), and file names for every path.

typer's own completion (``add_completion=True``: ``--install-completion`` edits the user's shell
start-up files) is not used: printing a script to put where the user wants is the usual way and
keeps the root options short.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping
from enum import Enum
from typing import Any

#: The environment variable of the protocol.
COMPLETE_VAR = "_CRMRISK_COMPLETE"
SHELLS = ("bash", "zsh", "fish")


class Shell(str, Enum):
    """The shells crmrisk has a completion script for."""

    bash = "bash"
    zsh = "zsh"
    fish = "fish"


_BASH = r"""# crmrisk completion for bash: eval "$(crmrisk completion bash)" in ~/.bashrc
_crmrisk_completion() {
    local IFS=$'\n' line files= cur=${COMP_WORDS[COMP_CWORD]}
    COMPREPLY=()
    for line in $(env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD="$COMP_CWORD" \
            _CRMRISK_COMPLETE=bash_complete "$1" 2>/dev/null); do
        case $line in
            plain,*) COMPREPLY+=("${line#plain,}") ;;
            file,*) files=1 ;;
        esac
    done
    if [[ -n $files ]]; then
        [[ $cur == = ]] && cur=
        compopt -o filenames 2>/dev/null
        COMPREPLY+=($(compgen -f -- "$cur"))
    fi
    return 0
}
complete -F _crmrisk_completion crmrisk
"""

_ZSH = r"""#compdef crmrisk
# crmrisk completion for zsh: eval "$(crmrisk completion zsh)" in ~/.zshrc after compinit,
# or save it as _crmrisk in a folder of $fpath.
_crmrisk_completion() {
    local -a response plain described
    local type value help
    (( ! $+commands[crmrisk] )) && return 1
    response=("${(@f)$(env COMP_WORDS="${words[*]}" COMP_CWORD=$((CURRENT-1)) \
        _CRMRISK_COMPLETE=zsh_complete crmrisk 2>/dev/null)}")
    for type value help in "${response[@]}"; do
        case $type in
            plain) if [[ $help == _ ]]; then plain+=("$value"); else described+=("$value:$help"); fi ;;
            file) _path_files -f ;;
        esac
    done
    (( $#described )) && _describe -V crmrisk described
    (( $#plain )) && compadd -V crmrisk -a plain
    return 0
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _crmrisk_completion "$@"
else
    compdef _crmrisk_completion crmrisk
fi
"""

_FISH = r"""# crmrisk completion for fish: crmrisk completion fish > ~/.config/fish/completions/crmrisk.fish
function __crmrisk_complete
    set -l response (env _CRMRISK_COMPLETE=fish_complete COMP_WORDS=(commandline -cp) \
        COMP_CWORD=(commandline -ct) crmrisk 2>/dev/null)
    for line in $response
        set -l item (string split -m 1 , -- $line)
        switch $item[1]
            case plain
                echo $item[2]
            case file
                __fish_complete_path (commandline -ct)
        end
    end
end
complete --command crmrisk --no-files --arguments '(__crmrisk_complete)'
"""

SCRIPTS = {"bash": _BASH, "zsh": _ZSH, "fish": _FISH}


def script(shell: str) -> str:
    """The completion script of ``shell`` (one of :data:`SHELLS`)."""
    return SCRIPTS[shell]


def _words() -> tuple[list[str], int]:
    from typer._click.shell_completion import split_arg_string

    words = split_arg_string(os.environ.get("COMP_WORDS", ""))
    try:
        cword = int(os.environ.get("COMP_CWORD", ""))
    except ValueError:
        cword = len(words)
    return words, cword


def completion_args(shell: str) -> tuple[list[str], str]:
    """The words before the one being completed (without the program's name), and that word."""
    if shell == "fish":  # COMP_WORDS: the line up to the cursor; COMP_CWORD: the word at it
        from typer._click.shell_completion import split_arg_string

        args = split_arg_string(os.environ.get("COMP_WORDS", ""))[1:]
        incomplete = os.environ.get("COMP_CWORD", "")
        if incomplete and args and args[-1] == incomplete:
            args.pop()
        return args, incomplete
    words, cword = _words()
    args = words[1:cword]
    incomplete = words[cword] if cword < len(words) else ""
    if shell == "bash" and len(args) >= 2 and args[-1] == "=" and args[-2].startswith("--"):
        args.pop()  # bash splits --bank=sev into --bank, =, sev
    return args, incomplete


def format_item(shell: str, item: Any) -> str:
    """One completion in the form ``shell``'s script reads."""
    value, help_text = str(item.value), " ".join((item.help or "").split())
    if shell == "zsh":  # _describe reads VALUE:HELP, so a colon in the value is escaped
        escaped = value.replace(":", "\\:")
        return f"{item.type}\n{escaped}\n{help_text or '_'}"
    if shell == "fish" and help_text:
        return f"{item.type},{value}\t{help_text}"
    return f"{item.type},{value}"


def completions(cli: Any, ctx_args: MutableMapping[str, Any], shell: str) -> list[Any]:
    """What ``cli`` offers for the words in the environment, as click's ``CompletionItem``."""
    from typer._click.shell_completion import CompletionItem, _resolve_context, _resolve_incomplete

    args, word = completion_args(shell)
    ctx = _resolve_context(cli, dict(ctx_args), "crmrisk", args)
    handler, incomplete = _resolve_incomplete(ctx, args, word)
    items: list[Any] = handler.shell_complete(ctx, incomplete)
    # --bank=sev: zsh and fish complete the whole word, so the values keep what came before
    # the value (bash breaks the word at '=' itself).
    before = word[: len(word) - len(incomplete)] if word.endswith(incomplete) else ""
    if before and shell != "bash":
        items = [
            CompletionItem(before + item.value, help=item.help) if item.type == "plain" else item
            for item in items
        ]
    return items


def respond(cli: Any, ctx_args: MutableMapping[str, Any], instruction: str) -> int:
    """Answer ``_CRMRISK_COMPLETE=instruction``: ``SHELL_source`` or ``SHELL_complete``."""
    shell, _, action = instruction.partition("_")
    if shell not in SCRIPTS or action not in ("source", "complete"):
        sys.stderr.write(
            f"crmrisk: error: {COMPLETE_VAR}={instruction}: expected SHELL_source or "
            f"SHELL_complete, SHELL one of {', '.join(SHELLS)}\n"
        )
        return 2
    if action == "source":
        sys.stdout.write(script(shell))
        return 0
    lines = [format_item(shell, item) for item in completions(cli, ctx_args, shell)]
    sys.stdout.write("".join(f"{line}\n" for line in lines))
    return 0


# ---------------------------------------------------------------------------------------------
# completers of single parameters (typer's `autocompletion=`)


def bank_ids(incomplete: str) -> list[tuple[str, str]]:
    """``--bank``: the shipped banks' ids and ``all`` (the shell adds file names)."""
    from crm_risk.shipped import shipped_bank_ids  # light: no pydantic, no YAML

    offered = [(bank_id, "shipped bank") for bank_id in shipped_bank_ids()]
    offered.append(("all", "every shipped bank"))
    return [(value, help_text) for value, help_text in offered if value.startswith(incomplete)]


def schema_kinds(incomplete: str) -> list[str]:
    """``crmrisk schema KIND``."""
    return [kind for kind in ("bank", "answers", "results") if kind.startswith(incomplete)]
