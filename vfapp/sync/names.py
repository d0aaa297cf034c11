"""Object names in the team store: keyed hashes, so a name says nothing about its contents."""

from __future__ import annotations

from vfapp.sync.crypto import derive, tag


class Names:
    """Every object's name for one team; each device writes only under its own prefix."""

    def __init__(self, first_team_key: bytes) -> None:
        self._key = derive(first_team_key, "attune-names-v1")

    def device(self, device_id: str) -> str:
        return f"d/{tag(self._key, 'device:' + device_id, 20)}"

    def head(self, device_id: str) -> str:
        return f"{self.device(device_id)}/h"

    def roster(self, device_id: str) -> str:
        return f"{self.device(device_id)}/roster"

    def batch(self, device_id: str, seq: int) -> str:
        return f"{self.device(device_id)}/b/{tag(self._key, f'batch:{seq}')}"

    def chunk(self, device_id: str, recording_id: str, seq: int) -> str:
        return f"{self.device(device_id)}/m/{tag(self._key, f'chunk:{recording_id}:{seq}')}"

    def film_key(self, device_id: str, recording_id: str) -> str:
        return f"{self.device(device_id)}/r/{tag(self._key, f'film:{recording_id}')}"

    def wraps_to(self, writer: str, target: str) -> str:
        return f"{self.device(writer)}/k/{tag(self._key, 'to:' + target, 20)}/"

    def wrap(self, writer: str, target: str, scope: str, epoch: int) -> str:
        return self.wraps_to(writer, target) + tag(self._key, f"wrap:{scope}:{epoch}")

    def scope_tag(self, scope: str) -> str:
        return tag(self._key, "scope:" + scope, 20)


def join_request_name(join_key: bytes) -> str:
    return f"j/{tag(join_key, 'request')}"


def join_answer_name(join_key: bytes) -> str:
    return f"j/{tag(join_key, 'answer')}"
