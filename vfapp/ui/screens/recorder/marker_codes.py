"""The markers a key drops while filming. Keys 1-6 code a marker with one of the six VIG
principles of attuned interaction and guidance (../shared/domain/codebooks.md), stored as
"VIG-1" ... "VIG-6" in the marker's `code` (from the foundation up, as the codebook lists
them); Space drops an uncoded marker; Shift+Space marks the last LOOKBACK_S seconds."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

LOOKBACK_S = 10.0
CODE_PREFIX = "VIG-"


def tr(text: str) -> str:
    return QCoreApplication.translate("MarkerCodes", text)


def vig_principles() -> dict[int, str]:
    return {
        1: tr("Being attentive"),
        2: tr("Encouraging initiatives"),
        3: tr("Receiving initiatives"),
        4: tr("Developing attuned interactions"),
        5: tr("Guiding"),
        6: tr("Deepening discussion"),
    }


def code_for_key(number: int) -> str:
    return f"{CODE_PREFIX}{number}"


def describe(code: str | None) -> str:
    """What a marker's code means, for the list: "3 Receiving initiatives"."""
    if code is None:
        return ""
    if code.startswith(CODE_PREFIX) and code[len(CODE_PREFIX) :].isdigit():
        number = int(code[len(CODE_PREFIX) :])
        name = vig_principles().get(number)
        if name is not None:
            return f"{number} {name}"
    return code


def clock(ms: int) -> str:
    seconds = ms // 1000
    return f"{seconds // 3600:d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
