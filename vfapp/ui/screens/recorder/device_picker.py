"""Camera, microphone and picture size, remembered for this laptop."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QWidget

from vfapp.capture.frames import VideoMode
from vfapp.ui.screens.recorder.device_memory import DeviceChoice, DeviceMemory
from vfapp.ui.services import CameraChoice, MicrophoneChoice

FPS = 30.0


class DevicePicker(QWidget):
    changed = Signal()  # the person picked another camera, microphone or size

    def __init__(self, memory: DeviceMemory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._memory = memory
        self._cameras: list[CameraChoice] = []
        self._microphones: list[MicrophoneChoice] = []
        self.camera = QComboBox()
        self.camera.setAccessibleName(self.tr("Camera"))
        self.microphone = QComboBox()
        self.microphone.setAccessibleName(self.tr("Microphone"))
        self.picture_size = QComboBox()
        self.picture_size.setAccessibleName(self.tr("Picture size"))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # long camera names
        form.addRow(self.tr("&Camera"), self.camera)
        form.addRow(self.tr("&Microphone"), self.microphone)
        form.addRow(self.tr("Picture &size"), self.picture_size)
        for box in (self.camera, self.microphone, self.picture_size):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(18)
            box.setToolTip(box.accessibleName())
            box.activated.connect(self._picked)

    @property
    def ready(self) -> bool:
        return bool(self._cameras)

    def set_cameras(
        self, cameras: list[CameraChoice], microphones: list[MicrophoneChoice] | None = None
    ) -> None:
        """Fill the pickers, choosing what this laptop used last where it still exists."""
        remembered = self._memory.load()
        self._cameras = cameras
        self._microphones = microphones or []
        self.camera.clear()
        for camera in cameras:
            self.camera.addItem(camera.label, camera.key)
        index = self.camera.findData(remembered.camera)
        self.camera.setCurrentIndex(max(0, index))
        self._fill_sizes(remembered)
        self._fill_microphones(remembered.microphone, remembered.microphone_device)

    def microphone_key(self) -> str | None:
        """A specific microphone's key, or None for the default one (or for none at all)."""
        data = self.microphone.currentData()
        return data if isinstance(data, str) and data.startswith("input:") else None

    def selection(self) -> tuple[CameraChoice, VideoMode, bool]:
        """The camera, its picture size, and whether to record sound."""
        camera = self._cameras[max(0, self.camera.currentIndex())]
        index = self.picture_size.currentIndex()
        width, height = camera.modes[index] if 0 <= index < len(camera.modes) else camera.modes[0]
        return camera, VideoMode(width=width, height=height, fps=FPS), self._with_sound()

    def _with_sound(self) -> bool:
        return self.microphone.currentData() is not False

    def _fill_sizes(self, remembered: DeviceChoice) -> None:
        camera = self._cameras[max(0, self.camera.currentIndex())]
        self.picture_size.clear()
        for width, height in camera.modes:
            self.picture_size.addItem(
                self.tr("{w} x {h}").format(w=width, h=height), (width, height)
            )
        wanted = (remembered.width, remembered.height)
        default = (1280, 720) if (1280, 720) in camera.modes else camera.modes[0]
        chosen = wanted if wanted in camera.modes else default
        self.picture_size.setCurrentIndex(camera.modes.index(chosen))

    def _fill_microphones(self, with_sound: bool, device: str | None = None) -> None:
        camera = self._cameras[max(0, self.camera.currentIndex())]
        self.microphone.clear()
        if camera.synthetic:
            self.microphone.addItem(self.tr("Demo microphone (synthetic)"), True)
        else:
            self.microphone.addItem(self.tr("This laptop's microphone"), True)
            for choice in self._microphones:
                self.microphone.addItem(choice.label, choice.key)
        self.microphone.addItem(self.tr("None: record the picture only"), False)
        if not with_sound:
            self.microphone.setCurrentIndex(self.microphone.count() - 1)
        else:
            self.microphone.setCurrentIndex(max(0, self.microphone.findData(device)))

    def _picked(self) -> None:
        camera, mode, with_sound = self.selection()
        if self.sender() is self.camera:
            self._fill_sizes(DeviceChoice(width=mode.width, height=mode.height))
            self._fill_microphones(with_sound, self.microphone_key())
            camera, mode, with_sound = self.selection()
        self._memory.save(
            DeviceChoice(
                camera=camera.key,
                microphone=with_sound,
                microphone_device=self.microphone_key(),
                width=mode.width,
                height=mode.height,
            )
        )
        self.changed.emit()
