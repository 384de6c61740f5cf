"""Catalog lookup and search on a real till file through the real migrations and change feed."""

from __future__ import annotations

import functools
import random
import sqlite3

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from pos_app.adapters import catalog_search, migrate
from pos_app.adapters.catalog_search import (
    CatalogSearch,
    ProductFinder,
    normalize_query,
    search_triggers_suspended,
)
from pos_app.adapters.db import make_engine
from pos_app.adapters.sync_ports import SqliteChangeSink
from pos_app.domain.barcode import gtin_check_digit
from pos_app.domain.errors import InvalidBarcode
from pos_app.domain.scale_barcode import DEFAULT_SCALE_TEMPLATES
from pos_app.services import lookup
from pos_app.services.lookup import lookup_code
from sync.protocol import Change
from tests.benchmarks.bench_lookup import generate_catalog

EXTRA = [
    # id, sku, name, barcodes, extra fields
    ("p-kl", "SKU-KL", "可乐", ["6900000000017"], {}),
    ("p-bs", "SKU-BS", "百事可乐 330ml", ["6900000000024"], {}),
    ("p-cc", "SKU-CC", "Coca Cola Zero", [], {}),
    ("p-ap", "SKU-AP", "散装红富士苹果", [], {"plu": "00123"}),
    ("p-wash", "SKU-WASH", "洗车服务", [], {"plu": "9001", "is_service": True}),
    ("p-old", "SKU-OLD", "可口可乐 旧包装", [], {"active": False}),
]


def product_change(cursor, pid, sku, name, barcodes, extra, op="upsert"):
    data = None if op == "delete" else {
        "id": pid, "sku": sku, "name": name, "category_id": None, "price_fen": 1598,
        "barcodes": barcodes, "unit": "件", "active": True, **extra}
    return Change(cursor=cursor, entity="product", key=pid, op=op, data=data)


@pytest.fixture
def catalog(till_app):
    sink = SqliteChangeSink(till_app.uow_factory)
    changes = [product_change(100 + n, *row) for n, row in enumerate(EXTRA)]
    sink.apply(changes, 200)
    return till_app


def names(app, query, **kw):
    with app.uow_factory(readonly=True) as uow:
        return [p.name for p in CatalogSearch(uow.session).search(query, **kw)]


def test_pinyin_initials_and_chinese_substrings_find_the_product(catalog):
    assert names(catalog, "kkkl")[0] == "可口可乐 330ml"
    assert names(catalog, "KKKL")[0] == "可口可乐 330ml"
    assert "可口可乐 330ml" in names(catalog, "可乐")
    assert names(catalog, "口可乐") == ["可口可乐 330ml"]
    assert names(catalog, "红富士") == ["散装红富士苹果"]
    assert names(catalog, "富") == ["散装红富士苹果"]  # one character, at any position
    assert names(catalog, "苹果") == ["散装红富士苹果"]  # last two characters


def test_ranking_prefix_tiers_then_substrings_shorter_names_first(catalog):
    # pinyin prefix: 可乐 (kl) first; substring "kl" of 1–2 letters is not searched.
    assert names(catalog, "kl") == ["可乐"]
    # name prefix 可乐, then substrings by length, then by name (可 < 百 in code point order).
    assert names(catalog, "可乐") == ["可乐", "可口可乐 330ml", "百事可乐 330ml"]
    # 3+ letters: pinyin prefix (bskl…) before substring matches in pinyin (kkkl330ml has "330").
    assert names(catalog, "bskl") == ["百事可乐 330ml"]
    found = names(catalog, "330")
    assert set(found) == {"可口可乐 330ml", "百事可乐 330ml"}
    assert names(catalog, "可乐", limit=2) == ["可乐", "可口可乐 330ml"]


def test_latin_names_case_insensitive(catalog):
    assert names(catalog, "cola") == ["Coca Cola Zero"]
    assert names(catalog, "COCA") == ["Coca Cola Zero"]
    assert names(catalog, "co") == ["Coca Cola Zero"]
    assert names(catalog, "Ｃｏｃａ") == ["Coca Cola Zero"]  # full-width from an IME


def test_exact_codes_rank_first(catalog):
    assert names(catalog, "6900000000024")[0] == "百事可乐 330ml"
    assert names(catalog, "sku-kl")[0] == "可乐"
    assert names(catalog, "123")[0] == "散装红富士苹果"  # PLU without leading zeros
    assert names(catalog, "nothing like it") == []
    assert names(catalog, "") == []


