"""What the outbox sent: an event's e-mails and their delivery status."""

from flask import jsonify, request

from eventapp.blueprints.api import bp
from eventapp.blueprints.api.apidoc import EVENT_ID, PAGING, json_answer, list_of, openapi_errors
from eventapp.blueprints.api.common import actor, event_roles_required, page_arguments
from eventapp.domain.errors import MalformedInput, Text
from eventapp.domain.fields import LARGEST_INTEGER, ascii_number
from eventapp.domain.vocabulary import EventRole
from eventapp.extensions import db
from eventapp.models import OutgoingEmail
from eventapp.models.mail import EMAIL_STATUSES
from eventapp.services import mail_log


def email_json(row: OutgoingEmail) -> dict:
    return {
        "id": row.id,
        "to": row.to_address,
        "subject": row.subject,
        "template": row.template,
        "status": row.status,
        "attempts": row.attempts,
        "sent_at": row.sent_at.isoformat() if row.sent_at else None,
    }


def _participant_argument() -> int | None:
    text = request.args.get("participant", "")
    if not text:
        return None
    number = ascii_number(text)
    if number is None or not 1 <= number <= LARGEST_INTEGER:
        raise MalformedInput(
            Text("%(name)s must be a positive whole number.", {"name": "participant"}),
            {"participant": Text("A positive whole number.")},
        )
    return number


@bp.get("/events/<int:event_id>/emails")
@event_roles_required(EventRole.ORGANISER)
def event_emails(event_id: int):
    page, per_page = page_arguments()
    rows, total = mail_log.emails_of_event(
        db.session, actor(), event_id, participant_id=_participant_argument(), page=page, per_page=per_page
    )
    return jsonify({"items": [email_json(row) for row in rows], "total": total})


OPENAPI_SCHEMAS = {
    "Email": {
        "type": "object",
        "required": ["id", "to", "subject", "template", "status", "attempts", "sent_at"],
        "properties": {
            "id": {"type": "integer"},
            "to": {"type": "string", "format": "email"},
            "subject": {"type": "string"},
            "template": {"type": "string", "example": "registration_approved"},
            "status": {"type": "string", "enum": list(EMAIL_STATUSES)},
            "attempts": {"type": "integer", "minimum": 0, "description": "Deliveries tried so far."},
            "sent_at": {"type": "string", "format": "date-time", "nullable": True},
        },
    }
}
OPENAPI_PATHS = {
    "/events/{event_id}/emails": {
        "parameters": [EVENT_ID],
        "get": {
            "summary": "The event's e-mails and their delivery status, newest first (organisers and administrators)",
            "parameters": [
                *PAGING,
                {
                    "name": "participant",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 1, "maximum": LARGEST_INTEGER},
                    "description": "Only this participant's e-mails",
                },
            ],
            "responses": {
                "200": json_answer("E-mails", list_of({"$ref": "#/components/schemas/Email"})),
                **openapi_errors(400, 401, 403, 404),
            },
        },
    }
}
