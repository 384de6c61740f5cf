"""Turning what the cashier scanned or typed into a product and a quantity, weight or amount.

`lookup_code` resolves, in order:

1. an in-store scale barcode (prefix 20–29, and one of the store's templates fits): the PLU it
   carries → product; the amount it carries, or price per kg × the weight it carries;
2. a GTIN barcode (EAN-13 / EAN-8 / UPC-A, check digit validated) — most scans are;
3. a PLU / item number typed at the counter (leading zeros do not matter), or an in-store code;
4. the item code (SKU).

`CODE*QTY` sets the quantity of counted goods (not of a weighed label: its weight is fixed).

checkout.scan calls it with the unit of work's `catalog_search` (adapters.catalog_search) and
the store's scale templates (setting `scale_templates`; None → the common Chinese layouts).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, Protocol

from pos_app.domain.barcode import GTIN_LENGTHS, is_valid_gtin, lookup_keys, normalize_scan
from pos_app.domain.catalog import Product
from pos_app.domain.errors import QT_TRANSLATE_NOOP, InvalidBarcode, PosError, UnknownBarcode
from pos_app.domain.money import Fen, check_amount
from pos_app.domain.sale import parse_quantity
from pos_app.domain.scale_barcode import (
    ScaleTemplate,
    UnknownScalePlu,
    format_weight_kg,
    parse_scale_barcode,
    weighed_amount_fen,
)

Source = Literal["scale", "plu", "barcode", "sku"]
MAX_CODE_LENGTH = 32
DEFAULT_SEARCH_LIMIT = 20


class UnknownItemCode(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "No product has the barcode or item code “{code}”.")


class WeighedItemQuantity(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "“{code}” is a scale label: its weight or amount is fixed, it takes no quantity.")


class CatalogSearchPort(Protocol):
    """What lookup needs from the catalog (adapters.catalog_search.CatalogSearch)."""

    def by_barcode(self, code: str) -> Product | None: ...

    def by_plu(self, code: str) -> Product | None: ...

    def by_sku(self, code: str) -> Product | None: ...

    def search(self, query: str, limit: int = DEFAULT_SEARCH_LIMIT) -> list[Product]: ...


@dataclass(frozen=True, slots=True)
class ResolvedItem:
    """A product ready to go on a sale line.

    Counted goods: qty, amount_fen None (price × qty). Scale labels: qty 1, amount_fen is the
    line amount; weight_g is set when the label carries a weight (price is then per kg)."""

    product: Product
    code: str
    source: Source
    qty: int = 1
    weight_g: int | None = None
    amount_fen: Fen | None = None

    @property
    def unit_price_fen(self) -> Fen:
        return self.product.price_fen

    @property
    def is_weighed(self) -> bool:
        return self.weight_g is not None

    @property
    def weight_kg_text(self) -> str | None:
        return None if self.weight_g is None else format_weight_kg(self.weight_g)


def split_code(text: str) -> tuple[str, int | None]:
    """'6901234567892' → (code, None); '6901234567892*3' → (code, 3)."""
    code, star, qty = normalize_scan(text).partition("*")
    return code.strip(), (parse_quantity(qty) if star else None)


def lookup_code(port: CatalogSearchPort, text: str,
                scale_templates: Iterable[ScaleTemplate] = ()) -> ResolvedItem:
    """Resolve a scan or a typed code (see module doc). Raises a PosError for anything unknown,
    inactive or malformed; nothing is changed."""
    code, qty = split_code(text)
    if not code or len(code) > MAX_CODE_LENGTH:
        raise UnknownItemCode(code=code)

    reading = parse_scale_barcode(code, scale_templates)
    if reading is not None:
        if qty is not None:
            raise WeighedItemQuantity(code=code)
        product = _active(port.by_plu(reading.plu))
        if product is None:
            raise UnknownScalePlu(plu=reading.plu, code=code)
        amount = reading.amount_fen
        if amount is None:
            amount = weighed_amount_fen(product.price_fen, reading.weight_g or 0)
        return ResolvedItem(product, code, "scale", 1, reading.weight_g, check_amount(amount))

    qty = qty or 1
    gtin_shaped = code.isascii() and code.isdigit() and len(code) in GTIN_LENGTHS
    if gtin_shaped and is_valid_gtin(code):
        # Most scans are GTINs: look for the barcode first, saving a PLU query per scan.
        for key in lookup_keys(code):
            product = _active(port.by_barcode(key))
            if product is not None:
                return ResolvedItem(product, code, "barcode", qty)

    product = _active(port.by_plu(code))
    if product is not None:
        return ResolvedItem(product, code, "plu", qty)

    if gtin_shaped and not is_valid_gtin(code):
        # A misread: never look it up as a barcode (it could hit another product).
        product = _active(port.by_sku(code))
        if product is not None:
            return ResolvedItem(product, code, "sku", qty)
        raise InvalidBarcode(code=code)
    if not gtin_shaped:  # an in-store code
        product = _active(port.by_barcode(code))
        if product is not None:
            return ResolvedItem(product, code, "barcode", qty)

    product = _active(port.by_sku(code))
    if product is not None:
        return ResolvedItem(product, code, "sku", qty)
    raise UnknownBarcode(code=code) if gtin_shaped else UnknownItemCode(code=code)


def search(port: CatalogSearchPort, text: str,
           limit: int = DEFAULT_SEARCH_LIMIT) -> list[Product]:
    """Name / pinyin initials / code search for the product finder, best first: exact codes,
    then initials starting with the text, names starting with it, names (or, for Latin text,
    initials) containing it; shorter names first within each. A single Latin letter or digit
    finds exact codes only; a single Chinese character is searched.

    The finder dialog searches at every keystroke: give it a port that keeps its connection
    between searches (adapters.catalog_search.ProductFinder) rather than a new unit of work
    per keystroke, which costs more than the search itself."""
    if not (text or "").strip():
        return []
    return [p for p in port.search(text, limit) if p.active]


def _active(product: Product | None) -> Product | None:
    return product if product is not None and product.active else None
