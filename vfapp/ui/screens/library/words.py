"""Plain words for what the library and its dialogs show (translatable, in one place)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication

from vfapp.domain.governance import ConsentTier
from vfapp.domain.models import RecordingStatus, VisitActivity, VisitPlace


def tr(text: str) -> str:
    return QCoreApplication.translate("Library", text)


def activity_words(activity: VisitActivity) -> str:
    return {
        VisitActivity.PLAY: tr("Play"),
        VisitActivity.FEEDING: tr("Feeding"),
        VisitActivity.BATH: tr("Bath time"),
        VisitActivity.OTHER: tr("Other"),
    }[activity]


def place_words(place: VisitPlace) -> str:
    return {
        VisitPlace.HOME: tr("Home"),
        VisitPlace.CENTRE: tr("Children's centre"),
        VisitPlace.CLINIC: tr("Clinic"),
        VisitPlace.OTHER: tr("Other"),
    }[place]


def status_words(status: RecordingStatus) -> str:
    return {
        RecordingStatus.COMPLETE: tr("Complete"),
        RecordingStatus.RECOVERED: tr("Recovered"),
        RecordingStatus.DAMAGED: tr("Damaged"),
        RecordingStatus.RECORDING: tr("Recording now"),
    }[status]


def status_explained(status: RecordingStatus) -> str:
    return {
        RecordingStatus.COMPLETE: tr("Filmed and saved in full."),
        RecordingStatus.RECOVERED: tr(
            "The laptop stopped during filming; the film is kept up to its last second or two."
        ),
        RecordingStatus.DAMAGED: tr("Part of this film failed its check and cannot be played."),
        RecordingStatus.RECORDING: tr("This film is being recorded now."),
    }[status]


def badge_words(tier: ConsentTier) -> str:
    """A tier's name on a small badge."""
    return {
        ConsentTier.FILMING: tr("Filming"),
        ConsentTier.SHARED_REVIEW: tr("Review"),
        ConsentTier.SUPERVISION: tr("Supervision"),
        ConsentTier.TRAINING: tr("Training"),
        ConsentTier.RESEARCH: tr("Research"),
    }[tier]


def day_words(day: date) -> str:
    """E.g. "Tue 9 Mar 2027"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def time_words(moment: datetime) -> str:
    """The local time of day, e.g. "14:05"."""
    return moment.astimezone().strftime("%H:%M")


def duration_words(seconds: float | None) -> str:
    if seconds is None:
        return tr("still recording")
    whole = round(seconds)
    minutes, rest = divmod(whole, 60)
    if minutes == 0:
        return tr("{s} s").format(s=rest)
    return tr("{m} min {s:02d} s").format(m=minutes, s=rest)
