"""Bank files: every rule the core issue names is refused with FILE:LINE:COL and the field path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crm_risk.banks import load_bank, load_bank_file, shipped_bank_ids
from crm_risk.errors import InputError

# Line numbers in the expected messages below refer to this text.
BASE = """\
id: mini
version: "1"
languages: [en]
title: {en: Mini bank}
phases:
  - {id: a, title: {en: A}}
  - {id: b, title: {en: B}}
grades:
  - {id: low, label: {en: Low}, min: 0}
  - {id: high, label: {en: High}, min: 0.5}
questions:
  - id: q1
    phase: a
    type: choice
    text: {en: Q1?}
    choices:
      - {id: good, label: {en: Good}, risk: 0}
      - {id: bad, label: {en: Bad}, risk: 1}
  - id: q2
    phase: b
    type: number
    text: {en: Q2?}
    min: 0
    max: 10
    bands:
      - {min: 0, max: 5, risk: 0}
      - {min: 5, max: 10, risk: 1}
"""


@pytest.fixture
def write_bank(tmp_path: Path) -> Callable[..., Path]:
    def write(*edits: tuple[str, str]) -> Path:
        text = BASE
        for old, new in edits:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        path = tmp_path / "bank.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def errors_of(cli: Callable[..., Any], path: Path) -> list[str]:
    result = cli("validate", path)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    return result.stderr.splitlines()


def test_the_base_bank_is_valid(cli: Callable[..., Any], write_bank: Any) -> None:
    path = write_bank()
    result = cli("validate", path)
    assert result.exit_code == 0
    assert result.stdout == f"{path}: valid bank mini 1\n"


CASES = [
    pytest.param(
        ("id: q2", "id: q1"),
        "{f}:19:9: questions[1].id: duplicate question id 'q1'",
        id="duplicate-question-id",
    ),
    pytest.param(
        ("{id: bad,", "{id: good,"),
        "{f}:18:14: questions[0].choices[1].id: duplicate choice id 'good'",
        id="duplicate-choice-id",
    ),
    pytest.param(
        ("phase: a", "phase: c"),
        "{f}:13:12: questions[0].phase: unknown phase 'c'; phases: a, b",
        id="unknown-phase",
    ),
    pytest.param(
        ("min: 0.5", "min: 0"),
        "{f}:10:40: grades[1].min: grade thresholds must increase: 'high' min 0 is not above 'low' min 0",
        id="unordered-thresholds",
    ),
    pytest.param(
        ("label: {en: Bad}, risk: 1", "label: {en: Bad}, risk: 1.5"),
        "{f}:18:43: questions[0].choices[1].risk: Input should be less than or equal to 1",
        id="risk-above-one",
    ),
    pytest.param(
        ("{en: Good}, risk: 0", "{en: Good}, risk: -0.1"),
        "{f}:17:45: questions[0].choices[0].risk: Input should be greater than or equal to 0",
        id="risk-below-zero",
    ),
    pytest.param(
        ("{min: 5, max: 10", "{min: 6, max: 10"),
        "{f}:27:15: questions[1].bands[1].min: gap in bands: nothing covers 5 to 6",
        id="band-gap",
    ),
    pytest.param(
        ("{min: 5, max: 10", "{min: 4, max: 10"),
        "{f}:27:15: questions[1].bands[1].min: bands overlap: 4 is already covered up to 5",
        id="band-overlap",
    ),
    pytest.param(
        ("max: 10, risk: 1", "max: 9, risk: 1"),
        "{f}:27:23: questions[1].bands[1].max: bands end at 9, not at the question's max 10",
        id="band-short",
    ),
    pytest.param(
        ("languages: [en]", "languages: [en, zh]"),
        "{f}:4:8: title: missing language: zh",
        id="missing-language",
    ),
    pytest.param(
        ("    text: {en: Q1?}\n", ""),
        "{f}:12:5: questions[0].text: field required",
        id="missing-field",
    ),
    pytest.param(
        ("type: choice", "type: essay"),
        "{f}:14:11: questions[0].type: must be one of 'choice', 'multi', 'yesno', 'number' or 'scale'",
        id="unknown-type",
    ),
]


@pytest.mark.parametrize(("edit", "expected"), CASES)
def test_bank_rule_is_refused_with_location(
    cli: Callable[..., Any], write_bank: Any, edit: Any, expected: str
) -> None:
    path = write_bank(edit)
    lines = errors_of(cli, path)
    assert f"crmrisk: error: {expected.format(f=path)}" in lines


def test_every_problem_in_a_bank_is_reported(cli: Callable[..., Any], write_bank: Any) -> None:
    path = write_bank(
        ("phase: a", "phase: nowhere"),
        ("{min: 5, max: 10", "{min: 6, max: 10"),
        ("min: 0.5", "min: 0"),
    )
    lines = errors_of(cli, path)
    assert [line.split(": ")[3] for line in lines] == [
        "phases[0]",
        "grades[1].min",
        "questions[0].phase",
        "questions[1].bands[1].min",
    ]
    assert all(line.startswith(f"crmrisk: error: {path}:") for line in lines)


def test_missing_language_in_a_shipped_bank_is_an_error(tmp_path: Path) -> None:
    from crm_risk import banks

    text = (Path(banks.__file__).parent / "questions" / "seven-questions.yaml").read_text(
        encoding="utf-8"
    )
    broken = text.replace(
        '  en: "The CRM seven questions: a rapid test for high-risk CRM projects"\n', "", 1
    )
    assert broken != text
    with pytest.raises(InputError) as caught:
        banks.bank_from_text(broken, "<shipped>", required_languages=banks.SHIPPED_LANGUAGES)
    assert caught.value.lines() == ["<shipped>:17:3: title: missing language: en"]


@pytest.mark.parametrize("bank_id", shipped_bank_ids())
def test_shipped_banks_are_complete_in_both_languages(bank_id: str) -> None:
    bank = load_bank(bank_id)
    assert bank.id == bank_id  # a shipped bank's file is named after its id
    assert set(bank.languages) >= {"zh", "en"}


def test_seven_questions_has_four_initiation_and_three_usage_questions() -> None:
    bank = load_bank("seven-questions")
    phases = [q.phase for q in bank.questions]
    assert phases == ["initiation-delivery"] * 4 + ["usage"] * 3
    assert bank.grade_ids() == ["low", "medium", "high", "critical"]
    kinds = bank.context_field("crm_kind")
    assert kinds is not None
    assert [o.id for o in kinds.options] == ["after-sales-service", "key-account-sales", "other"]


def test_bank_file_can_be_loaded_by_path(write_bank: Any) -> None:
    path = write_bank()
    assert load_bank_file(path).model.id == "mini"
    assert load_bank(str(path)).id == "mini"


def test_a_bank_file_is_read_once_per_batch_and_again_when_it_changes(write_bank: Any) -> None:
    path = write_bank()
    first = load_bank_file(path)
    assert load_bank_file(path) is first  # a batch of answer files shares one load
    path.write_text(
        path.read_text(encoding="utf-8").replace("Mini bank", "Mini bank 2"), encoding="utf-8"
    )
    assert load_bank_file(path).model.title == {"en": "Mini bank 2"}
