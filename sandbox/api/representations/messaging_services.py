"""Messaging Services (messaging.twilio.com/v1/Services) and their sender pools as Twilio's JSON,
as the Messaging v1 spec has them."""

from __future__ import annotations

import phonenumbers

from sandbox.api import links
from sandbox.api.representations.encoding import JSON
from sandbox.engine import messaging_services
from sandbox.rows import MessagingService, PoolNumber

# What a service links to, as the spec's example names it; the sandbox answers PhoneNumbers.
LINKED = {
    "phone_numbers": "PhoneNumbers",
    "short_codes": "ShortCodes",
    "alpha_senders": "AlphaSenders",
    "messages": "Messages",
    "us_app_to_person": "Compliance/Usa2p",
    "us_app_to_person_usecases": "Compliance/Usa2p/Usecases",
    "channel_senders": "ChannelSenders",
    "destination_alpha_senders": "DestinationAlphaSenders",
}
CAPABILITIES = ["Voice", "SMS", "MMS"]  # every sandbox number's (IncomingPhoneNumbers)


def messaging_service(account_sid: str, service: MessagingService) -> JSON:
    url = f"{links.MESSAGING_SERVICES}/{service.sid}"
    return {
        "account_sid": account_sid,
        "sid": service.sid,
        "friendly_name": service.friendly_name,
        "date_created": service.date_created,
        "date_updated": service.date_updated,
        **messaging_services.setting_values(service),
        "us_app_to_person_registered": False,  # no A2P 10DLC registration offline
        "url": url,
        "links": {name: f"{url}/{path}" for name, path in LINKED.items()},
    }


def pool_number(account_sid: str, number: PoolNumber) -> JSON:
    parsed = phonenumbers.parse(number.phone_number, None)
    return {
        "sid": number.sid,
        "account_sid": account_sid,
        "service_sid": number.service_sid,
        "date_created": number.date_created,
        "date_updated": number.date_updated,
        "phone_number": number.phone_number,
        "country_code": phonenumbers.region_code_for_number(parsed),
        "capabilities": CAPABILITIES,
        "url": f"{links.MESSAGING_SERVICES}/{number.service_sid}/PhoneNumbers/{number.sid}",
    }
