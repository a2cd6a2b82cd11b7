"""The loop of a room: each person answers each question in turn; one file each, saved at once.

The same reading, signals and ways out as a session of one (:class:`crm_risk.assess_run.Loop`):
``q``, end of input, Ctrl-C, SIGTERM, SIGHUP and even SIGKILL leave every file whole and valid
(:mod:`crm_risk.room_save`), and every way out but the last prints the one command that
continues the whole room: ``crmrisk assess --resume DIR``. At the end: the group report (the
one ``crmrisk score --group DIR`` gives), the ``--report`` file, and the group's headline last.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace

from crm_risk import assess, room
from crm_risk.assess_run import Loop
from crm_risk.banks import bank_names
from crm_risk.i18n import role_label, ui
from crm_risk.i18n.say import localize
from crm_risk.msg import _
from crm_risk.render import question_panel, room_panel
from crm_risk.render.registry import RenderOptions, render
from crm_risk.room_save import RoomSave
from crm_risk.room_setup import PreparedRoom
from crm_risk.text import clean, shorten

#: How much of a name the prompt shows.
NAME_MAX = 40


class RoomSession(Loop):
    """A room: its state, its files, and what it prints."""

    def __init__(self, parent: Loop, save: RoomSave, first: room.RoomStep) -> None:
        super().__init__(parent.options, parent.out, parent.err, parent.read_line, parent.echo)
        self.save = save
        self.room = first.room
        # A new room's folder is made (or refused) before anything is shown.
        save.save(self.room)
        self.out.print(room_panel.render_people(self.room, self.lang))
        self._say_saving()
        self._after(first)

    @classmethod
    def from_setup(cls, parent: Loop, state: assess.State) -> RoomSession:
        """The room a finished setup names (a new folder, written at once)."""
        save = RoomSave(parent.options, tuple(bank_names(parent.options.banks)))
        return cls(parent, save, room.begin(room.people_of(state)))

    @classmethod
    def resumed(cls, parent: Loop, prepared: PreparedRoom) -> RoomSession:
        """A room continued from its folder."""
        return cls(parent, RoomSave.resumed(parent.options, prepared), prepared.first)

    def finished(self) -> bool:
        return self.room.finished

    def complete(self) -> bool:
        return self.room.stage == "done"

    def prompt(self) -> str:
        return f"{shorten(clean(self.who(self.room.turn), keep_newlines=False), NAME_MAX)} › "

    def who(self, member: int) -> str:
        person = self.room.people[member]
        return ui(
            "room_who", self.lang, name=person.name, role=role_label(person.role or "", self.lang)
        )

    def feed(self, line: str) -> None:
        self._after(room.step(self.room, line))

    def _after(self, result: room.RoomStep) -> None:
        self.room = result.room
        self.save.save(self.room)
        for output in result.outputs:
            self._show(output)

    def _say_saving(self) -> None:
        assert self.save.folder is not None
        self._say(ui("room_saving_to", self.lang, folder=self.save.folder))

    def _show(self, output: room.RoomOutput) -> None:
        person = self.room.person
        if output == "panel":
            if self.room.stage == "question":
                self.out.print(room_panel.render_question(self.room, self.lang))
            else:
                self.out.print(question_panel.render(person, self.lang))
        elif output == "turn":
            shown = room_panel.render_turn(self.room, self.lang, self.who(self.room.turn))
            if shown is not None:
                self.out.print(shown)
        elif isinstance(output, room.Gap):
            self.out.print(room_panel.render_gap(output, self.lang, self.who))
        else:
            self._show_step_output(output, person)

    def finish(self) -> None:
        """The group report, the report file if asked for, then the group's headline."""
        from crm_risk.group import score_group
        from crm_risk.views.group import group_view

        group = score_group(
            [
                assess.assessment_of(person, str(autosave.path))
                for autosave, person in zip(self.save.files, self.room.people, strict=True)
            ]
        )
        shown = group_view(group, self.lang, names=True)
        self.out.print(render("table", shown, RenderOptions()))
        if self.options.report is not None:
            # The report to send names roles only, as `crmrisk report --group` does.
            self.write_report(lambda fmt: render(fmt, replace(shown, names=False)))
        self.out.print(room_panel.render_headline(shown))
        self.farewell(interrupted=False, finished=True)

    def farewell(self, *, interrupted: bool, finished: bool = False) -> None:
        """Where every file is, how far each got, and the one command that continues the room."""
        with contextlib.suppress(OSError):  # a closed terminal cannot be written to
            if interrupted:
                self.err.print()
            if not self.save.created:
                if interrupted:
                    self._say("crmrisk: " + localize(_("interrupted"), self.lang))
                return
            self._say(ui("room_saved", self.lang, folder=self.save.folder))
            total = len(self.room.items)
            open_places = 0
            for autosave in self.save.files:
                open_places += total - autosave.saved_answers
                line = autosave.counts_line(self.lang, total)
                name = autosave.path.name if autosave.path else "?"
                self._say(ui("room_saved_file", self.lang, file=name, counts=line))
            if finished and open_places == 0:
                return
            self._say(ui("assess_resume", self.lang, command=self.resume_command()))

    def resume_command(self) -> str:
        assert self.save.folder is not None
        return self.resume_command_for(self.save.folder)
