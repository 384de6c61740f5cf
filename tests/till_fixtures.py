"""A real till on a SQLite file, enrolled and seeded through the real change-apply path."""

from __future__ import annotations

from pathlib import Path

from pos_app import bootstrap
from pos_app.adapters.security import Argon2PinHasher
from pos_app.adapters.sync_ports import SqliteChangeSink
from sync.protocol import Change

STORE_ID = "01900000-0000-7000-8000-000000000001"
TERMINAL_ID = "01900000-0000-7000-8000-0000000000a1"
CASHIER = ("1001", "1234")
MANAGER = ("9001", "9999")

# barcode, name, price in fen
PRODUCTS = [
    ("6901234567892", "可口可乐 330ml", 300),
    ("6902083881405", "农夫山泉 550ml", 200),
    ("6920152400012", "康师傅红烧牛肉面", 450),
    ("6901030000005", "旺旺雪饼 84g", 680),
    ("6930000000011", "蒙牛纯牛奶 250ml", 350),
]
UNKNOWN_BARCODE = "4006381333931"  # valid EAN-13, not in the catalog
BAD_CHECK_DIGIT = "6901234567893"

_pin_hashes: dict[str, str] = {}


def pin_hash(pin: str) -> str:
    # argon2 is deliberately slow; hash each test PIN once per session.
    if pin not in _pin_hashes:
        _pin_hashes[pin] = Argon2PinHasher().hash(pin)
    return _pin_hashes[pin]


def seed_changes() -> list[Change]:
    changes: list[dict] = [
        {"entity": "staff", "key": "s-1001", "data": {
            "id": "s-1001", "staff_no": CASHIER[0], "name": "张敏", "role": "cashier",
            "pin_hash": pin_hash(CASHIER[1]), "active": True}},
        {"entity": "staff", "key": "s-9001", "data": {
            "id": "s-9001", "staff_no": MANAGER[0], "name": "王强", "role": "manager",
            "pin_hash": pin_hash(MANAGER[1]), "active": True}},
        {"entity": "category", "key": "c-1", "data": {"id": "c-1", "code": "01", "name": "饮料"}},
    ]
    for n, (code, name, price) in enumerate(PRODUCTS, start=1):
        changes.append({"entity": "product", "key": f"p-{n}", "data": {
            "id": f"p-{n}", "sku": f"SKU{n:04d}", "name": name, "category_id": "c-1",
            "price_fen": price, "barcodes": [code], "unit": "件", "active": True}})
    return [Change(cursor=i, op="upsert", **c) for i, c in enumerate(changes, start=1)]


def enrol_locally(app: bootstrap.TillApp, hq_url: str = "http://127.0.0.1:9") -> None:
    """Give the till an identity as if HQ had enrolled it (no token: it cannot sync)."""
    with app.uow_factory() as uow:
        uow.settings.put("terminal", {
            "terminal_id": TERMINAL_ID, "terminal_name": "T01", "store_id": STORE_ID,
            "store_code": "S001", "store_name": "人民路店", "hq_url": hq_url,
            "timezone": "Asia/Shanghai", "receipt_header": "", "receipt_footer": "",
        })
        uow.commit()


def open_seeded_till(data_dir: Path, lang: str = "zh_CN") -> bootstrap.TillApp:
    app = bootstrap.open_till(data_dir, lang)
    enrol_locally(app)
    changes = seed_changes()
    SqliteChangeSink(app.uow_factory).apply(changes, changes[-1].cursor)
    return app


# -- extra head-office data some tests send on top of the seed (the seed itself stays as is) ---

DRINKS_PROMOTION = {"id": "promo-drinks-90", "name": "饮料9折", "kind": "time_discount",
                    "rate_bp": 9000, "scope": {"products": ["SKU0001"]}}
MEMBER_PROMOTION = {"id": "promo-member", "name": "会员折扣", "kind": "member_level_discount"}
GOLD_LEVEL = {"code": "GOLD", "name": "金卡", "default_rate_bp": 8800}
SILVER_LEVEL = {"code": "SILVER", "name": "银卡", "default_rate_bp": 9500}


def store_change(**policy) -> dict:
    """The store record with a counter policy (sync.protocol.StorePolicy), e.g.
    cash_rounding="yuan", role_limits={"cashier": {"void_line": False}}."""
    return {"entity": "store", "key": STORE_ID, "data": {
        "id": STORE_ID, "code": "S001", "name": "人民路店", "timezone": "Asia/Shanghai",
        "policy": policy}}


def promotion_change(rule: dict) -> dict:
    return {"entity": "promotion", "key": rule["id"], "data": rule}


def level_change(level: dict) -> dict:
    return {"entity": "member_level", "key": level["code"], "data": level}


def apply_changes(app: bootstrap.TillApp, *changes: dict) -> None:
    """Apply changes as if pulled from head office, after the ones already applied."""
    sink = SqliteChangeSink(app.uow_factory)
    start = sink.cursor() + 1
    batch = [Change(cursor=start + i, op="upsert", **c) for i, c in enumerate(changes)]
    sink.apply(batch, batch[-1].cursor)
    with app.uow_factory(readonly=True) as uow:
        rejected = uow.settings.get("sync.rejected_changes")
    assert not rejected, f"the till set changes aside: {rejected}"


MEMBER_CARD = "0040856634"  # an 8H10D number, as "driver-free" RFID readers type it


def seed_member(app: bootstrap.TillApp, card_no: str = MEMBER_CARD, status: str = "active",
                member_no: str = "M0001") -> None:
    """A GOLD member with a card, sent the way head office sends them (the changes feed)."""
    changes = [
        Change(cursor=900, entity="member_level", key=GOLD_LEVEL["code"], op="upsert",
               data=GOLD_LEVEL),
        Change(cursor=901, entity="member", key=f"m-{member_no}", op="upsert", data={
            "member_id": f"m-{member_no}", "member_no": member_no, "card_no": card_no,
            "name": "李娜", "phone": "13800001234", "level_code": GOLD_LEVEL["code"],
            "status": status}),
    ]
    SqliteChangeSink(app.uow_factory).apply(changes, 901)
