"""safesplit on a dask cluster: the data sent once, results equal to a local run.

A script, not a test. It starts a ``distributed.LocalCluster`` (worker processes,
so every byte a task needs crosses a process boundary), then runs, on a daily panel
of ``--rows`` rows and ``--features`` float64 features, with the times and label end
times routed to the splitter:

* ``cross_val_score(Ridge(), X, y, cv=PurgedKFold(5, embargo="1D"))`` and
* ``score_paths(Ridge(), X, y, cv=CombinatorialPurgedCV(10, 2, embargo="1D"))``

once locally, then on the cluster under ``joblib.parallel_backend("dask",
scatter=[X, y])``, which sends X and y to every worker once, before any task (each
task then carries a reference to them, its own index arrays and the estimator), and
under plain ``joblib.parallel_backend("dask")``, where joblib scatters X once per
``Parallel`` call (score_paths makes two). It asserts that every score equals the
local one (BLAS limited to one thread in both, as dask's workers run it, so that
sums are added in the same order) and prints what the scheduler handed each task,
recorded by a scheduler plugin as each task starts: the pickled task itself, its own
data (index arrays; y too when it is not scattered up front), and how many copies
of X the tasks referenced.

Usage::

    python benchmarks/bench_dask.py                    # 1,000,000 x 20, 2 workers
    python benchmarks/bench_dask.py --rows 100000 --workers 1
"""

import argparse
import statistics
import time

import joblib
import numpy as np
import pandas as pd
import sklearn
from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import SchedulerPlugin
from distributed.protocol.pickle import dumps
from sklearn.linear_model import Ridge
from sklearn.model_selection import cross_val_score
from threadpoolctl import threadpool_limits

from safesplit import CombinatorialPurgedCV, PurgedKFold, score_paths


class TaskBytes(SchedulerPlugin):
    """Record, for every task the scheduler sends to a worker, the bytes of the
    pickled task and the bytes of each piece of data it depends on."""

    name = "safesplit-task-bytes"

    def __init__(self):
        self.records = []

    async def start(self, scheduler):
        self.scheduler = scheduler

    def transition(self, key, start, finish, *args, stimulus_id, **kwargs):
        if finish != "processing":
            return
        task = self.scheduler.tasks[key]
        buffers = []
        header = dumps(task.run_spec, buffer_callback=buffers.append)
        payload = len(header) + sum(memoryview(b).nbytes for b in buffers)
        depends = {str(dep.key): dep.nbytes for dep in task.dependencies}
        self.records.append({"key": str(key), "payload": payload, "depends": depends})


def make_panel(n_rows, n_features, seed=0):
    """A daily panel: ``n_rows // 1000`` days of 1000 rows each, labels 1 to 5 days
    long, a target that depends on the features."""
    rng = np.random.default_rng(seed)
    days = np.repeat(np.arange(-(-n_rows // 1000)), 1000)[:n_rows]
    times = pd.Timestamp("2000-01-01") + pd.to_timedelta(days, unit="D")
    end_times = times + pd.to_timedelta(rng.integers(1, 6, n_rows), unit="D")
    X = rng.normal(size=(n_rows, n_features))
    y = X @ rng.normal(size=n_features) + rng.normal(size=n_rows)
    return X, y, {"times": times, "end_times": end_times}


def run_both(X, y, metadata, n_jobs):
    """The two computations, with metadata routed to the splitters."""
    with sklearn.config_context(enable_metadata_routing=True):
        scores = cross_val_score(
            Ridge(),
            X,
            y,
            cv=PurgedKFold(5, embargo="1D"),
            params=metadata,
            n_jobs=n_jobs,
        )
        paths = score_paths(
            Ridge(),
            X,
            y,
            cv=CombinatorialPurgedCV(10, 2, embargo="1D"),
            scoring="r2",
            params=metadata,
            n_jobs=n_jobs,
        )
    return scores, paths


def summarise(records, scattered_keys, x_nbytes):
    """Per task, the pickled task and its own data (what is neither scattered up
    front nor a copy of X); and the distinct copies of X the tasks referenced."""
    payloads = [r["payload"] for r in records]
    copies_of_x = {
        key for r in records for key, n in r["depends"].items() if n == x_nbytes
    }
    own = [
        sum(
            n
            for key, n in r["depends"].items()
            if key not in scattered_keys and n != x_nbytes
        )
        for r in records
    ]
    return payloads, own, copies_of_x


def on_dask(client, X, y, metadata, scatter):
    """Run both on the cluster; return the scores, the seconds, what the scheduler
    recorded per task, and the keys of the data scattered up front."""
    client.run_on_scheduler(
        lambda dask_scheduler: dask_scheduler.plugins[TaskBytes.name].records.clear()
    )
    start = time.perf_counter()
    with joblib.parallel_backend("dask", **({"scatter": [X, y]} if scatter else {})):
        backend, _ = joblib.parallel.get_active_backend()
        scattered_keys = {str(f.key) for f in backend.data_futures.values()}
        scores = run_both(X, y, metadata, n_jobs=-1)
    seconds = time.perf_counter() - start
    records = client.run_on_scheduler(
        lambda dask_scheduler: list(dask_scheduler.plugins[TaskBytes.name].records)
    )
    return scores, seconds, records, scattered_keys


def report(label, seconds, records, scattered_keys, X):
    payloads, own, copies_of_x = summarise(records, scattered_keys, X.nbytes)
    print(f"\n{label}: {seconds:.1f} s, {len(records)} dask tasks")
    print(
        "  pickled task, bytes:           "
        f"median {statistics.median(payloads):,.0f}, max {max(payloads):,}"
    )
    print(
        "  its own data (indices...), MiB: "
        f"median {statistics.median(own) / 2**20:.1f}, max {max(own) / 2**20:.1f}"
    )
    print(
        f"  copies of X ({X.nbytes / 2**20:.0f} MiB) the tasks used: "
        f"{len(copies_of_x)}; scattered up front: {len(scattered_keys)} piece(s)"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=float, default=1e6)
    parser.add_argument("--features", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    X, y, metadata = make_panel(int(args.rows), args.features)
    print(
        f"X: {X.shape[0]:,} x {X.shape[1]} float64 ({X.nbytes / 2**20:.0f} MiB); "
        f"{args.workers} worker process(es), one thread each"
    )
    with threadpool_limits(1):
        start = time.perf_counter()
        local = run_both(X, y, metadata, n_jobs=1)
        local_seconds = time.perf_counter() - start
    print(f"local, one process: {local_seconds:.1f} s")

    with (
        LocalCluster(
            n_workers=args.workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        client.register_plugin(TaskBytes())
        runs = {
            'parallel_backend("dask", scatter=[X, y])': on_dask(
                client, X, y, metadata, scatter=True
            ),
            'parallel_backend("dask") (joblib scatters per call)': on_dask(
                client, X, y, metadata, scatter=False
            ),
        }
    for label, (remote, seconds, records, scattered_keys) in runs.items():
        for a, b in zip(local, remote):
            np.testing.assert_array_equal(a, b)
        report(label, seconds, records, scattered_keys, X)
        print("  cross_val_score and score_paths: equal to the local run")
    print(f"\ncross_val_score: {np.round(local[0], 6)}")
    print(f"score_paths:     {np.round(local[1], 6)}")


if __name__ == "__main__":
    main()
