"""Catalog lookup and name / pinyin search on the till's SQLite file (migrations 0002 and 0004).

`CatalogSearch(session)` implements services.lookup.CatalogSearchPort inside a unit of work (what
checkout.scan uses). `ProductFinder(engine)` runs the same search for the product finder dialog,
which searches again at every keystroke: it keeps one pooled connection for the dialog's life and
runs each search in its own short read transaction (opening a unit of work costs more than a
whole search). Both send their statements straight to the DBAPI connection.

Ranking of `search`:

    0  exact barcode, PLU or SKU
    1  pinyin initials start with the text        (可口可乐 ← "kk", "kkkl")
    2  name starts with the text                  (可口可乐 ← "可", "可口")
    3  name contains the text, or (Latin text) the pinyin initials do
                                                  (可口可乐 ← "口", "可乐", "口可乐"; "kkl")

within a tier, shorter names first, ties in catalog order (the product's rowid: the order in
which products reached this till). Latin letters match case-insensitively. Inactive products
are left out unless asked for. Minimum lengths: a single Latin letter or digit matches exact
codes only (as initials it would match a tenth of the catalog); a single Chinese character is
searched. Text of 1–2 characters starting with a Latin letter matches as a prefix only (as a
substring it would match most of the catalog).

How, so that a search reads about `limit` index rows instead of ranking all its matches:

- product_key (migration 0004) holds, for every key, its products in (name length, rowid) order:
  'P' + the first 2–4 pinyin initials, 'N' + the first 1–4 characters of the name, 'G' + each
  Chinese character from the name's second character on, alone and with the character after
  it. A "walk" reads one list in that order, joins each row to product and stops after `limit`
  rows that pass its filter. Tiers 1 and 2 for text of up to 4 characters, and tier 3 for 1–2
  characters starting with a Chinese character, are each the first `limit` rows of one list.
- Tiers 1 and 2 for 5+ characters: few products share 5 characters, so their matches are read
  from the covering indexes ix_product_pinyin_search / ix_product_name_search and sorted there
  (Latin names: the 4-character 'N' list, walked with a case-insensitive prefix filter).
- Tier 3 for 3+ characters containing a Chinese character: every matching name has all of the
  text's 'G' keys; the shortest list (by product_key_stat) is walked, the others are probed in
  the index before a product row is read, the name is checked last. When that list is long (or
  its length unknown) and FTS5 (trigram, product_fts) finds at most FTS_CAP matches, those are
  ranked instead. Exact either way.
- Tier 3 for 3+ Latin characters: FTS5, at most FTS_CAP + 1 matches, ranked. Exact when there
  are no more; otherwise the best of the first FTS_CAP + 1 that FTS5 returns (in rowid order).
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from pos_app.domain.barcode import is_valid_gtin, lookup_keys
from pos_app.domain.catalog import Product
from pos_app.domain.scale_barcode import normalize_plu

DEFAULT_LIMIT = 20
MAX_LIMIT = 200
MAX_CODE_LENGTH = 32
CJK_FROM = 0x2E80  # must match migrations 0002 and 0004
PREFIX_MAX = 4  # longest 'P' / 'N' key (migration 0004)
FTS_CAP = 200  # substring matches ranked in full (FTS5); past it, lists are walked instead
WALK_ANYWAY = 100  # a 'G' list this short is walked without asking FTS5 first
MAX_PROBES = 3  # further 'G' keys probed per walked row

# Everything the migrations create outside the ORM metadata (the FTS5 table has shadow tables
# product_fts_data, _idx, _docsize, _config; product_gram is 0002's, replaced in 0004).
# Alembic's comparison must leave them alone.
SEARCH_TABLES = frozenset({"product_fts", "product_key", "product_key_stat", "product_gram",
                           "search_pos"})

# The search keys of product row {r} selected from {src}: a copy of migration 0004's KEY_ARMS
# (frozen there, where the triggers use them), used by rebuild_search_index(). A test checks
# that the migration and this module agree; others compare the rows with a Python reference.
_ARMS = (
    ("'G' || lower(substr({r}.name, n, w.k))", ", (SELECT 1 AS k UNION ALL SELECT 2) w",
     "n >= 2 AND n <= length({r}.name) AND unicode(substr({r}.name, n, 1)) >= " + str(CJK_FROM)),
    ("'N' || lower(substr({r}.name, 1, n))", "",
     "n <= " + str(PREFIX_MAX) + " AND n <= length({r}.name)"),
    ("'P' || lower(substr({r}.pinyin, 1, n))", "",
     "n BETWEEN 2 AND " + str(PREFIX_MAX) + " AND n <= length({r}.pinyin)"),
)
KEY_ARMS = tuple(f"SELECT {key}, length({{r}}.name), {{r}}.rowid FROM {{src}}{extra} WHERE {where}"
                 for key, extra, where in _ARMS)
# How long each 'G' list is, to pick the shortest to walk. Not kept up by the triggers: filled
# by migration 0004 and refresh_search_stats(). A count that is off costs speed, never a result;
# a key without one is taken as long (the search then asks FTS5 first).
KEY_STAT_SQL = ("INSERT INTO product_key_stat(key, n) SELECT key, count(*) FROM product_key "
                "WHERE key >= 'G' AND key < 'H' GROUP BY key")


def include_name(name: str | None, type_: str, parent_names) -> bool:
    """Alembic `include_name` hook: skip the search structures (see env.py and the tests)."""
    if type_ == "table" and name is not None:
        return name not in SEARCH_TABLES and not name.startswith("product_fts_")
    return True


_COLS = "p.id, p.sku, p.name, p.price_fen, p.category_id, p.unit, p.active"
_ACTIVE = " AND p.active"

_BY_BARCODE = (f"SELECT {_COLS} FROM barcode b JOIN product p ON p.id = b.product_id "
               "WHERE b.code = ?")
_BY_PLU = f"SELECT {_COLS} FROM product p WHERE p.plu = ?"
_BY_SKU = f"SELECT {_COLS} FROM product p WHERE p.sku = ?"
_IS_SERVICE = "SELECT is_service FROM product WHERE id = ?"

# A walk: one product_key list in its own order, joined to product row by row, stopping after
# :n rows that pass (CROSS JOIN keeps product_key the outer loop: nothing is sorted).
_WALK = (f"SELECT {_COLS} FROM product_key k CROSS JOIN product p "
         "WHERE k.key = :key {probes}AND p.rowid = k.pid{filter}{active} "
         "ORDER BY k.name_len, k.pid LIMIT :n")
# Another key the row must have: an index-only probe, made before the product row is read.
_PROBE = ("AND EXISTS (SELECT 1 FROM product_key WHERE key = :probe{i} "
          "AND name_len = k.name_len AND pid = k.pid) ")
# LIKE folds ASCII case only, as lower() does on the keys' side.
_ALL = ""
_NAME_STARTS = r" AND p.name LIKE :starts ESCAPE '\'"
_NAME_CONTAINS = r" AND p.name LIKE :contains ESCAPE '\'"

# Prefix matches of 5+ characters, few: read and sorted in a covering index, then joined.
_RANGE = (f"SELECT {_COLS} FROM (SELECT rowid AS r, length(name) AS len FROM product "
          "WHERE {column} >= :lo AND {column} < :hi{active} ORDER BY len, r LIMIT :n) t "
          "CROSS JOIN product p WHERE p.rowid = t.r ORDER BY t.len, t.r")
# FTS5 substring matches: counted up to :cap, or at most :cap of them (rowid order) ranked.
_FTS_COUNT = ("SELECT count(*) FROM (SELECT 1 FROM product_fts WHERE product_fts MATCH :match "
              "LIMIT :cap)")
_FTS_RANKED = (f"SELECT {_COLS} FROM product p WHERE p.rowid IN (SELECT rowid FROM product_fts "
               "WHERE product_fts MATCH :match LIMIT :cap){active} "
               "ORDER BY length(p.name), p.rowid LIMIT :n")
_KEY_SIZES = "SELECT key, n FROM product_key_stat WHERE key IN ({marks})"
_UNKNOWN = float("inf")  # a key missing from product_key_stat: counted before it existed


def _active_variants(template: str, active: str = _ACTIVE, **fields: str) -> dict[bool, str]:
    """The statement text keyed by include_inactive (the driver caches prepared statements)."""
    return {True: template.format(active="", **fields),
            False: template.format(active=active, **fields)}


_Q_WALK = {(f, probes): _active_variants(_WALK, filter=f, probes="".join(
    _PROBE.format(i=i) for i in range(probes)))
    for f in (_ALL, _NAME_STARTS, _NAME_CONTAINS) for probes in range(MAX_PROBES + 1)}
_Q_RANGE = {c: _active_variants(_RANGE, " AND active", column=c) for c in ("pinyin", "name")}
_Q_FTS_RANKED = _active_variants(_FTS_RANKED)


def normalize_query(raw: str) -> str:
    """NFKC (full-width Ｋ１ → K1), trimmed, inner whitespace to one space, Latin lower-cased.

    Only ASCII is lower-cased, as SQLite's lower() does on the stored side."""
    folded = " ".join(unicodedata.normalize("NFKC", raw or "").split())
    return "".join(c.lower() if c.isascii() else c for c in folded)


