"""Catalog lookup and name / pinyin search on the till's SQLite file (migration 0002).

`CatalogSearch(session)` implements services.lookup.CatalogSearchPort. Ranking of `search`:

    0  exact barcode, PLU or SKU
    1  pinyin initials start with the text        (可口可乐 ← "kk", "kkkl")
    2  name starts with the text                  (可口可乐 ← "可口")
    3  name or pinyin initials contain the text   (可口可乐 ← "可乐", "口可乐", "kl")

ties by shorter name, then name; Latin letters match case-insensitively. Inactive products are
left out unless asked for. Where each tier comes from:

Each tier is one query that returns its best `limit` rows; later tiers run only while fewer
than `limit` products are found:

- pinyin prefix (Latin text only) and name prefix: range scans of the covering indexes
  ix_product_pinyin_search (pinyin, name, active) and ix_product_name_search (name, active), so
  ranking thousands of matches by name length never reads the product table; for 1–2 letters the
  name prefix is tried in every upper / lower case spelling ("QQ星" ← "qq").
- substring, 3+ characters: FTS5 trigram query over name and pinyin (product_fts); the prefix
  tiers are told apart in the same statement, and sorted and cut to `limit` by SQLite.
- substring, 1–2 characters starting with a Chinese character: product_gram (every 2-character
  substring of every name, keyed by gram and name length, so "the shortest names containing
  可乐" is an index range read). 1–2 Latin letters match as prefixes only: as substrings they
  would match most of the catalog.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from pos_app.domain.barcode import is_valid_gtin, lookup_keys
from pos_app.domain.catalog import Product
from pos_app.domain.scale_barcode import normalize_plu

DEFAULT_LIMIT = 20
MAX_LIMIT = 200
MAX_CODE_LENGTH = 32
CJK_FROM = 0x2E80  # must match migration 0002

# Everything migration 0002 creates outside the ORM metadata (the FTS5 table has shadow tables
# product_fts_data, _idx, _docsize, _config). Alembic's comparison must leave them alone.
SEARCH_TABLES = frozenset({"product_fts", "product_gram", "search_pos"})


def include_name(name: str | None, type_: str, parent_names) -> bool:
    """Alembic `include_name` hook: skip the search structures (see env.py and the tests)."""
    if type_ == "table" and name is not None:
        return name not in SEARCH_TABLES and not name.startswith("product_fts_")
    return True


_COLS = "p.id, p.sku, p.name, p.price_fen, p.category_id, p.unit, p.active"
_ACTIVE = " AND p.active"

_BY_BARCODE = (f"SELECT {_COLS} FROM barcode b JOIN product p ON p.id = b.product_id "
               "WHERE b.code = :code")
_BY_PLU = f"SELECT {_COLS} FROM product p WHERE p.plu = :plu"
_BY_SKU = f"SELECT {_COLS} FROM product p WHERE p.sku = :sku"
_IS_SERVICE = "SELECT is_service FROM product WHERE id = :id"

_PINYIN_PREFIX = (f"SELECT {_COLS} FROM product p WHERE p.pinyin >= :lo AND p.pinyin < :hi"
                  "{active} ORDER BY length(p.name), p.name LIMIT :n")
_NAME_PREFIX = (f"SELECT {_COLS} FROM product p WHERE p.name >= :lo AND p.name < :hi"
                "{active} ORDER BY length(p.name), p.name LIMIT :n")
_GRAM = (f"SELECT {_COLS} FROM product_gram g JOIN product p ON p.rowid = g.pid "
         "WHERE g.gram = :gram{active} ORDER BY g.name_len, p.name LIMIT :n")
_GRAM_RANGE = (f"SELECT {_COLS} FROM product_gram g JOIN product p ON p.rowid = g.pid "
               "WHERE g.gram >= :lo AND g.gram < :hi{active} "
               "ORDER BY g.name_len, p.name LIMIT :n")
_FTS = (
    f"SELECT {_COLS}, CASE WHEN substr(p.pinyin, 1, :qlen) = :q THEN 1 "
    "WHEN lower(substr(p.name, 1, :qlen)) = :q THEN 2 ELSE 3 END AS tier "
    "FROM product_fts f JOIN product p ON p.rowid = f.rowid "
    "WHERE product_fts MATCH :match{active} ORDER BY tier, length(p.name), p.name LIMIT :n"
)


def _statements(template: str) -> dict[bool, object]:
    return {True: text(template.format(active="")), False: text(template.format(active=_ACTIVE))}


# Built once: building statements costs more than running them (keyed by include_inactive).
_Q_PINYIN_PREFIX = _statements(_PINYIN_PREFIX)
_Q_NAME_PREFIX = _statements(_NAME_PREFIX)
_Q_GRAM = _statements(_GRAM)
_Q_GRAM_RANGE = _statements(_GRAM_RANGE)
_Q_FTS = _statements(_FTS)
_Q_BY_BARCODE = text(_BY_BARCODE)
_Q_BY_PLU = text(_BY_PLU)
_Q_BY_SKU = text(_BY_SKU)
_Q_IS_SERVICE = text(_IS_SERVICE)


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


def _product(row) -> Product:
    return Product(row.id, row.sku, row.name, row.price_fen, row.category_id, row.unit,
                   bool(row.active))


class CatalogSearch:
    """Lookups for the counter over one Session (use a readonly unit of work's session)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- exact codes ---------------------------------------------------------------------------

    def by_barcode(self, code: str) -> Product | None:
        """The product with exactly this barcode (GTIN or in-store code), active or not."""
        row = self.session.execute(_Q_BY_BARCODE, {"code": code}).first()
        return None if row is None else _product(row)

    def by_plu(self, code: str) -> Product | None:
        """The product with this PLU / scale item number; leading zeros do not matter."""
        plu = normalize_plu(code)
        if not plu:
            return None
        row = self.session.execute(_Q_BY_PLU, {"plu": plu}).first()
        return None if row is None else _product(row)

    def by_sku(self, code: str) -> Product | None:
        """The product with this item code (SKU), as given or upper-cased."""
        code = (code or "").strip()
        for sku in dict.fromkeys((code, code.upper())):
            row = self.session.execute(_Q_BY_SKU, {"sku": sku}).first()
            if row is not None:
                return _product(row)
        return None

    def is_service(self, product_id: str) -> bool:
        """A service (no stock) rather than goods."""
        return bool(self.session.execute(_Q_IS_SERVICE, {"id": product_id}).scalar())

    # -- search ------------------------------------------------------------------------------

    def search(self, query: str, limit: int = DEFAULT_LIMIT,
               include_inactive: bool = False) -> list[Product]:
        """Products matching a name, pinyin initials or code, best first (see module doc)."""
        q = normalize_query(query)
        limit = max(0, min(int(limit), MAX_LIMIT))
        if not q or not limit:
            return []
        found: dict[str, Product] = {}
        for product in self._exact(unicodedata.normalize("NFKC", query or "").strip()):
            if include_inactive or product.active:
                found.setdefault(product.id, product)
        for tier in self._tiers(q, limit, include_inactive):
            if len(found) >= limit:
                break
            for product in tier:
                found.setdefault(product.id, product)
        return list(found.values())[:limit]

    def _exact(self, code: str) -> Iterable[Product]:
        if not code or len(code) > MAX_CODE_LENGTH or any(c.isspace() for c in code):
            return
        keys = lookup_keys(code) if is_valid_gtin(code) else (code,)
        for key in keys:
            product = self.by_barcode(key)
            if product is not None:
                yield product
                break
        for product in (self.by_plu(code), self.by_sku(code)):
            if product is not None:
                yield product

    def _tiers(self, q: str, limit: int, include_inactive: bool) -> Iterable[list[Product]]:
        """Lists of products, best tier first; each list is sorted and at most `limit` long."""
        if q.isascii():
            yield self._rows(_Q_PINYIN_PREFIX[include_inactive],
                             {"lo": q, "hi": _upper_bound(q), "n": limit})
        yield self._name_prefix(_case_spellings(q) if len(q) <= 2 else [q], limit,
                                include_inactive)
        if len(q) >= 3:
            # Every substring match, prefix ones included (they rank first, as above).
            yield self._rows(_Q_FTS[include_inactive], {
                "q": q, "qlen": len(q), "match": _fts_phrase(q), "n": limit})
        elif _is_cjk(q[0]):
            if len(q) == 2:
                yield self._rows(_Q_GRAM[include_inactive], {"gram": q, "n": limit})
            else:
                # The gram table holds each character either as a gram's first character or,
                # at the end of a name, alone: every name containing q has a gram from q on.
                yield self._rows(_Q_GRAM_RANGE[include_inactive],
                                 {"lo": q, "hi": _upper_bound(q), "n": limit})

    def _name_prefix(self, spellings: list[str], limit: int,
                     include_inactive: bool) -> list[Product]:
        found: dict[str, Product] = {}
        for prefix in spellings:
            for product in self._rows(_Q_NAME_PREFIX[include_inactive],
                                      {"lo": prefix, "hi": _upper_bound(prefix), "n": limit}):
                found.setdefault(product.id, product)
        ranked = sorted(found.values(), key=lambda p: (len(p.name), p.name))
        return ranked[:limit]

    def _rows(self, statement, params: dict) -> list[Product]:
        return [_product(row) for row in self.session.execute(statement, params)]


def _case_spellings(q: str) -> list[str]:
    """'ab' → ['ab', 'aB', 'Ab', 'AB']: a name may start 'QQ星' or 'Qq'."""
    choices = [dict.fromkeys((c, c.upper())) for c in q]
    return ["".join(chars) for chars in itertools.product(*choices)]


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
    """Rebuild product_fts and product_gram from the product table (after a bulk load with the
    triggers dropped, or should a VACUUM ever renumber product rowids). Runs in the caller's
    transaction."""
    connection.exec_driver_sql("INSERT INTO product_fts(product_fts) VALUES ('rebuild')")
    connection.exec_driver_sql("DELETE FROM product_gram")
    connection.exec_driver_sql(
        "INSERT OR IGNORE INTO product_gram(gram, name_len, pid) "
        "SELECT lower(substr(p.name, n, 2)), length(p.name), p.rowid FROM product p, search_pos "
        f"WHERE n <= length(p.name) AND unicode(substr(p.name, n, 1)) >= {CJK_FROM} "
        "ORDER BY 1, 2, 3")  # in key order: appending is much faster than random inserts
