"""Benchmark: Monte Carlo over all claims on one core, and the verdicts command end to end.

Run: python bench/bench.py [--repeat N]. Prints the figures; nothing here runs in the tests.
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")  # one core, as the performance target says

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    from analysis.checking import report
    from analysis.checking.data import load

    load()  # parse the YAML once, as a long-running process would
    run = report.run()
    draws = run.n_draws
    mc = timed(lambda: report.run(), args.repeat)
    cli = timed(lambda: subprocess.run([sys.executable, "-m", "analysis", "verdicts", "--format", "json"],
                                       check=True, capture_output=True), args.repeat)
    result = {
        "claims": len(run.results), "draws_per_parameter": draws,
        "monte_carlo_all_claims_s": {"median": round(statistics.median(mc), 3), "max": round(max(mc), 3)},
        "verdicts_command_wall_s": {"median": round(statistics.median(cli), 3), "max": round(max(cli), 3)},
        "threads": os.environ["OMP_NUM_THREADS"], "python": sys.version.split()[0],
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
