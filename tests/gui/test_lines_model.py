"""The sale lines model: Qt's model checks, and quantity edits through the domain."""

from __future__ import annotations

from pos_app.domain.catalog import Product
from pos_app.domain.errors import InvalidQuantity
from pos_app.domain.sale import Sale
from pos_app.qt import QModelIndex, Qt
from pos_app.ui.lines_model import COL_AMOUNT, COL_NAME, COL_QTY, LinesModel

COLA = Product(id="p-1", sku="SKU0001", name="可口可乐 330ml", price_fen=300)
WATER = Product(id="p-2", sku="SKU0002", name="农夫山泉 550ml", price_fen=200)


def model_with_lines() -> LinesModel:
    sale = Sale()
    sale.add(COLA, "6901234567892", 2)
    sale.add(WATER, "6902083881405", 1)
    return LinesModel(sale)


def test_model_passes_qt_model_tester(qtmodeltester):
    model = model_with_lines()
    qtmodeltester.check(model, force_py=True)
    model.change(lambda sale: sale.add(WATER, "6902083881405", 3))
    model.set_quantity(0, "5")
    model.remove_row(0)
    qtmodeltester.check(model, force_py=True)


def test_cells_show_line_number_name_qty_price_and_amount():
    model = model_with_lines()
    row = [model.data(model.index(0, column)) for column in range(5)]
    assert row == ["1", "可口可乐 330ml", "2", "3.00", "6.00"]
    assert model.flags(model.index(0, COL_QTY)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, COL_NAME)) & Qt.ItemFlag.ItemIsEditable
    assert model.rowCount(model.index(0, 0)) == 0


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
