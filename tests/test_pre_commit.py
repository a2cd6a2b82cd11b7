"""The hooks of ``.pre-commit-hooks.yaml``, run by pre-commit itself against a project of its own.

pre-commit installs crmrisk from this repository into a virtual environment of its own (with its
dependencies from the package index), as it would for a user: slow (tens of seconds), so it is
done once for the module. The hook source is a snapshot of this working tree (tracked and
untracked files, as git would list them) committed in a temporary repository, so the test checks
what is on disk, committed or not. pre-commit, pip and git keep everything under the test's
temporary folder (their homes and caches point there).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLES, REPO, tool

pytestmark = pytest.mark.slow

pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install '.[test]')")

MANIFEST = REPO / ".pre-commit-hooks.yaml"


@dataclass
class Project:
    """A git repository that uses the hooks, and how to run things in it."""

    path: Path
    env: dict[str, str]
    rev: str

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(args),
            cwd=self.path,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )

    def git(self, *args: str) -> subprocess.CompletedProcess[str]:
        done = self.run("git", *args)
        assert done.returncode == 0, done.stderr
        return done

    def pre_commit(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run(sys.executable, "-m", "pre_commit", *args, "--color", "never")

    def write(self, name: str, text: str) -> Path:
        path = self.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path


def _isolated_env(root: Path) -> dict[str, str]:
    home = root / "home"
    home.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CRMRISK_", "GIT_", "PRE_COMMIT", "VIRTUAL_ENV"))
    }
    env.update(
        HOME=str(home),
        XDG_CACHE_HOME=str(root / "cache"),
        XDG_CONFIG_HOME=str(root / "config"),
        PRE_COMMIT_HOME=str(root / "pre-commit"),
        PIP_CACHE_DIR=str(root / "cache" / "pip"),
        VIRTUALENV_OVERRIDE_APP_DATA=str(root / "cache" / "virtualenv"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="crmrisk tests",
        GIT_AUTHOR_EMAIL="tests@crmrisk.invalid",
        GIT_COMMITTER_NAME="crmrisk tests",
        GIT_COMMITTER_EMAIL="tests@crmrisk.invalid",
        NO_COLOR="1",
    )
    return env


def _snapshot(source: Path, env: dict[str, str]) -> str:
    """This working tree as one commit in ``source``; its sha."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "surrogateescape")
    for name in filter(None, listed.split("\0")):
        file = REPO / name
        if file.is_file():  # a file deleted but not yet staged is not copied
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, source / name, follow_symlinks=False)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "snapshot"]):
        subprocess.run(["git", *args], cwd=source, env=env, check=True, capture_output=True)
    return subprocess.run(
        ["git", "rev-parse", "HEAD"],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    tool("git")
    root = tmp_path_factory.mktemp("pre-commit")
    env = _isolated_env(root)
    source = root / "crmrisk"
    source.mkdir()
    rev = _snapshot(source, env)
    path = root / "project"
    path.mkdir()
    made = Project(path, env, rev)
    made.git("init", "-q")
    config = {
        "repos": [
            {
                "repo": str(source),
                "rev": rev,
                "hooks": [{"id": "crmrisk-score"}, {"id": "crmrisk-validate"}],
            }
        ]
    }
    made.write(".pre-commit-config.yaml", yaml.safe_dump(config, sort_keys=False))
    started = time.monotonic()
    installed = made.pre_commit("install-hooks")
    print(f"\npre-commit install-hooks: {time.monotonic() - started:.1f} s")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    yield made


def test_the_manifest_has_both_hooks_as_documented() -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))}
    assert set(hooks) == {"crmrisk-score", "crmrisk-validate"}
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["entry"].startswith("crmrisk ")
        assert hook["pass_filenames"] is True and hook["require_serial"] is False
    score, validate = hooks["crmrisk-score"], hooks["crmrisk-validate"]
    assert score["args"] == ["--fail-on", "high"] and score["files"] == r"\.(ya?ml|json)$"

    def scored(path: str) -> bool:
        return bool(re.search(score["files"], path)) and not re.search(score["exclude"], path)

    def validated(path: str) -> bool:
        return bool(re.search(validate["files"], path))

    for path in ("answers/acme.yaml", "acme.yml", "sub/acme.json", "mybanks/acme.yaml"):
        assert scored(path) and not validated(path), path
    for path in ("banks/own.yaml", "bank/own.yml", "sub/banks/own.yaml", "own.bank.yaml"):
        assert validated(path) and not scored(path), path
    for path in (".pre-commit-config.yaml", ".github/workflows/ci.yml", ".gitlab-ci.yml"):
        assert not scored(path) and not validated(path), path


