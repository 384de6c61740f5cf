"""Look and sizes: large, touch-friendly targets and a calm, high-contrast palette."""

from __future__ import annotations

from pos_app.qt import QFont

BASE_POINT_SIZE = 14
TOUCH_HEIGHT = 56  # px: a fingertip-sized button or field
TABLE_ROW_HEIGHT = 44
WINDOW_SIZE = (1280, 800)
FONT_FAMILIES = ["Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC",
                 "WenQuanYi Micro Hei", "sans-serif"]

STYLESHEET = f"""
QWidget {{ color: #1f2933; }}
QMainWindow, QDialog {{ background: #f5f7fa; }}
QLineEdit, QComboBox {{
    min-height: {TOUCH_HEIGHT - 12}px; padding: 4px 10px; font-size: 18pt;
    border: 2px solid #9aa5b1; border-radius: 6px; background: white;
}}
QLineEdit:focus {{ border-color: #2f80ed; }}
QComboBox QAbstractItemView {{ font-size: 16pt; }}
QPushButton {{
    min-height: {TOUCH_HEIGHT}px; min-width: 96px; padding: 0 16px; font-size: 15pt;
    border: 1px solid #7b8794; border-radius: 8px; background: #e4e7eb;
}}
QPushButton:pressed {{ background: #cbd2d9; }}
QPushButton:disabled {{ color: #9aa5b1; background: #eef0f2; }}
QPushButton[role="primary"] {{ background: #1f9d55; color: white; border-color: #17803f; }}
QPushButton[role="primary"]:pressed {{ background: #17803f; }}
QPushButton[role="danger"] {{ background: #fbe9e9; color: #b42318; border-color: #e8a5a0; }}
QPushButton[role="primary"]:disabled, QPushButton[role="danger"]:disabled {{
    color: #9aa5b1; background: #eef0f2; border-color: #cbd2d9;
}}
QTableView {{
    font-size: 15pt; background: white; alternate-background-color: #f0f4f8;
    selection-background-color: #cfe3ff; selection-color: #1f2933; gridline-color: #d9e2ec;
}}
QListWidget {{ font-size: 15pt; background: white; }}
QListWidget::item {{ padding: 8px 4px; }}
QHeaderView::section {{ font-size: 13pt; padding: 6px; background: #e4e7eb; border: none; }}
QLabel[role="error"] {{ color: #b42318; font-size: 14pt; font-weight: bold; }}
QLabel[role="title"] {{ font-size: 22pt; font-weight: bold; }}
QLabel[role="caption"] {{ font-size: 13pt; color: #52606d; }}
QLabel[role="total"] {{ font-size: 44pt; font-weight: bold; color: #102a43; }}
QLabel[role="change"] {{ font-size: 30pt; font-weight: bold; color: #1f9d55; }}
QLabel[role="figure"] {{ font-size: 16pt; font-weight: bold; }}
QLabel[role="notice"] {{ color: #9a5b00; font-size: 14pt; font-weight: bold; }}
QPushButton:checked {{ background: #cfe3ff; border: 2px solid #2f80ed; }}
QFrame#keys QPushButton {{ font-size: 12pt; min-width: 60px; min-height: 60px; padding: 0 6px; }}
QFrame[role="panel"] {{ background: white; border: 1px solid #d9e2ec; border-radius: 10px; }}
QFrame[role="done"] {{ background: #e3f9e5; border: 2px solid #1f9d55; border-radius: 10px; }}
QFrame[role="warning"] {{ background: #fff4e5; border: 2px solid #f0a030; border-radius: 10px; }}
QStatusBar QLabel {{ font-size: 12pt; padding: 0 8px; }}
QLabel[status="online"] {{ color: #1f9d55; font-weight: bold; }}
QLabel[status="offline"] {{ color: #b42318; font-weight: bold; }}
"""


def app_font() -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSize(BASE_POINT_SIZE)
    return font


def set_role(widget, role: str) -> None:
    """Tag a widget for the stylesheet (`[role="…"]`) and re-apply the style."""
    widget.setProperty("role", role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
