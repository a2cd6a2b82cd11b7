"""Writing files without ever losing the old one: temporary file, write, fsync, rename.

Every file crmrisk writes (reports, answer files) goes through :func:`write_atomic`: an existing
file is replaced only when asked (``--force``), never through a symbolic link, and a failure
half-way (a full disk, a read-only directory, Ctrl-C) leaves the old file exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from crm_risk.errors import OutputError
from crm_risk.msg import _


def write_atomic(path: Path, text: str | Iterable[str], *, overwrite: bool = False) -> None:
    """Write ``text`` to ``path`` atomically; an existing file is replaced only if ``overwrite``.

    ``text`` may come in pieces (a batch rendered as it is scored): each is written as it comes,
    so the whole never has to be held in memory, and the file appears only once all is written.
    A symbolic link is never written through or replaced, even with ``overwrite``: the link's
    target may be a file the user does not expect to change. On any failure the old file is left
    as it was and an :class:`OutputError` says what happened (an error while the pieces are made
    is raised as it is, not as a write error).
    """
    check_writable(path, overwrite=overwrite)
    display = str(path)
    existing = path.exists()
    mode = stat.S_IMODE(path.stat().st_mode) if existing else 0o666 & ~_umask()
    folder = path.parent if str(path.parent) else Path()
    pieces = _Made([text] if isinstance(text, str) else text)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise OutputError(
            _("{file}: the directory {folder} does not exist", file=display, folder=str(folder))
        ) from None
    except OSError as error:
        raise OutputError(
            _(
                "{file}: cannot write here: {reason}",
                file=display,
                reason=error.strerror or str(error),
            )
        ) from None
    try:
        try:
            for piece in pieces:
                _write_all(handle, piece.encode("utf-8"))
            os.fsync(handle)
        finally:
            os.close(handle)
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException as error:
        # Whatever happened (a full disk, Ctrl-C), the temporary file goes and the old one stays.
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(error, _MakingFailed):
            raise error.error from None
        if isinstance(error, OSError):
            reason = error.strerror or str(error)
            raise OutputError(
                _(
                    "{file}: could not write: {reason}; the old file is intact",
                    file=display,
                    reason=reason,
                )
                if existing
                else _(
                    "{file}: could not write: {reason}; nothing was written",
                    file=display,
                    reason=reason,
                )
            ) from None
        raise
    _fsync_directory(folder)


class _MakingFailed(Exception):
    """An error raised while the text was being made, carried past the write-error handling."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error


class _Made:
    """The pieces of the text; whatever making them raises is wrapped as :class:`_MakingFailed`."""

    def __init__(self, pieces: Iterable[str]) -> None:
        self._pieces = iter(pieces)

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        try:
            return next(self._pieces)
        except StopIteration:
            raise
        except Exception as error:
            raise _MakingFailed(error) from error


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def check_writable(path: Path, *, overwrite: bool = False) -> None:
    """Raise OutputError if :func:`write_atomic` would refuse ``path`` (a link, a folder, an
    existing file without ``overwrite``): to check several files before writing any."""
    display = str(path)
    if path.is_symlink():
        raise OutputError(
            _(
                "{file}: is a symbolic link; refusing to write through it (give the real path)",
                file=display,
            )
        )
    if path.is_dir():
        raise OutputError(_("{file}: is a directory", file=display))
    existing = path.exists()
    if existing and not overwrite:
        raise OutputError(_("{file}: already exists; use --force to overwrite it", file=display))
    if existing and not path.is_file():
        raise OutputError(_("{file}: is not a regular file; refusing to replace it", file=display))


def same_file(first: Path, second: Path) -> bool:
    """Whether two paths name one file: the same path, or (both existing) one inode, hard links too."""
    if first.absolute() == second.absolute() or first.resolve() == second.resolve():
        return True
    try:
        return first.exists() and second.exists() and first.samefile(second)
    except OSError:
        return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_directory(folder: Path) -> None:
    # Makes the rename itself durable; not every platform or filesystem allows it.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_folder(folder: Path, files: list[tuple[str, str]]) -> None:
    """``folder`` with ``files`` in it, appearing whole: made in a hidden sibling, renamed."""
    parent = folder.parent if str(folder.parent) else Path()
    try:
        temp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=parent))
    except OSError as error:
        raise OutputError(
            _(
                "{folder}: cannot create it: {reason}",
                folder=str(folder),
                reason=error.strerror or str(error),
            )
        ) from None
    try:
        for name, text in files:
            write_atomic(temp / name, text)
        temp.chmod(0o777 & ~_umask())
        # rename(2) replaces an empty folder: one made beforehand (by hand, or an empty
        # --out-dir) is fine.
        temp.rename(folder)
    except OSError as error:
        with contextlib.suppress(OSError):
            shutil.rmtree(temp)
        raise OutputError(
            _(
                "{folder}: could not write: {reason}",
                folder=str(folder),
                reason=error.strerror or str(error),
            )
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(temp)
        raise
    _fsync_directory(parent)
