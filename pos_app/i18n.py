"""Translations without Qt: read a Qt Linguist .ts file with xml.etree.

The window uses Qt's own QTranslator with the compiled .qm files; the `pos-till` commands and
the receipt builder (which may run where Qt is not installed) use `load_translator` instead.
Both read the same resources/i18n/pos_<lang>.ts, so there is one set of translations.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

Translate = Callable[[str, str], str]

SOURCE_LANG = "en"
DEFAULT_LANG = "zh_CN"
LANGUAGES = ("zh_CN", "en")
CATALOG_PREFIX = "pos_"


def resources_dir() -> Path:
    """resources/ next to the package (a frozen build may point elsewhere with POS_RESOURCES)."""
    override = os.environ.get("POS_RESOURCES")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "resources"


def i18n_dir() -> Path:
    return resources_dir() / "i18n"


def ts_path(lang: str) -> Path:
    return i18n_dir() / f"{CATALOG_PREFIX}{lang}.ts"


def qm_path(lang: str) -> Path:
    return i18n_dir() / f"{CATALOG_PREFIX}{lang}.qm"


def normalize_lang(lang: str | None) -> str:
    """'zh', 'zh-CN', 'zh_CN.UTF-8' → 'zh_CN'; 'en_US' → 'en'; None → the default."""
    if not lang:
        return DEFAULT_LANG
    base = lang.split(".")[0].replace("-", "_")
    if base.lower().startswith("zh"):
        return "zh_CN"
    if base.lower().startswith("en"):
        return "en"
    return base


def read_ts(path: Path) -> dict[tuple[str, str], str]:
    """{(context, source): translation} for every finished, non-empty translation in a .ts."""
    table: dict[tuple[str, str], str] = {}
    root = ET.parse(path).getroot()
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source")
            node = message.find("translation")
            if source is None or node is None:
                continue
            if node.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            text = node.text or ""
            if text:
                table[(name, source)] = text
    return table


def identity(context: str, text: str) -> str:
    return text


@lru_cache(maxsize=8)
def _table(path: Path, mtime: float) -> dict[tuple[str, str], str]:
    return read_ts(path)


def load_translator(lang: str | None) -> Translate:
    """A `translate(context, text) -> str`; untranslated text comes back as the English source."""
    lang = normalize_lang(lang)
    if lang == SOURCE_LANG:
        return identity
    path = ts_path(lang)
    table = _table(path, path.stat().st_mtime) if path.exists() else {}
    if not table:
        return identity

    def translate(context: str, text: str) -> str:
        return table.get((context, text), text)

    return translate
