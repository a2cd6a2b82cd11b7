"""Saving an ``assess`` session after every answer: the answer file, written atomically.

The file on disk is always a valid answer file holding every answer given so far; a save that
fails (a full disk) leaves the last good file, and the session says where it is. A file that is
continued (``--resume``) is rewritten from its own text, so its comments and key order stay
(:mod:`crm_risk.answer_rewrite`); a new file is written in the standard layout.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from crm_risk.answerfile import HEADER, default_name, document, dump
from crm_risk.answers import AnswerStatus
from crm_risk.assess import State
from crm_risk.assess_setup import Options, Target
from crm_risk.fileio import write_atomic
from crm_risk.i18n import Lang, count_line

if TYPE_CHECKING:
    from crm_risk.answer_rewrite import Rewriter


class Autosave:
    """The answer file of one session and what was last written to it."""

    def __init__(self, target: Target, options: Options, *, header: str = HEADER) -> None:
        self.target = target
        self.options = options
        self.header = header
        #: The continued file's text, kept as a round-trip tree (None: a new file).
        self.rewriter: Rewriter | None = None
        #: The answers on disk, as the document written (None: nothing written or adopted yet).
        #: A step that changes nothing in it (help, a refused line) writes nothing: the document
        #: is compared, not its text, so nothing is serialised for it.
        self.saved_doc: dict[str, object] | None = None
        #: Answers in the file on disk (the state may be one answer ahead if a save failed),
        #: and how many of each status.
        self.saved_answers = 0
        self.saved_counts: dict[AnswerStatus, int] = {}

    @property
    def path(self) -> Path | None:
        return self.target.path

    def counts_line(self, lang: Lang, total: int) -> str:
        """What the file on disk holds, in the words every report uses."""
        counts = self.saved_counts
        return count_line(
            lang,
            answered=counts.get(AnswerStatus.answered, 0),
            unknown=counts.get(AnswerStatus.unknown, 0),
            na=counts.get(AnswerStatus.not_applicable, 0),
            skipped=counts.get(AnswerStatus.unanswered, 0),
            total=total,
        )

    def keep(self, text: str) -> None:
        """Write the answers into ``text`` (the continued file's), keeping its comments and key
        order; a text that cannot be kept that way (aliases) is written afresh."""
        from crm_risk.answer_rewrite import Rewriter

        rewriter = Rewriter(text, as_json=self._as_json(self.target.path))
        self.rewriter = rewriter if rewriter.usable else None

    def adopt(self, state: State) -> None:
        """A resumed file already holds this state: it is rewritten at the first change only,
        so a file merely looked at stays byte for byte as it was."""
        self.saved_doc = self._document(state)
        self.saved_answers = state.answered_count()
        self.saved_counts = state.counts()

    @staticmethod
    def _as_json(path: Path | None) -> bool:
        return path is not None and path.suffix.lower() == ".json"

    def _document(self, state: State) -> dict[str, object]:
        return document(state, self.target.bank_refs)

    def text(self, state: State, doc: dict[str, object] | None = None) -> str:
        """The file's text for ``state`` (or for its ``doc``, already made)."""
        assert self.target.path is not None
        doc = doc if doc is not None else self._document(state)
        if self.rewriter is not None:
            return self.rewriter.text(doc)
        return dump(doc, as_json=self._as_json(self.target.path), header=self.header)

    def save(self, state: State) -> bool:
        """Write the file if the state changed it; True when this was the first write."""
        if self.target.path is None:
            assert state.project is not None and state.name is not None
            name = Path(default_name(state.project, state.name, state.date))
            self.target = self.target.choose(name, self.options)
        doc = self._document(state)
        if doc == self.saved_doc:
            return False
        first = self.saved_doc is None
        assert self.target.path is not None
        text = self.text(state, doc)
        write_atomic(self.target.path, text, overwrite=self.target.overwrite or not first)
        self.saved_doc = doc
        self.saved_answers = state.answered_count()
        self.saved_counts = state.counts()
        return first