def _upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with prefix (BINARY collation)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _is_cjk(char: str) -> bool:
    return ord(char) >= CJK_FROM


def _fts_phrase(query: str) -> str:
    return '"' + query.replace('"', '""') + '"'


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _product(row) -> Product:
    return Product(row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]))


def _one(db: sqlite3.Connection, sql: str, param: str) -> Product | None:
    row = db.execute(sql, (param,)).fetchone()
    return None if row is None else _product(row)


# -- exact codes -----------------------------------------------------------------------------

def _by_barcode(db: sqlite3.Connection, code: str) -> Product | None:
    return _one(db, _BY_BARCODE, code)


def _by_plu(db: sqlite3.Connection, code: str) -> Product | None:
    plu = normalize_plu(code)
    return _one(db, _BY_PLU, plu) if plu else None


def _by_sku(db: sqlite3.Connection, code: str) -> Product | None:
    code = (code or "").strip()
    for sku in dict.fromkeys((code, code.upper())):
        product = _one(db, _BY_SKU, sku)
        if product is not None:
            return product
    return None


def _exact(db: sqlite3.Connection, code: str) -> Iterable[Product]:
    if not code or len(code) > MAX_CODE_LENGTH or any(c.isspace() for c in code):
        return
    keys = lookup_keys(code) if is_valid_gtin(code) else (code,)
    for key in keys:
        product = _by_barcode(db, key)
        if product is not None:
            yield product
            break
    for product in (_by_plu(db, code), _by_sku(db, code)):
        if product is not None:
            yield product


