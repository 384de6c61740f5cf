"""Installing the Qt translators for a language, and `qt_translate` for PosError.message."""

from __future__ import annotations

import logging

from pos_app.i18n import SOURCE_LANG, normalize_lang, qm_path, read_ts, ts_path
from pos_app.qt import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)


def qt_translate(context: str, text: str) -> str:
    """translate(context, msgid) through whatever translators the application has installed."""
    return QCoreApplication.translate(context, text)


class TsTranslator(QTranslator):
    """Reads a .ts directly; used only when the compiled .qm is missing (a fresh checkout)."""

    def __init__(self, table: dict[tuple[str, str], str], parent=None) -> None:
        super().__init__(parent)
        self._table = table

    def translate(self, context, source_text, disambiguation=None, n=-1):
        return self._table.get((context, source_text))

    def isEmpty(self) -> bool:
        return not self._table


class Translations:
    """The translators of one language, installed on the application; swap with `switch`."""

    def __init__(self) -> None:
        self.lang = SOURCE_LANG
        self._installed: list[QTranslator] = []

    def switch(self, lang: str | None) -> str:
        """Install lang's translators (removing the previous ones); returns the language used."""
        lang = normalize_lang(lang)
        self.remove()
        self.lang = lang
        if lang == SOURCE_LANG:
            QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
            return lang
        QLocale.setDefault(QLocale(lang))
        qtbase = QTranslator()  # Qt's own texts: line-edit context menu, standard buttons
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qtbase.load(f"qtbase_{lang}", qt_dir):
            self._install(qtbase)
        self._install(self._ours(lang))
        return lang

    def remove(self) -> None:
        for translator in self._installed:
            QCoreApplication.removeTranslator(translator)
        self._installed.clear()

    def _ours(self, lang: str) -> QTranslator:
        qm = qm_path(lang)
        translator = QTranslator()
        ts = ts_path(lang)
        fresh = qm.exists() and (not ts.exists() or qm.stat().st_mtime >= ts.stat().st_mtime)
        if fresh and translator.load(str(qm)):
            return translator
        if ts.exists():
            log.info("using %s directly (build .qm with: python -m pos_app.i18n_build)", ts)
            return TsTranslator(read_ts(ts))
        log.warning("no translations for %s in %s", lang, ts.parent)
        return translator

    def _install(self, translator: QTranslator) -> None:
        if QCoreApplication.installTranslator(translator):
            self._installed.append(translator)
