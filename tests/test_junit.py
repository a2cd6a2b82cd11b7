"""``score --format junit``: Ant JUnit XML as Jenkins (JUnit plugin) and GitLab (junit report
artifacts) read it.

The checks follow what those readers need and what the two schemas in use require of the
elements written here: the Ant schema (github.com/windyroad/JUnit-Schema, JUnit.xsd: a suite's
``name``, ``tests``, ``failures``, ``errors``, ``time``, ``timestamp`` without a zone,
``hostname``, and within ``<testsuites>`` its ``id`` and ``package``; a ``<properties>`` element
first; a test case's ``name``, ``classname`` and ``time``, with at most one of ``failure``,
``error``, ``skipped``) and the Jenkins xUnit plugin's junit-10.xsd (which also allows a test
case's ``<system-out>`` and the root's ``name``). The schemas are not copied here; the tests
check those rules directly.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import yaml
from hypothesis import given

from crm_risk.bank import Bank
from crm_risk.banks import load_bank
from crm_risk.batch import reached
from crm_risk.i18n import Lang
from crm_risk.loading import load_answers_file
from crm_risk.render.junit import JunitRenderer
from crm_risk.render.registry import RenderOptions
from crm_risk.scoring import score
from crm_risk.views.model import BatchView, Failure, ReportView
from crm_risk.views.report import report_view
from tests.conftest import REPO, highest_answers, lowest_answers
from tests.test_properties import SETTINGS, answer_file, scored

Cli = Callable[..., Any]
#: Relative, as CI names them (the tests run in the repository's folder).
EXAMPLES = Path("examples")
RISKY = EXAMPLES / "high-risk-key-account.yaml"
HALF = EXAMPLES / "half-answered.yaml"
HEALTHY = EXAMPLES / "healthy-service.yaml"
GRADES = ["low", "medium", "high", "critical"]
SUITE_ATTRIBUTES = {
    "name",
    "tests",
    "failures",
    "errors",
    "skipped",
    "time",
    "timestamp",
    "hostname",
    "id",
    "package",
}
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")
DECIMAL = re.compile(r"^\d+(\.\d+)?$")
# What XML 1.0 does not allow in a document, and the discouraged C1 controls.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@pytest.fixture(autouse=True)
def _in_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def parse(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def junit(cli: Cli, *args: str | Path) -> tuple[ET.Element, Any]:
    result = cli("score", *args, "--format", "junit")
    return parse(result.stdout), result


def suites(root: ET.Element) -> list[ET.Element]:
    return root.findall("testsuite")


def failures(root: ET.Element) -> dict[str, str]:
    """``{"FILE: BANK #N": severity}`` for every test case that failed."""
    found = {}
    for suite in suites(root):
        for case in suite.findall("testcase"):
            failure = case.find("failure")
            if failure is not None:
                number = case.get("name", "").split(" ", 1)[0]
                found[f"{suite.get('name')} {number}"] = failure.get("type", "")
    return found


def findings(cli: Cli, *paths: Path, reaching: str | None = None) -> dict[str, tuple[str, int]]:
    """``{"FILE: BANK #N": (severity, rank)}`` for every finding, from the JSON output; with
    ``reaching``, only the findings of banks whose grade reaches that grade."""
    ranks = {grade: rank for rank, grade in enumerate(GRADES)}
    document = json.loads(cli("score", *paths, "--format", "json").stdout)
    return {
        f"{a['file']}: {s['bank']} #{f['number']}": (f["severity"], ranks[f["severity"]])
        for a in document["assessments"]
        for s in a["sections"]
        if reaching is None or ranks[s["overall"]["grade"]] >= ranks[reaching]
        for f in s["findings"]
    }


def check_shape(root: ET.Element) -> None:
    """What Jenkins and GitLab read, and the two schemas require."""
    assert root.tag == "testsuites"
    assert root.get("name") == "crmrisk"
    for index, suite in enumerate(suites(root)):
        assert set(suite.attrib) == SUITE_ATTRIBUTES
        assert suite.get("id") == str(index)
        assert suite.get("name") and suite.get("hostname") and suite.get("package")
        assert TIMESTAMP.match(suite.get("timestamp", "")), suite.get("timestamp")
        assert DECIMAL.match(suite.get("time", ""))
        children = list(suite)
        assert children[0].tag == "properties"
        assert all(child.tag == "testcase" for child in children[1:])
        cases = children[1:]
        for property_ in children[0]:
            assert property_.tag == "property" and set(property_.attrib) == {"name", "value"}
        assert suite.get("tests") == str(len(cases))
        for kind, attribute in (
            ("failure", "failures"),
            ("error", "errors"),
            ("skipped", "skipped"),
        ):
            assert suite.get(attribute) == str(sum(1 for c in cases if c.find(kind) is not None))
        for case in cases:
            assert set(case.attrib) == {"classname", "name", "time"}
            assert (
                case.get("name") and case.get("classname") and DECIMAL.match(case.get("time", ""))
            )
            outcomes = [c.tag for c in case if c.tag in ("failure", "error", "skipped")]
            assert len(outcomes) <= 1
            assert {c.tag for c in case} <= {"failure", "error", "skipped", "system-out"}
            for child in case:
                if child.tag in ("failure", "error"):
                    assert child.get("type") and child.get("message")


def properties(suite: ET.Element) -> dict[str, str]:
    element = suite.find("properties")
    assert element is not None
    return {p.get("name", ""): p.get("value", "") for p in element}


@pytest.fixture
def three(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``examples/`` with the three seven-questions examples only, as the working directory sees
    it (the shipped folder also holds multi-bank files, checked on their own below)."""
    folder = tmp_path / "examples"
    folder.mkdir()
    for path in (HALF, HEALTHY, RISKY):
        shutil.copy(REPO / path, folder / path.name)
    monkeypatch.chdir(tmp_path)
    return EXAMPLES


