"""Line wrapping that reads well in Chinese as well as English.

rich wraps at spaces only, so a run of Chinese is one long "word": it jumps whole to the next line
or is cut mid-phrase with punctuation at a line's start. :class:`Wrapped` breaks between any two
CJK characters, at spaces elsewhere, and keeps closing punctuation (，。）…) off a line's start and
opening punctuation (（“《…) off a line's end.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rich.cells import cell_len, chop_cells
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

_CJK = "\u2e80-\u2fdf\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CLOSING = "，。、；：？！）》」』】〕〉”’…—·%,.;:?!)\\]}"
_OPENING = "（《「『【〔〈“‘([{"
_ATOM = re.compile(
    rf"\n|[{_OPENING}]*[{_CJK}][{_CLOSING}]*[^\S\n]*"
    rf"|[{_OPENING}]*[^\s{_CJK}{_OPENING}]+?(?=[\s{_CJK}{_OPENING}]|$)[{_CLOSING}]*[^\S\n]*"
    rf"|[{_OPENING}]+|[^\S\n]+"
)


def _atoms(text: str) -> Iterator[tuple[int, str]]:
    position = 0
    while position < len(text):
        match = _ATOM.match(text, position)
        end = match.end() if match and match.end() > position else position + 1
        yield position, text[position:end]
        position = end


def break_offsets(text: str, width: int) -> list[int]:
    """Character offsets at which to break ``text`` so that no line is wider than ``width``."""
    width = max(1, width)
    breaks: list[int] = []
    used = 0
    for start, atom in _atoms(text):
        if atom == "\n":
            breaks.append(start + 1)
            used = 0
            continue
        visible = cell_len(atom.rstrip())
        if used and used + visible > width:
            breaks.append(start)
            used = 0
        if visible > width:
            # An atom wider than the line (a long URL, say) is folded.
            pieces = chop_cells(atom, width)
            offset = start
            for piece in pieces[:-1]:
                offset += len(piece)
                breaks.append(offset)
            used = cell_len(pieces[-1])
        else:
            used += cell_len(atom)
    return sorted({b for b in breaks if 0 < b < len(text)})


class Wrapped:
    """A ``Text`` that wraps with :func:`break_offsets` wherever rich lays it out."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self.text.divide(break_offsets(self.text.plain, options.max_width))
        for line in lines:
            line.rstrip()
            if line.plain.endswith("\n"):
                line.right_crop(1)
        joined = Text("\n").join(lines)
        joined.no_wrap = True
        joined.overflow = "ignore"
        yield joined

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.text.plain
        widest_atom = max((cell_len(atom.rstrip()) for _, atom in _atoms(plain)), default=0)
        widest_line = max((cell_len(line) for line in plain.split("\n")), default=0)
        return Measurement(min(widest_atom, options.max_width), min(widest_line, options.max_width))
