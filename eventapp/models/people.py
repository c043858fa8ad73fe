import secrets
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain import provinces
from eventapp.domain.vocabulary import (
    OCOP_STARS,
    Language,
    OrganisationKind,
    ParticipantRole,
    ParticipantStatus,
    ProductGroup,
    values,
)
from eventapp.models.base import Base, TimestampMixin, UTCDateTime, one_of
from eventapp.models.events import Event

if TYPE_CHECKING:
    from eventapp.models.questions import ParticipantAnswer


def new_access_key() -> str:
    return secrets.token_urlsafe(24)


class Organisation(TimestampMixin, Base):
    """A company, cooperative, household business or state agency.

    Shared across events: Saigon Co.op at Sóc Trăng 2020 and at Buôn Ma Thuột
    2019 is one organisation. ``name_key`` is the name folded for matching, so
    two people of one company registering separately land on the same row.
    """

    __tablename__ = "organisation"
    __table_args__ = (
        sa.UniqueConstraint("name_key", "province"),
        one_of("kind", values(OrganisationKind), "kind_known"),
        one_of("province", provinces.ALL_CODES, "province_known"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    name_key: so.Mapped[str] = so.mapped_column(sa.String(200))
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    province: so.Mapped[str] = so.mapped_column(sa.String(40))
    tax_code: so.Mapped[str | None] = so.mapped_column(sa.String(14), unique=True)

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"


class Participant(TimestampMixin, Base):
    """One person at one event."""

    __tablename__ = "participant"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "email"),
        one_of("role", values(ParticipantRole), "role_known"),
        one_of("status", values(ParticipantStatus), "status_known"),
        one_of("language", values(Language), "language_known"),
        sa.Index("ix_participant_event_status_role", "event_id", "status", "role"),
        sa.CheckConstraint("badge_version >= 1", name="badge_version_positive"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    organisation_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("organisation.id"), index=True)
    full_name: so.Mapped[str] = so.mapped_column(sa.String(200))
    email: so.Mapped[str] = so.mapped_column(sa.String(254))
    phone: so.Mapped[str | None] = so.mapped_column(sa.String(15))
    position: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    role: so.Mapped[str] = so.mapped_column(sa.String(20))
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default=ParticipantStatus.PENDING.value)
    language: so.Mapped[str] = so.mapped_column(sa.String(2), default=Language.VI.value)
    booth: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    # The secret in the participant's own link (confirmation e-mail): their page,
    # badge and agenda without an account.
    access_key: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True, default=new_access_key)
    # Name, e-mail, phone and organisation folded (no tone marks), so staff find
    # "Nguyễn Văn An" by typing "nguyen van an" on a phone.
    search_text: so.Mapped[str] = so.mapped_column(sa.String(800), default="")
    # Signed into the badge's QR; reissuing a badge (lost, name corrected)
    # bumps it, and every badge printed before stops opening the door.
    badge_version: so.Mapped[int] = so.mapped_column(default=1, server_default="1")
    # Set when the person's data was erased (services/erasure): the row stays,
    # anonymised, for the event's figures; the badge and private link are dead.
    erased_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())

    event: so.Mapped[Event] = so.relationship(back_populates="participants")
    organisation: so.Mapped[Organisation] = so.relationship(lazy="joined", innerjoin=True)
    products: so.Mapped[list["Product"]] = so.relationship(
        back_populates="participant", cascade="all, delete-orphan", order_by="Product.id", passive_deletes=True
    )
    answers: so.Mapped[list["ParticipantAnswer"]] = so.relationship(
        cascade="all, delete-orphan", order_by="ParticipantAnswer.question_id", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<Participant {self.id} {self.full_name!r} {self.role}/{self.status}>"


class Product(TimestampMixin, Base):
    """An OCOP product an exhibitor shows at the event."""

    __tablename__ = "product"
    __table_args__ = (
        one_of('"group"', values(ProductGroup), "group_known"),
        sa.CheckConstraint(f"stars IN ({', '.join(map(str, OCOP_STARS))})", name="stars_ocop"),
        sa.Index("ix_product_group_stars", "group", "stars"),
        # A certificate is its decision's number and date, by whom: all or nothing.
        sa.CheckConstraint(
            "(certificate_number IS NULL AND certificate_issued_on IS NULL AND certificate_issued_by IS NULL)"
            " OR (certificate_number IS NOT NULL AND certificate_issued_on IS NOT NULL AND certificate_issued_by IS NOT NULL)",
            name="certificate_complete",
        ),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    participant_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    group: so.Mapped[str] = so.mapped_column(sa.String(20))
    stars: so.Mapped[int] = so.mapped_column(sa.SmallInteger)
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    certificate_number: so.Mapped[str | None] = so.mapped_column(sa.String(60))
    certificate_issued_on: so.Mapped[date | None]
    certificate_issued_by: so.Mapped[str | None] = so.mapped_column(sa.String(200))

    participant: so.Mapped[Participant] = so.relationship(back_populates="products")
    # Deleted with the product by the ORM (not only the database), so that the
    # files on disk follow their rows (``services.product_photos``).
    photos: so.Mapped[list["ProductPhoto"]] = so.relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="ProductPhoto.id"
    )


class ProductPhoto(TimestampMixin, Base):
    """A photo of a product, as the app re-encoded it: a large JPEG and its
    thumbnail on disk under ``key``, a random name that is also its address
    (never the uploader's file name, never guessable from an id)."""

    __tablename__ = "product_photo"
    __table_args__ = (sa.CheckConstraint("width > 0 AND height > 0", name="size_positive"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    product_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("product.id", ondelete="CASCADE"), index=True)
    key: so.Mapped[str] = so.mapped_column(sa.String(43), unique=True)
    width: so.Mapped[int]
    height: so.Mapped[int]

    product: so.Mapped[Product] = so.relationship(back_populates="photos")

    def thumbnail_size(self, side: int) -> tuple[int, int]:
        """The thumbnail's width and height: the photo scaled to ``side`` on its long side."""
        scale = min(side / max(self.width, self.height), 1)
        return max(round(self.width * scale), 1), max(round(self.height * scale), 1)
