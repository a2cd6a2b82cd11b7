"""Shared fixtures: the shipped bank, answer-file writers and a CLI runner with a clean environment."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from crm_risk.bank import Bank
from crm_risk.banks import load_bank
from crm_risk.cli import app

REPO = Path(__file__).resolve().parent.parent

#: Property tests run light by default (fast enough before every commit) and heavy in CI, where
#: `.ci/run` sets CRMRISK_TEST_PROFILE=heavy.
HEAVY = os.environ.get("CRMRISK_TEST_PROFILE") == "heavy"


def tool(name: str, package: str | None = None) -> str:
    """The path of a program some tests need (a browser, a shell, poppler): a skip that says how
    to install it where it is missing, or a failure where ``CRMRISK_REQUIRE_TOOLS`` is set
    (``.ci/run`` sets it once it has them all, so CI never passes without these tests)."""
    found = shutil.which(name)
    if found is not None:
        return found
    why = f"{name} is not installed (Debian: apt-get install {package or name})"
    if os.environ.get("CRMRISK_REQUIRE_TOOLS"):
        pytest.fail(why)
    pytest.skip(why)


def examples(heavy: int) -> int:
    """How many examples a property test draws: ``heavy`` in CI, a fifth of it (at least 20) by
    default."""
    return heavy if HEAVY else max(20, heavy // 5)


EXAMPLES = REPO / "examples"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests see English, no colour settings and a fixed width, whatever the machine has."""
    for name in (
        "CRMRISK_LANG",
        "LC_ALL",
        "LC_MESSAGES",
        "LANG",
        "NO_COLOR",
        "FORCE_COLOR",
        "CRMRISK_DEBUG",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    yield


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank("seven-questions")


def answer_doc(bank: Bank, picks: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """An answer document for ``bank``: ``picks`` maps question id to an answer mapping."""
    doc: dict[str, Any] = {
        "bank": bank.id,
        "project": "Test project",
        "respondent": {"name": "Tester", "role": "consultant"},
        "date": "2026-11-22",
        "answers": picks or {},
    }
    doc.update(fields)
    return doc


def lowest_answers(bank: Bank) -> dict[str, Any]:
    """The lowest-risk answer to every question."""
    return {q.id: best_answer(q) for q in bank.questions}


def highest_answers(bank: Bank) -> dict[str, Any]:
    """The highest-risk (non-unknown) answer to every question."""
    return {q.id: worst_answer(q) for q in bank.questions}


def best_answer(question: Any) -> dict[str, Any]:
    if question.choices is not None:
        best = min(question.choices, key=lambda c: (c.risk, c.red_flag))
        return {"choices": [best.id]} if question.type == "multi" else {"choice": best.id}
    band = min(question.bands, key=lambda b: b.risk)
    return {"value": band.min}


def worst_answer(question: Any) -> dict[str, Any]:
    if question.choices is not None:
        worst = max(question.choices, key=lambda c: (c.risk, c.red_flag))
        return {"choices": [worst.id]} if question.type == "multi" else {"choice": worst.id}
    band = max(question.bands, key=lambda b: b.risk)
    return {"value": band.min}


@pytest.fixture
def write_answers(tmp_path: Path, bank: Bank) -> Callable[..., Path]:
    """Write an answer file (YAML by default) into the test's directory and return its path."""
    counter = iter(range(10_000))

    def write(picks: dict[str, Any] | None = None, name: str | None = None, **fields: Any) -> Path:
        doc = answer_doc(bank, picks, **fields)
        path = tmp_path / (name or f"answers-{next(counter)}.yaml")
        if path.suffix == ".json":
            path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        else:
            path.write_text(
                yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
        return path

    return write


@pytest.fixture
def cli() -> Callable[..., Any]:
    """Run ``crmrisk`` in-process; returns click's Result (``exit_code``, ``stdout``, ``stderr``)."""
    runner = CliRunner()

    def run(*args: str | Path, input: str | None = None, env: dict[str, str] | None = None) -> Any:
        return runner.invoke(
            app, [str(a) for a in args], input=input, env=env, catch_exceptions=False
        )

    return run
