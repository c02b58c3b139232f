"""The 2010 API's resources as Twilio's JSON: a Message and its Media, an IncomingPhoneNumber, and
a text as a simulated phone shows it (the sandbox's own)."""

from __future__ import annotations

import math

from sandbox.api import links
from sandbox.api.representations.encoding import JSON
from sandbox.clock import parse_iso, rfc2822
from sandbox.engine import incoming_phone_numbers
from sandbox.rows import MessageMedia, PhoneNumber, Sms


def segments(body: str) -> int:
    """GSM-7 SMS: 160 characters in one segment, 153 a segment when split."""
    return 1 if len(body) <= 160 else math.ceil(len(body) / 153)


def sms(account_sid: str, s: Sms) -> JSON:
    uri = links.account_uri(account_sid, f"Messages/{s.sid}.json")
    return {
        "body": s.body,
        "num_segments": str(segments(s.body)),
        "direction": s.direction,
        "from": s.sender,
        "to": s.recipient,
        "date_updated": rfc2822(parse_iso(s.date_updated)),
        "price": None,
        "error_message": None,
        "uri": uri,
        "account_sid": account_sid,
        "num_media": str(len(s.media) + len(s.media_urls)),
        "status": s.status,
        "messaging_service_sid": s.messaging_service_sid,
        "sid": s.sid,
        "date_sent": rfc2822(parse_iso(s.date_sent)),
        "date_created": rfc2822(parse_iso(s.date_created)),
        "error_code": s.error_code,
        "price_unit": "USD",
        "api_version": "2010-04-01",
        "subresource_uris": {
            "media": links.account_uri(account_sid, f"Messages/{s.sid}/Media.json"),
            "feedback": links.account_uri(account_sid, f"Messages/{s.sid}/Feedback.json"),
        },
    }


def phone_text(phone: str, s: Sms) -> JSON:
    """A text as the phone's screen shows it (the sandbox's own shape: Twilio has no such API).
    `members` is the group of a group text (every number but this phone's), else None."""
    return {
        "sid": s.sid,
        "direction": "sent" if s.sender == phone else "received",
        "from": s.sender,
        "to": s.recipient,
        "members": [n for n in s.recipients if n != phone] if s.is_group else None,
        "body": s.body,
        "media_urls": list(s.media_urls),  # an app's MMS by MediaUrl: the phone names its media
        "status": s.status,
        "date_sent": s.date_sent,
        "conversation_sid": s.conversation_sid,
    }


def phone_number(account_sid: str, n: PhoneNumber) -> JSON:
    return {
        "account_sid": account_sid,
        "address_requirements": "none",
        "beta": False,
        "capabilities": {"voice": True, "sms": True, "mms": True, "fax": False},
        "date_created": rfc2822(parse_iso(n.date_created)),
        "date_updated": rfc2822(parse_iso(n.date_updated)),
        "friendly_name": n.friendly_name,
        "phone_number": n.phone_number,
        "origin": "twilio",
        "sid": n.sid,
        "uri": links.account_uri(account_sid, f"IncomingPhoneNumbers/{n.sid}.json"),
        **incoming_phone_numbers.setting_values(n),
        "emergency_address_status": "unregistered",
        "status": "in-use",
        "type": "local",
    }


def message_media(account_sid: str, item: MessageMedia) -> JSON:
    return {
        "account_sid": account_sid,
        "content_type": item.content_type,
        "date_created": rfc2822(parse_iso(item.date_created)),
        "date_updated": rfc2822(parse_iso(item.date_updated)),
        "parent_sid": item.message_sid,
        "sid": item.sid,
        "uri": links.account_uri(account_sid, f"Messages/{item.message_sid}/Media/{item.sid}.json"),
    }
