"""Merging notes and fields from several laptops: pure rules, no vault."""

from __future__ import annotations

from vfapp.domain.merge import (
    NoteVersion,
    current_versions,
    in_conflict,
    remote_wins,
    shown_version,
)


def _v(hlc: str, *bases: str, value: str = "words") -> NoteVersion:
    return NoteVersion(hlc=hlc, bases=bases, value=value)


def test_the_later_stamp_wins_a_field_and_a_tie_is_broken_by_the_device() -> None:
    assert remote_wins(None, "000000000000002-00000-aa")
    assert remote_wins("000000000000001-00000-ff", "000000000000002-00000-aa")
    assert not remote_wins("000000000000002-00000-bb", "000000000000002-00000-aa")
    assert remote_wins("000000000000002-00000-aa", "000000000000002-00000-bb")


def test_an_edit_that_saw_the_last_version_replaces_it_without_a_conflict() -> None:
    versions = [_v("1", value="first"), _v("2", "1", value="second")]
    assert [v.hlc for v in current_versions(versions)] == ["2"]
    assert not in_conflict(versions)


def test_two_edits_of_the_same_version_are_both_kept_and_the_newer_is_shown() -> None:
    versions = [_v("1", value="first"), _v("2", "1", value="mine"), _v("3", "1", value="theirs")]
    assert in_conflict(versions)
    shown = shown_version(versions)
    assert shown is not None and shown.value == "theirs"
    resolved = [*versions, _v("4", "2", "3", value="ours together")]
    assert not in_conflict(resolved) and shown_version(resolved).value == "ours together"  # type: ignore[union-attr]


def test_concurrent_edits_with_the_same_words_are_no_conflict() -> None:
    assert not in_conflict([_v("1"), _v("2", "1", value="same"), _v("3", "1", value="same")])


def test_the_outcome_does_not_depend_on_the_order_versions_arrive() -> None:
    versions = [
        _v("1", value="a"),
        _v("2", "1", value="b"),
        _v("3", "1", value="c"),
        _v("4", "2", value="d"),
    ]
    expected = [v.hlc for v in current_versions(versions)]
    assert [v.hlc for v in current_versions(list(reversed(versions)))] == expected == ["4", "3"]
