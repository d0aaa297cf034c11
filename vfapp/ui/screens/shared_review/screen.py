"""The parent's screen: full screen and calm, only the plan's moments (no codes, notes, names
or lists), large controls to play, pause, slow, loop and hold a still with its caption. Esc
returns to the workspace. Opening and closing are checked against consent and audited."""

from __future__ import annotations

import time
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QImage
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vfapp.domain.review import SharedMoment, SharedReview
from vfapp.governance import casework_ops, still_ops
from vfapp.governance.shared_review_ops import close_shared_review, open_shared_review
from vfapp.ui.screens.shared_review.filming import ReviewFilming
from vfapp.ui.screens.shared_review.still_view import BACKDROP, StillView
from vfapp.ui.screens.workspace import keys
from vfapp.ui.screens.workspace.film_deck import FilmDeck
from vfapp.ui.screens.workspace.frame_view import FrameView
from vfapp.ui.shell import Shell

STYLE = """
SharedReviewScreen { background: #101418; }
QLabel { color: #e8eaed; }
QPushButton { font-size: 18pt; min-height: 56px; padding: 6px 20px; border-radius: 10px;
              background: #2d3136; color: #f1f3f4; border: 2px solid #3c4043; }
QPushButton:checked { background: #1a73e8; border-color: #8ab4f8; }
QPushButton:focus { border-color: #8ab4f8; }
QPushButton:disabled { color: #5f6368; }
"""
SLOW = 0.5


