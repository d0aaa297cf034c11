"""Before a laptop is in a team: what sync does, in plain words, and the two ways in."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from vfapp.ui.widgets.forms import button, paragraph, title


class WelcomePage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.create_team = button(self.tr("Create a team…"), self.tr("Create a team"))
        self.join_team = button(self.tr("Join a team with an invite…"), self.tr("Join a team"))
        self.admin_only = paragraph(
            self.tr("Only an admin can create a team. Ask your team's admin for an invite.")
        )
        page = QWidget()
        page.setMaximumWidth(860)
        column = QVBoxLayout(page)
        column.addWidget(title(self.tr("This laptop is not part of a team yet")))
        for text in self._explained():
            column.addWidget(paragraph(text))
        column.addWidget(self.admin_only)
        buttons = QHBoxLayout()
        buttons.addWidget(self.join_team)
        buttons.addWidget(self.create_team)
        buttons.addStretch(1)
        column.addSpacing(8)
        column.addLayout(buttons)
        row = QHBoxLayout(self)
        row.addWidget(page, 1)
        row.addStretch(0)
        column.addStretch(1)

    def _explained(self) -> tuple[str, ...]:
        return (
            self.tr(
                "Team sync keeps the laptops of your team up to date with each other: families, "
                "visits, films, tags and notes go to the people who work with each family, and "
                "their changes come back to you."
            ),
            self.tr(
                "Only locked, encrypted pieces ever leave this laptop. They wait in a shared team "
                "folder until the other laptops collect them. The folder never sees a name, a "
                "note or a film anyone could read, and a laptop removed from the team cannot "
                "open anything new."
            ),
            self.tr(
                "Sync runs only when someone presses Sync now, and never while a visit is being "
                "filmed unless you say so."
            ),
        )

    def show_for(self, admin: bool) -> None:
        self.create_team.setVisible(admin)
        self.admin_only.setVisible(not admin)
