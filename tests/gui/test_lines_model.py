"""The sale lines model: Qt's model checks, quantity edits through the domain, and what a line
shows: weighed goods, the discounts that came off it by name, a price set by hand."""

from __future__ import annotations

from datetime import UTC, datetime

from pos_app.domain.catalog import Product
from pos_app.domain.errors import InvalidQuantity
from pos_app.domain.promotion_rules import parse_rule
from pos_app.domain.sale import Sale
from pos_app.domain.sale_pricing import PricingContext, price_sale
from pos_app.qt import QColor, QFont, QModelIndex, Qt
from pos_app.ui.lines_model import (
    COL_AMOUNT,
    COL_DISCOUNT,
    COL_NAME,
    COL_PRICE,
    COL_QTY,
    COLUMN_COUNT,
    LinesModel,
)

COLA = Product(id="p-1", sku="SKU0001", name="可口可乐 330ml", price_fen=300, category_id="c-1")
WATER = Product(id="p-2", sku="SKU0002", name="农夫山泉 550ml", price_fen=200)
PORK = Product(id="p-9", sku="SKU0009", name="五花肉", price_fen=1280, unit="kg")
DRINKS_90 = parse_rule({"id": "drinks-90", "name": "饮料9折", "kind": "time_discount",
                        "rate_bp": 9000, "scope": {"categories": ["DRINK"]}})


def model_with_lines() -> LinesModel:
    sale = Sale()
    sale.add(COLA, "6901234567892", 2)
    sale.add(WATER, "6902083881405", 1)
    return LinesModel(sale)


def promoted_sale() -> Sale:
    context = PricingContext(rules=(DRINKS_90,), levels={}, store_tz="Asia/Shanghai",
                             category_codes={"c-1": "DRINK"})
    sale = Sale(pricer=lambda s: price_sale(s, context, datetime.now(UTC)))
    sale.add(COLA, "6901234567892", 4)  # 12.00, 饮料9折 −1.20
    sale.add_label(PORK, "2200123011956", 1530, 1195)  # a scale label: 1.195 kg, ¥15.30
    sale.add(WATER, "6902083881405", 1)
    return sale


def row_texts(model: LinesModel, row: int) -> list[str]:
    return [model.data(model.index(row, column)) for column in range(COLUMN_COUNT)]


def test_model_passes_qt_model_tester(qtmodeltester):
    model = model_with_lines()
    qtmodeltester.check(model, force_py=True)
    model.change(lambda sale: sale.add(WATER, "6902083881405", 3))
    model.set_quantity(0, "5")
    model.remove_row(0)
    qtmodeltester.check(model, force_py=True)


def test_model_with_discounts_and_weighed_lines_passes_qt_model_tester(qtmodeltester):
    model = LinesModel(promoted_sale())
    model.change(lambda sale: sale.override_price(3, 150))
    model.change(lambda sale: sale.discount_line(1, 50))
    qtmodeltester.check(model, force_py=True)


def test_cells_show_line_number_name_qty_price_discount_and_amount():
    model = model_with_lines()
    assert row_texts(model, 0) == ["1", "可口可乐 330ml", "2", "3.00", "", "6.00"]
    assert model.flags(model.index(0, COL_QTY)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, COL_NAME)) & Qt.ItemFlag.ItemIsEditable
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.headerData(COL_DISCOUNT, Qt.Orientation.Horizontal) == "Discount"


def test_promotions_and_manual_discounts_are_named_and_the_amount_is_after_them():
    model = LinesModel(promoted_sale())
    assert row_texts(model, 0) == ["1", "可口可乐 330ml", "4", "3.00", "饮料9折 −¥1.20",
                                   "10.80"]
    model.change(lambda sale: sale.discount_line(1, 80))
    assert model.data(model.index(0, COL_DISCOUNT)) == "饮料9折 −¥1.20\nLine discount −¥0.80"
    assert model.data(model.index(0, COL_AMOUNT)) == "10.00"
    assert isinstance(model.data(model.index(0, COL_DISCOUNT), Qt.ItemDataRole.ForegroundRole),
                      QColor)
    # A sale discount is shared over the lines by the pricing but shown once, in the totals.
    model.change(lambda sale: sale.discount_sale(100))
    assert model.data(model.index(0, COL_AMOUNT)) == "10.00"
    assert model.sale.total_fen == 1000 + 1530 + 200 - 100


def test_weighed_line_shows_weight_times_price_per_kg_and_is_not_editable():
    model = LinesModel(promoted_sale())
    assert row_texts(model, 1) == ["2", "五花肉\n1.195 kg × ¥12.80/kg", "1.195 kg", "12.80/kg",
                                   "", "15.30"]
    assert not model.flags(model.index(1, COL_QTY)) & Qt.ItemFlag.ItemIsEditable
    assert "1.195 kg × ¥12.80/kg" in model.data(model.index(1, COL_NAME),
                                                 Qt.ItemDataRole.ToolTipRole)


def test_price_override_is_marked():
    model = LinesModel(promoted_sale())
    model.change(lambda sale: sale.override_price(1, 250))  # no promotion on a hand price
    assert row_texts(model, 0)[3:] == ["2.50", "Price changed (was ¥3.00)", "10.00"]
    font = model.data(model.index(0, COL_PRICE), Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    assert model.data(model.index(1, COL_PRICE), Qt.ItemDataRole.FontRole) is None


def test_quantity_edit_updates_amount_and_totals(qtbot):
    model = model_with_lines()
    with qtbot.waitSignals([model.dataChanged, model.totals_changed]):
        assert model.setData(model.index(1, COL_QTY), "4")
    assert model.data(model.index(1, COL_AMOUNT)) == "8.00"
    assert model.sale.total_fen == 600 + 800


def test_bad_quantity_is_rejected_and_changes_nothing(qtbot):
    model = model_with_lines()
    for bad in ("0", "abc", "-1", "1.5", "10000", ""):
        with qtbot.waitSignal(model.rejected) as blocker:
            assert not model.setData(model.index(0, COL_QTY), bad)
        assert isinstance(blocker.args[0], InvalidQuantity)
        assert model.sale.lines[0].qty == 2
    assert model.sale.total_fen == 800


def test_removing_a_row_and_invalid_indexes():
    model = model_with_lines()
    assert model.remove_row(0)
    assert [x.product.name for x in model.sale.lines] == ["农夫山泉 550ml"]
    assert not model.remove_row(5)
    assert not model.setData(QModelIndex(), "3")
    assert model.data(model.index(9, 0)) is None
