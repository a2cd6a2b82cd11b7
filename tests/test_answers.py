"""Answer files: YAML and JSON, YAML that means what it says, and every mismatch located."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crm_risk.loading import load_answers, load_answers_file
from crm_risk.scoring import score

YESNO_BANK = """\
id: yesno-bank
version: "2"
languages: [en]
title: {en: Yes and no}
phases:
  - {id: only, title: {en: Only}}
grades:
  - {id: low, label: {en: Low}, min: 0}
  - {id: high, label: {en: High}, min: 0.5}
questions:
  - id: sponsor
    phase: only
    type: yesno
    text: {en: Does the sponsor care?}
    choices:
      - {id: "yes", risk: 0}
      - {id: "no", risk: 1}
  - id: switch
    phase: only
    type: choice
    text: {en: Is the old system switched off or on?}
    choices:
      - {id: "off", label: {en: Switched off}, risk: 0}
      - {id: "on", label: {en: Still on}, risk: 1}
  - id: tools
    phase: only
    type: multi
    combine: sum
    text: {en: Which gaps exist?}
    choices:
      - {id: training, label: {en: No training}, risk: 0.25}
      - {id: data, label: {en: Dirty data}, risk: 0.5}
      - {id: owner, label: {en: No owner}, risk: 0.5}
  - id: rating
    phase: only
    type: scale
    min: 1
    max: 5
    text: {en: How ready is the team?}
    bands:
      - {min: 1, max: 3, risk: 1}
      - {min: 3, max: 5, risk: 0}
