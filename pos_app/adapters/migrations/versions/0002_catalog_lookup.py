"""catalog lookup: PLU, services, name / pinyin search structures

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 09:00:00

Columns and indexes (mirrored in orm.py): product.plu (unique, nullable), product.is_service;
ix_product_pinyin (pinyin) becomes the covering ix_product_pinyin_search (pinyin, name, active),
and ix_product_name_search (name, active) is new, for prefix search ranked by name length.

Search structures (outside the ORM metadata; pos_app.adapters.catalog_search.SEARCH_OBJECTS lists
them so Alembic's comparison leaves them alone), kept in sync with `product` by triggers:

- product_fts: FTS5, trigram tokenizer, external content over product(name, pinyin): substring
  search for 3+ characters, case-insensitive for Latin.
- product_gram: every 2-character substring of a name that starts with a CJK character (and the
  last character alone), with the name's length, keyed for "ORDER BY name_len": substring search
  for 1–2 Chinese characters, where trigrams cannot help.
- search_pos: the numbers 1..256, so a trigger can cut a name into n-grams without a CTE.

Both refer to products by rowid (product has a text primary key, so this is SQLite's implicit
rowid; VACUUM keeps it in current SQLite, and catalog_search.rebuild_search_index() rebuilds
both structures should it ever not).
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

MAX_NAME_CHARS = 256
CJK_FROM = 0x2E80  # CJK radicals, kana, CJK ideographs and everything above

_GRAMS = (
    "SELECT lower(substr({r}.name, n, 2)), length({r}.name), {r}.rowid FROM search_pos "
    "WHERE n <= length({r}.name) AND unicode(substr({r}.name, n, 1)) >= " + str(CJK_FROM)
)

SEARCH_DDL = [
    "CREATE TABLE search_pos (n INTEGER PRIMARY KEY)",
    "CREATE TABLE product_gram (gram TEXT NOT NULL, name_len INTEGER NOT NULL, "
    "pid INTEGER NOT NULL, PRIMARY KEY (gram, name_len, pid)) WITHOUT ROWID",
    "CREATE VIRTUAL TABLE product_fts USING fts5(name, pinyin, content='product', "
    "content_rowid='rowid', tokenize='trigram case_sensitive 0')",
    "CREATE TRIGGER product_search_ai AFTER INSERT ON product BEGIN "
    "INSERT INTO product_fts(rowid, name, pinyin) VALUES (new.rowid, new.name, new.pinyin); "
    "INSERT OR IGNORE INTO product_gram(gram, name_len, pid) " + _GRAMS.format(r="new") + "; "
    "END",
    "CREATE TRIGGER product_search_ad AFTER DELETE ON product BEGIN "
    "INSERT INTO product_fts(product_fts, rowid, name, pinyin) "
    "VALUES ('delete', old.rowid, old.name, old.pinyin); "
    "DELETE FROM product_gram WHERE (gram, name_len, pid) IN (" + _GRAMS.format(r="old") + "); "
    "END",
    "CREATE TRIGGER product_search_au AFTER UPDATE OF name, pinyin ON product BEGIN "
    "INSERT INTO product_fts(product_fts, rowid, name, pinyin) "
    "VALUES ('delete', old.rowid, old.name, old.pinyin); "
    "DELETE FROM product_gram WHERE (gram, name_len, pid) IN (" + _GRAMS.format(r="old") + "); "
    "INSERT INTO product_fts(rowid, name, pinyin) VALUES (new.rowid, new.name, new.pinyin); "
    "INSERT OR IGNORE INTO product_gram(gram, name_len, pid) " + _GRAMS.format(r="new") + "; "
    "END",
]


def upgrade() -> None:
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plu', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('is_service', sa.Boolean(), server_default=sa.text('0'),
                                      nullable=False))
        batch_op.create_index(batch_op.f('ix_product_plu'), ['plu'], unique=True)
        batch_op.drop_index('ix_product_pinyin')
        batch_op.create_index('ix_product_pinyin_search', ['pinyin', 'name', 'active'],
                              unique=False)
        batch_op.create_index('ix_product_name_search', ['name', 'active'], unique=False)

    for statement in SEARCH_DDL:
        op.execute(statement)
    op.execute("INSERT INTO search_pos(n) VALUES " + ",".join(
        f"({n})" for n in range(1, MAX_NAME_CHARS + 1)))
    # Index the products already there.
    op.execute("INSERT INTO product_fts(product_fts) VALUES ('rebuild')")
    op.execute("INSERT OR IGNORE INTO product_gram(gram, name_len, pid) "
               + _GRAMS.format(r="product").replace("FROM search_pos", "FROM product, search_pos"))


def downgrade() -> None:
    for name in ('product_search_au', 'product_search_ad', 'product_search_ai'):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for name in ('product_fts', 'product_gram', 'search_pos'):
        op.execute(f"DROP TABLE IF EXISTS {name}")
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_index('ix_product_name_search')
        batch_op.drop_index('ix_product_pinyin_search')
        batch_op.create_index('ix_product_pinyin', ['pinyin'], unique=False)
        batch_op.drop_index(batch_op.f('ix_product_plu'))
        batch_op.drop_column('is_service')
        batch_op.drop_column('plu')