def test_inactive_left_out_unless_asked(catalog):
    assert "可口可乐 旧包装" not in names(catalog, "可口可乐")
    assert "可口可乐 旧包装" in names(catalog, "可口可乐", include_inactive=True)


def test_plu_and_services(catalog):
    with catalog.uow_factory(readonly=True) as uow:
        search = CatalogSearch(uow.session)
        assert search.by_plu("123").name == "散装红富士苹果"
        assert search.by_plu("00123").id == "p-ap"
        assert search.by_plu("9001").name == "洗车服务"
        assert search.is_service("p-wash") and not search.is_service("p-ap")
        assert search.by_plu("777") is None
        assert names(catalog, "xcfw") == ["洗车服务"]


def test_lookup_code_on_the_real_catalog(catalog):
    body = "220012300799"
    label = body + str(gtin_check_digit(body))
    with catalog.uow_factory(readonly=True) as uow:
        port = CatalogSearch(uow.session)
        scale = lookup_code(port, label, DEFAULT_SCALE_TEMPLATES)
        assert (scale.product.id, scale.amount_fen, scale.source) == ("p-ap", 799, "scale")
        assert lookup_code(port, "6901234567892*2").qty == 2
        assert lookup_code(port, "9001").product.name == "洗车服务"
        with pytest.raises(InvalidBarcode):
            lookup_code(port, "6901234567893")


def _ascii_lower(text: str) -> str:
    return "".join(c.lower() if c.isascii() else c for c in text)


def expected_keys(rowid: int, name: str, pinyin: str) -> set[tuple[str, int, int]]:
    """product_key rows of one product, computed without SQL (migration 0004's module doc)."""
    keys = {"P" + _ascii_lower(pinyin[:n]) for n in range(2, min(4, len(pinyin)) + 1)}
    keys |= {"N" + _ascii_lower(name[:n]) for n in range(1, min(4, len(name)) + 1)}
    for i in range(1, len(name)):
        if ord(name[i]) >= 0x2E80:
            keys |= {"G" + _ascii_lower(name[i]), "G" + _ascii_lower(name[i:i + 2])}
    return {(key, len(name), rowid) for key in keys}


def search_index_is_consistent(app_or_path) -> None:
    path = getattr(app_or_path, "data_dir", None)
    conn = sqlite3.connect(path / "till.sqlite" if path else app_or_path)
    try:
        conn.execute("INSERT INTO product_fts(product_fts, rank) VALUES ('integrity-check', 1)")
        expected = set()
        for rowid, name, pinyin in conn.execute("SELECT rowid, name, pinyin FROM product"):
            expected |= expected_keys(rowid, name, pinyin)
        assert set(conn.execute("SELECT key, name_len, pid FROM product_key")) == expected
        fts = conn.execute("SELECT count(*) FROM product_fts").fetchone()
        assert fts == conn.execute("SELECT count(*) FROM product").fetchone()
    finally:
        conn.close()


def test_triggers_keep_search_in_sync_through_the_change_feed(catalog):
    sink = SqliteChangeSink(catalog.uow_factory)
    search_index_is_consistent(catalog)
    # Rename: the old name is gone from FTS and grams, the new one is there.
    sink.apply([product_change(300, "p-bs", "SKU-BS", "百事轻怡 500ml", ["6900000000024"], {})],
               300)
    assert "百事可乐 330ml" not in names(catalog, "百事可")
    assert names(catalog, "轻怡") == ["百事轻怡 500ml"]
    assert names(catalog, "bsqy") == ["百事轻怡 500ml"]
    # The PLU moves to another product; the old holder loses it.
    sink.apply([product_change(301, "p-kl", "SKU-KL", "可乐", [], {"plu": "123"})], 301)
    with catalog.uow_factory(readonly=True) as uow:
        assert CatalogSearch(uow.session).by_plu("123").id == "p-kl"
    # Delete.
    sink.apply([product_change(302, "p-ap", "", "", [], {}, op="delete")], 302)
    assert names(catalog, "红富士") == [] and names(catalog, "富") == []
    # A new product with the same SKU as another replaces it (delete trigger on that path too).
    sink.apply([product_change(303, "p-kl2", "SKU-KL", "可乐瓶装", [], {})], 303)
    assert "可乐" not in names(catalog, "可乐") and "可乐瓶装" in names(catalog, "可乐")
    search_index_is_consistent(catalog)


