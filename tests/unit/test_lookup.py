"""services.lookup over a fake catalog port: scale label → PLU → GTIN → SKU."""

from __future__ import annotations

import pytest

from pos_app.domain.barcode import gtin_check_digit
from pos_app.domain.catalog import Product
from pos_app.domain.errors import InvalidBarcode, InvalidQuantity, UnknownBarcode
from pos_app.domain.scale_barcode import DEFAULT_SCALE_TEMPLATES, UnknownScalePlu, normalize_plu
from pos_app.services.lookup import (
    UnknownItemCode,
    WeighedItemQuantity,
    lookup_code,
    search,
)

APPLES = Product("p-apple", "SKU-APPLE", "散装苹果", 1598, unit="kg")
COLA = Product("p-cola", "SKU-COLA", "可口可乐 330ml", 300)
OLD = Product("p-old", "SKU-OLD", "停售商品", 100, active=False)
UPC = Product("p-upc", "SKU-UPC", "进口薯片", 1200)


class FakeCatalog:
    def __init__(self) -> None:
        self.barcodes = {"6901234567892": COLA, "4006381333931": OLD, "0012345678905": UPC}
        self.plus = {"123": APPLES, "9": OLD}
        self.skus = {p.sku: p for p in (APPLES, COLA, OLD, UPC)}

    def by_barcode(self, code):
        return self.barcodes.get(code)

    def by_plu(self, code):
        return self.plus.get(normalize_plu(code))

    def by_sku(self, code):
        return self.skus.get(code)

    def search(self, query, limit=20):
        return [p for p in (COLA, OLD) if query in p.name][:limit]


def label(body: str) -> str:
    return body + str(gtin_check_digit(body))


def test_scale_label_with_amount():
    item = lookup_code(FakeCatalog(), label("220012301234"), DEFAULT_SCALE_TEMPLATES)
    assert (item.product, item.source, item.amount_fen, item.weight_g) == (
        APPLES, "scale", 1234, None)


def test_scale_label_with_weight_prices_by_the_kg():
    weight = {"prefix": "23", "layout": "FFPPPPPWWWWWC"}
    from pos_app.domain.scale_barcode import templates_from_config

    item = lookup_code(FakeCatalog(), label("230012300456"), templates_from_config([weight]))
    assert item.weight_g == 456 and item.amount_fen == 729  # 15.98 × 0.456 = 7.28688
    assert item.is_weighed and item.weight_kg_text == "0.456" and item.unit_price_fen == 1598


def test_scale_label_errors():
    port = FakeCatalog()
    with pytest.raises(UnknownScalePlu):
        lookup_code(port, label("220077701234"), DEFAULT_SCALE_TEMPLATES)
    with pytest.raises(UnknownScalePlu):  # inactive
        lookup_code(port, label("220000901234"), DEFAULT_SCALE_TEMPLATES)
    with pytest.raises(WeighedItemQuantity):
        lookup_code(port, label("220012301234") + "*2", DEFAULT_SCALE_TEMPLATES)


def test_prefix_2x_without_template_falls_through_to_plu_and_barcode():
    item = lookup_code(FakeCatalog(), "00123", ())
    assert item.source == "plu" and item.product is APPLES and item.amount_fen is None


def test_plu_then_gtin_then_sku_with_quantity():
    port = FakeCatalog()
    assert lookup_code(port, "123*3").qty == 3
    cola = lookup_code(port, " 6901234567892*2\r\n")
    assert (cola.product, cola.source, cola.qty, cola.code) == (COLA, "barcode", 2, "6901234567892")
    assert lookup_code(port, "012345678905").product is UPC  # UPC-A stored as EAN-13
    assert lookup_code(port, "SKU-COLA").source == "sku"


def test_bad_and_unknown_codes():
    port = FakeCatalog()
    with pytest.raises(InvalidBarcode):
        lookup_code(port, "6901234567893")
    with pytest.raises(UnknownBarcode):
        lookup_code(port, "4006381333931")  # inactive
    with pytest.raises(UnknownItemCode):
        lookup_code(port, "NOPE")
    with pytest.raises(UnknownItemCode):
        lookup_code(port, "   ")
    with pytest.raises(InvalidQuantity):
        lookup_code(port, "6901234567892*0")


def test_search_leaves_out_inactive_and_blank():
    assert search(FakeCatalog(), "商品") == []
    assert search(FakeCatalog(), "可乐") == [COLA]
    assert search(FakeCatalog(), "  ") == []
