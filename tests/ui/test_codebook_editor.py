"""The codebook editor as a guider uses it: the shipped codebooks, editing codes in place and
saving them as a new version, a clashing key refused, import, export, closing with unsaved
changes, the keyboard alone, and a supervisor who may read but not change."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.accessibility import unnamed_controls
from tests.ui.conftest import Answers
from tests.ui.flows import create_vault, settle
from vfapp.domain.codebooks_logic import codebook_json, parse_codebook
from vfapp.domain.errors import InvalidInput
from vfapp.domain.governance import Role
from vfapp.domain.tagging import Code, CodebookContent
from vfapp.governance import codebook_ops
from vfapp.governance.actor import Actor
from vfapp.ui.main_window import MainWindow
from vfapp.ui.screens.codebooks import CodebookEditor
from vfapp.ui.screens.codebooks.code_model import COLOUR, ID, KEY, NAME, SHOWN
from vfapp.vault import users

VIG = "Video Interaction Guidance"


@pytest.fixture
def signed_in(qtbot: QtBot, window: MainWindow) -> MainWindow:
    create_vault(qtbot, window)
    return window


def open_editor(qtbot: QtBot, window: MainWindow, **choosers: object) -> CodebookEditor:
    editor = CodebookEditor(window, window, **choosers)  # type: ignore[arg-type]
    editor.open()
    settle(qtbot, window)
    return editor


def code(editor: CodebookEditor, code_id: str) -> Code:
    found = editor.model.code_at(editor.model.index_of(code_id))
    assert found is not None
    return found


def version(window: MainWindow, editor: CodebookEditor, number: int) -> CodebookContent:
    assert editor.book is not None
    return codebook_ops.codebook_version(window.actor(), editor.book.id, number)


def edit_cell(qtbot: QtBot, editor: CodebookEditor, code_id: str, column: int, text: str) -> None:
    """Go to a cell, F2, type, Enter: what a person does with the keyboard."""
    tree = editor.tree
    tree.setFocus()
    tree.setCurrentIndex(editor.model.index_of(code_id, column))
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    field = QApplication.focusWidget()
    assert isinstance(field, QLineEdit) and field.accessibleName()
    field.selectAll()
    qtbot.keyClicks(field, text)
    commit(qtbot, editor, field)


def commit(qtbot: QtBot, editor: CodebookEditor, field: QWidget) -> None:
    """Enter in a cell's editor: the view takes the text a moment later (queued)."""
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.tree.state() != QAbstractItemView.State.EditingState)


def save(qtbot: QtBot, window: MainWindow, editor: CodebookEditor) -> list[object]:
    said: list[object] = []
    editor.saved.connect(said.append)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    return said


def test_the_shipped_codebooks_are_installed_and_vig_shown(
    qtbot: QtBot, signed_in: MainWindow
) -> None:
    editor = open_editor(qtbot, signed_in)
    names = [editor.choice.itemText(i) for i in range(editor.choice.count())]
    assert sorted(names) == sorted([VIG, "VIPP-SD themes", "Circle of Security"])
    assert editor.choice.currentText() == VIG
    assert editor.version.text() == "Version 1"
    assert "attuned interaction" in editor.description.text()
    model = editor.model
    principles = [model.index(row, ID).data() for row in range(model.rowCount())]
    assert principles == [f"VIG-{n}" for n in range(1, 7)]
    first = model.index(0, ID)
    assert model.rowCount(first) == 5  # the sub-elements of "Being attentive"
    assert model.index(0, NAME, first).data() == "looking interested with friendly posture"
    assert editor.tree.isExpanded(first)
    assert editor.save_button.text() == "Save as version 2"
    assert not editor.save_button.isEnabled()  # nothing changed yet
    again = open_editor(qtbot, signed_in)  # installing again adds nothing
    assert again.choice.count() == 3


