"""``crmrisk compare``: one project then and now, and its trend over a folder of files."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import EXAMPLES

Cli = Callable[..., Any]
MAY = EXAMPLES / "progress" / "harbin-2026-05.yaml"
NOVEMBER = EXAMPLES / "progress" / "harbin-2026-11.yaml"
FULL = EXAMPLES / "four-year-failure.yaml"


def _json(cli: Cli, *args: Any) -> tuple[int, dict[str, Any]]:
    result = cli("compare", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout) if result.stdout else {}


def test_six_months_on_every_phase_is_better_and_what_changed_is_named(cli: Cli) -> None:
    code, document = _json(cli, MAY, NOVEMBER, "--fail-on-worse")
    assert code == 0
    assert (document["old"]["date"], document["new"]["date"]) == ("2026-05-15", "2026-11-18")
    assert document["worse"] is False
    seven, practice = document["banks"]
    assert [
        (p["id"], p["old"]["grade"], p["new"]["grade"], p["change"]) for p in seven["phases"]
    ] == [
        ("initiation-delivery", "high", "low", "better"),
        ("usage", "medium", "low", "better"),
    ]
    changes = {f["question"]: f["change"] for f in seven["findings"]}
    assert changes["sponsor-value"] == "resolved"
    assert changes["operations-team-weak"] == "same"
    assert practice["not_compared"] == [
        {"question": "remote-access", "number": 11, "reason": "not-applicable-now"}
    ]
    assert "remote-access" not in {f["question"] for f in practice["findings"]}


def test_the_other_way_round_is_worse_and_fails_on_worse(cli: Cli) -> None:
    code, document = _json(cli, NOVEMBER, MAY, "--fail-on-worse")
    assert code == 1
    assert document["worse"] is True
    assert {p["change"] for b in document["banks"] for p in b["phases"]} == {"worse"}
    findings = {f["question"]: f["change"] for f in document["banks"][0]["findings"]}
    assert findings["sponsor-value"] == "new"
    assert cli("compare", NOVEMBER, MAY).exit_code == 0  # without the flag, a report only


def test_the_terminal_and_markdown_say_the_same(cli: Cli) -> None:
    table = cli("compare", MAY, NOVEMBER).stdout
    assert "Initiation & delivery" in table and "better" in table
    assert "(not applicable now)" in table
    assert "No phase's grade got worse." in table
    markdown = cli("compare", MAY, NOVEMBER, "--format", "markdown", "--lang", "zh").stdout
    assert "# CRM 项目风险：前后对比：Harbin Appliance after-sales service CRM" in markdown
    assert "| 立项与交付 | **高** 0.50 | **低** 0.00 | 好转 |" in markdown
    assert "现在不适用" in markdown


def test_a_folder_gives_the_trend_in_date_order(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "harbin"
    folder.mkdir()
    shutil.copy(NOVEMBER, folder / "a-latest.yaml")
    shutil.copy(MAY, folder / "b-first.yaml")
    middle = yaml.safe_load(MAY.read_text(encoding="utf-8"))
    middle["date"] = "2026-08-20"
    middle["answers"]["seven-questions"]["sponsor-value"] = {"choice": "agreed-in-person"}
    (folder / "c-middle.yaml").write_text(yaml.safe_dump(middle, allow_unicode=True), "utf-8")
    code, document = _json(cli, folder)
    assert code == 0
    assert document["dates"] == ["2026-05-15", "2026-08-20", "2026-11-18"]
    seven = document["banks"][0]
    initiation = next(p for p in seven["phases"] if p["id"] == "initiation-delivery")
    assert [p["grade"] for p in initiation["points"]] == ["high", "medium", "low"]
    markdown = cli("compare", folder, "--format", "markdown").stdout
    assert "xychart-beta" in markdown and "line [0.50, " in markdown
    table = cli("compare", folder).stdout
    assert "2026-08-20" in table


def test_five_banks_compare_in_one_command(cli: Cli, tmp_path: Path) -> None:
    later = yaml.safe_load(FULL.read_text(encoding="utf-8"))
    later["date"] = "2027-05-24"
    later["answers"]["management-system"]["commitment"] = {"choice": "long-term"}
    path = tmp_path / "later.yaml"
    path.write_text(yaml.safe_dump(later, allow_unicode=True), "utf-8")
    code, document = _json(cli, FULL, path)
    assert code == 0
    assert [b["bank"] for b in document["banks"]] == [
        "seven-questions",
        "requirements-research",
        "implementation-practice",
        "strategic-errors",
        "management-system",
    ]
    management = document["banks"][-1]
    assert [
        (f["question"], f["change"]) for f in management["findings"] if f["change"] != "same"
    ] == [("commitment", "resolved")]


def test_a_1_0_file_compares_with_a_1_1_file(cli: Cli, tmp_path: Path) -> None:
    old = yaml.safe_load((EXAMPLES / "healthy-service.yaml").read_text(encoding="utf-8"))
    old.update(bank_version="1.0", date="2026-05-01")
    old["answers"]["sponsor-value"] = {"choice": "agreed-written"}  # a 1.0 id
    path = tmp_path / "old.yaml"
    path.write_text(yaml.safe_dump(old, allow_unicode=True), "utf-8")
    code, document = _json(cli, path, EXAMPLES / "healthy-service.yaml")
    assert code == 0
    assert {p["change"] for p in document["banks"][0]["phases"]} == {"same"}


def test_files_of_two_projects_are_refused(cli: Cli) -> None:
    result = cli("compare", EXAMPLES / "healthy-service.yaml", EXAMPLES / "half-answered.yaml")
    assert result.exit_code == 2
    assert "a comparison is one project's files" in result.stderr
    one = cli("compare", EXAMPLES / "healthy-service.yaml")
    assert one.exit_code == 2 and "two answer files" in one.stderr


def test_advice_is_given_only_where_a_finding_needs_doing() -> None:
    """Worse and new findings carry their advice; better, same and resolved ones none, in the
    view itself (so every format says the same)."""
    from crm_risk.compare import compare
    from crm_risk.i18n import Lang
    from crm_risk.loading import score_file
    from crm_risk.views.compare import compare_view

    for old, new in ((MAY, NOVEMBER), (NOVEMBER, MAY)):
        view = compare_view(compare(score_file(old), score_file(new)), Lang.en)
        deltas = [f for bank in view.banks for f in bank.findings]
        assert {f.change for f in deltas} >= (
            {"same", "resolved"} if old is MAY else {"same", "new"}
        )
        for delta in deltas:
            assert (delta.advice is not None) == (delta.change in ("worse", "new")), delta
