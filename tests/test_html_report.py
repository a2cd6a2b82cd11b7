"""The HTML report: one self-contained page, in the markdown report's order, with nothing a
respondent or a bank typed turned into markup; and, where Chromium is installed, what a browser
makes of it: a few A4 pages, a visible chart, nothing wider than a phone.

The page is parsed with Python's html.parser into a small tree; the browser tests run headless
Chromium and read its PDF and PNG output with the standard library alone.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from crm_risk.i18n import Lang, aside, colon, ui
from crm_risk.loading import load_answers_file
from crm_risk.render.html import COLOURS, level
from crm_risk.render.registry import RenderOptions, render
from crm_risk.views.group_model import GroupView
from crm_risk.views.model import GradeView, ReportView
from crm_risk.views.report import report_view
from tests.conftest import EXAMPLES, tool

pytestmark = pytest.mark.slow

EXAMPLE = EXAMPLES / "high-risk-key-account.yaml"
HEALTHY = EXAMPLES / "healthy-service.yaml"
SHIPPED_BANK = Path(__file__).parent.parent / "crm_risk" / "questions" / "seven-questions.yaml"
LANGS = [Lang.en, Lang.zh]
Cli = Callable[..., Any]

# ---------------------------------------------------------------------------------------------
# A small tree of the page

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str, cls: str | None = None) -> list[Node]:
        return [
            n
            for n in self.iter()
            if n.tag == tag and (cls is None or cls in n.attrs.get("class", "").split())
        ]

    def find(self, tag: str, cls: str | None = None) -> Node:
        found = self.find_all(tag, cls)
        assert found, f"no <{tag} class={cls}>"
        return found[0]

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def elements(self) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node)]


class _Builder(HTMLParser):
    """Builds the tree, and fails on an end tag that does not close the open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.declarations: list[str] = []
        self.comments: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.declarations.append(decl)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


@dataclass
class Page:
    root: Node
    declarations: list[str]
    comments: list[str]

    @property
    def text(self) -> str:
        return self.root.find("body").text()

    def headings(self) -> list[str]:
        return [
            " ".join(n.text().split()) for n in self.root.iter() if re.fullmatch(r"h[1-6]", n.tag)
        ]

    def shape(self) -> list[tuple[str, tuple[str, ...]]]:
        """Every element and the names of its attributes, in document order."""
        return [(n.tag, tuple(sorted(n.attrs))) for n in self.root.iter()]


def parse(html: str) -> Page:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    assert builder.stack == [builder.root], "every element is closed"
    return Page(builder.root, builder.declarations, builder.comments)


def report_html(path: Path, lang: Lang, **options: Any) -> tuple[ReportView, str]:
    view = report_view(load_answers_file(path).score(), lang)
    return view, render("html", view, RenderOptions(**options))


def group_html(paths: list[Path], lang: Lang, names: bool = False) -> tuple[GroupView, str]:
    from crm_risk.group import score_group
    from crm_risk.views.group import group_view

    view = group_view(score_group([load_answers_file(p).score() for p in paths]), lang, names=names)
    return view, render("html", view, RenderOptions(names=names))


def cells(row: Node) -> list[Node]:
    return [c for c in row.elements() if c.tag in ("td", "th")]


def body_rows(table: Node) -> list[Node]:
    return table.find("tbody").find_all("tr")


