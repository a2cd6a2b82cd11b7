"""How much one input file may cost to load, and the environment variables that raise the caps.

Answer files and banks come from many hands, so loading is bounded before and while parsing: a
file's size, how deeply its lists and mappings nest, how many YAML aliases it uses, and how many
values it holds once every alias is expanded. The defaults fit real files many times over (a real
answer file is a few KB, about a hundred values, five levels deep and without aliases), and refuse
an alias bomb or ``[[[[...]]]]`` in milliseconds, before anything walks it.

Each cap can be raised by an environment variable (a whole number; ``_`` separators allowed)::

    CRMRISK_MAX_FILE_BYTES   size of one file in bytes          default 1048576 (1 MiB)
    CRMRISK_MAX_DEPTH        nesting of lists and mappings      default 64 (at most 256)
    CRMRISK_MAX_ALIASES      YAML aliases (*name) in one file   default 100
    CRMRISK_MAX_NODES        values after expanding aliases     default 200000
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

from crm_risk.errors import UsageError
from crm_risk.msg import _

#: Deeper documents cannot be loaded safely whatever the setting: the YAML composer and the
#: validators recurse once per level, and too deep a recursion crashes the interpreter.
DEPTH_CEILING = 256

#: Problems shown per file; a file with thousands of wrong answers gets the first ones and a count.
MAX_PROBLEMS_SHOWN = 100


@dataclass(frozen=True)
class Limits:
    """Caps applied to every bank and answer file the tool reads."""

    max_file_bytes: int = 1024 * 1024
    max_depth: int = 64
    max_aliases: int = 100
    max_nodes: int = 200_000

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The defaults, with any cap raised (or lowered) by its environment variable."""
        env = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for field in fields(cls):
            name = ENV_VARS[field.name]
            raw = env.get(name, "").strip()
            if raw:
                values[field.name] = _whole_number(name, raw)
        limits = cls(**values)
        if limits.max_depth > DEPTH_CEILING:
            raise UsageError(
                _(
                    "{variable}: at most {n}; deeper files cannot be loaded safely (got {given})",
                    variable=ENV_VARS["max_depth"],
                    n=DEPTH_CEILING,
                    given=limits.max_depth,
                )
            )
        return limits


#: The environment variable of each cap.
ENV_VARS: dict[str, str] = {
    "max_file_bytes": "CRMRISK_MAX_FILE_BYTES",
    "max_depth": "CRMRISK_MAX_DEPTH",
    "max_aliases": "CRMRISK_MAX_ALIASES",
    "max_nodes": "CRMRISK_MAX_NODES",
}


def _whole_number(name: str, raw: str) -> int:
    try:
        value = int(raw, 10)
    except ValueError:
        value = -1
    if value < 1 and not (value == 0 and name == ENV_VARS["max_aliases"]):
        raise UsageError(
            _("{variable}: expected a positive whole number, not {raw!r}", variable=name, raw=raw)
        )
    return value
