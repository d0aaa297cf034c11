"""A session report laid out as an A4 PDF with fpdf2, in memory: the visit, the review plan's
moments with their stills, tags per principle as a small bar chart, and (if asked) notes."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from itertools import groupby

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image

from vfapp.domain.report_content import PrincipleCount, ReportContent, ReportMoment
from vfapp.playback.picture_text import font_file

INK = (45, 52, 54)
SOFT = (110, 118, 122)
RULE = (214, 208, 196)
PANEL = (246, 242, 234)
MARGIN = 18.0
STILL_W = 72.0  # mm
STILL_MAX_H = 58.0
BAR_LABEL_W = 74.0
CONFIDENTIAL = "Confidential: about a family in our care. Keep it secure; do not copy or forward."

Step = Callable[[float], None]


class _Report(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=22)
        self.family_name = _fonts(self)
        self.set_creator("Attune")
        self.set_title("Session report")

    def footer(self) -> None:
        self.set_y(-14)
        self.set_draw_color(*RULE)
        self.line(MARGIN, self.get_y() - 2, self.w - MARGIN, self.get_y() - 2)
        self.set_font(self.family_name, "", 8)
        self.set_text_color(*SOFT)
        self.cell(0, 5, _text(self, CONFIDENTIAL), align="L")
        self.set_x(MARGIN)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")


def render_report(content: ReportContent, step: Step | None = None) -> tuple[bytes, int]:
    """The report's PDF bytes and its page count. `step(fraction)` is told as it goes."""
    pdf = _Report()
    pdf.add_page()
    _heading(pdf, content)
    _facts(pdf, content)
    _moments(pdf, content, step)
    _principles(pdf, content)
    _notes(pdf, content)
    data = bytes(pdf.output())
    return data, pdf.page_no()


def _fonts(pdf: FPDF) -> str:
    """Register a Unicode TrueType family when the system has one; else the core Helvetica."""
    regular = font_file("regular")
    if regular is None:
        return "helvetica"
    pdf.add_font("body", "", str(regular))
    pdf.add_font("body", "B", str(font_file("bold") or regular))
    pdf.add_font("body", "I", str(font_file("italic") or regular))
    return "body"


def _text(pdf: _Report, words: str) -> str:
    """Words the font can show: the core font knows Latin-1 only, so others become '?'."""
    if pdf.family_name != "helvetica":
        return words
    plain = words.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    plain = plain.replace("\u201d", '"').replace("\u2013", "-").replace("\u2014", "-")
    return plain.replace("\u00b7", "-").encode("latin-1", "replace").decode("latin-1")


def _style(pdf: _Report, size: float, style: str = "", colour: tuple[int, int, int] = INK) -> None:
    pdf.set_font(pdf.family_name, style, size)
    pdf.set_text_color(*colour)


