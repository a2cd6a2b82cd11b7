"""The loop of ``assess``: read a line, step the state machine, save, show; stop cleanly.

Reads one line per answer, from a terminal (with line editing) or from a pipe (so a session can
be scripted; the same keys apply). After every step that changes the answers the answer file is
saved (:mod:`crm_risk.autosave`), so ``q``, end of input, Ctrl-C, a closed terminal (SIGHUP),
SIGTERM or even SIGKILL leave a valid file holding every answer given. Each way out but the last
prints the exact command that continues the session. Options are checked before the first
question (:mod:`crm_risk.assess_setup`).
"""

from __future__ import annotations

import contextlib
import shlex
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from rich.console import Console
from rich.text import Text

from crm_risk import assess
from crm_risk.assess_setup import Options, prepare
from crm_risk.autosave import Autosave
from crm_risk.errors import CrmRiskError, UsageError
from crm_risk.fileio import write_atomic
from crm_risk.i18n import ui
from crm_risk.i18n.say import localize
from crm_risk.msg import _
from crm_risk.render import question_panel
from crm_risk.render.registry import render, report_format
from crm_risk.text import clean, shorten
from crm_risk.views.report import report_view

__all__ = ["Options", "run"]

PROMPT = "› "
#: How much of a piped line is echoed: enough for any answer or note worth reading back.
ECHO_MAX = 1000
#: Signals that end a session as Ctrl-C does: a closed terminal and a polite kill.
_STOP_SIGNALS = (
    signal.SIGINT,
    signal.SIGTERM,
    *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else []),
)


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


class Loop:
    """Reading lines until a session ends, and how it ends: the part of a session of one and of
    a room that is the same. A subclass feeds each line to its state machine."""

    def __init__(
        self, options: Options, out: Console, err: Console, read_line: LineReader, echo: bool
    ) -> None:
        self.options = options
        self.lang = options.lang
        self.out = out
        self.err = err
        self.read_line = read_line
        self.echo = echo
        #: Where the session goes on (a setup that ended in a room goes on as a room).
        self.successor: Loop | None = None

    # What a subclass provides.
    def finished(self) -> bool:
        raise NotImplementedError

    def complete(self) -> bool:
        """Every question was reached: the end shows the report."""
        raise NotImplementedError

    def prompt(self) -> str:
        return PROMPT

    def feed(self, line: str) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        raise NotImplementedError

    def farewell(self, *, interrupted: bool, finished: bool = False) -> None:
        raise NotImplementedError

    def drive(self, guard: _SignalGuard) -> int:
        """Read and feed lines to the end; returns the exit code."""
        try:
            while self.successor is None and not self.finished():
                try:
                    line = self._read(guard)
                except EOFError:
                    break
                self.feed(line)
        except Stopped as stop:
            self.farewell(interrupted=True)
            return 128 + stop.signum
        except UnicodeDecodeError:
            self.farewell(interrupted=False)
            raise UsageError(_("standard input is not UTF-8 text")) from None
        except CrmRiskError:
            # A save that failed (a full disk, say) left the last good file: say where it is.
            self.farewell(interrupted=False)
            raise
        if self.successor is not None:
            return self.successor.drive(guard)
        if self.complete():
            self.finish()
        else:
            self.farewell(interrupted=False)
        return 0

    def _read(self, guard: _SignalGuard) -> str:
        prompt = self.prompt()
        with guard.wait():
            line = self.read_line(prompt).removesuffix("\n").removesuffix("\r")
        if self.echo:
            # Piped input is not shown by a terminal; echo it so the transcript reads well.
            shown = shorten(clean(line, keep_newlines=False), ECHO_MAX)
            self.out.print(Text(prompt + shown, style="dim"))
        return line

    def resume_command_for(self, path: Path) -> str:
        """The one command that continues this session (its file, or a room's folder)."""
        words = ["crmrisk", "assess", "--resume", str(path.absolute())]
        if self.options.lang_given:
            words += ["--lang", self.lang.value]
        if self.options.report is not None:
            words += ["--report", str(self.options.report.absolute())]
        return shlex.join(words)

    def write_report(self, rendered: Any) -> None:
        """``--report``: the report as the end of the session shows it, in its file's format."""
        report = self.options.report
        assert report is not None
        write_atomic(report, rendered(report_format(report)), overwrite=True)
        self._say(ui("assess_report_written", self.lang, file=report))

    def _say(self, line: str) -> None:
        """A line on standard error; a file name's control characters are made visible."""
        self.err.print(clean(line, keep_newlines=False), markup=False, soft_wrap=True)

    def _show_step_output(self, output: object, state: assess.State) -> bool:
        """Show an output a session of one and a room share; False if it is not one of them."""
        if output == "help":
            self.out.print(question_panel.render_help(state.question, self.lang))
        elif isinstance(output, assess.Recorded):
            self.out.print(question_panel.render_recorded(output, self.lang))
        elif isinstance(output, assess.Chosen):
            self.out.print(question_panel.render_chosen(output, self.lang))
        elif isinstance(output, assess.Message):
            self.out.print(question_panel.render_message(output, self.lang))
        else:
            return False
        return True


