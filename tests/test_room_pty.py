"""A room in the real command: in a pseudo-terminal (pexpect), and with a pipe as its input.

Each session is stopped part-way (Ctrl-C, SIGKILL, a signal while it waits on a pipe); every
file must then be valid, one printed command must continue the whole room at the right person
and question, and the continued room must finish with files ``score --group`` accepts.
"""

from __future__ import annotations

import io
import json
import os
import shlex
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest
from typer.testing import CliRunner

from crm_risk.cli import app
from tests.test_room import FACTS, FILES, GAP_LINES, LINES, PEOPLE, answers_of

pytestmark = pytest.mark.slow

ARGS = ["--lang", "en", *FACTS, *PEOPLE, "--out-dir", "meeting"]
#: Whose turn each line of LINES is typed in (a note does not end a turn).
TURNS = [
    "Li Wei (sponsor)",
    "Wang Lei (project lead)",
    "Zhao Min (frontline)",
    "Zhao Min (frontline)",
    *["Li Wei (sponsor)", "Wang Lei (project lead)", "Zhao Min (frontline)"] * 6,
]


def env() -> dict[str, str]:
    values = {**os.environ, "COLUMNS": "80", "LINES": "30", "TERM": "xterm-256color"}
    values.pop("CRMRISK_LANG", None)
    return values


def spawn(args: list[str], cwd: Path) -> Any:
    return pexpect.spawn(
        sys.executable,
        ["-m", "crm_risk", "assess", *args],
        cwd=str(cwd),
        env=env(),
        encoding="utf-8",
        dimensions=(30, 80),
        timeout=30,
    )


def type_lines(child: Any, lines: list[str], turns: list[str]) -> None:
    for line, turn in zip(lines, turns, strict=True):
        child.expect_exact(f"{turn} › ")
        child.sendline(line)


def check_group(folder: Path) -> dict[str, Any]:
    grouped = CliRunner().invoke(app, ["score", "--group", str(folder), "--format", "json"])
    assert grouped.exit_code == 0, grouped.output
    result: dict[str, Any] = json.loads(grouped.stdout)["group"]
    return result


def test_ctrl_c_leaves_every_file_valid_and_one_command_continues_the_room(
    tmp_path: Path,
) -> None:
    child = spawn(ARGS, tmp_path)
    child.logfile_read = transcript = io.StringIO()
    type_lines(child, LINES[:2], TURNS[:2])
    child.expect_exact(GAP_LINES[0])  # as it happens, after the project lead's answer
    # the rest of question 1, and Li Wei and Wang Lei on question 2
    type_lines(child, LINES[2:6], TURNS[2:6])
    child.expect_exact("Zhao Min (frontline) › ")
    child.sendintr()
    folder = tmp_path / "meeting"
    command = f"crmrisk assess --resume {folder} --lang en"
    child.expect_exact("Saved to meeting:")
    child.expect_exact(f"To continue: {command}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert transcript.getvalue().count("crmrisk assess --resume") == 1  # one command, said once
    assert [len(answers_of(folder / name)) for name in FILES] == [2, 2, 1]

    resumed = spawn(shlex.split(command)[2:], tmp_path)
    resumed.expect_exact("question 2 of 7")  # the right question ...
    type_lines(resumed, LINES[6:], TURNS[6:])  # ... and the right person: Zhao Min
    resumed.expect_exact("Summary: Acme service CRM")
    resumed.expect_exact(f"Saved to {folder}:")
    resumed.expect_exact(f"To continue: {command}")  # Zhao Min skipped question 5
    resumed.expect(pexpect.EOF)
    resumed.close()
    assert resumed.exitstatus == 0
    assert [len(answers_of(folder / name)) for name in FILES] == [7, 7, 6]
    assert [g["question"] for g in check_group(folder)["gaps"]] == ["sponsor-value"]


@pytest.mark.parametrize("typed", [0, 4, 10])
def test_sigkill_leaves_every_file_valid(tmp_path: Path, typed: int) -> None:
    child = spawn(ARGS, tmp_path)
    type_lines(child, LINES[:typed], TURNS[:typed])
    child.expect_exact(f"{TURNS[typed]} › ")  # shown only once the answer before it was saved
    child.kill(signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGKILL
    folder = tmp_path / "meeting"
    counts = [len(answers_of(folder / name)) for name in FILES]
    # every answer given before the kill, each in its person's file
    assert counts == {0: [0, 0, 0], 4: [1, 1, 1], 10: [3, 3, 3]}[typed]
    if typed:
        # the note typed before Zhao Min's answer to question 1 went with that answer
        assert answers_of(folder / FILES[2])["sponsor-value"] == {
            "choice": "assumed",
            "note": "only heard it second hand",
        }
    check_group(folder)


def _read_until(stream: Any, marker: bytes) -> bytes:
    """Read a pipe until ``marker`` has appeared (the session echoes each line it reads)."""
    seen = b""
    while marker not in seen:
        chunk = os.read(stream.fileno(), 65536)
        assert chunk, seen.decode("utf-8", "replace")[-2000:]
        seen += chunk
    return seen


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_piped_room_stopped_by_a_signal_continues_from_a_pipe(
    tmp_path: Path, signum: int
) -> None:
    """Standard input a pipe, not a terminal: one line per prompt, the same keys."""
    command = [sys.executable, "-m", "crm_risk", "assess", *ARGS]
    child = subprocess.Popen(
        command,
        cwd=tmp_path,
        env=env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write("".join(f"{line}\n" for line in LINES[:7]).encode())
    child.stdin.flush()
    # The seventh line is Zhao Min's answer to question 2; then the session waits for Li Wei.
    shown = _read_until(child.stdout, "✓ 2 Two or three priorities".encode())
    assert "\n".join(GAP_LINES).encode() in shown
    child.send_signal(signum)
    _, err = child.communicate(timeout=30)
    assert child.returncode == 128 + signum
    folder = tmp_path / "meeting"
    resume = f"crmrisk assess --resume {folder} --lang en"
    assert err.decode().endswith(f"To continue: {resume}\n")
    assert [len(answers_of(folder / name)) for name in FILES] == [2, 2, 2]

    rest = "".join(f"{line}\n" for line in LINES[7:])
    done = subprocess.run(
        [sys.executable, "-m", "crm_risk", *shlex.split(resume)[1:]],
        cwd=tmp_path,
        env=env(),
        input=rest.encode(),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    lines = done.stdout.decode().splitlines()
    assert lines[1].startswith("╭─ Initiation & delivery · question 3 of 7")
    assert "Li Wei (sponsor) › 1" in lines  # the right person at the right question
    assert [len(answers_of(folder / name)) for name in FILES] == [7, 7, 6]
    assert [g["roles"] for g in check_group(folder)["gaps"]] == [["sponsor", "project-lead"]]