def _heading(pdf: _Report, content: ReportContent) -> None:
    _style(pdf, 9, "B", SOFT)
    line = _text(pdf, "ATTUNE  ·  VIDEO INTERACTION GUIDANCE")
    pdf.cell(0, 5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _style(pdf, 22, "B")
    pdf.cell(0, 12, "Session report", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _style(pdf, 12, "", SOFT)
    when = f"{content.visited_on:%A} {_day(content.visited_on)}"
    pdf.cell(
        0, 7, _text(pdf, f"{content.case_code}  ·  {when}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.ln(4)


def _facts(pdf: _Report, content: ReportContent) -> None:
    films = ", ".join(
        f"film {f.number}"
        + (f" ({_clock(f.length_s)})" if f.length_s is not None else "")
        + (" imported" if f.imported else "")
        for f in content.films
    )
    made = content.made_at.astimezone()  # the reader's own clock, not UTC
    rows = [
        ("Family (case code)", content.case_code),
        ("Visit", _day(content.visited_on)),
        ("Activity", content.activity.capitalize()),
        ("Place", content.place.capitalize()),
        ("Films", films or "none"),
        ("Prepared by", f"{content.made_by}, {_day(made)} {made:%H:%M}"),
    ]
    pdf.set_fill_color(*PANEL)
    top = pdf.get_y()
    pdf.rect(MARGIN, top, pdf.w - 2 * MARGIN, 6.5 * len(rows) + 4, style="F")
    pdf.set_y(top + 2)
    for label, value in rows:
        pdf.set_x(MARGIN + 4)
        _style(pdf, 10, "", SOFT)
        pdf.cell(42, 6.5, label)
        _style(pdf, 10)
        pdf.cell(0, 6.5, _text(pdf, value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(8)


def _section(pdf: _Report, title: str, room: float = 30) -> None:
    if pdf.get_y() + room > pdf.page_break_trigger:
        pdf.add_page()
    _style(pdf, 14, "B")
    pdf.cell(0, 8, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_draw_color(*RULE)
    pdf.line(MARGIN, pdf.get_y(), pdf.w - MARGIN, pdf.get_y())
    pdf.ln(4)


def _paragraph(
    pdf: _Report,
    words: str,
    size: float = 10.5,
    style: str = "",
    colour: tuple[int, int, int] = INK,
) -> None:
    _style(pdf, size, style, colour)
    pdf.multi_cell(0, size * 0.5, _text(pdf, words), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _moments(pdf: _Report, content: ReportContent, step: Step | None) -> None:
    count = len(content.moments)
    _section(pdf, "The review plan")
    if not count:
        _paragraph(pdf, "No review plan: no moments were chosen for this visit's shared review.")
        pdf.ln(6)
        return
    chosen = f"{count} moment{'s' * (count != 1)} chosen to look at together with the parent."
    _paragraph(pdf, chosen, colour=SOFT)
    pdf.ln(3)
    for moment in content.moments:
        _moment(pdf, moment)
        if step is not None:
            step(moment.number / count)
    pdf.ln(2)


def _moment(pdf: _Report, moment: ReportMoment) -> None:
    """A moment's still (and caption) on the left, its title, span and question beside it."""
    size = _still_size(moment.still_png) if moment.still_png else None
    height = max(size[1] + 12 if size else 0, 30)
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()
    top = bottom = pdf.get_y()
    text_x = MARGIN
    if moment.still_png and size:
        # A portrait still sits in the middle of the column, so the text column stays put.
        left = MARGIN + (STILL_W - size[0]) / 2
        pdf.image(io.BytesIO(moment.still_png), x=left, y=top, w=size[0], h=size[1])
        bottom = top + size[1]
        if moment.still_caption:
            pdf.set_xy(MARGIN, bottom + 1.5)
            _style(pdf, 9, "I", SOFT)
            pdf.multi_cell(STILL_W, 4.3, _text(pdf, f"“{moment.still_caption}”"), align="C")
            bottom = pdf.get_y()
        text_x = MARGIN + STILL_W + 7
    width = pdf.w - MARGIN - text_x
    pdf.set_xy(text_x, top)
    _style(pdf, 9, "B", SOFT)
    pdf.cell(width, 5, f"MOMENT {moment.number}", new_x=XPos.LEFT, new_y=YPos.NEXT)
    _style(pdf, 13, "B")
    pdf.multi_cell(
        width, 6.2, _text(pdf, moment.title), align="L", new_x=XPos.LEFT, new_y=YPos.NEXT
    )
    span = (
        f"Film {moment.film}, {_clock(moment.start_ms / 1000)} to {_clock(moment.end_ms / 1000)}"
        f" ({(moment.end_ms - moment.start_ms) / 1000:.1f} s)"
    )
    _style(pdf, 9.5, "", SOFT)
    pdf.cell(width, 6, span, new_x=XPos.LEFT, new_y=YPos.NEXT)
    if moment.question:
        pdf.set_xy(text_x, pdf.get_y() + 1.5)
        _style(pdf, 10.5, "I")
        pdf.multi_cell(
            width,
            5.2,
            _text(pdf, f"To wonder about: {moment.question}"),
            align="L",
            new_x=XPos.LEFT,
            new_y=YPos.NEXT,
        )
    if moment.still_png is None:
        pdf.set_xy(text_x, pdf.get_y() + 1)
        _style(pdf, 9, "", SOFT)
        pdf.cell(width, 5, "No still chosen for this moment.", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_y(max(pdf.get_y(), bottom) + 7)


def _still_size(png: bytes) -> tuple[float, float]:
    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    w = STILL_W
    h = w * height / width
    if h > STILL_MAX_H:
        h, w = STILL_MAX_H, STILL_MAX_H * width / height
    return w, h


def _principles(pdf: _Report, content: ReportContent) -> None:
    _section(pdf, "Tags by principle", room=50)
    if not content.principles:
        words = "No tags were coded on this visit's films."
        if content.uncoded:
            words += f" {_uncoded(content.uncoded)}"
        _paragraph(pdf, words)
        pdf.ln(6)
        return
    for book, rows in groupby(content.principles, key=lambda row: row.codebook):
        _chart(pdf, book, list(rows))
    if content.uncoded:
        _paragraph(pdf, _uncoded(content.uncoded), size=9.5, colour=SOFT)
    pdf.ln(6)


def _uncoded(count: int) -> str:
    return f"{count} tag{'s' * (count != 1)} or marker{'s' * (count != 1)} not yet coded."


def _chart(pdf: _Report, book: str, rows: list[PrincipleCount]) -> None:
    """One horizontal bar per principle in its codebook colour, its count at the end."""
    bar_h, gap = 5.0, 2.4
    if pdf.get_y() + 10 + len(rows) * (bar_h + gap) > pdf.page_break_trigger:
        pdf.add_page()
    _paragraph(pdf, book, size=10.5, style="B")
    pdf.ln(1.5)
    longest = max((row.tags for row in rows), default=0) or 1
    room = pdf.w - 2 * MARGIN - BAR_LABEL_W - 22
    for row in rows:
        y = pdf.get_y()
        _style(pdf, 9, "", INK)
        pdf.set_x(MARGIN)
        label = _fit(pdf, f"{row.code}  {row.name}", BAR_LABEL_W - 3)
        pdf.cell(BAR_LABEL_W, bar_h, label)
        pdf.set_fill_color(*RULE)
        pdf.rect(MARGIN + BAR_LABEL_W, y + bar_h - 0.4, room, 0.3, style="F")  # a baseline
        width = room * row.tags / longest
        if width > 0:
            pdf.set_fill_color(*_rgb(row.colour))
            pdf.rect(MARGIN + BAR_LABEL_W, y + 0.4, width, bar_h - 0.8, style="F")
        pdf.set_xy(MARGIN + BAR_LABEL_W + width + 2, y)
        _style(pdf, 9, "B" if row.tags else "", INK if row.tags else SOFT)
        seconds = f"  ({row.seconds:g} s)" if row.seconds else ""
        pdf.cell(20, bar_h, f"{row.tags}{seconds}")
        pdf.set_y(y + bar_h + gap)
    pdf.ln(3)


def _notes(pdf: _Report, content: ReportContent) -> None:
    if content.notes is None:
        _paragraph(pdf, "Notes on tags are not included in this report.", size=9, colour=SOFT)
        return
    _section(pdf, "Notes on tags")
    if not content.notes:
        _paragraph(pdf, "No tag on this visit's films has a note.")
        return
    for note in content.notes:
        when = f"Film {note.film}, {_clock(note.at_ms / 1000)}"
        code = f", {note.code}" if note.code else ""
        _paragraph(pdf, f"{when}{code} ({note.actor.replace('_', ' ')})", size=9, colour=SOFT)
        _paragraph(pdf, note.text, size=10.5)
        pdf.ln(2.5)


def _fit(pdf: _Report, words: str, width: float) -> str:
    words = _text(pdf, words)
    if pdf.get_string_width(words) <= width:
        return words
    while words and pdf.get_string_width(words + "...") > width:
        words = words[:-1]
    return words.rstrip() + "..."


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _clock(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}"


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
