"""The shell around the ``assess`` state machine: read lines, show panels, save after every answer.

Reads one line per answer, from a terminal (with line editing) or from a pipe (so a session can
be scripted; the same keys apply). After every step that changes the answers, the answer file is
written atomically (:func:`crm_risk.fileio.write_atomic`), so ``q``, end of input, Ctrl-C, a
closed terminal (SIGHUP), SIGTERM or even SIGKILL leave a valid file holding every answer given.
Each way out but the last prints the exact command that continues the session.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shlex
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from rich.console import Console
from rich.text import Text

from crm_risk import assess
from crm_risk.answerfile import bank_reference, default_name, document, dump
from crm_risk.answers import Answer, AnswerFile
from crm_risk.bank import Bank
from crm_risk.errors import CrmRiskError, UsageError
from crm_risk.fileio import same_file, write_atomic
from crm_risk.i18n import ROLES, Lang, ui
from crm_risk.loading import load_answers_file, looks_like_path, resolve_bank
from crm_risk.render import markdown, question_panel, terminal
from crm_risk.scoring import score
from crm_risk.text import clean, shorten

PROMPT = "› "
#: How much of a piped line is echoed: enough for any answer or note worth reading back.
ECHO_MAX = 1000
DEFAULT_BANK = "seven-questions"
#: Signals that end a session as Ctrl-C does: a closed terminal and a polite kill.
_STOP_SIGNALS = (
    signal.SIGINT,
    signal.SIGTERM,
    *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else []),
)


@dataclass(frozen=True)
class Options:
    """What the command line asked for (paths as given, not yet checked)."""

    today: dt.date
    lang: Lang
    lang_given: bool = False
    bank: str | None = None
    out: Path | None = None
    resume: Path | None = None
    project: str | None = None
    respondent: str | None = None
    role: str | None = None
    context: tuple[str, ...] = ()
    report: Path | None = None
    force: bool = False


class Stopped(Exception):
    """A signal ended the session; ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _SignalGuard:
    """Turns stop signals into :class:`Stopped`, but only while waiting for input.

    A signal that arrives while an answer is being saved or a panel drawn is held until the save
    is done, so the answer just given is never lost to an interrupted write.
    """

    def __init__(self) -> None:
        self.waiting = False
        self.pending: int | None = None
        self._previous: dict[int, Any] = {}

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.waiting:
            self.waiting = False
            raise Stopped(signum)
        self.pending = signum

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        try:
            for stop in _STOP_SIGNALS:
                self._previous[stop] = signal.signal(stop, self._handle)
        except ValueError:  # not the main thread: leave signals alone
            pass
        try:
            yield
        finally:
            for signum, previous in self._previous.items():
                signal.signal(signum, previous)

    @contextlib.contextmanager
    def wait(self) -> Iterator[None]:
        if self.pending is not None:
            raise Stopped(self.pending)
        self.waiting = True
        try:
            yield
        finally:
            self.waiting = False


LineReader = Callable[[str], str]


def terminal_reader(prompt: str) -> str:
    """A line from a terminal, with line editing (readline) where Python has it."""
    return input(prompt)


