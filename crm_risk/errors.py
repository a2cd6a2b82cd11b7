"""The one root exception and the few subclasses that carry what a user needs to fix input.

Exceptions never print; the CLI's single handler decides what reaches the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from crm_risk.msg import Msg, Text


class ExitCode(IntEnum):
    """Every exit code crmrisk gives (the README's table is kept equal to this by a test)."""

    OK = 0
    THRESHOLD = 1
    BAD_INPUT = 2
    HANGUP = 129
    INTERRUPTED = 130
    BROKEN_PIPE = 141
    TERMINATED = 143


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one input, located as precisely as we can."""

    file: str
    #: What is wrong, put into the user's language as it is printed (``str``: English).
    message: Text
    line: int | None = None
    column: int | None = None
    #: What a library said, in its own words: shown only with ``--debug``.
    detail: str | None = None

    def __str__(self) -> str:
        return self.said(str(self.message))

    @property
    def where(self) -> str:
        """``FILE``, or ``FILE:LINE:COLUMN``: the same in every language."""
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}:{self.column or 1}"

    def said(self, message: str) -> str:
        """The problem's line with its message as put into words (in any language)."""
        if len(message) > MAX_MESSAGE_CHARS:
            message = message[: MAX_MESSAGE_CHARS - 1] + "…"
        return f"{self.where}: {message}"


#: One problem's message is cut here: a 300 KB key quoted in a message must not flood the screen.
MAX_MESSAGE_CHARS = 1000


class CrmRiskError(Exception):
    """Root of every error crmrisk expects; anything else is a bug."""

    exit_code: int = ExitCode.BAD_INPUT

    @property
    def message(self) -> Text:
        """What the error says, as made (a :class:`~crm_risk.msg.Msg`, or text); ``str(error)``
        is its English."""
        first = self.args[0] if self.args else ""
        return first if isinstance(first, Msg | str) else str(first)

    def lines(self) -> list[str]:
        """The message lines the handler prints after ``crmrisk: error: `` (in English)."""
        return [str(self)]


class InputError(CrmRiskError):
    """One or more problems in input files (banks, answer files)."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("InputError needs at least one problem")
        self.problems = list(problems)
        super().__init__(str(self.problems[0]))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]

    @classmethod
    def single(
        cls, file: str, message: Text, line: int | None = None, column: int | None = None
    ) -> InputError:
        return cls([Problem(file, message, line, column)])


class NotAnswersError(InputError):
    """A bank file where an answer file was expected (a search of a folder passes over it)."""


class UsageError(CrmRiskError):
    """The command line asks for something that cannot be done (no file location applies)."""


class OutputError(CrmRiskError):
    """A report or answer file could not be written; the old file, if any, is intact."""
