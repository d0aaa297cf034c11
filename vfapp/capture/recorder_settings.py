"""How a recording is made: encoder, disk policy, queues, watchdog, duration and marks."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from vfapp.capture.disk import DiskPolicy
from vfapp.capture.encoder import EncoderSettings


class RecorderSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    encoder: EncoderSettings = EncoderSettings()
    disk: DiskPolicy = DiskPolicy()
    video_queue_s: float = Field(default=1.5, gt=0)  # 720p I420 frames: ~60 MB at most
    audio_queue_blocks: int = Field(default=1000, gt=0)
    camera_silence_s: float = Field(default=3.0, gt=0)  # no picture this long: camera lost
    max_seconds: float | None = Field(default=None, gt=0)
    scheduled_marks_s: tuple[float, ...] = ()

    @field_validator("scheduled_marks_s")
    @classmethod
    def _marks_are_on_the_timeline(cls, marks: tuple[float, ...]) -> tuple[float, ...]:
        if any(mark < 0 for mark in marks):
            raise ValueError("marks must be at 0 seconds or later")
        return tuple(sorted(marks))
