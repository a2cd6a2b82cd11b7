"""The shape of the code, checked: module sizes, the pure core's imports, exit codes, the renderer
registry. (STYLE.md: a functional core, a thin shell, one file one job.)"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from crm_risk.errors import ExitCode, UsageError
from tests.conftest import REPO

PACKAGE = REPO / "crm_risk"
MAX_LINES = 400
#: What the scoring core (scoring and everything it imports from crm_risk) may not import.
NOT_IN_THE_CORE = {"yaml", "rich", "typer", "os", "click", "jinja2", "subprocess", "pathlib"}


def _module_file(name: str) -> Path | None:
    parts = name.split(".")
    if parts[0] != "crm_risk":
        return None
    base = PACKAGE.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def _imports(path: Path) -> set[str]:
    """Every module a file imports at module level or in a function (``TYPE_CHECKING`` blocks
    excepted: they never run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _closure(start: str) -> dict[str, set[str]]:
    """Each crm_risk module reachable from ``start``, with what it imports."""
    seen: dict[str, set[str]] = {}
    todo = [start]
    while todo:
        name = todo.pop()
        path = _module_file(name)
        if name in seen or path is None:
            continue
        seen[name] = _imports(path)
        parents = name.split(".")
        todo += [".".join(parents[:i]) for i in range(2, len(parents))]  # package __init__s
        todo += [m for m in seen[name] if m.startswith("crm_risk")]
    return seen


def test_no_module_is_over_400_lines() -> None:
    sizes = {
        str(p.relative_to(REPO)): len(p.read_text(encoding="utf-8").splitlines())
        for p in PACKAGE.rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


@pytest.mark.parametrize(
    "core",
    [
        "crm_risk.scoring",
        "crm_risk.group",
        "crm_risk.migrate",
        "crm_risk.fitting",
        "crm_risk.compare",
        "crm_risk.selfcheck",
        "crm_risk.assess",
        "crm_risk.room",
    ],
)
def test_the_scoring_core_imports_no_io_library(core: str) -> None:
    closure = _closure(core)
    assert core in closure and "crm_risk.bank" in closure
    offending = {
        module: sorted(m for m in imports if m.split(".")[0] in NOT_IN_THE_CORE)
        for module, imports in closure.items()
    }
    assert {m: i for m, i in offending.items() if i} == {}


def test_the_readme_exit_code_table_is_the_enum() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Exit codes and errors", 1)[1].split("\n#", 1)[0]
    rows = re.findall(r"^\| (\d+) \| (.+?) \|$", section, flags=re.M)
    assert sorted(int(code) for code, _ in rows) == sorted(code.value for code in ExitCode)


def test_a_format_that_cannot_show_a_view_is_a_usage_error() -> None:
    from crm_risk.i18n import Lang
    from crm_risk.render.registry import render
    from crm_risk.views.model import BatchView

    with pytest.raises(UsageError, match=r"--format table cannot show a batch of files; "):
        render("table", BatchView(Lang.en, iter(())))
    with pytest.raises(UsageError, match=r"unknown format 'pdf'; formats: table, markdown, json"):
        render("pdf", BatchView(Lang.en, iter(())))