# ---------------------------------------------------------------------------------------------
# Structure


def test_the_examples_as_jenkins_and_gitlab_read_them(three: Path, cli: Cli) -> None:
    root, result = junit(cli, EXAMPLES, "--fail-on", "high")
    assert result.exit_code == 1
    check_shape(root)
    names = [s.get("name") for s in suites(root)]
    assert names == [f"examples/{p.name}: seven-questions" for p in (HALF, HEALTHY, RISKY)]
    risky = suites(root)[2]
    assert properties(risky) == {
        "file": "examples/high-risk-key-account.yaml",
        "project": "Northwind key-account sales CRM",
        "respondent": "Chen Jie",
        "role": "consultant",
        "date": "2026-11-20",
        "bank": "seven-questions",
        "bank_version": "1.1",
        "grade": "critical",
        "grade_label": "Critical",
        "score": "1.0",
        "fail_on": "high",
    }
    assert risky.get("package") == "seven-questions"


def test_one_test_case_per_question_named_by_number_id_and_text(cli: Cli) -> None:
    root, _ = junit(cli, RISKY)
    cases = suites(root)[0].findall("testcase")
    bank = load_bank("seven-questions")
    assert [c.get("name") for c in cases] == [
        f"#{n} {q.id}: {q.text['en']}" for n, q in enumerate(bank.questions, start=1)
    ]
    assert [c.get("classname") for c in cases] == [
        f"seven-questions.{q.phase}" for q in bank.questions
    ]
    assert {c.get("time") for c in cases} == {"0"}