# -- search ----------------------------------------------------------------------------------

def _search(db: sqlite3.Connection, query: str, limit: int,
            include_inactive: bool) -> list[Product]:
    q = normalize_query(query)
    limit = max(0, min(int(limit), MAX_LIMIT))
    if not q or not limit:
        return []
    found: dict[str, Product] = {}
    for product in _exact(db, unicodedata.normalize("NFKC", query or "").strip()):
        if include_inactive or product.active:
            found.setdefault(product.id, product)
    if len(q) == 1 and not _is_cjk(q):
        return list(found.values())[:limit]  # one Latin letter or digit: exact codes only
    if len(found) < limit:
        for tier in _Tiers(db, q, limit, include_inactive):
            for product in tier:
                found.setdefault(product.id, product)
            if len(found) >= limit:
                break  # before the next tier is read
    return list(found.values())[:limit]


class _Tiers:
    """Lists of products, best tier first, each sorted and at most `limit` long. A list is only
    read when the caller asks for the next one (the search stops once it has `limit`).

    Each tier list may repeat products of an earlier tier (the caller keeps the first): e.g.
    the substring matches ranked by length include prefix matches. Because every earlier-tier
    match was already found in full (else the search would have stopped), the first `limit`
    of a list still hold the best of its own tier."""

    def __init__(self, db: sqlite3.Connection, q: str, limit: int,
                 include_inactive: bool) -> None:
        self.db, self.q, self.limit, self.inactive = db, q, limit, include_inactive
        escaped = _like_escaped(q)
        self.params = {"n": limit, "starts": escaped + "%", "contains": "%" + escaped + "%",
                       "lo": q, "hi": _upper_bound(q)}

    def __iter__(self) -> Iterator[list[Product]]:
        q = self.q
        if len(q) <= PREFIX_MAX:
            if q.isascii():
                yield self._walk("P" + q)
            yield self._walk("N" + q)
        else:
            if q.isascii():
                yield self._range("pinyin")
            if any(c.isascii() and c.isalpha() for c in q):  # case-insensitive: not a range
                yield self._walk("N" + q[:PREFIX_MAX], _NAME_STARTS)
            else:
                yield self._range("name")
        if len(q) >= 3:
            yield self._contains()
        elif _is_cjk(q[0]):
            yield self._walk("G" + q)

    def _walk(self, key: str, filter_: str = _ALL, probes: tuple[str, ...] = ()) -> list[Product]:
        params = {"key": key, **self.params, **{f"probe{i}": k for i, k in enumerate(probes)}}
        rows = self.db.execute(_Q_WALK[filter_, len(probes)][self.inactive], params)
        return [_product(row) for row in rows]

    def _range(self, column: str) -> list[Product]:
        rows = self.db.execute(_Q_RANGE[column][self.inactive], self.params)
        return [_product(row) for row in rows]

    def _contains(self) -> list[Product]:
        """Tier 3 for 3+ characters (see module doc)."""
        q = self.q
        # A name containing q from its second character on has, from its second character
        # on, each of q's pairs starting with a Chinese character (q's last character alone
        # if that is Chinese): all are 'G' keys of the name. Names starting with q are tier 2.
        keys = list(dict.fromkeys("G" + q[i:i + 2] for i in range(len(q)) if _is_cjk(q[i])))
        match = _fts_phrase(q)
        if not keys:
            return self._fts_ranked(match)  # Latin
        sizes = dict(self.db.execute(_KEY_SIZES.format(marks=",".join("?" * len(keys))), keys))
        keys.sort(key=lambda k: sizes.get(k, _UNKNOWN))  # stable: unknown ones keep q's order
        if sizes.get(keys[0], _UNKNOWN) > WALK_ANYWAY:
            count = self.db.execute(_FTS_COUNT, {"match": match, "cap": FTS_CAP + 1}).fetchone()
            if count[0] <= FTS_CAP:
                return self._fts_ranked(match)
        return self._walk(keys[0], _NAME_CONTAINS, tuple(keys[1:1 + MAX_PROBES]))

    def _fts_ranked(self, match: str) -> list[Product]:
        rows = self.db.execute(_Q_FTS_RANKED[self.inactive], {
            "match": match, "cap": FTS_CAP + 1, "n": self.limit})
        return [_product(row) for row in rows]


