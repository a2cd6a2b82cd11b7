"""Saving a room after every answer: one answer file per person, in the room's folder.

Every file is written atomically (:func:`crm_risk.fileio.write_atomic`: temporary file, fsync,
rename), so each file on disk is always a whole, valid answer file. An answer changes one
person's file only, so after the first save every save is that one file's atomic write.

The first save writes every person's file at once. A new (or empty) folder is made whole in a
hidden sibling folder and renamed into place, so it appears with every file or not at all: a
crash half-way leaves no room with people missing (the files are the room; ``--resume DIR`` reads
its people from them). With ``--force`` into a folder that already holds files, the files are
written one by one; a crash between two leaves each file whole and valid (old or new), and the
room can be started again with ``--force``.
"""

from __future__ import annotations

from pathlib import Path

from crm_risk.answerfile import ROOM_HEADER, bank_reference, room_file, room_folder
from crm_risk.assess_setup import Options, Target, refuse_report_over
from crm_risk.autosave import Autosave
from crm_risk.banks import looks_like_path
from crm_risk.errors import UsageError
from crm_risk.fileio import write_atomic, write_folder
from crm_risk.msg import _
from crm_risk.room import Room
from crm_risk.room_setup import PreparedRoom, check_folder, room_files


class RoomSave:
    """The room's folder and one :class:`~crm_risk.autosave.Autosave` per person."""

    def __init__(self, options: Options, bank_names: tuple[str, ...]) -> None:
        self.options = options
        self.folder: Path | None = options.out_dir
        self.bank_names = bank_names
        self.files: list[Autosave] = []

    @classmethod
    def resumed(cls, options: Options, prepared: PreparedRoom) -> RoomSave:
        """The files of a room continued in its folder: each rewritten from its own text (its
        comments and key order kept), and only once its answers change."""
        save = cls(options, ())
        save.folder = prepared.folder
        for path, text, refs, state in zip(
            prepared.files, prepared.texts, prepared.refs, prepared.first.room.people, strict=True
        ):
            autosave = Autosave(Target(path, refs, tuple(False for _ref in refs), True), options)
            autosave.keep(text)
            autosave.adopt(state)
            save.files.append(autosave)
        return save

    @property
    def created(self) -> bool:
        return bool(self.files)

    def save(self, room: Room) -> bool:
        """Write what changed; True when this created the room's files."""
        if not self.created:
            self._create(room)
            return True
        for autosave, person in zip(self.files, room.people, strict=True):
            autosave.save(person)  # writes only the file whose answers changed
        return False

    def _create(self, room: Room) -> None:
        first = room.people[0]
        assert first.project is not None
        folder = self.folder or Path(room_folder(first.project, first.date))
        check_folder(folder, self.options)
        count = len(room.people)
        names = [
            room_file(i, count, p.name or "", p.role or "") for i, p in enumerate(room.people, 1)
        ]
        others = [p for p in room_files(folder) if p.name not in names] if folder.is_dir() else []
        if others:
            raise UsageError(
                _(
                    "{file} would join this room's group; move it away or choose another --out-dir",
                    file=others[0],
                )
            )
        for name in names:
            refuse_report_over(self.options, folder / name)
        files = []
        for name, person in zip(names, room.people, strict=True):
            refs = tuple(
                bank_reference(ref, looks_like_path(ref), folder / name) for ref in self.bank_names
            )
            target = Target(folder / name, refs, tuple(False for _ref in refs), overwrite=True)
            autosave = Autosave(target, self.options, header=ROOM_HEADER)
            files.append((autosave, autosave.text(person)))
        if folder.is_dir() and any(folder.iterdir()):
            for autosave, text in files:
                assert autosave.path is not None
                write_atomic(autosave.path, text, overwrite=True)
        else:
            write_folder(folder, [(a.path.name, text) for a, text in files if a.path])
        for (autosave, _text), person in zip(files, room.people, strict=True):
            autosave.adopt(person)
        self.folder = folder
        self.files = [autosave for autosave, _text in files]