def test_rename_recolour_hide_and_a_key_are_saved_as_version_2(
    qtbot: QtBot, signed_in: MainWindow
) -> None:
    asked: list[str] = []

    def colour(current: QColor, parent: QWidget, title: str) -> QColor:
        asked.append(title)
        return QColor("#123456")

    editor = open_editor(qtbot, signed_in, choose_colour=colour)
    edit_cell(qtbot, editor, "VIG-1.1", NAME, "looking interested, friendly posture")
    editor.tree.setCurrentIndex(editor.model.index_of("VIG-1.2", COLOUR))
    qtbot.keyClick(editor.tree, Qt.Key.Key_Return)  # Enter on the swatch opens the chooser
    assert asked == ["Colour for giving time and space for the other"]
    editor.tree.setCurrentIndex(editor.model.index_of("VIG-1.3", NAME))
    qtbot.keyClick(editor.tree, Qt.Key.Key_Space)  # hides it
    edit_cell(qtbot, editor, "VIG-1.4", KEY, "w")
    assert editor.unsaved.isVisible() and editor.save_button.isEnabled()
    assert code(editor, "VIG-1.3").hidden
    assert editor.model.index_of("VIG-1.3", SHOWN).data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Unchecked
    )
    said = save(qtbot, signed_in, editor)
    assert editor.banner.text == (
        "Saved as version 2. Tags made earlier keep the version they were made with."
    )
    assert editor.book is not None and said == [editor.book.id]
    assert editor.version.text() == "Version 2"
    assert editor.save_button.text() == "Save as version 3"
    assert not editor.save_button.isEnabled() and not editor.unsaved.isVisible()
    saved = {c.id: c for c in version(signed_in, editor, 2).codes}
    assert saved["VIG-1.1"].name == "looking interested, friendly posture"
    assert saved["VIG-1.2"].colour == "#123456"
    assert saved["VIG-1.3"].hidden
    assert saved["VIG-1.4"].hotkey == "w"
    first = {c.id: c for c in version(signed_in, editor, 1).codes}
    assert first["VIG-1.1"].name == "looking interested with friendly posture"
    assert first["VIG-1.2"].colour != "#123456"
    assert not first["VIG-1.3"].hidden and first["VIG-1.4"].hotkey is None


def test_a_key_used_by_another_visible_code_is_refused_in_words(
    qtbot: QtBot, signed_in: MainWindow
) -> None:
    editor = open_editor(qtbot, signed_in)
    edit_cell(qtbot, editor, "VIG-2.1", KEY, "3")
    assert editor.banner.isVisible()
    assert editor.banner.text == (
        'The key 3 is already used by "Receiving initiatives" (VIG-3). Choose another key, '
        "or clear that one first."
    )
    assert code(editor, "VIG-2.1").hotkey is None
    assert not editor.model.dirty and not editor.save_button.isEnabled()
    editor.save()
    settle(qtbot, signed_in)
    assert editor.book is not None and editor.book.current_version == 1
    books = codebook_ops.list_codebooks(signed_in.actor())
    assert next(b for b in books if b.name == VIG).current_version == 1
    # a hidden code may keep a clashing key, but cannot be shown again with it
    editor.model.set_shown("VIG-3", False)
    assert editor.model.set_key("VIG-2.1", "3")
    assert not editor.model.set_shown("VIG-3", True)
    assert 'its key 3 is also the key of "waiting" (VIG-2.1)' in editor.banner.text


def test_a_sub_element_is_added_under_the_chosen_principle_and_saved(
    qtbot: QtBot, signed_in: MainWindow
) -> None:
    editor = open_editor(qtbot, signed_in)
    editor.tree.setCurrentIndex(editor.model.index_of("VIG-3.2"))
    qtbot.mouseClick(editor.add_code, Qt.MouseButton.LeftButton)
    field = QApplication.focusWidget()  # the new code's name, ready to type
    assert isinstance(field, QLineEdit)
    field.selectAll()
    qtbot.keyClicks(field, "naming the child's feelings")
    commit(qtbot, editor, field)
    added = code(editor, "VIG-3.7")
    assert added.parent == "VIG-3" and added.name == "naming the child's feelings"
    edit_cell(qtbot, editor, "VIG-3.7", ID, "VIG-3.9")  # a new code's id may still change
    qtbot.mouseClick(editor.add_principle, Qt.MouseButton.LeftButton)
    commit(qtbot, editor, QApplication.focusWidget())
    assert code(editor, "VIG-7").parent is None
    save(qtbot, signed_in, editor)
    saved = {c.id: c for c in version(signed_in, editor, 2).codes}
    assert saved["VIG-3.9"].parent == "VIG-3"
    assert saved["VIG-3.9"].name == "naming the child's feelings"
    assert saved["VIG-7"].name == "New principle"
    assert not editor.model.flags(editor.model.index_of("VIG-3.9", ID)) & (
        Qt.ItemFlag.ItemIsEditable
    )  # saved: tags may name it now


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def team_codebook() -> CodebookContent:
    return CodebookContent(
        name="Feeding observation",
        description="Our team's feeding codes.",
        codes=(
            Code(id="F-1", name="Cues", colour="#336699", hotkey="c"),
            Code(id="F-1.1", name="Turning away", parent="F-1"),
        ),
    )


