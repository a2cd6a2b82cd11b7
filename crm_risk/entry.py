"""The ``crmrisk`` script's entry point: answers ``--version`` and ``completion SHELL`` before
importing anything heavy.

Everything else goes to :mod:`crm_risk.cli` (typer and rich load only then).
"""

from __future__ import annotations

import codecs
import io
import os
import sys


def _escape(error: UnicodeError) -> tuple[str, int]:
    """``\\uXXXX`` for each character the output encoding lacks (a UTF-16 pair beyond U+FFFF).

    The same escapes as JSON's, so ``--format json`` stays valid JSON on any terminal.
    """
    assert isinstance(error, UnicodeEncodeError)
    escaped = []
    for char in error.object[error.start : error.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            escaped.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            escaped.append(f"\\u{code:04x}")
    return "".join(escaped), error.end


def _tolerant_streams() -> None:
    """Output the terminal's encoding cannot hold (Chinese under ``LANG=C`` or
    ``PYTHONIOENCODING=ascii``) is written escaped instead of ending in a traceback."""
    codecs.register_error("crmrisk-escape", _escape)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="crmrisk-escape")


def _reopen_closed_streams() -> None:
    """A standard stream closed by the caller (``crmrisk assess <&-``) reads as empty and
    writes nowhere, instead of ending in a traceback; it also keeps files crmrisk opens off
    descriptors 0-2."""
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))  # noqa: SIM115, PTH123


def main() -> None:
    _reopen_closed_streams()
    _tolerant_streams()
    if sys.argv[1:] == ["--version"]:
        from crm_risk import __version__

        sys.stdout.write(f"crmrisk {__version__}\n")
        return
    if len(sys.argv) == 3 and sys.argv[1] == "completion":  # run by every new shell: no typer
        from crm_risk.completion import SCRIPTS

        if sys.argv[2] in SCRIPTS:
            sys.stdout.write(SCRIPTS[sys.argv[2]])
            return
    from crm_risk.cli import main as cli_main

    cli_main()
