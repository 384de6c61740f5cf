"""`make bench` is not part of `make test`; this keeps its lookup / search figures from rotting
(on a 2,000-product catalog: the 200k one is built by `make bench` only)."""

from tests.benchmarks.bench_lookup import bench_lookup

SEARCH_FIGURES = [f"search_pinyin_initials_{n}" for n in (1, 2, 3, 4)] + [
    "search_chinese_1_char", "search_chinese_2_chars", "search_chinese_3_chars",
    "search_chinese_4_chars"]


def test_lookup_bench_runs_and_reports_each_figure_beside_its_baseline(tmp_path):
    report = bench_lookup(tmp_path, products=2_000, samples=10, search_samples=10,
                          scan_samples=2)
    assert report["products"] == 2_000
    assert report["search_structures"]["product_key_rows"] > 2_000
    for key in ("barcode_to_product_repository", "barcode_to_product_lookup_code",
                "scale_label_lookup_code", *SEARCH_FIGURES):
        figure = report[key]
        baseline = next(v for k, v in figure.items() if k.startswith("raw_sqlite3_"))
        assert figure["ours"]["n"] == baseline["n"] == 10
        assert figure["p99_ratio"] == round(figure["ours"]["p99_ms"] / baseline["p99_ms"], 2)
    for key in SEARCH_FIGURES[1:]:  # one letter matches exact codes only
        assert report[key]["mean_hits"] > 0, key
    assert report["search_pinyin_initials_1"]["mean_hits"] == 0