def test_a_risky_answer_file_stops_the_commit_until_its_answers_are_fixed(
    project: Project,
) -> None:
    project.write("answers/acme.yaml", (EXAMPLES / "high-risk-key-account.yaml").read_text())
    # A bank the project keeps (by the convention: a banks/ folder) is checked, not scored.
    bank = (REPO / "crm_risk" / "questions" / "seven-questions.yaml").read_text(encoding="utf-8")
    project.write("banks/our-questions.yaml", bank)
    assert project.pre_commit("install").returncode == 0
    project.git("add", "-A")

    started = time.monotonic()
    refused = project.run("git", "commit", "-m", "risky answers")
    output = refused.stdout + refused.stderr
    assert refused.returncode == 1, output
    assert re.search(r"crmrisk score\.+Failed", output), output
    assert re.search(r"crmrisk validate\.+Passed", output), output
    # The findings of the failing file, and why it failed.
    assert "Northwind key-account sales CRM" in output
    words = " ".join(output.split())  # the report is wrapped to the width pre-commit gives
    assert "Findings and advice Critical Why would frontline staff use the system?" in words
    assert "Advice: Stop guessing: book five to ten minutes face to face with the sponsor" in words
    assert (
        "crmrisk: --fail-on high reached by 1 of the files: answers/acme.yaml (critical)" in output
    )
    assert "not an answer file" not in output  # neither the bank nor the config was scored
    assert project.run("git", "rev-parse", "HEAD").returncode != 0  # nothing committed

    project.write("answers/acme.yaml", (EXAMPLES / "healthy-service.yaml").read_text())
    project.git("add", "-A")
    accepted = project.run("git", "commit", "-m", "answers after the kickoff")
    output = accepted.stdout + accepted.stderr
    assert accepted.returncode == 0, output
    assert re.search(r"crmrisk score\.+Passed", output), output
    print(f"\ngit commit with the hooks, twice: {time.monotonic() - started:.1f} s")


def test_a_broken_bank_fails_the_validate_hook(project: Project) -> None:
    project.write("banks/broken.yaml", "id: broken\nquestions: []\n")
    done = project.pre_commit("run", "--files", "banks/broken.yaml")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert re.search(r"crmrisk score\.+\(no files to check\)Skipped", output), output
    assert re.search(r"crmrisk validate\.+Failed", output), output
    assert "crmrisk: error: banks/broken.yaml" in output


def test_args_set_the_threshold(project: Project) -> None:
    doc = yaml.safe_load((EXAMPLES / "healthy-service.yaml").read_text(encoding="utf-8"))
    doc["answers"]["sponsor-value"] = {"choice": "assumed"}  # an elevated file
    project.write("answers/elevated.yaml", yaml.safe_dump(doc, allow_unicode=True))
    default = project.pre_commit("run", "--files", "answers/elevated.yaml")
    assert default.returncode == 0, default.stdout

    config = yaml.safe_load((project.path / ".pre-commit-config.yaml").read_text())
    config["repos"][0]["hooks"] = [{"id": "crmrisk-score", "args": ["--fail-on", "elevated"]}]
    project.write("strict.yaml", yaml.safe_dump(config, sort_keys=False))
    strict = project.pre_commit(
        "run", "--config", "strict.yaml", "--files", "answers/elevated.yaml"
    )
    assert strict.returncode == 1, strict.stdout
    assert (
        "crmrisk: --fail-on elevated reached by 1 of the files: answers/elevated.yaml (medium)"
        in (strict.stdout)
    )
