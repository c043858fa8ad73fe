"""What the scan page and the dashboard say from JavaScript, translated on the
server and handed to the page as JSON. ``%(name)s`` placeholders are filled
in by the script."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eventapp.domain.mou_stats import format_day
from eventapp.i18n import PARTICIPANT_ROLES, PARTICIPANT_STATUSES
from eventapp.models import CheckinList

SCAN_TEXTS = {
    "ready": _l("Ready to scan"),
    "checked_in": _l("Checked in: welcome!"),
    "already": _l("Already checked in at %(time)s"),
    "refused": _l("Refused"),
    "online": _l("Online"),
    "offline": _l("Offline: scans are kept on this device"),
    "queue_empty": _l("Every scan is uploaded"),
    "queue_one": _l("1 scan waiting to upload"),
    "queue_many": _l("%(num)s scans waiting to upload"),
    "roster": _l("%(num)s valid badges on this device, list of %(time)s"),
    "roster_missing": _l("No list of valid badges on this device yet"),
    "counts": _l("%(checked_in)s of %(total)s checked in"),
    "offline_saved": _l("Saved on this device; it is uploaded when the network is back."),
    "offline_checked": _l("Checked offline against the list of %(time)s."),
    "offline_unknown": _l("Not on the list of valid badges of %(time)s."),
    "offline_no_list": _l("No list of valid badges on this device: the scan is kept and checked when the network is back."),
    "offline_other_event": _l("This badge is for another event."),
    "session_lost": _l(
        "You are signed out or no longer allowed to check people in. Sign in again: the scans stay on this device until then."
    ),
    "server_trouble": _l("The server did not answer properly; the scan is kept and sent again."),
    "camera_unavailable": _l(
        "The camera cannot be opened here: allow it, and use the secure (https) address. "
        "Meanwhile use the code field or a handheld scanner."
    ),
    "search_short": _l("Type at least 2 letters or digits."),
    "search_none": _l("Nobody matches."),
    "search_offline": _l("Offline: searching the list on this device (approved participants only)."),
    "check_in": _l("Check in"),
    "print_badge": _l("Print badge"),
    "checked_in_at": _l("Checked in at %(time)s"),
    "already_in": _l("Already in since %(time)s: no need to check in again."),
    "pending_hint": _l("Registration not approved: there is no badge to check in. Ask an organiser to approve it."),
    "refused_hint": _l("Registration refused or cancelled: this person is not admitted. Ask an organiser."),
    "waitlisted_hint": _l("On the waiting list: no badge until a place frees up and an organiser approves it."),
    "print_needs_network": _l("Printing a badge needs the network."),
    "uploaded": _l("uploaded"),
    "waiting": _l("waiting to upload"),
    "result_checked_in": _l("Checked in"),
    "result_already_checked_in": _l("Already checked in"),
    "result_invalid": _l("Refused"),
    "not_admitted": _l("This check-in list does not admit this participant's role."),
    "wrong_day": _l("This check-in list is not open on this day."),
}

DASHBOARD_TEXTS = {
    "arrivals": _l("Arrivals per quarter hour"),
    "cumulative": _l("Checked in so far"),
    "updated": _l("Updated at %(time)s"),
    "refresh_failed": _l("Could not refresh; trying again."),
    "outside_one": _l("1 scan outside the event's days"),
    "outside_many": _l("%(num)s scans outside the event's days"),
}


def page_texts(texts: dict) -> dict[str, object]:
    """The texts in the reader's language, with the vocabularies' labels."""
    return {
        "texts": {key: str(text) for key, text in texts.items()},
        "roles": {key: str(label) for key, label in PARTICIPANT_ROLES.items()},
        "statuses": {key: str(label) for key, label in PARTICIPANT_STATUSES.items()},
    }


def list_rules(checkin_list: CheckinList) -> str:
    """Who a list lets in and when, in a line under its name: "20/11/2020 · Buyer, Exhibitor"."""
    days = ", ".join(format_day(day) for day in checkin_list.days) or _("Every day")
    roles = ", ".join(str(PARTICIPANT_ROLES[role]) for role in checkin_list.roles) or _("Everyone")
    parts = [days, roles]
    if checkin_list.allow_reentry:
        parts.append(_("each entry counts"))
    return " · ".join(parts)
