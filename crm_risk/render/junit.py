"""The JUnit renderer: a batch as Ant JUnit XML, the report format Jenkins (the JUnit plugin) and
GitLab (``artifacts: reports: junit:``) read.

- one ``<testsuite>`` per answer file and bank (``name="FILE: BANK"``), with a ``<properties>``
  element (project, respondent, bank version, grade, score) and one ``<testcase>`` per question
  (``classname="BANK.PHASE"``, ``name="#N QUESTION-ID: question text"``);
- in a bank whose grade reaches ``--fail-on`` (so that the exit code says 1), a question whose
  finding is at that grade or worse has a ``<failure>`` (``type``: the severity id); every other
  finding (all of them, without ``--fail-on``, or in a bank that does not reach it) is shown in
  the test case's ``<system-out>``. Where the bank reaches ``--fail-on`` with no finding at it
  (``--fail-on`` the lowest grade), one more test case, ``BANK.grade``, fails on the bank's
  grade. A build fails exactly when the command does. A question marked
  not applicable is ``<skipped>``;
- a file that could not be read is a suite of its own with one ``<error type="InputError">``.

Streamed like the JSON batch: the header, then each suite as its file is scored, then the end.
The totals of the root element would only be known at the end, so the root carries none (they
are optional for Jenkins and GitLab, which count the test cases themselves); the totals close the
document as a comment, for a human reader. Each suite is built as an ElementTree element and
serialised by it, so every text and attribute is escaped; what XML 1.0 cannot hold at all (control
characters, lone surrogates) is made visible or removed first, as in the other formats.
"""

from __future__ import annotations

import datetime as dt
import re
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar
from xml.etree import ElementTree as ET

from crm_risk.answers import AnswerStatus
from crm_risk.i18n import Lang, colon, ui
from crm_risk.i18n.say import localize
from crm_risk.msg import _
from crm_risk.render.registry import RenderOptions
from crm_risk.text import clean
from crm_risk.views.model import (
    AnswerRow,
    BatchView,
    Encoded,
    Failure,
    FindingRow,
    GradeView,
    ReportView,
    SectionView,
)

