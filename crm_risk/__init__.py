"""crmrisk: a rapid risk check for CRM projects.

The public API (``load_bank``, ``load_answers``, ``score``, ``score_file``) is imported lazily so that
``crmrisk --version`` and ``--help`` start without loading pydantic or PyYAML.
"""

from __future__ import annotations

# Not `from typing import TYPE_CHECKING`: `crmrisk --version` imports this package, and typing
# alone costs it a tenth of a bare Python start. Type checkers read the constant the same way.
TYPE_CHECKING = False

__version__ = "0.2.0"

__all__ = ["CrmRiskError", "__version__", "load_answers", "load_bank", "score", "score_file"]

if TYPE_CHECKING:
    from crm_risk.banks import load_bank
    from crm_risk.errors import CrmRiskError
    from crm_risk.loading import load_answers, score_file
    from crm_risk.scoring import score

_LAZY = {
    "load_bank": "crm_risk.banks",
    "load_answers": "crm_risk.loading",
    "score_file": "crm_risk.loading",
    "score": "crm_risk.scoring",
    "CrmRiskError": "crm_risk.errors",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'crm_risk' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
