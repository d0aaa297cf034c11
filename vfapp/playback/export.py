"""Copy one recording out of the vault as a plain MP4: the only way plaintext leaves it."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from uuid import UUID

import av
from pydantic import BaseModel, ConfigDict

from vfapp.domain.errors import InvalidInput
from vfapp.vault.media_reader import MediaReader
from vfapp.vault.session import Vault


class ExportResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: Path
    bytes: int
    streams: tuple[str, ...]


def export_recording(
    vault: Vault, recording_id: UUID, target: Path, *, overwrite: bool = False
) -> ExportResult:
    """Remux (no re-encoding) to a normal MP4 with its index at the front, readable by any
    player. Written to a hidden partial file first, readable by its owner only."""
    if target.exists() and not overwrite:
        raise InvalidInput("export file", f"{target} already exists; choose another name")
    if target.suffix.lower() != ".mp4":
        raise InvalidInput("export file", "must end in .mp4")
    partial = target.with_name(f".{target.name}.partial")
    reader = MediaReader(vault, recording_id, allow_partial=True)
    # A partial left by an export that was killed is plaintext too: never leave it lying.
    partial.unlink(missing_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    os.close(os.open(partial, flags, 0o600))
    try:
        with (
            av.open(reader, "r") as source,
            av.open(str(partial), "w", format="mp4", options={"movflags": "+faststart"}) as out,
        ):
            mapping = {
                s.index: out.add_stream_from_template(s)
                for s in source.streams
                if s.type in ("video", "audio")
            }
            for packet in source.demux(*[source.streams[i] for i in mapping]):
                if packet.dts is None:
                    continue  # the demuxer's end-of-stream marker
                packet.stream = mapping[packet.stream.index]
                out.mux(packet)
            kinds = tuple(s.type for s in out.streams)
        partial.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    return ExportResult(path=target, bytes=target.stat().st_size, streams=kinds)
