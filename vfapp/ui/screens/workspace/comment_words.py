"""How the workspace words what a comment is on, and where comments sit on the timeline."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from PySide6.QtCore import QCoreApplication

from vfapp.domain.review import PlanMoment
from vfapp.domain.supervision import Comment, CommentTarget, CommentThread
from vfapp.domain.tagging import Tag
from vfapp.ui.screens.workspace.words import clock_words
from vfapp.ui.widgets.timeline import TimelineItem, TimelineLane

COMMENTS_LANE = "comments"
OPEN_COLOUR = "#1a73e8"
RESOLVED_COLOUR = "#9aa0a6"


def _tr(text: str) -> str:
    return QCoreApplication.translate("workspace", text)


def target_words(comment: Comment) -> str:
    if comment.target_kind is CommentTarget.TIME and comment.at_ms is not None:
        return _tr("time {at}").format(at=clock_words(comment.at_ms, exact=True))
    return {
        CommentTarget.TAG: _tr("a tag"),
        CommentTarget.MOMENT: _tr("a plan moment"),
        CommentTarget.VISIT: _tr("the cycle"),
        CommentTarget.TIME: _tr("a time"),
    }[comment.target_kind]


def comments_lane() -> TimelineLane:
    return TimelineLane(key=COMMENTS_LANE, title=_tr("Comments"), colour=OPEN_COLOUR)


def comment_items(
    threads: Sequence[CommentThread],
    recording_id: UUID | None,
    tags: Sequence[Tag],
    moments: Sequence[PlanMoment],
) -> list[TimelineItem]:
    """A mark on the timeline for each thread on this film: at its time, or at the start of
    the tag or moment it is on."""
    starts = {t.id: t.start_ms for t in tags} | {m.id: m.start_ms for m in moments}
    items: list[TimelineItem] = []
    for thread in threads:
        comment = thread.comment
        if comment.recording_id != recording_id:
            continue
        at = (
            comment.at_ms
            if comment.at_ms is not None
            else starts.get(comment.target_id or comment.id)
        )
        if at is None:
            continue
        author = thread.authors.get(comment.author_id, "")
        items.append(
            TimelineItem(
                id=comment.id,
                lane=COMMENTS_LANE,
                start_ms=at,
                end_ms=None,
                colour=RESOLVED_COLOUR if thread.resolved else OPEN_COLOUR,
                label=f"{author}: {comment.body}"[:80],
            )
        )
    return items
