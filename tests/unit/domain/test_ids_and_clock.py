from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from vfapp.domain.hlc import HlcClock, HlcStamp
from vfapp.domain.ids import UuidV7Generator, id_timestamp_ms


def test_ids_are_version_7_rfc_variant_and_carry_their_time() -> None:
    value = UuidV7Generator()(now_ms=1_700_000_000_123)
    assert value.version == 7
    assert value.variant == uuid.RFC_4122
    assert id_timestamp_ms(value) == 1_700_000_000_123


def test_ids_never_go_backwards_even_when_the_clock_does() -> None:
    new_id = UuidV7Generator()
    ids = [new_id(now_ms=2_000_000_000_000 - (i % 3)) for i in range(500)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_clock_is_monotonic_when_the_wall_clock_stalls_or_jumps_back() -> None:
    walls = iter([1000, 1000, 999, 1005, 1005])
    clock = HlcClock("aa", wall_ms=lambda: next(walls))
    stamps = [clock.now() for _ in range(5)]
    assert [s.sort_key() for s in stamps] == sorted(s.sort_key() for s in stamps)
    assert len({s.encode() for s in stamps}) == 5


def test_observing_a_remote_stamp_moves_past_it() -> None:
    clock = HlcClock("aa", wall_ms=lambda: 10)
    remote = HlcStamp(wall_ms=50, counter=7, device="bb")
    assert remote < clock.observe(remote)
    assert remote < clock.now()


@given(
    st.tuples(st.integers(0, 10**14), st.integers(0, 0xFFFF), st.sampled_from(["a1", "ff", "0b"])),
    st.tuples(st.integers(0, 10**14), st.integers(0, 0xFFFF), st.sampled_from(["a1", "ff", "0b"])),
)
def test_encoded_stamps_sort_like_the_clock(
    a: tuple[int, int, str], b: tuple[int, int, str]
) -> None:
    x = HlcStamp(wall_ms=a[0], counter=a[1], device=a[2])
    y = HlcStamp(wall_ms=b[0], counter=b[1], device=b[2])
    assert (x.encode() < y.encode()) == (x.sort_key() < y.sort_key())
    assert HlcStamp.decode(x.encode()) == x
