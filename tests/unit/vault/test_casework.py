from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from vfapp.domain.changes import ChangeAction, RecordKind
from vfapp.domain.errors import InvalidInput, NotFound
from vfapp.domain.ids import new_id
from vfapp.domain.models import VisitPlace
from vfapp.vault import casework
from vfapp.vault.session import Vault


def test_adding_a_family_returns_it_and_what_changed(vault: Vault) -> None:
    result = casework.add_family(vault, " PIP-0042 ", "Jo B")
    family = result.value
    assert family.case_code == "PIP-0042" and family.display_name == "Jo B"
    assert family.device_id == vault.device_id and family.id.version == 7
    assert [(c.kind, c.id, c.action) for c in result.changes] == [
        (RecordKind.FAMILY, family.id, ChangeAction.CREATED)
    ]
    logged = vault.db.query("SELECT kind, record_id, action, hlc FROM change_log")
    assert logged == [("family", str(family.id), "created", family.hlc.encode())]
    assert casework.find_family(vault, "PIP-0042") == family


def test_case_codes_are_unique_among_live_families(vault: Vault) -> None:
    casework.add_family(vault, "PIP-1")
    with pytest.raises(InvalidInput, match="already used"):
        casework.add_family(vault, "PIP-1")
    assert len(casework.list_families(vault)) == 1


def test_a_malformed_case_code_is_explained_and_nothing_is_written(vault: Vault) -> None:
    with pytest.raises(InvalidInput, match="case code must be 1-32 letters"):
        casework.add_family(vault, "Mrs Smith")
    assert vault.db.query("SELECT count(*) FROM change_log") == [(0,)]


def test_families_list_in_case_code_order(vault: Vault) -> None:
    for code in ("b-2", "A-1", "c-3"):
        casework.add_family(vault, code)
    assert [f.case_code for f in casework.list_families(vault)] == ["A-1", "b-2", "c-3"]


def test_visits_belong_to_a_family(vault: Vault) -> None:
    family = casework.add_family(vault, "PIP-1").value
    other = casework.add_family(vault, "PIP-2").value
    first = casework.add_visit(vault, family.id, date(2026, 11, 2), VisitPlace.CENTRE).value
    casework.add_visit(vault, other.id, date(2026, 11, 1))
    assert casework.list_visits(vault, family.id) == [first]
    assert casework.get_visit(vault, first.id) == first
    assert [v.visited_on for v in casework.list_visits(vault)] == [
        date(2026, 11, 1),
        date(2026, 11, 2),
    ]


def test_a_visit_to_an_unknown_family_is_refused(vault: Vault) -> None:
    with pytest.raises(NotFound):
        casework.add_visit(vault, new_id(), date(2026, 1, 1))
    with pytest.raises(NotFound):
        casework.get_visit(vault, UUID(int=0))
