"""Catalog lookup and search on a real till file through the real migrations and change feed."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command

from pos_app.adapters import migrate
from pos_app.adapters.catalog_search import CatalogSearch, search_triggers_suspended
from pos_app.adapters.db import make_engine
from pos_app.adapters.sync_ports import SqliteChangeSink
from pos_app.domain.barcode import gtin_check_digit
from pos_app.domain.errors import InvalidBarcode
from pos_app.domain.scale_barcode import DEFAULT_SCALE_TEMPLATES
from pos_app.services.lookup import lookup_code
from sync.protocol import Change

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


def search_index_is_consistent(app) -> None:
    conn = sqlite3.connect(app.data_dir / "till.sqlite")
    try:
        conn.execute("INSERT INTO product_fts(product_fts, rank) VALUES ('integrity-check', 1)")
        expected = set(conn.execute(
            "SELECT lower(substr(p.name, n, 2)), length(p.name), p.rowid FROM product p, "
            "search_pos WHERE n <= length(p.name) AND unicode(substr(p.name, n, 1)) >= 11904"))
        assert set(conn.execute("SELECT gram, name_len, pid FROM product_gram")) == expected
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
