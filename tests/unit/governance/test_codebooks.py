"""Codebooks: the shipped ones installed once, every edit a new version (old ones never
change), JSON import refused in plain words when malformed, and only coders may change one."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from vfapp.domain.codebooks_logic import (
    codebook_json,
    default_codebook,
    shipped_codebooks,
    with_code,
    with_code_changed,
)
from vfapp.domain.errors import InvalidInput, NotFound, NotPermitted
from vfapp.domain.governance import Role
from vfapp.domain.tagging import Code
from vfapp.governance import codebook_ops
from vfapp.governance.actor import Actor
from vfapp.vault import audit_store, codebook_store


def test_the_shipped_codebooks_are_whole_and_calmly_coloured() -> None:
    books = shipped_codebooks()
    assert [b.name for b in books] == [
        "Video Interaction Guidance", "VIPP-SD themes", "Circle of Security",
    ]  # fmt: skip
    vig = default_codebook()
    principles = [c for c in vig.codes if c.parent is None]
    assert [c.id for c in principles] == [f"VIG-{n}" for n in range(1, 7)]
    assert [c.hotkey for c in principles] == [str(n) for n in range(1, 7)]
    assert principles[2].name == "Receiving initiatives"
    subs = [c for c in vig.codes if c.parent == "VIG-3"]
    assert subs[0].id == "VIG-3.1" and len(subs) == 6
    assert all("(?)" not in c.name for c in vig.codes)
    for book in books:
        colours = [c.colour for c in book.codes]
        assert len(set(colours)) == len(colours), book.name


def test_defaults_are_installed_once(admin: Actor) -> None:
    first = codebook_ops.install_default_codebooks(admin)
    assert len(first) == 3
    assert codebook_ops.install_default_codebooks(admin) == []
    names = [b.name for b in codebook_ops.list_codebooks(admin)]
    assert sorted(names) == sorted(b.name for b in shipped_codebooks())


def test_every_edit_is_a_new_version_and_old_versions_never_change(admin: Actor) -> None:
    codebook_ops.install_default_codebooks(admin)
    vig = codebook_ops.find_codebook(admin, "video interaction guidance")
    v1 = codebook_ops.codebook_version(admin, vig.id, 1)

    added = with_code(v1, Code(id="VIG-3.7", name="mirroring the baby's sound", parent="VIG-3"))
    v2_book = codebook_ops.edit_codebook(admin, vig.id, added)
    assert v2_book.current_version == 2

    renamed = with_code_changed(added, "VIG-1", name="Attentive", colour="#336699")
    hidden = with_code_changed(renamed, "VIG-6", hidden=True)
    rekeyed = with_code_changed(hidden, "VIG-3.7", hotkey="7")
    last = codebook_ops.edit_codebook(admin, vig.id, rekeyed)
    assert last.current_version == 3
    assert codebook_ops.edit_codebook(admin, vig.id, rekeyed).current_version == 3  # no change

    assert codebook_ops.codebook_version(admin, vig.id, 1) == v1
    assert codebook_ops.codebook_version(admin, vig.id, 2) == added
    now = codebook_ops.codebook_version(admin, vig.id)
    by_id = {c.id: c for c in now.codes}
    assert by_id["VIG-1"].name == "Attentive" and by_id["VIG-1"].colour == "#336699"
    assert by_id["VIG-6"].hidden and by_id["VIG-3.7"].hotkey == "7"
    assert codebook_store.version_count(admin.vault.db, vig.id) == 3
    event = audit_store.chain_rows(admin.vault.db, admin.vault.device_id)[-1]
    assert event.detail == "codebook 'Video Interaction Guidance' version 3"


def test_an_edit_may_hide_a_code_but_not_drop_it_or_clash_keys(admin: Actor) -> None:
    book = codebook_ops.import_codebook(admin, codebook_json(default_codebook()))
    v1 = codebook_ops.codebook_version(admin, book.id)
    fewer = v1.model_copy(update={"codes": v1.codes[:-1]})
    with pytest.raises(InvalidInput, match="hide a code instead of removing it"):
        codebook_ops.edit_codebook(admin, book.id, fewer)
    with pytest.raises(InvalidInput, match="two visible codes share a hotkey"):
        with_code_changed(v1, "VIG-2", hotkey="1")
    with pytest.raises(InvalidInput, match="colour written like"):
        with_code_changed(v1, "VIG-2", colour="blue")
    with pytest.raises(InvalidInput, match="'VIG-9' is not in the codebook"):
        with_code_changed(v1, "VIG-9", name="x")


def test_export_then_import_round_trips(admin: Actor) -> None:
    codebook_ops.install_default_codebooks(admin)
    cos = codebook_ops.find_codebook(admin, "Circle of Security")
    text = codebook_ops.export_codebook(admin, cos.id)
    with pytest.raises(InvalidInput, match="already used by another codebook"):
        codebook_ops.import_codebook(admin, text)
    data = json.loads(text)
    data["name"] = "Our circle"
    copy = codebook_ops.import_codebook(admin, json.dumps(data))
    assert copy.current_version == 1
    assert codebook_ops.codebook_version(admin, copy.id).codes == (
        codebook_ops.codebook_version(admin, cos.id).codes
    )


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{not json", "The codebook file is not valid JSON (line 1"),
        ("[1, 2]", "should hold one codebook"),
        ('{"name": "X"}', "The codebook needs a list of codes."),
        (
            '{"name": "X", "codes": [{"id": "A", "name": "a", "colour": "red"}]}',
            "The codebook's code number 1 (A) needs a colour written like #4f7ca8.",
        ),
        (
            '{"name": "X", "codes": [{"id": "A", "name": "a", "hotkey": "ab"}]}',
            "code number 1 (A) may have one key as its hotkey",
        ),
        (
            '{"name": "X", "codes": [{"id": "A", "name": "a", "parent": "B"}]}',
            "code A names a parent that is not in the codebook",
        ),
        ('{"name": "X", "codes": [{"id": "A"}]}', "code number 1 (A) needs a name"),
        ('{"name": "", "codes": []}', "The codebook needs a name of 1 to 80 characters."),
    ],
)
def test_a_malformed_import_is_refused_in_words(admin: Actor, text: str, words: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        codebook_ops.import_codebook(admin, text)
    assert words in str(refused.value)
    assert codebook_ops.list_codebooks(admin) == []


def test_a_supervisor_may_read_but_not_change_codebooks(
    admin: Actor, as_role: Callable[[Role], Actor]
) -> None:
    codebook_ops.install_default_codebooks(admin)
    supervisor = as_role(Role.SUPERVISOR)
    books = codebook_ops.list_codebooks(supervisor)
    vig = next(b for b in books if b.name == "Video Interaction Guidance")
    content = codebook_ops.codebook_version(supervisor, vig.id)
    changed = with_code_changed(content, "VIG-1", name="Noticing")
    with pytest.raises(NotPermitted):
        codebook_ops.edit_codebook(supervisor, vig.id, changed)
    with pytest.raises(NotPermitted):
        codebook_ops.import_codebook(supervisor, codebook_json(content))
    with pytest.raises(NotPermitted):
        codebook_ops.install_default_codebooks(supervisor)
    assert codebook_ops.find_codebook(admin, str(vig.id)).current_version == 1
    guider = as_role(Role.GUIDER)
    assert codebook_ops.edit_codebook(guider, vig.id, changed).current_version == 2


def test_an_unknown_codebook_or_version_is_not_found(admin: Actor) -> None:
    with pytest.raises(NotFound):
        codebook_ops.find_codebook(admin, "nothing")
    book = codebook_ops.import_codebook(admin, codebook_json(default_codebook()))
    with pytest.raises(NotFound):
        codebook_ops.codebook_version(admin, book.id, 2)
