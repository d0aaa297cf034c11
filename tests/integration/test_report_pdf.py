"""The session report on a real vault: a PDF whose pages render (pdftoppm) and whose text
(pdftotext) holds the case code, the moments' titles, questions and captions, and the tags per
principle; notes only when asked; a visit with no plan says so; refusals by consent and role;
a cancel leaves nothing; one audit event without the report's words."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from uuid import UUID

import pytest

from tests.integration.test_stills import consent_to, events, make_film
from vfapp.domain.errors import ConsentMissing, InvalidInput, NotPermitted
from vfapp.domain.exports import ExportCancelled
from vfapp.domain.governance import Role
from vfapp.governance import codebook_ops, plan_ops, report_ops, still_ops, tag_ops
from vfapp.governance.actor import Actor
from vfapp.vault import casework
from vfapp.vault.recordings import get_recording

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils (pdftotext, pdftoppm) is not installed",
)

CAPTION = "I love it when you copy my sounds, Mummy!"
NOTE = "Baby turns to the parent and smiles; parent names it warmly."


def pdf_text(path: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def render_pages(path: Path, folder: Path) -> list[Path]:
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(path), str(folder / "page")],
        check=True,
        capture_output=True,
    )
    return sorted(folder.glob("page*.png"))


@pytest.fixture
def film(admin: Actor, family: UUID) -> UUID:
    consent_to(admin, family)
    return make_film(admin.vault, 12)


@pytest.fixture
def visit(admin: Actor, film: UUID) -> UUID:
    return get_recording(admin.vault, film).visit_id


@pytest.fixture
def planned(admin: Actor, film: UUID, visit: UUID) -> UUID:
    """Three moments, two with stills (one captioned), and VIG tags with a note."""
    smile = still_ops.make_still(admin, film, 40, CAPTION)
    turn = still_ops.make_still(admin, film, 200, None)
    plan_ops.add_moment(
        admin, visit, film, 1_000, 4_000, "Copying sounds", "What was she telling you?", smile.id
    )
    plan_ops.add_moment(admin, visit, film, 5_000, 8_000, "A shared look", None, turn.id)
    plan_ops.add_moment(admin, visit, film, 9_000, 11_000, "Waiting together", "How did it feel?")
    (vig, *_) = codebook_ops.install_default_codebooks(admin)
    for at in (1_500, 2_500, 6_000):
        tag_ops.add_tag(admin, film, at, code="VIG-3.4", codebook_id=vig.id)
    tag_ops.add_tag(admin, film, 5_000, 7_000, code="VIG-1", codebook_id=vig.id, note=NOTE)
    tag_ops.add_tag(admin, film, 9_500, code="VIG-2.1", codebook_id=vig.id)
    tag_ops.add_tag(admin, film, 10_000)  # uncoded
    return visit


def test_the_report_shows_the_plan_stills_and_tags(
    admin: Actor, planned: UUID, tmp_path: Path
) -> None:
    seen: list[tuple[float, str]] = []
    target = tmp_path / "report.pdf"
    result = report_ops.export_report(
        admin, planned, target, progress=lambda f, what: seen.append((f, what))
    )
    assert result.path == target and result.bytes == target.stat().st_size
    assert result.pages is not None and result.pages >= 1
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".*partial"))
    assert seen[-1] == (1.0, "done") and [f for f, _ in seen] == sorted(f for f, _ in seen)
    text = " ".join(pdf_text(target).split())
    for words in (
        "PIP-0042",
        "Session report",
        "Copying sounds",
        "A shared look",
        "Waiting together",
        "What was she telling you?",
        CAPTION,
        "Being attentive",
        "Confidential",
        f"Page 1 of {result.pages}",
        "1 tag or marker not yet coded",
        "Notes on tags are not included",
    ):
        assert words in text, words
    assert NOTE not in text
    pages = render_pages(target, tmp_path)
    assert len(pages) == result.pages
    # Kept for people to look at: VFAPP_REPORT_PAGES=folder copies the rendered pages there.
    keep = os.environ.get("VFAPP_REPORT_PAGES")
    if keep:
        for page in pages:
            shutil.copy(page, Path(keep) / page.name)
    done = [e for e in events(admin) if e.action == "recording.export"]
    assert [e.detail for e in done] == [
        f"session report exported: {result.pages} page(s), 3 moment(s)"
    ]
    assert done[0].record_id == planned


def test_notes_only_when_asked(admin: Actor, planned: UUID, tmp_path: Path) -> None:
    target = tmp_path / "with-notes.pdf"
    report_ops.export_report(admin, planned, target, include_notes=True)
    text = " ".join(pdf_text(target).split())
    assert NOTE in text and "Notes on tags" in text


def test_a_visit_with_no_plan_says_so(admin: Actor, visit: UUID, tmp_path: Path) -> None:
    target = tmp_path / "empty.pdf"
    result = report_ops.export_report(admin, visit, target)
    text = " ".join(pdf_text(target).split())
    assert "No review plan: no moments were chosen" in text
    assert "No tags were coded on this visit's films." in text
    assert result.pages == 1


def test_refusals_and_cancel_leave_nothing(
    admin: Actor, as_role: Callable[[Role], Actor], planned: UUID, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "report.pdf"
    with pytest.raises(NotPermitted):
        report_ops.export_report(as_role(Role.PRACTITIONER), planned, target)
    stranger = casework.add_family(admin.vault, "PIP-0099").value.id
    their_visit = casework.add_visit(admin.vault, stranger, get_recording_day(admin, planned))
    with pytest.raises(ConsentMissing, match=r"^Cannot export a film for family PIP-0099"):
        report_ops.export_report(admin, their_visit.value.id, target)
    with pytest.raises(InvalidInput, match=r"must end in \.pdf"):
        report_ops.export_report(admin, planned, out / "report.txt")
    with pytest.raises(InvalidInput, match="does not exist; make it first"):
        report_ops.export_report(admin, planned, out / "nowhere" / "report.pdf")
    cancel = threading.Event()

    def cancel_when_laying_out(fraction: float, what: str) -> None:
        if what == "laying out the report":
            cancel.set()

    with pytest.raises(ExportCancelled, match=r"^The export was cancelled; nothing was written"):
        report_ops.export_report(
            admin, planned, target, progress=cancel_when_laying_out, cancel=cancel
        )
    assert list(out.iterdir()) == []
    target.write_bytes(b"mine")
    with pytest.raises(InvalidInput, match="already exists"):
        report_ops.export_report(admin, planned, target)
    assert target.read_bytes() == b"mine"
    tried = [(e.outcome.value, e.detail) for e in events(admin) if e.action == "recording.export"]
    assert tried == [
        ("refused", "role does not permit"),
        ("refused", "no filming consent"),
        ("failed", "session report: cancelled"),
    ]


def get_recording_day(admin: Actor, visit: UUID):  # type: ignore[no-untyped-def]
    return casework.get_visit(admin.vault, visit).visited_on
