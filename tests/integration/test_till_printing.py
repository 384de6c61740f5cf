"""Receipts through the real devices pipeline: the virtual printer in the till's data dir."""

from __future__ import annotations

import pytest

from pos_app.i18n import load_translator
from pos_app.services.ports import PrinterFailed
from tests.till_fixtures import CASHIER, PRODUCTS


def ring_cash(till, tendered: int):
    staff = till.login(*CASHIER)
    sale = till.new_sale()
    till.scan(sale, PRODUCTS[0][0])
    till.scan(sale, PRODUCTS[2][0])
    return till.complete_cash_sale(staff, sale, tendered)


def receipts_dir(till_app):
    return till_app.data_dir / "receipts"


def test_a_cash_sale_prints_bin_txt_png_and_opens_the_drawer(till_app):
    done = ring_cash(till_app.till, 1000)
    till_app.till.print_job(done.print_job_id)
    folder = receipts_dir(till_app)
    text = (folder / f"{done.print_job_id}.txt").read_text(encoding="utf-8")
    for expected in ("人民路店", "可口可乐 330ml", "康师傅红烧牛肉面", "7.50", "10.00", "2.50",
                     done.receipt_no, "合计", "找零"):
        assert expected in text
    raw = (folder / f"{done.print_job_id}.bin").read_bytes()
    assert "可口可乐".encode("gb18030") in raw and b"\x1c&" in raw  # FS & double-byte mode
    assert (folder / f"{done.print_job_id}.png").read_bytes().startswith(b"\x89PNG")
    assert (folder / "drawer.log").exists()
    assert till_app.till.sync_status().pending_events == 1


def test_paper_out_keeps_the_sale_opens_the_drawer_and_reprints_later(till_app):
    folder = receipts_dir(till_app)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "PAPER_OUT").touch()
    done = ring_cash(till_app.till, 1000)
    with pytest.raises(PrinterFailed) as info:
        till_app.till.print_job(done.print_job_id)
    assert "缺纸" in info.value.message(load_translator("zh_CN"))
    assert not (folder / f"{done.print_job_id}.bin").exists()
    assert (folder / "drawer.log").exists()  # change can still be given
    (folder / "PAPER_OUT").unlink()
    assert till_app.till.retry_unprinted() == 1
    assert (folder / f"{done.print_job_id}.txt").exists()
    copy_id = till_app.till.reprint(done.receipt_no)
    assert "重印" in (folder / f"{copy_id}.txt").read_text(encoding="utf-8")
