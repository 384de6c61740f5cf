"""`make bench` is not part of `make test`; this keeps its Z report figure from rotting."""

from tests.benchmarks.bench_z import bench_z_report


def test_z_bench_runs_and_reports_its_figure_beside_the_baseline(tmp_path):
    result = bench_z_report(tmp_path, sales=12, rounds=3)
    assert result["sales"] == 12 and result["refunds"] == 0
    assert result["z_report"]["n"] == result["baseline_count_sum_sql"]["n"] == 3
    assert result["z_report"]["p99_ms"] > 0 and result["baseline_count_sum_sql"]["p99_ms"] > 0
    assert result["p99_ratio"] == round(result["z_report"]["p99_ms"] /
                                        result["baseline_count_sum_sql"]["p99_ms"], 2)
    assert result["target_p99_ms_max"] == 100