# ---------------------------------------------------------------------------------------------
# One self-contained document


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_is_one_self_contained_document(lang: Lang) -> None:
    view, html = report_html(EXAMPLE, lang)
    page = parse(html)
    assert page.declarations == ["DOCTYPE html"] and html.startswith("<!DOCTYPE html>")
    for tag in ("html", "head", "body", "main", "style"):
        assert len(page.root.find_all(tag)) == 1, tag
    assert len(page.root.find("head").find_all("title")) == 1
    assert page.root.find("html").attrs["lang"] == {"en": "en", "zh": "zh-CN"}[lang.value]
    metas = page.root.find_all("meta")
    assert {"charset": "utf-8"} in [m.attrs for m in metas]
    assert any(
        m.attrs.get("name") == "viewport"
        and m.attrs.get("content") == "width=device-width, initial-scale=1"
        for m in metas
    )
    assert page.root.find("title").text() == ui("report_title", lang) + colon(lang) + view.project

    # Nothing runs, nothing is fetched: no script, no stylesheet link, no embedded objects,
    # no event handlers, and no attribute that points anywhere.
    fetching = {"script", "link", "iframe", "frame", "object", "embed", "img", "image", "base"}
    fetching |= {"form", "input", "video", "audio", "source", "noscript", "use", "foreignobject"}
    assert {n.tag for n in page.root.iter()} & fetching == set()
    for node in page.root.iter():
        for name, value in node.attrs.items():
            assert not name.startswith("on"), (node.tag, name)
            assert name not in ("src", "href", "xlink:href", "srcset", "action", "poster")
            assert not re.search(r"(https?:)?//", value), (node.tag, name, value)
    css = page.root.find("style").text()
    assert "url(" not in css and "@import" not in css and "//" not in css
    for rule in ("@page { size: A4; margin: 15mm; }", "@media print", "(max-width: 600px)"):
        assert rule in css
    assert "white-space: nowrap" in css.split("th {", 1)[1].split("}", 1)[0]
    assert not page.comments


