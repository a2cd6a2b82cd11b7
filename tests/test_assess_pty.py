"""``crmrisk assess`` in a real pseudo-terminal (pexpect), and killed while it runs.

These start the real command in a child process, so they check what unit tests cannot: the
terminal's Ctrl-C, SIGTERM and SIGKILL, and the file left on disk after each.
"""

from __future__ import annotations

import os
import shlex
import signal
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest
import yaml
from typer.testing import CliRunner

from crm_risk.banks import load_bank
from crm_risk.cli import app

pytestmark = pytest.mark.slow

SEVEN = load_bank("seven-questions")
ORDER = [q.id for q in SEVEN.questions]
WHO = ["--project", "Acme", "--respondent", "Li Wei", "--role", "sponsor"]
KIND = ["--context", "crm_kind=other"]
# Seven answers, and what each one stores.
LINES = ["2", "1", "3", "35", "1", "2", "3"]
STORED: list[dict[str, Any]] = [
    {"choice": "approved-unheard"},
    {"choice": "one-focused"},
    {"choice": "control-only"},
    {"value": 35},
    {"choice": "need-it"},
    {"choice": "partly"},
    {"choice": "weak"},
]


def spawn(args: list[str], cwd: Path) -> Any:
    env = {**os.environ, "COLUMNS": "80", "LINES": "30", "TERM": "xterm-256color"}
    env.pop("CRMRISK_LANG", None)
    return pexpect.spawn(
        sys.executable,
        ["-m", "crm_risk", "assess", *args],
        cwd=str(cwd),
        env=env,
        encoding="utf-8",
        dimensions=(30, 80),
        timeout=30,
    )


def answers_in(path: Path) -> dict[str, Any]:
    """The answers of a file that ``crmrisk validate`` accepts (fails the test otherwise)."""
    checked = CliRunner().invoke(app, ["validate", "--lang", "en", str(path)])
    assert checked.exit_code == 0, checked.output
    data = yaml.safe_load(path.read_text("utf-8"))
    return dict(data["answers"])


def expected(count: int) -> dict[str, Any]:
    return dict(zip(ORDER[:count], STORED[:count], strict=True))


def test_ctrl_c_saves_and_resume_finishes(tmp_path: Path) -> None:
    out = tmp_path / "acme answers.yaml"
    child = spawn(["--lang", "en", "--out", out.name, *WHO, *KIND], tmp_path)
    child.expect("question 1 of 7")
    child.expect("› ")
    child.sendline(LINES[0])
    child.expect("question 2 of 7")
    child.expect("› ")
    child.sendline(LINES[1])
    child.expect("question 3 of 7")
    child.expect("› ")
    child.sendintr()
    command = f"crmrisk assess --resume {shlex.quote(str(out))} --lang en"
    child.expect_exact(f"Saved to {out.name}: 2 of 7 questions answered")
    child.expect_exact(f"To continue: {command}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert answers_in(out) == expected(2)

    resumed = spawn(shlex.split(command)[2:], tmp_path)
    resumed.expect("question 3 of 7")  # the first unanswered question
    for number, line in enumerate(LINES[2:], start=3):
        resumed.expect("› ")
        resumed.sendline(line)
        if number < 7:
            resumed.expect(f"question {number + 1} of 7")
    resumed.expect("CRM project risk report")
    resumed.expect_exact(f"Saved to {out}: 7 of 7 questions answered")
    resumed.expect(pexpect.EOF)
    resumed.close()
    assert resumed.exitstatus == 0
    assert answers_in(out) == expected(7)


@pytest.mark.parametrize("answered", [0, 1, 3, 6])
def test_sigkill_between_answers_leaves_every_answer(tmp_path: Path, answered: int) -> None:
    out = tmp_path / "a.yaml"
    child = spawn(["--lang", "en", "--out", out.name, *WHO, *KIND], tmp_path)
    for number in range(answered):
        child.expect(f"question {number + 1} of 7")
        child.expect("› ")
        child.sendline(LINES[number])
    # The next panel is drawn only after the answer before it was saved.
    child.expect(f"question {answered + 1} of 7")
    child.kill(signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGKILL
    assert answers_in(out) == expected(answered)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_print_the_resume_command(tmp_path: Path, signum: int) -> None:
    """SIGHUP is what a closed terminal window sends."""
    out = tmp_path / "a.yaml"
    child = spawn(["--lang", "zh", "--out", out.name, *WHO, *KIND], tmp_path)
    child.expect("第 1 题，共 7 题")
    child.expect("› ")
    child.sendline("4")
    child.expect("第 2 题，共 7 题")
    child.expect("› ")
    child.kill(signum)
    child.expect_exact("已保存到 a.yaml：共 7 题：已作答 1 题")
    child.expect_exact(f"继续作答：crmrisk assess --resume {out} --lang zh")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 128 + signum
    assert answers_in(out) == {"sponsor-value": {"choice": "none"}}
