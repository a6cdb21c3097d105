"""How fast ``safesplit audit`` reads its data file: polars against pandas.

Writes one CSV and one Parquet file (written by polars, so without pandas
metadata) of ``--n-rows`` rows: integers, floats with missing values, a text
category, flags and an ISO date column, the columns of a churn table. Times
``read_table`` (the command line's reader: parse, convert to pandas, read the
dates) with ``engine="pandas"`` and ``engine="polars"`` in the same run, repeats
interleaved (pandas, polars, polars, pandas, ...) so that the machine's load hits
both alike; reports the minimum wall-clock and CPU seconds (summed over threads:
the work done, less sensitive to a loaded machine) of each, their ratios
(pandas / polars, above 1 when polars is faster), and checks that both gave the
same DataFrame.

Run: python benchmarks/bench_read.py [--n-rows 2000000] [--repeats 5]
"""

# Authors: the safesplit developers
# SPDX-License-Identifier: BSD-3-Clause

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl

from safesplit._cli._read import read_table
from safesplit._cli._read_polars import read_with_polars


def make_table(n_rows, seed=0):
    rng = np.random.default_rng(seed)
    amount = rng.gamma(2.0, 50.0, n_rows).round(2)
    amount[rng.random(n_rows) < 0.05] = np.nan
    return pl.DataFrame(
        {
            "customer": rng.integers(0, n_rows // 10 + 1, n_rows),
            "signup": pl.Series(
                np.datetime64("2020-01-01") + rng.integers(0, 1500, n_rows)
            ).cast(pl.Date),
            "plan": rng.choice(["basic", "pro", "team", "enterprise"], n_rows),
            "seats": rng.integers(1, 500, n_rows),
            "amount": amount,
            "usage": rng.normal(size=n_rows),
            "tickets": rng.poisson(1.2, n_rows),
            "promo": rng.random(n_rows) < 0.2,
            "churned": (rng.random(n_rows) < 0.3).astype(np.int64),
        }
    )


def _time(path, engine):
    """Wall-clock and CPU seconds (all threads) of one read, and its frame."""
    wall, cpu = time.perf_counter(), time.process_time()
    frame = read_table(path, engine=engine)
    return time.perf_counter() - wall, time.process_time() - cpu, frame


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-rows", type=int, default=2_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)

    print(
        f"polars {pl.__version__}, pandas {pd.__version__}, "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs; "
        f"{args.n_rows:,} rows, {args.repeats} interleaved repeats, minimum"
    )
    table = make_table(args.n_rows)
    with tempfile.TemporaryDirectory() as directory:
        paths = {
            "CSV": Path(directory) / "table.csv",
            "Parquet": Path(directory) / "table.parquet",
        }
        table.write_csv(paths["CSV"])
        table.write_parquet(paths["Parquet"])
        for kind, path in paths.items():
            # The polars path must be taken, not handed to pandas.
            assert read_with_polars(pl, path, parquet=kind == "Parquet") is not None
            size = path.stat().st_size / 2**20
            times = {"pandas": [], "polars": []}
            cpu_times = {"pandas": [], "polars": []}
            frames = {}
            _time(path, "pandas"), _time(path, "polars")  # warm-up
            for repeat in range(args.repeats):
                first = repeat % 2 == 0
                order = ("pandas", "polars") if first else ("polars", "pandas")
                for engine in order:
                    elapsed, cpu, frames[engine] = _time(path, engine)
                    times[engine].append(elapsed)
                    cpu_times[engine].append(cpu)
            pd.testing.assert_frame_equal(frames["polars"], frames["pandas"])
            wall = {engine: min(values) for engine, values in times.items()}
            cpu = {engine: min(values) for engine, values in cpu_times.items()}
            print(
                f"{kind:8s} {size:6.1f} MB  wall: pandas {wall['pandas']:5.2f} s, "
                f"polars {wall['polars']:5.2f} s, "
                f"ratio {wall['pandas'] / wall['polars']:.2f};  "
                f"CPU: pandas {cpu['pandas']:5.2f} s, polars {cpu['polars']:5.2f} s, "
                f"ratio {cpu['pandas'] / cpu['polars']:.2f}  (same DataFrame)"
            )


if __name__ == "__main__":
    main()
