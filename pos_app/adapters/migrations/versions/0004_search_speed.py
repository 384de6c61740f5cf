"""search speed: product_key, ordered lists of products per search key, replaces product_gram

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 12:00:00

Search structures only (outside the ORM metadata; nothing here touches a mapped table, and
nothing depends on revision 0003, so this revision can sit directly on 0002 as well).

product_key (key, name_len, pid) WITHOUT ROWID: for every search key, the products having it,
in (name length, rowid) order, so "the `limit` shortest names with this key" is one index range
read that stops after `limit` rows (no sorting of thousands of matches). Keys:

- 'P' + the first 2, 3 and 4 pinyin initials          ('Pkk', 'Pkkk', 'Pkkkl' ← 可口可乐)
- 'N' + the first 1, 2, 3 and 4 characters of the name  ('N可', 'N可口', …; ASCII lower-cased)
- 'G' + each character from the second on that is CJK, alone and with the character after it
  ('G口', 'G口可', 'G乐', …): "contains", for names that do not start with the text.

A name shorter than a prefix length simply has fewer keys.

product_key_stat (key, n): how long each 'G' list is, so a search can walk the shortest. Filled
here and by catalog_search.refresh_search_stats(), not by the triggers: a count that is off
costs speed, never a result.

product_gram (migration 0002) is dropped: the 'G' keys and the 'N' keys of one and two
characters cover what it held. The FTS5 table product_fts stays as it is. The triggers of 0002
are replaced by ones that keep product_fts and product_key in sync (same names, so
catalog_search.search_triggers_suspended finds them).
"""
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

CJK_FROM = 0x2E80  # as in 0002: CJK radicals, kana, CJK ideographs and everything above
PREFIX_MAX = 4

# (key, extra FROM, WHERE) of each kind of key of product row {r}. KEY_ARMS select a row's keys
# from {src}: "search_pos" in a trigger ({r} is new / old), "product p, search_pos" for a
# rebuild. Kept identical to pos_app.adapters.catalog_search.KEY_ARMS (a test compares the rows
# both make with a Python reference).
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
KEYS_SQL = " UNION ALL ".join(KEY_ARMS)
# How long each 'G' list is (catalog_search picks the shortest to walk); refreshed on rebuilds
# only, as a count that is off costs speed, never a result.
KEY_STAT_SQL = ("INSERT INTO product_key_stat(key, n) SELECT key, count(*) FROM product_key "
                "WHERE key >= 'G' AND key < 'H' GROUP BY key")

_FTS_INSERT = "INSERT INTO product_fts(rowid, name, pinyin) VALUES (new.rowid, new.name, new.pinyin)"
_FTS_DELETE = ("INSERT INTO product_fts(product_fts, rowid, name, pinyin) "
               "VALUES ('delete', old.rowid, old.name, old.pinyin)")
_KEYS_INSERT = ("INSERT OR IGNORE INTO product_key(key, name_len, pid) "
                + KEYS_SQL.format(r="new", src="search_pos"))
# All keys of a product share its name length and rowid: "key IN (…)" lets SQLite look each up
# in the primary key (a row-value IN over all three columns scanned the whole table).
_KEYS_DELETE = ("DELETE FROM product_key WHERE key IN (" + " UNION ALL ".join(
    f"SELECT {key} FROM search_pos{extra} WHERE {where}" for key, extra, where in _ARMS
).format(r="old") + ") AND name_len = length(old.name) AND pid = old.rowid")

TRIGGERS = [
    "CREATE TRIGGER product_search_ai AFTER INSERT ON product BEGIN "
    f"{_FTS_INSERT}; {_KEYS_INSERT}; END",
    "CREATE TRIGGER product_search_ad AFTER DELETE ON product BEGIN "
    f"{_FTS_DELETE}; {_KEYS_DELETE}; END",
    "CREATE TRIGGER product_search_au AFTER UPDATE OF name, pinyin ON product BEGIN "
    f"{_FTS_DELETE}; {_KEYS_DELETE}; {_FTS_INSERT}; {_KEYS_INSERT}; END",
]
TRIGGER_NAMES = ('product_search_ai', 'product_search_ad', 'product_search_au')

# Migration 0002's gram table and triggers, for downgrade().
_GRAMS_0002 = (
    "SELECT lower(substr({r}.name, n, 2)), length({r}.name), {r}.rowid FROM search_pos "
    "WHERE n <= length({r}.name) AND unicode(substr({r}.name, n, 1)) >= " + str(CJK_FROM)
)
_DDL_0002 = [
    "CREATE TABLE product_gram (gram TEXT NOT NULL, name_len INTEGER NOT NULL, "
    "pid INTEGER NOT NULL, PRIMARY KEY (gram, name_len, pid)) WITHOUT ROWID",
    "CREATE TRIGGER product_search_ai AFTER INSERT ON product BEGIN "
    f"{_FTS_INSERT}; "
    "INSERT OR IGNORE INTO product_gram(gram, name_len, pid) " + _GRAMS_0002.format(r="new") + "; "
    "END",
    "CREATE TRIGGER product_search_ad AFTER DELETE ON product BEGIN "
    f"{_FTS_DELETE}; "
    "DELETE FROM product_gram WHERE (gram, name_len, pid) IN (" + _GRAMS_0002.format(r="old") + "); "
    "END",
    "CREATE TRIGGER product_search_au AFTER UPDATE OF name, pinyin ON product BEGIN "
    f"{_FTS_DELETE}; "
    "DELETE FROM product_gram WHERE (gram, name_len, pid) IN (" + _GRAMS_0002.format(r="old") + "); "
    f"{_FTS_INSERT}; "
    "INSERT OR IGNORE INTO product_gram(gram, name_len, pid) " + _GRAMS_0002.format(r="new") + "; "
    "END",
]


def upgrade() -> None:
    for name in TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS product_gram")
    op.execute("CREATE TABLE product_key (key TEXT NOT NULL, name_len INTEGER NOT NULL, "
               "pid INTEGER NOT NULL, PRIMARY KEY (key, name_len, pid)) WITHOUT ROWID")
    # Index the products already there, in key order ('G' < 'N' < 'P', each arm sorted):
    # appending beats random inserts.
    for arm in KEY_ARMS:
        op.execute("INSERT OR IGNORE INTO product_key(key, name_len, pid) "
                   + arm.format(r="p", src="product p, search_pos") + " ORDER BY 1, 2, 3")
    op.execute("CREATE TABLE product_key_stat (key TEXT PRIMARY KEY, n INTEGER NOT NULL) "
               "WITHOUT ROWID")
    op.execute(KEY_STAT_SQL)
    for statement in TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    for name in TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS product_key_stat")
    op.execute("DROP TABLE IF EXISTS product_key")
    for statement in _DDL_0002:
        op.execute(statement)
    op.execute("INSERT OR IGNORE INTO product_gram(gram, name_len, pid) "
               + _GRAMS_0002.format(r="product").replace("FROM search_pos",
                                                         "FROM product, search_pos"))
