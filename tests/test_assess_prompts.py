"""Prompts that accept what they show (number, id or label, in either language), and a line
confirming every answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from crm_risk.cli import app

WHO = ["--project", "Acme", "--respondent", "Li Wei"]


def invoke(args: list[str], lines: list[str]) -> Any:
    text = "".join(line + "\n" for line in lines)
    return CliRunner().invoke(app, ["assess", "--out", "a.yaml", *args], input=text)


def saved(here: Path) -> dict[str, Any]:
    data = yaml.safe_load((here / "a.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    "typed",
    [
        "2",
        "project-lead",
        "Project Lead",
        "项目负责人",
        " ＰＲＯＪＥＣＴ-lead ",
        "項目負責人",
        "專案負責人",
    ],
)
def test_the_role_prompt_takes_its_number_id_or_label(here: Path, typed: str) -> None:
    result = invoke(["--lang", "en", *WHO, "--context", "crm_kind=other"], [typed, "q"])
    assert result.exit_code == 0, result.output
    assert saved(here)["respondent"] == {"name": "Li Wei", "role": "project-lead"}
    assert f"› {typed}\n✓ project lead\n" in result.stdout


@pytest.mark.parametrize(
    "typed", ["2", "key-account-sales", "key-account SALES", "大客户销售", "大客戶銷售"]
)
def test_the_context_prompt_takes_its_number_id_or_label(here: Path, typed: str) -> None:
    result = invoke(["--lang", "zh", *WHO, "--role", "sponsor"], [typed, "q"])
    assert result.exit_code == 0, result.output
    assert saved(here)["context"] == {"crm_kind": "key-account-sales"}
    assert "✓ 大客户销售\n" in result.stdout


def test_traditional_chinese_is_shown_and_taken_in_its_own_words(here: Path) -> None:
    result = invoke(["--lang", "zh-Hant", *WHO, "--context", "crm_kind=other"], ["專案負責人", "q"])
    assert result.exit_code == 0, result.output
    assert saved(here)["respondent"]["role"] == "project-lead"
    assert "✓ 專案負責人\n" in result.stdout


def test_something_not_in_the_list_says_what_to_type(here: Path) -> None:
    result = invoke(["--lang", "en", *WHO], ["boss", "sponsor", "retail", "q"])
    assert "Not in the list: boss. Type a number from 1 to 7, or a name from the list." in (
        result.stdout
    )
    assert "Not in the list: retail. Type a number from 1 to 3, or a name from the list." in (
        result.stdout
    )


@pytest.mark.parametrize(
    ("role", "context"),
    [
        ("project lead", "crm_kind=Key-account sales"),
        ("项目负责人", "crm_kind=大客户销售"),
        ("2", "crm_kind=2"),
        ("PROJECT-LEAD", "crm_kind=key-account-sales"),
    ],
)
def test_options_take_the_same(here: Path, role: str, context: str) -> None:
    result = invoke(["--lang", "en", *WHO, "--role", role, "--context", context], ["q"])
    assert result.exit_code == 0, result.output
    data = saved(here)
    assert data["respondent"]["role"] == "project-lead"
    assert data["context"] == {"crm_kind": "key-account-sales"}


@pytest.mark.parametrize(
    ("lang", "lines", "confirmed"),
    [
        (
            "en",
            ["1", "1", "1", "35", "1", "2", "s"],
            [
                "✓ 1 Agreed face to face: we heard the sponsor's own view, set the direction tog…",
                "✓ 1 One clear core value; a small, focused first phase",
                "✓ 1 It clearly helps their daily work (receiving work, saving time, winning dea…",
                "✓ 35%",
                "✓ 1 No, their daily work runs through it (for example work orders)",
                "✓ 2 Partly; some of their management runs through it",
                "– skipped: no answer recorded",
            ],
        ),
        ("en", ["u"], ["✓ we don't know"]),
        ("zh", ["u", "u", "u", "３５％"], ["✓ 不清楚", "✓ 不清楚", "✓ 不清楚", "✓ 35%"]),
    ],
)
def test_every_answer_is_confirmed_in_one_line(
    here: Path, lang: str, lines: list[str], confirmed: list[str]
) -> None:
    args = ["--lang", lang, *WHO, "--role", "sponsor", "--context", "crm_kind=other"]
    result = invoke(args, lines)
    assert result.exit_code == 0, result.output
    shown = [line for line in result.stdout.splitlines() if line.startswith(("✓", "–"))]
    assert shown[: len(confirmed)] == confirmed


def test_not_applicable_is_confirmed_with_its_reason(here: Path) -> None:
    args = ["--bank", "management-system", *WHO, "--role", "sponsor"]
    en = invoke(["--lang", "en", *args], ["x", "the CRM is the only system"])
    assert "✓ not applicable: the CRM is the only system\n" in en.stdout
    (here / "a.yaml").unlink()
    zh = invoke(["--lang", "zh", *args], ["x 只有这一个系统"])
    assert "✓ 不适用：只有这一个系统\n" in zh.stdout
