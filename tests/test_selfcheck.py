"""The bank author's self-check, run by ``crmrisk validate BANK``: each kind of senseless bank is
caught, naming the phase, question and grade ids; the shipped banks pass it."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from crm_risk.bank import Bank
from crm_risk.banks import load_bank, shipped_bank_ids
from crm_risk.rules import format_path
from crm_risk.selfcheck import self_check

Cli = Callable[..., Any]


def _text(value: str) -> dict[str, str]:
    return {"en": value}


def _bank() -> dict[str, Any]:
    """A sensible bank: two questions in one phase, three grades, each reachable."""

    def question(qid: str) -> dict[str, Any]:
        return {
            "id": qid,
            "phase": "p",
            "type": "choice",
            "text": _text(qid),
            "choices": [
                {"id": "good", "label": _text("good"), "risk": 0},
                {"id": "some", "label": _text("some"), "risk": 0.5},
                {"id": "bad", "label": _text("bad"), "risk": 1},
            ],
        }

    return {
        "id": "sensible",
        "version": "1",
        "languages": ["en"],
        "title": _text("Sensible"),
        "phases": [{"id": "p", "title": _text("P")}],
        "grades": [
            {"id": "low", "label": _text("Low"), "min": 0},
            {"id": "medium", "label": _text("Medium"), "min": 0.3},
            {"id": "high", "label": _text("High"), "min": 0.7},
        ],
        "questions": [question("q1"), question("q2")],
    }


def _broken(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    bank = copy.deepcopy(_bank())
    change(bank)
    return bank


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(bank: dict[str, Any]) -> None:
        target = bank
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


CASES = {
    # Two questions of risks 0, 0.5, 1 average to 0, 0.25, 0.5, 0.75 or 1: never 0.55-0.6.
    "unreachable grade": (
        lambda b: (_set(("grades", 1, "min"), 0.55)(b), _set(("grades", 2, "min"), 0.6)(b)),
        "phases[0]: self-check: in phase 'p' no answers give grade 'medium'",
    ),
    # Every answer risky: the lowest-risk answers are not the lowest grade.
    "lowest answers not lowest": (
        lambda b: [
            c.update(risk=max(c["risk"], 0.4)) for q in b["questions"] for c in q["choices"]
        ],
        "phases[0]: self-check: the lowest-risk answers give phase 'p' grade 'medium', "
        "not the lowest grade 'low'",
    ),
    # No answer riskier than 0.6: the highest grade is out of reach of the worst answers.
    "highest answers not highest": (
        lambda b: [
            c.update(risk=min(c["risk"], 0.6)) for q in b["questions"] for c in q["choices"]
        ],
        "phases[0]: self-check: the highest-risk answers give phase 'p' grade 'medium', "
        "not the highest grade 'high'",
    ),
    # A question whose answers all weigh the same cannot move its phase.
    "question that cannot move": (
        lambda b: [c.update(risk=0.5) for c in b["questions"][1]["choices"]],
        "questions[1]: self-check: question 'q2' cannot move its phase's score: every answer "
        "has the same risk",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_the_self_check_catches_each_kind_of_broken_bank(
    cli: Cli, tmp_path: Path, name: str
) -> None:
    change, expected = CASES[name]
    path = tmp_path / "bank.yaml"
    path.write_text(yaml.safe_dump(_broken(change)), encoding="utf-8")
    result = cli("validate", path)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert any(
        line.endswith(expected) and line.startswith(f"crmrisk: error: {path}:") for line in lines
    ), lines
    assert self_check(Bank.model_validate(_broken(change))) != []


def test_a_sensible_bank_passes(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(yaml.safe_dump(_bank()), encoding="utf-8")
    result = cli("validate", path)
    assert (result.exit_code, result.stderr) == (0, "")


def test_a_decisive_answer_can_make_a_grade_reachable() -> None:
    """'medium' needs 0.55-0.6 by the score alone; a decisive answer reaches it anyway."""
    bank = _broken(CASES["unreachable grade"][0])
    assert self_check(Bank.model_validate(bank)) != []
    for choice in bank["questions"][0]["choices"][1:]:
        choice["decisive"] = "medium"
    assert self_check(Bank.model_validate(bank)) == []


@pytest.mark.parametrize("name", CASES)
def test_a_phase_where_every_answer_may_be_not_applicable_is_still_checked(name: str) -> None:
    """n/a everywhere would leave the phase ungraded: the check judges the answers that grade."""
    change, expected = CASES[name]
    bank = _broken(change)
    for question in bank["questions"]:
        question["allow_na"] = True
    sensible = _bank()
    for question in sensible["questions"]:
        question["allow_na"] = True
    assert self_check(Bank.model_validate(sensible)) == []
    problems = [f"{format_path(p)}: {m}" for p, m in self_check(Bank.model_validate(bank))]
    assert expected in problems
    plain = [f"{format_path(p)}: {m}" for p, m in self_check(Bank.model_validate(_broken(change)))]
    assert problems == plain  # allowing n/a changes nothing the check finds


@pytest.mark.parametrize("bank_id", shipped_bank_ids())
def test_every_shipped_bank_passes_the_self_check(cli: Cli, bank_id: str) -> None:
    assert self_check(load_bank(bank_id)) == []
    path = Path(__file__).parent.parent / "crm_risk" / "questions" / f"{bank_id}.yaml"
    result = cli("validate", path)
    assert result.exit_code == 0, result.stderr
    version = load_bank(bank_id).version
    assert result.stdout == f"{path}: valid bank {bank_id} {version}\n"
