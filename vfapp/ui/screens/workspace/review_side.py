"""The workspace's Stills, Review plan and Comments tabs, wired to the film: freezing the frame
on screen, planning the selection, playing a moment, starting the shared review, and comments
at the playhead or on the chosen tag or moment."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QTabWidget

from vfapp.ui.screens.workspace.comments_panel import CommentPlace, CommentsPanel
from vfapp.ui.screens.workspace.film_deck import FilmDeck
from vfapp.ui.screens.workspace.plan_panel import PlanPanel
from vfapp.ui.screens.workspace.stills_panel import StillsPanel
from vfapp.ui.screens.workspace.tags_panel import TagsPanel
from vfapp.ui.screens.workspace.transport_control import TransportControl
from vfapp.ui.shell import Shell
from vfapp.ui.widgets.banner import Banner, BannerLevel


class ReviewSide(QObject):
    def __init__(
        self,
        shell: Shell,
        tabs: QTabWidget,
        deck: FilmDeck,
        control: TransportControl,
        banner: Banner,
        film: Callable[[], UUID | None],
    ) -> None:
        super().__init__(tabs)
        self._shell, self._tabs, self._deck = shell, tabs, deck
        self._control, self._banner, self._film = control, banner, film
        self.stills = StillsPanel(shell)
        self.plan = PlanPanel(shell)
        self.comments = CommentsPanel(shell)
        self.before_shared_review: Callable[[], None] = lambda: None

    def add_tabs(self, tags: TagsPanel) -> None:
        self._tabs.addTab(self.stills, self.tr("Stills"))
        self._tabs.addTab(self.plan, self.tr("Review plan"))
        self._tabs.addTab(self.comments, self.tr("Comments"))
        problem = self._problem
        self.stills.freeze.clicked.connect(self.freeze_still)
        self.stills.seek_asked.connect(self._control.seek_ms)
        self.stills.stills_changed.connect(self.plan.use_stills)
        self.stills.problem.connect(problem)
        self.plan.add.clicked.connect(self.add_selection_to_plan)
        self.plan.play_asked.connect(self.play_range)
        self.plan.shared_review_asked.connect(self.shared_review)
        self.plan.problem.connect(problem)
        self.comments.problem.connect(problem)
        self.comments.seek_asked.connect(self._control.seek_ms)
        self.comments.said.connect(self._banner.show_message)
        self.comments.place = CommentPlace(
            film=self._film, now_ms=self._control.current_ms, tag=tags.chosen_tag,
            moment=self.plan.chosen,
        )  # fmt: skip

    def load(self, recording_id: UUID | None, visit_id: UUID | None) -> None:
        self.stills.load(recording_id)
        self.plan.load(visit_id, recording_id)
        self.comments.load(visit_id)

    def freeze_still(self) -> None:
        if self._deck.facts is not None:
            self._control.pause()
            self._tabs.setCurrentWidget(self.stills)
            self.stills.make_still(self._deck.target)

    def add_selection_to_plan(self) -> None:
        selection = self._control.selection
        self._tabs.setCurrentWidget(self.plan)
        if selection is None:
            self._banner.show_message(
                self.tr(
                    "Choose the moment first: drag along the timeline, or press [ at its start "
                    "and ] at its end."
                )
            )
            return
        self.plan.add_range(*selection)

    def play_range(self, start_ms: int, end_ms: int) -> None:
        self._control.select(start_ms, end_ms)
        self._control.seek_ms(start_ms)
        self._control.play(1.0)

    def shared_review(self, visit_id: UUID, film: bool) -> None:
        back_to = self._film()
        self.before_shared_review()
        self._shell.go_shared_review(visit_id, back_to, film=film)

    def show_comment(self, comment_id: UUID) -> bool:
        """Choose a comment that was clicked on the timeline; False if it is not one."""
        if not any(thread.comment.id == comment_id for thread in self.comments.threads):
            return False
        self._tabs.setCurrentWidget(self.comments)
        self.comments.choose(comment_id)
        return True

    def _problem(self, message: str) -> None:
        self._banner.show_message(message, BannerLevel.PROBLEM)