# -- ports -----------------------------------------------------------------------------------

class CatalogSearch:
    """Lookups for the counter over one Session (use a readonly unit of work's session).

    Statements go straight to the session's DBAPI connection, inside its transaction: a scan
    or a search is a handful of indexed reads, cheaper than SQLAlchemy's statement handling."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _db(self) -> sqlite3.Connection:
        return self.session.connection().connection.driver_connection

    def by_barcode(self, code: str) -> Product | None:
        """The product with exactly this barcode (GTIN or in-store code), active or not."""
        return _by_barcode(self._db(), code)

    def by_plu(self, code: str) -> Product | None:
        """The product with this PLU / scale item number; leading zeros do not matter."""
        return _by_plu(self._db(), code)

    def by_sku(self, code: str) -> Product | None:
        """The product with this item code (SKU), as given or upper-cased."""
        return _by_sku(self._db(), code)

    def is_service(self, product_id: str) -> bool:
        """A service (no stock) rather than goods."""
        row = self._db().execute(_IS_SERVICE, (product_id,)).fetchone()
        return row is not None and bool(row[0])

    def search(self, query: str, limit: int = DEFAULT_LIMIT,
               include_inactive: bool = False) -> list[Product]:
        """Products matching a name, pinyin initials or code, best first (see module doc)."""
        return _search(self._db(), query, limit, include_inactive)


class _KeptConnection:
    """One connection from the engine's pool, taken at first use and kept until close(); each
    use runs in its own read transaction, so it sees the latest catalog and holds no WAL
    snapshot in between. One thread at a time, like a Session."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection = None

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        if self._connection is None:
            self._connection = self._engine.raw_connection()
        db = self._connection.driver_connection
        db.execute("BEGIN")
        try:
            yield db
        finally:
            db.rollback()  # read only: just ends the transaction

    def close(self) -> None:
        """Give the connection back to the pool (a later use takes one again)."""
        if self._connection is not None:
            connection, self._connection = self._connection, None
            connection.close()