@pytest.mark.parametrize("fail_on", GRADES)
def test_a_failure_exactly_where_a_finding_reaches_the_threshold(
    three: Path, cli: Cli, fail_on: str
) -> None:
    root, result = junit(cli, EXAMPLES, "--fail-on", fail_on)
    check_shape(root)
    # Failures where a finding reaches the threshold in a bank that reaches it (the exit code's
    # rule); a severe answer in a healthy bank is shown, not failed.
    every = findings(cli, HALF, HEALTHY, RISKY, reaching=fail_on)
    threshold = GRADES.index(fail_on)
    assert failures(root) == {
        key: grade for key, (grade, rank) in every.items() if rank >= threshold
    }
    # A test case fails exactly when the exit code says the threshold is reached.
    assert (result.exit_code == 1) == bool(failures(root))


def test_without_fail_on_nothing_fails_and_every_finding_is_still_shown(
    three: Path, cli: Cli
) -> None:
    root, result = junit(cli, EXAMPLES)
    assert result.exit_code == 0
    check_shape(root)
    assert failures(root) == {}
    shown = {
        f"{suite.get('name')} {case.get('name', '').split(' ', 1)[0]}": case.findtext(
            "system-out", ""
        )
        for suite in suites(root)
        for case in suite.findall("testcase")
        if case.find("system-out") is not None
    }
    every = findings(cli, HALF, HEALTHY, RISKY)
    assert set(shown) == set(every)
    risky_first = shown["examples/high-risk-key-account.yaml: seven-questions #1"]
    assert risky_first.startswith("Severity: High\nAnswer: We assume the sponsor agrees")
    assert "Note: The CEO approved the budget line" in risky_first and "\nAdvice: " in risky_first


def test_a_failure_says_severity_question_and_answer(cli: Cli) -> None:
    root, _ = junit(cli, RISKY, "--fail-on", "high")
    case = suites(root)[0].findall("testcase")[0]
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("type") == "high"
    assert failure.get("message") == (
        "High: What value of the project has the top sponsor agreed with you, and do they back it "
        "as their own? Answer: We assume the sponsor agrees, but have never confirmed it face to face"
    )
    assert failure.text == (
        "Answer: We assume the sponsor agrees, but have never confirmed it face to face\n"
        "Note: The CEO approved the budget line but has not met the project team.\n"
        "Advice: Stop guessing: book five to ten minutes face to face with the sponsor this week, "
        "hear their view, and settle the direction together."
    )
    assert case.find("system-out") is None


def test_in_chinese(cli: Cli) -> None:
    root, _ = junit(cli, RISKY, "--fail-on", "high", "--lang", "zh")
    check_shape(root)
    failure = suites(root)[0].findall("testcase")[0].find("failure")
    assert failure is not None and failure.get("type") == "high"
    # Chinese text with Chinese punctuation, as in every other format
    assert failure.get("message", "").startswith("高：你和老板就项目价值达成了什么共识？")
    assert " 回答：我们认为老板会同意" in failure.get("message", "")
    assert (failure.text or "").startswith("回答：")
    assert ": " not in failure.get("message", "") + (failure.text or "")


@pytest.mark.parametrize("name", ["elevated", "Elevated", "较高"])
def test_fail_on_a_label_in_any_language_works_like_its_id(
    three: Path, cli: Cli, name: str
) -> None:
    by_id, by_id_result = junit(cli, EXAMPLES, "--fail-on", "medium")
    by_label, by_label_result = junit(cli, EXAMPLES, "--fail-on", name)
    assert by_label_result.exit_code == by_id_result.exit_code == 1
    assert failures(by_label) == failures(by_id)
    assert "medium" in failures(by_label).values()
    assert {properties(s)["fail_on"] for s in suites(by_label)} == {"medium"}