class Session:
    """One run of ``assess``: its state, where it saves, and what it prints."""

    def __init__(
        self, options: Options, out: Console, err: Console, read_line: LineReader, echo: bool
    ) -> None:
        self.options = options
        self.lang = options.lang
        self.out = out
        self.err = err
        self.read_line = read_line
        self.echo = echo
        self.path: Path | None = None
        self.bank_ref = ""
        self.bank_is_path = False
        self.overwrite = options.force
        self.saved_text: str | None = None
        #: Answers in the file on disk (the state may be one answer ahead if a save failed).
        self.saved_answers = 0
        self.state: assess.State | None = None

    # -- starting ---------------------------------------------------------------------------

    def begin(self) -> assess.Step:
        options = self.options
        if options.report is not None and not (options.force or options.resume):
            _refuse_existing(
                options.report, ui("assess_report_exists", self.lang, file=options.report)
            )
        if options.resume is not None:
            return self._begin_resume(options.resume)
        name = options.bank or DEFAULT_BANK
        bank = resolve_bank(name).model
        self.bank_ref, self.bank_is_path = name, looks_like_path(name)
        context = self._context_options(bank)
        role = self._role_option()
        if options.out is not None:
            self._choose_path(options.out)
        return assess.start(
            bank,
            date=options.today,
            project=self._text_option("project", assess.MAX_PROJECT),
            name=self._text_option("respondent", assess.MAX_NAME),
            role=role,
            context=context,
        )

    def _begin_resume(self, resume: Path) -> assess.Step:
        options = self.options
        loaded = load_answers_file(resume, bank=options.bank)
        answers = loaded.answers
        bank = loaded.bank
        self._check_same(resume, answers, bank)
        self.overwrite = True
        self.bank_ref = answers.bank
        in_place = options.out is None or options.out.resolve() == resume.resolve()
        if not in_place:
            # Continuing into another file: that file must be new (or --force), and a bank
            # given by path must still be found from the new file's folder.
            self.overwrite = options.force
            if looks_like_path(answers.bank):
                self.bank_ref = str(resume.parent / answers.bank)
                self.bank_is_path = True
        self._choose_path(resume if in_place or options.out is None else options.out)
        respondent = answers.respondent
        kept: dict[str, Answer] = {k: v for k, v in answers.answers.items() if v is not None}
        first = assess.start(
            bank,
            date=answers.date or options.today,
            project=answers.project,
            name=respondent.name
            if respondent
            else self._text_option("respondent", assess.MAX_NAME),
            role=respondent.role if respondent else self._role_option(),
            context={**self._context_options(bank), **answers.context},
            answers=kept,
            ask_context=False,
        )
        if in_place and first.state.ready:
            # The file already holds this session: it is rewritten at the first change only,
            # so a resumed file that is merely looked at stays byte for byte as it was.
            self.saved_text = self._dump(first.state)
            self.saved_answers = first.state.answered_count()
            self._say_saving()
        return first

    def _check_same(self, resume: Path, answers: AnswerFile, bank: Bank) -> None:
        options = self.options
        respondent = answers.respondent
        found = {
            "project": answers.project,
            "respondent": respondent.name if respondent else None,
            "role": respondent.role if respondent else None,
        }
        for option, given in (
            ("project", _given(options.project)),
            ("respondent", _given(options.respondent)),
            ("role", options.role),
        ):
            if given is not None and found[option] is not None and given != found[option]:
                raise UsageError(
                    ui(
                        "assess_resume_conflict",
                        self.lang,
                        option=option,
                        given=given,
                        file=resume,
                        found=found[option],
                    )
                )
        for field_id, option_id in self._context_options(bank).items():
            if answers.context.get(field_id, option_id) != option_id:
                raise UsageError(
                    ui(
                        "assess_resume_conflict",
                        self.lang,
                        option="context",
                        given=f"{field_id}={option_id}",
                        file=resume,
                        found=f"{field_id}={answers.context[field_id]}",
                    )
                )

    def _text_option(self, option: str, limit: int) -> str | None:
        """``--project`` or ``--respondent``, held to the limit typed text has."""
        value = _given(getattr(self.options, option))
        if value is not None and len(value) > limit:
            message = ui(
                "assess_option_too_long", self.lang, option=option, max=limit, n=len(value)
            )
            raise UsageError(message)
        return value

    def _role_option(self) -> str | None:
        role = self.options.role
        if role is not None and role not in ROLES:
            raise UsageError(ui("assess_bad_role", self.lang, given=role, roles=", ".join(ROLES)))
        return role

    def _context_options(self, bank: Bank) -> dict[str, str]:
        context: dict[str, str] = {}
        for item in self.options.context:
            field_id, sep, option_id = item.partition("=")
            field = bank.context_field(field_id.strip())
            problem = None
            if not sep:
                problem = "write FIELD=OPTION, e.g. crm_kind=after-sales-service"
            elif field is None:
                known = ", ".join(c.id for c in bank.context) or "none"
                problem = f"unknown field {field_id.strip()!r} in bank {bank.id}; fields: {known}"
            elif field.option(option_id.strip()) is None:
                valid = ", ".join(o.id for o in field.options)
                problem = f"unknown {field.id} {option_id.strip()!r}; valid: {valid}"
            if problem or field is None:
                raise UsageError(
                    ui("assess_bad_context", self.lang, given=item, problem=problem or "")
                )
            context[field.id] = option_id.strip()
        return context

    def _choose_path(self, path: Path) -> None:
        folder = path.parent if str(path.parent) else Path()
        if not folder.is_dir():
            # Said before the meeting starts, not after the first answer.
            raise UsageError(f"{folder}: no such directory for the answer file {path.name}")
        report = self.options.report
        if report is not None and same_file(report, path):
            # The report, written at the end, would replace every answer given.
            raise UsageError(ui("assess_report_is_answers", self.lang, file=report))
        if not self.overwrite:
            _refuse_existing(path, ui("assess_out_exists", self.lang, file=_quote(path)))
        self.path = path
        if self.bank_is_path:
            self.bank_ref = bank_reference(self.bank_ref, True, path)
            self.bank_is_path = False

    # -- the loop ---------------------------------------------------------------------------

    def run(self, guard: _SignalGuard) -> int:
        """Drive the session to its end; returns the exit code."""
        first = self.begin()
        self._after(first)
        try:
            while self.state is not None and not self.state.finished:
                try:
                    line = self._read(guard)
                except EOFError:
                    break
                self._after(assess.step(self.state, line))
        except Stopped as stop:
            self._farewell(interrupted=True)
            return 128 + stop.signum
        except UnicodeDecodeError:
            self._farewell(interrupted=False)
            raise UsageError(ui("assess_not_utf8", self.lang)) from None
        except CrmRiskError:
            # A save that failed (a full disk, say) left the last good file: say where it is.
            self._farewell(interrupted=False)
            raise
        state = self.state
        assert state is not None
        if state.stage == "done":
            self._finish(state)
        else:
            self._farewell(interrupted=False)
        return 0

    def _read(self, guard: _SignalGuard) -> str:
        with guard.wait():
            line = self.read_line(PROMPT).removesuffix("\n").removesuffix("\r")
        if self.echo:
            # Piped input is not shown by a terminal; echo it so the transcript reads well.
            shown = shorten(clean(line, keep_newlines=False), ECHO_MAX)
            self.out.print(Text(PROMPT + shown, style="dim"))
        return line

    def _after(self, result: assess.Step) -> None:
        self.state = result.state
        if self.state.ready:
            if self.path is None:
                assert self.state.project is not None and self.state.name is not None
                self._choose_path(
                    Path(default_name(self.state.project, self.state.name, self.state.date))
                )
            self._save()
        for output in result.outputs:
            self._show(output)

    def _save(self) -> None:
        assert self.state is not None and self.path is not None
        text = self._dump(self.state)
        if text == self.saved_text:
            return
        first = self.saved_text is None
        write_atomic(self.path, text, overwrite=self.overwrite or not first)
        self.saved_text = text
        self.saved_answers = self.state.answered_count()
        if first:
            self._say_saving()

    def _dump(self, state: assess.State) -> str:
        assert self.path is not None
        return dump(document(state, self.bank_ref), as_json=self.path.suffix.lower() == ".json")

    def _say_saving(self) -> None:
        self._say(ui("assess_saving_to", self.lang, file=self.path))

    def _say(self, line: str) -> None:
        """A line on standard error; a file name's control characters are made visible."""
        self.err.print(clean(line, keep_newlines=False), markup=False, soft_wrap=True)

    def _show(self, output: assess.Output) -> None:
        assert self.state is not None
        if output == "panel":
            self.out.print(question_panel.render(self.state, self.lang))
        elif output == "help":
            self.out.print(question_panel.render_help(self.state.question, self.lang))
        else:
            self.out.print(question_panel.render_message(output, self.lang))

    # -- the end ----------------------------------------------------------------------------

    def _finish(self, state: assess.State) -> None:
        answers = AnswerFile.model_validate(document(state, self.bank_ref))
        result = score(state.bank, answers, file=str(self.path))
        self.out.print(terminal.render(result, self.lang))
        report = self.options.report
        if report is not None:
            write_atomic(report, markdown.render(result, self.lang), overwrite=True)
            self._say(ui("assess_report_written", self.lang, file=report))
        self._farewell(interrupted=False, finished=True)

    def _farewell(self, *, interrupted: bool, finished: bool = False) -> None:
        """Where the answers are and how to continue; quiet if nothing was saved yet."""
        state = self.state
        with contextlib.suppress(OSError):  # a closed terminal cannot be written to
            if interrupted:
                self.err.print()
            if state is None or self.path is None or self.saved_text is None:
                if interrupted:
                    self._say("crmrisk: interrupted")
                return
            total = len(state.bank.questions)
            answered = self.saved_answers
            self._say(ui("assess_saved", self.lang, n=answered, total=total, file=self.path))
            if finished and answered == total:
                return
            if finished:
                left = ui("assess_unanswered_left", self.lang, n=total - answered, total=total)
                self._say(left)
            self._say(ui("assess_resume", self.lang, command=self.resume_command()))

    def resume_command(self) -> str:
        assert self.path is not None
        words = ["crmrisk", "assess", "--resume", str(self.path.absolute())]
        if self.options.lang_given:
            words += ["--lang", self.lang.value]
        if self.options.report is not None:
            words += ["--report", str(self.options.report.absolute())]
        return shlex.join(words)


def _given(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def _quote(path: Path) -> str:
    return shlex.quote(str(path))


def _refuse_existing(path: Path, message: str) -> None:
    if path.exists() or path.is_symlink():
        raise UsageError(message)


def run(
    options: Options,
    *,
    out: Console,
    err: Console,
    read_line: LineReader | None = None,
    interactive: bool | None = None,
) -> int:
    """Run one ``assess`` session; returns the exit code (0, or 128 + signal number)."""
    if interactive is None:
        interactive = sys.stdin.isatty()
    if read_line is None:
        if interactive:
            with contextlib.suppress(ImportError):
                import readline  # noqa: F401 - line editing for input()
            read_line = terminal_reader
        else:
            read_line = _pipe_reader
    session = Session(options, out, err, read_line, echo=not interactive)
    guard = _SignalGuard()
    with guard.installed():
        return session.run(guard)


def _pipe_reader(prompt: str) -> str:
    # The prompt is not written: the session echoes prompt and line together (see _read).
    # Lines are decoded one by one, so the answers before a badly encoded line still count.
    stream = getattr(sys.stdin, "buffer", None)
    line = sys.stdin.readline() if stream is None else stream.readline().decode("utf-8")
    if not line:
        raise EOFError
    return line
