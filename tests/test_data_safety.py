"""No data lost, and every read or write failure is one clear line.

Written files: never overwritten without ``--force``, never written through a symbolic link, and a
full disk, a read-only directory or Ctrl-C half-way leaves the old file exactly as it was (and no
temporary file behind). Read failures that cannot be staged for real when the tests run as root
(an unreadable file, a read-only directory) are staged by making the system call fail instead.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from crm_risk.cli import app
from crm_risk.errors import InputError, OutputError
from crm_risk.fileio import write_atomic
from crm_risk.readfile import read_text

EXAMPLE = Path(__file__).parent.parent / "examples" / "healthy-service.yaml"
OLD = "yesterday's report\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def invoke(*args: str) -> Any:
    return CliRunner(env={"CRMRISK_DEBUG": None, "NO_COLOR": "1"}).invoke(app, list(args))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    target = tmp_path / "report.md"
    target.write_text(OLD)
    target.chmod(0o640)
    return target


# ---------------------------------------------------------------------------------------------
# write_atomic


def test_an_existing_file_is_not_overwritten_without_force(old_file: Path) -> None:
    with pytest.raises(OutputError, match="already exists; use --force to overwrite it"):
        write_atomic(old_file, "new")
    assert old_file.read_text() == OLD
    assert leftovers(old_file.parent) == []


def test_force_replaces_the_file_and_keeps_its_permissions(old_file: Path) -> None:
    write_atomic(old_file, "new ✅\n", overwrite=True)
    assert old_file.read_text(encoding="utf-8") == "new ✅\n"
    assert stat.S_IMODE(old_file.stat().st_mode) == 0o640
    assert leftovers(old_file.parent) == []


def test_text_in_pieces_is_written_as_it_comes_and_appears_whole(old_file: Path) -> None:
    seen: list[str] = []

    def pieces() -> Iterator[str]:
        for index in range(3):
            seen.append(old_file.read_text(encoding="utf-8"))  # the old file until the end
            yield f"piece {index} ✅\n"

    write_atomic(old_file, pieces(), overwrite=True)
    assert seen == [OLD] * 3
    assert old_file.read_text(encoding="utf-8") == "piece 0 ✅\npiece 1 ✅\npiece 2 ✅\n"
    assert leftovers(old_file.parent) == []


@pytest.mark.parametrize("error", [OSError(errno.EIO, "an input file"), ValueError("a bug")])
def test_an_error_while_the_pieces_are_made_is_not_a_write_error(
    old_file: Path, error: Exception
) -> None:
    def pieces() -> Iterator[str]:
        yield "half a report"
        raise error

    with pytest.raises(type(error)) as raised:
        write_atomic(old_file, pieces(), overwrite=True)
    assert raised.value is error and not isinstance(raised.value, OutputError)
    assert old_file.read_text() == OLD
    assert leftovers(old_file.parent) == []


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.md", "x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o644


@pytest.mark.parametrize("force", [False, True])
def test_a_symbolic_link_is_never_written_through(old_file: Path, force: bool) -> None:
    link = old_file.parent / "link.md"
    link.symlink_to(old_file.name)
    with pytest.raises(OutputError, match="is a symbolic link; refusing to write through it"):
        write_atomic(link, "new", overwrite=force)
    assert link.is_symlink()
    assert old_file.read_text() == OLD


def test_a_full_disk_leaves_the_old_file_intact(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write

    def half_then_full(fd: int, data: Any) -> int:
        if len(data) > 10:
            return real_write(fd, bytes(data[:10]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(OutputError) as caught:
        write_atomic(old_file, "a long new report " * 100, overwrite=True)
    assert str(caught.value) == (
        f"{old_file}: could not write: No space left on device; the old file is intact"
    )
    assert old_file.read_text() == OLD
    assert leftovers(old_file.parent) == []


def test_a_failing_fsync_leaves_the_old_file_intact(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OutputError, match="could not write: Input/output error"):
        write_atomic(old_file, "new", overwrite=True)
    assert old_file.read_text() == OLD
    assert leftovers(old_file.parent) == []


def test_ctrl_c_while_writing_leaves_the_old_file_intact(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(fd: int, data: Any) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(old_file, "new", overwrite=True)
    assert old_file.read_text() == OLD
    assert leftovers(old_file.parent) == []


def test_a_read_only_directory_is_a_clear_error(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = old_file.parent
    if IS_ROOT:
        # root writes into a chmod 555 directory anyway: make the create itself fail.
        def refused(*args: Any, **kwargs: Any) -> Any:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))

        monkeypatch.setattr(tempfile, "mkstemp", refused)
        expected = "cannot write here: Read-only file system"
    else:
        folder.chmod(0o555)
        expected = "cannot write here: Permission denied"
    try:
        with pytest.raises(OutputError, match=expected):
            write_atomic(old_file, "new", overwrite=True)
    finally:
        folder.chmod(0o755)
    assert old_file.read_text() == OLD


def test_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"the directory .*nowhere does not exist"):
        write_atomic(tmp_path / "nowhere" / "r.md", "x")


def test_a_directory_is_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "r.md").mkdir()
    with pytest.raises(OutputError, match=r"r\.md: is a directory"):
        write_atomic(tmp_path / "r.md", "x", overwrite=True)
    assert (tmp_path / "r.md").is_dir()


# ---------------------------------------------------------------------------------------------
# the report command


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    target = tmp_path / "answers.yaml"
    shutil.copy(EXAMPLE, target)
    return target


def test_report_does_not_overwrite_without_force(answers: Path, old_file: Path) -> None:
    result = invoke("report", str(answers), "-o", str(old_file))
    assert result.exit_code == 2
    assert result.stderr == (
        f"crmrisk: error: {old_file}: already exists; use --force to overwrite it\n"
    )
    assert old_file.read_text() == OLD


def test_report_overwrites_with_force(answers: Path, old_file: Path) -> None:
    result = invoke("report", str(answers), "-o", str(old_file), "--force")
    assert result.exit_code == 0, result.stderr
    assert old_file.read_text(encoding="utf-8").startswith("# CRM project risk report: Harbin")


@pytest.mark.parametrize("how", ["same path", "hard link"])
def test_report_never_replaces_its_own_answer_file(answers: Path, how: str) -> None:
    before = answers.read_bytes()
    output = answers
    if how == "hard link":
        output = answers.parent / "also-answers.yaml"
        output.hardlink_to(answers)
    result = invoke("report", str(answers), "-o", str(output), "--force")
    assert result.exit_code == 2
    assert result.stderr == (
        f"crmrisk: error: {output}: is the answer file itself; write the report to another file\n"
    )
    assert answers.read_bytes() == before


def test_report_on_a_full_disk_is_one_line_and_keeps_the_old_file(
    answers: Path, old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    result = invoke("report", str(answers), "-o", str(old_file), "--force")
    assert result.exit_code == 2
    assert result.stderr == (
        f"crmrisk: error: {old_file}: could not write: No space left on device; "
        "the old file is intact\n"
    )
    assert old_file.read_text() == OLD
    assert leftovers(old_file.parent) == []


# ---------------------------------------------------------------------------------------------
# reading


def test_an_unreadable_file_has_its_own_message(
    answers: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if IS_ROOT:
        # chmod 000 does not stop root: make opening this one file fail as it would for a user.
        real_open = os.open

        def guarded(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if Path(path) == answers:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", guarded)
    else:
        answers.chmod(0)
    try:
        result = invoke("validate", str(answers))
    finally:
        answers.chmod(0o644)
    assert result.exit_code == 2
    assert result.stderr == f"crmrisk: error: {answers}: permission denied: cannot read the file\n"


def test_a_read_error_half_way_is_one_line(answers: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(fd: int, size: int) -> bytes:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "read", failing)
    with pytest.raises(InputError) as caught:
        read_text(answers, "answers.yaml")
    assert caught.value.lines() == ["answers.yaml: cannot read: Input/output error"]


def test_a_file_that_grows_past_the_cap_while_read_is_refused(
    answers: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crm_risk.limits import Limits

    def growing(fd: int, size: int) -> bytes:
        return b"#" * size  # never at its end: more than the size stat() reported

    monkeypatch.setattr(os, "read", growing)
    with pytest.raises(InputError) as caught:
        read_text(answers, "answers.yaml", Limits(max_file_bytes=answers.stat().st_size + 5))
    assert "file too large: more than" in caught.value.lines()[0]


def test_a_raised_size_cap_is_not_allocated_up_front(tmp_path: Path) -> None:
    from crm_risk.limits import Limits

    target = tmp_path / "a.yaml"
    target.write_text("a: 1\n")
    # An exabyte cap: reading must allocate what the file holds, not what the cap allows.
    assert read_text(target, "a.yaml", Limits(max_file_bytes=1 << 60)) == "a: 1\n"


# ---------------------------------------------------------------------------------------------
# assess: the answer file it saves after every answer, and its report

WHO = ["--lang", "en", "--project", "P", "--respondent", "R", "--role", "sponsor"]
WHO += ["--context", "crm_kind=other"]


def assess(folder: Path, args: list[str], lines: list[str]) -> Any:
    runner = CliRunner(env={"CRMRISK_DEBUG": None, "NO_COLOR": "1"})
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        return runner.invoke(app, ["assess", *args], input="".join(f"{x}\n" for x in lines))


def test_assess_on_a_full_disk_keeps_the_last_saved_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = os.write
    calls: list[int] = []

    def full_from_the_third_save(fd: int, data: Any) -> int:
        calls.append(fd)
        if len(calls) >= 3:  # 1: the file before any answer, 2: after the first answer
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full_from_the_third_save)
    result = assess(tmp_path, [*WHO, "--out", "a.yaml"], ["1", "2", "3"])
    assert result.exit_code == 2
    assert result.stderr.endswith(
        'Saved to a.yaml: 1 of 7 questions answered, 0 "we don\'t know", 6 skipped.\n'
        f"To continue: crmrisk assess --resume {tmp_path / 'a.yaml'} --lang en\n"
        "crmrisk: error: a.yaml: could not write: No space left on device; the old file is intact\n"
    )
    assert invoke("validate", str(tmp_path / "a.yaml")).exit_code == 0
    assert "agreed-in-person" in (tmp_path / "a.yaml").read_text()
    assert "few-priorities" not in (tmp_path / "a.yaml").read_text()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("first_failing_save", [1, 2])
def test_assess_in_a_read_only_directory_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first_failing_save: int
) -> None:
    # As root, chmod 555 does not stop writes: make creating the temporary file fail instead.
    real_mkstemp = tempfile.mkstemp
    calls: list[int] = []

    def read_only_from(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) >= first_failing_save:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", read_only_from)
    result = assess(tmp_path, [*WHO, "--out", "a.yaml"], ["1", "2"])
    assert result.exit_code == 2
    last = result.stderr.splitlines()[-1]
    assert last == "crmrisk: error: a.yaml: cannot write here: Read-only file system"
    assert "Traceback" not in result.output
    if first_failing_save == 1:
        assert not (tmp_path / "a.yaml").exists()
        assert "To continue" not in result.stderr  # nothing was saved to continue
    else:
        assert "project: P" in (tmp_path / "a.yaml").read_text()
        assert "To continue: crmrisk assess --resume" in result.stderr


@pytest.mark.parametrize("how", ["--out", "--resume", "hard link", "default name"])
def test_assess_never_writes_its_report_over_the_answer_file(tmp_path: Path, how: str) -> None:
    # `assess` names a file by today's date unless told otherwise.
    answers = tmp_path / f"p-{dt.date.today().isoformat()}-r.yaml"
    if how in ("--resume", "hard link"):
        assert assess(tmp_path, [*WHO, "--out", answers.name], ["1"]).exit_code == 0
    before = answers.read_bytes() if answers.exists() else None
    report = answers.name
    if how == "hard link":
        (tmp_path / "report.md").hardlink_to(answers)
        report = "report.md"
    args = {
        "--out": [*WHO, "--out", answers.name],
        "--resume": ["--resume", answers.name],
        "hard link": ["--resume", answers.name, "--force"],
        "default name": [a for a in WHO if a not in ("--project", "P", "--respondent", "R")],
    }[how]
    typed = ["P", "R"] if how == "default name" else []
    result = assess(tmp_path, [*args, "--report", report], [*typed, "2", "3", "35", "1", "2", "3"])
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"crmrisk: error: --report {report} is the answer file itself; "
        "write the report to another file\n"
    )
    if before is None:
        assert not answers.exists()
    else:
        assert answers.read_bytes() == before


def test_assess_resume_replaces_its_own_report_but_not_a_symbolic_link(tmp_path: Path) -> None:
    assert assess(tmp_path, [*WHO, "--out", "a.yaml"], ["1"]).exit_code == 0
    (tmp_path / "r.md").write_text(OLD)
    done = assess(
        tmp_path, ["--resume", "a.yaml", "--report", "r.md"], ["1", "1", "3", "1", "1", "1"]
    )
    assert done.exit_code == 0, done.output
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# CRM project risk report")
    (tmp_path / "link.md").symlink_to("r.md")
    before = (tmp_path / "r.md").read_bytes()
    again = assess(tmp_path, ["--resume", "a.yaml", "--report", "link.md", "--force"], ["b", ""])
    assert again.exit_code == 2
    assert again.stderr.endswith(
        "crmrisk: error: link.md: is a symbolic link; refusing to write through it "
        "(give the real path)\n"
    )
    assert (tmp_path / "r.md").read_bytes() == before
