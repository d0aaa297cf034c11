"""How the workspace words times, actors and tags."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from vfapp.domain.tagging import Code, CodebookContent, Tag, TagActor


def _tr(text: str) -> str:
    return QCoreApplication.translate("workspace", text)


def clock_words(ms: int, *, exact: bool = False) -> str:
    """1:23 or, exact, 1:23.45 (hours when the film is that long)."""
    ms = max(0, ms)
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds = rest / 1000
    text = f"{seconds:05.2f}" if exact else f"{int(seconds):02d}"
    return f"{hours}:{minutes:02d}:{text}" if hours else f"{minutes}:{text}"


def span_words(start_ms: int, end_ms: int | None) -> str:
    if end_ms is None:
        return clock_words(start_ms, exact=True)
    return f"{clock_words(start_ms, exact=True)}-{clock_words(end_ms, exact=True)}"


def actor_words(actor: TagActor) -> str:
    return {
        TagActor.PARENT: _tr("Parent"),
        TagActor.INFANT: _tr("Baby"),
        TagActor.GUIDER: _tr("Guider"),
        TagActor.OTHER_ADULT: _tr("Other adult"),
        TagActor.SIBLING: _tr("Brother or sister"),
    }[actor]


def code_of(content: CodebookContent | None, code_id: str | None) -> Code | None:
    if content is None or code_id is None:
        return None
    return next((code for code in content.codes if code.id == code_id), None)


def principle_of(content: CodebookContent | None, code_id: str | None) -> Code | None:
    """The top-level code (a VIG principle) a code belongs to; itself if it has none."""
    code = code_of(content, code_id)
    while code is not None and code.parent is not None:
        code = code_of(content, code.parent)
    return code


def tag_code_words(content: CodebookContent | None, tag: Tag) -> str:
    if tag.code is None:
        return _tr("Not coded yet") if tag.from_marker else _tr("Not coded")
    code = code_of(content, tag.code)
    return f"{tag.code} {code.name}" if code else tag.code
