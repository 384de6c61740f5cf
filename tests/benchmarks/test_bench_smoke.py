"""`make bench` is not part of `make test`; this keeps its checkout figure from rotting."""

from tests.benchmarks.bench import bench_checkout


def test_checkout_bench_runs_and_reports_each_figure_beside_its_baseline(tmp_path):
    result = bench_checkout(tmp_path, rounds=5)
    assert result["till"]["n"] == result["raw_sqlite3"]["n"] == 5
    assert result["till"]["p99_ms"] > 0 and result["raw_sqlite3"]["p99_ms"] > 0
    assert result["p99_ratio"] == round(result["till"]["p99_ms"] /
                                        result["raw_sqlite3"]["p99_ms"], 2)
