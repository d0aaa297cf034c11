"""Loading the app's translations: attune_<locale>.qm from vfapp/resources/translations
(built by scripts/build_translations.sh) and Qt's own qtbase_<locale>.qm for the words Qt
itself shows (standard buttons, file dialogs)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

TRANSLATIONS = Path(__file__).resolve().parent.parent / "resources" / "translations"


class AppTranslator(QTranslator):
    """A QTranslator that also looks a text up without its context.

    Qt's lupdate files tr() calls made outside a class (the words modules' module-level
    `tr` helpers) under an empty context, while at run time those helpers ask with a named
    one ("Library", "SyncWords"...): the empty context is the fallback that finds them."""

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        found = super().translate(context, source_text, disambiguation, n)
        if not found and context:
            found = super().translate("", source_text, disambiguation, n)
        # None, not "": Qt takes an empty string as a translation and would show nothing
        return found or None


# Installed translators stay referenced here: Qt does not own them, and one collected by
# Python would silently stop translating.
_installed: list[QTranslator] = []


def install_translator(
    app: QCoreApplication, locale: QLocale | None = None, folder: Path | None = None
) -> QTranslator | None:
    """Install the app's translation for `locale` (the system's by default) and Qt's own.

    Returns the app's translator, or None (a no-op) when no attune_<locale>.qm is there:
    the source texts, in English, are shown as they are."""
    locale = locale or QLocale.system()
    folder = folder or TRANSLATIONS
    translator = AppTranslator(app)
    if not translator.load(locale, "attune", "_", str(folder), ".qm"):
        log.info("no translation for %s in %s", locale.name(), folder)
        return None
    qt_own = QTranslator(app)
    if qt_own.load(
        locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    app.installTranslator(translator)
    _installed.append(translator)
    return translator


def remove_translators(app: QCoreApplication) -> None:
    """Take every translator this module installed out again (tests, a language change)."""
    while _installed:
        app.removeTranslator(_installed.pop())
