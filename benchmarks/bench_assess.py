"""Benchmark: from an answer to the next question panel, as ``crmrisk assess`` does it.

One round is what happens between the Enter key and the next panel: the state machine's step,
the atomic save of the answer file (temporary file, fsync, rename, in a real directory), and the
rendering of the next question panel to an in-memory 80-column colour console. The baseline,
measured in the same run on the same console, is rendering a bare rich ``Panel`` — so the ratio
says how much slower than "rich drawing a box" the real work is, whatever the machine.

Run:  python benchmarks/bench_assess.py [--rounds 300] [--blocks 6] [--lang en|zh] [--json]
Goal: the median round well under 50 ms (the issue's limit for the next question to appear).

The rounds run in blocks, interleaved (a block of baseline rounds, then a block of real rounds,
then a block of panel-only rounds, and again), so that drift on a shared machine hits all three
alike; ``--json`` prints each block's median, which ``benchmarks/run.py`` turns into its rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.panel import Panel

from crm_risk import assess
from crm_risk.answerfile import document, dump
from crm_risk.banks import load_bank
from crm_risk.fileio import write_atomic
from crm_risk.i18n import Lang
from crm_risk.render import question_panel

ANSWERS = ["2", "1", "3", "35", "1", "2", "3"]


def _console() -> Console:
    return Console(
        file=io.StringIO(),
        width=80,
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
    )


def _timed(rounds: int, work: Callable[[int], None]) -> list[float]:
    times = []
    for index in range(rounds):
        start = time.perf_counter()
        work(index)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _report(
    blocks: dict[str, list[list[float]]], per_block: int, count: int, lang: Lang, *, as_json: bool
) -> None:
    if as_json:
        medians = {
            f"{name}_ms": [statistics.median(block) for block in runs]
            for name, runs in blocks.items()
        }
        print(json.dumps({"rounds_per_block": per_block, "lang": lang.value, **medians}))
        return
    base, real, drawing = (
        [t for block in blocks[name] for t in block] for name in ("baseline", "answer", "render")
    )

    def line(name: str, times: list[float]) -> str:
        median = statistics.median(times)
        p95 = sorted(times)[int(len(times) * 0.95) - 1]
        return f"{name:<34} median {median:7.3f} ms   p95 {p95:7.3f} ms"

    print(
        f"rounds: {len(real)} in {count} interleaved blocks, lang: {lang.value}, "
        "console: 80 columns, colour"
    )
    print(line("baseline: bare rich Panel", base))
    print(line("panel only (no step, no save)", drawing))
    print(line("answer -> saved -> next panel", real))
    ratio = statistics.median(real) / statistics.median(base)
    verdict = "within" if statistics.median(real) < 50 else "OVER"
    print(f"ratio answer->panel / baseline: {ratio:.1f}x   ({verdict} the 50 ms goal)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--blocks", type=int, default=6, help="interleaved blocks of rounds")
    parser.add_argument("--lang", choices=["en", "zh"], default="en")
    parser.add_argument("--json", action="store_true", help="print each block's median as JSON")
    args = parser.parse_args()
    per_block = max(1, args.rounds // max(1, args.blocks))
    lang = Lang(args.lang)
    bank = load_bank("seven-questions")
    console = _console()

    def fresh() -> assess.State:
        start = assess.start(
            bank, date=dt.date(2026, 11, 22), project="Acme", name="Li Wei", role="sponsor"
        )
        return assess.step(start.state, "").state  # leave crm_kind out

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.yaml"
        state = fresh()
        write_atomic(path, dump(document(state, bank.id)), overwrite=True)
        # Warm up imports and caches before timing anything.
        console.print(question_panel.render(state, lang))
        console.print(Panel("warm"))

        def baseline(index: int) -> None:
            console.file = io.StringIO()
            console.print(Panel(f"question {index}"))

        def answer_to_panel(index: int) -> None:
            nonlocal state
            console.file = io.StringIO()
            step = assess.step(state, ANSWERS[state.index])
            state = step.state
            write_atomic(path, dump(document(state, bank.id)), overwrite=True)
            if state.stage == "done":
                state = fresh()
            console.print(question_panel.render(state, lang))

        def render_only(index: int) -> None:
            console.file = io.StringIO()
            console.print(question_panel.render(state, lang))

        blocks: dict[str, list[list[float]]] = {"baseline": [], "answer": [], "render": []}
        for _ in range(max(1, args.blocks)):
            blocks["baseline"].append(_timed(per_block, baseline))
            blocks["answer"].append(_timed(per_block, answer_to_panel))
            blocks["render"].append(_timed(per_block, render_only))

    _report(blocks, per_block, args.blocks, lang, as_json=args.json)


if __name__ == "__main__":
    main()
