"""The ``crmrisk`` script's entry point: answers ``--version`` before importing anything heavy.

Everything else goes to :mod:`crm_risk.cli` (typer and rich load only then).
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from crm_risk import __version__

        sys.stdout.write(f"crmrisk {__version__}\n")
        return
    from crm_risk.cli import main as cli_main

    cli_main()
