"""Faults injected at each step of a save, deterministically: nothing is ever lost or half-written.

Every file crmrisk writes goes through :func:`crm_risk.fileio.write_atomic`: write a temporary file,
fsync, set its mode, rename it over the old one. Here each of those steps fails (an error) or
kills the process (``os._exit``, as SIGKILL would: no cleanup runs) in turn, in a forked child, and
the file on disk is checked: the old one exactly, or the new one exactly, never anything between.
Then the same for a live ``assess`` session killed during its k-th save.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from crm_risk import fileio
from crm_risk.cli import app
from crm_risk.errors import OutputError

OLD, NEW = "old content\n" * 1000, "new content\n" * 1000
KILLED = 137
STEPS = ("write", "fsync", "chmod", "rename", "directory")


def _in_child(action: Callable[[], None]) -> int:
    """Run ``action`` in a forked child; its exit status."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 0
        try:
            action()
        except BaseException:
            code = 1
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _fault_at(step: str, fault: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``fault`` happen at ``step`` of write_atomic (half the data written, for "write")."""
    real_write, real_fsync, real_replace = os.write, os.fsync, os.replace
    if step == "write":

        def half_write(fd: int, data: Any) -> int:
            real_write(fd, bytes(data[: len(data) // 2]))
            fault()
            return 0

        monkeypatch.setattr(os, "write", half_write)
    elif step == "fsync":
        monkeypatch.setattr(os, "fsync", lambda fd: fault())
    elif step == "chmod":
        monkeypatch.setattr(os, "chmod", lambda *a, **k: fault())
    elif step == "rename":
        monkeypatch.setattr(os, "replace", lambda *a, **k: fault())
    else:  # after the rename, before the directory is synced

        def replace_then_fault(src: Any, dst: Any) -> None:
            real_replace(src, dst)
            monkeypatch.setattr(os, "fsync", lambda fd: fault())

        monkeypatch.setattr(os, "replace", replace_then_fault)
        del real_fsync


def _die() -> None:
    os._exit(KILLED)


def _fail() -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("step", STEPS)
def test_a_kill_at_any_step_leaves_the_old_file_or_the_new_one(
    tmp_path: Path, step: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text(OLD)

    def save() -> None:
        _fault_at(step, _die, monkeypatch)
        fileio.write_atomic(target, NEW, overwrite=True)

    assert _in_child(save) == KILLED
    assert target.read_text() == (NEW if step == "directory" else OLD)


@pytest.mark.parametrize("step", STEPS[:4])
def test_a_failure_at_any_step_keeps_the_old_file_and_leaves_nothing_behind(
    tmp_path: Path, step: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text(OLD)
    _fault_at(step, _fail, monkeypatch)
    with pytest.raises(OutputError, match="the old file is intact"):
        fileio.write_atomic(target, NEW, overwrite=True)
    monkeypatch.undo()
    assert target.read_text() == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]


# ---------------------------------------------------------------------------------------------
# A live session killed during its k-th save

LINES = ["2", "1", "3", "35", "1", "2", "3"]
STORED: list[dict[str, Any]] = [
    {"choice": "approved-unheard"},
    {"choice": "one-focused"},
    {"choice": "control-only"},
    {"value": 35},
    {"choice": "need-it"},
    {"choice": "partly"},
    {"choice": "weak"},
]
ORDER = [
    "sponsor-value",
    "core-value",
    "frontline-benefit",
    "budget-for-delivery",
    "frontline-can-work-without",
    "managers-can-manage-without",
    "operations-team-weak",
]


@pytest.mark.parametrize("kill_at", [1, 2, 3, 5, 8])
@pytest.mark.parametrize("step", ["write", "rename"])
def test_assess_killed_during_a_save_keeps_every_answer_saved_before(
    tmp_path: Path, kill_at: int, step: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first save writes the setup (no answer yet), save k the (k-1)-th answer. A kill
    during save k leaves the file of save k-1: valid, with its k-2 answers."""
    out = tmp_path / "a.yaml"
    args = ["assess", "--lang", "en", "--out", str(out), "--context", "crm_kind=other"]
    args += ["--project", "Acme", "--respondent", "Li Wei", "--role", "sponsor"]

    def session() -> None:
        saves = 0
        real = fileio.write_atomic

        def counting(path: Path, text: str, *, overwrite: bool = False) -> None:
            nonlocal saves
            saves += 1
            if saves == kill_at:
                _fault_at(step, _die, monkeypatch)
            real(path, text, overwrite=overwrite)

        monkeypatch.setattr("crm_risk.autosave.write_atomic", counting)
        CliRunner().invoke(app, args, input="\n".join(LINES) + "\n")

    assert _in_child(session) == KILLED
    if kill_at == 1:
        assert not out.exists()  # nothing had been saved yet
        return
    checked = CliRunner().invoke(app, ["validate", str(out)])
    assert checked.exit_code == 0, checked.stderr
    answers = yaml.safe_load(out.read_text(encoding="utf-8"))["answers"]
    kept = kill_at - 2
    assert (answers or {}) == dict(zip(ORDER[:kept], STORED[:kept], strict=True))
