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
import re
from typing import Any

import yaml

from crm_risk.errors import InputError, Problem
from crm_risk.limits import Limits
from crm_risk.msg import Msg, Text, _
from crm_risk.readfile import too_large
from crm_risk.rules import FieldPath, KeyPath
from crm_risk.yamlguard import check_events, too_deep
from crm_risk.yamlhelp import explain, not_yaml

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_BOOL_TAG = "tag:yaml.org,2002:bool"
_STR_TAG = "tag:yaml.org,2002:str"


class _Refused(yaml.constructor.ConstructorError):
    """One of our own checks while constructing (duplicate keys, merge keys), with its message."""

    def __init__(self, message: Msg, mark: yaml.Mark) -> None:
        super().__init__(None, None, str(message), mark)
        self.message = message


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A safe loader with YAML 1.2 booleans and duplicate keys refused."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        # The usual mapping: plain text keys, each once, no merge key. Checked on the raw
        # scalars, without constructing every key twice.
        raw = [(k.tag, k.value) for k, _value in node.value if isinstance(k, yaml.ScalarNode)]
        if (
            len(raw) == len(node.value)
            and len(set(raw)) == len(raw)
            and all(tag == _STR_TAG for tag, _value in raw)
        ):
            return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]
        seen: dict[Any, yaml.Node] = {}
        for key_node, _value in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(
                    _("merge keys (<<) are not supported; write the keys out in full"),
                    key_node.start_mark,
                )
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise _Refused(
                    _("a mapping key must be plain text or a number"), key_node.start_mark
                ) from None
            if key in seen:
                first = seen[key].start_mark
                raise _Refused(
                    _("duplicate key {key!r} (first at line {line})", key=key, line=first.line + 1),
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


class SourceMap:
    """Where each value of one document came from; finds the line and column of a field path.

    A document read by the fast path keeps only its text: the node tree with the positions is
    composed the first time a position is asked for (when something in it is wrong), through the
    full, checked path.
    """

    def __init__(
        self,
        file: str,
        root: yaml.Node | None = None,
        *,
        text: str | None = None,
        limits: Limits | None = None,
    ) -> None:
        self.file = file
        self._root = root
        self._text = text
        self._limits = limits

    @property
    def root(self) -> yaml.Node | None:
        if self._root is None and self._text is not None:
            self._root = _parse_checked(self._text, self.file, self._limits or Limits())[1].root
            self._text = None
        return self._root

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

    def problem(self, path: FieldPath, message: Text) -> Problem:
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


#: A node property (anchor ``&``, alias ``*`` or tag ``!``) starts where a node starts: at a line's
#: start, after white space, or after a flow indicator. Text without one of these (the usual
#: answer file: "Q&A" or "*important*" inside a note's words do not count) cannot hold an alias
#: bomb or an unsafe tag, and takes the fast path.
_NODE_PROPERTY = re.compile(r"(?:^|[\s\[{,])[&*!]", re.M)


def parse(text: str, display: str, limits: Limits | None = None) -> tuple[Any, SourceMap]:
    """Parse one YAML (or JSON) document into plain data and its source map.

    The common case takes a fast path: one C parse straight to data, then a walk of the data for
    depth and size; positions are composed only if something turns out wrong. Anything unusual
    (anchors, aliases, tags, an unpaired surrogate, a parse error, a document too deep or too
    large) takes the full path (:func:`_parse_checked`), whose event check refuses what is too
    costly before any tree is built and whose errors name the line and column.
    """
    limits = limits or Limits.from_env()
    if len(text) > limits.max_file_bytes:
        raise InputError.single(
            display, too_large(_("{n:,} characters", n=len(text)), limits.max_file_bytes)
        )
    if not text.strip():
        raise InputError.single(display, _("the file is empty"))
    if _plain(text):
        try:
            data = yaml.load(text, Loader=_Loader)
        except (yaml.YAMLError, RecursionError):
            data = None  # the full path says what is wrong, and where
        if isinstance(data, dict) and _within(data, limits):
            return data, SourceMap(display, text=text, limits=limits)
    return _parse_checked(text, display, limits)


def _plain(text: str) -> bool:
    """No node property (anchor, alias, tag) and no \\u escape (which could name a surrogate):
    substring checks first, as most files hold none of these characters at all."""
    if "\\u" in text or "\\U" in text:
        return False
    if "&" not in text and "*" not in text and "!" not in text:
        return True
    return _NODE_PROPERTY.search(text) is None


def _within(data: Any, limits: Limits) -> bool:
    """Whether plain data (no aliases: a tree) is within the depth and size caps."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    values = 0
    while stack:
        value, depth = stack.pop()
        values += 1
        if isinstance(value, dict):
            if depth > limits.max_depth:
                return False
            stack.extend((item, depth + 1) for item in value.values())
            values += len(value)  # the keys
        elif isinstance(value, list):
            if depth > limits.max_depth:
                return False
            stack.extend((item, depth + 1) for item in value)
        if values > limits.max_nodes:
            return False
    return True


def _parse_checked(text: str, display: str, limits: Limits) -> tuple[Any, SourceMap]:
    """The full path: the event check first (depth, aliases, expanded size, tags), then the
    document composed into a node tree kept for positions, then constructed."""
    loader: _Loader | None = None
    try:
        check_events(text, display, limits, _BaseLoader)
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is None:
            raise InputError.single(display, _("the file has no data, only comments"))
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        why = not_yaml(text, display)
        if why is not None:
            raise InputError.single(display, why, 1, 1) from None
        raise _yaml_problem(error, display, text, limits) from None
    except yaml.reader.ReaderError:
        raise _unprintable(text, display) from None
    except yaml.YAMLError as error:
        raise InputError.single(
            display, _("not valid YAML: {reason}", reason=_one_line(str(error)))
        ) from None
    except RecursionError:
        raise InputError.single(display, _("nested too deeply to load")) from None
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, dict):
        why = not_yaml(text, display)
        raise InputError.single(
            display,
            why or _("expected a mapping at the top level, found {found}", found=describe(data)),
            1,
            1,
        )
    return data, SourceMap(display, node)


def describe(value: Any) -> Msg:
    """What kind of value ``value`` is, in words (for messages)."""
    if value is None:
        return _("nothing (null)")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, int | float):
        return _("a number")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, dt.date):
        return _("a date")
    return _("a {kind}", kind=type(value).__name__)


def _one_line(message: str) -> str:
    return " ".join(message.split())


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# What YAML allows in a file, unescaped: tab, line breaks and printable characters.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _yaml_problem(
    error: yaml.MarkedYAMLError, display: str, text: str, limits: Limits
) -> InputError:
    mark = error.problem_mark or error.context_mark
    raw = " ".join(part for part in (error.context, error.problem) if part) or "not valid YAML"
    raw = _one_line(raw)
    if "exceeded maximum nesting depth" in raw:
        # libyaml's own ceiling (1000 levels) can fire while it scans ahead, before the event
        # check sees the level that passes ours: it is the same problem, said our way.
        message = too_deep(limits.max_depth)
        if mark is None:
            return InputError.single(display, message)
        return InputError.single(display, message, mark.line + 1, mark.column + 1)
    if isinstance(error, yaml.constructor.ConstructorError) and error.problem:
        # Our own checks while constructing (duplicate keys, merge keys): already plain words.
        # (Any other is the library's own words, said as they are.)
        said: Text = error.message if isinstance(error, _Refused) else _one_line(error.problem)
        if mark is None:
            return InputError.single(display, said)
        return InputError.single(display, said, mark.line + 1, mark.column + 1)
    if mark is None:
        return InputError([Problem(display, _("not valid YAML"), detail=raw)])
    context = error.context_mark
    where = (context.line, context.column) if context is not None and context is not mark else None
    explained = explain(text, raw, mark.line, mark.column, where)
    return InputError(
        [Problem(display, explained.message, explained.line, explained.column, detail=raw)]
    )


def _unprintable(text: str, display: str) -> InputError:
    """The parser refused a raw control character; name it and where it is."""
    found = _NOT_PRINTABLE.search(text)
    if found is None:
        return InputError.single(display, _("not valid YAML: a character that is not allowed"))
    before = text[: found.start()]
    line = len(_LINE_BREAK.findall(before)) + 1
    column = found.start() - max(before.rfind("\n"), before.rfind("\r")) - 1 + 1
    return InputError.single(
        display,
        _(
            "control character U+{code:04X} is not allowed in YAML text; "
            "remove it (or write it as an escape in double quotes)",
            code=ord(found.group()),
        ),
        line,
        column,
    )
