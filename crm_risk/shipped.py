"""The banks that ship with crmrisk, by id, in the order of a full health check.

Light on purpose (no pydantic, no YAML): shell completion lists them on every Tab.
"""

from __future__ import annotations

import functools
from importlib import resources

#: The bank used when an answer file or a command names none.
DEFAULT_BANK = "seven-questions"

#: The shipped banks in the order of a full health check: the rapid test first, then the deeper
#: checks as the methodology's articles run (001 to 004).
SHIPPED_ORDER = (
    DEFAULT_BANK,
    "requirements-research",
    "implementation-practice",
    "strategic-errors",
    "management-system",
)


@functools.cache
def _shipped_ids() -> tuple[str, ...]:
    folder = resources.files("crm_risk") / "questions"
    names = sorted(
        entry.name.removesuffix(".yaml")
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    )
    rank = {name: index for index, name in enumerate(SHIPPED_ORDER)}
    return tuple(sorted(names, key=lambda name: (rank.get(name, len(rank)), name)))


def shipped_bank_ids() -> list[str]:
    """Ids of the banks that ship with crmrisk, in :data:`SHIPPED_ORDER` (any other by name);
    a bank's file is named after its id. Listed once per process: every bank reference of every
    file in a batch asks."""
    return list(_shipped_ids())
