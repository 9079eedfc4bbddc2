"""The whole domain model of SPEC §2 as SQLAlchemy 2 typed models.

Enumerations are check constraints, "one" is a unique constraint, and the rule "at most one
phase active or in review" is a partial unique index, so the database refuses what the
application must never write, whatever path the write takes.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .domain.vocabulary import (
    CATEGORIES,
    CHANNELS,
    DECISIONS,
    ENGAGEMENTS,
    EVENT_TYPES,
    GOAL_OUTCOMES,
    INBOX_KINDS,
    NOTIFICATION_CHOICES,
    PHASE_STATUSES,
    PRIORITIES,
    RESPONSES,
    ROLES,
    SIDES,
)
from .extensions import db

if TYPE_CHECKING:  # Flask-SQLAlchemy's db.Model is the declarative base below, to type checkers
    from .extensions import Base as Model
else:
    Model = db.Model


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out; SQLite would otherwise hand back naive ones."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: times are stored in UTC with an offset")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value if value.tzinfo is UTC else value.astimezone(UTC)


def one_of(
    column: str, values: tuple[str, ...], name: str, *, nullable: bool = False
) -> CheckConstraint:
    allowed = ", ".join(f"'{v}'" for v in values)
    condition = f"{column} IN ({allowed})"
    if nullable:
        condition = f"{column} IS NULL OR {condition}"
    return CheckConstraint(condition, name=name)


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, Model):
    __tablename__ = "users"
    __table_args__ = (one_of("notifications", NOTIFICATION_CHOICES, "notifications"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased, so the unique constraint is case-insensitive on every database.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # None: an account created by an import, which cannot log in until a password is set.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str | None] = mapped_column(String(8))
    # Flask-Login's "alternative token": rotated on logout and password change, so a copied
    # session cookie stops working on the server too.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    # A one-time token for the set-password link; stored hashed.
    password_reset_hash: Mapped[str | None] = mapped_column(String(64))
    password_reset_expires: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The private calendar feed (services/calendars.py): its token is derived from SECRET_KEY
    # and this random salt, so the account page can show the address again, and found by its
    # sha256. Neither column alone gives a working address; a new salt retires the old one.
    calendar_salt: Mapped[str | None] = mapped_column(String(32))
    calendar_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Email about what happens: each as it happens, a daily digest, or none (SPEC §11).
    notifications: Mapped[str] = mapped_column(
        String(16), default="immediate", server_default="immediate"
    )
    # When the person last opened their inbox: what came after is new to them.
    inbox_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the owner proved the address is theirs (SPEC §13): with mail configured, an account
    # is added to a partnership or accepts an invitation only once this is set. Accounts made
    # without mail (and every account older than the rule) count as confirmed.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    memberships: Mapped[list[Member]] = relationship(
        back_populates="user", foreign_keys="Member.user_id"
    )

    def get_id(self) -> str:
        return self.session_token

    @property
    def can_log_in(self) -> bool:
        return self.password_hash is not None


class ApiToken(Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # sha256 of the token: a stolen database does not hand out working tokens.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))  # shown in lists so users can tell tokens apart
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class Partnership(Model):
    __tablename__ = "partnerships"
    __table_args__ = (one_of("engagement", ENGAGEMENTS, "engagement"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    client_name: Mapped[str] = mapped_column(String(200))
    vendor_name: Mapped[str] = mapped_column(String(200))
    engagement: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text, default="")
    # Flag thresholds that differ from the defaults, by name.
    thresholds: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Bumped by every audited write, in its transaction (services/audit.py): what is derived
    # from the history is cached by (partnership, revision) (services/derived.py).
    revision: Mapped[int] = mapped_column(default=0, server_default="0")

    members: Mapped[list[Member]] = relationship(
        back_populates="partnership", cascade="all, delete-orphan", order_by="Member.id"
    )
    phases: Mapped[list[Phase]] = relationship(
        back_populates="partnership", cascade="all, delete-orphan", order_by="Phase.position"
    )
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="partnership", cascade="all, delete-orphan", order_by="Invitation.id"
    )


class Member(Model):
    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("partnership_id", "user_id"),  # a user is on one side only
        one_of("side", SIDES, "side"),
        one_of("role", ROLES, "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(String(8))
    role: Mapped[str] = mapped_column(String(8))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Who added them (None: the creator, an import's importer, or older rows): the lead who
    # added the other side's first lead may make that person's set-password link (SPEC §13).
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    partnership: Mapped[Partnership] = relationship(back_populates="members")
    user: Mapped[User] = relationship(back_populates="memberships", foreign_keys=[user_id])


class Invitation(Model):
    """A person asked to join a partnership, who is not a member until they accept (SPEC §13).

    People named in an imported document are invited, not added: until they accept, nothing of
    the partnership reaches them, because every access goes through ``members``. ``name`` is
    the name the inviter gave (the document's), shown to the partnership instead of the
    account's own, so an invitation tells nobody who owns an address. A declined invitation
    stays (``declined_at``), so that the person's items keep being shown under that name.
    """

    __tablename__ = "invitations"
    __table_args__ = (
        UniqueConstraint("partnership_id", "user_id"),
        one_of("side", SIDES, "side"),
        one_of("role", ROLES, "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(String(8))
    role: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(200))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    partnership: Mapped[Partnership] = relationship(back_populates="invitations")
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])

    @property
    def pending(self) -> bool:
        return self.declined_at is None


class Phase(Model):
    __tablename__ = "phases"
    __table_args__ = (
        one_of("status", PHASE_STATUSES, "status"),
        CheckConstraint(
            "planned_start IS NULL OR planned_end IS NULL OR planned_start <= planned_end",
            name="planned_dates",
        ),
        # SPEC §2: at most one phase of a partnership is active or in review at a time.
        Index(
            "uq_phases_one_open",
            "partnership_id",
            unique=True,
            sqlite_where=text("status IN ('active', 'review')"),
            postgresql_where=text("status IN ('active', 'review')"),
        ),
        # One phase per position: concurrent plans or moves cannot share one (issue 11).
        UniqueConstraint("partnership_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    objective: Mapped[str] = mapped_column(Text, default="")
    planned_start: Mapped[date | None] = mapped_column(Date)
    planned_end: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="planned")
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # One more at every change of this phase's goals, directives, commitments, events or
    # reviews, in its transaction: the history loader keeps a phase's items by it, so that a
    # write reads again only the phase it touched (services/history.py).
    items_revision: Mapped[int] = mapped_column(default=0, server_default="0")

    partnership: Mapped[Partnership] = relationship(back_populates="phases")
    goals: Mapped[list[Goal]] = relationship(
        back_populates="phase", cascade="all, delete-orphan", order_by="Goal.id"
    )
    directives: Mapped[list[Directive]] = relationship(
        back_populates="phase", cascade="all, delete-orphan", order_by="Directive.id"
    )
    commitments: Mapped[list[Commitment]] = relationship(
        back_populates="phase", cascade="all, delete-orphan", order_by="Commitment.id"
    )
    reviews: Mapped[list[Review]] = relationship(
        back_populates="phase", cascade="all, delete-orphan", order_by="Review.id"
    )


class Goal(Model):
    __tablename__ = "goals"
    __table_args__ = (
        one_of("priority", PRIORITIES, "priority"),
        one_of("category", CATEGORIES, "category"),
        one_of("outcome", GOAL_OUTCOMES, "outcome", nullable=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(Text)
    success_criterion: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[str] = mapped_column(String(8))
    category: Mapped[str] = mapped_column(String(16), default="outcome")
    # how it reads: {"code", "quotes"} items (older readings: English sentences)
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    suggestion: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str | None] = mapped_column(String(16))

    phase: Mapped[Phase] = relationship(back_populates="goals")
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    removed_by: Mapped[User | None] = relationship(foreign_keys=[removed_by_id])
    revisions: Mapped[list[GoalRevision]] = relationship(
        back_populates="goal", cascade="all, delete-orphan", order_by="GoalRevision.id"
    )


class GoalRevision(Model):
    """The values a goal had until it was edited (scope change evidence, never lost)."""

    __tablename__ = "goal_revisions"
    __table_args__ = (one_of("priority", PRIORITIES, "priority"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(Text)
    success_criterion: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[str] = mapped_column(String(8))
    replaced_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="revisions")
    replaced_by: Mapped[User] = relationship()


class Directive(Model):
    __tablename__ = "directives"
    __table_args__ = (
        one_of("channel", CHANNELS, "channel"),
        one_of("category", CATEGORIES, "category"),
        Index("ix_directives_phase_created", "phase_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id", ondelete="CASCADE"))
    goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("goals.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(16))
    adds_scope: Mapped[bool] = mapped_column(Boolean, default=False)
    category: Mapped[str] = mapped_column(String(16), default="outcome")
    # how it reads: {"code", "quotes"} items (older readings: English sentences)
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    suggestion: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    phase: Mapped[Phase] = relationship(back_populates="directives")
    goal: Mapped[Goal | None] = relationship()
    created_by: Mapped[User] = relationship()
    response: Mapped[DirectiveResponse | None] = relationship(
        back_populates="directive", cascade="all, delete-orphan", uselist=False
    )


class DirectiveResponse(Model):
    __tablename__ = "directive_responses"
    __table_args__ = (one_of("response", RESPONSES, "response"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # One answer per directive: a second answer is a conflict, not an overwrite.
    directive_id: Mapped[int] = mapped_column(
        ForeignKey("directives.id", ondelete="CASCADE"), unique=True
    )
    response: Mapped[str] = mapped_column(String(24))
    note: Mapped[str] = mapped_column(Text, default="")
    by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    directive: Mapped[Directive] = relationship(back_populates="response")
    by: Mapped[User] = relationship()


class Commitment(Model):
    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id", ondelete="CASCADE"), index=True)
    goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("goals.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date] = mapped_column(Date)  # the first due date promised
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    phase: Mapped[Phase] = relationship(back_populates="commitments")
    goal: Mapped[Goal | None] = relationship()
    created_by: Mapped[User] = relationship()
    events: Mapped[list[CommitmentEvent]] = relationship(
        back_populates="commitment",
        cascade="all, delete-orphan",
        order_by="(CommitmentEvent.at, CommitmentEvent.id)",
    )


class CommitmentEvent(Model):
    """Append-only: a mistake is corrected by a new event, never by editing history."""

    __tablename__ = "commitment_events"
    __table_args__ = (
        one_of("type", EVENT_TYPES, "type"),
        CheckConstraint("type <> 'slip' OR new_due_date IS NOT NULL", name="slip_due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    new_due_date: Mapped[date | None] = mapped_column(Date)
    evidence: Mapped[str] = mapped_column(Text, default="")
    by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    commitment: Mapped[Commitment] = relationship(back_populates="events")
    by: Mapped[User] = relationship()


class Review(Model):
    __tablename__ = "reviews"
    __table_args__ = (
        UniqueConstraint("phase_id", "side"),  # one review per side per phase
        one_of("side", SIDES, "side"),
        one_of("decision", DECISIONS, "decision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(String(8))
    by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str] = mapped_column(String(24))
    conditions: Mapped[str] = mapped_column(Text, default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    phase: Mapped[Phase] = relationship(back_populates="reviews")
    by: Mapped[User] = relationship()
    ratings: Mapped[list[ReviewRating]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="ReviewRating.id"
    )

    @property
    def ratings_by_criterion(self) -> dict[str, int]:
        return {r.criterion: r.rating for r in self.ratings}


class ReviewRating(Model):
    __tablename__ = "review_ratings"
    __table_args__ = (
        UniqueConstraint("review_id", "criterion"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    criterion: Mapped[str] = mapped_column(String(32))
    rating: Mapped[int] = mapped_column(Integer)

    review: Mapped[Review] = relationship(back_populates="ratings")


class AuditEvent(Model):
    """Who changed what, when, with the values before and after."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_partnership_at", "partnership_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int | None] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE")
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    action: Mapped[str] = mapped_column(String(64))
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    actor: Mapped[User | None] = relationship()


