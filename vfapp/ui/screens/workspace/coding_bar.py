"""The coding strip under the transport: who is being coded, the codebook's keys, and the
ranges left open (press the key again to close one, Esc to leave them as points)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from vfapp.domain.tagging import TagActor
from vfapp.ui.screens.workspace.coding import CodingDesk
from vfapp.ui.screens.workspace.words import actor_words, clock_words

ACTOR_KEYS = ("Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+5")  # in TagActor order


class CodingBar(QWidget):
    def __init__(self, desk: CodingDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self.actor = QComboBox()
        self.actor.setAccessibleName(self.tr("Who the next tags are about"))
        for actor, keys in zip(TagActor, ACTOR_KEYS, strict=True):
            self.actor.addItem(f"{actor_words(actor)} ({keys})", actor)
        self.actor.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.actor.currentIndexChanged.connect(self._actor_chosen)
        self.keys = QLabel()
        self.keys.setAccessibleName(self.tr("Coding keys"))
        self.keys.setWordWrap(True)
        self.keys.setTextFormat(Qt.TextFormat.RichText)
        self.open = QLabel()
        self.open.setAccessibleName(self.tr("Open ranges"))
        self.open.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Coding:")))
        top.addWidget(self.actor)
        top.addWidget(self.keys, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.open)
        desk.open_changed.connect(self.refresh)
        self.refresh()

    def choose_actor(self, actor: TagActor) -> None:
        self.actor.setCurrentIndex(list(TagActor).index(actor))

    def _actor_chosen(self, _index: int) -> None:
        self._desk.actor = TagActor(self.actor.currentData())

    def refresh(self) -> None:
        keys = sorted(self._desk.hotkeys().items())
        self.keys.setText(
            "&nbsp;&nbsp; ".join(
                f"<b>{key}</b>&nbsp;<span style='color:{code.colour}'>■</span>&nbsp;{code.name}"
                for key, code in keys
            )
            or self.tr("This codebook has no keys: code tags in the table.")
        )
        if self._desk.open:
            opened = ", ".join(
                f"{code} {self.tr('from')} {clock_words(tag.start_ms, exact=True)}"
                for code, tag in sorted(self._desk.open.items())
            )
            self.open.setText(
                self.tr(
                    "Open: {ranges}. Press the key again to end the range; "
                    "Esc leaves it as a point."
                ).format(ranges=opened)
            )
            self.open.show()
        else:
            self.open.setText("")
            self.open.hide()
