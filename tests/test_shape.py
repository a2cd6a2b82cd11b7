"""One shape for many banks: sections per bank, one numbering, outcomes per file, the schema of
the JSON output."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.conftest import EXAMPLES

Cli = Callable[..., Any]


def _text(value: str) -> dict[str, str]:
    return {"en": value, "zh": value}


def interleaved_bank(
    bank_id: str = "mixed", titles: tuple[str, str] = ("Alpha", "Beta")
) -> dict[str, Any]:
    """A bank that lists its questions A, B, A: phase order decides the numbers (A1, A2, B3)."""

    def question(qid: str, phase: str) -> dict[str, Any]:
        return {
            "id": qid,
            "phase": phase,
            "type": "choice",
            "text": _text(f"Question {qid}?"),
            "advice": _text(f"Advice {qid}."),
            "choices": [
                {"id": "good", "label": _text("good"), "risk": 0},
                {"id": "bad", "label": _text("bad"), "risk": 1},
            ],
        }

    return {
        "id": bank_id,
        "version": "1",
        "title": _text(f"Bank {bank_id}"),
        "phases": [{"id": "a", "title": _text(titles[0])}, {"id": "b", "title": _text(titles[1])}],
        "grades": [
            {"id": "low", "label": _text("Low"), "min": 0},
            {"id": "high", "label": _text("High"), "min": 0.5},
        ],
        "questions": [question("qa1", "a"), question("qb", "b"), question("qa2", "a")],
    }


def write_bank(folder: Path, bank: dict[str, Any]) -> Path:
    path = folder / f"{bank['id']}.bank.yaml"
    path.write_text(yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8")
    return path


def write_file(folder: Path, name: str, doc: dict[str, Any]) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_interleaved_phases_get_the_same_numbers_everywhere(cli: Cli, tmp_path: Path) -> None:
    bank = write_bank(tmp_path, interleaved_bank())
    answers = write_file(
        tmp_path,
        "a.yaml",
        {
            "bank": bank.name,
            "project": "P",
            "answers": {
                "qa1": {"choice": "bad"},
                "qb": {"choice": "bad"},
                "qa2": {"choice": "bad"},
            },
        },
    )
    expected = {"qa1": 1, "qa2": 2, "qb": 3}
    document = json.loads(cli("score", answers, "-f", "json").stdout)["assessments"][0]
    assert {q["id"]: q["number"] for q in document["questions"]} == expected
    assert {f["question"]: f["number"] for f in document["findings"]} == expected
    assert [q["id"] for q in document["questions"]] == ["qa1", "qa2", "qb"]

    markdown = cli("report", answers).stdout
    rows = re.findall(r"^\| (\d) \| Question (\w+)\? \|", markdown, flags=re.M)
    assert {qid: int(number) for number, qid in rows} == expected
    assert re.findall(r"\(#(\d)\)", markdown.split("## Findings and advice")[1].split("##")[0]) == [
        "1",
        "2",
        "3",
    ]

    table = cli("score", answers).stdout
    numbered = re.findall(r"^ (\d)\s+Question (\w+)\?", table, flags=re.M)
    assert {qid: int(number) for number, qid in numbered} == expected

    questionnaire = cli("questions", "--bank", bank, "-f", "json").stdout
    assert {q["id"]: q["number"] for q in json.loads(questionnaire)["questions"]} == expected


def test_two_banks_in_one_summary_keep_their_own_phase_titles(cli: Cli, tmp_path: Path) -> None:
    first = write_bank(tmp_path, interleaved_bank("one", ("Set-up", "Use")))
    second = write_bank(tmp_path, interleaved_bank("two", ("Set-up", "Rollout")))
    files = [
        write_file(tmp_path, f"{n}.yaml", {"bank": bank.name, "project": n, "answers": {}})
        for n, bank in (("p1", first), ("p2", second))
    ]
    table = cli("score", *files).stdout
    header = " ".join(table.split("\n")[:6])
    for title in ("Bank one: Set-up", "Bank one: Use", "Bank two: Set-up", "Bank two: Rollout"):
        assert all(word in header for word in title.split()), title
    markdown = cli("score", *files, "-f", "markdown").stdout
    assert "Bank one: Set-up Critical" not in markdown  # its grades are Low/High
    rows = {
        line.split(" | ")[1]: line
        for line in markdown.splitlines()
        if line.startswith("| ") and ".yaml" in line
    }
    assert "Bank one: Set-up High 1.00; Bank one: Use High 1.00" in rows["p1"]
    assert "Bank two: Set-up High 1.00; Bank two: Rollout High 1.00" in rows["p2"]
    assert "Bank one" not in rows["p2"] and "Bank two" not in rows["p1"]


@pytest.mark.skipif(os.name != "posix", reason="file names that are not UTF-8 are a POSIX matter")
def test_a_bank_file_whose_name_is_not_utf8_is_found(cli: Cli, tmp_path: Path) -> None:
    name = os.fsdecode(b"bank-\xff.yaml")
    (tmp_path / name).write_text(yaml.safe_dump(interleaved_bank()), encoding="utf-8")
    answers = write_file(tmp_path, "a.yaml", {"bank": "mixed", "project": "P", "answers": {}})
    # Shown with U+FFFD, but opened by its real name (the cache used to key on the shown one).
    result = cli("score", answers, answers, "--bank", tmp_path / name, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert [a["bank"] for a in json.loads(result.stdout)["assessments"]] == ["mixed", "mixed"]
    listed = cli("questions", "--bank", tmp_path / name, "-f", "json")
    assert listed.exit_code == 0, listed.stderr


def test_the_group_counts_a_file_once_however_it_is_named(cli: Cli, tmp_path: Path) -> None:
    doc = yaml.safe_load((EXAMPLES / "healthy-service.yaml").read_text(encoding="utf-8"))
    first = write_file(tmp_path, "a.yaml", doc)
    (tmp_path / "sub").mkdir()
    other = write_file(
        tmp_path, "b.yaml", {**doc, "respondent": {"name": "B", "role": "frontline"}}
    )
    again = tmp_path / "sub" / ".." / "a.yaml"
    result = cli("score", "--group", first, again, other, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert [r["file"] for r in json.loads(result.stdout)["group"]["respondents"]] == [
        str(first),
        str(other),
    ]


def _schema(cli: Cli) -> dict[str, Any]:
    result = cli("schema", "results")
    assert result.exit_code == 0
    schema: dict[str, Any] = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_validates_against_the_results_schema(cli: Cli, path: Path) -> None:
    document = json.loads(cli("score", path, "-f", "json").stdout)
    jsonschema.validate(document, _schema(cli))


def test_a_group_and_a_batch_with_errors_validate_too(cli: Cli, tmp_path: Path) -> None:
    schema = _schema(cli)
    doc = yaml.safe_load((EXAMPLES / "healthy-service.yaml").read_text(encoding="utf-8"))
    a = write_file(tmp_path, "a.yaml", doc)
    b = write_file(tmp_path, "b.yaml", {**doc, "respondent": {"name": "B", "role": "sponsor"}})
    jsonschema.validate(json.loads(cli("score", "--group", a, b, "-f", "json").stdout), schema)
    broken = tmp_path / "broken.yaml"
    broken.write_text("bank: seven-questions\nproject: P\nanswers: [1]\n", encoding="utf-8")
    batch = cli("score", a, broken, "-f", "json")
    assert batch.exit_code == 2
    document = json.loads(batch.stdout)
    assert document["errors"] == [
        line.removeprefix("crmrisk: error: ") for line in batch.stderr.splitlines()
    ]
    jsonschema.validate(document, schema)


def test_the_schema_is_closed(cli: Cli) -> None:
    """Exact key sets: an extra key anywhere fails validation."""
    schema = _schema(cli)
    document = json.loads(cli("score", EXAMPLES / "healthy-service.yaml", "-f", "json").stdout)
    document["assessments"][0]["phases"][0]["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError, match="surprise"):
        jsonschema.validate(document, schema)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("name", "grade"),
    [("medium", "medium"), ("ELEVATED", "medium"), ("较高", "medium"), (" High ", "high")],
)
def test_a_section_finds_a_grade_by_id_or_by_its_label_in_any_language(
    lang: str, name: str, grade: str
) -> None:
    from crm_risk.banks import load_bank
    from crm_risk.i18n import Lang
    from crm_risk.loading import load_answers_file
    from crm_risk.views.report import report_view

    assert load_bank("seven-questions").find_grade(name) == grade
    result = load_answers_file(EXAMPLES / "healthy-service.yaml").score()
    section = report_view(result, Lang(lang)).sections[0]
    found = section.grade_named(name)
    assert found is not None and found.id == grade
    assert section.grade_named("severe") is None


def test_the_summary_and_action_register_keep_each_banks_order_of_findings(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    """One report, one order: the action register (and the headline, cut from the same list)
    lists a bank's findings as its section does (severity, then risk times weight), so a heavier
    question's lower risk comes first in both."""
    path = tmp_path / "a.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "bank": "management-system",
                "project": "P",
                "answers": {
                    "top-down-analysis": {"choice": "feature-requests"},  # 0.7, weight 1
                    "missing-scenarios": {"choices": ["customers", "main-process"]},  # 0.5, x2
                },
            }
        ),
        encoding="utf-8",
    )
    document = json.loads(cli("score", path, "--format", "json").stdout)
    high = [
        f["question"] for f in document["assessments"][0]["findings"] if f["severity"] == "high"
    ]
    assert high == ["missing-scenarios", "top-down-analysis"]
    register = cli("report", path).stdout.split("## Action register", 1)[1]
    assert register.index("Which of these four management scenarios") < register.index(
        "At what level did the analysis of the CRM"
    )
