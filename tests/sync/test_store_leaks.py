"""After a full sync the team store holds only ciphertext under opaque names: no family code,
note, person's name, id or video signature appears in any object or name."""

from __future__ import annotations

import re
from pathlib import Path

from tests.sync.devices import Device
from tests.sync.test_team_sync import _film
from vfapp.governance.comment_ops import add_comment
from vfapp.governance.tag_ops import add_tag

MARKER = "ZEBRA-MARKER-7731"
_NAME = re.compile(
    r"^(d/[0-9a-f]{20}/(h|roster|b/[0-9a-f]{32}|m/[0-9a-f]{32}|r/[0-9a-f]{32}"
    r"|k/[0-9a-f]{20}/[0-9a-f]{32})|j/[0-9a-f]{32}|r/[0-9a-f]{32})$"
)


def test_the_store_sees_only_ciphertext_and_opaque_names(
    team: list[Device], store_dir: Path
) -> None:
    _admin, practitioner, supervisor, _other = team
    family, film = _film(practitioner, "PIP-7731")
    add_tag(practitioner.actor, film.id, 100, note=f"{MARKER} in a note")
    visit = practitioner.vault.db.query_one("SELECT id FROM visits")
    assert visit is not None
    practitioner.sync()
    supervisor.sync()
    add_comment(supervisor.actor, family_visit(practitioner), f"{MARKER} in a comment")
    for device in (supervisor, *team):
        device.sync()
    comments = practitioner.vault.db.query("SELECT body FROM comments")
    assert comments == [(f"{MARKER} in a comment",)]  # the supervisor's comment came back
    secrets = [MARKER, "PIP-7731", str(family.id), str(film.id), "Person 0", "Person 1", "admin"]
    needles = [s.encode() for s in secrets] + [s.encode("utf-16-le") for s in secrets]
    needles += [b"ftyp", b"moov", b"moof", b"mdat", b"SQLite format"]
    objects = [p for p in store_dir.rglob("*") if p.is_file()]
    assert len(objects) > 20
    for path in objects:
        name = path.relative_to(store_dir).as_posix()
        assert _NAME.match(name), f"an object name says more than it should: {name}"
        data = path.read_bytes()
        found = [n for n in needles if n in data]
        assert not found, f"{name} holds {found}"


def family_visit(device: Device):  # type: ignore[no-untyped-def]
    from uuid import UUID

    row = device.vault.db.query_one("SELECT id FROM visits")
    assert row is not None
    return UUID(row[0])