def test_bad_lookup_fields_from_hq_are_set_aside(catalog):
    sink = SqliteChangeSink(catalog.uow_factory)
    sink.apply([product_change(400, "p-x", "SKU-X", "新品", [], {"is_service": "maybe"})], 400)
    assert names(catalog, "新品") == []
    assert sink.cursor() == 400  # the feed moves on past it


def test_bulk_load_with_triggers_suspended_rebuilds_the_index(catalog):
    with catalog.engine.begin() as conn:
        with search_triggers_suspended(conn):
            conn.exec_driver_sql(
                "INSERT INTO product (id, sku, name, pinyin, price_fen, unit, active, is_service)"
                " VALUES ('p-bulk', 'SKU-BULK', '大白兔奶糖', 'dbtnt', 990, '件', 1, 0)")
    assert names(catalog, "奶糖") == ["大白兔奶糖"] and names(catalog, "dbt") == ["大白兔奶糖"]
    search_index_is_consistent(catalog)
    with catalog.engine.connect() as conn:  # the triggers are back
        triggers = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").scalar()
    assert triggers == 3


def test_upgrading_a_0001_file_indexes_the_products_already_there(tmp_path):
    db_path = tmp_path / "old.sqlite"
    engine = make_engine(db_path)
    config = migrate.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.exec_driver_sql(
            "INSERT INTO product (id, sku, name, pinyin, price_fen, unit, active) "
            "VALUES ('p-1', 'S1', '康师傅红烧牛肉面', 'ksfhsnrm', 450, '件', 1)")
    backup = migrate.upgrade(engine, db_path, tmp_path / "backups")
    assert backup is not None
    with engine.connect() as conn:
        from sqlalchemy.orm import Session

        with Session(bind=conn) as session:
            search = CatalogSearch(session)
            assert [p.name for p in search.search("牛肉")] == ["康师傅红烧牛肉面"]
            assert [p.name for p in search.search("ksf")] == ["康师傅红烧牛肉面"]
            assert [p.name for p in search.search("红烧牛")] == ["康师傅红烧牛肉面"]
    engine.dispose()


def add(app, cursor, pid, name, sku=None, **extra):
    SqliteChangeSink(app.uow_factory).apply(
        [product_change(cursor, pid, sku or f"SKU-{pid}", name, [], extra)], cursor)


def test_one_latin_letter_matches_exact_codes_only_one_chinese_character_is_searched(catalog):
    assert names(catalog, "k") == [] and names(catalog, "c") == [] and names(catalog, "ｋ") == []
    add(catalog, 500, "p-z", "紫菜汤")
    add(catalog, 501, "p-q", "青岛啤酒", sku="Q")
    assert names(catalog, "q") == ["青岛啤酒"]  # its SKU, upper-cased; not every "q…" initial
    assert names(catalog, "zc") == ["紫菜汤"]  # two letters: initials
    # One Chinese character: names starting with it, then names containing it, shorter first.
    assert names(catalog, "可") == ["可乐", "可口可乐 330ml", "百事可乐 330ml"]
    assert names(catalog, "乐") == ["可乐", "可口可乐 330ml", "百事可乐 330ml"]
    assert names(catalog, "汤") == ["紫菜汤"]
    assert names(catalog, "1") == []  # not a PLU here
    with catalog.uow_factory(readonly=True) as uow:
        assert lookup.search(CatalogSearch(uow.session), " k ") == []


def test_ties_rank_shorter_names_first_then_in_catalog_order(catalog, monkeypatch):
    # 甲 reaches the till first; by code point 乙 (U+4E59) sorts before 甲 (U+7532).
    add(catalog, 500, "p-jia", "甲牌雪糕")
    add(catalog, 501, "p-yi", "乙牌雪糕")
    add(catalog, 502, "p-long", "丙牌雪糕大盒")
    add(catalog, 503, "p-start", "雪糕杯")
    expected = ["雪糕杯", "甲牌雪糕", "乙牌雪糕", "丙牌雪糕大盒"]
    assert names(catalog, "雪糕") == expected  # prefix, then one 'G' list
    assert names(catalog, "雪") == [*expected, "旺旺雪饼 84g"]  # one character
    assert names(catalog, "牌雪糕") == expected[1:]  # 3+: FTS5, all ranked
    assert names(catalog, "pxg") == expected[1:]  # Latin 3+: initials contain it, FTS5
    monkeypatch.setattr(catalog_search, "FTS_CAP", 0)  # every FTS5 query has "too many"
    monkeypatch.setattr(catalog_search, "WALK_ANYWAY", 0)
    assert names(catalog, "牌雪糕") == expected[1:]  # walked in the 'G' lists instead
    assert names(catalog, "牌雪") == expected[1:]


