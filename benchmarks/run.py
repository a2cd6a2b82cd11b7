"""crmrisk's benchmarks: every speed target of the issue, as ratios to baselines of the same run.

Run:  .venv/bin/python benchmarks/run.py [--quick] [--files 10000] [--repeat 7]

Measures the ``crmrisk`` installed next to the running Python (``pip install .``, as a user has
it). Answer files are generated into a temporary directory (removed afterwards). The machine is
shared and noisy, so each measured command runs round-robin with its baseline (the order rotated
every round), each ratio is taken within one round, and the table gives the median, min and max
of the rounds' ratios. Progress goes to standard error; the table (markdown) to standard output.

Rows:
- start-up: ``crmrisk --version`` / ``python -c pass``; ``crmrisk --help`` / ``python -c "import
  typer, rich"``; ``crmrisk score ONE.yaml`` / ``python -c "import typer, rich.console, pydantic,
  yaml"``;
- batch: ``crmrisk score DIR --format json`` over N files / a bare loop that reads and C-parses
  the same files (``yaml.load(text, Loader=yaml.CSafeLoader)``, one Python process, start
  included); ``--jobs 1`` and ``--jobs 2`` when ``crmrisk score --help`` offers ``--jobs``;
- peak RSS of ``crmrisk score DIR --format json > /dev/null`` at N and N/10 files, one child at a
  time, with ``/usr/bin/time -f %M`` where it exists, else a small Python wrapper that forks, execs
  and reads the child's ``ru_maxrss`` with ``os.wait4``. Not from this process's own
  ``getrusage(RUSAGE_CHILDREN)`` or ``wait4``: on Linux a child started by a big parent inherits
  the parent's high-water mark across exec, so its ``ru_maxrss`` is never below this process's
  peak (generating and checking 10,000 files makes that over 100 MB);
- assess: answer -> saved -> next question panel, in-process (``bench_assess.py``), in ms and as
  a ratio to rendering a bare rich ``Panel``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generate import check as check_files  # benchmarks/ is on sys.path: run.py is a script
from generate import find_crmrisk
from generate import generate as generate_files

HERE = Path(__file__).resolve().parent
BARE_LOOP = """\
import sys
from pathlib import Path
import yaml
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""
#: Forks, execs argv[2:], waits; writes the child's peak RSS (KiB) to argv[1]; exits as it did.
RSS_WRAPPER = """\
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{usage.ru_maxrss}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""
GNU_TIME = Path("/usr/bin/time")
STARTUP_TIMEOUT = 60.0
MB = 1_000_000


class BenchError(Exception):
    """A measured command failed or timed out: the run stops with this message."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Run:
    seconds: float