class SharedReviewScreen(QWidget):
    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self._shell = shell
        self.setStyleSheet(STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.review: SharedReview | None = None
        self.stills: dict[UUID, QImage] = {}
        self.index = 0
        self._back_to: UUID | None = None
        self._opened_at: float | None = None
        self._open_film: UUID | None = None
        self.deck = FilmDeck(lambda: shell.services.audio_output(), self)
        self.view = FrameView(self.deck)
        self.view.backdrop = BACKDROP
        self.still = StillView()
        self.pictures = QStackedWidget()
        self.pictures.addWidget(self.view)
        self.pictures.addWidget(self.still)
        self.title = self._label(1.8, bold=True)
        self.question = self._label(1.3, italic=True)
        self.counter = self._label(1.0)
        self.previous = self._button(self.tr("◀ Previous"), self.tr("Previous moment (Left)"))
        self.play = self._button(self.tr("Play"), self.tr("Play or pause (Space)"))
        self.slow = self._button(self.tr("Slow"), self.tr("Play at half speed"), checkable=True)
        self.loop = self._button(self.tr("Again and again"), self.tr("Loop"), checkable=True)
        self.hold = self._button(self.tr("Still"), self.tr("Hold the still"), checkable=True)
        self.next = self._button(self.tr("Next ▶"), self.tr("Next moment (Right)"))
        self.finish = self._button(self.tr("Finish"), self.tr("Finish the shared review (Esc)"))
        self.filming = ReviewFilming(shell, self)
        self.filming_note = QLabel(self.tr("● Filming this review for supervision"))
        self.filming_note.setStyleSheet("color: #f28b82;")
        self.filming_note.hide()
        self._shown: list[UUID] = []  # the moments put on screen, in order
        self._build()
        self._connect()

    def _label(self, scale: float, *, bold: bool = False, italic: bool = False) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(label.font())
        font.setPointSizeF(font.pointSizeF() * scale * 1.4)
        font.setBold(bold)
        font.setItalic(italic)
        label.setFont(font)
        return label

    def _button(self, text: str, name: str, *, checkable: bool = False) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setToolTip(name)
        button.setCheckable(checkable)
        button.setAutoDefault(False)
        return button

    def _build(self) -> None:
        controls = QHBoxLayout()
        controls.setSpacing(16)
        for button in (self.previous, self.play, self.slow, self.loop, self.hold, self.next):
            controls.addWidget(button)
        controls.addStretch(1)
        controls.addWidget(self.finish)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.filming_note, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.pictures, 1)
        layout.addWidget(self.title)
        layout.addWidget(self.question)
        layout.addWidget(self.counter)
        layout.addLayout(controls)

    def _connect(self) -> None:
        self.play.clicked.connect(self.toggle_play)
        self.previous.clicked.connect(lambda: self.show_moment(self.index - 1))
        self.next.clicked.connect(lambda: self.show_moment(self.index + 1))
        self.slow.toggled.connect(lambda _on: self._replay_if_playing())
        self.loop.toggled.connect(lambda _on: self._replay_if_playing())
        self.hold.toggled.connect(self._hold_still)
        self.finish.clicked.connect(self.close_review)
        self.deck.opened.connect(lambda _facts: self._first_frame())
        self.deck.playing_changed.connect(self._playing_changed)
        self.deck.problem.connect(self.question.setText)
        self.filming.started.connect(lambda _recording: self.filming_note.show())
        self.filming.problem.connect(self._filming_problem)
        keys.install(
            self,
            {
                "Space": self.toggle_play,
                "Left": lambda: self.show_moment(self.index - 1),
                "Right": lambda: self.show_moment(self.index + 1),
                "Esc": self.close_review,
            },
        )

    # -- opening and closing --------------------------------------------------------------
    def enter(self, visit_id: UUID, back_to: UUID | None, *, film: bool = False) -> None:
        self._back_to, self.review, self.stills, self.index = back_to, None, {}, 0
        self._open_film, self._shown = None, []
        self.title.setText(self.tr("Opening the shared review..."))
        self.question.setText("")
        self.counter.setText("")
        actor = self._shell.actor()

        def job() -> tuple[SharedReview, dict[UUID, bytes], str]:
            review = open_shared_review(actor, visit_id)
            stills = {
                m.still_id: still_ops.still_png(actor, m.still_id, for_shared_review=True)
                for m in review.moments
                if m.still_id is not None
            }
            family = casework_ops.family_of_visit(actor, visit_id) if film else None
            return review, stills, family.case_code if family else ""

        self._shell.background.run(job, self._opened, self._refused)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _opened(self, answer: tuple[SharedReview, dict[UUID, bytes], str]) -> None:
        self.review = answer[0]
        self.stills = {key: QImage.fromData(png) for key, png in answer[1].items()}
        if answer[2]:
            self.filming.start(answer[2])  # the case code never reaches the screen
        self._opened_at = time.monotonic()
        self.window().showFullScreen()
        self.show_moment(0)

    def _refused(self, message: str) -> None:
        self.title.setText(message)
        self.question.setText(self.tr("Press Esc to go back."))

    def close_review(self) -> None:
        review, opened_at = self.review, self._opened_at
        self.leave()
        if review is not None and opened_at is not None:
            actor, shown = self._shell.actor(), time.monotonic() - opened_at
            self._shell.background.run(lambda: close_shared_review(actor, review.visit_id, shown))
        if self._back_to is not None:
            self._shell.go_workspace(self._back_to)
        else:
            self._shell.go_library()

    def leave(self) -> None:
        """Stop showing (the window leaves full screen); nothing of the review stays on it.
        A film of the review is kept and linked to the moments shown."""
        if self.filming.filming and self.review is not None:
            self.filming.stop_and_link(self.review.visit_id, list(dict.fromkeys(self._shown)))
        self.filming_note.hide()
        self.deck.close()
        self.view.clear()
        self.still.show_still(None, None)
        self.review, self._opened_at, self._open_film = None, None, None
        if self.window().isFullScreen():
            self.window().showNormal()

    # -- the moments ----------------------------------------------------------------------
    @property
    def moment(self) -> SharedMoment | None:
        if self.review is None or not self.review.moments:
            return None
        return self.review.moments[self.index]

    def show_moment(self, index: int) -> None:
        if self.review is None or not 0 <= index < len(self.review.moments):
            return
        self.index = index
        moment = self.review.moments[index]
        self._shown.append(moment.moment_id)
        self.deck.pause()
        self.hold.blockSignals(True)
        self.hold.setChecked(False)
        self.hold.blockSignals(False)
        self.hold.setEnabled(moment.still_id in self.stills)
        self.pictures.setCurrentWidget(self.view)
        self.title.setText(moment.title)
        self.question.setText(moment.question or "")
        self.counter.setText(
            self.tr("Moment {n} of {count}").format(n=index + 1, count=len(self.review.moments))
        )
        self.previous.setEnabled(index > 0)
        self.next.setEnabled(index + 1 < len(self.review.moments))
        if moment.recording_id != self._open_film:
            self._open_film = moment.recording_id
            self.deck.open(self._shell.actor().vault, moment.recording_id)
        else:
            self._first_frame()

    def _first_frame(self) -> None:
        if (moment := self.moment) is not None:
            self.deck.show_ms(moment.start_ms)

    def toggle_play(self) -> None:
        moment = self.moment
        if moment is None:
            return
        if self.deck.playing:
            self.deck.pause()
            return
        self.hold.setChecked(False)
        self.deck.play(
            speed=SLOW if self.slow.isChecked() else 1.0,
            start_ms=moment.start_ms,
            end_ms=moment.end_ms,
            loop=self.loop.isChecked(),
        )

    def _replay_if_playing(self) -> None:
        if self.deck.playing:
            self.deck.pause()
            self.toggle_play()

    def _hold_still(self, on: bool) -> None:
        moment = self.moment
        if on and moment is not None and moment.still_id in self.stills:
            self.deck.pause()
            self.still.show_still(self.stills[moment.still_id], moment.still_caption)
            self.pictures.setCurrentWidget(self.still)
        else:
            self.pictures.setCurrentWidget(self.view)

    def _filming_problem(self, message: str) -> None:
        """Said quietly: the review goes on for the parent even if the filming fails."""
        self.filming_note.setText(self.tr("Not filmed: {reason}").format(reason=message))
        self.filming_note.show()

    def _playing_changed(self, playing: bool) -> None:
        self.play.setText(self.tr("Pause") if playing else self.tr("Play"))
