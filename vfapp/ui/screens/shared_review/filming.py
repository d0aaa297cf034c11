"""Filming a shared review for supervision: the laptop's camera records (checked against the
family's filming consent, like any film) while the parent watches the moments; when the review
ends, the film is linked to the visit it reviewed and to the moments it showed."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from PySide6.QtCore import QObject, Signal

from vfapp.capture.frames import VideoMode
from vfapp.capture.pipeline import Recorder
from vfapp.domain.models import Recording
from vfapp.governance import supervision_ops
from vfapp.governance.gates import start_filming
from vfapp.governance.policy import Action
from vfapp.ui.shell import Shell

PREFERRED = VideoMode(width=1280, height=720, fps=30)


class ReviewFilming(QObject):
    started = Signal(object)  # Recording
    finished = Signal(object)  # the Recording, linked to the review
    problem = Signal(str)

    def __init__(self, shell: Shell, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._shell = shell
        self.recorder: Recorder | None = None
        self.recording: Recording | None = None

    @property
    def filming(self) -> bool:
        return self.recorder is not None

    def start(self, case_code: str) -> None:
        shell = self._shell
        cameras = shell.services.cameras()
        if not cameras:
            self.problem.emit(self.tr("No camera was found: the review is not being filmed."))
            return
        choice = cameras[0]
        modes = [VideoMode(width=w, height=h, fps=30) for w, h in choice.modes]
        mode = PREFERRED if PREFERRED in modes or not modes else modes[0]
        actor = shell.actor()

        def job() -> tuple[Recorder, Recording]:
            place = start_filming(actor, Action.RECORD, case_code, actor.clock().date())
            camera, microphone = shell.services.open_sources(choice, mode)
            recorder = Recorder(actor.vault, place.visit_id, camera, microphone)
            recording = recorder.start()
            actor.audit(
                Action.RECORD, record_kind="recording", record_id=recording.id,
                family_id=place.family.id, detail="film of a shared review started",
            )  # fmt: skip
            return recorder, recording

        def done(answer: tuple[Recorder, Recording]) -> None:
            self.recorder, self.recording = answer
            shell.set_recording(True)
            self.started.emit(self.recording)

        shell.background.run(job, done, self.problem.emit)

    def stop_and_link(self, visit_id: UUID, moment_ids: Sequence[UUID]) -> None:
        """Stop (everything filmed is kept), then link the film to the review it shows."""
        recorder, self.recorder = self.recorder, None
        if recorder is None:
            return
        shell, actor, shown = self._shell, self._shell.actor(), tuple(moment_ids)

        def job() -> Recording:
            result = recorder.stop()
            supervision_ops.link_shared_review_film(actor, result.recording.id, visit_id, shown)
            return result.recording

        def done(recording: Recording) -> None:
            shell.set_recording(False)
            self.finished.emit(recording)

        def failed(message: str) -> None:
            shell.set_recording(False)
            self.problem.emit(message)

        shell.background.run(job, done, failed)
