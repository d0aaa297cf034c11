"""A film's codes as an ELAN annotation document (EAF 3.0).

One tier per principle (or per actor, as chosen). Each tag is an ALIGNABLE_ANNOTATION whose
value is its code (empty for an uncoded marker). A point lasts 40 ms (POINT_MS: one frame
at 25 fps) because ELAN annotations need an end; the header's PROPERTY `attune:points` lists
the annotations that are points, so reading the file back gives points again. Tags on one
tier may not overlap in ELAN: an overlapping tag goes to the next tier of the same name
with a number, "VIG-3 (2)". Dependent tiers (Symbolic_Association) carry what the tier
does not say: `actor@TIER` (the actor, in the per-principle layout) and `note@TIER` (the
note, only when notes were asked for). The media is a relative placeholder,
`film-<id>.mp4`, never a path or a family's code.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections import defaultdict

from vfapp.domain.interchange.models import POINT_MS, CodeRow, CodeSheet, EafLayout

POINTS_PROPERTY = "attune:points"
# Characters XML 1.0 cannot carry at all (control characters a pasted note may hold).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CODE_TYPE = "attune-code"
UNCODED_TIER = "uncoded"  # markers not yet coded, in the per-principle layout
DETAIL_TYPE = "attune-detail"
_CONSTRAINTS = (
    ("Time_Subdivision", "Time subdivision of parent annotation's time interval, no time "
     "gaps allowed within this interval"),
    ("Symbolic_Subdivision", "Symbolic subdivision of a parent annotation. Annotations "
     "refering to the same parent are ordered"),
    ("Symbolic_Association", "1-1 association with a parent annotation"),
    ("Included_In", "Time alignable annotations within the parent annotation's time "
     "interval, gaps are allowed"),
)  # fmt: skip


def tier_key(row: CodeRow, layout: EafLayout) -> str:
    """The tier a tag belongs on, before overlaps are spread over numbered tiers."""
    if layout is EafLayout.ACTOR:
        return row.actor.value
    return row.principle or row.code or UNCODED_TIER


def lanes(sheet: CodeSheet, layout: EafLayout) -> dict[str, list[CodeRow]]:
    """Tier name -> its tags in time order, none overlapping another on the same tier."""
    grouped: dict[str, list[CodeRow]] = defaultdict(list)
    for row in sorted(sheet.rows, key=lambda r: (r.start_ms, _end(r), str(r.tag_id))):
        grouped[tier_key(row, layout)].append(row)
    tiers: dict[str, list[CodeRow]] = {}
    for key in sorted(grouped):
        ends: list[int] = []
        for row in grouped[key]:
            lane = next((i for i, end in enumerate(ends) if end <= row.start_ms), len(ends))
            if lane == len(ends):
                ends.append(0)
            ends[lane] = _end(row)
            tiers.setdefault(key if lane == 0 else f"{key} ({lane + 1})", []).append(row)
    return tiers


def eaf_text(sheet: CodeSheet, layout: EafLayout = EafLayout.PRINCIPLE) -> str:
    """The whole document, UTF-8 XML text."""
    tiers = lanes(sheet, layout)
    numbered: list[tuple[str, str, CodeRow]] = []  # (annotation id, tier, tag)
    for tier, rows in tiers.items():
        numbered += [(f"a{len(numbered) + i + 1}", tier, row) for i, row in enumerate(rows)]
    slots = _slots(numbered)
    root = ET.Element(
        "ANNOTATION_DOCUMENT",
        {
            "AUTHOR": "Attune",
            "DATE": sheet.made_at.isoformat(timespec="seconds"),
            "FORMAT": "3.0",
            "VERSION": "3.0",
            "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
            "xsi:noNamespaceSchemaLocation": "http://www.mpi.nl/tools/elan/EAFv3.0.xsd",
        },
    )
    points = [aid for aid, _, row in numbered if row.end_ms is None]
    ref_ids = _header(root, sheet, len(numbered), points)
    order = ET.SubElement(root, "TIME_ORDER")
    for slot_id, value in sorted(slots.values(), key=lambda s: int(s[0][2:])):
        ET.SubElement(order, "TIME_SLOT", {"TIME_SLOT_ID": slot_id, "TIME_VALUE": str(value)})
    for tier, rows in tiers.items():
        ids = [aid for aid, name, _ in numbered if name == tier]
        _tier(root, tier, rows, ids, slots, layout)
        details = _details(rows, layout)
        for kind, values in details.items():
            child = _tier_element(root, f"{kind}@{tier}", DETAIL_TYPE, parent=tier)
            for aid, words in zip(ids, values, strict=True):
                if words is not None:
                    _ref(child, f"a{next(ref_ids)}", aid, words)
    ET.SubElement(
        root,
        "LINGUISTIC_TYPE",
        {"GRAPHIC_REFERENCES": "false", "LINGUISTIC_TYPE_ID": CODE_TYPE, "TIME_ALIGNABLE": "true"},
    )
    ET.SubElement(
        root,
        "LINGUISTIC_TYPE",
        {
            "CONSTRAINTS": "Symbolic_Association",
            "GRAPHIC_REFERENCES": "false",
            "LINGUISTIC_TYPE_ID": DETAIL_TYPE,
            "TIME_ALIGNABLE": "false",
        },
    )
    for stereotype, description in _CONSTRAINTS:
        ET.SubElement(root, "CONSTRAINT", {"DESCRIPTION": description, "STEREOTYPE": stereotype})
    ET.indent(root, space="    ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def xml_text(words: str) -> str:
    """`words` without the characters XML cannot hold."""
    return _NOT_XML.sub("", words)


def _end(row: CodeRow) -> int:
    return row.end_ms if row.end_ms is not None else row.start_ms + POINT_MS


def _slots(numbered: list[tuple[str, str, CodeRow]]) -> dict[tuple[str, int], tuple[str, int]]:
    """(annotation id, 1 or 2) -> (slot id, time), slots numbered in time order."""
    ends = [((aid, 1), row.start_ms) for aid, _, row in numbered]
    ends += [((aid, 2), _end(row)) for aid, _, row in numbered]
    ends.sort(key=lambda e: (e[1], int(e[0][0][1:]), e[0][1]))
    return {key: (f"ts{i + 1}", value) for i, (key, value) in enumerate(ends)}


def _header(root: ET.Element, sheet: CodeSheet, count: int, points: list[str]) -> _Counter:
    header = ET.SubElement(root, "HEADER", {"MEDIA_FILE": "", "TIME_UNITS": "milliseconds"})
    ET.SubElement(
        header,
        "MEDIA_DESCRIPTOR",
        {
            "MEDIA_URL": f"file:///{sheet.media_name}",
            "MIME_TYPE": "video/mp4",
            "RELATIVE_MEDIA_URL": f"./{sheet.media_name}",
        },
    )
    urn = uuid.uuid5(uuid.NAMESPACE_URL, f"attune:{sheet.film}:{sheet.made_at.isoformat()}")
    _property(header, "URN", f"urn:nl-mpi-tools-elan-eaf:{urn}")
    last = _property(header, "lastUsedAnnotationId", str(count))
    _property(header, POINTS_PROPERTY, " ".join(points))
    return _Counter(count, last)


def _property(header: ET.Element, name: str, value: str) -> ET.Element:
    element = ET.SubElement(header, "PROPERTY", {"NAME": name})
    element.text = value
    return element


def _tier_element(
    root: ET.Element, tier: str, kind: str, *, parent: str | None = None, who: str | None = None
) -> ET.Element:
    attributes = {"LINGUISTIC_TYPE_REF": kind, "TIER_ID": tier}
    if parent is not None:
        attributes["PARENT_REF"] = parent
    if who is not None:
        attributes["PARTICIPANT"] = who
    return ET.SubElement(root, "TIER", attributes)


def _tier(
    root: ET.Element,
    tier: str,
    rows: list[CodeRow],
    ids: list[str],
    slots: dict[tuple[str, int], tuple[str, int]],
    layout: EafLayout,
) -> None:
    who = rows[0].actor.value if layout is EafLayout.ACTOR else None
    element = _tier_element(root, tier, CODE_TYPE, who=who)
    for aid, row in zip(ids, rows, strict=True):
        annotation = ET.SubElement(ET.SubElement(element, "ANNOTATION"), "ALIGNABLE_ANNOTATION")
        annotation.attrib.update(
            ANNOTATION_ID=aid, TIME_SLOT_REF1=slots[aid, 1][0], TIME_SLOT_REF2=slots[aid, 2][0]
        )
        ET.SubElement(annotation, "ANNOTATION_VALUE").text = xml_text(row.code or "")


def _details(rows: list[CodeRow], layout: EafLayout) -> dict[str, list[str | None]]:
    """The dependent tiers a tier needs: actor (per principle) and note (when any)."""
    details: dict[str, list[str | None]] = {}
    if layout is EafLayout.PRINCIPLE:
        details["actor"] = [row.actor.value for row in rows]
    if any(row.note for row in rows):
        details["note"] = [row.note or None for row in rows]
    return details


def _ref(tier: ET.Element, aid: str, parent: str, value: str) -> None:
    annotation = ET.SubElement(ET.SubElement(tier, "ANNOTATION"), "REF_ANNOTATION")
    annotation.attrib.update(ANNOTATION_ID=aid, ANNOTATION_REF=parent)
    ET.SubElement(annotation, "ANNOTATION_VALUE").text = xml_text(value)


class _Counter:
    """Hands out annotation numbers after the tags' own and keeps lastUsedAnnotationId."""

    def __init__(self, start: int, last: ET.Element) -> None:
        self._value = start
        self._last = last

    def __iter__(self) -> _Counter:
        return self

    def __next__(self) -> int:
        self._value += 1
        self._last.text = str(self._value)
        return self._value
