"""Reading YAML and JSON documents safely, keeping where every value came from.

Documents are composed into a node tree first (C parser where available), then constructed with a
safe constructor. The node tree stays in a :class:`SourceMap`, so a later validation error on
``questions[3].choices[1].risk`` can name the line and column it came from.

Hand-written YAML means what it says: only ``true``/``false`` are booleans; ``yes``, ``no``,
``on`` and ``off`` stay strings (PyYAML's YAML 1.1 rules would turn them into booleans).

Files come from many hands, so nothing here trusts them: a file is read bounded (at most the size
cap, never from a FIFO or device), and before any tree is built the parser's event stream is
checked against :class:`crm_risk.limits.Limits` (nesting depth, aliases, values once aliases are
expanded) and for tags other than plain data. Very deep flow nesting crashes the C composer and an
alias bomb explodes in whatever walks it; both are refused in milliseconds. Every failure is an
:class:`~crm_risk.errors.InputError` with the file, and the line and column where known.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

import yaml

from crm_risk.errors import InputError, Problem
from crm_risk.limits import ENV_VARS, Limits
from crm_risk.rules import FieldPath, KeyPath

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_BOOL_TAG = "tag:yaml.org,2002:bool"


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A safe loader with YAML 1.2 booleans and duplicate keys refused."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    "merge keys (<<) are not supported; write the keys out in full",
                    key_node.start_mark,
                )
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be plain text or a number", key_node.start_mark
                ) from None
            if key in seen:
                first = seen[key].start_mark
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key {key!r} (first at line {first.line + 1})",
                    key_node.start_mark,
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        # Dates stay text here and are checked with the other fields, so an impossible date
        # (`2026-13-45`) is one located problem among all the others, not the only one reported.
        return node.value


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
# No sexagesimal integers: `1:30` stays the text it looks like, not 90.
_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if not (tag == "tag:yaml.org,2002:int" and ":" in regexp.pattern)
    ]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"),
)


@dataclass(frozen=True)
class SourceMap:
    """Where each value of one document came from; finds the line and column of a field path."""

    file: str
    root: yaml.Node | None

    def locate(self, path: FieldPath) -> tuple[int, int] | None:
        """1-based line and column of the deepest node along ``path`` that exists.

        For a :class:`KeyPath` whose last step is a mapping key, the key's own position.
        """
        node = self.root
        if node is None:
            return None
        for index, part in enumerate(path):
            found = _entry(node, part)
            if found is None:
                break
            key_node, child = found
            if isinstance(path, KeyPath) and index == len(path) - 1 and key_node is not None:
                child = key_node
            node = child
        return node.start_mark.line + 1, node.start_mark.column + 1

    def problem(self, path: FieldPath, message: str) -> Problem:
        where = self.locate(path)
        line, column = where if where else (None, None)
        return Problem(self.file, message, line, column)


def _entry(node: yaml.Node, part: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    """The (key node, value node) of ``part`` in a mapping, or (None, item) in a sequence."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                return key_node, value_node
    elif (
        isinstance(node, yaml.SequenceNode)
        and isinstance(part, int)
        and 0 <= part < len(node.value)
    ):
        return None, node.value[part]
    return None


def read_text(path: FsPath, display: str, limits: Limits | None = None) -> str:
    """A file's text, decoded as UTF-8 (a BOM is accepted); every failure is an InputError.

    Symbolic links are followed (teams link shared answer files); a link to nothing, a link loop,
    a directory, a FIFO or device, a missing or unreadable file and a file over the size cap each
    get their own message. At most ``max_file_bytes + 1`` bytes are ever read, so ``/dev/zero``
    or a file that grows while being read cannot exhaust memory.
    """
    limits = limits or Limits.from_env()
    return _decode(_read_bytes(path, display, limits.max_file_bytes), display)


def _read_bytes(path: FsPath, display: str, cap: int) -> bytes:
    def fail(message: str) -> InputError:
        return InputError.single(display, message)

    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            target = str(path.readlink())
            raise fail(f"is a symbolic link to {target!r}, which does not exist") from None
        raise fail("no such file") from None
    except NotADirectoryError:
        raise fail("no such file (part of the path is a file, not a directory)") from None
    except PermissionError:
        raise fail("permission denied: cannot look the file up") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise fail("is a symbolic link that loops back on itself") from None
        raise fail(f"cannot read: {error.strerror or error}") from None
    _check_file_kind(info, display, cap)
    try:
        # O_NONBLOCK: a FIFO swapped in after the check above must not hang the open.
        fd = os.open(path, os.O_RDONLY | _OPEN_FLAGS)
    except PermissionError:
        raise fail("permission denied: cannot read the file") from None
    except OSError as error:
        raise fail(f"cannot read: {error.strerror or error}") from None
    try:
        _check_file_kind(os.fstat(fd), display, cap)
        return _read_capped(fd, cap, display)
    except OSError as error:
        raise fail(f"cannot read: {error.strerror or error}") from None
    finally:
        os.close(fd)