class Session(Loop):
    """One run of ``assess``: its state, its autosave, and what it prints."""

    def __init__(
        self, options: Options, out: Console, err: Console, read_line: LineReader, echo: bool
    ) -> None:
        super().__init__(options, out, err, read_line, echo)
        self.save: Autosave | None = None
        self.state: assess.State | None = None

    def run(self, guard: _SignalGuard) -> int:
        """Drive the session to its end; returns the exit code."""
        prepared = prepare(self.options)
        if prepared.room is not None:
            from crm_risk.room_run import RoomSession

            self.successor = RoomSession.resumed(self, prepared.room)
            return self.successor.drive(guard)
        self.save = Autosave(prepared.target, self.options)
        if prepared.text is not None:
            self.save.keep(prepared.text)
        if prepared.resumed_in_place and prepared.first.state.ready:
            self.save.adopt(prepared.first.state)
            self._say_saving()
        self._after(prepared.first)
        return self.drive(guard)

    def finished(self) -> bool:
        return self.state is None or self.state.finished

    def complete(self) -> bool:
        return self.state is not None and self.state.stage == "done"

    def feed(self, line: str) -> None:
        assert self.state is not None
        self._after(assess.step(self.state, line))

    def _after(self, result: assess.Step) -> None:
        self.state = result.state
        assert self.save is not None
        if self.state.ready and self.state.is_room:
            # Setup named a room: it goes on as one, and shows its own first question.
            from crm_risk.room_run import RoomSession

            for output in result.outputs:
                if output != "panel":
                    self._show(output)
            self.successor = RoomSession.from_setup(self, self.state)
            return
        # Saved before anything is shown; where, said once, above the first question.
        first = self.state.ready and self.save.save(self.state)
        for output in result.outputs:
            if output == "panel" and first:
                self._say_saving()
                first = False
            self._show(output)
        if first:
            self._say_saving()

    def _say_saving(self) -> None:
        assert self.save is not None
        self._say(ui("assess_saving_to", self.lang, file=self.save.path))

    def _show(self, output: assess.Output) -> None:
        assert self.state is not None
        if output == "panel":
            self.out.print(question_panel.render(self.state, self.lang))
        else:
            self._show_step_output(output, self.state)

    def finish(self) -> None:
        assert self.state is not None
        self._finish(self.state)

    def _finish(self, state: assess.State) -> None:
        """The full report, the report file if asked for, then the headline, last on screen."""
        from crm_risk.render.terminal import render_headline

        assert self.save is not None and self.save.path is not None
        view = report_view(assess.assessment_of(state, str(self.save.path)), self.lang)
        self.out.print(render("table", view))
        if self.options.report is not None:
            self.write_report(lambda fmt: render(fmt, view))
        self.out.print(render_headline(view))
        self.farewell(interrupted=False, finished=True)

    def farewell(self, *, interrupted: bool, finished: bool = False) -> None:
        """Where the answers are and how to continue; quiet if nothing was saved yet."""
        state = self.state
        save = self.save
        with contextlib.suppress(OSError):  # a closed terminal cannot be written to
            if interrupted:
                self.err.print()
            if state is None or save is None or save.path is None or save.saved_doc is None:
                if interrupted:
                    self._say("crmrisk: " + localize(_("interrupted"), self.lang))
                return
            total = len(state.items)
            answered = save.saved_answers
            line = save.counts_line(self.lang, total)
            self._say(ui("assess_saved", self.lang, file=save.path, counts=line))
            if finished and answered == total:
                return
            if finished:
                left = ui("assess_unanswered_left", self.lang, n=total - answered, total=total)
                self._say(left)
            self._say(ui("assess_resume", self.lang, command=self.resume_command()))

    def resume_command(self) -> str:
        assert self.save is not None and self.save.path is not None
        return self.resume_command_for(self.save.path)


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
