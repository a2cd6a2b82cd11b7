"""Packaging as a user meets it: the wheel holds the package, its banks, templates and schemas and
nothing else; installed into a fresh virtual environment (and with pipx) it works from another
folder; the version is set in one place.

The wheel is built by ``pip wheel`` (the same PEP 517 build, in an isolated environment, as
``pip install .`` and pipx do; ``build`` would add a dependency for no difference here) from a
copy of the checkout, so that setuptools' ``build/`` and ``*.egg-info`` stay out of the checkout
and a stale ``build/`` there cannot leak into the wheel. One build and one environment serve the
whole session (about 25 s, most of it pip installing the dependencies).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from email.parser import Parser
from pathlib import Path

import pytest

import crm_risk
from tests.conftest import EXAMPLES, REPO

pytestmark = pytest.mark.slow

PACKAGE = REPO / "crm_risk"
#: Not copied to build from: what git ignores, and what only a checkout has.
IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
)


def _env() -> dict[str, str]:
    """The environment of a user's shell: no PYTHONPATH pointing into the checkout."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}


def _run(*args: str | Path, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env={**_env(), **env},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, (args, result.stdout[-2000:], result.stderr[-4000:])
    return result


@pytest.fixture(scope="session")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the checkout to build from."""
    copy = tmp_path_factory.mktemp("source") / "crmrisk"
    shutil.copytree(REPO, copy, symlinks=True, ignore=IGNORED)
    return copy


@pytest.fixture(scope="session")
def wheel(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, source, cwd=dist)
    (built,) = dist.glob("*.whl")
    return built


@pytest.fixture(scope="session")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel (and its dependencies) installed."""
    where = tmp_path_factory.mktemp("venv")
    _run(sys.executable, "-m", "venv", where / "env", cwd=where)
    _run(where / "env" / "bin" / "pip", "install", "-q", wheel, "pipx", cwd=where)
    return where / "env"


@pytest.fixture
def elsewhere(tmp_path: Path) -> Iterator[Path]:
    """A folder that is not the checkout, with nothing in it."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    yield folder


def test_the_wheel_holds_the_package_and_its_data_only(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    info = f"crmrisk-{crm_risk.__version__}.dist-info/"
    assert all(name.startswith(("crm_risk/", info)) for name in names), names
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/", "examples/"))]
    files = {
        path.relative_to(REPO).as_posix()
        for pattern in ("*.py", "questions/*.yaml", "templates/*", "schemas/*.json", "py.typed")
        for path in PACKAGE.rglob(pattern)
        if "__pycache__" not in path.parts
    }
    assert len([f for f in files if f.startswith("crm_risk/questions/")]) == 5
    assert len([f for f in files if f.startswith("crm_risk/schemas/")]) == 3
    assert {name for name in names if name.startswith("crm_risk/")} == files


def test_the_version_is_set_in_one_place(wheel: Path) -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "crm_risk.__version__"}
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(f"crmrisk-{crm_risk.__version__}.dist-info/METADATA")
        entry_points = archive.read(f"crmrisk-{crm_risk.__version__}.dist-info/entry_points.txt")
    assert Parser().parsestr(metadata.decode())["Version"] == crm_risk.__version__
    assert "crmrisk = crm_risk.entry:main" in entry_points.decode()


def test_the_installed_command_works_from_another_folder(venv: Path, elsewhere: Path) -> None:
    crmrisk = venv / "bin" / "crmrisk"
    example = EXAMPLES / "high-risk-key-account.yaml"
    report = _run(crmrisk, "score", example, cwd=elsewhere, COLUMNS="80").stdout
    assert "Northwind key-account sales CRM" in report
    banks = json.loads(
        _run(crmrisk, "questions", "--bank", "all", "--format", "json", cwd=elsewhere).stdout
    )
    assert [len(bank["questions"]) > 0 for bank in banks["banks"]] == [True] * 5
    _run(crmrisk, "report", example, "-o", "report.html", cwd=elsewhere)  # the templates
    assert "<svg" in (elsewhere / "report.html").read_text(encoding="utf-8")
    version = _run(venv / "bin" / "python", "-m", "crm_risk", "--version", cwd=elsewhere)
    assert version.stdout == f"crmrisk {crm_risk.__version__}\n"
    where = _run(
        venv / "bin" / "python", "-c", "import crm_risk; print(crm_risk.__file__)", cwd=elsewhere
    )
    assert Path(where.stdout.strip()).is_relative_to(venv)  # the installed copy, not the checkout
    schemas = Path(where.stdout.strip()).parent / "schemas"
    assert sorted(p.name for p in schemas.iterdir()) == sorted(
        p.name for p in (PACKAGE / "schemas").glob("*.json")
    )


def test_pipx_installs_it_from_the_checkouts_path(
    venv: Path, source: Path, elsewhere: Path, tmp_path: Path
) -> None:
    pipx = {
        "PIPX_HOME": str(tmp_path / "pipx"),
        "PIPX_BIN_DIR": str(tmp_path / "bin"),
        "PIPX_MAN_DIR": str(tmp_path / "man"),
    }
    _run(venv / "bin" / "pipx", "install", source, cwd=elsewhere, **pipx)
    crmrisk = tmp_path / "bin" / "crmrisk"
    assert _run(crmrisk, "--version", cwd=elsewhere).stdout == f"crmrisk {crm_risk.__version__}\n"
    banks = _run(crmrisk, "banks", "--format", "json", cwd=elsewhere).stdout
    assert len(json.loads(banks)["banks"]) == 5
    assert (
        "_CRMRISK_COMPLETE=bash_complete"
        in _run(crmrisk, "completion", "bash", cwd=elsewhere).stdout
    )
