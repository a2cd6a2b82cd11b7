"""Making user text (notes, names, projects) safe to show: in a terminal and in markdown.

User text is never interpreted: no rich markup, no terminal control sequences, no markdown or HTML.
"""

from __future__ import annotations

import re

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), and other two-byte ESC sequences.
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Explicit bidi overrides and isolates can reorder what a reader sees ("trojan source");
# ordinary right-to-left letters are left alone.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Lone surrogates (a file name that is not valid UTF-8) cannot be encoded for any output.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x7F:
        return "\u2421"  # ␡
    if code < 0x20:
        return chr(0x2400 + code)  # control pictures: ␀ ␇ ␍ ...
    return "\ufffd"


def clean(value: str, *, keep_newlines: bool = True) -> str:
    """``value`` without escape sequences; other control characters made visible."""
    value = _ANSI.sub("", value)
    value = value.replace("\r\n", "\n").replace("\t", " ")
    if not keep_newlines:
        value = value.replace("\n", " ")
    value = _CONTROL.sub(_visible, value)
    value = _SURROGATE.sub("\ufffd", value)
    return _BIDI.sub("", value)


def shorten(value: str, limit: int) -> str:
    """``value`` cut to ``limit`` characters, ending in ``…`` when cut: a pasted megabyte is not
    echoed back in full."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


# Inline markdown syntax. Block markers (#, -, 1.) only act at a line's start, where renderers
# never put user text; `<`, `>` and `&` become entities so no HTML gets through.
# An `&` only needs escaping where it would start an HTML entity such as `&lt;`.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")


def md_inline(value: str) -> str:
    """User text as literal markdown inline text: safe in a paragraph, a list item or a table cell."""
    value = clean(value)
    value = _ENTITY.sub("&amp;", value).replace("<", "&lt;").replace(">", "&gt;")
    value = _MD_SPECIAL.sub(r"\\\1", value)
    lines = [line.strip() for line in value.split("\n")]
    return "<br>".join(line for line in lines if line) if len(lines) > 1 else value
