"""The team's laptops (whose, which, what role, still in the team) and, for the admin, who is
asking to join, inviting someone, and removing a laptop."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vfapp.sync.status import DeviceRow
from vfapp.sync.team_admin import JoinAsk
from vfapp.ui.screens.sync.words import role_name
from vfapp.ui.widgets.forms import button, paragraph


def _role(role: str) -> str:
    return role_name(role)


class DevicesPanel(QWidget):
    """Emits `remove_asked(device)`, `approve_asked(ask)` and `invite_asked()`."""

    remove_asked = Signal(object)
    approve_asked = Signal(object)
    invite_asked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.devices: list[DeviceRow] = []
        headers = [self.tr("Person"), self.tr("Laptop"), self.tr("Role"), self.tr("In the team")]
        self.table = QTableWidget(0, len(headers))
        self.table.setAccessibleName(self.tr("Laptops of the team"))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setAccessibleName(self.tr("Laptop columns"))
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(120)
        self.table.setMaximumHeight(240)
        self.invite = button(self.tr("Invite someone…"), self.tr("Invite someone to the team"))
        self.remove = button(self.tr("Remove…"), self.tr("Remove the chosen laptop from the team"))
        self.remove.setEnabled(False)
        self.asking_title = QLabel(self.tr("Asking to join"))
        self.asking_title.setStyleSheet("font-weight: 600;")
        self.asking_note = paragraph(self.tr("Checking the team store…"))
        self.asking = QListWidget()
        self.asking.setAccessibleName(self.tr("Laptops asking to join"))
        self.asking.setMaximumHeight(80)
        self.approve = button(self.tr("Approve"), self.tr("Approve the chosen laptop"))
        self.approve.setEnabled(False)
        self._admin_widgets = (self.invite, self.remove, self.asking_title, self.asking_note,
                               self.asking, self.approve)  # fmt: skip
        buttons = QHBoxLayout()
        buttons.addWidget(self.invite)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        approving = QHBoxLayout()
        approving.addWidget(self.asking, 1)
        approving.addWidget(self.approve)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.asking_title)
        layout.addWidget(self.asking_note)
        layout.addLayout(approving)
        self.table.itemSelectionChanged.connect(self._chosen)
        self.asking.itemSelectionChanged.connect(
            lambda: self.approve.setEnabled(self.asking.currentItem() is not None)
        )
        self.remove.clicked.connect(self._remove)
        self.approve.clicked.connect(self._approve)
        self.invite.clicked.connect(self.invite_asked)

    def show_devices(self, devices: tuple[DeviceRow, ...], admin: bool) -> None:
        self.devices = [d for d in devices if not d.recovery_key]  # a roster entry, no laptop
        self.table.setRowCount(len(self.devices))
        for row, device in enumerate(self.devices):
            laptop = device.name + (self.tr(" (this laptop)") if device.this_laptop else "")
            cells = (device.person, laptop, _role(device.role),
                     self.tr("Yes") if device.active else self.tr("Removed"))  # fmt: skip
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        for widget in self._admin_widgets:
            widget.setVisible(admin)
        self._chosen()

    def show_asks(self, asks: list[JoinAsk] | None, problem: str = "") -> None:
        """Who asked to join (None while still looking; `problem` if the store did not answer)."""
        self.asking.clear()
        for ask in asks or ():
            request = ask.request
            text = self.tr("{p} ({r}), on the laptop {n}").format(
                p=ask.person, r=_role(ask.role), n=request.device_name
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, ask)
            self.asking.addItem(item)
        if problem:
            self.asking_note.setText(self.tr("Could not look for requests: {m}").format(m=problem))
        elif asks is None:
            self.asking_note.setText(self.tr("Checking the team store…"))
        elif not asks:
            self.asking_note.setText(self.tr("Nobody is asking to join just now."))
        else:
            self.asking_note.setText(self.tr("Approve only laptops you expect."))
        self.asking.setVisible(bool(asks) and self.invite.isVisibleTo(self))
        self.approve.setVisible(self.asking.isVisibleTo(self))
        if asks:
            self.asking.setCurrentRow(0)

    def chosen_device(self) -> DeviceRow | None:
        row = self.table.currentRow()
        chosen = self.table.selectionModel().hasSelection()
        return self.devices[row] if chosen and 0 <= row < len(self.devices) else None

    def _chosen(self) -> None:
        device = self.chosen_device()
        self.remove.setEnabled(device is not None and device.active and not device.this_laptop)

    def _remove(self) -> None:
        if (device := self.chosen_device()) is not None:
            self.remove_asked.emit(device)

    def _approve(self) -> None:
        item = self.asking.currentItem()
        if item is not None:
            self.approve_asked.emit(item.data(Qt.ItemDataRole.UserRole))