def child_env() -> dict[str, str]:
    """The same environment for every child: English, no colour settings, no crmrisk settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CRMRISK_") and k not in {"NO_COLOR", "FORCE_COLOR", "PYTHONPATH"}
    }
    env["LC_ALL"] = "C.UTF-8"
    return env


def run_once(
    command: Sequence[str], *, cwd: Path, timeout: float, stdout: int | None = None
) -> Run:
    """Run ``command`` once and time it, from before the fork until it is reaped.

    Exits non-zero or past ``timeout`` seconds (then killed) raise :class:`BenchError`.
    """
    holder: list[subprocess.Popen[bytes]] = []
    killed = threading.Event()

    def kill() -> None:  # the whole session: a wrapper's child too
        killed.set()
        if holder:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(holder[0].pid, signal.SIGKILL)

    timer = threading.Timer(timeout, kill)
    with tempfile.TemporaryFile() as errors:
        timer.start()
        start = time.perf_counter()
        try:
            process = subprocess.Popen(
                list(command),
                cwd=cwd,
                env=ENV,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL if stdout is None else stdout,
                stderr=errors,
                start_new_session=True,
            )
            holder.append(process)
            try:
                process.wait()
            except BaseException:  # Ctrl-C: the child is in a session of its own
                kill()
                raise
            elapsed = time.perf_counter() - start
        finally:
            timer.cancel()
        if killed.is_set() or process.returncode != 0:
            errors.seek(0)
            tail = errors.read().decode("utf-8", "replace")[-2000:]
            why = f"timed out after {timeout:.0f} s" if killed.is_set() else "failed"
            raise BenchError(
                f"{shlex.join(command)} {why} (exit {process.returncode}):\n{tail}".rstrip()
            )
    return Run(elapsed)


def rss_method() -> str:
    """How peak RSS is measured: GNU time where it is, else the Python wrapper."""
    if GNU_TIME.exists():
        probe = subprocess.run(
            [str(GNU_TIME), "-f", "%M", "true"],
            check=False,
            capture_output=True,
            text=True,
            timeout=STARTUP_TIMEOUT,
        )
        if probe.returncode == 0 and probe.stderr.strip().isdigit():
            return "/usr/bin/time -f %M"
    return "fork/exec/os.wait4 wrapper"


def peak_rss(command: Sequence[str], *, method: str, cwd: Path, timeout: float) -> float:
    """Peak RSS of one run of ``command``, in MB, measured by a small parent (see the module)."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "maxrss"
        if method.startswith(str(GNU_TIME)):
            wrapped = [str(GNU_TIME), "-f", "%M", "-o", str(report), *command]
        else:
            wrapped = [sys.executable, "-c", RSS_WRAPPER, str(report), *command]
        run_once(wrapped, cwd=cwd, timeout=timeout)
        kib = int(report.read_text(encoding="utf-8").split()[-1])  # Linux: ru_maxrss in KiB
    return kib * 1024 / MB


def rounds(
    commands: dict[str, list[str]],
    repeat: int,
    *,
    cwd: Path,
    timeout: float,
    label: str,
) -> dict[str, list[Run]]:
    """``repeat`` rounds of every command, round-robin, the order rotated each round."""
    names = list(commands)
    runs: dict[str, list[Run]] = {name: [] for name in names}
    for index in range(repeat):
        started = time.perf_counter()
        order = names[index % len(names) :] + names[: index % len(names)]
        for name in order:
            runs[name].append(run_once(commands[name], cwd=cwd, timeout=timeout))
        log(f"  {label}: round {index + 1}/{repeat} ({time.perf_counter() - started:.1f} s)")
    return runs


# -- the table -------------------------------------------------------------------------------


@dataclass
class Row:
    measurement: str
    baseline: str
    values: list[float] = field(default_factory=list)  # one per round: a ratio or an amount
    unit: str = "x"  # "x" for ratios, else the unit of an absolute amount
    target: float | None = None
    at_least: bool = False  # the target is a floor (a speed-up), not a ceiling
    absolute: str = ""  # the medians of command and baseline, for context
    note: str = ""  # replaces the figures (e.g. "n/a (no --jobs yet)")

    def figure(self, value: float) -> str:
        if self.unit == "x":
            return f"{value:.2f}x"
        return f"{value:.1f} {self.unit}"

    def cells(self) -> list[str]:
        target = "—"
        if self.target is not None:
            sign = ">=" if self.at_least else ("<=" if self.unit == "x" else "<")
            target = f"{sign} {self.figure(self.target)}"
        if self.note or not self.values:
            return [self.measurement, self.baseline, "", self.note or "n/a", "", "", target, ""]
        median = statistics.median(self.values)
        verdict = ""
        if self.target is not None:
            if self.at_least:
                short = 1 - median / self.target
                verdict = "holds" if short <= 0 else f"misses by {short:.0%}"
            else:
                over = median / self.target - 1
                holds = over <= 0 if self.unit == "x" else over < 0
                verdict = "holds" if holds else f"misses by {over:.0%}"
        return [
            self.measurement,
            self.baseline,
            self.absolute,
            self.figure(median),
            self.figure(min(self.values)),
            self.figure(max(self.values)),
            target,
            verdict,
        ]


def table(rows: list[Row]) -> str:
    header = ["measurement", "baseline", "medians", "median", "min", "max", "target", "verdict"]
    cells = [header, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(header))]

    def line(values: list[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), rule, *(line(c) for c in cells[1:])])


