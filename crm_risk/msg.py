"""A message to a person: made where a problem is found, put into words only at the edge.

``_("no such file: {file}", file=name)`` makes a :class:`Msg`, a small immutable pair of an
English template and its values. The English template is also the message's key in the
catalogs of other languages (``crm_risk/i18n/errors_zh_*.py``), so the code that finds a problem
reads as the message it gives. The command line's handler, and the few places that print
warnings and notices, put a message into the user's language once, as it is printed
(:func:`crm_risk.i18n.say.say`); ``str(msg)`` is always the English.

Values are data: they are put in as they are (a Msg among them is put into words in the same
language), never translated and never read as markup. Pure: no I/O, nothing heavy imported.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Msg:
    """One message: an English ``template`` with ``{placeholders}``, and their ``values``."""

    template: str
    values: Mapping[str, object] = field(default_factory=dict)
    #: The exact English when the words are a library's own (pydantic's, whose wording depends
    #: on its version): English shows them as they are; ``template`` says the same in our words
    #: and is what the catalogs translate.
    english: str | None = None

    def __str__(self) -> str:
        if self.english is not None:
            return self.english
        return fill(self.template, self.values, str)


#: What a message may be: a :class:`Msg`, or text that is data and is never translated (a
#: library's own words, a message already put into words).
Text = Msg | str


def _(template: str, /, **values: object) -> Msg:
    """A message: ``template`` (English, a literal: it is the catalogs' key) and its values."""
    return Msg(template, values)


_FORMATTER = string.Formatter()


def fill(template: str, values: Mapping[str, object], words: Callable[[Msg], str]) -> str:
    """``template`` with each ``{name!conversion:spec}`` filled as :meth:`str.format` would,
    a :class:`Msg` among the values put into words by ``words`` first."""
    out: list[str] = []
    for literal, name, spec, conversion in _FORMATTER.parse(template):
        out.append(literal)
        if name is not None:
            out.append(field_text(values[name], conversion, spec or "", words))
    return "".join(out)


def field_text(
    value: object, conversion: str | None, spec: str, words: Callable[[Msg], str]
) -> str:
    """One value as it appears in a message."""
    if isinstance(value, Msg):
        value = words(value)
    if conversion == "r":
        value = repr(value)
    elif conversion == "a":
        value = ascii(value)
    elif conversion == "s":
        value = str(value)
    return format(value, spec)


def verbatim(text: str) -> Msg:
    """Text that is data (a library's own words) where a :class:`Msg` is expected: said as it
    is in every language."""
    return Msg(text, {}, english=text)