def test_an_unreadable_file_is_a_suite_with_one_error(cli: Cli, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "bank: seven-questions\nproject: X\nanswers:\n  sponsor-value: {choice: nope}\n"
        "  no-such-question: {choice: yes}\n",
        encoding="utf-8",
    )
    root, result = junit(cli, broken, RISKY, tmp_path / "missing.yaml")
    assert result.exit_code == 2
    check_shape(root)
    first, risky, missing = suites(root)
    assert risky.get("name", "").endswith("high-risk-key-account.yaml: seven-questions")
    problems = [line.removeprefix("crmrisk: error: ") for line in result.stderr.splitlines()]
    for suite, file in ((first, broken), (missing, tmp_path / "missing.yaml")):
        assert (suite.get("tests"), suite.get("errors"), suite.get("failures")) == ("1", "1", "0")
        assert suite.get("name") == str(file) and suite.get("package") == "crmrisk"
        (case,) = suite.findall("testcase")
        error = case.find("error")
        assert error is not None and error.get("type") == "InputError"
        lines = [p for p in problems if p.startswith(str(file))]
        assert (error.text or "").splitlines() == lines
        more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
        assert error.get("message") == lines[0] + more
    assert len([p for p in problems if p.startswith(str(broken))]) >= 2


def _multi_bank_file(tmp_path: Path) -> Path:
    seven, system = load_bank("seven-questions"), load_bank("management-system")
    answers = lowest_answers(system)
    answers["system-integration"] = {"choice": "n/a", "reason": "The CRM is our only system."}
    doc = {
        "banks": ["seven-questions", "management-system"],
        "project": "Two banks",
        "answers": {"seven-questions": highest_answers(seven), "management-system": answers},
    }
    path = tmp_path / "two-banks.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def test_a_file_of_several_banks_has_a_suite_per_bank(cli: Cli, tmp_path: Path) -> None:
    path = _multi_bank_file(tmp_path)
    root, result = junit(cli, path, "--fail-on", "high")
    assert result.exit_code == 1
    check_shape(root)
    seven, system = suites(root)
    assert seven.get("name") == f"{path}: seven-questions"
    assert system.get("name") == f"{path}: management-system"
    assert seven.get("timestamp") == system.get("timestamp")
    assert system.get("time") == "0.000"  # the file's time is on its first suite
    assert int(seven.get("failures", "0")) > 0 and system.get("failures") == "0"
    assert system.get("skipped") == "1"
    skipped = [c for c in system.findall("testcase") if c.find("skipped") is not None]
    assert skipped[0].get("name", "").startswith("#1 system-integration: ")
    message = skipped[0].find("skipped")
    assert message is not None
    assert message.get("message") == "not applicable: The CRM is our only system."
    assert properties(system)["bank"] == "management-system"


# ---------------------------------------------------------------------------------------------
# Escaping

HOSTILE = (
    "]]> <b>x</b> &amp; & \"quoted\" 'single' <![CDATA[y]]> <!-- c --> <?pi?> "
    "\x01\x02\x07\x08\x0b\x0c\x1b[31mred\x1b[0m \x7f\x80\x9f \u202eevil\u202c \r\nline two\ttab "
    "binary-ish: \x03\x04\x05\x06\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1c\x1d\x1e\x1f"
)


def _all_text(root: ET.Element) -> Iterator[str]:
    for element in root.iter():
        yield from element.attrib.values()
        yield element.text or ""
        yield element.tail or ""


def test_hostile_text_in_an_answer_file_gives_well_formed_xml(cli: Cli, tmp_path: Path) -> None:
    doc = {
        "bank": "seven-questions",
        "project": "P " + HOSTILE,
        "respondent": {"name": "N " + HOSTILE, "role": "sponsor"},
        "answers": {
            "sponsor-value": {"choice": "assumed", "note": HOSTILE},
            "core-value": {"choice": "few-priorities", "note": HOSTILE},
        },
    }
    path = tmp_path / "hostile <&>.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    root, result = junit(cli, path, "--fail-on", "high")
    assert result.exit_code == 1
    check_shape(root)
    for text in _all_text(root):
        assert not NOT_XML.search(text) and "\x1b" not in text and "\u202e" not in text
    (suite,) = suites(root)
    assert suite.get("name") == f"{path}: seven-questions"
    assert properties(suite)["project"].startswith('P ]]> <b>x</b> &amp; & "quoted"')
    cases = suite.findall("testcase")
    failure, elevated = cases[0].find("failure"), cases[1].findtext("system-out", "")
    assert failure is not None
    assert "Note: ]]> <b>x</b> &amp; & \"quoted\" 'single' <![CDATA[y]]> <!-- c -->" in (
        failure.text or ""
    )
    assert "\nline two" in (failure.text or "") and "<![CDATA[y]]>" in elevated


