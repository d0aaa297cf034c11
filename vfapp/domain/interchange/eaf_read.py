"""Events from an ELAN annotation document (.eaf, any version ELAN writes).

The mapping, tier by tier:
- every annotation with a time is one event: a time-aligned annotation by its own time
  slots, a reference annotation by those of the annotation it refers to;
- its code is the annotation's value if that names a code of the codebook, else the tier's
  name (without a " (n)" number) unless that names an actor or is "uncoded", so both
  "a tier per principle" and "a tier per code" files map;
- its actor: an `actor@TIER` dependent annotation, else the tier's PARTICIPANT, else the
  tier's name, when one of them names an actor (parent, mother, father, infant, baby,
  child, guider, sibling, other adult...); else the default;
- `note@TIER` dependent annotations are the notes of the annotations they refer to;
- annotations listed in the header PROPERTY `attune:points` (written by Attune) are points;
  every other annotation is a range (one with no length is a point).
Annotations whose time slots have no time (ELAN interpolates them) are left out and counted.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from vfapp.domain.interchange.eaf_write import POINTS_PROPERTY, UNCODED_TIER
from vfapp.domain.interchange.models import ImportedCodes, ImportedEvent, actor_named, refused

_NUMBERED = re.compile(r"^(.*\S) \(\d+\)$")
_DETAIL_KINDS = ("actor", "note")
NO_TIME = "annotations without a time of their own"


@dataclass
class _Annotation:
    tier: str
    value: str
    start: int | None = None
    end: int | None = None
    ref: str | None = None


def read_eaf(data: bytes, name: str) -> ImportedCodes:
    root = _parse(data, name)
    header = root.find("HEADER")
    units = header.get("TIME_UNITS", "milliseconds") if header is not None else "milliseconds"
    if units != "milliseconds":
        raise refused(name, f"counts time in {units}, and Attune reads only milliseconds")
    points = set()
    if header is not None:
        for prop in header.iter("PROPERTY"):
            if prop.get("NAME") == POINTS_PROPERTY:
                points = set((prop.text or "").split())
    slots = _slots(root, name)
    tiers = {t.get("TIER_ID", ""): t for t in root.iter("TIER")}
    annotations = _annotations(root, slots)
    details = _details(tiers, annotations)
    events: list[ImportedEvent] = []
    untimed = 0
    for aid, annotation in annotations.items():
        if _detail_kind(annotation.tier, tiers) is not None:
            continue
        start, end = _times(aid, annotations)
        if start is None or end is None:
            untimed += 1
            continue
        tier = tiers[annotation.tier]
        base = _base(annotation.tier)
        actors = (details["actor"].get(aid), tier.get("PARTICIPANT"), base)
        events.append(
            ImportedEvent(
                start_ms=start,
                end_ms=None if aid in points or end <= start else end,
                codes=_codes(annotation.value, base),
                actors=tuple(dict.fromkeys(a.strip() for a in actors if a and a.strip())),
                note=details["note"].get(aid),
                source=annotation.tier,
            )
        )
    events.sort(key=lambda e: (e.start_ms, e.end_ms or e.start_ms))
    return ImportedCodes(
        name=name, kind="ELAN", events=tuple(events), dropped={NO_TIME: untimed} if untimed else {}
    )


def _parse(data: bytes, name: str) -> ET.Element:
    # ELAN never writes a DOCTYPE; refusing one rules out entity tricks in a hostile file.
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise refused(name, "declares a document type, which ELAN files never do")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        line = error.position[0]
        raise refused(name, f"is not well-formed XML (line {line})") from None
    if root.tag != "ANNOTATION_DOCUMENT":
        raise refused(name, "is not an ELAN annotation document")
    return root


def _slots(root: ET.Element, name: str) -> dict[str, int | None]:
    slots: dict[str, int | None] = {}
    for slot in root.iter("TIME_SLOT"):
        value = slot.get("TIME_VALUE")
        try:
            slots[slot.get("TIME_SLOT_ID", "")] = None if value is None else int(value)
        except ValueError:
            raise refused(name, f"has a time slot whose time is not a number ({value!r})") from None
    return slots


def _annotations(root: ET.Element, slots: dict[str, int | None]) -> dict[str, _Annotation]:
    found: dict[str, _Annotation] = {}
    for tier in root.iter("TIER"):
        tier_id = tier.get("TIER_ID", "")
        for annotation in tier.iter("ALIGNABLE_ANNOTATION"):
            found[annotation.get("ANNOTATION_ID", "")] = _Annotation(
                tier=tier_id,
                value=annotation.findtext("ANNOTATION_VALUE") or "",
                start=slots.get(annotation.get("TIME_SLOT_REF1", "")),
                end=slots.get(annotation.get("TIME_SLOT_REF2", "")),
            )
        for annotation in tier.iter("REF_ANNOTATION"):
            found[annotation.get("ANNOTATION_ID", "")] = _Annotation(
                tier=tier_id,
                value=annotation.findtext("ANNOTATION_VALUE") or "",
                ref=annotation.get("ANNOTATION_REF"),
            )
    return found


def _times(aid: str, annotations: dict[str, _Annotation]) -> tuple[int | None, int | None]:
    """An annotation's own times, or those of the annotation it refers to (transitively)."""
    seen: set[str] = set()
    current: _Annotation | None = annotations.get(aid)
    while current is not None and current.ref is not None and aid not in seen:
        seen.add(aid)
        aid = current.ref
        current = annotations.get(aid)
    return (None, None) if current is None else (current.start, current.end)


def _detail_kind(tier_id: str, tiers: dict[str, ET.Element]) -> str | None:
    """The kind ("actor" or "note") of Attune's dependent tiers (`actor@VIG-3`), else None."""
    kind, at, parent = tier_id.partition("@")
    tier = tiers.get(tier_id)
    if not at or kind not in _DETAIL_KINDS or tier is None:
        return None
    return kind if tier.get("PARENT_REF") == parent else None


def _details(
    tiers: dict[str, ET.Element], annotations: dict[str, _Annotation]
) -> dict[str, dict[str, str]]:
    """Kind -> the annotation a detail refers to -> the detail's words."""
    details: dict[str, dict[str, str]] = {kind: {} for kind in _DETAIL_KINDS}
    for annotation in annotations.values():
        kind = _detail_kind(annotation.tier, tiers)
        words = " ".join(annotation.value.split())
        if kind is not None and annotation.ref is not None and words:
            details[kind][annotation.ref] = words
    return details


def _codes(value: str, tier: str) -> tuple[str, ...]:
    """The annotation's value, then the tier's name unless that names an actor (or is
    "uncoded", where Attune writes markers not yet coded)."""
    fallback = "" if actor_named(tier) is not None or tier == UNCODED_TIER else tier
    return tuple(dict.fromkeys(c for c in (value.strip(), fallback) if c))


def _base(tier_id: str) -> str:
    numbered = _NUMBERED.match(tier_id)
    return (numbered.group(1) if numbered else tier_id).strip()
