"""click's usage errors ("No such option: --nope") as messages the catalogs can translate.

click (vendored by typer) says its usage errors in English only, in formats that have stayed the
same for years. The common ones are recognised here by pattern and made into a
:class:`~crm_risk.msg.Msg` whose English is click's text exactly, so English output never
changes; anything not recognised stays click's English, the ``(see '... --help')`` tail too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from crm_risk.msg import Msg, Text, _

_Make = Callable[[dict[str, str]], Msg]
_INVALID = r"Invalid value for (?P<param>.+?): "

#: (click's message, as a pattern; the message in our words, made from the pattern's groups).
PATTERNS: tuple[tuple[re.Pattern[str], _Make], ...] = tuple(
    (re.compile(pattern, re.S), make)
    for pattern, make in (
        (
            r"No such option: (?P<option>.+?) \(Possible options: (?P<options>.+)\)",
            lambda g: _("No such option: {option} (Possible options: {options})", **g),
        ),
        (
            r"No such option: (?P<option>.+?) Did you mean (?P<suggestion>.+)\?",
            lambda g: _("No such option: {option} Did you mean {suggestion}?", **g),
        ),
        (r"No such option: (?P<option>.+)", lambda g: _("No such option: {option}", **g)),
        (
            r"No such command (?P<name>.+?)\. Did you mean (?P<suggestions>.+)\?",
            lambda g: _("No such command {name}. Did you mean {suggestions}?", **g),
        ),
        (r"No such command (?P<name>.+)\.", lambda g: _("No such command {name}.", **g)),
        (r"Missing argument (?P<name>.+)\.", lambda g: _("Missing argument {name}.", **g)),
        (r"Missing option (?P<name>.+)\.", lambda g: _("Missing option {name}.", **g)),
        (r"Missing parameter: (?P<name>.+)", lambda g: _("Missing parameter: {name}", **g)),
        (r"Missing command\.", lambda g: _("Missing command.")),
        (
            _INVALID + r"(?P<value>.+) is not one of (?P<choices>.+)\.",
            lambda g: _("Invalid value for {param}: {value} is not one of {choices}.", **g),
        ),
        (
            _INVALID + r"invalid choice: (?P<value>.+)\. \(choose from (?P<choices>.+)\)",
            lambda g: _(
                "Invalid value for {param}: invalid choice: {value}. (choose from {choices})", **g
            ),
        ),
        (
            _INVALID + r"Input should be a valid integer, unable to parse string as an integer",
            lambda g: _(
                "Invalid value for {param}: Input should be a valid integer, unable to parse "
                "string as an integer",
                **g,
            ),
        ),
        (
            _INVALID + r"(?P<value>.+) is not a valid integer\.",
            lambda g: _("Invalid value for {param}: {value} is not a valid integer.", **g),
        ),
        (
            _INVALID + r"Value (?P<value>.+) is not a valid (?P<kind>.+)\.",
            lambda g: _("Invalid value for {param}: Value {value} is not a valid {kind}.", **g),
        ),
        (
            _INVALID + r"Input should be greater than or equal to (?P<n>\S+)",
            lambda g: _(
                "Invalid value for {param}: Input should be greater than or equal to {n}", **g
            ),
        ),
        (
            _INVALID + r"Input should be less than or equal to (?P<n>\S+)",
            lambda g: _(
                "Invalid value for {param}: Input should be less than or equal to {n}", **g
            ),
        ),
        (
            _INVALID + r"(?P<value>.+) is not in the range (?P<range>.+)\.",
            lambda g: _("Invalid value for {param}: {value} is not in the range {range}.", **g),
        ),
        (
            r"Option (?P<option>.+) requires an argument\.",
            lambda g: _("Option {option} requires an argument.", **g),
        ),
        (
            r"Option (?P<option>.+) requires (?P<n>\d+) arguments\.",
            lambda g: _("Option {option} requires {n} arguments.", **g),
        ),
        (
            r"Option (?P<option>.+) does not take a value\.",
            lambda g: _("Option {option} does not take a value.", **g),
        ),
        (
            r"Got unexpected extra argument \((?P<args>.*)\)",
            lambda g: _("Got unexpected extra argument ({args})", **g),
        ),
        (
            r"Got unexpected extra arguments \((?P<args>.*)\)",
            lambda g: _("Got unexpected extra arguments ({args})", **g),
        ),
        (
            r"Got unexpected extra argument\(s\) \((?P<args>.*)\)",
            lambda g: _("Got unexpected extra argument(s) ({args})", **g),
        ),
    )
)


def usage_message(message: str) -> Text:
    """click's ``message`` as a :class:`Msg` (its English exactly as click wrote it), or as it is
    when it is not one of the common ones."""
    for pattern, make in PATTERNS:
        found = pattern.fullmatch(message)
        if found is not None:
            return replace(make(found.groupdict()), english=message)
    return message


def usage_line(message: str, command: str) -> Text:
    """The line a usage error prints: the message, and where to find the right usage."""
    english = f"{message} (see '{command} --help')"
    recognised = usage_message(message)
    if isinstance(recognised, str):
        return english  # not recognised: all of it stays English
    line = _("{message} (see '{command} --help')", message=recognised, command=command)
    return replace(line, english=english)