def test_a_codebook_file_is_imported_and_chosen(
    qtbot: QtBot, signed_in: MainWindow, tmp_path: Path
) -> None:
    path = write(tmp_path, "feeding.json", codebook_json(team_codebook()))
    editor = open_editor(qtbot, signed_in, choose_open_path=lambda parent, title: path)
    said: list[object] = []
    editor.saved.connect(said.append)
    qtbot.mouseClick(editor.import_button, Qt.MouseButton.LeftButton)
    settle(qtbot, signed_in)
    names = [editor.choice.itemText(i) for i in range(editor.choice.count())]
    assert "Feeding observation" in names
    assert editor.choice.currentText() == "Feeding observation"
    assert editor.model.index(0, NAME).data() == "Cues"
    assert editor.banner.text == f'"Feeding observation" was imported from {path}.'
    assert editor.book is not None and said == [editor.book.id]


def test_a_malformed_file_is_refused_with_the_reason(
    qtbot: QtBot, signed_in: MainWindow, tmp_path: Path
) -> None:
    text = '{"name": "Broken", "codes": [{"id": "B-1"}]}'
    path = write(tmp_path, "broken.json", text)
    editor = open_editor(qtbot, signed_in, choose_open_path=lambda parent, title: path)
    with pytest.raises(InvalidInput) as refusal:
        parse_codebook(text)
    qtbot.mouseClick(editor.import_button, Qt.MouseButton.LeftButton)
    settle(qtbot, signed_in)
    assert editor.banner.text == f"{refusal.value} Nothing was imported."
    assert editor.choice.count() == 3 and editor.choice.currentText() == VIG
    assert len(codebook_ops.list_codebooks(signed_in.actor())) == 3


