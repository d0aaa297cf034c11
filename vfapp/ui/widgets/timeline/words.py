"""What the timeline says in words: for a screen reader, in tooltips, and in its corner."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from vfapp.ui.widgets.timeline.model import TimelineItem
from vfapp.ui.widgets.timeline.scale import clock

CONTEXT = "Timeline"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def moment(ms: float, duration_ms: int, *, tenths: bool = True) -> str:
    return clock(ms, tenths=tenths, hours=duration_ms >= 3_600_000)


def corner(playhead_ms: int, duration_ms: int, frame: int | None) -> str:
    """The playhead's time; its frame number (counted from 1) at the single-frame level."""
    now = moment(playhead_ms, duration_ms)
    if frame is None:
        return now
    return _tr("{time} · frame {frame}").format(time=now, frame=frame + 1)


def description(
    *,
    duration_ms: int,
    playhead_ms: int,
    tags: int,
    shown: tuple[float, float],
    zoomed: bool,
    selected: TimelineItem | None,
) -> str:
    if duration_ms <= 0:
        return _tr("No film")
    fine = shown[1] - shown[0] < 60_000
    parts = [
        _tr("Playhead at {now} of {length}").format(
            now=moment(playhead_ms, duration_ms),
            length=moment(duration_ms, duration_ms, tenths=False),
        ),
        _tr("1 tag") if tags == 1 else _tr("{count} tags").format(count=tags),
    ]
    if zoomed:
        parts.append(
            _tr("showing {start}-{end}").format(
                start=moment(shown[0], duration_ms, tenths=fine),
                end=moment(shown[1], duration_ms, tenths=fine),
            )
        )
    else:
        parts.append(_tr("showing the whole film"))
    if selected is not None:
        parts.append(_tr("selected: {label}").format(label=selected.label))
    return "; ".join(parts)


def tooltip(item: TimelineItem, duration_ms: int) -> str:
    if item.end_ms is None:
        when = _tr("at {time}").format(time=moment(item.start_ms, duration_ms))
    else:
        when = _tr("{start} to {end} ({length} s)").format(
            start=moment(item.start_ms, duration_ms),
            end=moment(item.end_ms, duration_ms),
            length=f"{(item.end_ms - item.start_ms) / 1000:.1f}",
        )
    status = _tr("not coded yet") if item.uncoded else ""
    return "\n".join(part for part in (item.label, when, status) if part)