_DIGITS = 4
# What XML 1.0 allows (https://www.w3.org/TR/xml/#charsets); `clean` has already made the control
# characters visible and replaced lone surrogates, so this only removes U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str, *, one_line: bool = False) -> str:
    """User text that XML 1.0 can hold: escape sequences gone, control characters visible."""
    return _NOT_XML.sub("", clean(value, keep_newlines=not one_line))


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _timestamp(moment: dt.datetime) -> str:
    """ISO 8601 in UTC to the second, without a zone suffix (as the Ant schema wants it)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="seconds")


@dataclass
class _Totals:
    files: int = 0
    suites: int = 0
    tests: int = 0
    failures: int = 0
    errors: int = 0
    skipped: int = 0

    def add(self, suite: ET.Element) -> None:
        self.suites += 1
        for name in ("tests", "failures", "errors", "skipped"):
            setattr(self, name, getattr(self, name) + int(suite.get(name, "0")))


class JunitRenderer:
    name: ClassVar[str] = "junit"
    views: ClassVar[tuple[type, ...]] = (BatchView,)

    def __init__(
        self,
        options: RenderOptions,
        *,
        clock: Callable[[], dt.datetime] = utc_now,
        hostname: Callable[[], str] = socket.gethostname,
        timer: Callable[[], float] = time.perf_counter,
    ) -> None:
        """``clock`` gives each suite's timestamp, ``hostname`` its host, ``timer`` (seconds) the
        time spent reading, checking and scoring its file: all three replaceable for tests."""
        self.fail_on = options.fail_on
        self.clock = clock
        self.hostname = hostname
        self.timer = timer

    def render(self, view: Any) -> Iterator[str]:
        assert isinstance(view, BatchView)
        return self._batch(view)

    def _batch(self, view: BatchView) -> Iterator[str]:
        host = xml_text(self.hostname(), one_line=True).strip() or "localhost"
        yield '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="crmrisk">\n'
        totals = _Totals()
        items = iter(view.items)
        while True:
            # The items are scored as they are taken: the time taken is the file's.
            started, begin = self.clock(), self.timer()
            item = next(items, None)
            if item is None:
                break
            seconds = max(0.0, self.timer() - begin)
            stamp = _timestamp(started)
            if isinstance(item, Failure):
                suites = [(_error_suite(item, view.lang), "crmrisk")]
            elif isinstance(item, Encoded):
                raise TypeError("JUnit suites are laid out here, not by a worker")
            else:
                suites = [
                    (_report_suite(item, section, self.fail_on, view.lang), section.bank_id)
                    for section in item.sections
                ]
            totals.files += 1
            for index, (suite, package) in enumerate(suites):
                # A file's time is on its first suite (a file of several banks is read once).
                suite.set("time", f"{seconds if index == 0 else 0.0:.3f}")
                suite.set("timestamp", stamp)
                suite.set("hostname", host)
                suite.set("id", str(totals.suites))
                suite.set("package", package)
                totals.add(suite)
                yield _serialise(suite)
        yield (
            f"  <!-- crmrisk totals: files={totals.files} suites={totals.suites} "
            f"tests={totals.tests} failures={totals.failures} errors={totals.errors} "
            f"skipped={totals.skipped} -->\n</testsuites>\n"
        )


def _serialise(suite: ET.Element) -> str:
    ET.indent(suite, space="  ", level=1)
    return "  " + ET.tostring(suite, encoding="unicode") + "\n"


def _suite(name: str) -> ET.Element:
    return ET.Element("testsuite", {"name": xml_text(name, one_line=True)})


def _counts(suite: ET.Element, *, tests: int, failures: int, errors: int, skipped: int) -> None:
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", str(skipped))


def _properties(suite: ET.Element, values: list[tuple[str, str | None]]) -> None:
    element = ET.SubElement(suite, "properties")
    for key, value in values:
        if value is not None:
            ET.SubElement(
                element, "property", {"name": key, "value": xml_text(value, one_line=True)}
            )


def _error_suite(item: Failure, lang: Lang) -> ET.Element:
    """A file that could not be scored: one test case in error, with every problem."""
    suite = _suite(item.file)
    _counts(suite, tests=1, failures=0, errors=1, skipped=0)
    _properties(suite, [("file", item.file)])
    case = ET.SubElement(
        suite,
        "testcase",
        {"classname": "crmrisk.input", "name": xml_text(item.file, one_line=True), "time": "0"},
    )
    problems = item.problems or (localize(_("could not be scored"), lang),)
    first = (
        localize(_("{problem} (and {n} more)", problem=problems[0], n=len(problems) - 1), lang)
        if len(problems) > 1
        else problems[0]
    )
    error = ET.SubElement(
        case, "error", {"message": xml_text(first, one_line=True), "type": "InputError"}
    )
    error.text = xml_text("\n".join(problems))
    return suite


def _report_suite(
    report: ReportView, section: SectionView, fail_on: str | None, lang: Lang
) -> ET.Element:
    """One bank of one answer file: a test case per question."""
    file = report.file or "-"
    suite = _suite(f"{file}: {section.bank_id}")
    threshold = section.grade_named(fail_on) if fail_on is not None else None
    # Failures only where the bank's grade reaches the threshold: a single severe answer in a
    # bank that is below it is shown, not failed, as the exit code does not fail on it either.
    failing = section.overall is not None and _reaches(section.overall, threshold)
    findings = {finding.question: finding for finding in section.findings}
    who = report.respondent
    _properties(
        suite,
        [
            ("file", file),
            ("project", report.project),
            ("respondent", who.name if who else None),
            ("role", who.role if who else None),
            ("date", report.date.isoformat() if report.date else None),
            ("bank", section.bank_id),
            ("bank_version", section.bank_version),
            ("grade", section.overall.id if section.overall else None),
            ("grade_label", section.overall.label if section.overall else None),
            ("score", f"{round(section.overall_score, _DIGITS)}"),
            ("fail_on", threshold.id if threshold else None),
        ],
    )
    failures = skipped = 0
    for row in section.questions:
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": f"{section.bank_id}.{row.phase}",
                "name": xml_text(f"#{row.number} {row.id}: {row.text}", one_line=True),
                "time": "0",
            },
        )
        finding = findings.get(row.id)
        if row.status is AnswerStatus.not_applicable:
            skipped += 1
            reason = f"{colon(lang)}{row.reason}" if row.reason else ""
            ET.SubElement(
                case, "skipped", {"message": xml_text(row.answer + reason, one_line=True)}
            )
        elif finding is not None and failing and _reaches(finding.severity, threshold):
            failures += 1
            failure = ET.SubElement(
                case,
                "failure",
                {"message": _message(row, finding, lang), "type": finding.severity.id},
            )
            failure.text = _details(finding, lang)
        elif finding is not None:
            out = ET.SubElement(case, "system-out")
            out.text = f"{ui('severity', lang)}{colon(lang)}{finding.severity.label}\n" + _details(
                finding, lang
            )
    tests = len(section.questions)
    if failing and failures == 0 and threshold is not None and section.overall is not None:
        # The threshold is reached with no finding at it (``--fail-on`` the lowest grade, where
        # even a bank without risky answers reaches it): the bank's grade is the failing case.
        tests, failures = tests + 1, 1
        case = ET.SubElement(
            suite, "testcase", {"classname": section.bank_id, "name": "grade", "time": "0"}
        )
        grade = f"{ui('grade', lang)}{colon(lang)}{section.overall.label}"
        ET.SubElement(
            case,
            "failure",
            {
                "message": xml_text(f"{grade} (--fail-on {threshold.id})", one_line=True),
                "type": section.overall.id,
            },
        )
    _counts(suite, tests=tests, failures=failures, errors=0, skipped=skipped)
    return suite


def _reaches(severity: GradeView, threshold: GradeView | None) -> bool:
    return threshold is not None and severity.rank >= threshold.rank


def _message(row: AnswerRow, finding: FindingRow, lang: Lang) -> str:
    return xml_text(
        f"{finding.severity.label}{colon(lang)}{row.text} {ui('answer', lang)}{colon(lang)}"
        f"{finding.answer}",
        one_line=True,
    )


def _details(finding: FindingRow, lang: Lang) -> str:
    lines = [f"{ui('answer', lang)}{colon(lang)}{finding.answer}"]
    if finding.note:
        lines.append(f"{ui('note', lang)}{colon(lang)}{finding.note}")
    if finding.advice:
        lines.append(f"{ui('advice', lang)}{colon(lang)}{finding.advice}")
    return xml_text("\n".join(lines))
