"""The event-stream pre-pass: what a YAML document would cost, checked before any tree is built.

Walks the parser's events, which hold no tree: nesting depth, alias count, unsafe tags, and the
number of values the document would hold with every alias expanded. An alias bomb (a few hundred
bytes that expand to billions of values) or ``[[[[...]]]]`` is refused here in milliseconds.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from crm_risk.errors import InputError
from crm_risk.limits import ENV_VARS, Limits
from crm_risk.msg import Msg, _

_YAML_TAG = "tag:yaml.org,2002:"
#: The tags of plain data; anything else (``!!python/...``, ``!!binary``, ``!local``) is refused
#: before construction, so it is never even looked up, let alone executed.
_SAFE_TAGS = frozenset(
    {"!", *(_YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "seq", "map"))}
    | {_YAML_TAG + "timestamp"}
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_events(text: str, display: str, limits: Limits, loader: Any) -> None:
    """Refuse, at the first excess, what would be too costly or unsafe to compose.

    Walks the parser's event stream, which holds no tree: nesting depth, alias count, unsafe
    tags, and the number of values the document would hold with every alias expanded (an alias
    counts as the size of what it names). An alias bomb is a few hundred bytes that expand to
    billions of values; it is refused here after a few thousand events.
    """
    budget = _Budget(display, limits)
    for event in yaml.parse(text, Loader=loader):
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
                raise self._fail(event, _("text holds an unpaired surrogate (not valid Unicode)"))
            if event.anchor is not None:
                self.sizes[event.anchor] = 1
            self._add(event, 1)
        elif isinstance(event, yaml.CollectionStartEvent):
            self._check_tag(event)
            # Counted into its parent when it closes, with everything inside it.
            self._add(event, 1, into_parent=False)
            self.open.append([event.anchor, 1])
            if len(self.open) > self.limits.max_depth:
                raise self._fail(event, too_deep(self.limits.max_depth))
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, size = self.open.pop()
            if anchor is not None:
                self.sizes[anchor] = size
            if self.open:
                self.open[-1][1] += size
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self._fail(event, _("expected one document, found another (a `---` line)"))

    def _alias(self, event: yaml.AliasEvent) -> int:
        self.aliases += 1
        if self.aliases > self.limits.max_aliases:
            raise self._fail(
                event,
                _(
                    "more than {n} YAML aliases (*name) in one file "
                    "(set {variable} to raise the limit)",
                    n=self.limits.max_aliases,
                    variable=ENV_VARS["max_aliases"],
                ),
            )
        size = self.sizes.get(event.anchor or "")
        if size is not None:
            return size
        if any(anchor == event.anchor for anchor, _size in self.open):
            raise self._fail(
                event,
                _(
                    "alias *{anchor} refers to a list or mapping it is inside; "
                    "recursive data is not allowed",
                    anchor=event.anchor,
                ),
            )
        raise self._fail(
            event,
            _("alias *{anchor} refers to no anchor &{anchor} before it", anchor=event.anchor),
        )

    def _add(self, event: yaml.Event, size: int, *, into_parent: bool = True) -> None:
        """Count a value (of ``size`` values once expanded) into the document and its parent."""
        self.total += size
        if into_parent and self.open:
            self.open[-1][1] += size
        if self.total > self.limits.max_nodes:
            n, variable = self.limits.max_nodes, ENV_VARS["max_nodes"]
            raise self._fail(
                event,
                _(
                    "more than {n:,} values once aliases are expanded "
                    "(set {variable} to raise the limit)",
                    n=n,
                    variable=variable,
                )
                if self.aliases
                else _(
                    "more than {n:,} values (set {variable} to raise the limit)",
                    n=n,
                    variable=variable,
                ),
            )

    def _check_tag(self, event: yaml.NodeEvent) -> None:
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _SAFE_TAGS:
            shown = "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag
            raise self._fail(
                event,
                _(
                    "tag {tag} is not allowed; only plain YAML data (text, numbers, lists, mappings)",
                    tag=shown,
                ),
            )

    def _fail(self, event: yaml.Event, message: Msg) -> InputError:
        mark = event.start_mark
        if mark is None:
            return InputError.single(self.display, message)
        return InputError.single(self.display, message, mark.line + 1, mark.column + 1)


def too_deep(limit: int) -> Msg:
    """A document nested deeper than the limit."""
    return _(
        "nested more than {n} levels deep (set {variable} to raise the limit)",
        n=limit,
        variable=ENV_VARS["max_depth"],
    )
