"""GUI fixtures: the real till window on a real SQLite till (the `till` fixture), offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from pos_app.i18n_build import TRANSLATED_LANGS, release_if_stale
from pos_app.ui.app import build_main_window
from pos_app.ui.main_window import MainWindow


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """The window loads .qm files; build them if the .ts changed (as `make test` does)."""
    for lang in TRANSLATED_LANGS:
        release_if_stale(lang)


@pytest.fixture
def window(qtbot, till) -> MainWindow:
    win = build_main_window(till, "zh_CN")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    yield win
    win.close()

# The offscreen platform cannot pass a dialog's size limits to a window manager and says so
# with a warning whenever a shown dialog's layout settles; that is a property of the test
# platform, not of the window, so only that one message is allowed.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.parent.name == "gui":
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))
