"""Reading an input file's text safely: bounded, never from a FIFO or device, strictly UTF-8.

Every failure is an :class:`~crm_risk.errors.InputError` naming the file (and the line and column
of a bad byte), in words a person can act on.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from crm_risk.errors import InputError
from crm_risk.limits import ENV_VARS, Limits
from crm_risk.msg import Msg, _


def read_text(path: Path, display: str, limits: Limits | None = None) -> str:
    """A file's text, decoded as UTF-8 (a BOM is accepted); every failure is an InputError.

    Symbolic links are followed (teams link shared answer files); a link to nothing, a link loop,
    a directory, a FIFO or device, a missing or unreadable file and a file over the size cap each
    get their own message. At most ``max_file_bytes + 1`` bytes are ever read, so ``/dev/zero``
    or a file that grows while being read cannot exhaust memory.
    """
    limits = limits or Limits.from_env()
    return _decode(_read_bytes(path, display, limits.max_file_bytes), display)


def _read_bytes(path: Path, display: str, cap: int) -> bytes:
    def fail(message: Msg) -> InputError:
        return InputError.single(display, message)

    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            target = str(path.readlink())
            raise fail(
                _("is a symbolic link to {target!r}, which does not exist", target=target)
            ) from None
        raise fail(_("no such file")) from None
    except NotADirectoryError:
        raise fail(_("no such file (part of the path is a file, not a directory)")) from None
    except PermissionError:
        raise fail(_("permission denied: cannot look the file up")) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise fail(_("is a symbolic link that loops back on itself")) from None
        raise fail(cannot_read(error)) from None
    _check_file_kind(info, display, cap)
    try:
        # O_NONBLOCK: a FIFO swapped in after the check above must not hang the open.
        fd = os.open(path, os.O_RDONLY | _OPEN_FLAGS)
    except PermissionError:
        raise fail(_("permission denied: cannot read the file")) from None
    except OSError as error:
        raise fail(cannot_read(error)) from None
    try:
        _check_file_kind(os.fstat(fd), display, cap)
        return _read_capped(fd, cap, display)
    except OSError as error:
        raise fail(cannot_read(error)) from None
    finally:
        os.close(fd)


def cannot_read(error: OSError) -> Msg:
    """A read that failed, in the system's own words (which stay as the system says them)."""
    return _("cannot read: {reason}", reason=error.strerror or str(error))


def _read_capped(fd: int, cap: int, display: str) -> bytes:
    """Everything up to EOF, in chunks (a raised cap is never allocated up front)."""
    chunks: list[bytes] = []
    total = 0
    while chunk := os.read(fd, min(_CHUNK, cap + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > cap:
            # The file grew after stat() said it fit.
            raise InputError.single(display, too_large(_("more than {n:,} bytes", n=cap), cap))
    return b"".join(chunks)


_CHUNK = 1 << 20


_OPEN_FLAGS = (
    getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
)


def _check_file_kind(info: os.stat_result, display: str, cap: int) -> None:
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        raise InputError.single(display, _("is a directory, not a file"))
    if not stat.S_ISREG(mode):
        message = (
            _("is a named pipe (FIFO), not a regular file")
            if stat.S_ISFIFO(mode)
            else _("is a socket, not a regular file")
            if stat.S_ISSOCK(mode)
            else _("is a device, not a regular file")
        )
        raise InputError.single(display, message)
    if info.st_size > cap:
        raise InputError.single(display, too_large(_("{n:,} bytes", n=info.st_size), cap))


def too_large(size: Msg, cap: int) -> Msg:
    return _(
        "file too large: {size}, the limit is {cap:,} (set {variable} to raise it)",
        size=size,
        cap=cap,
        variable=ENV_VARS["max_file_bytes"],
    )


def _where(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def _decode(data: bytes, display: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError.single(
            display, _("is UTF-16 text (byte-order mark at offset 0); save the file as UTF-8"), 1, 1
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError.single(
            display,
            _(
                "not a text file: NUL byte at offset {offset} (a binary file, or UTF-16?); "
                "save the file as UTF-8",
                offset=nul,
            ),
            *_where(data, nul),
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        offset = error.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        raise InputError.single(
            display,
            _(
                "not valid UTF-8 (byte 0x{byte:02x} at offset {offset}); save the file as UTF-8",
                byte=data[offset],
                offset=offset,
            ),
            *_where(data, offset),
        ) from None