def test_export_writes_json_that_reads_back_equal(
    qtbot: QtBot, signed_in: MainWindow, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "vig.json"
    target.parent.mkdir()
    suggested: list[str] = []

    def where(parent: QWidget, title: str, suggestion: str) -> str:
        suggested.append(suggestion)
        return str(target)

    editor = open_editor(qtbot, signed_in, choose_save_path=where)
    qtbot.mouseClick(editor.export_button, Qt.MouseButton.LeftButton)
    settle(qtbot, signed_in)
    assert suggested[0].endswith("video-interaction-guidance-v1.json")
    assert editor.banner.text == f"Version 1 of {VIG} was written to {target}."
    assert parse_codebook(target.read_text(encoding="utf-8")) == version(signed_in, editor, 1)
    assert json.loads(target.read_text(encoding="utf-8"))["name"] == VIG


def test_closing_with_unsaved_changes_asks_first(
    qtbot: QtBot, signed_in: MainWindow, answers: Answers
) -> None:
    editor = open_editor(qtbot, signed_in)
    editor.model.rename("VIG-1", "Attentive")
    answers.queue = [False]
    qtbot.keyClick(editor.tree, Qt.Key.Key_Escape)  # Esc counts as closing
    assert answers.asked == [
        "Your changes to Video Interaction Guidance are not saved. Discard them?"
    ]
    assert editor.isVisible()
    answers.queue = [False]
    editor.choice.setCurrentIndex(editor.choice.findText("VIPP-SD themes"))
    editor.choice.activated.emit(editor.choice.currentIndex())
    assert editor.choice.currentText() == VIG and code(editor, "VIG-1").name == "Attentive"
    answers.queue = [True]
    qtbot.mouseClick(editor.close_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible() and len(answers.asked) == 3
    assert version(signed_in, editor, 1).codes[0].name == "Being attentive"


def test_switching_codebooks_shows_the_other_one(qtbot: QtBot, signed_in: MainWindow) -> None:
    editor = open_editor(qtbot, signed_in)
    editor.choice.setFocus()
    row = editor.choice.findText("Circle of Security")
    editor.choice.setCurrentIndex(row)
    editor.choice.activated.emit(row)
    settle(qtbot, signed_in)
    assert editor.book is not None and editor.book.name == "Circle of Security"
    assert editor.model.index(0, ID).data() == "COS-1"


def test_everything_can_be_done_with_the_keyboard(qtbot: QtBot, signed_in: MainWindow) -> None:
    editor = open_editor(
        qtbot, signed_in, choose_colour=lambda current, parent, title: QColor("#654321")
    )
    assert unnamed_controls(editor) == []
    editor.model.rename("VIG-6", "Deepening the discussion")  # so that Save takes focus too
    editor.choice.setFocus()
    reached: list[QWidget] = []
    for _ in range(12):
        reached.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    for control in (
        editor.choice,
        editor.import_button,
        editor.export_button,
        editor.tree,
        editor.add_principle,
        editor.add_code,
        editor.colour_button,
        editor.save_button,
        editor.close_button,
    ):
        assert control in reached, control.accessibleName()
    # rename and hide a code, then save, with keys alone
    editor.tree.setFocus()
    editor.tree.setCurrentIndex(editor.model.index(0, ID))
    qtbot.keyClick(editor.tree, Qt.Key.Key_Down)  # VIG-1.1
    qtbot.keyClick(editor.tree, Qt.Key.Key_F2)  # the id column cannot be typed into: renames
    field = QApplication.focusWidget()
    assert isinstance(field, QLineEdit)
    field.selectAll()
    qtbot.keyClicks(field, "friendly posture")
    commit(qtbot, editor, field)
    qtbot.keyClick(editor.tree, Qt.Key.Key_Space)
    assert code(editor, "VIG-1.1").name == "friendly posture" and code(editor, "VIG-1.1").hidden
    qtbot.keyClick(editor.tree, Qt.Key.Key_Down)  # VIG-1.2: along to its key, and set one
    for _ in range(3):
        qtbot.keyClick(editor.tree, Qt.Key.Key_Right)
    assert editor.tree.currentIndex().column() == KEY
    qtbot.keyClick(editor.tree, Qt.Key.Key_Return)
    field = QApplication.focusWidget()
    assert isinstance(field, QLineEdit)
    qtbot.keyClicks(field, "q")
    commit(qtbot, editor, field)
    qtbot.keyClick(editor.tree, Qt.Key.Key_Left)  # the colour, from the chooser
    qtbot.keyClick(editor.tree, Qt.Key.Key_Return)
    assert code(editor, "VIG-1.2").hotkey == "q" and code(editor, "VIG-1.2").colour == "#654321"
    assert unnamed_controls(editor) == []
    editor.save_button.setFocus()
    qtbot.keyClick(editor.save_button, Qt.Key.Key_Space)
    settle(qtbot, signed_in)
    saved = {c.id: c for c in version(signed_in, editor, 2).codes}
    assert saved["VIG-1.1"].name == "friendly posture" and saved["VIG-1.1"].hidden
    assert saved["VIG-1.2"].hotkey == "q" and saved["VIG-6"].name == "Deepening the discussion"


def as_supervisor(window: MainWindow) -> Actor:
    admin = window.actor()
    with admin.vault.write() as batch:
        user = users.insert_user(batch, "Sam Supervisor", Role.SUPERVISOR)
    supervisor = Actor(admin.vault, user, admin.clock)
    window.session.actor = supervisor
    return supervisor


def test_a_supervisor_can_read_but_not_change_codebooks(
    qtbot: QtBot, signed_in: MainWindow
) -> None:
    open_editor(qtbot, signed_in).reject()  # the shipped codebooks, installed by the admin
    as_supervisor(signed_in)
    editor = open_editor(qtbot, signed_in)
    assert editor.choice.currentText() == VIG and editor.model.rowCount() == 6
    assert editor.read_only_note.isVisible()
    for control in (editor.save_button, editor.add_code, editor.add_principle,
                    editor.colour_button, editor.import_button):  # fmt: skip
        assert not control.isEnabled() and not control.isVisible()
    assert editor.export_button.isEnabled()
    name = editor.model.index_of("VIG-1", NAME)
    assert not editor.model.flags(name) & Qt.ItemFlag.ItemIsEditable
    assert not editor.model.setData(name, "Attentive")
    assert unnamed_controls(editor) == []


def test_a_role_taken_away_meanwhile_is_refused_by_the_core_in_words(
    qtbot: QtBot, signed_in: MainWindow
) -> None:
    editor = open_editor(qtbot, signed_in)
    editor.model.rename("VIG-1", "Attentive")
    as_supervisor(signed_in)
    save(qtbot, signed_in, editor)
    assert "supervisors cannot change the team's codebooks" in editor.banner.text
    assert editor.model.dirty and editor.save_button.isEnabled()
    book_id: UUID = editor.book.id if editor.book else UUID(int=0)
    assert codebook_ops.codebook_version(signed_in.actor(), book_id).codes[0].name == (
        "Being attentive"
    )


def test_locking_the_window_closes_the_editor(qtbot: QtBot, signed_in: MainWindow) -> None:
    editor = open_editor(qtbot, signed_in)
    editor.model.rename("VIG-1", "Attentive")
    signed_in.lock()
    settle(qtbot, signed_in)
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert signed_in.current_screen is signed_in.unlock


def test_the_codebook_asked_for_is_shown_first(qtbot: QtBot, signed_in: MainWindow) -> None:
    open_editor(qtbot, signed_in).reject()
    circle = codebook_ops.find_codebook(signed_in.actor(), "Circle of Security")
    editor = CodebookEditor(signed_in, signed_in, codebook_id=circle.id)
    editor.open()
    settle(qtbot, signed_in)
    assert editor.choice.currentText() == "Circle of Security"
    assert editor.book is not None and editor.book.id == circle.id
