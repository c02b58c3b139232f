"""A sandbox account with real resources of every kind Twilio's specs name in their paths, at
least three of each listed kind so that every list pages, made through the real SDK (or plain
authenticated HTTP where the SDK has no call): the walk-the-spec test fills each path with them."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from twilio.rest import Client

from tests.support.twilio_specs import MESSAGING_SPEC, PLACEHOLDER, Operation

UNREACHABLE_HOOK = "http://127.0.0.1:9/hook"  # the discard port: webhook deliveries just fail
PHONES = ("+16505551111", "+16505551112", "+16505551113")
NUMBERS = ("+15005550006", "+15005550007", "+15005550008", "+15005550009", "+15005550010")
MEDIA_URLS = tuple(f"https://example.com/walk-{n}.png" for n in (1, 2, 3))
PICTURE = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@dataclass
class World:
    """Real SIDs: by a path's parameter name, by the collection a `{Sid}` follows, by prefix."""

    client: Client
    url: str
    account_sid: str
    by_name: dict[str, str] = field(default_factory=dict)
    by_collection: dict[str, str] = field(default_factory=dict)
    by_prefix: dict[str, str] = field(default_factory=dict)
    # A spec's own resources where a collection's name is another spec's too (/v1/Services).
    by_spec_collection: dict[str, dict[str, str]] = field(default_factory=dict)
    service_role: str = ""  # a role of type `service`, for users
    serial: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def fresh(self, stem: str = "walk") -> str:
        """A value no earlier request of this world used (unique names, identities)."""
        return f"{stem}-{next(self.serial)}"

    def fresh_phone(self) -> str:
        return f"+1650556{next(self.serial):04d}"

    def fresh_number(self) -> str:
        """A number newly bought, used nowhere yet."""
        number = f"+1500556{next(self.serial):04d}"
        self.client.incoming_phone_numbers.create(phone_number=number)
        return number

    def operation_url(self, operation: Operation, instead: dict[str, str] | None = None) -> str:
        """The operation's URL on its Twilio host, filled with real SIDs: the SDK's HTTP client
        sends it to the sandbox, naming the host (X-Forwarded-Host)."""
        return operation.server + self.path(operation.path, instead, operation.spec)

    def path(
        self, template: str, instead: dict[str, str] | None = None, spec: str | None = None
    ) -> str:
        """The template filled with real SIDs: `{Sid}` by the collection before it, others by
        name (`instead`: a parameter's name → the name of the SID to put there instead)."""
        own = self.by_spec_collection.get(spec or "", {})
        segments = template.split("/")
        for position, segment in enumerate(segments):
            suffix = ".json" if segment.endswith(".json") else ""
            match = PLACEHOLDER.fullmatch(segment.removesuffix(".json"))
            if not match:
                continue
            name = match.group()[1:-1]
            if name in (instead or {}):
                segments[position] = self.by_name[(instead or {})[name]] + suffix
            elif name == "MessageSid" and template.startswith("/2010-04-01"):
                segments[position] = self.by_name["MmsSid"] + suffix  # a 2010 Message: an MMS
            elif name in own:
                segments[position] = own[name] + suffix
            elif name == "Sid" and segments[position - 1] in own:
                segments[position] = own[segments[position - 1]] + suffix
            elif name == "Sid":
                collection = segments[position - 1]
                if template.startswith("/2010-04-01") and collection == "Messages":
                    collection = "Messages.json"
                segments[position] = self.by_collection[collection] + suffix
            else:
                segments[position] = self.by_name[name] + suffix
        return "/".join(segments)

    def request(
        self,
        method: str,
        path: str,
        data: dict[str, Any] | bytes | None = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """One call through the SDK's own HTTP client (its auth, its encoding of lists)."""
        url = path if path.startswith("http") else self.url + path
        return self.client.request(method, url, params=params, data=data, headers=headers)


def build(client: Client, url: str, account_sid: str) -> World:
    world = World(client, url, account_sid)
    conversations = client.conversations.v1
    numbers = [client.incoming_phone_numbers.create(phone_number=n) for n in NUMBERS]
    service = conversations.services.list()[0]
    own_services = [conversations.services.create(friendly_name=f"walk {n}") for n in (1, 2)]
    chats = [conversations.conversations.create(friendly_name=f"walk {n}") for n in (1, 2, 3)]
    main = conversations.conversations(chats[0].sid)
    sms_people = [
        main.participants.create(
            messaging_binding_address=phone, messaging_binding_proxy_address=NUMBERS[0]
        )
        for phone in PHONES
    ]
    users = [conversations.users.create(identity=name) for name in ("alice", "bob", "carol")]
    chatters = [
        conversations.conversations(chat.sid).participants.create(identity="alice")
        for chat in chats
    ]
    messages = [main.messages.create(author="alice", body=f"hello {n}") for n in (1, 2, 3)]
    receipts = main.messages(messages[0].sid).delivery_receipts.list()
    hooks = [
        main.webhooks.create(target="webhook", configuration_url=UNREACHABLE_HOOK) for _ in range(3)
    ]
    role = conversations.roles.create(
        friendly_name="walk", type="conversation", permission=["sendMessage"]
    )
    world.service_role = conversations.roles.create(
        friendly_name="walk service", type="service", permission=["createConversation"]
    ).sid
    credentials = [
        conversations.credentials.create(type="fcm", friendly_name=f"walk {n}", secret="s")
        for n in (1, 2, 3)
    ]
    addresses = [
        conversations.address_configurations.create(type="sms", address=number)
        for number in NUMBERS[1:4]
    ]
    texts = client.messages.list(to=PHONES[0])
    messaging = [client.messaging.v1.services.create(friendly_name=f"walk {n}") for n in (1, 2, 3)]
    pool = client.messaging.v1.services(messaging[0].sid).phone_numbers
    in_pool = [pool.create(phone_number_sid=number.sid) for number in numbers[1:4]]
    mms = client.messages.create(from_=NUMBERS[0], to=PHONES[1], media_url=list(MEDIA_URLS))
    mms_media = client.messages(mms.sid).media.list()
    scheduled = client.messages.create(
        to=PHONES[0],
        messaging_service_sid=messaging[0].sid,
        body="later",
        schedule_type="fixed",
        send_at=datetime.now(UTC) + timedelta(hours=1),
    )
    media = world.request(
        "POST",
        f"/v1/Services/{service.sid}/Media",
        data=PICTURE,  # the body is the file, as the Media Content Service takes it
        headers={"Content-Type": "image/png"},
    )
    assert media.status_code == 201, media.text
    media_sid = json.loads(media.text)["sid"]
    binding = _binding(world, service.sid, credentials[0].sid)

    world.by_name.update(
        AccountSid=account_sid,
        ConversationSid=chats[0].sid,
        MessageSid=messages[0].sid,
        ChatServiceSid=service.sid,
        UserSid=users[0].sid,
        ScheduledSmsSid=scheduled.sid,
        MmsSid=mms.sid,
        EmptyConversationSid=conversations.conversations.create(friendly_name="empty").sid,
    )
    world.by_collection.update(
        Conversations=chats[0].sid,
        Participants=sms_people[0].sid,
        Messages=messages[0].sid,
        Receipts=receipts[0].sid,
        Services=own_services[0].sid,
        Roles=role.sid,
        IncomingPhoneNumbers=numbers[-1].sid,  # a number nothing else uses: it may be released
        Webhooks=hooks[0].sid,
        Addresses=addresses[0].sid,
        Users=users[0].sid,
        Credentials=credentials[0].sid,
        Media=mms_media[0].sid,
        **{"Messages.json": texts[0].sid},
    )
    # Without a binding, a SID of its shape: the Bindings operations then answer 404.
    world.by_collection["Bindings"] = binding or "BS" + "0" * 32
    world.by_prefix.update(
        CH=chats[0].sid,
        IS=service.sid,
        RL=role.sid,
        US=users[0].sid,
        ME=media_sid,
        CR=credentials[0].sid,
        PN=numbers[-1].sid,
        MB=chatters[0].sid,
        IM=messages[0].sid,
        SM=texts[0].sid,
        AC=account_sid,
        MG=messaging[0].sid,
    )
    world.by_spec_collection[MESSAGING_SPEC] = {
        "Services": messaging[0].sid,
        "ServiceSid": messaging[0].sid,
        "PhoneNumbers": in_pool[0].sid,
    }
    return world


# The sandbox's own route that makes a push binding (a BS… SID), as a device registering with a
# Conversations SDK would: worktree `ops` adds it with the Bindings operations. Until it answers
# (404), the world has no binding and the Bindings operations are expected to be missing.
BINDINGS_ROUTE = "/sandbox/Services/{}/Bindings"


def _binding(world: World, service_sid: str, credential_sid: str) -> str | None:
    sids = []
    for n in (1, 2, 3):
        response = world.request(
            "POST",
            BINDINGS_ROUTE.format(service_sid),
            data={
                "Identity": "alice",
                "BindingType": "fcm",
                "Address": f"device-token-{n}",
                "CredentialSid": credential_sid,
            },
        )
        if response.status_code == 404:
            return None
        assert response.status_code == 201, response.text
        sids.append(json.loads(response.text)["sid"])
    return sids[0]