class Notification(Model):
    """One thing to tell one person (SPEC §11): an inbox entry, and the email about it.

    ``key`` names the event (``directive.send:12``, ``reminder.commitment:4:2030-06-01``); with
    the person it is unique, so an event reaches each person once however often it is
    dispatched. ``sent_at`` is set once the email is handed to the mail server, and a sender
    claims the row first (``claimed_at``), so that two workers never send it both.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "key"),
        one_of("kind", INBOX_KINDS, "kind"),
        one_of("delivery", (*NOTIFICATION_CHOICES, "failed"), "delivery"),
        Index("ix_notifications_user_created", "user_id", "created_at"),
        Index("ix_notifications_unsent", "sent_at", "delivery"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(32))
    partnership_id: Mapped[int | None] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    phase_id: Mapped[int | None] = mapped_column(ForeignKey("phases.id", ondelete="CASCADE"))
    # The item it is about, as the API names it: "directive", "commitment", "review", ...
    subject_type: Mapped[str | None] = mapped_column(String(32))
    subject_id: Mapped[int | None] = mapped_column(Integer)
    # The title, as a message to render in the reader's language (``Message.to_json``).
    message: Mapped[dict[str, Any]] = mapped_column(JSON)
    # A sentence more for the email (the note of an answer, the reason of a slip), or null.
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)  # when it happened
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set when what waited is done (the directive answered, the review submitted): it leaves
    # the count, and an email not yet sent about it is not sent.
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # immediate | digest | none, from the person's choice; failed after the last attempt.
    delivery: Mapped[str] = mapped_column(String(16))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship()


class FlagNotice(Model):
    """A flag of a phase that its side has been told of: a flag is announced once."""

    __tablename__ = "flag_notices"
    __table_args__ = (UniqueConstraint("partnership_id", "phase_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id", ondelete="CASCADE"))
    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(8))
    # False for flags found in history (an import, the first check after an upgrade): recorded
    # so that they are not announced later, but nobody was told.
    announced: Mapped[bool] = mapped_column(Boolean, default=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class FormSubmission(Model):
    """A form sent from a page, by its one-time token (``services/submissions.py``).

    A second sending of the same form (a double click, a reload of the answer) finds the first
    one here, and is answered with what the first one made instead of doing the work twice.
    """

    __tablename__ = "form_submissions"
    __table_args__ = (UniqueConstraint("user_id", "token"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # Set when the work is done: where its result is (a path of this site).
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    result_url: Mapped[str | None] = mapped_column(String(2000))


class Webhook(Model):
    """A URL that hears of some events of a partnership (SPEC §12), registered by a lead.

    The secret that signs each delivery is kept encrypted (``services/webhooks.py``: Fernet,
    keyed from WEBHOOK_KEY or SECRET_KEY): the app must sign with it, so a hash would not do,
    and a copy of the database alone does not give it away. ``failing_since`` is the first
    failed attempt since the last success; three days of it switch the webhook off.
    """

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    url: Mapped[str] = mapped_column(String(2000))
    events: Mapped[list[str]] = mapped_column(JSON)
    secret_encrypted: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    created_by: Mapped[User | None] = relationship()


class WebhookDelivery(Model):
    """One event for one webhook: the body, signed and sent as it was made, however many
    attempts it takes. ``uid`` is ``X-Tracker-Delivery``, the same on every attempt, so a
    receiver can tell a retry from a new event. ``key`` names the event (the audit event's
    id, a flag's phase and code): with the webhook it is unique, so an event is delivered once."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("webhook_id", "key"),
        one_of("status", ("pending", "delivered", "failed"), "status"),
        Index("ix_webhook_deliveries_webhook_created", "webhook_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(120))
    event: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)  # the JSON exactly as sent and signed
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    status_code: Mapped[int | None] = mapped_column(Integer)  # of the last attempt
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # An attempt under way: a second job for the same delivery finds it and does nothing.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    webhook: Mapped[Webhook] = relationship()
    tries: Mapped[list[WebhookAttempt]] = relationship(
        back_populates="delivery", order_by="WebhookAttempt.id", cascade="all, delete-orphan"
    )


class WebhookAttempt(Model):
    """One try of a delivery: when, what the receiver answered (or why nothing came back)."""

    __tablename__ = "webhook_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(String(500))  # timeout, refused address, ...
    response: Mapped[str | None] = mapped_column(String(500))  # the answer's first characters
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)

    delivery: Mapped[WebhookDelivery] = relationship(back_populates="tries")


class ImportJob(Model):
    """A big document being imported in the background (SPEC §8, issue 11): its status, then
    the partnership it made or the reason it was refused. Only its importer sees it."""

    __tablename__ = "import_jobs"
    __table_args__ = (
        one_of("status", ("queued", "running", "done", "refused", "failed"), "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    # The document as sent, until the job has read it (then emptied: it may be megabytes).
    document: Mapped[str | None] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer, default=0)
    partnership_id: Mapped[int | None] = mapped_column(
        ForeignKey("partnerships.id", ondelete="SET NULL")
    )
    # Why it was refused: the error as a message and its field (``{"message": ..., "field"}``).
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
