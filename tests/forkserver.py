"""Run the command line hundreds of times, fast: a process that has imported crmrisk forks each run.

Every run is still its own process, as ``crmrisk`` started from a shell would be: its address space
is capped, it gets its own working directory, environment and standard streams (standard input
empty), a run that takes longer than the timeout is killed, and it executes ``python -m crm_risk``.
Only the start-up is shared: typer, rich, pydantic and PyYAML are imported once, in the server,
instead of once per run (0.2 s each), so the hostile corpus can cover every command cheaply.

The server reads one JSON request per line on its standard input and answers with the exit code.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import queue
import resource
import runpy
import signal
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def _child(request: dict[str, Any], memory_cap: int) -> None:
    """In the forked child: set up a fresh process's surroundings, run the CLI, exit."""
    code = 1
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory_cap, memory_cap))
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        for fd, path in ((1, request["out"]), (2, request["err"])):
            os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.argv = ["crmrisk", *request["args"]]
        runpy.run_module("crm_risk", run_name="__main__")
        code = 0
    except SystemExit as stop:
        if stop.code is None or isinstance(stop.code, int):
            code = stop.code or 0
        else:  # as the interpreter does: the message on stderr, exit code 1
            print(stop.code, file=sys.stderr)
    except BaseException:
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(BaseException):  # exiting regardless
                stream.flush()
        os._exit(code)


def serve(memory_cap: int, timeout: int) -> None:
    # Imported once, shared by every forked run.
    for name in (
        "cli",
        "assess_run",
        "group",
        "render.json_",
        "render.markdown",
        "render.terminal",
    ):
        importlib.import_module(f"crm_risk.{name}")

    running = 0

    def kill(signum: int, frame: object) -> None:
        os.kill(running, signal.SIGKILL)

    signal.signal(signal.SIGALRM, kill)
    for line in sys.stdin.buffer:
        request = json.loads(line)
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            _child(request, memory_cap)
        running = pid
        signal.alarm(timeout)
        _, status = os.waitpid(pid, 0)
        signal.alarm(0)
        sys.stdout.write(json.dumps(os.waitstatus_to_exitcode(status)) + "\n")
        sys.stdout.flush()


class Server:
    """One server process; :meth:`run` is one command line (one at a time per server)."""

    def __init__(self, memory_cap: int, timeout: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, str(memory_cap), str(timeout)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str, str]:
        assert self.process.stdin is not None and self.process.stdout is not None
        with tempfile.TemporaryDirectory() as scratch:
            out, err = Path(scratch, "out"), Path(scratch, "err")
            request = {"args": args, "cwd": str(cwd), "env": env, "out": str(out), "err": str(err)}
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            code = int(self.process.stdout.readline())
            return code, out.read_text("utf-8"), err.read_text("utf-8")

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=10)


@contextmanager
def servers(count: int, memory_cap: int, timeout: int) -> Iterator[queue.Queue[Server]]:
    """``count`` servers in a queue: a thread takes one, runs a command line, puts it back."""
    pool: queue.Queue[Server] = queue.Queue()
    started = [Server(memory_cap, timeout) for _ in range(count)]
    for server in started:
        pool.put(server)
    try:
        yield pool
    finally:
        for server in started:
            server.close()


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]))
