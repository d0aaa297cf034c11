"""Codebooks as data: the shipped ones, reading and writing their JSON, and the edits a
codebook editor makes (each edit gives a new CodebookContent; versions are kept elsewhere).

Pure logic, so that both the governed operations and the screens can use it.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from pydantic import ValidationError

from vfapp.domain.errors import InvalidInput
from vfapp.domain.tagging import Code, CodebookContent

SHIPPED_FILES = ("vig.json", "vipp_sd.json", "circle_of_security.json")
DEFAULT_FILE = "vig.json"

_FIELD_WORDS = {
    "id": "needs an id of 1 to 40 characters",
    "name": "needs a name of 1 to 120 characters",
    "colour": "needs a colour written like #4f7ca8",
    "hotkey": "may have one key as its hotkey, no more",
    "hidden": "says hidden as true or false",
    "parent": "names its parent code by id",
}


def shipped_codebooks() -> list[CodebookContent]:
    """The codebooks that come with Attune: VIG (the default), VIPP-SD, Circle of Security."""
    return [parse_codebook(_shipped_text(name)) for name in SHIPPED_FILES]


def default_codebook() -> CodebookContent:
    return parse_codebook(_shipped_text(DEFAULT_FILE))


def _shipped_text(name: str) -> str:
    folder = resources.files("vfapp").joinpath("resources").joinpath("codebooks")
    return folder.joinpath(name).read_text(encoding="utf-8")


def parse_codebook(text: str) -> CodebookContent:
    """A codebook from its JSON; malformed JSON or a bad code is refused in plain words."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            "codebook file", f"is not valid JSON (line {error.lineno}: {error.msg})"
        ) from None
    if not isinstance(data, dict):
        raise InvalidInput("codebook file", "should hold one codebook: a name and its codes")
    try:
        return CodebookContent.model_validate(data)
    except ValidationError as error:
        raise _in_words(error, data) from None


def codebook_json(content: CodebookContent) -> str:
    """The JSON a codebook is exported as (and imported from)."""
    return json.dumps(content.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def _in_words(error: ValidationError, data: dict[str, Any]) -> InvalidInput:
    first = error.errors()[0]
    loc = first["loc"]
    message = str(first["msg"]).removeprefix("Value error, ")
    if not loc:
        return InvalidInput("codebook", message)
    if loc[0] == "codes" and len(loc) >= 2 and isinstance(loc[1], int):
        number = loc[1]
        codes = data.get("codes")
        raw = codes[number] if isinstance(codes, list) and number < len(codes) else None
        named_id = raw.get("id") if isinstance(raw, dict) else None
        named = f" ({named_id})" if isinstance(named_id, str) else ""
        field = str(loc[2]) if len(loc) >= 3 else ""
        words = _FIELD_WORDS.get(field, f"is not right: {message}")
        if len(loc) == 2:
            words = "should be a code with at least an id and a name"
        return InvalidInput(f"codebook's code number {number + 1}{named}", words)
    if loc[0] == "codes":
        return InvalidInput("codebook", "needs a list of codes")
    if loc[0] == "name":
        return InvalidInput("codebook", "needs a name of 1 to 80 characters")
    return InvalidInput(f"codebook's {loc[0]}", f"is not right: {message}")


def with_code(content: CodebookContent, code: Code) -> CodebookContent:
    """Add a code (a new principle, or a sub-element naming its parent)."""
    return _rebuilt(content, codes=(*content.codes, code))


def with_code_changed(
    content: CodebookContent,
    code_id: str,
    *,
    name: str | None = None,
    colour: str | None = None,
    hotkey: str | None = None,
    clear_hotkey: bool = False,
    hidden: bool | None = None,
) -> CodebookContent:
    """Rename, recolour, set or clear a hotkey, hide or show one code."""
    if code_id not in {code.id for code in content.codes}:
        raise InvalidInput("code", f"{code_id!r} is not in the codebook {content.name!r}")
    update: dict[str, Any] = {}
    if name is not None:
        update["name"] = name
    if colour is not None:
        update["colour"] = colour
    if hotkey is not None or clear_hotkey:
        update["hotkey"] = None if clear_hotkey else hotkey
    if hidden is not None:
        update["hidden"] = hidden
    codes = tuple(
        code.model_copy(update=update) if code.id == code_id else code for code in content.codes
    )
    return _rebuilt(content, codes=codes)


def check_successor(old: CodebookContent, new: CodebookContent) -> None:
    """A new version keeps every code of the old one (tags name them): hide, do not remove."""
    kept = {code.id for code in new.codes}
    gone = [code.id for code in old.codes if code.id not in kept]
    if gone:
        raise InvalidInput(
            "new version", f"drops the code {gone[0]}; hide a code instead of removing it"
        )


def _rebuilt(content: CodebookContent, **update: Any) -> CodebookContent:
    """Validate again (model_copy does not), so every edit is checked like an import."""
    data = content.model_dump(mode="json")
    data.update({k: [c.model_dump(mode="json") for c in v] if k == "codes" else v
                 for k, v in update.items()})  # fmt: skip
    try:
        return CodebookContent.model_validate(data)
    except ValidationError as error:
        raise _in_words(error, data) from None
