"""One progress bar per film going up to or coming down from the team store."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from vfapp.sync.media import FilmProgress
from vfapp.sync.status import FilmTransfer
from vfapp.ui.screens.sync.words import film_line


class FilmBars(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.bars: dict[tuple[str, str], tuple[QLabel, QProgressBar]] = {}
        self._labels: dict[str, str] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def show_films(self, films: tuple[FilmTransfer, ...]) -> None:
        """The films the vault says are still on their way (finished ones disappear)."""
        for label, bar in self.bars.values():
            label.deleteLater()
            bar.deleteLater()
        self.bars.clear()
        for film in films:
            self._labels[film.recording_id] = film.label
            self._set(film.recording_id, film.direction, film.done, film.total)
        self.setVisible(bool(films))

    def moved(self, progress: FilmProgress) -> None:
        """A film's parts moved during a sync (on the GUI thread)."""
        self._set(progress.recording_id, progress.direction, progress.done, progress.total)
        self.show()

    def _set(self, recording_id: str, direction: str, done: int, total: int) -> None:
        key = (recording_id, direction)
        if key not in self.bars:
            label = QLabel()
            bar = QProgressBar()
            bar.setTextVisible(True)
            bar.setMaximumHeight(18)
            self._layout.addWidget(label)
            self._layout.addWidget(bar)
            self.bars[key] = (label, bar)
        label, bar = self.bars[key]
        text = film_line(self._labels.get(recording_id, self.tr("A film")), direction, done, total)
        label.setText(text)
        bar.setRange(0, max(total, 1))
        bar.setValue(min(done, max(total, 1)))
        bar.setAccessibleName(text)