def _report(path: Path = RISKY) -> ReportView:
    return report_view(load_answers_file(path).score(), Lang.en)


def _render(
    items: Any, fail_on: str | None = "high", clock: Callable[[], dt.datetime] | None = None
) -> Iterator[str]:
    ticks = iter(range(1000))
    renderer = JunitRenderer(
        RenderOptions(fail_on=fail_on),
        clock=clock or (lambda: dt.datetime(2026, 1, 2, 3, 4, 5, 678, tzinfo=dt.UTC)),
        hostname=lambda: "ci-host",
        timer=lambda: next(ticks) * 0.25,
    )
    rendered: Iterator[str] = renderer.render(BatchView(Lang.en, items))
    return rendered


def test_any_string_at_all_is_made_xml_safe() -> None:
    """Texts the loader would refuse (lone surrogates, U+FFFE, NUL) reach the renderer anyway."""
    worst = HOSTILE + "\x00 \ud800 \udfff \ufffe \uffff end"
    report = _report()
    section = report.sections[0]
    findings_ = tuple(replace(f, note=worst, advice=worst) for f in section.findings)
    questions = tuple(
        replace(p, answers=tuple(replace(q, text=worst) for q in p.answers))
        for p in section.answers
    )
    hostile = replace(
        report,
        file=worst,
        project=worst,
        sections=(replace(section, findings=findings_, answers=questions, bank_version=worst),),
    )
    text = "".join(_render([hostile, Failure(worst, (worst, worst))]))
    text.encode("utf-8")  # no lone surrogate left
    root = parse(text)
    check_shape(root)
    for value in _all_text(root):
        assert not NOT_XML.search(value)
    assert "]]>" in (suites(root)[0].findall("testcase")[0].findtext("failure") or "")


# ---------------------------------------------------------------------------------------------
# Clock, host, time, streaming


def test_timestamps_host_and_time_come_from_what_the_renderer_is_given() -> None:
    root = parse("".join(_render([_report(), Failure("gone.yaml", ("gone.yaml: no such file",))])))
    check_shape(root)
    for suite in suites(root):
        assert suite.get("timestamp") == "2026-01-02T03:04:05"
        assert suite.get("hostname") == "ci-host"
        assert suite.get("time") == "0.250"  # one tick of the timer per file


def test_timestamps_are_utc_without_a_zone() -> None:
    eight_hours_east = dt.timezone(dt.timedelta(hours=8))
    text = "".join(
        _render([_report()], clock=lambda: dt.datetime(2026, 1, 2, 8, 0, tzinfo=eight_hours_east))
    )
    assert suites(parse(text))[0].get("timestamp") == "2026-01-02T00:00:00"


def test_each_file_is_written_as_it_is_scored() -> None:
    taken: list[int] = []

    def items() -> Iterator[ReportView]:
        for index in range(3):
            taken.append(index)
            yield _report()

    pieces = _render(items())
    assert next(pieces).startswith("<?xml") and taken == []
    first = next(pieces)
    assert first.lstrip().startswith("<testsuite ") and first.rstrip().endswith("</testsuite>")
    assert taken == [0]
    assert next(pieces).lstrip().startswith("<testsuite ") and taken == [0, 1]
    rest = list(pieces)
    assert taken == [0, 1, 2]
    assert rest[-1].endswith("</testsuites>\n")
    assert (
        "<!-- crmrisk totals: files=3 suites=3 tests=21 failures=21 errors=0 skipped=0 -->"
        in rest[-1]
    )