class ProductFinder(_KeptConnection):
    """`search` for a finder dialog that searches as the cashier types: a CatalogSearchPort for
    services.lookup.search (the by_* lookups stay with CatalogSearch in a unit of work)."""

    def search(self, query: str, limit: int = DEFAULT_LIMIT,
               include_inactive: bool = False) -> list[Product]:
        with self._read() as db:
            return _search(db, query, limit, include_inactive)

    def __enter__(self) -> ProductFinder:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


# -- bulk loads --------------------------------------------------------------------------------

@contextmanager
def search_triggers_suspended(connection: Connection) -> Iterator[None]:
    """Bulk-load products (a new till's snapshot, a benchmark) without per-row index upkeep:
    drops the search triggers, runs the block, rebuilds the indexes and restores the triggers,
    all in the caller's transaction (SQLite DDL is transactional)."""
    triggers = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'product' "
        "AND name LIKE 'product_search_%'").all()
    for name, _ in triggers:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    yield
    rebuild_search_index(connection)
    for _, sql in triggers:
        connection.exec_driver_sql(sql)


def rebuild_search_index(connection: Connection) -> None:
    """Rebuild product_fts, product_key and product_key_stat from the product table (after a
    bulk load with the triggers dropped, or should a VACUUM ever renumber product rowids). Runs
    in the caller's transaction."""
    connection.exec_driver_sql("INSERT INTO product_fts(product_fts) VALUES ('rebuild')")
    connection.exec_driver_sql("DELETE FROM product_key")
    for arm in KEY_ARMS:  # in key order ('G' < 'N' < 'P', each arm sorted): appending is
        connection.exec_driver_sql(  # much faster than inserting at random places
            "INSERT OR IGNORE INTO product_key(key, name_len, pid) "
            + arm.format(r="p", src="product p, search_pos") + " ORDER BY 1, 2, 3")
    refresh_search_stats(connection)


def refresh_search_stats(connection: Connection) -> None:
    """Recount product_key_stat (about a second for 200k products): after a bulk load (done by
    rebuild_search_index), or once many products have come through the change feed (its
    triggers do not keep the counts). Runs in the caller's transaction."""
    connection.exec_driver_sql("DELETE FROM product_key_stat")
    connection.exec_driver_sql(KEY_STAT_SQL)


class CounterReader(_KeptConnection):
    """services.ports.ScanReader: the reads of one scan (the store's scale templates and the
    product lookups) on one kept connection, in their own short read transaction — no Session,
    no unit of work, which is most of a scan's cost otherwise (DESIGN §11: barcode → priced
    line). Used from one thread: the window's UI thread, or a command."""

    @contextmanager
    def read(self) -> Iterator[_CounterView]:
        with self._read() as db:
            yield _CounterView(db)


class _CounterView:
    """lookup.CatalogSearchPort plus the one setting a scan needs, on a raw connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def setting(self, key: str):
        row = self._db.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def by_barcode(self, code: str) -> Product | None:
        return _by_barcode(self._db, code)

    def by_plu(self, code: str) -> Product | None:
        return _by_plu(self._db, code)

    def by_sku(self, code: str) -> Product | None:
        return _by_sku(self._db, code)

    def search(self, query: str, limit: int = DEFAULT_LIMIT,
               include_inactive: bool = False) -> list[Product]:
        return _search(self._db, query, limit, include_inactive)
