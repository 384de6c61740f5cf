"""The offscreen demo: the window rings a sale by itself and saves screenshots."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pos_app.qt import QImage
from pos_app.ui.demo_driver import autoplay
from tests.gui.helpers import CASHIER, COLA, NOODLES, WATER, query

ROOT = Path(__file__).resolve().parents[2]


def test_autoplay_rings_a_sale_and_saves_screenshots(qtbot, window, till_app, tmp_path):
    finished = []
    run = autoplay(window, *CASHIER, [COLA, f"{WATER}*2", NOODLES], tmp_path / "shots",
                   lambda: finished.append(True))
    qtbot.waitUntil(lambda: bool(finished), timeout=30_000)
    assert run.error is None
    names = [p.name for p in run.screenshots]
    assert names == ["01-login.png", "02-sale.png", "03-cash.png", "04-paid.png"]
    for path in run.screenshots:
        image = QImage(str(path))
        assert not image.isNull() and image.width() >= 1024, path
    sale = window.sale_page.last_sale
    assert sale is not None and sale.total_fen == 300 + 400 + 450
    assert sale.change_fen == 5000 - 1150  # paid with a ¥50 note
    db = till_app.data_dir / "till.sqlite"
    assert query(db, "SELECT receipt_no, status FROM print_job") == [(sale.receipt_no, "printed")]


def test_autoplay_reports_a_failed_login(qtbot, window, tmp_path):
    finished = []
    run = autoplay(window, "1001", "0000", [COLA], tmp_path, lambda: finished.append(True))
    qtbot.waitUntil(lambda: bool(finished), timeout=30_000)
    assert run.error is not None and "工号或密码错误" in str(run.error)


RUN_WINDOW = """
import sys
from pathlib import Path

from pos_app.ui import app as ui
from tests.till_fixtures import open_seeded_till

till_app = open_seeded_till(Path(sys.argv[1]))
ui.demo_barcodes = lambda: ["6901234567892", "6920152400012*2"]
try:
    code = ui.run_window(till_app.till, lang="zh_CN", on_close=lambda: print("closed"),
                         autoplay_dir=Path(sys.argv[2]))
finally:
    till_app.close()
sys.exit(code)
"""


def test_run_window_with_autoplay_exits_when_done(tmp_path):
    """`make demo` without a display: run_window rings a sale by itself and returns 0."""
    shots = tmp_path / "shots"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", RUN_WINDOW, str(tmp_path / "till"),
                             str(shots)], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "closed" in result.stdout
    assert sorted(p.name for p in shots.glob("*.png")) == [
        "01-login.png", "02-sale.png", "03-cash.png", "04-paid.png"]
    sales = query(tmp_path / "till" / "till.sqlite", "SELECT total_fen FROM sale")
    assert sales == [(300 + 900,)]


def test_demo_barcodes_come_from_the_demo_catalog():
    from pos_app.ui.app import demo_barcodes

    codes = demo_barcodes()
    assert len(codes) == 3 and codes[1].endswith("*2")
    assert all(code.split("*")[0].isdigit() for code in codes)
