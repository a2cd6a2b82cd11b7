"""YAML mistakes explained: what a person typed wrong, on the line where they typed it.

The parser reports where it got lost, in its own words ("while scanning a simple key could not
find expected ':'"), often a line after the mistake. The common mistakes are recognised here and
said plainly, with what to type instead: a full-width colon, comma or quotes from a Chinese input
method, a tab for indentation, a missing space after a colon, a quote or bracket never closed, a
file that is not YAML at all. The parser's own words are kept for ``--debug``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crm_risk.msg import Msg, _

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: A plain key and a full-width colon: `answers：` (a Chinese input method's colon).
_FULL_WIDTH_COLON = re.compile(r"^(\s*-?\s*)([^\s:：#'\"][^:：#]*?)\s*：")
#: A plain key and a colon with no space after it: `core-value:{choice`, `project:Acme`.
_NO_SPACE = re.compile(r"^(\s*-?\s*)([A-Za-z0-9_][\w.-]*):(?=[^\s:/])")
_FULL_WIDTH_QUOTES = "“”‘’"
_MARKDOWN = re.compile(r"^(#{1,6} \S|\|\s*-{3}|[-*] \*\*)", re.M)


@dataclass(frozen=True)
class Explained:
    message: Msg
    line: int  # 1-based
    column: int  # 1-based


def not_yaml(text: str, name: str) -> Msg | None:
    """Why a file is plainly not an answer file (a markdown or HTML report), if it is one."""
    lowered = name.lower()
    head = text.lstrip()[:200].lower()
    if lowered.endswith((".md", ".markdown")) or len(_MARKDOWN.findall(text)) >= 2:
        return _(
            "this is a markdown document (a report?), not an answer file: give the answer "
            "file (.yaml or .json) the report was made from"
        )
    if lowered.endswith((".html", ".htm")) or head.startswith(("<!doctype html", "<html")):
        return _(
            "this is an HTML page (a report?), not an answer file: give the answer file "
            "(.yaml or .json) the report was made from"
        )
    return None


def explain(
    text: str, problem: str, line: int, column: int, context: tuple[int, int] | None
) -> Explained:
    """The mistake behind a parser error at ``line``/``column`` (0-based, as the parser gives
    them), said plainly; ``context`` is where the construct the parser was reading began."""
    lines = _LINE_BREAK.split(text)
    # A full-width colon or a missing space usually sits on the error line or just above it.
    for number in range(min(line, len(lines) - 1), max(-1, line - 3), -1):
        found = _line_mistake(lines[number])
        if found is not None:
            message, at = found
            return Explained(message, number + 1, at + 1)
    here = lines[line] if line < len(lines) else ""
    if here[column : column + 1] == "\t" or (
        here[:column].strip() == "" and "\t" in here[: column + 1]
    ):
        return Explained(
            _("a tab in the indentation: YAML is indented with spaces, not tabs"),
            line + 1,
            column + 1,
        )
    for mark in _FULL_WIDTH_QUOTES:
        at = here.find(mark)
        if at >= 0:
            return Explained(
                _(
                    "full-width quotes ({mark}) do not quote text in YAML: use ASCII quotes "
                    "(\"...\" or '...')",
                    mark=mark,
                ),
                line + 1,
                at + 1,
            )
    at = here.find("，")
    if at >= 0 and ("{" in here or "[" in here):
        return Explained(
            _("a full-width comma (，) between items: YAML needs an ASCII comma (,)"),
            line + 1,
            at + 1,
        )
    if "quoted scalar" in problem and "end of stream" in problem and context is not None:
        return Explained(
            _(
                "the quote opened at line {line}, column {column} is never closed",
                line=context[0] + 1,
                column=context[1] + 1,
            ),
            context[0] + 1,
            context[1] + 1,
        )
    if ("expected ',' or '}'" in problem or "expected ',' or ']'" in problem) and context:
        bracket = "{" if "}" in problem else "["
        return Explained(
            _(
                "the '{bracket}' opened at line {line}, column {column} is not closed, "
                "or two of its items lack a comma between them",
                bracket=bracket,
                line=context[0] + 1,
                column=context[1] + 1,
            ),
            line + 1,
            column + 1,
        )
    return Explained(_plain_words(problem, here[column : column + 1]), line + 1, column + 1)


def _line_mistake(text: str) -> tuple[Msg, int] | None:
    stripped = text.lstrip()
    if stripped.startswith("#"):
        return None
    colon = _FULL_WIDTH_COLON.match(text)
    if colon is not None:
        return (
            full_width_colon(colon.group(2).strip()),
            text.index("：", colon.start(2)),
        )
    space = _NO_SPACE.match(text)
    if space is not None and not re.match(r"\d+:\d", text[space.start(2) :]):
        return no_space(space.group(2)), space.end(2)
    return None


def full_width_colon(key: str) -> Msg:
    """A key typed with a full-width colon (a Chinese input method's)."""
    return _(
        "a full-width colon (：) after {key!r}: YAML needs an ASCII colon and a space ({key}: ...)",
        key=key,
    )


def no_space(key: str) -> Msg:
    """A key with no space after its colon."""
    return _(
        "no space after the colon of {key!r}: write '{key}: ' with a space after the colon",
        key=key,
    )


def _plain_words(problem: str, at: str) -> Msg:
    """The parser's complaint as a person would say it (its own words are kept for --debug)."""
    indentation = _("this line's indentation does not match the lines around it")
    table = (
        (
            "could not find expected ':'",
            _(
                "a key without ':', or a line that does not continue "
                "the one above it (check its indentation)"
            ),
        ),
        (
            "mapping values are not allowed",
            _("a ':' where YAML does not expect one: put text that contains ': ' in quotes"),
        ),
        ("did not find expected key", indentation),
        ("expected <block end>", indentation),
        (
            "while scanning an alias",
            _("'*' starts an alias in YAML: put text that begins with '*' in quotes"),
        ),
        (
            "while scanning an anchor",
            _("'&' starts an anchor in YAML: put text that begins with '&' in quotes"),
        ),
        (
            "cannot start any token",
            _("YAML cannot start a value with {at!r}: put the text in quotes", at=at),
        ),
        ("did not find expected node content", _("a value is missing here")),
        (
            "invalid Unicode character escape",
            _(
                "an escape in double quotes names something that is not a Unicode character (a "
                "lone surrogate such as \\ud800)"
            ),
        ),
        ("found unexpected end of stream", _("the file ends in the middle of a value")),
        (
            "found unknown escape character",
            _(
                "an unknown escape (\\) in double quotes: write \\\\ "
                "for a backslash, or use single quotes"
            ),
        ),
    )
    for words, plain in table:
        if words in problem:
            return plain
    return _("not valid YAML here")
