"""The README's "Command reference": every ``--help`` exactly as an 80-column terminal shows it.

``python -m tests.readme_help`` rewrites the reference in README.md from the help itself;
tests/test_readme.py fails, and prints the fresh text, when the two differ.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from crm_risk.cli_help import HELP

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
BEGIN = "<!-- command reference: `python -m tests.readme_help` writes it from the help itself -->"
END = "<!-- end of the command reference -->"


def help_text(command: str) -> str:
    """``crmrisk [command] --help`` at 80 columns, as the installed script prints it."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("LC_", "CRMRISK_")) and name not in ("LANG", "NO_COLOR")
    }
    result = subprocess.run(
        [str(Path(sys.executable).parent / "crmrisk"), *command.split(), "--help"],
        env={**env, "COLUMNS": "80"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def reference() -> str:
    """The reference, from :data:`BEGIN` to :data:`END`: a folded block per command."""
    blocks = [BEGIN]
    for command in ["", *HELP]:
        shown = f"crmrisk {command} --help".replace("  ", " ")
        blocks.append(
            f"<details><summary><code>{shown}</code></summary>\n\n"
            f"```text\n{help_text(command).rstrip()}\n```\n\n</details>"
        )
    blocks.append(END)
    return "\n\n".join(blocks)


def current(readme: str) -> str:
    """The reference as README.md has it."""
    start, end = readme.index(BEGIN), readme.index(END) + len(END)
    return readme[start:end]


def main() -> None:
    readme = README.read_text(encoding="utf-8")
    README.write_text(readme.replace(current(readme), reference()), encoding="utf-8")


if __name__ == "__main__":
    main()
