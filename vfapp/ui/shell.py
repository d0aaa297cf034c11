"""What every screen may ask of the window: the services, the background worker, the
signed-in user, and moving to another screen. Screens never reach the window otherwise."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol
from uuid import UUID

from vfapp.governance.actor import Actor
from vfapp.ui.background import Background
from vfapp.ui.services import AppServices
from vfapp.ui.session import UiSession

Confirm = Callable[[str, str], bool]  # (question, the "yes" button's words) -> yes?


class Shell(Protocol):
    services: AppServices
    background: Background
    session: UiSession
    confirm: Confirm

    def actor(self) -> Actor:
        """The signed-in user (screens are only shown while someone is)."""
        ...

    def signed_in(self, actor: Actor) -> None: ...

    def go_library(self, family_id: UUID | None = None) -> None: ...

    def go_consent(self, family_id: UUID, *, back_to_recorder: bool = False) -> None:
        """The consent form; saving returns to the recorder when it sent the user there."""
        ...

    def go_recorder(self, family_id: UUID) -> None: ...

    def go_workspace(self, recording_id: UUID) -> None:
        """The review workspace for one film."""
        ...

    def go_shared_review(
        self, visit_id: UUID, back_to: UUID | None = None, *, film: bool = False
    ) -> None:
        """The parent's full screen for a visit's review plan; Esc returns to the workspace
        of film `back_to`. `film`: the laptop's camera films the review, for supervision."""
        ...

    def go_sync(self) -> None:
        """Team sync: the store, what waits to go up and come down, notes and laptops."""
        ...

    def show_about(self) -> None:
        """Attune's name and version, and where this vault is."""
        ...

    def lock(self) -> None: ...

    def set_recording(self, active: bool) -> None:
        """The recording screen says when a recording runs (it outlives a screen lock)."""
        ...
