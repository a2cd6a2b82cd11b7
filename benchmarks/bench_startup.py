"""Start-up benchmark: how much `crmrisk --version`, `--help` and `score` cost over a bare Python.

Run:  python benchmarks/bench_startup.py [--repeat N]

The machine is shared and noisy, so every figure is a ratio against a baseline measured in the
same run, interleaved: `python -c pass` (the floor no Python CLI can beat) and
`python -c "import pydantic, yaml"` (what `--version` would cost if it loaded the models).
Medians of N runs; absolute milliseconds are printed for context only.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "healthy-service.yaml"

CASES: dict[str, list[str]] = {
    "python -c pass (baseline)": [sys.executable, "-c", "pass"],
    "import pydantic, yaml": [sys.executable, "-c", "import pydantic, yaml"],
    "crmrisk --version": [sys.executable, "-m", "crm_risk", "--version"],
    "crmrisk --help": [sys.executable, "-m", "crm_risk", "--help"],
    "crmrisk score --help": [sys.executable, "-m", "crm_risk", "score", "--help"],
    "crmrisk score one file": [sys.executable, "-m", "crm_risk", "score", str(EXAMPLE)],
}


def measure(repeat: int) -> dict[str, float]:
    timings: dict[str, list[float]] = {name: [] for name in CASES}
    for _ in range(repeat):
        for name, command in CASES.items():  # interleaved, so drift hits every case alike
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
            timings[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in timings.items()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    medians = measure(args.repeat)
    baseline = medians["python -c pass (baseline)"]
    print(f"{'case':28} {'median ms':>10} {'x baseline':>11}")
    for name, value in medians.items():
        print(f"{name:28} {value * 1000:10.1f} {value / baseline:11.2f}")


if __name__ == "__main__":
    main()
