"""Nothing a user typed is interpreted: not by the terminal, not by markdown, not by JSON readers.

Notes, project and respondent names (and the texts of a bank given as a file) are full of rich
markup, ANSI and OSC escape sequences, carriage returns, bells, bidi overrides, pipes, newlines,
HTML and markdown syntax. The terminal output may hold only rich's own colour codes, the markdown
report must parse (with markdown-it, a CommonMark parser) into the same tables and no HTML, links
or images, and JSON must carry the exact text. Chinese, emoji and right-to-left text still show.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from crm_risk.cli import app
from crm_risk.i18n import Lang
from crm_risk.loading import load_answers_file
from crm_risk.render import terminal_parts
from crm_risk.render.registry import render
from crm_risk.results import Assessment
from crm_risk.scoring import score
from crm_risk.text import clean, md_inline
from crm_risk.views.questionnaire import questionnaire_view
from crm_risk.views.report import report_view
from crm_risk.views.summary import summary_view
from tests import rendering
from tests.conftest import examples

SHIPPED_BANK = Path(__file__).parent.parent / "crm_risk" / "questions" / "seven-questions.yaml"

# What each hostile piece is; all of it must come out as inert text.
HOSTILE = (
    "[bold red]MARKUP[/bold red] [link=https://evil.example]click[/link] "
    "\x1b[2J\x1b[H\x1b[31mANSI\x1b[0m \x1b]0;TITLE\x07 \x1b]8;;https://evil.example\x1b\\LINK\x1b]8;;\x1b\\ "
    "\x9b31mC1 \rCR\x07BELL\x08BS \u202eEVERSED\u202c "
    "| PIPE | CELL | <script>alert(1)</script> <img src=x onerror=alert(1)> &amp; "
    "**BOLD** _EM_ `CODE` ~~DEL~~ [LINK](https://evil.example) ![IMG](https://evil.example/x.png) "
    "\\| $MATH$\n\n# EVIL HEADING\n- EVIL ITEM\n| EVIL | ROW |\n---\n<div>BLOCK</div>"
)
# A respondent's name has at most 200 characters.
HOSTILE_NAME = "[b]M[/b] \x1b[2J\x1b]0;T\x07\r\x07 | <i>x</i> **B** [L](https://e.x)\n# H"
WORLD = "客户关系 🚀 مشروع שלום 👩‍💼"
BANNED_CONTROLS = ("\x1b", "\x07", "\x08", "\r", "\x9b", "\u202e", "\u202c")


def _answers_yaml(note: str, project: str, name: str) -> str:
    return yaml.safe_dump(
        {
            "bank": "seven-questions",
            "project": project,
            "respondent": {"name": name, "role": "consultant"},
            "answers": {
                "sponsor-value": {"choice": "assumed", "note": note},
                "core-value": {"choice": "one-focused", "note": WORLD},
                "budget-for-delivery": {"value": 90, "note": note},
            },
        },
        allow_unicode=True,
    )


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    target = tmp_path / "hostile.yaml"
    target.write_text(
        _answers_yaml(HOSTILE, f"{WORLD} {HOSTILE}", f"Mallory {HOSTILE_NAME}"), encoding="utf-8"
    )
    return target


@pytest.fixture
def result(hostile_file: Path) -> Assessment:
    loaded = load_answers_file(hostile_file)
    return score(loaded.bank, loaded.answers, file=loaded.file)


def test_the_hostile_text_survives_loading_unchanged(result: Assessment) -> None:
    assert result.project == f"{WORLD} {HOSTILE}"
    assert result.question("sponsor-value").note == HOSTILE


# ---------------------------------------------------------------------------------------------
# terminal


_SGR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize("lang", list(Lang))
def test_terminal_report_holds_only_its_own_colour_codes(result: Assessment, lang: Lang) -> None:
    coloured = rendering.show(render("table", report_view(result, lang)), width=400, color=True)
    assert _SGR.search(coloured), "the report is coloured, so the check below means something"
    without_colour = _SGR.sub("", coloured)
    for control in BANNED_CONTROLS:
        assert control not in without_colour, repr(control)
    _assert_inert_terminal_text(without_colour)


def test_terminal_report_without_colour_has_no_escape_at_all(result: Assessment) -> None:
    plain = rendering.show(render("table", report_view(result, Lang.en)), width=400, color=False)
    for control in BANNED_CONTROLS:
        assert control not in plain, repr(control)
    _assert_inert_terminal_text(plain)


def test_terminal_summary_holds_only_its_own_colour_codes(result: Assessment) -> None:
    coloured = rendering.show(
        render("table", summary_view([result, result], Lang.en)), width=400, color=True
    )
    without_colour = _SGR.sub("", coloured)
    for control in BANNED_CONTROLS:
        assert control not in without_colour, repr(control)
    assert "Mallory" in without_colour


def _assert_inert_terminal_text(text: str) -> None:
    flat = re.sub(r"\s+", " ", text)
    assert "[bold red]MARKUP[/bold red]" in flat, "rich markup is shown as typed"
    assert "[link=https://evil.example]click[/link]" in flat
    assert "ANSI" in flat and "TITLE" not in flat.replace("␇", "")  # the OSC payload is removed
    assert "␍CR␇BELL␈BS" in flat, "carriage return, bell and backspace are made visible"
    assert "EVERSED" in flat
    for piece in ("客户关系", "🚀", "مشروع", "שלום"):
        assert piece in text


def test_cli_table_output_has_no_escape_sequences(hostile_file: Path) -> None:
    run = CliRunner(env={"NO_COLOR": "1", "CRMRISK_DEBUG": None}).invoke(
        app, ["score", str(hostile_file)]
    )
    assert run.exit_code == 0, run.stderr
    for control in BANNED_CONTROLS:
        assert control not in run.stdout, repr(control)
    assert "[bold red]MARKUP[/bold red]" in re.sub(r"\s+", " ", run.stdout)


def test_a_hostile_bank_file_cannot_reach_the_terminal(tmp_path: Path) -> None:
    bank = yaml.safe_load(SHIPPED_BANK.read_text(encoding="utf-8"))
    bank["title"]["en"] = "\x1b]0;OWNED\x07[red]Bank[/red] \x1b[2J"
    bank["questions"][0]["text"]["en"] = "Question \x1b[5mBLINK\x1b[0m?"
    bank["questions"][0]["choices"][0]["label"]["en"] = "Choice \x1b[8mHIDDEN"
    bank["questions"][3]["unit"] = "%\x1b[1A"
    bank["version"] = "1.1\x1b[2K"
    del bank["migrations"]  # they lead to the shipped version, which this bank is not
    bank_file = tmp_path / "bank.yaml"
    bank_file.write_text(yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8")
    answers = []
    for name, choice in (("a", "agreed-in-person"), ("b", "none")):
        path = tmp_path / f"{name}.yaml"
        path.write_text(
            f"bank: bank.yaml\nproject: P\nrespondent: {{name: {name}, role: sponsor}}\n"
            f"answers:\n  sponsor-value: {{choice: {choice}}}\n",
            encoding="utf-8",
        )
        answers.append(str(path))
    runner = CliRunner(env={"NO_COLOR": "1", "CRMRISK_DEBUG": None})
    for args, stdin in (
        (["questions", "--bank", str(bank_file)], None),
        (["questions", "--bank", str(bank_file), "--format", "markdown"], None),
        (["validate", str(bank_file)], None),
        (["score", answers[0]], None),
        (["score", *answers], None),
        (["score", "--group", *answers], None),
        (["score", "--group", *answers, "--format", "markdown"], None),
        (["report", answers[1]], None),
        (
            [
                "assess",
                "--bank",
                str(bank_file),
                "--project",
                "P",
                "--respondent",
                "R",
                "--role",
                "sponsor",
                "-o",
                str(tmp_path / "live.yaml"),
            ],
            "\n1\n?\n1\n1\n35\n1\n1\n1\n",
        ),
    ):
        run = runner.invoke(app, args, input=stdin)
        assert run.exit_code == 0, (args, run.stderr)
        assert "\x1b" not in run.stdout + run.stderr, args
    coloured = rendering.show(
        render("table", questionnaire_view([_bank(bank_file)], Lang.en)), width=400, color=True
    )
    assert "\x1b" not in _SGR.sub("", coloured)
    assert "[red]Bank[/red]" in coloured


def _bank(path: Path) -> Any:
    from crm_risk.banks import load_bank_file

    return load_bank_file(path).model


# ---------------------------------------------------------------------------------------------
# markdown


def _tokens(text: str) -> list[Any]:
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    flat: list[Any] = []

    def walk(tokens: list[Any]) -> None:
        for token in tokens:
            flat.append(token)
            walk(token.children or [])

    walk(parser.parse(text))
    return flat


def _structure(tokens: list[Any]) -> list[str]:
    """Every token but plain text and line breaks: what markdown made of the document."""
    return [t.type for t in tokens if t.type not in ("text", "inline", "softbreak", "html_inline")]


def _tables(tokens: list[Any]) -> list[list[int]]:
    """Cells per row, for every table."""
    tables: list[list[int]] = []
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            tables[-1].append(0)
        elif token.type in ("th_open", "td_open"):
            tables[-1][-1] += 1
    return tables


@pytest.fixture
def tame(tmp_path: Path) -> Assessment:
    """The same answers with harmless text: the shape every report must keep."""
    target = tmp_path / "tame.yaml"
    target.write_text(_answers_yaml("a tame note", "Tame project", "Tame Name"), encoding="utf-8")
    loaded = load_answers_file(target)
    return score(loaded.bank, loaded.answers, file=loaded.file)


def test_markdown_report_cannot_be_broken_or_injected(result: Assessment, tame: Assessment) -> None:
    text = rendering.markdown(result, Lang.en)
    tokens = _tokens(text)
    expected = _tokens(rendering.markdown(tame, Lang.en))
    assert _tables(tokens) == _tables(expected), "user text adds no rows or cells to any table"
    assert _structure(tokens) == _structure(expected), (
        "no heading, list, emphasis, code, link, image or block of the user's own"
    )
    html = [t.content for t in tokens if t.type.startswith("html")]
    assert html and set(html) == {"<br>"}, "the only HTML is the line break the renderer writes"
    for control in BANNED_CONTROLS:
        assert control not in text, repr(control)
    for piece in ("客户关系", "🚀", "مشروع", "שלום"):
        assert piece in text


def test_markdown_summary_table_keeps_its_shape(result: Assessment) -> None:
    text = rendering.markdown_summary([result, result], Lang.en)
    tokens = _tokens(text)
    assert _tables(tokens) == [[6, 6, 6]]
    assert not {t.type for t in tokens} & {"html_block", "link_open", "image", "code_inline"}
    assert {t.content for t in tokens if t.type == "html_inline"} == {"<br>"}


# ---------------------------------------------------------------------------------------------
# JSON


def test_json_carries_the_exact_text_as_plain_strings(result: Assessment) -> None:
    text = rendering.json_text([result], Lang.en)
    assert "\x1b" not in text and "\r" not in text and "\x07" not in text
    document = json.loads(text)
    assessment = document["assessments"][0]
    assert assessment["project"] == f"{WORLD} {HOSTILE}"
    assert assessment["respondent"]["name"] == f"Mallory {HOSTILE_NAME}"
    notes = {q["id"]: q["note"] for q in assessment["questions"]}
    assert notes["sponsor-value"] == HOSTILE
    assert notes["core-value"] == WORLD


def test_json_from_the_cli_is_valid_and_exact(hostile_file: Path) -> None:
    run = CliRunner(env={"CRMRISK_DEBUG": None}).invoke(
        app, ["score", "--format", "json", str(hostile_file)]
    )
    assert run.exit_code == 0, run.stderr
    assert json.loads(run.stdout)["assessments"][0]["questions"][0]["note"] == HOSTILE


# ---------------------------------------------------------------------------------------------
# error lines


def test_hostile_text_in_an_error_is_one_inert_line(tmp_path: Path) -> None:
    target = tmp_path / "bad.yaml"
    target.write_text(
        yaml.safe_dump(
            {
                "bank": "seven-questions",
                "project": "P",
                "answers": {"sponsor-value": {"choice": "x\x1b[2J\n\rBAD[/]"}, "q\x07\n": None},
            }
        ),
        encoding="utf-8",
    )
    run = CliRunner(env={"CRMRISK_DEBUG": None}).invoke(app, ["score", str(target)])
    assert run.exit_code == 2
    lines = run.stderr.splitlines()
    assert len(lines) == 2
    for line in lines:
        assert line.startswith(f"crmrisk: error: {target}:")
        for control in BANNED_CONTROLS:
            assert control not in line, repr(control)
    assert "unknown choice 'x" in run.stderr and "BAD[/]" in run.stderr


# ---------------------------------------------------------------------------------------------
# the two cleaners, for any text


def _unescaped(text: str, char: str) -> int:
    """How many times ``char`` appears not preceded by an odd number of backslashes."""
    count = 0
    for match in re.finditer(re.escape(char), text):
        backslashes = len(text[: match.start()]) - len(text[: match.start()].rstrip("\\"))
        count += backslashes % 2 == 0
    return count


@settings(max_examples=examples(300), deadline=None)
@given(st.text())
def test_clean_leaves_no_control_character(value: str) -> None:
    for keep in (True, False):
        out = clean(value, keep_newlines=keep)
        allowed = {"\n"} if keep else set()
        assert all(unicodedata.category(c) != "Cc" or c in allowed for c in out)
        assert all(unicodedata.category(c) != "Cs" for c in out)
        assert not set(out) & {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e"}


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet=st.sampled_from("|\\<>&*_`[]()!#~$\n\r\x1b-+=:. aé中")))
def test_md_inline_cannot_break_a_table_cell(value: str) -> None:
    out = md_inline(value)
    assert "\n" not in out and "\r" not in out
    assert "<" not in out.replace("<br>", "") and ">" not in out.replace("<br>", "")
    assert _unescaped(out, "|") == 0
    cell = _tables(_tokens(f"| a |\n| --- |\n| {out} |\n"))
    assert cell == [[1, 1]]


def test_a_very_long_note_is_cut_on_screen_with_a_pointer_to_the_full_text() -> None:
    note = "line\n" * 1000
    shown = terminal_parts.note_text(note, Lang.en).plain
    assert shown.count("line") == terminal_parts.NOTE_MAX_LINES
    assert shown.endswith(
        f"[… {len(note) - 5 * 40 + 1:,} more characters; "
        "the markdown and JSON reports have the whole note]"
    )
    assert "还有" in terminal_parts.note_text("中" * 5000, Lang.zh).plain
    assert terminal_parts.note_text("short\nnote", Lang.en).plain == "Note: short\nnote"


# ---------------------------------------------------------------------------------------------
# assess: what a person types is user text too


def _one_line(text: str) -> str:
    """Typed text has no newline: the hostile pieces on one line, with a `\\n` lookalike."""
    return text.replace("\n", " \\n ")


TYPED_PROJECT = f"{WORLD} {_one_line(HOSTILE)}"
TYPED_NAME = f"Mallory {_one_line(HOSTILE_NAME)}"
# Typed notes may also hold a NUL and a carriage return in the middle of the line.
TYPED_NOTE = _one_line(HOSTILE) + " \x00NUL \rmid"


def _assess(tmp_path: Path, project: str, name: str, note: str) -> tuple[Any, Path, Path]:
    """A whole piped session: typed project, name and notes; the answers file and the report."""
    out, report = tmp_path / "answers.yaml", tmp_path / "report.md"
    typed = [project, name, f"n {note}", "3", "n", note, "1", "2", "90", "u", "s", f"n {WORLD}"]
    options = ["--lang", "en", "--role", "sponsor", "--context", "crm_kind=other"]
    run = CliRunner(env={"FORCE_COLOR": "1", "CRMRISK_DEBUG": None}).invoke(
        app,
        ["assess", *options, "--out", str(out), "--report", str(report)],
        # CRLF line ends, as a Windows pipe sends them: only the final \r is dropped.
        input=("".join(line + "\r\n" for line in typed) + "3\r\n").encode("utf-8"),
    )
    assert run.exit_code == 0, run.output
    return run, out, report


@pytest.fixture
def typed(tmp_path: Path) -> tuple[Any, Path, Path]:
    return _assess(tmp_path, TYPED_PROJECT, TYPED_NAME, TYPED_NOTE)


def test_typed_text_reaches_the_terminal_inert(typed: tuple[Any, Path, Path]) -> None:
    run, _, _ = typed
    coloured = run.stdout + run.stderr
    assert _SGR.search(coloured), "the session is coloured, so the check below means something"
    without_colour = _SGR.sub("", coloured)
    for control in (*BANNED_CONTROLS, "\x00"):
        assert control not in without_colour, repr(control)
    flat = re.sub(r"\s+", " ", without_colour)
    assert "[bold red]MARKUP[/bold red] [link=https://evil.example]click[/link]" in flat
    assert "␍CR␇BELL␈BS" in flat and "␀NUL ␍mid" in flat
    assert "TITLE" not in flat.replace("␇", "")
    for piece in ("客户关系", "🚀", "مشروع", "שלום", "👩‍💼"):
        assert piece in without_colour


def test_typed_text_is_saved_exactly_and_validates(typed: tuple[Any, Path, Path]) -> None:
    _, out, _ = typed
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["project"] == TYPED_PROJECT
    assert data["respondent"]["name"] == TYPED_NAME
    notes = {q: a.get("note") for q, a in data["answers"].items()}
    assert notes["sponsor-value"] == TYPED_NOTE
    assert notes["core-value"] == TYPED_NOTE
    assert notes["operations-team-weak"] == WORLD
    checked = CliRunner(env={"CRMRISK_DEBUG": None}).invoke(app, ["validate", str(out)])
    assert checked.exit_code == 0, checked.stderr
    document = json.loads(
        CliRunner(env={"CRMRISK_DEBUG": None})
        .invoke(app, ["score", "--format", "json", str(out)])
        .stdout
    )["assessments"][0]
    assert document["project"] == TYPED_PROJECT
    assert document["respondent"]["name"] == TYPED_NAME
    assert {q["id"]: q["note"] for q in document["questions"]}["core-value"] == TYPED_NOTE


def test_typed_text_cannot_break_the_markdown_report(
    typed: tuple[Any, Path, Path], tmp_path: Path
) -> None:
    _, _, report = typed
    tame_dir = tmp_path / "tame"
    tame_dir.mkdir()
    _, _, tame_report = _assess(tame_dir, "Tame project", "Tame Name", "a tame note")
    text = report.read_text(encoding="utf-8")
    tokens, expected = _tokens(text), _tokens(tame_report.read_text(encoding="utf-8"))
    assert _tables(tokens) == _tables(expected)
    assert _structure(tokens) == _structure(expected)
    assert {t.content for t in tokens if t.type.startswith("html")} <= {"<br>"}
    for control in (*BANNED_CONTROLS, "\x00"):
        assert control not in text, repr(control)
    for piece in ("客户关系", "🚀", "مشروع", "שלום"):
        assert piece in text


def test_file_names_in_assess_messages_are_inert(tmp_path: Path) -> None:
    out, report = "\x1b]0;TITLE\x07\x1b[31mred\r.yaml", "\x1b[2Jr\x07.md"
    options = ["--lang", "en", "--project", "P", "--respondent", "R", "--role", "sponsor"]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        run = CliRunner(env={"FORCE_COLOR": "1", "CRMRISK_DEBUG": None}).invoke(
            app,
            ["assess", *options, "--context", "crm_kind=other", "--out", out, "--report", report],
            input="1\n1\nq\n",
        )
    assert run.exit_code == 0, run.output
    assert (tmp_path / out).exists()
    plain = _SGR.sub("", run.stderr)
    for control in BANNED_CONTROLS:
        assert control not in plain, repr(control)
    assert "Every answer is saved at once to red␍.yaml\n" in plain
    assert "Saved to red␍.yaml: 2 of 7 questions answered" in plain
    assert f"--resume '{tmp_path}/red␍.yaml' --lang en --report '{tmp_path}/r␇.md'" in plain
