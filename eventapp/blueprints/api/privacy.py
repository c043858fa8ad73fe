"""Erasing a participant's personal data on request (organisers)."""

from flask import jsonify

from eventapp.blueprints.api import bp
from eventapp.blueprints.api.apidoc import EVENT_ID, json_answer, openapi_errors
from eventapp.blueprints.api.common import actor, event_roles_required
from eventapp.blueprints.api.participants import participant_json
from eventapp.domain.vocabulary import EventRole
from eventapp.extensions import db
from eventapp.services import erasure


@bp.post("/events/<int:event_id>/participants/<int:participant_id>/erase")
@event_roles_required(EventRole.ORGANISER)
def erase_participant(event_id: int, participant_id: int):
    participant = erasure.erase(db.session, actor(), event_id, participant_id)
    db.session.commit()
    return jsonify(participant_json(participant))


OPENAPI_SCHEMAS: dict = {}
OPENAPI_PATHS = {
    "/events/{event_id}/participants/{participant_id}/erase": {
        "parameters": [EVENT_ID, {"name": "participant_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
        "post": {
            "summary": "Erase a participant's personal data at their request (organisers)",
            "description": "Name, e-mail, phone, position and the texts they wrote are anonymised, their badge stops "
            "working at the door, their private link is dead and e-mails not yet sent to them are not sent. The "
            "registration stays, anonymised, so every figure of the event (registrations by role and province, "
            "check-ins, meetings, MoUs, the report) is unchanged. Cannot be undone.",
            "responses": {
                "200": json_answer("The anonymised participant", {"$ref": "#/components/schemas/Participant"}),
                **openapi_errors(401, 403, 404, 409),
            },
        },
    }
}
