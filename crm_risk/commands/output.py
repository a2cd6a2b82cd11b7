"""Where a command's output goes: standard output (rich for a terminal) or a file, atomically."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from crm_risk.errors import Problem, UsageError
from crm_risk.fileio import same_file, write_atomic
from crm_risk.i18n import Lang
from crm_risk.msg import Text, _
from crm_risk.render.registry import RenderOptions, pieces


def console(stderr: bool = False, *, file: Any = None, color: bool | None = None) -> Any:
    """A rich console that never reads markup or emoji codes from the text it prints.

    Colour only on a terminal (rich's own check); NO_COLOR is honoured by rich itself.
    """
    from rich.console import Console

    options: dict[str, Any] = {}
    if file is not None:
        options.update(file=file, force_terminal=False, color_system=None)
    if color is False:
        options["color_system"] = None
    return Console(stderr=stderr, highlight=False, markup=False, emoji=False, **options)


def say(line: str) -> None:
    """A line on standard error (a message, never data)."""
    from crm_risk.text import clean

    sys.stderr.write(clean(line, keep_newlines=False) + "\n")
    sys.stderr.flush()


def notice(message: Text, lang: Lang) -> None:
    """``crmrisk: message`` on standard error, in the user's language."""
    from crm_risk.i18n.say import localize

    say(f"crmrisk: {localize(message, lang)}")


def say_error(line: str) -> None:
    say(f"crmrisk: error: {line}")


def say_problems(problems: Sequence[Problem], lang: Lang) -> None:
    """Each problem on a line of its own (its message in ``lang``); with ``--debug``, what the
    library said under it, in its own words."""
    from crm_risk.i18n.say import localize, problem_line

    debug = bool(os.environ.get("CRMRISK_DEBUG"))
    for problem in problems:
        say_error(problem_line(problem, lang))
        if debug and problem.detail:
            words = _("in the parser's words: {detail}", detail=problem.detail)
            say(f"crmrisk: debug: {localize(words, lang)}")


def write_text(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def as_text(rendered: Any, width: int = 100) -> str:
    """Rendered output as plain text (a rich renderable is laid out without colour)."""
    import io

    parts = pieces(rendered)
    if parts is not None:
        return "".join(parts)
    buffer = io.StringIO()
    console(file=buffer).print(rendered, width=width)
    return buffer.getvalue()


def emit(
    rendered: Any,
    *,
    output: Path | None = None,
    force: bool = False,
    protect: Path | None = None,
    quiet: bool = False,
    lang: Lang,
) -> None:
    """Write ``rendered`` to standard output, or to ``output`` (atomically; an existing file is
    replaced only with ``force``, and never when it is ``protect``, the input itself).

    Text in pieces is written as it comes, to a file too. A file written is announced on standard
    error (in ``lang``) unless ``quiet``."""
    if output is None or str(output) == "-":
        parts = pieces(rendered)
        if parts is None:
            console().print(rendered)
            return
        for part in parts:
            write_text(part)
        return
    if protect is not None and same_file(output, protect):
        raise UsageError(
            _(
                "{file}: is the answer file itself; write the report to another file",
                file=str(output),
            )
        )
    parts = pieces(rendered)
    write_atomic(output, as_text(rendered) if parts is None else parts, overwrite=force)
    if not quiet:
        notice(_("wrote {file}", file=str(output)), lang)


def for_people(options: RenderOptions, output: Path | None) -> RenderOptions:
    """``options`` with ``indent`` decided: as asked, else indented only for a terminal."""
    if options.indent is not None:
        return options
    on_terminal = (output is None or str(output) == "-") and sys.stdout.isatty()
    return dataclasses.replace(options, indent=on_terminal)