@pytest.mark.parametrize("lang", LANGS)
def test_the_chart_draws_one_bar_per_phase_as_long_as_its_score(lang: Lang) -> None:
    view, html = report_html(EXAMPLE, lang)
    page = parse(html)
    (section,) = view.sections
    (svg,) = page.root.find_all("svg")
    assert svg.attrs["role"] == "img"
    title = svg.elements()[0]
    assert title.tag == "title"
    for phase in section.phases:
        assert phase.title in title.text()
        assert phase.grade is not None and f"{phase.grade.label} {phase.score:.2f}" in title.text()
    bars = svg.find_all("rect")
    assert len(bars) == len(section.phases) == 2
    axis = svg.find("line", "axis")
    span = float(axis.attrs["x2"]) - float(axis.attrs["x1"])
    for bar, phase in zip(bars, section.phases, strict=True):
        assert "bar" in bar.attrs["class"].split()
        assert float(bar.attrs["width"]) == pytest.approx(phase.score * span, abs=0.1)
        assert bar.attrs["fill"] == COLOURS[-1]  # both phases are critical: red
    assert [t.text() for t in svg.find_all("text", "label")] == [p.title for p in section.phases]
    assert [t.text() for t in svg.find_all("text", "tick")][:5] == ["0", "0.25", "0.5", "0.75", "1"]
    # The same numbers in a plain table beside the chart.
    table = page.root.find("div", "phase-grid").find("table")
    rows = [[" ".join(c.text().split()) for c in cells(r)] for r in body_rows(table)]
    assert rows == [
        [p.title, p.grade.label if p.grade else "", f"{p.score:.2f}", f"{p.answered}/{p.total}"]
        for p in section.phases
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_every_section_is_there_in_the_markdown_reports_order(lang: Lang) -> None:
    view, html = report_html(EXAMPLE, lang)
    page = parse(html)
    (section,) = view.sections

    def t(key: str) -> str:
        return ui(key, lang)

    expected = [
        t("report_title") + colon(lang) + view.project,
        t("summary"),
        t("risk_by_phase"),
        t("answers"),
        *[phase.title for phase in section.answers],
        t("findings"),
        t("unanswered"),
        *[f"{n.label}{colon(lang)}{n.option}" for n in section.context if n.explanation],
        t("action_register"),
    ]
    headings = page.headings()
    assert len(headings) == len(expected)
    for got, want in zip(headings, expected, strict=True):
        assert got.startswith(" ".join(want.split())), (got, want)
    assert section.overall is not None
    assert headings[2] == t("risk_by_phase") + colon(lang) + section.overall.label + aside(
        f"{section.overall_score:.2f}", lang
    )

    text = page.text
    assert t("prepared_for") in text and view.prepared_for in text
    assert view.respondent is not None and view.respondent.name in text
    assert view.date is not None and view.date.isoformat() in text
    summary = page.root.find("section", "summary")
    assert view.headline.first_step and view.headline.first_step in summary.text()
    for finding in view.headline.top:
        assert finding.text in summary.text()
    # Answers: number, question, answer, risk and note of every question.
    answer_rows = [r for table in page.root.find_all("table", "answers") for r in body_rows(table)]
    assert len(answer_rows) == len(section.questions) == 7
    for row, answer in zip(answer_rows, section.questions, strict=True):
        texts = [" ".join(c.text().split()) for c in cells(row)]
        assert texts[:4] == [str(answer.number), answer.text, answer.answer, f"{answer.risk:.2f}"]
        assert texts[4] == (answer.note or "")
    # Findings with their advice, most severe first.
    findings = page.root.find_all("li", "finding")
    assert len(findings) == len(section.findings) == 7
    for item, finding in zip(findings, section.findings, strict=True):
        assert finding.text in item.text() and (finding.advice or "") in item.text()
        assert item.find("span", "badge").text() == finding.severity.label
    assert ui("count_line", lang, answered=7, unknown=0, skipped=0, total=7) in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_action_register_has_a_row_per_finding_and_blank_owner_and_due(lang: Lang) -> None:
    view, html = report_html(EXAMPLE, lang)
    table = parse(html).root.find("table", "register")
    head = [c.text() for c in cells(table.find("thead").find("tr"))]
    keys = ["finding", "severity", "advice", "owner", "due"]
    assert head == ["#", *[ui(k, lang) for k in keys]]
    rows = body_rows(table)
    assert len(rows) == len(view.actions) == view.finding_count == 7
    for row, action in zip(rows, view.actions, strict=True):
        row_cells = cells(row)
        assert len(row_cells) == 6
        assert row_cells[0].text() == str(action.number)
        assert action.text in row_cells[1].text() and f"(#{action.question})" in row_cells[1].text()
        assert row_cells[2].text() == action.severity.label
        assert row_cells[3].text() == action.advice
        for blank in row_cells[4:]:
            assert blank.attrs["class"] == "fill" and blank.children == []


def test_badges_always_say_their_grade_and_are_coloured_by_rank() -> None:
    for path, expected in ((EXAMPLE, {"g3"}), (HEALTHY, {"g0"})):
        _, html = report_html(path, Lang.en)
        badges = parse(html).root.find_all("span", "badge")
        assert badges
        for badge in badges:
            assert badge.text().strip(), "a badge is never colour alone"
        overall = parse(html).root.find("p", "overall").find("span", "badge")
        assert set(overall.attrs["class"].split()) - {"badge"} == expected

    def grade(rank: int, top: int) -> GradeView:
        return GradeView(id=str(rank), label=str(rank), rank=rank, top=top, width=1)

    assert [level(grade(r, 3)) for r in range(4)] == ["g0", "g1", "g2", "g3"]
    assert [level(grade(r, 1)) for r in range(2)] == ["g0", "g3"]
    assert [level(grade(r, 4)) for r in range(5)] == ["g0", "g1", "g2", "g2", "g3"]
    assert level(grade(0, 0)) == "g0" and level(None) == "none"


def test_several_banks_open_with_an_overview_of_each(tmp_path: Path) -> None:
    path = tmp_path / "two-banks.yaml"
    path.write_text(
        "banks: [seven-questions, strategic-errors]\nproject: Two banks\ndate: 2026-11-25\n"
        "answers:\n  seven-questions: {sponsor-value: {choice: approved-unheard}}\n"
        "  strategic-errors: {}\n",
        encoding="utf-8",
    )
    view, html = report_html(path, Lang.en)
    page = parse(html)
    assert len(view.sections) == 2
    h2 = [" ".join(h.text().split()) for h in page.root.find_all("h2")]
    assert h2[:2] == [ui("summary", Lang.en), ui("overview", Lang.en)]
    assert h2[2:4] == [s.bank_title for s in view.sections]
    svgs = page.root.find_all("svg")
    assert [len(svg.find_all("rect")) for svg in svgs] == [2] + [
        len(s.phases) for s in view.sections
    ]
    overview = page.root.find("section", "overview")
    rows = body_rows(overview.find("table"))
    assert [cells(r)[0].text() for r in rows] == [s.bank_title for s in view.sections]
    register = body_rows(page.root.find("table", "register"))
    assert len(register) == view.finding_count


# ---------------------------------------------------------------------------------------------
# The meeting's report


@pytest.fixture
def meeting(write_answers: Callable[..., Path]) -> list[Path]:
    """Three respondents of one project; the sponsor and the project lead disagree on the
    sponsor's agreement."""
    base = {"core-value": {"choice": "one-focused"}, "budget-for-delivery": {"value": 35}}
    people = [
        ("Wang Fang", "sponsor", {"sponsor-value": {"choice": "agreed-in-person"}}),
        ("Zhao Lei", "project-lead", {"sponsor-value": {"choice": "none", "note": "Never met"}}),
        ("Liu Yang", "frontline", {"frontline-benefit": {"choice": "control-only"}}),
    ]
    return [
        write_answers(
            {**base, **picks}, name=f"{role}.yaml", respondent={"name": name, "role": role}
        )
        for name, role, picks in people
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_the_group_page_has_the_group_layout(meeting: list[Path], lang: Lang) -> None:
    view, html = group_html(meeting, lang)
    page = parse(html)
    (section,) = view.sections

    def t(key: str) -> str:
        return ui(key, lang)

    expected = [
        t("group_title") + colon(lang) + view.project,
        t("summary"),
        t("group_respondents"),
        t("risk_by_phase"),
        t("group_by_respondent"),
        t("consensus_gaps"),
        t("findings"),
        t("group_answers"),
        *[phase.title for phase in section.spreads],
        t("action_register"),
    ]
    assert page.headings() == expected
    assert page.root.find("title").text() == expected[0]
    # Roles only, without --names.
    respondents = page.root.find("section", "respondents").find("table")
    assert [cells(r)[0].text() for r in body_rows(respondents)] == [
        m.person.role_label for m in view.members
    ]
    for member in view.members:
        assert member.person.name not in page.text
    # Phase grades with the worst respondent, beside the chart.
    (svg,) = page.root.find_all("svg")
    assert len(svg.find_all("rect")) == len(section.phases)
    phase_rows = body_rows(page.root.find("div", "phase-grid").find("table"))
    assert len(phase_rows) == len(section.phases) + 1  # and the overall row
    # The consensus gap on the sponsor's agreement names both sides.
    gaps = page.root.find_all("li", "gap")
    assert len(gaps) == len(section.gaps) >= 1
    first = gaps[0].text()
    assert section.gaps[0].question == "sponsor-value" and section.gaps[0].text in first
    for member in view.members[:2]:  # the sponsor and the project lead
        assert member.person.role_label and member.person.role_label in first
    # Answers by respondent: one table per question, one row per respondent.
    spreads = page.root.find_all("table", "spread")
    assert len(spreads) == len([q for p in section.spreads for q in p.questions])
    assert all(len(body_rows(table)) == 3 for table in spreads)
    register = body_rows(page.root.find("table", "register"))
    assert len(register) == len(view.actions) >= 1
    assert all(c.children == [] for r in register for c in cells(r)[4:])


def test_the_group_page_names_people_only_when_asked(meeting: list[Path]) -> None:
    view, html = group_html(meeting, Lang.en, names=True)
    page = parse(html)
    respondents = page.root.find("section", "respondents").find("table")
    assert [cells(r)[0].text() for r in body_rows(respondents)] == [
        m.person.name for m in view.members
    ]
    assert "Wang Fang (sponsor)" in page.text


# ---------------------------------------------------------------------------------------------
# Nothing typed becomes markup

HOSTILE = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "{{ 7*7 }}",
    "{% raw %}",
    "{# comment #}",
    "&amp; &lt;b&gt; &#60;i&#62;",
    "</title></style></textarea><b>BOLD</b>",
    "<!-- comment --> <![CDATA[x]]>",
    "**bold** _em_ `code` [link](https://evil.example) ![img](https://evil.example/x.png) | pipe |",
    "# heading",
    "javascript:alert(1)",
)
NOTE = " ".join(HOSTILE)


def _answers(project: str, name: str, note: str, bank: str = "seven-questions") -> str:
    return yaml.safe_dump(
        {
            "bank": bank,
            "project": project,
            "respondent": {"name": name, "role": "consultant"},
            "date": "2026-11-22",
            "answers": {
                "sponsor-value": {"choice": "assumed", "note": note},
                "core-value": {"choice": "one-focused", "note": note},
                "budget-for-delivery": {"value": 90, "note": "客户关系 🚀 مشروع"},
            },
        },
        allow_unicode=True,
    )


def _check_inert(hostile: str, benign: str) -> Page:
    """``hostile`` is the page of the same answers as ``benign`` with hostile text in place of
    plain words: the same elements with the same attributes, and the hostile text shown as
    written."""
    page = parse(hostile)
    assert page.shape() == parse(benign).shape(), "user text created or removed an element"
    for piece in HOSTILE:
        assert piece in page.text, piece
    assert page.text.count("49") == parse(benign).text.count("49")
    lowered = hostile.lower()
    for raw in ("<script", "<img", "<svg onload", "<b>", "<!-- comment", "<![cdata"):
        assert raw not in lowered, raw
    assert not page.comments
    return page


def test_notes_names_and_projects_are_text(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(_answers(f"P {NOTE}", 'Mallory "><b>x</b> {{ 7*7 }}', NOTE), "utf-8")
    benign = tmp_path / "benign.yaml"
    benign.write_text(_answers("P", "Mallory", "plain"), "utf-8")
    for lang in LANGS:
        view, html = report_html(hostile, lang)
        page = _check_inert(html, report_html(benign, lang)[1])
        assert (
            page.root.find("title").text() == ui("report_title", lang) + colon(lang) + view.project
        )
        assert 'Mallory "><b>x</b> {{ 7*7 }}' in page.text
        assert "客户关系 🚀 مشروع" in page.text


def test_the_group_page_keeps_hostile_names_and_notes_as_text(tmp_path: Path) -> None:
    def files(name: str, note: str) -> list[Path]:
        paths = []
        for role, choice in (("sponsor", "agreed-in-person"), ("project-lead", "none")):
            doc = yaml.safe_load(_answers(f"P {note}", f"{name} {role}", note))
            doc["respondent"]["role"] = role
            doc["answers"]["sponsor-value"]["choice"] = choice
            path = tmp_path / f"{name[:4]}-{role}.yaml"
            path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
            paths.append(path)
        return paths

    hostile = files('Eve"><script>', NOTE)
    benign = files("Anna plain", "plain")
    _, html = group_html(hostile, Lang.en, names=True)
    page = _check_inert(html, group_html(benign, Lang.en, names=True)[1])
    assert 'Eve"><script> sponsor' in page.text


def test_a_hostile_bank_file_is_text_too(tmp_path: Path) -> None:
    """A bank given as a file is as untrusted as the answers: its titles reach the chart."""

    def bank_file(name: str, words: str) -> Path:
        bank = yaml.safe_load(SHIPPED_BANK.read_text(encoding="utf-8"))
        bank["title"]["en"] = f"Bank {words}"
        bank["phases"][0]["title"]["en"] = f"Phase {words}"
        bank["questions"][0]["text"]["en"] = f"Question {words}?"
        bank["grades"][-1]["label"]["en"] = f"Worst {words}"[:100]
        path = tmp_path / f"{name}.bank.yaml"
        path.write_text(yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8")
        answers = tmp_path / f"{name}.yaml"
        answers.write_text(_answers("P", "N", "note", bank=path.name), encoding="utf-8")
        return answers

    short = " ".join(HOSTILE[:5])
    hostile = report_html(bank_file("hostile", short), Lang.en)[1]
    benign = report_html(bank_file("benign", "plain"), Lang.en)[1]
    page = parse(hostile)
    assert page.shape() == parse(benign).shape()
    svg = page.root.find("svg")
    assert f"Phase {short}" in svg.elements()[0].text()  # the chart's title has the whole label
    assert f"Worst {short}"[:100] in [b.text() for b in page.root.find_all("span", "badge")]
    for raw in ("<script", "<img", "<svg onload"):
        assert raw not in hostile.lower()


# ---------------------------------------------------------------------------------------------
# The command


def test_report_writes_html_by_suffix_or_format(cli: Cli, tmp_path: Path) -> None:
    _, expected = report_html(EXAMPLE, Lang.en)
    for name in ("report.html", "REPORT.HTM"):
        result = cli("report", EXAMPLE, "-o", tmp_path / name)
        assert result.exit_code == 0, result.stderr
        assert (tmp_path / name).read_text(encoding="utf-8") == expected
    result = cli("report", EXAMPLE, "--format", "html")
    assert result.exit_code == 0 and result.stdout == expected
    result = cli("report", EXAMPLE, "--format", "markdown", "-o", tmp_path / "forced.html")
    assert (tmp_path / "forced.html").read_text(encoding="utf-8").startswith("# ")
    result = cli("report", EXAMPLE, "--lang", "zh", "-f", "html")
    assert '<html lang="zh-CN">' in result.stdout


def test_report_group_writes_the_meetings_page(
    cli: Cli, meeting: list[Path], tmp_path: Path
) -> None:
    target = tmp_path / "meeting.html"
    result = cli("report", "--group", *meeting, "-o", target)
    assert result.exit_code == 0, result.stderr
    page = parse(target.read_text(encoding="utf-8"))
    assert page.headings()[0].startswith(ui("group_title", Lang.en))
    assert "Wang Fang" not in page.text
    result = cli("report", "--group", "--names", *meeting, "--format", "html")
    assert "Wang Fang" in parse(result.stdout).text


def test_a_template_is_for_the_markdown_report(cli: Cli, tmp_path: Path) -> None:
    template = tmp_path / "mine.md.j2"
    template.write_text("{{ view.project }}\n", encoding="utf-8")
    result = cli("report", EXAMPLE, "--template", template, "-o", tmp_path / "r.html")
    assert result.exit_code == 2
    assert "--template is for the markdown report" in result.stderr
    assert not (tmp_path / "r.html").exists()


# ---------------------------------------------------------------------------------------------
# In a browser (headless Chromium, where it is installed)

BROWSER_TIMEOUT = 120


def chromium() -> str:
    for name in ("chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return tool("chromium")


def browse(tmp_path: Path, *args: str) -> None:
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=BROWSER_TIMEOUT, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]


def page_file(tmp_path: Path, path: Path, lang: Lang) -> Path:
    target = tmp_path / f"{path.stem}.{lang.value}.html"
    target.write_text(report_html(path, lang)[1], encoding="utf-8")
    return target


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """A PNG as (width, height, rows of RGB bytes): 8-bit RGB or RGBA, not interlaced (what
    Chromium and pdftoppm write)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and interlace == 0 and colour in (2, 6), (depth, colour, interlace)
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * bpp
    previous = bytearray(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, previous, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + (left + previous[i]) // 2) & 255
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = previous[i]
                c = previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(
            bytes(line if bpp == 3 else b"".join(line[i : i + 3] for i in range(0, stride, 4)))
        )
        previous = line
    return width, height, rows


def count_colour(rows: list[bytes], colour: str, tolerance: int = 24) -> int:
    """How many pixels are within ``tolerance`` of ``colour`` (#rrggbb) in every channel."""
    want = bytes.fromhex(colour.lstrip("#"))
    near = b"".join(
        b"["
        + re.escape(bytes([max(0, c - tolerance)]))
        + b"-"
        + re.escape(bytes([min(255, c + tolerance)]))
        + b"]"
        for c in want
    )
    pattern = re.compile(b"(?=" + near + b")", flags=re.S)
    return sum(1 for row in rows for m in pattern.finditer(row) if m.start() % 3 == 0)


@pytest.mark.parametrize("lang", LANGS)
def test_the_example_prints_to_a_few_a4_pages(tmp_path: Path, lang: Lang) -> None:
    pdfinfo, pdftoppm = tool("pdfinfo", "poppler-utils"), tool("pdftoppm", "poppler-utils")
    html = page_file(tmp_path, EXAMPLE, lang)
    pdf = tmp_path / "out.pdf"
    browse(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html.as_uri())
    data = pdf.read_bytes()
    pages = pdf_pages(data)
    # Measured with Debian's chromium 150: 5 pages in English, 4 in Chinese.
    assert 2 <= pages <= 8, pages
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes and all(
        abs(float(w) - 595.3) < 1.5 and abs(float(h) - 841.9) < 1.5 for w, h in boxes
    ), "A4 portrait"
    info = subprocess.run(
        [pdfinfo, str(pdf)], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert re.search(rf"^Pages:\s+{pages}$", info, flags=re.M), info
    subprocess.run(
        [pdftoppm, "-r", "60", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "p")],
        capture_output=True,
        timeout=60,
        check=True,
    )
    (first,) = tmp_path.glob("p-*1.png")
    _, _, rows = png_pixels(first.read_bytes())
    # The chart is on the first page, and its two critical bars print in red.
    assert count_colour(rows, COLOURS[-1]) > 1500


@pytest.mark.parametrize(("width", "least"), [(1200, 8000), (390, 3000)])
def test_the_chart_shows_its_grade_colours_on_screen(
    tmp_path: Path, width: int, least: int
) -> None:
    shots = {}
    for path in (EXAMPLE, HEALTHY):
        html = page_file(tmp_path, path, Lang.en)
        png = tmp_path / f"{path.stem}-{width}.png"
        browse(tmp_path, f"--screenshot={png}", f"--window-size={width},2400", html.as_uri())
        got_width, height, rows = png_pixels(png.read_bytes())
        assert (got_width, height) == (width, 2400)
        shots[path] = rows
    red, green = COLOURS[-1], COLOURS[0]
    # Two critical bars (0.85 and 1.00 of the axis) in red; the healthy example's low bar green.
    assert count_colour(shots[EXAMPLE], red) >= least
    assert count_colour(shots[HEALTHY], green) >= least // 20
    assert count_colour(shots[HEALTHY], red) < 50


PROBE = """<script>
var root = document.documentElement, wrapped = [];
document.querySelectorAll("th").forEach(function (th) {
  var range = document.createRange();
  range.selectNodeContents(th);
  var lines = new Set(Array.from(range.getClientRects()).map(function (r) { return Math.round(r.top); }));
  if (lines.size > 1) wrapped.push(th.textContent);
});
parent.postMessage(JSON.stringify({scroll: root.scrollWidth, client: root.clientWidth, wrapped: wrapped}), "*");
</script>"""


@pytest.mark.parametrize("kind", ["en", "zh", "group-zh"])
def test_nothing_is_wider_than_a_phone_and_no_header_wraps(
    tmp_path: Path, kind: str, meeting: list[Path]
) -> None:
    """At 390 pixels wide (in a frame: a headless window is never that narrow), the page does not
    scroll sideways (wide tables scroll in their own box) and every table header is one line."""
    if kind == "group-zh":
        html = group_html(meeting, Lang.zh, names=True)[1]
    else:
        html = report_html(EXAMPLE, Lang(kind))[1]
    (tmp_path / "page.html").write_text(
        html.replace("</body>", PROBE + "</body>"), encoding="utf-8"
    )  # a copy for the test only: the report itself has no script
    outer = tmp_path / "outer.html"
    outer.write_text(
        '<!DOCTYPE html><html><body><iframe src="page.html" width="390" height="800"></iframe>'
        "<script>window.addEventListener('message', function (e) {"
        "document.body.setAttribute('data-probe', e.data); });</script></body></html>",
        encoding="utf-8",
    )
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--virtual-time-budget=5000",
        "--dump-dom",
        outer.as_uri(),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=BROWSER_TIMEOUT, check=False
    )
    found = re.search(r'data-probe="([^"]*)"', done.stdout)
    assert found, done.stderr[-2000:]
    probe = json.loads(found.group(1).replace("&quot;", '"'))
    assert probe["client"] <= 390
    assert probe["scroll"] <= probe["client"], probe
    assert probe["wrapped"] == []
