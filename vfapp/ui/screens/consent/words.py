"""The consent form's words: each tier as a parent would have it explained, and how an event
or a tier's state reads (translatable, in one place)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from vfapp.domain.governance import (
    ConsentEventKind,
    ConsentMethod,
    ConsentTier,
    Relationship,
    TierState,
)


def tr(text: str) -> str:
    return QCoreApplication.translate("Consent", text)


def tier_title(tier: ConsentTier) -> str:
    return {
        ConsentTier.FILMING: tr("Filming, for our work with your family"),
        ConsentTier.SHARED_REVIEW: tr("Watching clips together with you"),
        ConsentTier.SUPERVISION: tr("A supervisor watching the films"),
        ConsentTier.TRAINING: tr("Teaching and training other professionals"),
        ConsentTier.RESEARCH: tr("Research"),
    }[tier]


def tier_explained(tier: ConsentTier) -> str:
    return {
        ConsentTier.FILMING: tr(
            "We film you and your baby during our visits. The films are for our work with "
            "your family and are kept locked on this laptop."
        ),
        ConsentTier.SHARED_REVIEW: tr(
            "We show you short clips from the films when we meet to look at them together."
        ),
        ConsentTier.SUPERVISION: tr(
            "A video interaction guidance (VIG) supervisor watches the films to support your "
            "practitioner's work. They keep them confidential too."
        ),
        ConsentTier.TRAINING: tr(
            "Clips may be shown to other professionals while they learn this way of working."
        ),
        ConsentTier.RESEARCH: tr(
            "The films may be used in research about what helps families. Saying no changes "
            "nothing about the help you get."
        ),
    }[tier]


def short_name(tier: ConsentTier) -> str:
    return {
        ConsentTier.FILMING: tr("filming"),
        ConsentTier.SHARED_REVIEW: tr("shared review"),
        ConsentTier.SUPERVISION: tr("supervision"),
        ConsentTier.TRAINING: tr("training"),
        ConsentTier.RESEARCH: tr("research"),
    }[tier]


def relationship_words(relationship: Relationship) -> str:
    return {
        Relationship.PARENT: tr("Parent with parental responsibility"),
        Relationship.CARER: tr("Carer with parental responsibility"),
    }[relationship]


def method_words(method: ConsentMethod) -> str:
    return {
        ConsentMethod.WRITTEN: tr("Signed consent form"),
        ConsentMethod.VERBAL: tr("Said aloud (you confirm you heard it)"),
    }[method]


def kind_words(kind: ConsentEventKind) -> str:
    return {
        ConsentEventKind.GIVEN: tr("Given"),
        ConsentEventKind.CHANGED: tr("Changed"),
        ConsentEventKind.WITHDRAWN: tr("Withdrawn"),
    }[kind]


def day_words(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def state_words(state: TierState) -> str:
    """Where a tier stands, e.g. "In force since 1 March 2027 (Jo Parent), until ..."."""
    if state.in_force and state.given_at is not None:
        text = tr("In force since {day}, given by {name}").format(
            day=day_words(state.given_at.date()), name=state.given_by or ""
        )
        if state.expires_on is not None:
            text += tr("; ends after {day}").format(day=day_words(state.expires_on))
        return text + "."
    if state.expired and state.expires_on is not None:
        return tr("Not in force: it ended after {day}.").format(day=day_words(state.expires_on))
    if state.withdrawn_at is not None:
        return tr("Not in force: withdrawn on {day}.").format(
            day=day_words(state.withdrawn_at.date())
        )
    return tr("Not given.")
