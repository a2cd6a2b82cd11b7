"""Reading YAML and JSON documents safely, keeping where every value came from.

Documents are composed into a node tree first (C parser where available), then constructed with a
safe constructor. The node tree stays in a :class:`SourceMap`, so a later validation error on
``questions[3].choices[1].risk`` can name the line and column it came from.

Hand-written YAML means what it says: only ``true``/``false`` are booleans; ``yes``, ``no``,
``on`` and ``off`` stay strings (PyYAML's YAML 1.1 rules would turn them into booleans).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

import yaml

from crm_risk.errors import InputError, Problem
from crm_risk.models import KeyPath, Path

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_BOOL_TAG = "tag:yaml.org,2002:bool"


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A safe loader with YAML 1.2 booleans and duplicate keys refused."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
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

    def locate(self, path: Path) -> tuple[int, int] | None:
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

    def problem(self, path: Path, message: str) -> Problem:
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


def format_path(path: Path) -> str:
    """``("questions", 3, "choices", 1, "risk")`` as ``questions[3].choices[1].risk``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_text(path: FsPath, display: str) -> str:
    """A file's text, decoded as UTF-8 (a BOM is accepted); every failure is an InputError."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError.single(display, "no such file") from None
    except IsADirectoryError:
        raise InputError.single(display, "is a directory, not a file") from None
    except PermissionError:
        raise InputError.single(display, "permission denied") from None
    except OSError as error:
        raise InputError.single(display, f"cannot read: {error.strerror or error}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        offset = error.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = data.count(b"\n", 0, offset) + 1
        column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        raise InputError.single(
            display,
            f"not valid UTF-8 (byte 0x{data[offset]:02x} at offset {offset}); save the file as UTF-8",
            line,
            column,
        ) from None


def parse(text: str, display: str) -> tuple[Any, SourceMap]:
    """Parse one YAML (or JSON) document into plain data and its source map."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError.single(display, "the file is empty")
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        raise _yaml_problem(error, display) from None
    except yaml.YAMLError as error:
        raise InputError.single(display, f"not valid YAML: {error}") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
        raise InputError.single(display, f"expected a mapping at the top level, found {kind}", 1, 1)
    return data, SourceMap(display, node)


def _yaml_problem(error: yaml.MarkedYAMLError, display: str) -> InputError:
    mark = error.problem_mark or error.context_mark
    message = " ".join(part for part in (error.context, error.problem) if part) or "not valid YAML"
    message = message.replace("\n", " ")
    if mark is None:
        return InputError.single(display, message)
    return InputError.single(display, message, mark.line + 1, mark.column + 1)
