"""Rewriting an existing answer file without losing what a person typed into it.

A file continued with ``assess --resume`` may have been written or edited by hand: comments at
the top, between answers, after values, keys in an order of its author's choosing. The answers
are updated in place in a round-trip parse of the file's own text (ruamel.yaml), so every
comment and the order of the keys survive; only what changed is written anew. Reading and
checking answer files stays with the fast, safe loader (:mod:`crm_risk.yamlio`): this module is
used only to write a file that loader has already accepted.

A JSON file keeps its key order (JSON has no comments). A YAML file that uses anchors and aliases
is written afresh instead: changing a value under an anchor would change it at every alias.
"""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from crm_risk.answerfile import BREAKS, dump
from crm_risk.answers import read_number


class Rewriter:
    """An existing file's text, ready to take a new document each time the answers change."""

    def __init__(self, text: str, *, as_json: bool) -> None:
        self.as_json = as_json
        self._tree: Any = None
        self._yaml: YAML | None = None
        if as_json:
            loaded = json.loads(text)
            self._tree = loaded if isinstance(loaded, dict) else None
            return
        yaml = YAML(typ="rt")
        yaml.width = 100
        yaml.preserve_quotes = True
        yaml.indent(mapping=2, sequence=2, offset=0)
        try:
            if any(isinstance(event, AliasEvent) for event in yaml.parse(text)):
                return
            tree = yaml.load(text)
        except YAMLError:
            return
        if isinstance(tree, CommentedMap):
            self._tree, self._yaml = tree, yaml

    @property
    def usable(self) -> bool:
        """False when the text cannot be kept (aliases, not a mapping): write the file afresh."""
        return self._tree is not None

    def text(self, doc: Mapping[str, Any]) -> str:
        """The file's text with ``doc``'s values, its comments and key order kept."""
        assert self._tree is not None
        if self.as_json:
            merged = _merge_plain(copy.deepcopy(self._tree), doc)
            return dump(merged, as_json=True)
        assert self._yaml is not None
        _merge(self._tree, doc)
        out = io.StringIO()
        self._yaml.dump(self._tree, out)
        return out.getvalue()


def _same(old: Any, new: Any) -> bool:
    """Whether the file's value already says ``new`` (``"35%"`` says 35)."""
    if isinstance(old, str) and isinstance(new, int | float) and not isinstance(new, bool):
        read = read_number(old)
        return read is not None and read[0] == new
    if isinstance(new, str) and isinstance(old, int | float) and not isinstance(old, bool):
        return str(old) == new  # `bank_version: 1.1` written by hand
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new, strict=True))
    return type(old) is not bool and old == new and not isinstance(old, dict)


def _merge_plain(tree: dict[str, Any], doc: Mapping[str, Any]) -> dict[str, Any]:
    """JSON: ``doc``'s values in the file's key order, new keys after their predecessor."""
    out: dict[str, Any] = {}
    keys = [k for k in tree if k in doc or _empty(tree[k])]
    for key in doc:
        if key not in keys:
            before = list(doc)[: list(doc).index(key)]
            at = max((keys.index(k) + 1 for k in before if k in keys), default=0)
            keys.insert(at, key)
    for key in keys:
        new = doc.get(key, tree.get(key))
        old = tree.get(key)
        if isinstance(old, dict) and isinstance(new, Mapping):
            out[key] = _merge_plain(old, new)
        else:
            out[key] = old if key in tree and _same(old, new) else new
    return out


def _empty(value: Any) -> bool:
    return isinstance(value, dict | list) and not value


def _merge(tree: CommentedMap, doc: Mapping[str, Any]) -> None:
    """Make ``tree`` say what ``doc`` says, in place; comments stay with their keys.

    A key the document no longer has goes (an empty mapping such as ``context: {}`` stays: it
    says nothing either way); a new key goes after the key before it in the document, and takes
    over the comment lines that followed that key, which belong above the key after it.
    """
    for key in [k for k in tree if k not in doc and not _empty(tree[k])]:
        keys = list(tree)
        tail = _take_tail(tree, key)
        del tree[key]
        at = keys.index(key)
        if tail and at > 0:
            _put_tail(tree, keys[at - 1], tail)
    previous: str | None = None
    for key, new in doc.items():
        if key in tree:
            old = tree[key]
            if isinstance(old, CommentedMap) and isinstance(new, Mapping):
                _merge(old, new)
            elif not _same(old, new):
                tail = _take_tail(tree, key)
                tree[key] = _node(new)
                _put_tail(tree, key, tail)
        else:
            at = list(tree).index(previous) + 1 if previous is not None else 0
            tail = _take_tail(tree, previous) if previous is not None else None
            tree.insert(at, key, _node(new))
            _put_tail(tree, key, tail)
        previous = key


def _node(value: Any) -> Any:
    """A new value for the tree: mappings and lists that can carry comments, text quoted where
    a YAML 1.1 reader would take it for something else (``no``, ``on``, ``1.0``)."""
    if isinstance(value, Mapping):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = _node(item)
        return node
    if isinstance(value, list):
        return CommentedSeq(_node(item) for item in value)
    if isinstance(value, str):
        if any(c in value for c in BREAKS) or not value.isprintable():
            return DoubleQuotedScalarString(value)
        if _resolves_as_other(value):
            return SingleQuotedScalarString(value)
    return value


def _resolves_as_other(text: str) -> bool:
    import yaml

    tag = yaml.resolver.Resolver().resolve(  # type: ignore[no-untyped-call]
        yaml.ScalarNode, text, (True, False)
    )
    return bool(tag != "tag:yaml.org,2002:str")


# Comments: ruamel keeps the comment lines after an entry (and above the next one) with the last
# scalar of that entry: a mapping's item slot 2, a sequence's item slot 0.


def _tail_slot(container: Any, key: Any) -> tuple[dict[Any, Any], Any, int]:
    value = container[key]
    if isinstance(value, CommentedMap) and value and not value.fa.flow_style():
        return _tail_slot(value, list(value)[-1])
    if isinstance(value, CommentedSeq) and value and not value.fa.flow_style():
        last = len(value) - 1
        if isinstance(value[last], CommentedMap | CommentedSeq):
            return _tail_slot(value, last)
        return value.ca.items, last, 0
    return container.ca.items, key, 2


def _take_tail(container: Any, key: Any) -> str | None:
    """Take the comment lines after ``key``'s entry (its own end-of-line comment stays)."""
    items, slot_key, slot = _tail_slot(container, key)
    entry = items.get(slot_key)
    token = entry[slot] if entry and len(entry) > slot else None
    if not isinstance(token, CommentToken) or "\n" not in token.value:
        return None
    first, _, rest = token.value.partition("\n")
    if not rest:
        return None
    token.value = first + "\n"
    return rest


def _put_tail(container: Any, key: Any, tail: str | None) -> None:
    """Put comment lines after ``key``'s entry."""
    if not tail:
        return
    items, slot_key, slot = _tail_slot(container, key)
    entry = items.setdefault(slot_key, [None, None, None, None])
    while len(entry) <= slot:
        entry.append(None)
    token = entry[slot]
    if isinstance(token, CommentToken):
        token.value = token.value.rstrip("\n") + "\n" + tail
    else:
        entry[slot] = CommentToken("\n" + tail, CommentMark(0), None)
