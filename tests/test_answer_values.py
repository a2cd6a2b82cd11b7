"""An answer file's ``value`` written as text is read the way ``assess`` reads what is typed:
``"35%"``, ``"35 %"``, ``"３５％"``, ``"35"``, or the number with the question's own unit."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from crm_risk.answers import Answer, read_number
from crm_risk.assess_parse import parse_answer
from crm_risk.banks import load_bank
from crm_risk.errors import InputError
from crm_risk.loading import load_answers_file

UNIT_BANK = textwrap.dedent(
    """\
    id: days
    version: "1"
    languages: [en]
    title: {en: Days}
    phases: [{id: p, title: {en: P}}]
    grades:
      - {id: low, label: {en: Low}, min: 0}
      - {id: high, label: {en: High}, min: 0.5}
    questions:
      - id: wait
        phase: p
        type: number
        min: 0
        max: 365
        unit: " days"
        text: {en: How long do customers wait?}
        bands: [{min: 0, max: 30, risk: 0}, {min: 30, max: 365, risk: 1}]
    """
)


def _file(tmp_path: Path, value: str, bank: str = "seven-questions") -> Path:
    question = "budget-for-delivery" if bank == "seven-questions" else "wait"
    path = tmp_path / "a.yaml"
    path.write_text(
        f"bank: {bank}\nproject: P\nanswers:\n  {question}: {{value: {value}}}\n", encoding="utf-8"
    )
    return path


@pytest.mark.parametrize("value", ['"35%"', '"35 %"', '"３５％"', '"35"', "'35.0'", "35"])
def test_a_value_written_as_text_is_read_as_assess_reads_it(tmp_path: Path, value: str) -> None:
    loaded = load_answers_file(_file(tmp_path, value))
    answer = loaded.sections[0].answers["budget-for-delivery"]
    assert answer is not None and answer.value == 35.0
    assert loaded.score().sections[0].question("budget-for-delivery").risk == 0.0


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            '"lots"',
            "a.yaml:4:32: answers.budget-for-delivery.value: expected a number such as 35, 35% "
            "or 35 with the question's unit, found 'lots'",
        ),
        (
            "true",
            "a.yaml:4:32: answers.budget-for-delivery.value: expected a number, not true/false",
        ),
        (
            '"35 days"',
            "a.yaml:4:32: answers.budget-for-delivery.value: 35 days: question "
            "'budget-for-delivery' is in %",
        ),
        (
            '"1,000"',
            "a.yaml:4:32: answers.budget-for-delivery.value: expected a number such as 35, 35% "
            "or 35 with the question's unit, found '1,000'",
        ),
        ('"135%"', "a.yaml:4:32: answers.budget-for-delivery.value: 135 is out of range 0..100"),
    ],
)
def test_a_value_that_is_not_a_number_is_refused_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    _file(tmp_path, value)
    with pytest.raises(InputError) as raised:
        load_answers_file(Path("a.yaml"))
    assert str(raised.value).splitlines() == [message]


def test_the_questions_own_unit_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "days.yaml").write_text(UNIT_BANK, encoding="utf-8")
    for value in ['"45 days"', '"45days"', '"45"', "45"]:
        loaded = load_answers_file(_file(tmp_path, value, bank="days.yaml"))
        answer = loaded.sections[0].answers["wait"]
        assert answer is not None and answer.value == 45.0
    with pytest.raises(InputError, match=r"45 weeks: question 'wait' is in days$"):
        load_answers_file(_file(tmp_path, '"45 weeks"', bank="days.yaml"))


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("35", (35.0, "")),
        ("35%", (35.0, "%")),
        (" ３５ ％ ", (35.0, "%")),
        ("12,5", (12.5, "")),
        ("0,125", (0.125, "")),
        ("-1e2 kg", (-100.0, "kg")),
        ("1,000", None),
        ("nan", None),
        ("1e999", None),
        ("", None),
    ],
)
def test_one_reading_of_a_typed_number(typed: str, read: tuple[float, str] | None) -> None:
    assert read_number(typed) == read


def test_assess_takes_the_same_numbers() -> None:
    question = load_bank("seven-questions").question("budget-for-delivery")
    assert question is not None
    for typed in ["35", "35%", "３５％", "35 %"]:
        assert parse_answer(question, typed) == Answer(value=35.0)
    refused = parse_answer(question, "35 days")
    assert not isinstance(refused, Answer) and refused.key == "assess_number_invalid"
