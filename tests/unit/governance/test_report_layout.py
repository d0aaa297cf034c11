"""The session report's layout on its own (no vault): many moments flow onto more pages,
words in any script are kept with a Unicode font, and without one the core font still
renders them (as '?' where it must), every page with its number and the confidential line."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from PIL import Image

from vfapp.domain.report_content import PrincipleCount, ReportContent, ReportFilm, ReportMoment
from vfapp.governance import report_pdf


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (120, 160, 200)).save(out, format="PNG")
    return out.getvalue()


def content(moments: int, caption: str) -> ReportContent:
    return ReportContent(
        case_code="PIP-0042",
        visited_on=date(2027, 3, 1),
        place="home",
        activity="feeding",
        made_by="guider",
        made_at=datetime(2027, 3, 2, 9, 30, tzinfo=UTC),
        films=(ReportFilm(number=1, length_s=754.0, imported=False),),
        moments=tuple(
            ReportMoment(
                number=n,
                title=f"Moment number {n}",
                question="What was she telling you?" if n % 2 else None,
                film=1,
                start_ms=1_000 * n,
                end_ms=1_000 * n + 9_000,
                still_png=png(640, 360) if n % 3 else png(360, 640),
                still_caption=caption if n % 2 else None,
            )
            for n in range(1, moments + 1)
        ),
        principles=(
            PrincipleCount(
                codebook="VIG",
                code="VIG-1",
                name="Being attentive",
                colour="#4f7ca8",
                tags=4,
                seconds=12.5,
            ),
            PrincipleCount(
                codebook="VIG",
                code="VIG-2",
                name="Encouraging initiatives" * 4,
                colour="#5a9a78",
                tags=0,
                seconds=0,
            ),
        ),
        uncoded=0,
    )


@pytest.mark.parametrize("unicode_font", [True, False])
def test_long_reports_flow_onto_numbered_pages(
    unicode_font: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not unicode_font:
        monkeypatch.setattr(report_pdf, "font_file", lambda style="regular": None)
    elif report_pdf.font_file() is None:
        pytest.skip("no Unicode TrueType font on this system")
    steps: list[float] = []
    data, pages = report_pdf.render_report(
        content(7, "Ти мене чуєш, мамо? \u2018Peekaboo\u2019"), steps.append
    )
    assert data.startswith(b"%PDF-") and pages >= 3
    assert steps == [n / 7 for n in range(1, 8)]
