"""`vfapp consent record|change|withdraw|show` as a team's administrator or a script uses them."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.integration.test_cli import vfapp
from vfapp.governance.consent import day_words
from vfapp.vault import audit_store
from vfapp.vault.lifecycle import unlock_vault

PARENT = ("--by", "Jo Qwertyson", "--relationship", "parent")


def consent(vault_dir: Path, verb: str, *argv: str) -> tuple[int, str, str]:
    run = vfapp("consent", verb, "--vault", str(vault_dir), "--family", "PIP-0042", *argv)
    assert "Traceback" not in run.err
    return run.code, run.out, run.err


def today() -> date:
    return datetime.now(UTC).date()


def test_record_show_and_withdraw_in_plain_words(vault_dir: Path) -> None:
    code, out, err = consent(
        vault_dir, "record", "--tier", "filming", "--tier", "shared-review", *PARENT,
        "--method", "written", "--expires", "2099-12-31", "--note", "form v3",
    )  # fmt: skip
    assert code == 0, err
    assert out.splitlines() == [
        "Family PIP-0042: consent given for filming and shared review with the family.",
        f"  By Jo Qwertyson (parent), on a written form, on {day_words(today())}.",
        "  In force until 31 December 2099 (inclusive).",
        "  Recorded by owner.",
    ]
    code, out, err = consent(vault_dir, "withdraw", "--tier", "shared_review", *PARENT,
                             "--method", "verbal")  # fmt: skip
    assert code == 0, err
    assert "consent withdrawn for shared review with the family" in out
    assert "Verbal: owner, who recorded it, attests that it was said." in out

    code, out, err = consent(vault_dir, "show")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"Consent for family PIP-0042, as of {day_words(today())}:"
    given = f"given by Jo Qwertyson on {day_words(today())}"
    assert lines[1:] == [
        f"  filming: in force, {given}, until 31 December 2099",
        f"  shared review with the family: withdrawn on {day_words(today())} ({given})",
        "  supervision: not given",
        "  training and teaching: not given",
        "  research: not given",
    ]


def test_verbal_consent_says_who_attests_it(vault_dir: Path) -> None:
    code, out, _ = consent(vault_dir, "record", "--tier", "filming", *PARENT, "--method", "verbal")
    assert code == 0
    assert "verbally" in out and "No expiry." in out
    assert "Verbal: owner, who recorded it, attests that it was said." in out


def test_history_and_json(vault_dir: Path) -> None:
    ten_days_ago = today() - timedelta(days=10)
    three_days_ago = today() - timedelta(days=3)
    consent(vault_dir, "record", "--tier", "training", *PARENT, "--method", "written",
            "--on", ten_days_ago.isoformat(), "--expires", three_days_ago.isoformat())  # fmt: skip
    consent(vault_dir, "record", "--tier", "filming", *PARENT, "--method", "written")
    code, out, _ = consent(vault_dir, "change", "--tier", "filming", *PARENT, "--method",
                           "written", "--expires", "2099-01-31", "--note", "new form")  # fmt: skip
    assert code == 0 and "consent changed for filming" in out

    code, out, _ = consent(vault_dir, "show", "--history")
    assert code == 0
    expired = day_words(three_days_ago)
    assert f"  training and teaching: ended on {expired} (given by Jo Qwertyson on " in out
    history = out.split("History:\n")[1].splitlines()
    assert len(history) == 3
    assert history[0].startswith(f"  {ten_days_ago} 00:00  given     training and teaching: by ")
    assert history[2].endswith("until 2099-01-31; recorded by owner. Note: new form")

    code, out, _ = consent(vault_dir, "show", "--history", "--json")
    shown = json.loads(out)
    assert code == 0 and shown["family"] == "PIP-0042"
    tiers = {t["tier"]: t for t in shown["tiers"]}
    assert tiers["filming"]["in_force"] and tiers["filming"]["expires_on"] == "2099-01-31"
    assert tiers["training"]["expired"] and not tiers["training"]["in_force"]
    assert [e["kind"] for e in shown["history"]] == ["given", "given", "changed"]
    assert {e["given_by"] for e in shown["history"]} == {"Jo Qwertyson"}

    code, out, _ = consent(vault_dir, "record", "--tier", "research", *PARENT, "--method",
                           "written", "--json")  # fmt: skip
    (event,) = json.loads(out)
    assert code == 0 and (event["tier"], event["kind"]) == ("research", "given")


@pytest.mark.parametrize(
    ("verb", "argv", "message"),
    [
        ("withdraw", ("--tier", "research"),
         "The withdrawal cannot be recorded: the family has not given consent to using the "
         "films for research.\n"),
        ("change", ("--tier", "filming", "--no-expiry"),
         "The change cannot be recorded: the family has not given consent to filming "
         "(record it as given instead).\n"),
        ("record", ("--tier", "filming", "--expires", "31/12/2099"),
         "The expiry '31/12/2099' is not a date like 2027-03-01.\n"),
        ("record", ("--tier", "filming", "--on", "2999-01-01"),
         "The date (2999-01-01) is in the future; record consent on or after the day it is "
         "given.\n"),
    ],
)  # fmt: skip
def test_refusals_are_one_plain_sentence(
    vault_dir: Path, verb: str, argv: tuple[str, ...], message: str
) -> None:
    code, out, err = consent(vault_dir, verb, *argv, *PARENT, "--method", "written")
    assert (code, out, err) == (1, "", message)


def test_a_name_is_required_and_a_family_must_exist(vault_dir: Path) -> None:
    code, _, err = consent(vault_dir, "record", "--tier", "filming", "--by", " ",
                           "--relationship", "carer", "--method", "written")  # fmt: skip
    assert code == 1
    assert err == "The name of the person giving or withdrawing consent is missing.\n"
    missing = vfapp("consent", "show", "--vault", str(vault_dir), "--family", "NOPE-1")
    assert missing.code == 1 and "There is no family with case code 'NOPE-1'" in missing.err


def test_parents_names_never_reach_the_audit_trail(vault_dir: Path) -> None:
    consent(vault_dir, "record", "--tier", "filming", *PARENT, "--method", "written",
            "--note", "signed at Zebra Street clinic")  # fmt: skip
    consent(vault_dir, "withdraw", "--tier", "filming", *PARENT, "--method", "verbal")
    consent(vault_dir, "show", "--history")
    vault = unlock_vault(vault_dir, PASSWORD)
    try:
        events = [
            e.model_dump(mode="json")
            for device in audit_store.device_ids(vault.db)
            for e in audit_store.chain_rows(vault.db, device)
        ]
    finally:
        vault.lock()
    text = json.dumps(events)
    assert "Qwertyson" not in text and "Zebra" not in text
    actions = [e["action"] for e in events]
    assert {"consent.record", "consent.withdraw", "consent.view"} <= set(actions)