def ratios(
    runs: dict[str, list[Run]], name: str, base: str, *, inverse: bool = False
) -> list[float]:
    pairs = zip(runs[name], runs[base], strict=True)
    if inverse:
        return [b.seconds / a.seconds for a, b in pairs]
    return [a.seconds / b.seconds for a, b in pairs]


def ms(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs) * 1000


def seconds_text(runs: dict[str, list[Run]], name: str, base: str) -> str:
    a, b = ms(runs[name]), ms(runs[base])
    if max(a, b) >= 10_000:
        return f"{a / 1000:.1f} / {b / 1000:.1f} s"
    return f"{a:.0f} / {b:.0f} ms"


# -- the measurements ------------------------------------------------------------------------


def startup(crmrisk: Path, one: Path, repeat: int, cwd: Path) -> list[Row]:
    py = sys.executable
    commands = {
        "version": [str(crmrisk), "--version"],
        "pass": [py, "-c", "pass"],
        "help": [str(crmrisk), "--help"],
        "typer+rich": [py, "-c", "import typer, rich"],
        "score-one": [str(crmrisk), "score", str(one)],
        "imports": [py, "-c", "import typer, rich.console, pydantic, yaml"],
    }
    log(f"start-up: {len(commands)} commands x {repeat} rounds (after one warm-up each)")
    for command in commands.values():
        run_once(command, cwd=cwd, timeout=STARTUP_TIMEOUT)
    runs = rounds(commands, repeat, cwd=cwd, timeout=STARTUP_TIMEOUT, label="start-up")
    cases = [
        ("`crmrisk --version`", "`python -c pass`", "version", "pass", 1.2),
        ("`crmrisk --help`", "`import typer, rich`", "help", "typer+rich", 1.6),
        (
            "`crmrisk score one.yaml`",
            "`import typer, rich.console, pydantic, yaml`",
            "score-one",
            "imports",
            1.3,
        ),
    ]
    return [
        Row(
            measurement,
            baseline,
            ratios(runs, name, base),
            target=target,
            absolute=seconds_text(runs, name, base),
        )
        for measurement, baseline, name, base, target in cases
    ]


