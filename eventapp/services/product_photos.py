"""Photos of exhibitors' products, for the catalogue: the event's organisers
add and delete them on the participant's edit page, the exhibitor on their
private page. Each is checked and re-encoded (``domain.product_photos``),
kept in ``instance/product_photos/`` under a random key that is also its
address, and audited.

The files follow their rows (``services.file_store``): written with the row,
removed once its deletion (or its product's) is committed.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.errors import NotFound, PermissionDenied, Text, ValidationError
from eventapp.domain.product_photos import process_photo
from eventapp.domain.vocabulary import ParticipantRole, ParticipantStatus
from eventapp.models import Participant, Product, ProductPhoto, User
from eventapp.services import audit, file_store, registration
from eventapp.services.participants import participant_by_key

FOLDER = "product_photos"
PHOTOS_PER_PRODUCT = 6
# A participant whose registration is over no longer changes their catalogue entry.
CLOSED = (ParticipantStatus.CANCELLED, ParticipantStatus.REJECTED)


@dataclass(frozen=True)
class PhotoUpload:
    content: bytes
    max_bytes: int


# The upload is read only once the caller may add it: a stranger's
# request body is never read.
ReadUpload = Callable[[], PhotoUpload]


def large_path(key: str) -> Path:
    return file_store.folder(FOLDER) / f"{key}.jpg"


def thumbnail_path(key: str) -> Path:
    return file_store.folder(FOLDER) / f"{key}-thumbnail.jpg"


@sa.event.listens_for(ProductPhoto, "after_delete")
def _files_follow_the_row(_mapper, _connection, photo: ProductPhoto) -> None:
    session = so.object_session(photo)
    if session is not None:
        file_store.remove_after_commit(session, large_path(photo.key))
        file_store.remove_after_commit(session, thumbnail_path(photo.key))


def _product(participant: Participant, product_id: int) -> Product:
    found = next((product for product in participant.products if product.id == product_id), None)
    if found is None:
        raise NotFound(Text("This product is not one of this participant's."))
    return found


def _photo(participant: Participant, photo_id: int) -> ProductPhoto:
    for product in participant.products:
        for photo in product.photos:
            if photo.id == photo_id:
                return photo
    raise NotFound(Text("This photo is not one of this participant's."))


def _store(session: so.Session, product: Product, read_upload: ReadUpload) -> ProductPhoto:
    if len(product.photos) >= PHOTOS_PER_PRODUCT:
        message = Text("A product has %(limit)s photos at most: delete one first.", {"limit": PHOTOS_PER_PRODUCT})
        raise ValidationError(message, {"photo": message})
    upload = read_upload()
    processed = process_photo(upload.content, upload.max_bytes)
    key = secrets.token_urlsafe(24)
    file_store.write_new(session, large_path(key), processed.large)
    file_store.write_new(session, thumbnail_path(key), processed.thumbnail)
    photo = ProductPhoto(key=key, width=processed.width, height=processed.height)
    product.photos.append(photo)
    session.flush()
    return photo


def _described(photo: ProductPhoto, product: Product) -> dict:
    return {"photo_id": photo.id, "product_id": product.id, "product": product.name, "size": f"{photo.width}x{photo.height}"}


def add_photo(
    session: so.Session, actor: User | None, event_id: int, participant_id: int, product_id: int, read_upload: ReadUpload
) -> ProductPhoto:
    """An organiser of the event adds a photo to a participant's product."""
    participant = registration.get_participant(session, actor, event_id, participant_id)
    product = _product(participant, product_id)
    photo = _store(session, product, read_upload)
    audit.record(
        session,
        actor,
        "product_photo.added",
        "participant",
        participant.id,
        event_id=event_id,
        changes=_described(photo, product),
    )
    return photo


def delete_photo(session: so.Session, actor: User | None, event_id: int, participant_id: int, photo_id: int) -> ProductPhoto:
    participant = registration.get_participant(session, actor, event_id, participant_id)
    photo = _photo(participant, photo_id)
    audit.record(
        session,
        actor,
        "product_photo.deleted",
        "participant",
        participant.id,
        event_id=event_id,
        changes=_described(photo, photo.product),
    )
    session.delete(photo)
    session.flush()
    return photo


def _own_exhibitor(session: so.Session, access_key: str) -> Participant:
    participant = participant_by_key(session, access_key)
    if participant.role != ParticipantRole.EXHIBITOR or participant.status in CLOSED:
        raise PermissionDenied(Text("Only an exhibitor whose registration is open adds photos of its products."))
    return participant


def add_own_photo(session: so.Session, access_key: str, product_id: int, read_upload: ReadUpload) -> ProductPhoto:
    """The exhibitor adds a photo to one of their products through their private link."""
    participant = _own_exhibitor(session, access_key)
    product = _product(participant, product_id)
    photo = _store(session, product, read_upload)
    audit.record_by_participant(session, participant, "product_photo.added", changes=_described(photo, product))
    return photo


def delete_own_photo(session: so.Session, access_key: str, photo_id: int) -> ProductPhoto:
    participant = _own_exhibitor(session, access_key)
    photo = _photo(participant, photo_id)
    audit.record_by_participant(session, participant, "product_photo.deleted", changes=_described(photo, photo.product))
    session.delete(photo)
    session.flush()
    return photo


def served_file(session: so.Session, key: str, thumbnail: bool) -> Path:
    """The file of a photo by its key: a deleted photo, or a key never
    given, is not found (whatever is left on disk)."""
    if session.scalar(sa.select(ProductPhoto.id).where(ProductPhoto.key == key)) is None:
        raise NotFound(Text("This photo does not exist."))
    path = thumbnail_path(key) if thumbnail else large_path(key)
    if not path.is_file():
        raise NotFound(Text("This photo does not exist."))
    return path
