"""Translations: every marked string has Chinese, and the Qt-free translator reads them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pos_app import i18n, i18n_build
from pos_app.domain.errors import InsufficientTender, UnknownBarcode

ROOT = Path(__file__).resolve().parents[2]


def test_every_string_has_a_chinese_translation():
    result = subprocess.run([sys.executable, "-m", "pos_app.i18n_build", "--check"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_extraction_finds_strings_in_domain_services_and_ui():
    found = {(m.context, m.source) for m in i18n_build.extract()}
    assert ("errors", "Wrong staff number or PIN.") in found  # domain/errors.py
    assert ("receipt", "*** REPRINT ***") in found  # services/receipts.py
    assert ("errors", "No receipt “{receipt_no}” on this till.") in found  # services/printing.py
    assert ("SalePage", "Pay (F12)") in found  # ui, self.tr()
    assert ("errors", "Something went wrong and nothing was changed. Please try again or call "
            "the store manager.") in found  # ui, QCoreApplication.translate


def test_check_reports_missing_and_broken_translations(tmp_path, monkeypatch):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "mod.py").write_text(
        'QT_TRANSLATE_NOOP("errors", "Wrong staff number or PIN.")\n'
        'QT_TRANSLATE_NOOP("errors", "Brand new {thing}.")\n', encoding="utf-8")
    resources = tmp_path / "resources" / "i18n"
    resources.mkdir(parents=True)
    (resources / "pos_zh_CN.ts").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" '
        'language="zh_CN"><context><name>errors</name>'
        '<message><source>Wrong staff number or PIN.</source>'
        '<translation>工号或密码错误。</translation></message>'
        '<message><source>Brand new {thing}.</source>'
        '<translation>全新的 {东西}。</translation></message>'
        '</context></TS>\n', encoding="utf-8")
    monkeypatch.setenv("POS_RESOURCES", str(tmp_path / "resources"))
    problems = i18n_build.problems("zh_CN", package)
    assert len(problems) == 1 and "placeholders differ" in problems[0]
    (package / "more.py").write_text('QT_TRANSLATE_NOOP("errors", "Untranslated.")\n',
                                     encoding="utf-8")
    problems = i18n_build.problems("zh_CN", package)
    assert any("'Untranslated.': not in pos_zh_CN.ts" in p for p in problems)


def test_load_translator_reads_the_ts_without_qt():
    zh = i18n.load_translator("zh_CN")
    labels = {text: zh("receipt", text) for text in (
        "Receipt", "Time", "Cashier", "Total", "Items", "Cash", "Change",
        "Thank you, please come again", "*** REPRINT ***")}
    assert labels == {
        "Receipt": "小票号", "Time": "时间", "Cashier": "收银员", "Total": "合计",
        "Items": "件数", "Cash": "现金", "Change": "找零",
        "Thank you, please come again": "谢谢惠顾，欢迎再次光临",
        "*** REPRINT ***": "*** 重印 ***",
    }
    assert UnknownBarcode(code="123").message(zh) == "找不到条码为“123”的商品。"
    assert (InsufficientTender(tendered="5.00", due="7.50").message(zh)
            == "收款不足：实收 ¥5.00，应收 ¥7.50。")
    assert zh("errors", "not a known string") == "not a known string"


def test_english_is_the_source_language():
    en = i18n.load_translator("en")
    assert en("receipt", "Receipt") == "Receipt"
    assert i18n.load_translator("en_US") is i18n.identity
    assert i18n.normalize_lang("zh-CN") == i18n.normalize_lang("zh") == "zh_CN"
    assert i18n.normalize_lang(None) == "zh_CN"