"""


@pytest.fixture
def yesno_bank(tmp_path: Path) -> Path:
    path = tmp_path / "yesno-bank.yaml"
    path.write_text(YESNO_BANK, encoding="utf-8")
    return path


def write(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_no_and_on_are_choice_ids_not_booleans(tmp_path: Path, yesno_bank: Path) -> None:
    path = write(
        tmp_path,
        "bank: yesno-bank.yaml\nproject: P\nanswers:\n  sponsor: {choice: no}\n  switch: {choice: on}\n",
    )
    loaded = load_answers_file(path)
    assert loaded.answers.answers["sponsor"].choice == "no"  # type: ignore[union-attr]
    assert loaded.answers.answers["switch"].choice == "on"  # type: ignore[union-attr]
    result = score(loaded.bank, loaded.answers)
    assert result.question("sponsor").risk == 1.0
    assert result.question("switch").risk == 1.0


def test_true_is_not_a_choice_id(tmp_path: Path, yesno_bank: Path, cli: Callable[..., Any]) -> None:
    path = write(
        tmp_path, "bank: yesno-bank.yaml\nproject: P\nanswers:\n  sponsor: {choice: true}\n"
    )
    result = cli("validate", path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"crmrisk: error: {path}:4:21: answers.sponsor.choice: "
        "true/false is not a choice id; write the choice id (quote it if needed)\n"
    )


def test_multi_sum_and_scale_answers(tmp_path: Path, yesno_bank: Path) -> None:
    path = write(
        tmp_path,
        "bank: yesno-bank.yaml\nproject: P\nanswers:\n"
        "  tools: {choices: [training, data]}\n  rating: {value: 4}\n",
    )
    loaded = load_answers_file(path)
    result = score(loaded.bank, loaded.answers)
    assert result.question("tools").risk == pytest.approx(0.75)
    assert result.question("rating").risk == 0.0


def test_json_answer_files_are_read(write_answers: Callable[..., Path]) -> None:
    path = write_answers({"sponsor-value": {"choice": "assumed", "note": "体谅"}}, name="a.json")
    answers = load_answers(path)
    assert answers.answers["sponsor-value"].note == "体谅"  # type: ignore[union-attr]


def test_bank_path_is_relative_to_the_answer_file(tmp_path: Path, yesno_bank: Path) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    path = write(sub, "bank: ../yesno-bank.yaml\nproject: P\nanswers: {}\n")
    assert load_answers_file(path).bank.id == "yesno-bank"


def test_bank_version_mismatch_is_named(
    tmp_path: Path, yesno_bank: Path, cli: Callable[..., Any]
) -> None:
    path = write(tmp_path, "bank: yesno-bank.yaml\nbank_version: '1'\nproject: P\nanswers: {}\n")
    result = cli("validate", path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"crmrisk: error: {path}:2:15: bank_version: answers were written for yesno-bank "
        "version 1, but the bank is version 2 and has no migration from 1\n"
    )


ERRORS = [
    pytest.param(
        "answers:\n  no-such-question: {choice: x}\n",
        "4:3: answers.no-such-question: unknown question 'no-such-question' in bank seven-questions; "
        "questions: sponsor-value, core-value, frontline-benefit, budget-for-delivery, "
        "frontline-can-work-without, managers-can-manage-without, operations-team-weak",
        id="unknown-question",
    ),
    pytest.param(
        "answers:\n  core-value: {choice: maybe}\n",
        "4:24: answers.core-value.choice: unknown choice 'maybe' for core-value; "
        "valid: one-focused, few-priorities, full-blueprint, none, unknown",
        id="unknown-choice",
    ),
    pytest.param(
        "answers:\n  budget-for-delivery: {value: 140}\n",
        "4:32: answers.budget-for-delivery.value: 140 is out of range 0..100",
        id="out-of-range",
    ),
    pytest.param(
        "answers:\n  core-value: {value: 3}\n",
        "4:15: answers.core-value: choice question 'core-value' takes `choice: <id>`; "
        "valid: one-focused, few-priorities, full-blueprint, none, unknown",
        id="wrong-answer-type",
    ),
    pytest.param(
        "answers:\n  budget-for-delivery: {choice: thirty}\n",
        "4:24: answers.budget-for-delivery: number question 'budget-for-delivery' takes "
        "`value: <number>` or `choice: unknown`",
        id="choice-for-number",
    ),
    pytest.param(
        "answers:\n  core-value: [one-focused]\n",
        "4:15: answers.core-value: expected a mapping (key: value), found a list",
        id="list-instead-of-mapping",
    ),
    pytest.param(
        "context: {crm_kind: retail}\nanswers: {}\n",
        "3:21: context.crm_kind: unknown crm_kind 'retail'; valid: after-sales-service, key-account-sales, other",
        id="unknown-crm-kind",
    ),
    pytest.param(
        "respondent: {name: A, role: boss}\nanswers: {}\n",
        "3:29: respondent.role: must be one of 'sponsor', 'project-lead', 'frontline', "
        "'line-manager', 'operations', 'consultant' or 'other'",
        id="unknown-role",
    ),
    pytest.param(
        "answers:\n  core-value: {choice: none}\n  core-value: {choice: one-focused}\n",
        "5:3: duplicate key 'core-value' (first at line 4)",
        id="duplicate-key",
    ),
    pytest.param(
        "extra: 1\nanswers: {}\n",
        "3:1: extra: unknown field",
        id="unknown-field",
    ),
]


@pytest.mark.parametrize(("body", "expected"), ERRORS)
def test_answer_problems_are_located_and_named(
    tmp_path: Path, cli: Callable[..., Any], body: str, expected: str
) -> None:
    path = write(tmp_path, "bank: seven-questions\nproject: P\n" + body)
    for command in ("validate", "score", "report"):
        result = cli(command, path)
        assert result.exit_code == 2, command
        assert result.stdout == ""
        assert result.stderr == f"crmrisk: error: {path}:{expected}\n", command


def test_yaml_syntax_errors_are_located(tmp_path: Path, cli: Callable[..., Any]) -> None:
    path = write(tmp_path, "bank: seven-questions\nproject: P\nanswers: {colour: blue\n")
    result = cli("validate", path)
    assert result.exit_code == 2
    # Where the parser got lost (the end), and what to do: close the brace opened on line 3.
    assert result.stderr == (
        f"crmrisk: error: {path}:4:1: the '{{' opened at line 3, column 10 is not closed, or two "
        "of its items lack a comma between them\n"
    )
    debug = cli("--debug", "validate", path)
    assert "crmrisk: debug: in the parser's words: while parsing a flow mapping" in debug.stderr


def test_unknown_bank_id_lists_shipped_banks(tmp_path: Path, cli: Callable[..., Any]) -> None:
    path = write(tmp_path, "bank: eight-questions\nproject: P\nanswers: {}\n")
    result = cli("score", path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"crmrisk: error: {path}:1:7: bank: unknown bank 'eight-questions'; shipped banks: "
        "seven-questions, requirements-research, implementation-practice, strategic-errors, management-system (or give a path to a bank file)\n"
    )


def test_every_problem_in_an_answer_file_is_reported(
    tmp_path: Path, cli: Callable[..., Any]
) -> None:
    path = write(
        tmp_path,
        "bank: seven-questions\nproject: P\nanswers:\n"
        "  core-value: {choice: maybe}\n  nope: {choice: x}\n  budget-for-delivery: {value: -5}\n",
    )
    result = cli("validate", path)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert [line.split(": ")[3] for line in lines] == [
        "answers.core-value.choice",
        "answers.nope",
        "answers.budget-for-delivery.value",
    ]


def test_empty_and_non_mapping_files(tmp_path: Path, cli: Callable[..., Any]) -> None:
    empty = write(tmp_path, "", "empty.yaml")
    listing = write(tmp_path, "- a\n- b\n", "list.yaml")
    result = cli("validate", empty, listing)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"crmrisk: error: {empty}: the file is empty",
        f"crmrisk: error: {listing}:1:1: expected a mapping at the top level, found a list",
    ]


def test_missing_answers_are_unanswered_not_errors(write_answers: Callable[..., Path]) -> None:
    loaded = load_answers_file(write_answers({"core-value": {"note": "asked later"}}))
    result = score(loaded.bank, loaded.answers)
    assert len(result.unanswered) == 7
    assert result.question("core-value").note == "asked later"


def test_an_impossible_date_does_not_hide_the_other_problems(
    tmp_path: Path, cli: Callable[..., Any]
) -> None:
    path = write(
        tmp_path,
        "bank: seven-questions\nproject: P\ndate: 2026-02-30\n"
        "respondent: {name: A, role: boss}\nextra: 1\nanswers: {}\n",
    )
    result = cli("validate", path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"crmrisk: error: {path}:3:7: date: '2026-02-30' is not a valid date: day value is outside expected range",
        f"crmrisk: error: {path}:4:29: respondent.role: must be one of 'sponsor', 'project-lead', "
        "'frontline', 'line-manager', 'operations', 'consultant' or 'other'",
        f"crmrisk: error: {path}:5:1: extra: unknown field",
    ]
