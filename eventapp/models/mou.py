"""Signed memoranda of understanding (biên bản ghi nhớ), their categories,
parties and the audit trail of changes to them."""

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.scanned_documents import DocumentType
from eventapp.domain.vocabulary import ProductGroup, values
from eventapp.models.accounts import User
from eventapp.models.base import Base, TimestampMixin, one_of
from eventapp.models.meetings import Meeting
from eventapp.models.people import Organisation


class MouCategory(Base):
    """One kind of MoU at one event (gov-gov, gov-business, business-business
    and whatever the organisers add). The code is what the API and the
    statistics use, so it never changes; the labels may be renamed."""

    __tablename__ = "mou_category"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "code"),
        # Lets an MoU's foreign key require a category of its own event.
        sa.UniqueConstraint("event_id", "id"),
        sa.CheckConstraint("code <> ''", name="code_not_empty"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    code: so.Mapped[str] = so.mapped_column(sa.String(40))
    label_vi: so.Mapped[str] = so.mapped_column(sa.String(120))
    label_en: so.Mapped[str] = so.mapped_column(sa.String(120))
    position: so.Mapped[int] = so.mapped_column(sa.SmallInteger, default=0)

    def label(self, language: str) -> str:
        return self.label_en if language == "en" else self.label_vi

    def __repr__(self) -> str:
        return f"<MouCategory {self.event_id}/{self.code}>"


class Mou(TimestampMixin, Base):
    __tablename__ = "mou"
    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["event_id", "category_id"], ["mou_category.event_id", "mou_category.id"], name="fk_mou_category_of_event"
        ),
        # The meeting that led to the MoU is one of the MoU's own event. No
        # ON DELETE action (NO ACTION): only meetings with a recorded outcome
        # are linked, and those are never removed (the scheduler and the board
        # keep them), so the database refuses rather than silently unlinks.
        sa.ForeignKeyConstraint(["event_id", "meeting_id"], ["meeting.event_id", "meeting.id"], name="fk_mou_meeting_of_event"),
        sa.CheckConstraint("value_vnd IS NULL OR value_vnd >= 0", name="value_not_negative"),
        sa.CheckConstraint("title <> ''", name="title_not_empty"),
        one_of("document_type", values(DocumentType), "document_type_known"),
        sa.CheckConstraint("(document_file IS NULL) = (document_type IS NULL)", name="document_complete"),
        sa.Index("ix_mou_event_signed_on", "event_id", "signed_on"),
        sa.Index("ix_mou_event_category", "event_id", "category_id"),
        sa.Index("ix_mou_meeting", "meeting_id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    category_id: so.Mapped[int] = so.mapped_column()
    title: so.Mapped[str] = so.mapped_column(sa.String(300))
    signed_on: so.Mapped[date]
    value_vnd: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)
    notes: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # The scanned signed copy: a random file name under instance/mou_documents/,
    # the name it was uploaded with (for the download) and its checked type.
    document_file: so.Mapped[str | None] = so.mapped_column(sa.String(80), unique=True)
    document_name: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    document_type: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    document_size: so.Mapped[int | None]
    recorded_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    # The B2B meeting the MoU came out of, if any.
    meeting_id: so.Mapped[int | None] = so.mapped_column()

    category: so.Mapped[MouCategory] = so.relationship(lazy="joined", innerjoin=True)
    parties: so.Mapped[list["MouParty"]] = so.relationship(
        back_populates="mou", cascade="all, delete-orphan", order_by="MouParty.position", passive_deletes=True
    )
    product_groups: so.Mapped[list["MouProductGroup"]] = so.relationship(
        cascade="all, delete-orphan", order_by="MouProductGroup.group", passive_deletes=True
    )
    recorded_by: so.Mapped[User | None] = so.relationship()
    # Joined on the meeting's id alone: the composite foreign key above also
    # names event_id, which this relationship must never write.
    meeting: so.Mapped[Meeting | None] = so.relationship(
        back_populates="mous", primaryjoin=lambda: Mou.meeting_id == Meeting.id, foreign_keys=lambda: [Mou.meeting_id]
    )

    @property
    def recorded_at(self) -> datetime:
        return self.created_at

    @property
    def product_group_codes(self) -> list[str]:
        return [row.group for row in self.product_groups]

    def __repr__(self) -> str:
        return f"<Mou {self.id} {self.title!r}>"


class MouParty(Base):
    """An organisation that signed an MoU; each signs a given MoU once."""

    __tablename__ = "mou_party"
    __table_args__ = (sa.UniqueConstraint("mou_id", "organisation_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    mou_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("mou.id", ondelete="CASCADE"))
    organisation_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("organisation.id"), index=True)
    position: so.Mapped[int] = so.mapped_column(sa.SmallInteger, default=0)

    mou: so.Mapped[Mou] = so.relationship(back_populates="parties")
    organisation: so.Mapped[Organisation] = so.relationship(lazy="joined", innerjoin=True)


class MouProductGroup(Base):
    """An OCOP product group an MoU concerns."""

    __tablename__ = "mou_product_group"
    __table_args__ = (one_of('"group"', values(ProductGroup), "group_known"),)

    mou_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("mou.id", ondelete="CASCADE"), primary_key=True)
    group: so.Mapped[str] = so.mapped_column(sa.String(20), primary_key=True)