def test_an_empty_batch_is_an_empty_document() -> None:
    root = parse("".join(_render([])))
    assert root.tag == "testsuites" and suites(root) == []


# ---------------------------------------------------------------------------------------------
# The command line, as CI runs it


CI_COMMAND = "crmrisk score examples/ --format junit --fail-on high --output results.xml"


def test_the_ci_command_writes_the_file_and_says_only_that_the_threshold_is_reached(
    tmp_path: Path,
) -> None:
    shutil.copytree(REPO / EXAMPLES, tmp_path / "examples")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CRMRISK_", "LC_", "LANG"))}
    scored = subprocess.run(
        [sys.executable, "-m", "crm_risk", "score", "examples/", "--format", "json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assessments = json.loads(scored.stdout)["assessments"]
    reached = [
        f"{a['file']} ({a['overall']['grade']})"
        for a in assessments
        if any(s["overall"]["grade"] in ("high", "critical") for s in a["sections"])
    ]
    assert len(reached) >= 2
    done = subprocess.run(
        [sys.executable, "-m", "crm_risk", *CI_COMMAND.split()[1:]],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        f"crmrisk: --fail-on high reached by {len(reached)} of the files: {', '.join(reached)}\n"
    )
    root = parse((tmp_path / "results.xml").read_text(encoding="utf-8"))
    check_shape(root)
    assert len(suites(root)) == sum(len(a["sections"]) for a in assessments)
    assert failures(root)
    assert not list(tmp_path.glob(".results.xml.*"))  # no temporary file left behind


def test_output_is_written_whole_or_not_at_all(three: Path, cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "results.xml"
    target.write_text("old", encoding="utf-8")
    refused = cli("score", EXAMPLES, "--format", "junit", "--output", target)
    assert refused.exit_code == 2 and target.read_text(encoding="utf-8") == "old"
    forced = cli("score", EXAMPLES, "--format", "junit", "--output", target, "--force")
    assert forced.exit_code == 0 and forced.stdout == "" and forced.stderr == ""
    check_shape(parse(target.read_text(encoding="utf-8")))


@SETTINGS
@given(scored())
def test_a_test_case_fails_exactly_when_the_threshold_is_reached(
    case: tuple[Bank, dict[str, Any]],
) -> None:
    """For any bank and answers: some question fails at a grade exactly when ``--fail-on`` that
    grade exits 1 (a phase is never graded above its worst finding)."""
    bank, answers = case
    result = score(bank, answer_file(bank, answers))
    view = report_view(result, Lang.en)
    for grade in bank.grade_ids():
        root = parse("".join(_render([view], fail_on=grade)))
        assert bool(failures(root)) == reached(result.sections, grade), grade


def test_fail_on_the_lowest_grade_fails_the_bank_when_no_answer_is_risky(
    cli: Cli, tmp_path: Path
) -> None:
    bank = load_bank("seven-questions")
    document = {"bank": bank.id, "project": "P", "answers": lowest_answers(bank)}
    path = tmp_path / "clean.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    root, result = junit(cli, path, "--fail-on", "low")
    assert result.exit_code == 1
    (suite,) = suites(root)
    assert failures(root) == {f"{path}: seven-questions grade": "low"}
    (case,) = [c for c in suite.findall("testcase") if c.find("failure") is not None]
    assert (case.get("classname"), case.get("name")) == ("seven-questions", "grade")
    assert case.find("failure").get("message") == "Grade: Low (--fail-on low)"  # type: ignore[union-attr]
    assert (suite.get("tests"), suite.get("failures")) == ("8", "1")
    root, result = junit(cli, path, "--fail-on", "medium")
    assert result.exit_code == 0 and failures(root) == {}
    assert [c.get("name") for c in suites(root)[0].findall("testcase")][-1] != "grade"
