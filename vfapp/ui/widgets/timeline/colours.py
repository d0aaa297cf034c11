"""The timeline's colours, taken from the widget's palette so that light and dark themes both
read well; only the tags bring their own colours."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

Role = QPalette.ColorRole


def blend(a: QColor, b: QColor, amount: float) -> QColor:
    """`amount` of the way from a to b."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


def with_alpha(colour: QColor, alpha: int) -> QColor:
    copy = QColor(colour)
    copy.setAlpha(alpha)
    return copy


def text_on(fill: QColor) -> QColor:
    """Black or white, whichever reads better on `fill` (relative luminance, WCAG)."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    luminance = (
        0.2126 * channel(fill.redF())
        + 0.7152 * channel(fill.greenF())
        + 0.0722 * channel(fill.blueF())
    )
    return QColor("#000000") if luminance > 0.22 else QColor("#ffffff")


@dataclass(frozen=True)
class Colours:
    dark: bool
    lanes: QColor
    lanes_alternate: QColor
    panel: QColor  # gutter and ruler
    text: QColor
    quiet_text: QColor
    line: QColor
    tick: QColor
    highlight: QColor
    selection: QColor
    uncoded_fill: QColor
    uncoded_edge: QColor
    playhead: QColor
    outline: QColor  # around the selected item

    @classmethod
    def from_palette(cls, palette: QPalette) -> Colours:
        base = palette.color(Role.Base)
        text = palette.color(Role.WindowText)
        window = palette.color(Role.Window)
        dark = base.lightness() < 128
        highlight = palette.color(Role.Highlight)
        return cls(
            dark=dark,
            lanes=base,
            lanes_alternate=blend(base, text, 0.035),
            panel=blend(window, text, 0.04),
            text=text,
            quiet_text=blend(window, text, 0.62),
            line=blend(base, text, 0.16),
            tick=blend(window, text, 0.45),
            highlight=highlight,
            selection=with_alpha(highlight, 56),
            uncoded_fill=with_alpha(QColor("#9aa0a6"), 110 if dark else 90),
            uncoded_edge=QColor("#bdc1c6") if dark else QColor("#5f6368"),
            playhead=QColor("#ff6e40") if dark else QColor("#f4511e"),
            outline=text,
        )
