"""The one place that says which role may do what, and which consent each use of a film needs."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from vfapp.domain.governance import ConsentTier, Role


class Permission(StrEnum):
    VIEW_CASEWORK = "view casework"  # families, visits, the list of films
    EDIT_CASEWORK = "edit casework"  # add and change families and visits
    RECORD = "record"  # film a visit, or import a film
    WATCH = "watch"  # open and play a film, see its frames
    TAG = "tag"  # code moments, write notes
    MAKE_STILLS = "make stills"
    PLAN_REVIEW = "plan review"  # choose the moments for a shared review
    COMMENT = "comment"
    SIGN_OFF = "sign off"
    EXPORT = "export"  # copy a film or report out of the vault
    RECORD_CONSENT = "record consent"
    DELETE_FILMS = "delete films"
    MANAGE_USERS = "manage users"
    MANAGE_RETENTION = "manage retention"  # change the retention policy and run deletions
    READ_AUDIT = "read audit"
    SYNC = "sync"


_PRACTITIONER = frozenset(
    {
        Permission.VIEW_CASEWORK,
        Permission.EDIT_CASEWORK,
        Permission.RECORD,
        Permission.WATCH,
        Permission.TAG,
        Permission.COMMENT,
        Permission.RECORD_CONSENT,
        Permission.SYNC,
    }
)
_GUIDER = _PRACTITIONER | {
    Permission.MAKE_STILLS,
    Permission.PLAN_REVIEW,
    Permission.EXPORT,
    Permission.DELETE_FILMS,
}
# A supervisor watches, comments and signs off; films are not theirs to make or delete.
_SUPERVISOR = frozenset(
    {
        Permission.VIEW_CASEWORK,
        Permission.WATCH,
        Permission.COMMENT,
        Permission.SIGN_OFF,
        Permission.SYNC,
    }
)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.PRACTITIONER: _PRACTITIONER,
    Role.GUIDER: _GUIDER,
    Role.SUPERVISOR: _SUPERVISOR,
    Role.ADMIN: frozenset(Permission),  # a team lead: everything, including what only they do
}

ADMIN_ONLY = frozenset(
    {Permission.MANAGE_USERS, Permission.MANAGE_RETENTION, Permission.READ_AUDIT}
)


def allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


class Action(StrEnum):
    """Everything governed that a person does; each names its permission and consent."""

    RECORD = "recording.record"
    IMPORT = "recording.import"
    PLAY = "recording.play"
    SUPERVISE = "recording.supervise"  # a supervisor watching a film
    SHOW_FAMILY = "recording.show_family"  # the shared review with the parent
    STILL = "recording.still"
    EXPORT_CASE = "recording.export"  # a copy for the family's own case work
    EXPORT_TRAINING = "recording.export_training"
    EXPORT_RESEARCH = "recording.export_research"
    EXPORT_CODES = "codes.export"  # a film's codes (CSV, ELAN, BORIS) for case work
    EXPORT_CODES_TRAINING = "codes.export_training"
    EXPORT_CODES_RESEARCH = "codes.export_research"
    DELETE_FILM = "recording.delete"
    SYNC = "family.sync"
    EDIT_CASEWORK = "casework.edit"
    VIEW_CASEWORK = "casework.view"
    RECORD_CONSENT = "consent.record"
    WITHDRAW_CONSENT = "consent.withdraw"
    VIEW_CONSENT = "consent.view"
    MANAGE_USERS = "user.manage"
    SET_RETENTION = "retention.policy"
    RUN_RETENTION = "retention.run"
    READ_AUDIT = "audit.read"
    TAG = "tag.edit"  # code moments on a film
    EDIT_CODEBOOK = "codebook.edit"
    COMMENT = "comment.write"  # comment on a tag, a moment or a time of a film
    SUPERVISE_COMMENT = "comment.supervise"  # a supervisor's comment: supervision consent
    SIGN_OFF = "cycle.sign_off"  # a supervisor marks a guider's cycle reviewed
    LOG_SUPERVISION = "supervision.log"  # hours of supervision, for accreditation
    PLAN_REVIEW = "review.plan"  # choose the moments and stills for a shared review
    PASS_START = "tag.pass_start"  # start a coding of one's own (double coding, maybe blind)
    PASS_FINISH = "tag.pass_finish"  # finish it: the codings may then be compared
    COMPARE_CODINGS = "tag.compare"  # agreement between two codings of a film
    SUPERVISE_COMPARE = "tag.compare_supervise"  # a supervisor's comparison: supervision consent


class Rule(BaseModel):
    model_config = ConfigDict(frozen=True)

    permission: Permission
    tier: ConsentTier | None  # the consent that must be in force for the family, if any
    words: str  # what the action is, for messages: "play this film"


RULES: dict[Action, Rule] = {
    Action.RECORD: Rule(permission=Permission.RECORD, tier=ConsentTier.FILMING, words="film"),
    Action.IMPORT: Rule(
        permission=Permission.RECORD, tier=ConsentTier.FILMING, words="import a film"
    ),
    Action.PLAY: Rule(permission=Permission.WATCH, tier=ConsentTier.FILMING, words="watch a film"),
    Action.SUPERVISE: Rule(
        permission=Permission.WATCH,
        tier=ConsentTier.SUPERVISION,
        words="watch a film in supervision",
    ),
    Action.SHOW_FAMILY: Rule(
        permission=Permission.PLAN_REVIEW,
        tier=ConsentTier.SHARED_REVIEW,
        words="show a film in a shared review",
    ),
    Action.STILL: Rule(
        permission=Permission.MAKE_STILLS, tier=ConsentTier.FILMING, words="make a still"
    ),
    Action.EXPORT_CASE: Rule(
        permission=Permission.EXPORT, tier=ConsentTier.FILMING, words="export a film"
    ),
    Action.EXPORT_TRAINING: Rule(
        permission=Permission.EXPORT,
        tier=ConsentTier.TRAINING,
        words="export a film for training",
    ),
    Action.EXPORT_RESEARCH: Rule(
        permission=Permission.EXPORT,
        tier=ConsentTier.RESEARCH,
        words="export a film for research",
    ),
    Action.EXPORT_CODES: Rule(
        permission=Permission.EXPORT, tier=ConsentTier.FILMING, words="export a film's codes"
    ),
    Action.EXPORT_CODES_TRAINING: Rule(
        permission=Permission.EXPORT,
        tier=ConsentTier.TRAINING,
        words="export a film's codes for training",
    ),
    Action.EXPORT_CODES_RESEARCH: Rule(
        permission=Permission.EXPORT,
        tier=ConsentTier.RESEARCH,
        words="export a film's codes for research",
    ),
    Action.DELETE_FILM: Rule(permission=Permission.DELETE_FILMS, tier=None, words="delete a film"),
    Action.SYNC: Rule(
        permission=Permission.SYNC, tier=ConsentTier.FILMING, words="sync a family's films"
    ),
    Action.EDIT_CASEWORK: Rule(
        permission=Permission.EDIT_CASEWORK, tier=None, words="change families and visits"
    ),
    Action.VIEW_CASEWORK: Rule(
        permission=Permission.VIEW_CASEWORK, tier=None, words="see families and visits"
    ),
    Action.RECORD_CONSENT: Rule(
        permission=Permission.RECORD_CONSENT, tier=None, words="record consent"
    ),
    Action.WITHDRAW_CONSENT: Rule(
        permission=Permission.RECORD_CONSENT, tier=None, words="record a withdrawal of consent"
    ),
    Action.VIEW_CONSENT: Rule(
        permission=Permission.VIEW_CASEWORK, tier=None, words="see a family's consent"
    ),
    Action.MANAGE_USERS: Rule(
        permission=Permission.MANAGE_USERS, tier=None, words="manage the vault's users"
    ),
    Action.SET_RETENTION: Rule(
        permission=Permission.MANAGE_RETENTION, tier=None, words="change the retention policy"
    ),
    Action.RUN_RETENTION: Rule(
        permission=Permission.MANAGE_RETENTION, tier=None, words="run the retention deletions"
    ),
    Action.READ_AUDIT: Rule(
        permission=Permission.READ_AUDIT, tier=None, words="read the audit trail"
    ),
    Action.TAG: Rule(permission=Permission.TAG, tier=ConsentTier.FILMING, words="code a film"),
    Action.EDIT_CODEBOOK: Rule(
        permission=Permission.TAG, tier=None, words="change the team's codebooks"
    ),
    Action.COMMENT: Rule(
        permission=Permission.COMMENT, tier=ConsentTier.FILMING, words="comment on a film"
    ),
    Action.SUPERVISE_COMMENT: Rule(
        permission=Permission.COMMENT,
        tier=ConsentTier.SUPERVISION,
        words="comment on a film in supervision",
    ),
    Action.SIGN_OFF: Rule(
        permission=Permission.SIGN_OFF,
        tier=ConsentTier.SUPERVISION,
        words="sign off a cycle in supervision",
    ),
    Action.LOG_SUPERVISION: Rule(
        permission=Permission.COMMENT, tier=None, words="log supervision hours"
    ),
    Action.PLAN_REVIEW: Rule(
        permission=Permission.PLAN_REVIEW, tier=ConsentTier.FILMING, words="plan a shared review"
    ),
    Action.PASS_START: Rule(
        permission=Permission.TAG, tier=ConsentTier.FILMING, words="start a double coding of a film"
    ),
    Action.PASS_FINISH: Rule(
        permission=Permission.TAG,
        tier=ConsentTier.FILMING,
        words="finish a double coding of a film",
    ),
    Action.COMPARE_CODINGS: Rule(
        permission=Permission.WATCH, tier=ConsentTier.FILMING, words="compare two codings of a film"
    ),
    Action.SUPERVISE_COMPARE: Rule(
        permission=Permission.WATCH,
        tier=ConsentTier.SUPERVISION,
        words="compare two codings of a film in supervision",
    ),
}


# What a role's use of a film really is: a supervisor watching is supervision, whatever the
# screen calls it, so it needs the family's consent to supervision.
_AS_ROLE = {
    (Role.SUPERVISOR, Action.PLAY): Action.SUPERVISE,
    (Role.SUPERVISOR, Action.COMMENT): Action.SUPERVISE_COMMENT,
    (Role.SUPERVISOR, Action.COMPARE_CODINGS): Action.SUPERVISE_COMPARE,
}


def rule_for(role: Role, action: Action) -> Rule:
    return RULES[_AS_ROLE.get((role, action), action)]
