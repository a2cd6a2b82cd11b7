"""Writing files without ever losing the old one: temporary file, flush, fsync, rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from crm_risk.errors import OutputError


def write_atomic(path: Path, text: str, *, overwrite: bool = False) -> None:
    """Write ``text`` to ``path`` atomically; an existing file is replaced only if ``overwrite``.

    On any failure (a full disk, a read-only directory) the old file is left as it was and an
    :class:`OutputError` says what happened.
    """
    display = str(path)
    if path.is_dir():
        raise OutputError(f"{display}: is a directory")
    if not overwrite and (path.exists() or path.is_symlink()):
        raise OutputError(f"{display}: already exists; use --force to overwrite it")
    folder = path.parent if str(path.parent) else Path()
    data = text.encode("utf-8")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise OutputError(f"{display}: the directory {folder} does not exist") from None
    except OSError as error:
        raise OutputError(f"{display}: cannot write here: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, 0o644 & ~_umask())
        os.replace(temp_name, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise OutputError(f"{display}: could not write: {error.strerror or error}") from None
    _fsync_directory(folder)


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