def test_like_wildcards_in_the_text_are_plain_characters(catalog, monkeypatch):
    add(catalog, 500, "p-pct", "100%果汁")
    add(catalog, 501, "p-x", "100X果汁")
    add(catalog, 502, "p-us", "A_B果冻")
    add(catalog, 503, "p-ab", "AXB果冻")
    for cap in (200, 0):
        monkeypatch.setattr(catalog_search, "FTS_CAP", cap)
        monkeypatch.setattr(catalog_search, "WALK_ANYWAY", cap)
        assert names(catalog, "100%果汁") == ["100%果汁"]  # 5+ characters: prefix range
        assert names(catalog, "0%果") == ["100%果汁"]  # contains
        assert names(catalog, "a_b果") == ["A_B果冻"]  # Latin letters: case-insensitive walk
        assert names(catalog, "_b果") == ["A_B果冻"]


@functools.cache
def _lowered(text: str) -> str:
    return _ascii_lower(text)


def reference(rows, query: str, limit: int = 20, include_inactive: bool = False):
    """(tier, name length, rowid, id) of the expected results, best first, computed in Python
    from the rules in catalog_search's module doc; and how many products (active or not) have
    the text in their name or initials."""
    q = normalize_query(query)
    if not q or (len(q) == 1 and ord(q) < catalog_search.CJK_FROM):
        return [], 0
    latin = q.isascii()
    contains_ok = len(q) >= 3 or ord(q[0]) >= catalog_search.CJK_FROM
    ranked, substring = [], 0
    for rowid, pid, name, pinyin, active in rows:
        n, p = _lowered(name), _lowered(pinyin)
        substring += q in n or q in p
        if not (active or include_inactive):
            continue
        if latin and p.startswith(q):
            tier = 1
        elif n.startswith(q):
            tier = 2
        elif contains_ok and (q in n or (latin and q in p)):
            tier = 3
        else:
            continue
        ranked.append((tier, len(name), rowid, pid))
    return sorted(ranked)[:limit], substring


def generated_queries(rows, rnd: random.Random) -> list[str]:
    queries = ["可乐", "口可乐", "kkl", "kl", "水", "装", "味", "牛肉", "红烧牛", "乐 3", "ml",
               "散装", "散装苹果", "kkkly", "可口可乐原", "Ｋｋ", "QQ", "纯牛奶 2"]
    for length in (1, 2, 3, 4, 5, 6):
        for _ in range(8):
            _, _, name, pinyin, _ = rnd.choice(rows)
            queries.append(pinyin[:length])
            start = rnd.randrange(0, max(1, len(pinyin) - length + 1))
            queries.append(pinyin[start:start + length])
            han = name.split(" ")[0]
            start = rnd.randrange(0, max(1, len(han) - length + 1))
            queries.append(han[start:start + length])
    return [q for q in queries if q and not q.isdigit()]


@pytest.fixture
def generated(till_app):
    """600 products from the benchmark's generator, every seventh inactive, inserted through
    the triggers (as the change feed does, row by row)."""
    rows = generate_catalog(600, seed=3, weighed=40)
    with till_app.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM barcode")
        conn.exec_driver_sql("DELETE FROM product")
        conn.exec_driver_sql(
            "INSERT INTO product (id, sku, name, pinyin, price_fen, unit, active, plu, "
            "is_service) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
            [(i, sku, name, py, price, unit, n % 7 != 3, plu)
             for n, (i, sku, name, py, price, unit, plu, _) in enumerate(rows)])
    conn = sqlite3.connect(till_app.data_dir / "till.sqlite")
    rows = conn.execute("SELECT rowid, id, name, pinyin, active FROM product").fetchall()
    conn.close()
    return till_app, rows


@pytest.mark.parametrize("fts_cap, walk_anyway, stats", [
    (200, 100, True), (200, 100, False), (0, 0, True), (3, 10**9, True)])
