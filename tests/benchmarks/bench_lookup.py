"""Lookup and search over a 200k-SKU catalog in a real till file (DESIGN §11, issue 3 item 11).

`bench_lookup(workdir)` builds the catalog through the real migrations (bulk insert in one
transaction, search indexes rebuilt in one pass), then measures p50 / p99:

- barcode → product through CatalogRepository in a readonly unit of work (what checkout.scan
  does), and through services.lookup.lookup_code on CatalogSearch; a scale label (PLU) likewise;
- search by pinyin initials (1, 2, 3 and 4 letters: prefixes of a random product's initials) and
  by name (1, 2, 3 and 4 Chinese characters from anywhere in a random product's name), through
  a ProductFinder kept open for the whole figure, as the finder dialog searches at each
  keystroke. `new_unit_of_work_per_search` is the same queries through CatalogSearch in a new
  readonly unit of work each (after the main figure, not interleaved).

Each figure stands next to a baseline from the same run, interleaved sample by sample: raw
`sqlite3` reading the same product by its barcode (join) or primary key; for searches also a naive
`LIKE '%…%'` scan over a few samples, which is what the indexes save.

`products` and the sample counts are parameters so that a test can run the whole thing on a
small catalog (tests/benchmarks/test_bench_lookup_smoke.py); `make bench` uses the defaults.
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

from pos_app.adapters import migrate
from pos_app.adapters.catalog_search import (
    CatalogSearch,
    ProductFinder,
    search_triggers_suspended,
)
from pos_app.adapters.db import make_engine
from pos_app.adapters.unit_of_work import SqlAlchemyUnitOfWorkFactory
from pos_app.domain.barcode import gtin_check_digit
from pos_app.domain.pinyin import initials
from pos_app.domain.scale_barcode import DEFAULT_SCALE_TEMPLATES
from pos_app.services.lookup import lookup_code
from tests.benchmarks.stats import summary

PRODUCTS = 200_000
WEIGHED = 3_000  # products with a PLU, sold by weight
SAMPLES = 1_000
SEARCH_SAMPLES = 500
SCAN_SAMPLES = 10
TARGET_P99_MS = 2.0

BRANDS = (
    "可口可乐 百事 农夫山泉 康师傅 统一 娃哈哈 旺旺 蒙牛 伊利 光明 达利园 好丽友 乐事 奥利奥 "
    "德芙 士力架 雀巢 立白 蓝月亮 舒肤佳 海飞丝 清风 心相印 维达 金龙鱼 福临门 鲁花 海天 李锦记 "
    "老干妈 太太乐 双汇 雨润 思念 三全 湾仔码头 五芳斋 良品铺子 三只松鼠 百草味 洽洽 徐福记 "
    "大白兔 王老吉 加多宝 元气森林 怡宝 红牛 东鹏 椰树 露露 六个核桃 银鹭 喜之郎 亲亲 盼盼 "
    "白象 今麦郎 五谷道场 出前一丁 上好佳 卫龙 周黑鸭 绝味 稻香村 桂发祥 北冰洋 冰峰 青岛 雪花 "
    "燕京 哈尔滨 百威 茅台 五粮液 泸州老窖 汾酒 西凤 古井贡 洋河 张裕 长城 中华 云南白药 "
    "高露洁 佳洁士 黑人 好来 威露士 滴露 超能 奥妙 汰渍 雕牌"
).split()
FLAVOURS = (
    "原味 香辣 麻辣 红烧 酸辣 番茄 牛肉 鸡肉 猪肉 海鲜 蒜香 葱香 五香 孜然 烧烤 黑椒 芝士 奶油 "
    "巧克力 草莓 香草 抹茶 蓝莓 芒果 柠檬 橙味 苹果 葡萄 蜂蜜 红枣 核桃 花生 杏仁 椰子 绿茶 "
    "红茶 乌龙 茉莉 菊花 薄荷 低糖 无糖 脱脂 全脂 高钙 加锌 有机 精选 特级 经典 家庭装 儿童 "
    "清香 浓香 酱香 柔和 清爽 劲爽"
).split()
GOODS = (
    "可乐 雪碧 汽水 矿泉水 纯净水 果汁 茶饮料 凉茶 咖啡 奶茶 纯牛奶 酸奶 豆奶 乳酸菌 啤酒 白酒 "
    "葡萄酒 黄酒 方便面 挂面 米粉 粉丝 大米 面粉 食用油 酱油 陈醋 料酒 蚝油 鸡精 味精 食盐 白糖 "
    "饼干 薯片 雪饼 蛋糕 面包 月饼 粽子 汤圆 水饺 馄饨 火腿肠 午餐肉 牛肉干 鸭脖 瓜子 坚果 "
    "巧克力 糖果 口香糖 果冻 冰淇淋 雪糕 牙膏 牙刷 洗发水 沐浴露 香皂 洗衣液 洗衣粉 洗洁精 "
    "纸巾 卷纸 湿巾 卫生巾 尿不湿 电池 垃圾袋 保鲜膜 拖鞋 毛巾 袜子 雨伞 打火机 蚊香 花露水 "
    "辣条 海苔 肉松 豆腐干 花生米 话梅 蜜饯 芝麻糊 麦片 藕粉"
).split()
SPECS = (
    "330ml 500ml 550ml 1.25L 2L 250ml 200g 100g 500g 1kg 5kg 2.5kg 80g 120g 24袋 12瓶 6罐 "
    "4连包 10片 3卷 散装 盒装 袋装 瓶装 整箱"
).split()
LOOSE = "苹果 香蕉 橙子 西瓜 葡萄 土豆 西红柿 黄瓜 白菜 猪肉 牛肉 鸡蛋 大米 红枣 核桃".split()


def _ean13(n: int) -> str:
    body = f"69{n:010d}"
    return body + str(gtin_check_digit(body))


def _product_id(n: int) -> str:
    return f"01900000-0000-7000-8000-{n:012d}"


def generate_catalog(count: int = PRODUCTS, seed: int = 7, weighed: int = WEIGHED) -> list[tuple]:
    """(id, sku, name, pinyin, price_fen, unit, plu, barcode) rows with realistic names; the
    first `weighed` are loose goods sold by weight, with a PLU."""
    rnd = random.Random(seed)
    cache: dict[str, str] = {}

    def py(word: str) -> str:
        if word not in cache:
            cache[word] = initials(word)
        return cache[word]

    rows = []
    for n in range(count):
        if n < weighed:
            words = ("散装", rnd.choice(LOOSE), rnd.choice(FLAVOURS[-12:]))
            name, unit, plu = "".join(words), "kg", str(1000 + n)
        else:
            words = (rnd.choice(BRANDS), rnd.choice(FLAVOURS), rnd.choice(GOODS))
            spec = rnd.choice(SPECS)
            name, unit, plu = "".join(words) + " " + spec, "件", None
            words = (*words, spec)
        rows.append((_product_id(n), f"SKU{n:07d}", name, "".join(py(w) for w in words),
                     rnd.randrange(100, 20000), unit, plu, _ean13(n)))
    return rows


def build_till(db_path: Path, rows: list[tuple], with_triggers: bool = False):
    """The catalog in one transaction: executemany, then the search indexes rebuilt in one pass
    (search_triggers_suspended); with_triggers=True lets the triggers index row by row."""
    engine = make_engine(db_path)
    migrate.upgrade(engine, db_path, db_path.parent / "backups")
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA cache_size=-262144")  # 256 MB for the load only
        with search_triggers_suspended(conn) if not with_triggers else nullcontext():
            conn.exec_driver_sql(
                "INSERT INTO product (id, sku, name, pinyin, category_id, price_fen, unit, "
                "active, plu, is_service) VALUES (?, ?, ?, ?, NULL, ?, ?, 1, ?, 0)",
                [(i, sku, name, py, price, unit, plu)
                 for i, sku, name, py, price, unit, plu, _ in rows])
            conn.exec_driver_sql("INSERT INTO barcode (code, product_id) VALUES (?, ?)",
                                 [(code, i) for i, *_, code in rows])
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA cache_size=-2000")
        conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    return make_engine(db_path)


def _interleaved(queries: list, ours, theirs) -> tuple[list[float], list[float]]:
    a, b = [], []
    for q in queries:
        start = time.perf_counter()
        ours(q)
        a.append(time.perf_counter() - start)
        start = time.perf_counter()
        theirs(q)
        b.append(time.perf_counter() - start)
    return a, b


def _figure(ours: list[float], baseline: list[float], baseline_name: str) -> dict:
    out = {"ours": summary(ours), baseline_name: summary(baseline)}
    out["p99_ratio"] = round(out["ours"]["p99_ms"] / max(out[baseline_name]["p99_ms"], 1e-6), 2)
    out["target_p99_ms"] = TARGET_P99_MS
    out["p99_within_target"] = out["ours"]["p99_ms"] < TARGET_P99_MS
    return out


def _cjk_substring(rnd: random.Random, name: str, length: int) -> str:
    han = name.split(" ")[0]
    start = rnd.randrange(0, len(han) - length + 1)
    return han[start:start + length]


def _search_structures(db_path: Path) -> dict:
    conn = sqlite3.connect(db_path)
    try:
        out = {"product_key_rows": conn.execute("SELECT count(*) FROM product_key").fetchone()[0]}
        try:
            out["mb"] = {name: round(size / 1e6, 1) for name, size in conn.execute(
                "SELECT name, sum(pgsize) FROM dbstat WHERE name IN ('product_key', "
                "'product_key_stat', 'product_fts_data', 'product') GROUP BY name")}
        except sqlite3.OperationalError:  # SQLite built without the dbstat table
            pass
        return out
    finally:
        conn.close()


def bench_lookup(workdir: Path, products: int = PRODUCTS, samples: int = SAMPLES,
                 search_samples: int = SEARCH_SAMPLES, scan_samples: int = SCAN_SAMPLES) -> dict:
    workdir.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(11)
    weighed = min(WEIGHED, products // 20)
    started = time.perf_counter()
    rows = generate_catalog(products, weighed=weighed)
    generated = time.perf_counter() - started
    db_path = workdir / "lookup.sqlite"
    engine = build_till(db_path, rows)
    built = time.perf_counter() - started - generated
    uow_factory = SqlAlchemyUnitOfWorkFactory(engine)
    raw = sqlite3.connect(db_path, isolation_level=None)
    finder = ProductFinder(engine)

    def raw_by_barcode(code):
        return raw.execute("SELECT p.* FROM barcode b JOIN product p ON p.id = b.product_id "
                           "WHERE b.code = ?", (code,)).fetchone()

    def raw_by_id(product_id):
        return raw.execute("SELECT * FROM product WHERE id = ?", (product_id,)).fetchone()

    def repo_by_barcode(code):
        with uow_factory(readonly=True) as uow:
            assert uow.catalog.by_barcode(code) is not None

    def lookup(code):
        with uow_factory(readonly=True) as uow:
            return lookup_code(CatalogSearch(uow.session), code, DEFAULT_SCALE_TEMPLATES)

    def search_in_new_unit_of_work(q):
        with uow_factory(readonly=True) as uow:
            return CatalogSearch(uow.session).search(q)

    sample = [rows[rnd.randrange(weighed, products)] for _ in range(samples)]
    barcodes = [r[7] for r in sample]
    for code in barcodes[:50]:  # warm the page cache and the statement caches alike
        repo_by_barcode(code)
        lookup(code)
        raw_by_barcode(code)
    report: dict = {
        "products": products, "build_s": round(built, 2), "generate_s": round(generated, 2),
        "file_mb": round(db_path.stat().st_size / 1e6, 1),
        "search_structures": _search_structures(db_path),
        "sqlite": sqlite3.sqlite_version,
    }
    report["barcode_to_product_repository"] = _figure(
        *_interleaved(barcodes, repo_by_barcode, raw_by_barcode), "raw_sqlite3_barcode_join")
    report["barcode_to_product_lookup_code"] = _figure(
        *_interleaved(barcodes, lookup, raw_by_barcode), "raw_sqlite3_barcode_join")

    labels = []
    for _ in range(samples):
        plu = rnd.randrange(1000, 1000 + weighed)
        body = f"22{plu:05d}{rnd.randrange(1, 99999):05d}"
        labels.append(body + str(gtin_check_digit(body)))
    report["scale_label_lookup_code"] = _figure(
        *_interleaved(labels, lambda c: lookup(c), lambda c: raw.execute(
            "SELECT * FROM product WHERE plu = ?", (str(int(c[2:7])),)).fetchone()),
        "raw_sqlite3_plu")

    def picks(n: int) -> list[tuple]:
        return [rows[rnd.randrange(products)] for _ in range(n)]

    def search_figure(queries: list[str], key: str) -> None:
        ids = [r[0] for r in picks(len(queries))]
        pairs = list(zip(queries, ids, strict=True))
        hits = []

        def ours(pair):
            hits.append(len(finder.search(pair[0])))

        for q in queries[:20]:  # statement caches and pages of this kind of query
            finder.search(q)
        ours_s, base_s = _interleaved(pairs, ours, lambda pair: raw_by_id(pair[1]))
        figure = _figure(ours_s, base_s, "raw_sqlite3_pk_lookup")
        figure["mean_hits"] = round(sum(hits) / len(hits), 1)
        figure["examples"] = queries[:5]
        fresh = []
        for q in queries:
            start = time.perf_counter()
            search_in_new_unit_of_work(q)
            fresh.append(time.perf_counter() - start)
        figure["new_unit_of_work_per_search"] = summary(fresh)
        scans = []
        for q in queries[:scan_samples]:
            start = time.perf_counter()
            raw.execute("SELECT * FROM product WHERE active AND (name LIKE ? OR pinyin LIKE ?) "
                        "ORDER BY length(name), name LIMIT 20", (f"%{q}%", f"%{q}%")).fetchall()
            scans.append(time.perf_counter() - start)
        figure["naive_like_scan"] = summary(scans)
        report[key] = figure

    for letters in (1, 2, 3, 4):
        search_figure([r[3][:letters] for r in picks(search_samples)],
                      f"search_pinyin_initials_{letters}")
    for chars in (1, 2, 3, 4):
        search_figure([_cjk_substring(rnd, r[2], chars) for r in picks(search_samples)],
                      f"search_chinese_{chars}_char{'s' if chars > 1 else ''}")
    finder.close()
    raw.close()
    engine.dispose()
    return report


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="pos-bench-lookup-") as tmp:
        report = bench_lookup(Path(tmp))
    json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