def batch(
    crmrisk: Path, *, big: Path, small: Path, counts: tuple[int, int], repeat: int, cwd: Path
) -> list[Row]:
    n_big, n_small = counts
    help_text = subprocess.run(
        [str(crmrisk), "score", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env=ENV,
        timeout=STARTUP_TIMEOUT,
        cwd=cwd,
    ).stdout
    has_jobs = "--jobs" in help_text
    score = [str(crmrisk), "score", "--format", "json"]
    commands = {
        "bare": [sys.executable, "-c", BARE_LOOP, str(big)],
        "default": [*score, str(big)],
    }
    if has_jobs:
        commands["jobs1"] = [*score, "--jobs", "1", str(big)]
        commands["jobs2"] = [*score, "--jobs", "2", str(big)]
    timeout = 120 + 0.05 * n_big
    log(f"batch: {len(commands)} commands x {repeat} rounds over {n_big:,} files")
    # Warm-up (page cache, bytecode) and a check that every file is scored.
    for name, command in [*commands.items(), ("small", [*score, str(small)])]:
        if name == "bare":
            run_once(command, cwd=cwd, timeout=timeout)
            continue
        with tempfile.TemporaryFile() as out:
            run_once(command, cwd=cwd, timeout=timeout, stdout=out.fileno())
            out.seek(0)
            scored = len(json.load(out)["assessments"])
        expected = n_small if name == "small" else n_big
        if scored != expected:
            raise BenchError(f"{shlex.join(command)} scored {scored} files, not {expected}")
    runs = rounds(commands, repeat, cwd=cwd, timeout=timeout, label="batch")

    n = f"{n_big:,}"
    # Without --jobs: one process for a small batch, every core for a large one. Held to the
    # --jobs 1 target only where there is no --jobs to choose.
    rows = [
        Row(
            f"`score DIR --format json`, {n} files (default --jobs)"
            if has_jobs
            else f"`score DIR --format json`, {n} files (one process)",
            f"bare `CSafeLoader` loop, {n} files",
            ratios(runs, "default", "bare"),
            target=None if has_jobs else 1.5,
            absolute=seconds_text(runs, "default", "bare"),
        )
    ]
    if has_jobs:
        rows += [
            Row(
                f"`score DIR --format json --jobs 1`, {n} files",
                f"bare `CSafeLoader` loop, {n} files",
                ratios(runs, "jobs1", "bare"),
                target=1.5,
                absolute=seconds_text(runs, "jobs1", "bare"),
            ),
            Row(
                f"speed-up of `--jobs 2`, {n} files",
                "`--jobs 1`",
                ratios(runs, "jobs2", "jobs1", inverse=True),
                target=1.4,
                at_least=True,
                absolute=seconds_text(runs, "jobs2", "jobs1"),
            ),
        ]
    else:
        rows += [
            Row(
                f"`score DIR --format json --jobs 1`, {n} files",
                f"bare `CSafeLoader` loop, {n} files",
                target=1.5,
                note="n/a (no --jobs yet)",
            ),
            Row(
                f"speed-up of `--jobs 2`, {n} files",
                "`--jobs 1`",
                target=1.4,
                at_least=True,
                note="n/a (no --jobs yet)",
            ),
        ]
    rows += memory(
        {"big": [*score, str(big)], "small": [*score, str(small)]},
        counts,
        min(repeat, 3),
        cwd,
        timeout,
    )
    return rows


def memory(
    commands: dict[str, list[str]],
    counts: tuple[int, int],
    repeat: int,
    cwd: Path,
    timeout: float,
) -> list[Row]:
    """Peak RSS of the same command at N and N/10 files, alternately, one child at a time."""
    method = rss_method()
    log(f"peak RSS: {repeat} rounds at {counts[0]:,} and {counts[1]:,} files ({method})")
    big_rss: list[float] = []
    small_rss: list[float] = []
    for index in range(repeat):
        pair = [("big", big_rss), ("small", small_rss)]
        for name, values in pair if index % 2 == 0 else pair[::-1]:
            values.append(peak_rss(commands[name], method=method, cwd=cwd, timeout=timeout))
        log(f"  peak RSS: round {index + 1}/{repeat}")
    n = f"{counts[0]:,}"
    rss_text = f"{statistics.median(big_rss):.1f} / {statistics.median(small_rss):.1f} MB"
    return [
        Row(
            f"peak RSS of `score DIR --format json`, {n} files",
            f"the same, {counts[1]:,} files",
            [b / s for b, s in zip(big_rss, small_rss, strict=True)],
            target=1.3,
            absolute=rss_text,
        ),
        Row(
            f"peak RSS of `score DIR --format json`, {n} files",
            "— (absolute)",
            big_rss,
            unit="MB",
            target=150,
            absolute=f"{statistics.median(big_rss):.1f} MB",
        ),
    ]


def assess(rounds_: int, blocks: int, cwd: Path) -> list[Row]:
    log(f"assess: {rounds_} rounds in {blocks} interleaved blocks (in-process, bench_assess.py)")
    out = subprocess.run(
        [
            sys.executable,
            str(HERE / "bench_assess.py"),
            "--json",
            "--rounds",
            str(rounds_),
            "--blocks",
            str(blocks),
        ],
        check=False,
        capture_output=True,
        text=True,
        env=ENV,
        cwd=cwd,
        timeout=600,
    )
    if out.returncode != 0:
        raise BenchError(f"bench_assess.py failed (exit {out.returncode}):\n{out.stderr[-2000:]}")
    data = json.loads(out.stdout)
    answer, base = data["answer_ms"], data["baseline_ms"]
    return [
        Row(
            "`assess`: answer -> saved -> next panel",
            "— (absolute)",
            answer,
            unit="ms",
            target=50,
            absolute=f"{statistics.median(answer):.2f} ms",
        ),
        Row(
            "`assess`: answer -> saved -> next panel",
            "render a bare rich `Panel`",
            [a / b for a, b in zip(answer, base, strict=True)],
            absolute=f"{statistics.median(answer):.2f} / {statistics.median(base):.3f} ms",
        ),
    ]


# -- main --------------------------------------------------------------------------------------


def load_text() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


def installed(crmrisk: Path, cwd: Path) -> tuple[str, str]:
    """crmrisk's version and where its package lives (checked to be an installed copy)."""
    try:
        version = subprocess.run(
            [str(crmrisk), "--version"],
            capture_output=True,
            text=True,
            check=True,
            env=ENV,
            timeout=STARTUP_TIMEOUT,
            cwd=cwd,
        ).stdout.strip()
        where = subprocess.run(
            [sys.executable, "-c", "import crm_risk; print(crm_risk.__file__)"],
            capture_output=True,
            text=True,
            check=True,
            env=ENV,
            timeout=STARTUP_TIMEOUT,
            cwd=cwd,
        ).stdout.strip()
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        raise BenchError(f"{crmrisk} does not run: {error}") from error
    return version, str(Path(where).parent)


def timed(step: Callable[[], list[Row]]) -> tuple[list[Row], float]:
    start = time.perf_counter()
    rows = step()
    return rows, time.perf_counter() - start


ENV = child_env()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run: 1,000 files, 3 rounds")
    parser.add_argument("--files", type=int, help="answer files in the batch (default 10,000)")
    parser.add_argument(
        "--repeat", type=int, help="rounds of the batch runs (default 7; peak RSS: at most 3)"
    )
    parser.add_argument(
        "--startup-repeat", type=int, help="rounds of the start-up runs (default 30)"
    )
    parser.add_argument("--assess-rounds", type=int, help="assess rounds (default 600)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated files")
    args = parser.parse_args()
    files = args.files or (1000 if args.quick else 10_000)
    repeat = args.repeat or (3 if args.quick else 7)
    startup_repeat = args.startup_repeat or (10 if args.quick else 30)
    assess_rounds = args.assess_rounds or (120 if args.quick else 600)
    if files < 10 or repeat < 1 or startup_repeat < 1 or assess_rounds < 1:
        parser.error("--files must be at least 10, the repeats and rounds at least 1")
    small_files = max(1, files // 10)

    began = time.perf_counter()
    crmrisk = find_crmrisk()
    load_before = load_text()
    with tempfile.TemporaryDirectory(prefix="crmrisk-bench-") as folder:
        tmp = Path(folder)
        try:
            version, package = installed(crmrisk, tmp)
            if Path(package).resolve() == (HERE.parent / "crm_risk").resolve():
                log(f"warning: crm_risk is imported from {package}, the checkout, not an install")
            log(f"{version} at {crmrisk} (package {package})")
            log(f"generating {files:,} + {small_files:,} answer files in {tmp}")
            big = generate_files(files, tmp / "big", args.seed, crmrisk)
            generate_files(small_files, tmp / "small", args.seed, crmrisk)
            check_files(big, crmrisk)
            start_rows, start_s = timed(lambda: startup(crmrisk, big[0], startup_repeat, tmp))
            batch_rows, batch_s = timed(
                lambda: batch(
                    crmrisk,
                    big=tmp / "big",
                    small=tmp / "small",
                    counts=(files, small_files),
                    repeat=repeat,
                    cwd=tmp,
                )
            )
            assess_rows, assess_s = timed(lambda: assess(assess_rounds, 6, tmp))
        except BenchError as error:
            log(f"error: {error}")
            return 1
    total = time.perf_counter() - began

    print(
        f"crmrisk benchmarks, {dt.date.today().isoformat()}: {version}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores, {platform.system()}"
    )
    print(
        f"rounds: start-up {startup_repeat}, batch {repeat} ({files:,} files), peak RSS "
        f"{min(repeat, 3)} ({files:,} and {small_files:,} files, {rss_method()}), "
        f"assess {assess_rounds} in 6 blocks"
    )
    print(f"load average before: {load_before}; after: {load_text()}")
    print(
        f"time: {total:.0f} s (start-up {start_s:.0f} s, batch {batch_s:.0f} s, "
        f"assess {assess_s:.0f} s); hyperfine {'present' if shutil.which('hyperfine') else 'absent'}, "
        "not used (it does not interleave commands)"
    )
    print()
    print(table(start_rows + batch_rows + assess_rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
