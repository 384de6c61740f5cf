"""Stores, staff, categories and products (HQ is authoritative, DESIGN §8). Every write goes
through here and appends its change-log row in the same transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hq_server.models import Barcode, Category, Product, Staff, Store
from hq_server.services import changelog, members, promotions
from hq_server.services.errors import AlreadyExists, BadInput, NotFound
from pos_app.domain.barcode import is_valid_gtin
from sync.protocol import StorePolicy

DEMO_DIR = Path(__file__).resolve().parents[2] / "resources" / "demo"
DEMO_PRODUCTS = DEMO_DIR / "products.json"
DEMO_PROMOTIONS = DEMO_DIR / "promotions.json"
DEMO_MEMBERS = DEMO_DIR / "members.json"
ROLES = ("cashier", "manager")

_hasher = PasswordHasher()  # argon2id with the library's current defaults


def hash_pin(pin: str) -> str:
    if not (pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 8):
        raise BadInput("a PIN is 4 to 8 digits")
    return _hasher.hash(pin)


def pin_matches(pin_hash: str, pin: str) -> bool:
    try:
        return _hasher.verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False


def store_by_code(session: Session, code: str) -> Store:
    store = session.scalar(select(Store).where(Store.code == code))
    if store is None:
        raise NotFound(f"no store with code {code!r}")
    return store


def check_policy(policy: dict[str, Any] | None) -> dict[str, Any] | None:
    """A store policy as sync.protocol.StorePolicy (defaults filled in), or BadInput."""
    if policy is None:
        return None
    try:
        return StorePolicy.model_validate(policy).model_dump()
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise BadInput(f"store policy: {where}: {first['msg']}") from exc


def upsert_store(session: Session, code: str, name: str, timezone: str = "Asia/Shanghai",
                 receipt_header: str = "", receipt_footer: str = "",
                 policy: dict[str, Any] | None = None) -> tuple[Store, bool]:
    """Create or update a store; returns (store, changed). `policy` (StorePolicy fields; None:
    the tills' defaults) is published with the store."""
    if not code.strip() or not name.strip():
        raise BadInput("a store needs a code and a name")
    store = session.scalar(select(Store).where(Store.code == code))
    values = {"name": name, "timezone": timezone, "receipt_header": receipt_header,
              "receipt_footer": receipt_footer, "policy": check_policy(policy)}
    if store is None:
        store = Store(code=code, **values)
        session.add(store)
    elif all(getattr(store, k) == v for k, v in values.items()):
        return store, False
    else:
        for k, v in values.items():
            setattr(store, k, v)
    session.flush()
    changelog.record_store(session, store)
    return store, True


def upsert_staff(session: Session, *, staff_no: str, name: str, role: str, pin: str,
                 store: Store | None) -> tuple[Staff, bool]:
    if role not in ROLES:
        raise BadInput(f"role must be one of {', '.join(ROLES)}")
    staff = session.scalar(select(Staff).where(Staff.staff_no == staff_no))
    store_id = store.id if store else None
    if staff is None:
        staff = Staff(staff_no=staff_no, name=name, role=role, pin_hash=hash_pin(pin),
                      store_id=store_id, active=True)
        session.add(staff)
    elif (staff.name, staff.role, staff.store_id, staff.active) == (name, role, store_id, True) \
            and pin_matches(staff.pin_hash, pin):
        return staff, False
    else:
        staff.name, staff.role, staff.store_id, staff.active = name, role, store_id, True
        if not pin_matches(staff.pin_hash, pin):
            staff.pin_hash = hash_pin(pin)
    session.flush()
    changelog.record_staff(session, staff)
    return staff, True


def upsert_category(session: Session, code: str, name: str) -> tuple[Category, bool]:
    category = session.scalar(select(Category).where(Category.code == code))
    if category is None:
        category = Category(code=code, name=name)
        session.add(category)
    elif category.name == name:
        return category, False
    else:
        category.name = name
    session.flush()
    changelog.record_category(session, category)
    return category, True


@dataclass(frozen=True, slots=True)
class ProductSpec:
    sku: str
    name: str
    price_fen: int
    barcodes: tuple[str, ...]
    category: Category | None = None
    unit: str = "件"
    active: bool = True


def upsert_product(session: Session, spec: ProductSpec,
                   known: dict[str, Product] | None = None) -> tuple[Product, bool]:
    """Create or update a product by SKU; `known` (sku → Product with barcodes loaded) saves
    the lookup in bulk imports."""
    if spec.price_fen < 0 or not spec.name.strip() or not spec.sku.strip():
        raise BadInput(f"product {spec.sku!r}: needs a name and a price of at least 0 fen")
    for code in spec.barcodes:
        if not is_valid_gtin(code):
            raise BadInput(f"product {spec.sku!r}: {code!r} is not a valid EAN-13/EAN-8/UPC-A")
    if known is not None:
        product = known.get(spec.sku)
    else:
        product = session.scalar(select(Product).options(selectinload(Product.barcodes))
                                 .where(Product.sku == spec.sku))
    category_id = spec.category.id if spec.category else None
    values = {"name": spec.name, "price_fen": spec.price_fen, "unit": spec.unit,
              "active": spec.active, "category_id": category_id}
    wanted = sorted(dict.fromkeys(spec.barcodes))
    if product is None:
        product = Product(sku=spec.sku, **values)
        session.add(product)
    elif all(getattr(product, k) == v for k, v in values.items()) \
            and sorted(b.code for b in product.barcodes) == wanted:
        return product, False
    else:
        for k, v in values.items():
            setattr(product, k, v)
    held = {b.code for b in product.barcodes}
    new_codes = [c for c in wanted if c not in held]
    if new_codes:
        with session.no_autoflush:
            taken = session.scalars(select(Barcode.code).where(Barcode.code.in_(new_codes))).all()
        if taken:
            raise AlreadyExists(f"barcode {taken[0]} already belongs to another product")
    product.barcodes = [b for b in product.barcodes if b.code in wanted] + [
        Barcode(code=c) for c in new_codes]
    session.flush()
    changelog.record_product(session, product)
    return product, True


@dataclass(frozen=True, slots=True)
class SeedResult:
    store_code: str
    changed: int
    products: int
    promotions: int = 0
    member_levels: int = 0
    members: int = 0

    def summary(self) -> str:
        return (f"demo data ready: store {self.store_code}, {self.products} products, "
                f"{self.promotions} promotions, {self.member_levels} member levels, "
                f"{self.members} members ({self.changed} rows created or updated)")


# Cash sales round down to the jiao (抹零); see sync.protocol.StorePolicy.
DEMO_POLICY = {"cash_rounding": "jiao", "returns_without_receipt": "manager", "return_days": 30}
DEMO_STORE = {"code": "S001", "name": "人民路店", "receipt_header": "便利蜂连锁 · 人民路店",
              "receipt_footer": "谢谢惠顾，欢迎再次光临", "policy": DEMO_POLICY}
DEMO_STAFF = (
    {"staff_no": "1001", "name": "张敏", "role": "cashier", "pin": "1234"},
    {"staff_no": "9001", "name": "王强", "role": "manager", "pin": "9999"},
)


def load_demo_catalog(path: Path = DEMO_PRODUCTS) -> dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def seed_demo(session: Session, path: Path = DEMO_PRODUCTS,
              promotions_path: Path = DEMO_PROMOTIONS,
              members_path: Path = DEMO_MEMBERS) -> SeedResult:
    """Idempotent: a second run changes nothing and appends no change-log rows."""
    data = load_demo_catalog(path)
    demo_promotions = promotions.read_file(promotions_path)
    demo_members = members.read_file(members_path)
    changed = 0
    store, c = upsert_store(session, **DEMO_STORE)
    changed += c
    for person in DEMO_STAFF:
        changed += upsert_staff(session, store=store, **person)[1]
    categories: dict[str, Category] = {}
    for cat in data["categories"]:
        categories[cat["code"]], c = upsert_category(session, cat["code"], cat["name"])
        changed += c
    known = {p.sku: p for p in session.scalars(
        select(Product).options(selectinload(Product.barcodes)))}
    for item in data["products"]:
        spec = ProductSpec(sku=item["sku"], name=item["name"], price_fen=item["price_fen"],
                           barcodes=tuple(item["barcodes"]), unit=item.get("unit", "件"),
                           category=categories[item["category"]])
        changed += upsert_product(session, spec, known)[1]
    loaded = promotions.load(session, demo_promotions)
    loaded_members = members.load(session, demo_members)  # after the levels they refer to
    return SeedResult(store_code=store.code,
                      changed=changed + loaded.changed + loaded_members.changed,
                      products=len(data["products"]), promotions=loaded.rules,
                      member_levels=loaded.levels, members=loaded_members.members)
