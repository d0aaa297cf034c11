"""The translation catalogue builds, loads and translates: the committed English (UK) .ts,
and a tiny test catalogue whose one changed text proves a widget's tr() goes through it."""

from __future__ import annotations

import importlib.util
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication, QWidget

from vfapp.ui.screens.sync import words as sync_words
from vfapp.ui.translations import install_translator, remove_translators

ROOT = Path(__file__).resolve().parents[2]
EN_GB_TS = ROOT / "resources" / "translations" / "attune_en_GB.ts"


def _lrelease() -> Path:
    spec = importlib.util.find_spec("PySide6")
    assert spec is not None and spec.submodule_search_locations
    tool = Path(next(iter(spec.submodule_search_locations))) / "lrelease"
    if not tool.exists():
        pytest.skip("lrelease is not in this PySide6")
    return tool


def _compile(ts: Path, qm: Path) -> None:
    subprocess.run([str(_lrelease()), str(ts), "-qm", str(qm)], check=True, capture_output=True)


class Greeting(QWidget):
    def words(self) -> str:
        return self.tr("Hello from the test")


TEST_TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>Greeting</name>
    <message>
        <source>Hello from the test</source>
        <translation>TEST</translation>
    </message>
</context>
<context>
    <name></name>
    <message>
        <source>Never synced</source>
        <translation>TEST never</translation>
    </message>
</context>
</TS>
"""


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    remove_translators(qapp)


def test_the_english_catalogue_builds_and_loads(app: QApplication, tmp_path: Path) -> None:
    assert EN_GB_TS.exists()
    _compile(EN_GB_TS, tmp_path / "attune_en_GB.qm")
    translator = install_translator(app, QLocale("en_GB"), tmp_path)
    assert translator is not None
    # English (UK) is the source language: texts come back as they are written.
    assert QCoreApplication.translate("SyncWords", "Never synced") == "Never synced"
    assert Greeting().words() == "Hello from the test"


def test_a_widget_translates_through_an_installed_catalogue(
    app: QApplication, tmp_path: Path
) -> None:
    ts = tmp_path / "attune_fr_FR.ts"
    ts.write_text(TEST_TS, encoding="utf-8")
    _compile(ts, tmp_path / "attune_fr_FR.qm")
    widget = Greeting()
    assert widget.words() == "Hello from the test"
    translator = install_translator(app, QLocale("fr_FR"), tmp_path)
    assert translator is not None
    assert widget.words() == "TEST"
    # a words module's module-level tr(): lupdate files it under no context
    assert sync_words.tr("Never synced") == "TEST never"
    remove_translators(app)
    assert widget.words() == "Hello from the test"


def test_no_catalogue_is_a_no_op(app: QApplication, tmp_path: Path) -> None:
    assert install_translator(app, QLocale("fr_FR"), tmp_path) is None
    assert Greeting().words() == "Hello from the test"
