"""The timeline's lanes and items for a film's tags: a lane per principle (top-level code),
coloured by it, and a lane for what is not coded yet (markers made while filming)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from vfapp.domain.tagging import CodebookContent, Tag
from vfapp.ui.screens.workspace.words import actor_words, principle_of
from vfapp.ui.widgets.timeline import TimelineItem, TimelineLane

UNCODED_LANE = "uncoded"
UNCODED_COLOUR = "#80868b"
OTHER_LANE = "other"  # a code of another codebook than the one in use


def lanes_for(content: CodebookContent | None) -> list[TimelineLane]:
    principles = [c for c in content.codes if c.parent is None and not c.hidden] if content else []
    lanes = [TimelineLane(key=c.id, title=c.name, colour=c.colour) for c in principles]
    words = QCoreApplication.translate("workspace", "Not coded yet")
    lanes.append(TimelineLane(key=UNCODED_LANE, title=words, colour=UNCODED_COLOUR))
    return lanes


def items_for(content: CodebookContent | None, tags: Sequence[Tag]) -> list[TimelineItem]:
    shown = {lane.key for lane in lanes_for(content)}
    items: list[TimelineItem] = []
    for tag in tags:
        principle = principle_of(content, tag.code)
        if tag.code is None:
            lane, colour = UNCODED_LANE, UNCODED_COLOUR
        elif principle is not None and principle.id in shown:
            lane, colour = principle.id, principle.colour
        else:
            continue  # a code the chosen codebook does not have or hides
        label = f"{tag.code or '?'} {actor_words(tag.actor)}"
        items.append(
            TimelineItem(
                id=tag.id,
                lane=lane,
                start_ms=tag.start_ms,
                end_ms=tag.end_ms,
                colour=colour,
                label=label,
                uncoded=tag.code is None,
            )
        )
    return items
