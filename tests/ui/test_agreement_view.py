"""The comparison dialog as a team uses it after double coding: the figures with their working,
the table per code, the disagreements (Enter plays the film from one), the matching rules
changed and the figures recomputed, other codings chosen, the keyboard alone, and a film whose
second coding is still open."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.accessibility import unnamed_controls
from tests.ui.flows import settle
from tests.ui.workspace_flows import film_for_review
from tests.unit.governance.test_tags import make_codebook
from vfapp.domain.governance import Role
from vfapp.governance import agreement_ops
from vfapp.governance.actor import Actor
from vfapp.governance.tag_ops import add_tag
from vfapp.ui.main_window import MainWindow
from vfapp.ui.screens.agreement import AgreementView
from vfapp.ui.screens.agreement.models import KIND, TIME
from vfapp.ui.widgets.row_table import ROW_ROLE
from vfapp.vault import users

# (code, start s, end s or None) for the first coder (Ana) and the blind second coder (Ben)
ANA = [("VIG-1", 1.0, None), ("VIG-3", 3.0, None), ("VIG-3", 5.0, 8.0), ("VIG-1", 10.0, None)]
BEN = [("VIG-1", 1.4, None), ("VIG-1", 3.2, None), ("VIG-3", 5.5, 8.5), ("VIG-3", 11.5, None)]


def colleague(window: MainWindow, name: str, role: Role = Role.GUIDER) -> Actor:
    admin = window.actor()
    with admin.vault.write() as batch:
        user = users.insert_user(batch, name, role)
    return Actor(admin.vault, user)


def code(
    actor: Actor, film: UUID, book: UUID, moments: list[tuple[str, float, float | None]]
) -> None:
    for which, start, end in moments:
        add_tag(
            actor,
            film,
            round(start * 1000),
            None if end is None else round(end * 1000),
            which,
            book,
        )


@pytest.fixture
def double_coded(qtbot: QtBot, window: MainWindow) -> UUID:
    film = film_for_review(qtbot, window, seconds=12)
    book = make_codebook(window.actor().vault)
    code(window.actor(), film, book, ANA)
    ben = colleague(window, "Ben Carter")
    agreement_ops.start_pass(ben, film)
    code(ben, film, book, BEN)
    agreement_ops.finish_pass(ben, film)
    return film


def open_view(qtbot: QtBot, window: MainWindow, film: UUID) -> AgreementView:
    view = AgreementView(window, window, film)
    qtbot.addWidget(view)
    view.open()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: view.comparison is not None or view.banner.isVisible())
    return view


def rows(view: AgreementView) -> list[list[str]]:
    model = view.moments_model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_the_figures_their_working_and_the_disagreements(
    qtbot: QtBot, window: MainWindow, double_coded: UUID, tmp_path: Path
) -> None:
    view = open_view(qtbot, window, double_coded)
    assert view.comparison is not None
    assert view.first.currentText() == "Ana Admin: first coding, 4 coded tags"
    assert view.second.currentText() == "Ben Carter: blind coding, 4 coded tags"
    # VIG-1 at 1.0/1.4 agree; VIG-3 at 3.0 against VIG-1 at 3.2 differ; the ranges share
    # 2.5 s of 3.5 s (71%) and agree; VIG-1 at 10 s and VIG-3 at 11.5 s are each alone.
    assert view.kappa.value.text() == "0.06"  # (40% - 36%) / (100% - 36%)
    assert view.percent.value.text() == "40%"
    assert view.percent.caption.text() == "Agreement: 2 of 5 moments"
    assert view.disagreed.value.text() == "3"
    working = view.working.toPlainText()
    assert working.startswith("Kappa 0.06 (slight agreement on Landis and Koch's scale).")
    assert "within 1 s of each other" in working
    assert [view.codes_model.index(r, 0).data() for r in range(2)] == ["VIG-1", "VIG-3"]
    assert view.codes_model.headerData(2, Qt.Orientation.Horizontal) == "Ana Admin only"
    assert rows(view) == [
        ["0:03.0", "VIG-3  0:03.0", "VIG-1  0:03.2", "Different codes"],
        ["0:10.0", "VIG-1  0:10.0", "nothing", "Ana Admin only"],
        ["0:11.5", "nothing", "VIG-3  0:11.5", "Ben Carter only"],
    ]
    assert view.moments_title.text() == "Disagreements (3)"
    assert unnamed_controls(view) == []
    assert view.width() <= 1366 and view.height() <= 768
    assert view.minimumSizeHint().width() <= 1366 and view.minimumSizeHint().height() <= 768
    assert view.grab().save(str(tmp_path / "agreement.png"))  # for people to look at


def test_keyboard_alone_choose_a_code_then_play_a_disagreement(
    qtbot: QtBot, window: MainWindow, double_coded: UUID
) -> None:
    view = open_view(qtbot, window, double_coded)
    jumps: list[int] = []
    view.jump_to.connect(jumps.append)
    view.codes.setFocus()
    qtbot.keyClick(view.codes, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)  # VIG-1
    assert view.chosen_code() == "VIG-1"
    assert view.working.toPlainText().startswith("VIG-1: one coder or both coded VIG-1 at 3")
    assert view.moments_title.text() == "Disagreements on VIG-1 (2 of 3)"
    qtbot.keyClick(view.codes, Qt.Key.Key_Tab)
    assert view.focusWidget() is view.moments
    qtbot.keyClick(view.moments, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert view.moments.currentIndex().row() == 1  # VIG-1 at 10 s, which Ben did not code
    qtbot.keyClick(view.moments, Qt.Key.Key_Return)
    assert jumps == [10_000]
    assert view.isVisible()  # Enter played the moment; it did not close the dialog
    first = view.moments.visualRect(view.moments_model.index(0, 0)).center()
    qtbot.mouseClick(view.moments.viewport(), Qt.MouseButton.LeftButton, pos=first)
    qtbot.mouseDClick(view.moments.viewport(), Qt.MouseButton.LeftButton, pos=first)
    assert jumps == [10_000, 3_000]
    qtbot.mouseClick(view.overall_button, Qt.MouseButton.LeftButton)
    assert view.chosen_code() is None and view.moments_title.text() == "Disagreements (3)"
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.isVisible()


def test_new_matching_rules_recompute_the_figures(
    qtbot: QtBot, window: MainWindow, double_coded: UUID
) -> None:
    view = open_view(qtbot, window, double_coded)
    view.codes.selectRow(1)  # VIG-3 stays chosen through the recomputation
    view.tolerance.setValue(1.5)  # VIG-1 at 10 s and VIG-3 at 11.5 s now differ on the code
    assert view.percent.caption.text() == "Agreement: 2 of 4 moments"
    assert view.chosen_code() == "VIG-3"
    assert "within 1.5 s" in view.working.toPlainText()
    view.overlap.setValue(80)  # the ranges share 71% of their union: no longer enough
    assert view.percent.caption.text() == "Agreement: 1 of 5 moments"
    assert view.comparison is not None
    assert view.comparison.agreement.settings.min_overlap == 0.8
    assert [r[3] for r in rows(view)][:2] == ["Different codes", "Ana Admin only"]
    assert view.moments_model.index(0, TIME).data(ROW_ROLE).kind.value == "different"
    assert view.moments_model.index(0, KIND).data() == "Different codes"


def test_choosing_other_codings_and_an_open_one(
    qtbot: QtBot, window: MainWindow, double_coded: UUID
) -> None:
    cas = colleague(window, "Cas Doe", Role.PRACTITIONER)
    agreement_ops.start_pass(cas, double_coded)
    view = open_view(qtbot, window, double_coded)
    assert view.second.count() == 3
    still = view.second.findText("Cas Doe: still coding, 0 coded tags")
    assert still == 2 and not view.second.model().item(still).isEnabled()  # type: ignore[attr-defined]
    view.first.setCurrentIndex(1)  # Ben against Ben
    with qtbot.waitSignal(window.background.settled):
        view.first.activated.emit(1)
    settle(qtbot, window)
    assert view.banner.isVisible()
    assert view.banner.text == "Choose two different codings of the film to compare."
    assert view.codes_model.rowCount() == 0 and view.kappa.value.text() == "-"


def test_a_second_coding_still_open_is_said_in_words(qtbot: QtBot, window: MainWindow) -> None:
    film = film_for_review(qtbot, window, seconds=3)
    ben = colleague(window, "Ben Carter")
    agreement_ops.start_pass(ben, film)
    view = open_view(qtbot, window, film)
    assert view.banner.text == (
        "Ben Carter is still coding this film; the codings can be compared once they finish."
    )
    assert view.moments_model.rowCount() == 0 and view.working.toPlainText() == ""