def test_ranking_matches_a_python_reference_on_a_generated_catalog(generated, monkeypatch,
                                                                    fts_cap, walk_anyway, stats):
    """Every path (walks, ranges, FTS5 ranked, FTS5 capped then walked; list lengths known or
    not) against the rules."""
    app, rows = generated
    monkeypatch.setattr(catalog_search, "FTS_CAP", fts_cap)
    monkeypatch.setattr(catalog_search, "WALK_ANYWAY", walk_anyway)
    with app.engine.begin() as conn:
        if stats:
            catalog_search.refresh_search_stats(conn)
        else:
            conn.exec_driver_sql("DELETE FROM product_key_stat")
    search_index_is_consistent(app)
    by_id = {pid: (rowid, name, pinyin) for rowid, pid, name, pinyin, _ in rows}
    exact = 0
    with app.uow_factory(readonly=True) as uow:
        search = CatalogSearch(uow.session)
        for query in generated_queries(rows, random.Random(fts_cap)):
            for inactive in (False, True):
                expected, substring = reference(rows, query, include_inactive=inactive)
                got = [p.id for p in search.search(query, include_inactive=inactive)]
                q = normalize_query(query)
                prefix = [e[3] for e in expected if e[0] < 3]
                if q.isascii() and len(q) >= 3 and substring > fts_cap and len(prefix) < 20:
                    # Latin text in more than FTS_CAP products: the prefix tiers exact, then
                    # substring matches (some of them), shorter names first.
                    assert got[:len(prefix)] == prefix, query
                    rest = [by_id[i] for i in got[len(prefix):]]
                    assert all(q in _ascii_lower(n) or q in _ascii_lower(p)
                               for _, n, p in rest), query
                    assert rest == sorted(rest, key=lambda r: (len(r[1]), r[0])), query
                else:
                    assert got == [e[3] for e in expected], (query, inactive)
                    exact += 1
    assert exact > 150


def test_a_rebuild_gives_the_triggers_keys_and_fresh_list_sizes(generated):
    app, _ = generated
    db_path = app.data_dir / "till.sqlite"
    conn = sqlite3.connect(db_path)
    before = set(conn.execute("SELECT * FROM product_key"))
    conn.close()
    with app.engine.begin() as connection:
        catalog_search.rebuild_search_index(connection)
    search_index_is_consistent(app)
    conn = sqlite3.connect(db_path)
    try:
        assert set(conn.execute("SELECT * FROM product_key")) == before
        assert dict(conn.execute("SELECT key, n FROM product_key_stat")) == dict(conn.execute(
            "SELECT key, count(*) FROM product_key WHERE key LIKE 'G%' GROUP BY key"))
    finally:
        conn.close()


def test_product_finder_keeps_one_connection_and_sees_each_change(catalog):
    with ProductFinder(catalog.engine) as finder:
        assert [p.name for p in finder.search("可乐")] == ["可乐", "可口可乐 330ml",
                                                          "百事可乐 330ml"]
        connection = finder._connection
        assert not connection.driver_connection.in_transaction  # no snapshot held between
        add(catalog, 500, "p-new", "可乐罐")  # written while the finder is open
        assert [p.name for p in finder.search("可乐")][:2] == ["可乐", "可乐罐"]
        assert finder._connection is connection
        assert [p.name for p in lookup.search(finder, "kkkl")] == ["可口可乐 330ml"]
        assert [p.name for p in finder.search("可口可乐", include_inactive=True)] == [
            "可口可乐 旧包装", "可口可乐 330ml"]
    assert finder._connection is None


def test_downgrading_the_search_speed_revision_brings_back_0002s_structures(catalog):
    script = ScriptDirectory.from_config(migrate.alembic_config())
    ours = next(r for r in script.walk_revisions() if r.path.endswith("_search_speed.py"))
    config = migrate.alembic_config()
    with catalog.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, ours.down_revision)
    conn = sqlite3.connect(catalog.data_dir / "till.sqlite")
    try:
        grams = set(conn.execute("SELECT gram, name_len, pid FROM product_gram"))
        assert grams == set(conn.execute(
            "SELECT lower(substr(p.name, n, 2)), length(p.name), p.rowid FROM product p, "
            "search_pos WHERE n <= length(p.name) AND unicode(substr(p.name, n, 1)) >= 11904"))
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "product_key" not in tables and "product_key_stat" not in tables
    finally:
        conn.close()
    with catalog.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    search_index_is_consistent(catalog)
    assert names(catalog, "口可乐") == ["可口可乐 330ml"]


def test_the_rebuild_uses_the_same_keys_as_the_migrations_triggers():
    script = ScriptDirectory.from_config(migrate.alembic_config())
    ours = next(r for r in script.walk_revisions() if r.path.endswith("_search_speed.py"))
    assert ours.module.KEY_ARMS == catalog_search.KEY_ARMS
    assert ours.module.CJK_FROM == catalog_search.CJK_FROM
