"""The real till window, syncing in the background, against a real uvicorn HQ on 127.0.0.1."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pos_app import bootstrap
from pos_app.qt import QApplication
from pos_app.ui.app import build_main_window
from tests.e2e.helpers import pos_till, till_barcodes, till_sales_total
from tests.gui.conftest import OFFSCREEN_NOISE
from tests.gui.helpers import logged_in, pay, scan

ROOT = Path(__file__).resolve().parents[2]


def dashboard_terminal(hq) -> dict:
    with urllib.request.urlopen(f"{hq.url}/api/v1/dashboard", timeout=5) as response:
        (terminal,) = json.load(response)["stores"][0]["terminals"]
    return terminal


@pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
def test_a_sale_rung_in_the_window_reaches_hq_by_itself(hq, till_dir, qtbot):
    app = bootstrap.open_till(till_dir, "zh_CN")
    try:
        bootstrap.start_background_sync(app)
        win = build_main_window(app.till, "zh_CN")
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        win.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is win)  # F-keys need it active
        logged_in(qtbot, win)
        (code, price), = till_barcodes(till_dir, 1)
        scan(qtbot, win, f"{code}*2")
        assert [x.qty for x in win.sale_page.sale.lines] == [2]
        pay(qtbot, win, "100")
        qtbot.waitUntil(lambda: win.sale_page.cash_dialog is None)
        # Pushed right after the sale (debounced), not at the 10 s interval.
        qtbot.waitUntil(lambda: dashboard_terminal(hq)["sales_today_count"] == 1, timeout=8000)
        charged = till_sales_total(till_dir)  # demo promotions may discount at some hours
        assert dashboard_terminal(hq)["sales_today_total_fen"] == charged <= 2 * price
        win.status.refresh()
        qtbot.waitUntil(lambda: "在线" in win.status.online_label.text(), timeout=5000)
        win.close()
    finally:
        app.close()


def _locked(path: Path) -> bool:
    if not path.exists():
        return False
    with open(path, "rb+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(f, fcntl.LOCK_UN)
        return False


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM],
                         ids=["ctrl-c", "system-stop"])
def test_a_second_window_on_the_same_till_refuses_while_commands_still_work(till_dir,
                                                                            stop_signal):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    first = subprocess.Popen([sys.executable, "-m", "pos_app", "--data-dir", str(till_dir)],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    try:
        deadline = time.monotonic() + 30
        while not _locked(till_dir / "window.lock"):
            assert first.poll() is None, first.communicate()[1]
            assert time.monotonic() < deadline, "the first window never started"
            time.sleep(0.1)
        second = subprocess.run([sys.executable, "-m", "pos_app", "--data-dir", str(till_dir)],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode == 2
        assert "already open" in second.stderr
        # A command on the same till still sells while the window is open.
        (code, _price), = till_barcodes(till_dir, 1)
        sold = pos_till(till_dir, "sell", "--staff", "1001", "--pin", "1234", "--item", code,
                        "--pay", "cash")
        assert sold.stdout.strip().splitlines()[-1].endswith("-0001")
    finally:
        first.send_signal(stop_signal)  # the window closes like its close button
        first.communicate(timeout=30)
    assert first.returncode == 0
    assert not _locked(till_dir / "window.lock")
