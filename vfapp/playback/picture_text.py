"""Words drawn on pictures with Pillow: a reel's title cards, a still's caption and watermark."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from vfapp.playback.video_session import RGB

WATERMARK = "Attune · confidential"
CARD_BACKGROUND = (246, 242, 234)  # a warm off-white
INK = (45, 52, 54)
SOFT_INK = (110, 118, 122)

# A font with wide Unicode coverage when the system has one (captions are often in a
# parent's own language); Pillow's own font otherwise (and the PDF's core font).
_FONTS = {
    "regular": (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
        "/Library/Fonts/Arial Unicode.ttf",
        "C:/Windows/Fonts/segoeui.ttf",
        "C:/Windows/Fonts/arial.ttf",
    ),
    "bold": (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
        "/System/Library/Fonts/Supplemental/Arial Bold.ttf",
        "C:/Windows/Fonts/segoeuib.ttf",
        "C:/Windows/Fonts/arialbd.ttf",
    ),
    "italic": (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans-Oblique.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Italic.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Italic.ttf",
        "/System/Library/Fonts/Supplemental/Arial Italic.ttf",
        "C:/Windows/Fonts/segoeuii.ttf",
        "C:/Windows/Fonts/ariali.ttf",
    ),
}

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@functools.cache
def font_file(style: str = "regular") -> Path | None:
    """A TrueType font on this system ("regular", "bold" or "italic"), or None."""
    for name in _FONTS[style]:
        if Path(name).is_file():
            return Path(name)
    return None


@functools.cache
def pil_font(size: int, bold: bool = False) -> Font:
    found = font_file("bold" if bold else "regular") or font_file("regular")
    if found is not None:
        return ImageFont.truetype(str(found), size)
    return ImageFont.load_default(size)


def wrap(draw: ImageDraw.ImageDraw, text: str, font: Font, width: float) -> list[str]:
    """`text` broken into lines no wider than `width` pixels (a long word alone on a line)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if line and draw.textlength(candidate, font=font) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def title_card(width: int, height: int, title: str, subtitle: str | None = None) -> RGB:
    """A plain frame with a moment's title in the middle and a small line above it."""
    image = Image.new("RGB", (width, height), CARD_BACKGROUND)
    draw = ImageDraw.Draw(image)
    big = pil_font(max(12, height // 11), bold=True)
    small = pil_font(max(10, height // 22))
    lines = wrap(draw, title, big, width * 0.8)
    line_h = big.size * 1.3 if isinstance(big, ImageFont.FreeTypeFont) else 14
    top = height / 2 - line_h * len(lines) / 2
    if subtitle:
        draw.text((width / 2, top - line_h * 0.6), subtitle, font=small, fill=SOFT_INK, anchor="ms")
    for number, line in enumerate(lines):
        y = top + line_h * (number + 0.75)
        draw.text((width / 2, y), line, font=big, fill=INK, anchor="ms")
    return np.asarray(image, dtype=np.uint8).copy()


def with_caption(rgb: RGB, caption: str | None, watermark: bool) -> RGB:
    """The picture with its caption on a band beneath it and, if asked, a faint watermark."""
    picture = Image.fromarray(rgb)
    width, height = picture.size
    if watermark:
        picture = _watermarked(picture)
    if not caption:
        return np.asarray(picture, dtype=np.uint8).copy()
    font = pil_font(max(12, width // 28))
    measure = ImageDraw.Draw(picture)
    lines = wrap(measure, caption, font, width * 0.9)
    line_h = round(font.size * 1.35) if isinstance(font, ImageFont.FreeTypeFont) else 16
    band = line_h * len(lines) + line_h
    framed = Image.new("RGB", (width, height + band), CARD_BACKGROUND)
    framed.paste(picture, (0, 0))
    draw = ImageDraw.Draw(framed)
    for number, line in enumerate(lines):
        y = height + line_h * (number + 1)
        draw.text((width / 2, y), line, font=font, fill=INK, anchor="ms")
    return np.asarray(framed, dtype=np.uint8).copy()


def _watermarked(picture: Image.Image) -> Image.Image:
    width, height = picture.size
    font = pil_font(max(9, width // 45))
    layer = Image.new("RGBA", picture.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    margin = max(4, width // 80)
    where = (width - margin, height - margin)
    draw.text((where[0] + 1, where[1] + 1), WATERMARK, font=font, fill=(0, 0, 0, 70), anchor="rd")
    draw.text(where, WATERMARK, font=font, fill=(255, 255, 255, 120), anchor="rd")
    return Image.alpha_composite(picture.convert("RGBA"), layer).convert("RGB")
