from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from vfapp.domain.hlc import HlcStamp
from vfapp.domain.ids import new_id
from vfapp.domain.models import Family

STAMP = {
    "created_at": datetime.now(UTC),
    "hlc": HlcStamp(wall_ms=1, counter=0, device="ab"),
    "device_id": "ab",
}


@pytest.mark.parametrize("code", ["PIP-0042", "a", "Team.3/17_b"])
def test_pseudonymous_case_codes_are_accepted(code: str) -> None:
    assert Family(id=new_id(), case_code=code, **STAMP).case_code == code


@pytest.mark.parametrize("code", ["", "-lead", "Smith family", "x" * 33, "PIP 42", "Zoë"])
def test_case_codes_that_look_like_names_or_are_malformed_are_refused(code: str) -> None:
    with pytest.raises(ValidationError):
        Family(id=new_id(), case_code=code, **STAMP)


def test_display_names_are_trimmed_and_blank_means_none() -> None:
    assert (
        Family(id=new_id(), case_code="A1", display_name="  Jo   Bloggs ", **STAMP).display_name
        == "Jo Bloggs"
    )
    assert Family(id=new_id(), case_code="A1", display_name="   ", **STAMP).display_name is None