def _read_capped(fd: int, cap: int, display: str) -> bytes:
    """Everything up to EOF, in chunks (a raised cap is never allocated up front)."""
    chunks: list[bytes] = []
    total = 0
    while chunk := os.read(fd, min(_CHUNK, cap + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > cap:
            # The file grew after stat() said it fit.
            raise InputError.single(display, _too_large(f"more than {cap:,} bytes", cap))
    return b"".join(chunks)


_CHUNK = 1 << 20


_OPEN_FLAGS = (
    getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
)


def _check_file_kind(info: os.stat_result, display: str, cap: int) -> None:
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        raise InputError.single(display, "is a directory, not a file")
    if not stat.S_ISREG(mode):
        kind = (
            "a named pipe (FIFO)"
            if stat.S_ISFIFO(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "a device"
        )
        raise InputError.single(display, f"is {kind}, not a regular file")
    if info.st_size > cap:
        raise InputError.single(display, _too_large(f"{info.st_size:,} bytes", cap))


def _too_large(size: str, cap: int) -> str:
    return (
        f"file too large: {size}, the limit is {cap:,} "
        f"(set {ENV_VARS['max_file_bytes']} to raise it)"
    )


def _where(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def _decode(data: bytes, display: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError.single(
            display, "is UTF-16 text (byte-order mark at offset 0); save the file as UTF-8", 1, 1
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError.single(
            display,
            f"not a text file: NUL byte at offset {nul} (a binary file, or UTF-16?); "
            "save the file as UTF-8",
            *_where(data, nul),
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        offset = error.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        raise InputError.single(
            display,
            f"not valid UTF-8 (byte 0x{data[offset]:02x} at offset {offset}); save the file as UTF-8",
            *_where(data, offset),
        ) from None


def parse(text: str, display: str, limits: Limits | None = None) -> tuple[Any, SourceMap]:
    """Parse one YAML (or JSON) document into plain data and its source map.

    The parser's event stream is checked first (:func:`_check_events`), so a document too deep,
    too big once its aliases are expanded, or with an unsafe tag is refused before any tree is
    built; only then is the document composed and constructed.
    """
    limits = limits or Limits.from_env()
    if len(text) > limits.max_file_bytes:
        raise InputError.single(
            display, _too_large(f"{len(text):,} characters", limits.max_file_bytes)
        )
    if not text.strip():
        raise InputError.single(display, "the file is empty")
    loader: _Loader | None = None
    try:
        _check_events(text, display, limits)
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is None:
            raise InputError.single(display, "the file has no data, only comments")
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        raise _yaml_problem(error, display, text) from None
    except yaml.reader.ReaderError:
        raise _unprintable(text, display) from None
    except yaml.YAMLError as error:
        raise InputError.single(display, f"not valid YAML: {_one_line(str(error))}") from None
    except RecursionError:
        raise InputError.single(display, "nested too deeply to load") from None
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, dict):
        raise InputError.single(
            display, f"expected a mapping at the top level, found {describe(data)}", 1, 1
        )
    return data, SourceMap(display, node)


def describe(value: Any) -> str:
    """What kind of value ``value`` is, in words (for messages)."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dt.date):
        return "a date"
    return f"a {type(value).__name__}"


_YAML_TAG = "tag:yaml.org,2002:"
#: The tags of plain data; anything else (``!!python/...``, ``!!binary``, ``!local``) is refused
#: before construction, so it is never even looked up, let alone executed.
_SAFE_TAGS = frozenset(
    {"!", *(_YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "seq", "map"))}
    | {_YAML_TAG + "timestamp"}
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_events(text: str, display: str, limits: Limits) -> None:
    """Refuse, at the first excess, what would be too costly or unsafe to compose.

    Walks the parser's event stream, which holds no tree: nesting depth, alias count, unsafe
    tags, and the number of values the document would hold with every alias expanded (an alias
    counts as the size of what it names). An alias bomb is a few hundred bytes that expand to
    billions of values; it is refused here after a few thousand events.
    """
    budget = _Budget(display, limits)
    for event in yaml.parse(text, Loader=_BaseLoader):
        budget.take(event)


class _Budget:
    """The running cost of one document's event stream; raises InputError at the first excess."""

    def __init__(self, display: str, limits: Limits) -> None:
        self.display = display
        self.limits = limits
        self.open: list[list[Any]] = []  # [anchor, expanded size so far] per open list/mapping
        self.sizes: dict[str, int] = {}  # anchor -> expanded size of what it names
        self.aliases = 0
        self.total = 0
        self.documents = 0

    def take(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.AliasEvent):
            self._add(event, self._alias(event))
        elif isinstance(event, yaml.ScalarEvent):
            self._check_tag(event)
            if _SURROGATE.search(event.value):
                raise self._fail(event, "text holds an unpaired surrogate (not valid Unicode)")
            if event.anchor is not None:
                self.sizes[event.anchor] = 1
            self._add(event, 1)
        elif isinstance(event, yaml.CollectionStartEvent):
            self._check_tag(event)
            # Counted into its parent when it closes, with everything inside it.
            self._add(event, 1, into_parent=False)
            self.open.append([event.anchor, 1])
            if len(self.open) > self.limits.max_depth:
                raise self._fail(
                    event,
                    f"nested more than {self.limits.max_depth} levels deep "
                    f"(set {ENV_VARS['max_depth']} to raise the limit)",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, size = self.open.pop()
            if anchor is not None:
                self.sizes[anchor] = size
            if self.open:
                self.open[-1][1] += size
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self._fail(event, "expected one document, found another (a `---` line)")

    def _alias(self, event: yaml.AliasEvent) -> int:
        self.aliases += 1
        if self.aliases > self.limits.max_aliases:
            raise self._fail(
                event,
                f"more than {self.limits.max_aliases} YAML aliases (*name) in one file "
                f"(set {ENV_VARS['max_aliases']} to raise the limit)",
            )
        size = self.sizes.get(event.anchor or "")
        if size is not None:
            return size
        if any(anchor == event.anchor for anchor, _ in self.open):
            raise self._fail(
                event,
                f"alias *{event.anchor} refers to a list or mapping it is inside; "
                "recursive data is not allowed",
            )
        raise self._fail(
            event, f"alias *{event.anchor} refers to no anchor &{event.anchor} before it"
        )

    def _add(self, event: yaml.Event, size: int, *, into_parent: bool = True) -> None:
        """Count a value (of ``size`` values once expanded) into the document and its parent."""
        self.total += size
        if into_parent and self.open:
            self.open[-1][1] += size
        if self.total > self.limits.max_nodes:
            raise self._fail(
                event,
                f"more than {self.limits.max_nodes:,} values"
                + (" once aliases are expanded" if self.aliases else "")
                + f" (set {ENV_VARS['max_nodes']} to raise the limit)",
            )

    def _check_tag(self, event: yaml.NodeEvent) -> None:
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _SAFE_TAGS:
            shown = "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag
            raise self._fail(
                event,
                f"tag {shown} is not allowed; only plain YAML data (text, numbers, lists, mappings)",
            )

    def _fail(self, event: yaml.Event, message: str) -> InputError:
        mark = event.start_mark
        if mark is None:
            return InputError.single(self.display, message)
        return InputError.single(self.display, message, mark.line + 1, mark.column + 1)


def _one_line(message: str) -> str:
    return " ".join(message.split())


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# What YAML allows in a file, unescaped: tab, line breaks and printable characters.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _yaml_problem(error: yaml.MarkedYAMLError, display: str, text: str) -> InputError:
    mark = error.problem_mark or error.context_mark
    message = " ".join(part for part in (error.context, error.problem) if part) or "not valid YAML"
    message = _one_line(message)
    if "exceeded maximum nesting depth" in message:
        # libyaml's own ceiling (1000 levels) can fire while it scans ahead, before the event
        # check sees the level that passes ours: it is the same problem, said our way.
        limit = Limits.from_env().max_depth
        message = (
            f"nested more than {limit} levels deep (set {ENV_VARS['max_depth']} to raise the limit)"
        )
    if mark is None:
        return InputError.single(display, message)
    lines = _LINE_BREAK.split(text)
    if mark.line < len(lines) and lines[mark.line][mark.column : mark.column + 1] == "\t":
        message += " (a tab: YAML is indented with spaces, not tabs)"
    return InputError.single(display, message, mark.line + 1, mark.column + 1)


def _unprintable(text: str, display: str) -> InputError:
    """The parser refused a raw control character; name it and where it is."""
    found = _NOT_PRINTABLE.search(text)
    if found is None:
        return InputError.single(display, "not valid YAML: a character that is not allowed")
    before = text[: found.start()]
    line = len(_LINE_BREAK.findall(before)) + 1
    column = found.start() - max(before.rfind("\n"), before.rfind("\r")) - 1 + 1
    return InputError.single(
        display,
        f"control character U+{ord(found.group()):04X} is not allowed in YAML text; "
        "remove it (or write it as an escape in double quotes)",
        line,
        column,
    )
